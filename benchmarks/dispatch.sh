#!/usr/bin/env bash
# eSMS dispatch at the account's rate: the simulator in its own process answering every request after ANSWER_MS
# (200) ms, the application from the jar on its embedded defaults with esms.requests-per-second = RATE (20); a
# ROWS-row (2,000) file dropped into inbox/esms-record. Prints, from the simulator's own count, when the first and
# the last call were placed and the rate sustained between them, beside the account's rate (the ceiling), and
# records the output in benchmarks/results/. Usage: benchmarks/dispatch.sh [ROWS]  (RATE, ANSWER_MS, APP_OPTS)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000}; RATE=${RATE:-20}; ANSWER_MS=${ANSWER_MS:-200}
OUT=benchmarks/results/dispatch-$(date -u +%Y%m%d-%H%M%S).txt
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; sleep 1; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT

source benchmarks/lib.sh
snapshot_jar "$TMP"
SIM_PORT=$(free_port); HTTP_PORT=$(free_port); BROKER_PORT=$(free_port)

{
  echo "# eSMS dispatch, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src routes config || echo '+changes')"
  java -Xmx256m -cp "$JAR" vn.voiceroutes.simulator.ProviderSimulator "$SIM_PORT" answer-delay-ms="$ANSWER_MS" \
    callback-delay-ms=1000 > "$TMP/simulator.log" 2>&1 &
  SIM=$!
  # this block runs in a pipe's subshell: the script's own trap cannot see what it starts
  trap 'kill "$SIM" ${APP:+"$APP"} 2>/dev/null || true' EXIT
  start_app "$JAR" "$TMP/home" "$TMP" "$SIM_PORT" "$HTTP_PORT" "$BROKER_PORT" -Desms.requests-per-second="$RATE"
  echo "simulator: own process, every answer after $ANSWER_MS ms; application: java -jar, embedded defaults," \
       "esms.requests-per-second=$RATE, $(grep -h '^esms.max-in-flight' config/application.properties | tr -d ' ')"
  awk -v n="$ROWS" 'BEGIN { print "phone,requestId"; for (i = 0; i < n; i++) printf "09%08d,dispatch-%d\n", 30000000 + i, i }' > "$TMP/list.csv"
  dropped=$(now)
  mv "$TMP/list.csv" "$TMP/work/inbox/esms-record/list.csv"
  first=""; count=0
  while [ "$count" -lt "$ROWS" ]; do
    sleep 0.1
    kill -0 "$APP" 2>/dev/null || { echo "application ended"; tail -30 "$TMP/app.out"; exit 1; }
    count=$(placed)
    [ -z "$first" ] && [ "$count" -gt 0 ] && first=$(now)
  done
  last=$(now)
  registered=$(grep -a "rows read" "$TMP/app.out" | sed 's/^.* - //' | tail -1)
  awk -v d="$dropped" -v f="$first" -v l="$last" -v n="$ROWS" -v r="$RATE" 'BEGIN {
    printf "%d rows: first call %.2f s after the drop, last %.1f s after it\n", n, f - d, l - d
    printf "sustained: %.1f calls/s from the first call to the last, against the account rate of %d/s (%.0f%%); drop to last: %.1f calls/s\n", (n - 1) / (l - f), r, 100 * (n - 1) / (l - f) / r, n / (l - d) }'
  echo "intake: $registered"
  echo "errors in the application's log: $(grep -c ' ERROR ' "$TMP/app.out" || true); simulator: $(curl -s "127.0.0.1:$SIM_PORT/_sim/stats")"
  kill -TERM "$APP"; wait "$APP" 2>/dev/null || true
} 2>&1 | tee "$OUT"
