#!/usr/bin/env bash
# eSMS callbacks acknowledged (stored before the 200) by the application from the jar on its embedded defaults,
# beside a bare Vert.x endpoint answering 200 at once, on the same machine, with the same client
# (vn.voiceroutes.bench.CallbackLoad): first as fast as they are answered (CONCURRENCY at a time, COUNT callbacks of
# calls waiting for them), then offered at RATE per second for 10 s (p50, p99). The calls are registered and placed
# first (a file per run, the simulator in its own process answering at once and sending no callback), so each
# callback finishes a real call and queues its result. Records its output in benchmarks/results/.
# Usage: benchmarks/callbacks.sh [COUNT] (CONCURRENCY, RATE, APP_OPTS, PROFILE)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-20000}; CONCURRENCY=${CONCURRENCY:-16}; RATE=${RATE:-1000}; RATE_COUNT=$((RATE * 10))
OUT=benchmarks/results/callbacks-$(date -u +%Y%m%d-%H%M%S).txt
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; sleep 1; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT

source benchmarks/lib.sh
snapshot_jar "$TMP" with-tests
LOAD="java -Xmx256m -cp $JAR:$TMP/test-classes vn.voiceroutes.bench.CallbackLoad"
SIM_PORT=$(free_port); HTTP_PORT=$(free_port); BROKER_PORT=$(free_port); BARE_PORT=$(free_port)
TOKEN=bench-callback-token-$RANDOM$RANDOM
{
  echo "# eSMS callbacks, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src routes config || echo '+changes')${APP_OPTS:+, APP_OPTS=$APP_OPTS}${PROFILE:+, profiled}"
  java -Xmx512m -cp "$JAR" vn.voiceroutes.simulator.ProviderSimulator "$SIM_PORT" callbacks=false > "$TMP/simulator.log" 2>&1 &
  SIM=$!
  $LOAD bare "$BARE_PORT" > "$TMP/bare.log" 2>&1 &
  BARE=$!
  trap 'kill "$SIM" "$BARE" ${APP:+"$APP"} 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do curl -s "127.0.0.1:$SIM_PORT/_sim/stats" >/dev/null 2>&1 && curl -s "127.0.0.1:$BARE_PORT/" >/dev/null 2>&1 && break; sleep 0.1; done
  $LOAD max "http://127.0.0.1:$BARE_PORT/callbacks/esms/x" warm 5000 "$CONCURRENCY" > /dev/null
  bare=$($LOAD max "http://127.0.0.1:$BARE_PORT/callbacks/esms/x" bare "$COUNT" "$CONCURRENCY")
  echo "bare Vert.x endpoint: $bare"
  bare_rate=$(echo "$bare" | sed -E 's/.* = ([0-9]+)\/s/\1/')
  echo "bare Vert.x endpoint, offered at a fixed rate (the client's own floor): $($LOAD rate "http://127.0.0.1:$BARE_PORT/callbacks/esms/x" bare "$RATE_COUNT" "$RATE")"
  kill "$BARE" 2>/dev/null || true

  start_app "$JAR" "$TMP/home" "$TMP" "$SIM_PORT" "$HTTP_PORT" "$BROKER_PORT" -Desms.requests-per-second=1000000 -Dvoice.callback-token="$TOKEN" \
    -Dvoice.poll.after-ms=3600000
  echo "application: java -jar -Xmx256m, embedded defaults; $((COUNT + RATE_COUNT + 2000)) calls placed first, waiting for their callbacks"
  for run in warm:2000 max:$COUNT rate:$RATE_COUNT; do
    name=${run%%:*}; rows=${run##*:}
    awk -v n="$rows" -v p="$name" 'BEGIN { print "phone,requestId"; for (i = 0; i < n; i++) printf "09%08d,%s-%d\n", (p == "max" ? 40000000 : p == "rate" ? 50000000 : 60000000) + i, p, i }' > "$TMP/$name.csv"
    mv "$TMP/$name.csv" "$TMP/work/inbox/esms-record/$name.csv"
  done
  for _ in $(seq 1 1800); do [ "$(placed)" -ge $((COUNT + RATE_COUNT + 2000)) ] && break; sleep 0.2; done
  sleep 2
  URL="http://127.0.0.1:$HTTP_PORT/callbacks/esms/$TOKEN"
  $LOAD max "$URL" warm 2000 "$CONCURRENCY" > /dev/null
  PG=$(postmaster_of "$TMP/work/data/postgres")
  cpu_before=$(cpu app="$APP" postgres="$PG")
  # PROFILE=file.jfr: a flight recording of the application during the run as fast as answered
  [ -z "${PROFILE:-}" ] || jcmd "$APP" JFR.start settings=profile duration=15s filename="$PROFILE" > /dev/null
  app=$($LOAD max "$URL" max "$COUNT" "$CONCURRENCY")
  echo "application: $app"
  echo "CPU seconds used meanwhile: before $cpu_before, after $(cpu app="$APP" postgres="$PG") (the client's own is the rest of 2 cores)"
  app_rate=$(echo "$app" | sed -E 's/.* = ([0-9]+)\/s/\1/')
  awk -v a="$app_rate" -v b="$bare_rate" 'BEGIN { printf "acknowledged: %.2fx the bare endpoint\n", a / b }'
  # the results of the calls just finished are published first: the fixed rate is measured on a steady state
  for _ in $(seq 1 600); do [ "$(cat "$TMP"/work/outbox/results-*.jsonl 2>/dev/null | wc -l)" -ge $((COUNT + 2000)) ] && break; sleep 0.2; done
  sleep 1
  echo "application, offered at a fixed rate: $($LOAD rate "$URL" rate "$RATE_COUNT" "$RATE")"
  echo "calls finished by their callback: $(curl -s -H 'Authorization: Bearer x' "127.0.0.1:$HTTP_PORT/observe/health" > /dev/null; grep -c ' ERROR ' "$TMP/app.out" || true) errors in the log"
  kill -TERM "$APP"; wait "$APP" 2>/dev/null || true
} 2>&1 | tee "$OUT"
