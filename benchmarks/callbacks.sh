#!/usr/bin/env bash
# eSMS callbacks acknowledged (stored before the 200) by the application from the jar on its embedded defaults,
# beside a bare Vert.x endpoint answering 200 at once, on the same machine, with the same client
# (vn.voiceroutes.bench.CallbackLoad): first as fast as they are answered (CONCURRENCY at a time, ROUNDS rounds of
# COUNT callbacks of calls waiting for them, the ratio taken between the medians), then offered at RATE per second
# for 10 s (p50, p99). The calls are registered and placed first (a file per run, the simulator in its own process
# answering at once and sending no callback), so each callback finishes a real call and queues its result.
# Both sides are measured warm, as a node that has been up a while is: each server first takes WARM callbacks (20,000,
# at least the 15,000 a client replays), unmeasured, and each client replays 15,000 of them before it measures. With
# 2,000 the JIT compiler still took 7.5 of the application's 12.2 CPU seconds during the measured run (per-thread CPU),
# compiling the callback and results paths; with a cold client the bare endpoint's first round was half its third.
# The fixed rate is offered by a Vert.x client: the JDK's, over 64 connections, took 1.0-1.6 of the 2 cores by itself.
# Records its output in benchmarks/results/.
# Usage: benchmarks/callbacks.sh [COUNT] (CONCURRENCY, ROUNDS, WARM, RATE, APP_OPTS, PROFILE)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-10000}; CONCURRENCY=${CONCURRENCY:-16}; ROUNDS=${ROUNDS:-3}; WARM=${WARM:-20000}; [ "$WARM" -ge 15000 ] || { echo "WARM must be at least 15000: the clients replay warm-0..14999"; exit 2; }; RATE=${RATE:-1000}; RATE_COUNT=$((RATE * 10))
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
  $LOAD max "http://127.0.0.1:$BARE_PORT/callbacks/esms/x" warm "$WARM" "$CONCURRENCY" > /dev/null
  bare=$($LOAD max "http://127.0.0.1:$BARE_PORT/callbacks/esms/x" max "$COUNT" "$CONCURRENCY" "$ROUNDS")
  echo "$bare" | sed 's/^/bare Vert.x endpoint, /'
  bare_rate=$(echo "$bare" | tail -1 | sed -E 's/.* = ([0-9]+)\/s/\1/')
  echo "bare Vert.x endpoint, offered at a fixed rate (the client's own floor): $($LOAD rate "http://127.0.0.1:$BARE_PORT/callbacks/esms/x" bare "$RATE_COUNT" "$RATE")"
  kill "$BARE" 2>/dev/null || true

  start_app "$JAR" "$TMP/home" "$TMP" "$SIM_PORT" "$HTTP_PORT" "$BROKER_PORT" -Desms.requests-per-second=1000000 -Desms.callback-token="$TOKEN" \
    -Dvoice.poll.after-ms=3600000
  CALLS=$((WARM + ROUNDS * COUNT + RATE_COUNT))
  echo "application: java -jar -Xmx256m, embedded defaults; $CALLS calls placed first, waiting for their callbacks"
  # a file of calls per run: warm-i, max1-i .. maxN-i (one per round), rate-i, each on its own range of phones
  runs="warm:$WARM:60000000 rate:$RATE_COUNT:50000000"
  for r in $(seq 1 "$ROUNDS"); do runs="$runs max$r:$COUNT:$((39000000 + r * 1000000))"; done
  for run in $runs; do
    IFS=: read -r name rows phones <<< "$run"
    awk -v n="$rows" -v p="$name" -v first="$phones" 'BEGIN { print "phone,requestId"; for (i = 0; i < n; i++) printf "09%08d,%s-%d\n", first + i, p, i }' > "$TMP/$name.csv"
    mv "$TMP/$name.csv" "$TMP/work/inbox/esms-record/$name.csv"
  done
  for _ in $(seq 1 3000); do [ "$(placed)" -ge "$CALLS" ] && break; sleep 0.2; done
  sleep 2
  URL="http://127.0.0.1:$HTTP_PORT/callbacks/esms/$TOKEN"
  $LOAD max "$URL" warm "$WARM" "$CONCURRENCY" > /dev/null
  # the warm-up's results published first: the rounds start from a steady state
  for _ in $(seq 1 600); do [ "$(results)" -ge "$WARM" ] && break; sleep 0.2; done
  PG=$(postmaster_of "$TMP/work/data/postgres")
  cpu_before=$(cpu app="$APP" postgres="$PG")
  # PROFILE=file.jfr: a flight recording of the application during the run as fast as answered
  [ -z "${PROFILE:-}" ] || jcmd "$APP" JFR.start settings=profile duration=15s filename="$PROFILE" > /dev/null
  app=$($LOAD max "$URL" max "$COUNT" "$CONCURRENCY" "$ROUNDS")
  echo "$app" | sed 's/^/application, /'
  echo "CPU seconds used meanwhile: before $cpu_before, after $(cpu app="$APP" postgres="$PG") (the client's own is the rest of 2 cores)"
  app_rate=$(echo "$app" | tail -1 | sed -E 's/.* = ([0-9]+)\/s/\1/')
  awk -v a="$app_rate" -v b="$bare_rate" -v r="$ROUNDS" 'BEGIN { printf "acknowledged: %.2fx the bare endpoint (median of %d rounds each)\n", a / b, r }'
  # the results of the calls just finished are published first: the fixed rate is measured on a steady state
  for _ in $(seq 1 600); do [ "$(results)" -ge $((WARM + ROUNDS * COUNT)) ] && break; sleep 0.2; done
  sleep 1
  echo "application, offered at a fixed rate: $($LOAD rate "$URL" rate "$RATE_COUNT" "$RATE")"
  echo "calls finished by their callback: $(grep -c ' ERROR ' "$TMP/app.out" || true) errors in the log"
  kill -TERM "$APP"; wait "$APP" 2>/dev/null || true
} 2>&1 | tee "$OUT"
