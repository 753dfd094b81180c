#!/usr/bin/env bash
# Benchmark of the esms-record file flow. Records its output in benchmarks/results/.
#  1. read + map + validate a 1,000,000-row CSV in a 32 MB heap (FileReadBenchmark);
#  2. end to end (throttle raised to 1000/s, to measure the application, not the limit): ROWS rows (default 100,000) dropped into a running application limited to a 128 MB heap, against
#     the simulator in its own process: calls placed, callbacks received, every result written, the file's report.
# Usage: benchmarks/file-ingest.sh [ROWS]   (APP_OPTS: extra JVM options for the application, e.g. -Dcamel.metrics.enabled=false)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-100000}
OUT=benchmarks/results/file-ingest-$(date -u +%Y%m%d-%H%M%S).txt
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT

mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$TMP/cp.txt" >/dev/null
# a snapshot of the build, so rebuilding while the benchmark runs cannot change what it measures
cp -r target/classes "$TMP/classes" && cp -r target/test-classes "$TMP/test-classes"
CP="$TMP/classes:$TMP/test-classes:$(cat "$TMP/cp.txt")"
gen() { awk -v n="$1" 'BEGIN { print "phone,name,maxRetry"; for (i = 0; i < n; i++) printf "09%08d,Nguyễn Văn %d,1\n", i, i }'; }

{
  echo "# file-ingest benchmark, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1), APP_OPTS=${APP_OPTS:-}"
  gen 1000000 > "$TMP/million.csv"
  echo "## 1. 1,000,000 rows ($(du -h "$TMP/million.csv" | cut -f1)), -Xmx32m"
  java -Xmx32m -cp "$CP" vn.voiceroutes.bench.FileReadBenchmark "$TMP/million.csv" "$TMP/read-work"

  echo "## 2. end to end, $ROWS rows, application -Xmx128m, simulator in its own process"
  free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
  SIM_PORT=$(free_port); HTTP_PORT=$(free_port); MGMT_PORT=$(free_port); BROKER_PORT=$(free_port)
  java -Xmx1g -cp "$CP" vn.voiceroutes.simulator.ProviderSimulator $SIM_PORT callback-delay-ms=200 > "$TMP/sim.log" 2>&1 &
  java -Xmx128m -Dvoice.log.dir="$TMP" ${APP_OPTS:-} -cp "$CP" \
    -Dvoice.work-dir="$TMP/work" -Dvoice.simulator.enabled=false -Desms.voice-url=http://127.0.0.1:$SIM_PORT \
    -Desms.requests-per-second=1000 -Dcamel.server.port=$HTTP_PORT -Dcamel.management.port=$MGMT_PORT -Dvoice.public-url=http://localhost:$HTTP_PORT -Dvoice.broker.port=$BROKER_PORT \
    vn.voiceroutes.VoiceRoutesApplication > "$TMP/app.log" 2>&1 &
  APP=$!
  for i in $(seq 1 120); do
    [ -d "$TMP/work/inbox/esms-record" ] && curl -sf -o /dev/null 127.0.0.1:$MGMT_PORT/observe/health/ready && break
    sleep 1
  done
  gen "$ROWS" > "$TMP/bench.csv"
  start=$(date +%s.%N)
  mv "$TMP/bench.csv" "$TMP/work/inbox/esms-record/bench.csv"
  results=0
  while [ "$results" -lt "$ROWS" ]; do
    sleep 2
    kill -0 $APP 2>/dev/null || { echo "application died"; tail -20 "$TMP/app.log"; exit 1; }
    results=$( (cat "$TMP"/work/outbox/results-*.jsonl 2>/dev/null || true) | wc -l)
  done
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$ROWS" 'BEGIN { printf "end to end: %d rows, every result written, in %.1f s = %.0f rows/s\n", n, e - s, n / (e - s) }'
  grep -a "rows read" "$TMP/app.log" | sed 's/^.* - //'
  # the file's report (every call, one row each) is written by the same 128 MB application
  for i in $(seq 1 60); do ls "$TMP"/work/outbox/reports/*bench.csv.report.csv >/dev/null 2>&1 && break; sleep 1; done
  echo "report: $(tail -1 "$TMP"/work/outbox/reports/*bench.csv.report.csv 2>/dev/null || echo 'NOT WRITTEN')"
  grep -a -q "OutOfMemoryError" "$TMP/voice-routes.log" && echo "OutOfMemoryError in the application log"
  echo "application heap after the run (jcmd GC.heap_info):"
  jcmd $APP GC.heap_info | sed -n '2,3p'
  echo "statuses: $(cat "$TMP"/work/outbox/results-*.jsonl | grep -o '"status":"[A-Z_]*"' | sort | uniq -c | tr '\n' ' ')"
} 2>&1 | tee "$OUT"
