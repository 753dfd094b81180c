#!/usr/bin/env bash
# Start-up to readiness UP on embedded defaults, after the first start (the first one also unpacks and initialises the
# embedded PostgreSQL): camel-main with one platform-http route as the floor of this machine, then voice-routes as
# java -jar, then as bin/voice-routes (the same jar with the class-data archive its first start wrote). Each figure
# is the median of RUNS starts; every start is stopped with SIGTERM before the next. Records its output in
# benchmarks/results/. Also what Camel's tools cost at start: the CLI connector off, and voice.management.tools=true
# (Camel's MBeans and Jolokia). Usage: benchmarks/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-7}
OUT=benchmarks/results/startup-$(date -u +%Y%m%d-%H%M%S).txt
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; pkill -f "$TMP/work" 2>/dev/null || true; rm -rf "$TMP"' EXIT

mvn -q -B package -DskipTests >/dev/null
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$TMP/cp.txt" -Dmdep.includeScope=runtime >/dev/null
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HTTP=$(free_port); MGMT=$(free_port); BROKER=$(free_port); SIM=$(free_port)
APP_SETTINGS="-Dvoice.work-dir=$TMP/work -Dvoice.log.dir=$TMP/logs -Dcamel.server.port=$HTTP -Dcamel.management.port=$MGMT -Dvoice.broker.port=$BROKER -Dvoice.simulator.port=$SIM"
# the bare camel-main serves its health on its one port; voice-routes on its management port
HEALTH="127.0.0.1:$MGMT/observe/health/ready"

# one start: prints the milliseconds from launch to $HEALTH UP, then stops it with SIGTERM
start_once() {
  local began pid
  began=$(date +%s%N)
  "$@" > "$TMP/out.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "$HEALTH"; do
    kill -0 "$pid" 2>/dev/null || { echo "died" >&2; tail -20 "$TMP/out.log" >&2; exit 1; }
    sleep 0.02
  done
  echo $(( ($(date +%s%N) - began) / 1000000 ))
  kill -TERM "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
measure() {
  local label=$1; shift
  local all=()
  for _ in $(seq 1 "$RUNS"); do all+=("$(start_once "$@")"); done
  echo "$label: median $(printf '%s\n' "${all[@]}" | median) ms (each: ${all[*]})"
}

{
  echo "# start-up to health UP, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1), median of $RUNS starts"
  HEALTH="127.0.0.1:$HTTP/observe/health" measure "bare camel-main, one platform-http route" java -cp "target/test-classes:$(cat "$TMP/cp.txt")" vn.voiceroutes.bench.BareCamelMain "$HTTP"
  echo "voice-routes, first start on a fresh work folder: $(start_once java $APP_SETTINGS -jar target/voice-routes.jar) ms"
  measure "voice-routes, java -jar target/voice-routes.jar" java $APP_SETTINGS -jar target/voice-routes.jar
  measure "voice-routes, java -jar, CLI connector off" java $APP_SETTINGS -Dvoice.management.cli-connector=false -jar target/voice-routes.jar
  measure "voice-routes, java -jar, voice.management.tools=true (MBeans, Jolokia)" java $APP_SETTINGS -Dvoice.management.tools=true -jar target/voice-routes.jar
  rm -f target/voice-routes.jsa
  echo "voice-routes, bin/voice-routes writing its class-data archive: $(start_once bin/voice-routes $APP_SETTINGS) ms"
  measure "voice-routes, bin/voice-routes (class-data archive)" bin/voice-routes $APP_SETTINGS
} 2>&1 | tee "$OUT"
