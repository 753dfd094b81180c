#!/usr/bin/env bash
# Crash and restart: a 2,000-row file is dropped into a running application (embedded broker and database, the
# provider simulator in its own process so its count survives the application), which is then killed with kill -9
# at a random moment, 20 times, and started again each time on the same work folder. Then one last start finishes the
# file. The simulator's own count says how many phones were called and how many twice; the results files say which
# rows have their outcome. Records its output in benchmarks/results/.
# Usage: benchmarks/crash-restart.sh [KILLS] [ROWS]   (KEEP=1 keeps the work folder and logs)
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS=${1:-20}
ROWS=${2:-2000}
OUT=benchmarks/results/crash-restart-$(date -u +%Y%m%d-%H%M%S).txt
TMP=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; pkill -9 -f "$TMP/work" 2>/dev/null || true; [ -n "${KEEP:-}" ] && echo "kept $TMP" || rm -rf "$TMP"' EXIT

mvn -q -B compile dependency:build-classpath -Dmdep.outputFile="$TMP/cp.txt" -Dmdep.includeScope=runtime >/dev/null
cp -r target/classes "$TMP/classes"
CP="$TMP/classes:$(cat "$TMP/cp.txt")"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
SIM_PORT=$(free_port); HTTP_PORT=$(free_port); MGMT_PORT=$(free_port); BROKER_PORT=$(free_port)
WORK="$TMP/work"

start_app() {
  java -Xmx256m -Dvoice.log.dir="$TMP/logs" -cp "$CP" \
    -Dvoice.work-dir="$WORK" -Dvoice.simulator.enabled=false \
    -Desms.voice-url=http://127.0.0.1:$SIM_PORT -Desms.rest-url=http://127.0.0.1:$SIM_PORT \
    -Desms.requests-per-second=50 -Dvoice.poll.after-ms=3000 -Dvoice.poll.period-ms=1000 -Dvoice.poll.expire-after-ms=120000 \
    -Dcamel.server.port=$HTTP_PORT -Dcamel.management.port=$MGMT_PORT -Dvoice.public-url=http://localhost:$HTTP_PORT -Dvoice.broker.port=$BROKER_PORT \
    -Dcampaign.weekday-reminders.enabled=false \
    vn.voiceroutes.VoiceRoutesApplication >> "$TMP/app.out" 2>&1 &
  APP=$!
}
# true once readiness (management port) says UP (at most 60 s), false if the application ended or never came up
await_up() {
  for _ in $(seq 1 300); do
    kill -0 "$APP" 2>/dev/null || return 1
    curl -sf -o /dev/null "127.0.0.1:$MGMT_PORT/observe/health/ready" && return 0
    sleep 0.2
  done
  return 1
}
results_unique() { (cat "$WORK"/outbox/results-*.jsonl 2>/dev/null || true) | grep -o '"requestId":"[^"]*"' | sort -u | wc -l; }
results_lines() { (cat "$WORK"/outbox/results-*.jsonl 2>/dev/null || true) | grep -c . || true; }

{
  echo "# crash-restart, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "# $ROWS rows into inbox/esms-record, eSMS at 50 requests/s, kill -9 $KILLS times at a random moment (2-10 s after health UP)"
  echo "# the simulator resends a callback 5 times, 2 s apart; a call whose answer and callback were both lost in a crash"
  echo "# (eSMS answers 124 when it is sent again, and names no SMSID to poll) ends EXPIRED after voice.poll.expire-after-ms=120000"
  java -cp "$CP" vn.voiceroutes.simulator.ProviderSimulator "$SIM_PORT" callback-delay-ms=300 callback-retry-delay-ms=2000 \
    > "$TMP/sim.log" 2>&1 &
  awk -v n="$ROWS" 'BEGIN { print "phone,name"; for (i = 0; i < n; i++) printf "0915%06d,Khách %d\n", i, i }' > "$TMP/calls.csv"

  restarts=0
  start_app
  await_up || { echo "the first start did not come up"; tail -30 "$TMP/app.out"; exit 1; }
  mv "$TMP/calls.csv" "$WORK/inbox/esms-record/calls.csv"
  for kill in $(seq 1 "$KILLS"); do
    sleep "$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", 2 + rand() * 8 }')"
    kill -9 "$APP"; wait "$APP" 2>/dev/null || true
    placed=$(curl -s "localhost:$SIM_PORT/_sim/stats" | grep -o '"callsPlaced":[0-9]*' | cut -d: -f2)
    start_app
    if await_up; then restarts=$((restarts + 1)); else echo "restart $kill did not come up"; fi
    echo "kill $kill: $placed calls placed before it, restarted: $(grep -c 'of a process that ended without stopping it' "$TMP/app.out") orphaned databases stopped so far"
  done
  # the last run finishes the file
  finish_start=$(date +%s)
  for _ in $(seq 1 600); do
    [ "$(results_unique)" -ge "$ROWS" ] && ls "$WORK"/inbox/esms-record/.done/*calls.csv >/dev/null 2>&1 && break
    kill -0 "$APP" 2>/dev/null || { echo "the application died"; tail -30 "$TMP/app.out"; exit 1; }
    sleep 1
  done
  echo "the last run finished the file in $(( $(date +%s) - finish_start )) s"
  sleep 3 # anything published twice would be by now
  stats=$(curl -s "localhost:$SIM_PORT/_sim/stats")
  phones=$(echo "$stats" | grep -o '"phonesCalled":[0-9]*' | cut -d: -f2)
  twice=$(echo "$stats" | grep -o '"phonesCalledTwice":[0-9]*' | cut -d: -f2)
  unique=$(results_unique); lines=$(results_lines)
  expired=$( (cat "$WORK"/outbox/results-*.jsonl 2>/dev/null || true) | grep -c '"status":"EXPIRED"' || true)
  echo "simulator: $stats; results lines $lines, distinct $unique, of which EXPIRED $expired; errors in the log: $(grep -c ' ERROR ' "$TMP/app.out" || true)"
  echo "$restarts/$KILLS restarts; rows $ROWS, phones called $phones, called twice $twice, results $unique, lost $((ROWS - unique))$([ "$lines" -ne "$unique" ] && echo ", results published twice $((lines - unique))")"
} 2>&1 | tee "$OUT"
