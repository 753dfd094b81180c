#!/usr/bin/env bash
# eSMS dispatch with nothing holding it back: the simulator in its own process answering at once, the application
# from the jar on its embedded defaults with no rate limit and esms.max-in-flight = CONCURRENCY (8). First a bare
# JDK HttpClient loop places ROWS calls on the same simulator, CONCURRENCY at a time (the baseline);
# then a ROWS-row (20,000) file is dropped into inbox/esms-record, and the script prints, from the simulator's count
# and the results file, the rows per second from the drop to the last call accepted and to the last result written,
# each beside the bare loop's figure. Records its output in benchmarks/results/.
# Both are warmed up first with 2,000 calls (WARMUP). Prints the CPU seconds of each process, from the drop.
# The same loop is run again taking every call's callback at a bare endpoint (no file, no ledger): what no
# application could beat on this machine, printed beside as the ceiling of the two ratios.
# Usage: benchmarks/throughput.sh [ROWS]  (CONCURRENCY, WARMUP, APP_OPTS)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-20000}; CONCURRENCY=${CONCURRENCY:-8}; WARMUP=${WARMUP:-2000}
OUT=benchmarks/results/throughput-$(date -u +%Y%m%d-%H%M%S).txt
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; sleep 1; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT

source benchmarks/lib.sh
snapshot_jar "$TMP" with-tests
SIM_PORT=$(free_port); HTTP_PORT=$(free_port); BROKER_PORT=$(free_port)

{
  echo "# eSMS throughput, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src routes config || echo '+changes')"
  java -Xmx512m -cp "$JAR" vn.voiceroutes.simulator.ProviderSimulator "$SIM_PORT" callback-delay-ms=200 > "$TMP/simulator.log" 2>&1 &
  SIM=$!
  # this block runs in a pipe's subshell: the script's own trap cannot see what it starts
  trap 'kill "$SIM" ${APP:+"$APP"} 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do curl -s "127.0.0.1:$SIM_PORT/_sim/stats" >/dev/null 2>&1 && break; sleep 0.1; done
  sim_before=$(cpu simulator="$SIM")
  bare=$(/usr/bin/time -f '%U %S' -o "$TMP/bare.time" java -Xmx256m -cp "$JAR:$TMP/test-classes" vn.voiceroutes.bench.BareHttpLoop "http://127.0.0.1:$SIM_PORT" "$ROWS" "$CONCURRENCY")
  sim_after=$(cpu simulator="$SIM")
  echo "$bare"
  echo "$sim_before $sim_after $(cat "$TMP/bare.time")" | awk '{ split($1, b, "="); split($2, a, "="); printf "CPU seconds of the bare loop (warm-up included): loop %.1f, simulator %.1f\n", $3 + $4, a[2] - b[2] }'
  bare_rate=$(echo "$bare" | sed -E 's/.* = ([0-9]+) requests\/s/\1/')
  # the ceiling of any application on this machine: the same loop while the machine also takes every call's callback
  # (the simulator sends them to a bare Vert.x endpoint in the loop's process), still with no file and no ledger
  ceiling=$(java -Xmx256m -cp "$JAR:$TMP/test-classes" vn.voiceroutes.bench.BareHttpLoop "http://127.0.0.1:$SIM_PORT" "$ROWS" "$CONCURRENCY" callbacks)
  echo "$ceiling" | awk -v b="$bare_rate" '{ match($0, /= [0-9]+ requests/); a = substr($0, RSTART + 2, RLENGTH - 11); match($0, /= [0-9]+\/s/); c = substr($0, RSTART + 2, RLENGTH - 4)
    printf "%s (%.2fx and %.2fx the bare loop: the ceiling of the figures below)\n", $0, a / b, c / b }'

  start_app "$JAR" "$TMP/home" "$TMP" "$SIM_PORT" "$HTTP_PORT" "$BROKER_PORT" -Desms.requests-per-second=1000000 -Desms.max-in-flight="$CONCURRENCY"
  echo "application: java -jar -Xmx256m, embedded defaults, no rate limit, esms.max-in-flight=$CONCURRENCY; simulator answering at once, callbacks 200 ms after"
  # warm-up, as the bare loop has one: a WARMUP-row file (2,000) called to its last result before the measured one
  if [ "$WARMUP" -gt 0 ]; then
    awk -v n="$WARMUP" 'BEGIN { print "phone,requestId"; for (i = 0; i < n; i++) printf "09%08d,warmup-%d\n", 70000000 + i, i }' > "$TMP/warmup.csv"
    mv "$TMP/warmup.csv" "$TMP/work/inbox/esms-record/warmup.csv"
    for _ in $(seq 1 1200); do [ "$(results)" -ge "$WARMUP" ] && break; sleep 0.2; done
    [ "$(results)" -ge "$WARMUP" ] || { echo "warm-up file not done after 4 minutes"; exit 1; }
    echo "warm-up: a $WARMUP-row file called and its results written first"
  fi
  ROWS_BEFORE=$(results)
  awk -v n="$ROWS" 'BEGIN { print "phone,requestId"; for (i = 0; i < n; i++) printf "09%08d,throughput-%d\n", 30000000 + i, i }' > "$TMP/list.csv"
  PG=$(postmaster_of "$TMP/work/data/postgres")
  cpu_before=$(cpu app="$APP" postgres="$PG" simulator="$SIM")
  base=$(placed)
  dropped=$(now)
  mv "$TMP/list.csv" "$TMP/work/inbox/esms-record/list.csv"
  accepted_at=""; written_at=""
  while [ -z "$written_at" ]; do
    sleep 0.2
    kill -0 "$APP" 2>/dev/null || { echo "application ended"; tail -30 "$TMP/app.out"; exit 1; }
    [ -z "$accepted_at" ] && [ $(( $(placed) - base )) -ge "$ROWS" ] && accepted_at=$(now) && cpu_accepted=$(cpu app="$APP" postgres="$PG" simulator="$SIM")
    [ "$(results)" -ge $((ROWS + ROWS_BEFORE)) ] && written_at=$(now)
  done
  cpu_written=$(cpu app="$APP" postgres="$PG" simulator="$SIM")
  awk -v d="$dropped" -v a="$accepted_at" -v w="$written_at" -v n="$ROWS" -v b="$bare_rate" 'BEGIN {
    printf "drop to every call accepted: %.1f s = %.0f rows/s, %.2fx the bare loop\n", a - d, n / (a - d), n / (a - d) / b
    printf "drop to every result written: %.1f s = %.0f rows/s, %.2fx the bare loop\n", w - d, n / (w - d), n / (w - d) / b }'
  # where the machine's two cores went: CPU seconds of each process from the drop
  awk -v b="$cpu_before" -v a="$cpu_accepted" -v w="$cpu_written" 'function parse(s, m,   n, i, kv, parts) { n = split(s, parts, " "); for (i = 1; i <= n; i++) { split(parts[i], kv, "="); m[kv[1]] = kv[2] } }
    BEGIN { parse(b, B); parse(a, A); parse(w, W)
      printf "CPU seconds to every call accepted: application %.1f, PostgreSQL %.1f, simulator %.1f\n", A["app"] - B["app"], A["postgres"] - B["postgres"], A["simulator"] - B["simulator"]
      printf "CPU seconds to every result written: application %.1f, PostgreSQL %.1f, simulator %.1f\n", W["app"] - B["app"], W["postgres"] - B["postgres"], W["simulator"] - B["simulator"] }'
  grep -a "rows read" "$TMP/app.out" | sed 's/^.* - /intake: /' | tail -1
  echo "errors in the application's log: $(grep -c ' ERROR ' "$TMP/app.out" || true); simulator: $(curl -s "127.0.0.1:$SIM_PORT/_sim/stats")"
  kill -TERM "$APP"; wait "$APP" 2>/dev/null || true
} 2>&1 | tee "$OUT"
