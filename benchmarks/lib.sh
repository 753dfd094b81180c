# Shared by the benchmark scripts (sourced): ports, and the application started from a snapshot of the jar against
# a simulator of the script's own.

now() { date +%s.%N; }

# placed: how many calls the simulator at $SIM_PORT has placed so far (its /_sim/stats)
placed() { curl -s "127.0.0.1:$SIM_PORT/_sim/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["callsPlaced"])'; }
# results: the lines in the results files of the work folder under TMP
results() { (cat "$TMP"/work/outbox/results-*.jsonl 2>/dev/null || true) | wc -l; }

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_app JAR HOME TMP SIM_PORT HTTP_PORT BROKER_PORT [-Dkey=value ...]: the jar on embedded defaults, eSMS on the
# simulator at SIM_PORT, its output in TMP/app.out; sets APP to its pid and MGMT_PORT to its management port, and
# returns once it is ready (exits if it ends).
start_app() {
  local jar=$1 home=$2 tmp=$3 sim=$4 http=$5 broker=$6
  shift 6
  MGMT_PORT=$(free_port)
  java -Xmx256m -Dvoice.home="$home" -Dvoice.work-dir="$tmp/work" -Dvoice.log.dir="$tmp/logs" ${APP_OPTS:-} \
    -Dvoice.simulator.enabled=false -Desms.voice-url="http://127.0.0.1:$sim" -Desms.rest-url="http://127.0.0.1:$sim" \
    -Dcamel.server.port="$http" -Dcamel.management.port="$MGMT_PORT" -Dvoice.public-url="http://127.0.0.1:$http" -Dvoice.broker.port="$broker" \
    -Dcampaign.weekday-reminders.enabled=false "$@" -jar "$jar" > "$tmp/app.out" 2>&1 &
  APP=$!
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "127.0.0.1:$MGMT_PORT/observe/health/ready" && return 0
    kill -0 "$APP" 2>/dev/null || { echo "application ended"; tail -30 "$tmp/app.out"; exit 1; }
    sleep 0.2
  done
  echo "application not UP after 120 s"; exit 1
}

# postmaster_of DATA_DIR: the pid of the PostgreSQL server running on that data directory (its working directory)
postmaster_of() {
  local data pid
  data=$(readlink -f "$1")
  for pid in $(pgrep -x postgres); do
    [ "$(readlink -f /proc/$pid/cwd 2>/dev/null)" = "$data" ] && [ "$(ps -o comm= -p "$(ps -o ppid= -p "$pid" | tr -d ' ')")" != postgres ] && { echo "$pid"; return; }
  done
}

# cpu NAME=PID ...: CPU seconds so far of each process and its descendants (benchmarks/cpu.py)
cpu() { python3 "$(dirname "${BASH_SOURCE[0]}")/cpu.py" "$@"; }

# snapshot_jar TMP [with-tests]: builds the jar (and the test classes with "with-tests") and copies what runs into
# TMP/home (jar, routes/, config/) and TMP/test-classes, so editing the project while a benchmark runs changes
# nothing in it; sets JAR.
snapshot_jar() {
  local tmp=$1
  mvn -q -B package -DskipTests >/dev/null 2>&1
  mkdir -p "$tmp/home" && cp target/voice-routes.jar "$tmp/home/" && cp -r routes config "$tmp/home/"
  if [ "${2:-}" = with-tests ]; then
    mvn -q -B test-compile >/dev/null 2>&1
    cp -r target/test-classes "$tmp/test-classes"
  fi
  JAR=$tmp/home/voice-routes.jar
}
