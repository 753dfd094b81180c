#!/usr/bin/env bash
# The production topology on real parts, on this machine: a standalone Apache Artemis broker (the apache-artemis
# distribution from Maven Central, given config/artemis/broker.properties and a user), a standalone PostgreSQL server
# (Debian's), the provider simulator as its own process answering in 200 ms, and two application nodes started from
# target/voice-routes.jar in the prod profile, sharing the broker, the database and the work folder. Three runs:
#   1. one node: eSMS files and queue messages of three channels; calls per second;
#   2. two nodes: the same load again (other phones); calls per second;
#   3. two nodes, every channel from files and queue messages, and one node killed with kill -9 mid-run: the other
#      finishes its work.
# Then, from the simulator's own count, the results files and a durable subscription on the results topic: every
# call placed once and every result published once. Records its output in benchmarks/results/topology-*.txt.
# Usage: benchmarks/topology.sh   (KEEP=1 keeps the folder with the logs; ARTEMIS_VERSION, default 2.40.0)
set -euo pipefail
cd "$(dirname "$0")/.."
HOME_DIR=$(pwd)
OUT=benchmarks/results/topology-$(date -u +%Y%m%d-%H%M%S).txt
TMP=$(mktemp -d /tmp/voice-topology.XXXXXX)
chmod 755 "$TMP"
ARTEMIS_VERSION=${ARTEMIS_VERSION:-2.40.0}
JAR=$HOME_DIR/target/voice-routes.jar
# secrets reach the nodes through the environment, as in production
BROKER_USER=voice BROKER_PASSWORD=broker-$RANDOM$RANDOM
DB_USER=voice DB_PASSWORD=db-$RANDOM$RANDOM
ESMS_KEY=topology-key-$RANDOM ESMS_SECRET=topology-secret-$RANDOM
CALLBACK_TOKEN=cb$RANDOM$RANDOM$RANDOM
WEBHOOK_TOKEN=wh$RANDOM$RANDOM$RANDOM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
SIM_PORT=$(free_port); BROKER_PORT=$(free_port); PG_PORT=$(free_port); PORT_A=$(free_port); PORT_B=$(free_port); MGMT_A=$(free_port); MGMT_B=$(free_port)
WORK=$TMP/work
PIDS=()

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -x "${PG_BIN:-/nonexistent}/pg_ctl" ] && [ -d "$TMP/pg" ] && as_postgres "$PG_BIN/pg_ctl" -D "$TMP/pg" -m fast stop >/dev/null 2>&1 || true
  sleep 1
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}

await_port() { # host port seconds
  for _ in $(seq 1 $(($3 * 5))); do (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0; sleep 0.2; done
  return 1
}
stats() { curl -s "127.0.0.1:$SIM_PORT/_sim/stats"; }
sim_stat() { stats | grep -o "\"$1\":[0-9]*" | cut -d: -f2; }

{
trap cleanup EXIT
trap 'exit 130' INT TERM
echo "# topology, $(date -u +%FT%TZ), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, $(java -version 2>&1 | head -1)"

# --- the artifact
[ -f "$JAR" ] || mvn -B -q package -DskipTests >/dev/null 2>&1 || { echo "the jar does not build"; exit 1; }
echo "artifact: target/voice-routes.jar ($(du -m "$JAR" | cut -f1) MB), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src routes config 2>/dev/null || echo '+changes')"
# the nodes run a snapshot (the jar, routes/, config/): editing the project meanwhile changes nothing here
mkdir -p "$TMP/home" && cp "$JAR" "$TMP/home/" && cp -r routes config "$TMP/home/"
JAR=$TMP/home/voice-routes.jar

# --- PostgreSQL: Debian's server, its own data folder and port, a role and database for the application
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PG_BIN" ]; then
  apt-get install -y -q postgresql >/dev/null
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
mkdir -p "$TMP/pg" "$TMP/pgsock"
[ "$(id -u)" = 0 ] && chown postgres "$TMP/pg" "$TMP/pgsock"
echo "$DB_PASSWORD" > "$TMP/pgpass" && chmod 644 "$TMP/pgpass"
as_postgres "$PG_BIN/initdb" -D "$TMP/pg" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$TMP/pg" -l "$TMP/pg/server.log" -o "-p $PG_PORT -k $TMP/pgsock -c listen_addresses=127.0.0.1" -w start >/dev/null
as_postgres "$PG_BIN/psql" -h "$TMP/pgsock" -p "$PG_PORT" -U postgres -q -c "create role $DB_USER login password '$DB_PASSWORD'" -c "create database voice owner $DB_USER"
echo "database: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (Debian), 127.0.0.1:$PG_PORT/voice, password auth"

# --- Artemis: the distribution, an instance with a user, and what voice-routes needs as etc/broker.properties
mvn -B -q dependency:copy -Dartifact="org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:tar.gz:bin" -DoutputDirectory="$TMP" >/dev/null 2>&1 \
  || { echo "org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:tar.gz:bin cannot be fetched"; exit 1; }
tar xzf "$TMP/apache-artemis-$ARTEMIS_VERSION-bin.tar.gz" -C "$TMP"
"$TMP/apache-artemis-$ARTEMIS_VERSION/bin/artemis" create "$TMP/broker" --silent --no-web --nio --host 127.0.0.1 \
  --user "$BROKER_USER" --password "$BROKER_PASSWORD" --role voice --require-login \
  --no-amqp-acceptor --no-mqtt-acceptor --no-stomp-acceptor --no-hornetq-acceptor >/dev/null
sed -i "s#tcp://127.0.0.1:61616#tcp://127.0.0.1:$BROKER_PORT#" "$TMP/broker/etc/broker.xml"
sed -i 's/-Xms512M -Xmx2G/-Xms128M -Xmx512M/' "$TMP/broker/etc/artemis.profile"
cp config/artemis/broker.properties "$TMP/broker/etc/broker.properties"
"$TMP/broker/bin/artemis" run > "$TMP/broker.log" 2>&1 &
PIDS+=($!)
await_port 127.0.0.1 "$BROKER_PORT" 60 || { echo "the broker did not start"; tail -20 "$TMP/broker.log"; exit 1; }
ARTEMIS_CLI=("$TMP/broker/bin/artemis")
BROKER_OPTS=(--url "tcp://127.0.0.1:$BROKER_PORT" --user "$BROKER_USER" --password "$BROKER_PASSWORD")
# a system that must not miss a result subscribes durably; this one counts what the topic delivered
"${ARTEMIS_CLI[@]}" queue create --name topology-results --address voice.results --multicast --durable \
  --preserve-on-no-consumers --silent "${BROKER_OPTS[@]}" >/dev/null
queues=$("${ARTEMIS_CLI[@]}" queue stat "${BROKER_OPTS[@]}" 2>/dev/null | grep -oE 'voice\.[a-z-]+' | sort -u | tr '\n' ' ')
echo "broker: Artemis $ARTEMIS_VERSION standalone, 127.0.0.1:$BROKER_PORT, login required; from config/artemis/broker.properties: $queues"
grep -qi 'broker.properties.*error\|AMQ224.*properties' "$TMP/broker.log" && { echo "the broker refused broker.properties:"; grep -i properties "$TMP/broker.log"; exit 1; }

# --- the provider simulator, its own process, answering every request in 200 ms
java -Xmx256m -cp "$JAR" vn.voiceroutes.simulator.ProviderSimulator "$SIM_PORT" answer-delay-ms=200 \
  api-key="$ESMS_KEY" secret-key="$ESMS_SECRET" callback-delay-ms=1000 callback-retry-delay-ms=2000 \
  vbot-webhook-url="http://127.0.0.1:$PORT_A/callbacks/vbot/$WEBHOOK_TOKEN" > "$TMP/simulator.log" 2>&1 &
PIDS+=($!)
await_port 127.0.0.1 "$SIM_PORT" 30 || { echo "the simulator did not start"; exit 1; }
echo "simulator: own process on 127.0.0.1:$SIM_PORT, every answer after 200 ms, callbacks 1 s after the call (VBot webhooks to node a)"
echo "nodes: prod profile, calling window open, eSMS account at 100 requests/s shared by the nodes, 4 calls in flight per node, claims of 20 s, status polls after 15 s;"
echo "  a call whose answer died with its node is answered 124 when sent again and names no SMSID to poll: EXPIRED after 120 s"

# --- the nodes: the jar in the prod profile, every part given by configuration, secrets in the environment
start_node() { # name port management-port
  local log=$TMP/node-$1.out mgmt=$3
  ESMS_API_KEY=$ESMS_KEY ESMS_SECRET_KEY=$ESMS_SECRET VOICE_BROKER_PASSWORD=$BROKER_PASSWORD VOICE_DB_PASSWORD=$DB_PASSWORD \
  VBOT_PASSWORD=sim-vbot-password ESMS_CALLBACK_TOKEN=$CALLBACK_TOKEN VBOT_WEBHOOK_TOKEN=$WEBHOOK_TOKEN \
  java -Xmx384m -Dcamel.main.profile=prod -Dvoice.home="$TMP/home" -Dvoice.node-id="node-$1" -Dvoice.work-dir="$WORK" -Dvoice.log.dir="$TMP/logs-$1" \
    -Dcamel.server.port="$2" -Dcamel.management.port="$mgmt" -Dvoice.public-url="http://127.0.0.1:$2" \
    -Dvoice.broker.url="tcp://127.0.0.1:$BROKER_PORT" -Dvoice.broker.username=$BROKER_USER \
    -Dvoice.db.url="jdbc:postgresql://127.0.0.1:$PG_PORT/voice" -Dvoice.db.username=$DB_USER \
    -Desms.voice-url="http://127.0.0.1:$SIM_PORT" -Desms.rest-url="http://127.0.0.1:$SIM_PORT" \
    -Desms.record.template-id=sim-recording-1 -Desms.template.template-id=sim-tts-1 \
    -Dvbot.url="http://127.0.0.1:$SIM_PORT/vbot" -Dvbot.username=sim-vbot -Dvbot.vbot-id=sim-vbot-id \
    -Dvbot.group-code=sim-group -Dvbot.campaign-id=2932 -Dvbot.campaign.window-ms=2000 \
    -Dvoice.calling-window= -Desms.requests-per-second=100 -Desms.max-in-flight=4 \
    -Dvoice.poll.after-ms=15000 -Dvoice.poll.period-ms=2000 -Dvoice.poll.expire-after-ms=120000 \
    -Dvoice.dispatch.claim-lease-ms=20000 \
    -Dcampaign.weekday-reminders.enabled=false \
    -jar "$JAR" > "$log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  eval "NODE_$1=$pid"
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { echo "node $1 ended"; tail -30 "$log"; exit 1; }
    curl -s "127.0.0.1:$mgmt/observe/health/ready" | grep -q '"status":"UP"' && return 0
    sleep 0.2
  done
  echo "node $1 did not come up"; tail -30 "$log"; exit 1
}

# --- loads: CSV files moved into the shared inboxes in one step, JSON messages on the channels' queues
phone() { printf '09%d%d%d%05d' "$1" "$2" "$3" "$4"; } # run, channel, part, index: every call of the whole script its own phone
send_queue() { # queue file
  VOICE_BROKER_URL="tcp://127.0.0.1:$BROKER_PORT" VOICE_BROKER_USERNAME=$BROKER_USER VOICE_BROKER_PASSWORD=$BROKER_PASSWORD \
    java -Xmx128m -cp "$JAR" vn.voiceroutes.tools.SendToQueue "$1" "$2" > /dev/null
}
drop_file() { # channel name content-file
  mkdir -p "$WORK/inbox/$1"
  mv "$3" "$WORK/inbox/$1/$2"
}
EXPECTED=0
load() { # run channels files-per-channel rows-per-file messages-per-channel
  local run=$1 files=$3 rows=$4 messages=$5 c=0
  for channel in $2; do
    c=$((c + 1))
    for f in $(seq 1 "$files"); do
      local csv=$TMP/run$run-$channel-$f.csv
      case $channel in
        esms-record) echo "phone,name" > "$csv" ;;
        esms-template) echo "phone,name,amount" > "$csv" ;;
        esms-otp) echo "phone,code" > "$csv" ;;
        vbot-campaign) echo "phone,name,hanThanhToan,soTien" > "$csv" ;;
      esac
      for i in $(seq 1 "$rows"); do
        case $channel in
          esms-record) echo "$(phone "$run" "$c" "$f" "$i"),Khách $i" ;;
          esms-template) echo "$(phone "$run" "$c" "$f" "$i"),Khách $i,$((i * 1000))" ;;
          esms-otp) echo "$(phone "$run" "$c" "$f" "$i"),$((100000 + i))" ;;
          vbot-campaign) echo "$(phone "$run" "$c" "$f" "$i"),Khách $i,30/11,$((i * 1000))" ;;
        esac
      done >> "$csv"
      drop_file "$channel" "run$run-$f.csv" "$csv"
      EXPECTED=$((EXPECTED + rows))
    done
    local jsonl=$TMP/run$run-$channel.jsonl
    for i in $(seq 1 "$messages"); do
      case $channel in
        esms-otp) echo "{\"phone\":\"$(phone "$run" "$c" 9 "$i")\",\"code\":\"$((200000 + i))\",\"requestId\":\"run$run-$channel-q$i\"}" ;;
        esms-template) echo "{\"phone\":\"$(phone "$run" "$c" 9 "$i")\",\"name\":\"Khách $i\",\"amount\":\"$i\",\"requestId\":\"run$run-$channel-q$i\"}" ;;
        vbot-campaign) echo "{\"phone\":\"$(phone "$run" "$c" 9 "$i")\",\"name\":\"Khách $i\",\"hanThanhToan\":\"30/11\",\"soTien\":\"$i\",\"requestId\":\"run$run-$channel-q$i\"}" ;;
        *) echo "{\"phone\":\"$(phone "$run" "$c" 9 "$i")\",\"requestId\":\"run$run-$channel-q$i\"}" ;;
      esac
    done > "$jsonl"
    [ "$messages" -gt 0 ] && send_queue "voice.$channel" "$jsonl"
    EXPECTED=$((EXPECTED + messages))
  done
}
# calls per second: from the moment a load starts being dropped and sent to its last call placed (sampled every
# 0.2 s), so intake (the inbox poll, reading the files) counts too
rate() { # calls base start-time timeout-s
  local placed now
  for _ in $(seq 1 $(($4 * 5))); do
    placed=$(sim_stat callsPlaced)
    [ $((placed - $2)) -ge "$1" ] && break
    sleep 0.2
  done
  now=$(date +%s.%N)
  awk -v n="$((placed - $2))" -v s="$3" -v e="$now" 'BEGIN { printf "%d calls in %.1f s: %.1f calls/s", n, e - s, n / (e - s) }'
}
results_unique() { (cat "$WORK"/outbox/results-*.jsonl 2>/dev/null || true) | grep -o '"requestId":"[^"]*"' | sort -u | wc -l; }
results_lines() { (cat "$WORK"/outbox/results-*.jsonl 2>/dev/null || true) | grep -c . || true; }
topic_count() { "${ARTEMIS_CLI[@]}" queue stat --queueName topology-results "${BROKER_OPTS[@]}" 2>/dev/null \
  | awk -F'|' '/topology-results/ { gsub(/ /, "", $5); print $5 }'; }
await_results() { # expected timeout-s
  for _ in $(seq 1 "$2"); do [ "$(results_unique)" -ge "$1" ] && return 0; sleep 1; done
  return 1
}

ESMS_CHANNELS="esms-record esms-template esms-otp"

# 1. one node
start_node a "$PORT_A" "$MGMT_A"
echo "node a: up ($(grep -c ' ERROR ' "$TMP/node-a.out" || true) errors in its log so far)"
before=$EXPECTED; base=$(sim_stat callsPlaced); started=$(date +%s.%N)
load 1 "$ESMS_CHANNELS" 2 150 100
echo "run 1, one node: $((EXPECTED - before)) eSMS calls (3 channels: 2 files of 150 rows and 100 queue messages each): $(rate $((EXPECTED - before)) "$base" "$started" 300)"
await_results "$EXPECTED" 180 || echo "run 1: only $(results_unique) of $EXPECTED results"

# 2. two nodes
start_node b "$PORT_B" "$MGMT_B"
echo "node b: up"
before=$EXPECTED; base=$(sim_stat callsPlaced); started=$(date +%s.%N)
load 2 "$ESMS_CHANNELS" 2 150 100
echo "run 2, two nodes: $((EXPECTED - before)) eSMS calls (the same shape, other phones): $(rate $((EXPECTED - before)) "$base" "$started" 300)"
await_results "$EXPECTED" 180 || echo "run 2: only $(results_unique) of $EXPECTED results"

# 3. every channel, one node killed mid-run
before=$EXPECTED
placed_before=$(sim_stat callsPlaced)
load 3 "$ESMS_CHANNELS vbot-campaign" 2 200 100
run3=$((EXPECTED - before))
for _ in $(seq 1 600); do [ $(( $(sim_stat callsPlaced) - placed_before )) -ge $((run3 / 3)) ] && break; sleep 0.1; done
kill -9 "$NODE_b"
wait "$NODE_b" 2>/dev/null || true
echo "run 3, two nodes: $run3 calls on all 4 channels (2 files of 200 rows and 100 queue messages each); node b killed with kill -9 after $(( $(sim_stat callsPlaced) - placed_before )) of them were placed"
finish_start=$(date +%s)
if await_results "$EXPECTED" 420; then
  echo "run 3: node a finished the work in $(( $(date +%s) - finish_start )) s after the kill"
else
  echo "run 3: only $(results_unique) of $EXPECTED results after 420 s"
fi
sleep 5 # anything published or called twice would be by now

placed=$(sim_stat callsPlaced); phones=$(sim_stat phonesCalled); twice=$(sim_stat phonesCalledTwice)
unique=$(results_unique); lines=$(results_lines); topic=$(topic_count)
expired=$( (cat "$WORK"/outbox/results-*.jsonl 2>/dev/null || true) | grep -c '"status":"EXPIRED"' || true)
left=$(find "$WORK/inbox" -maxdepth 2 -type f -name 'run*.csv' | wc -l)
failed=$(find "$WORK/inbox" -path '*/.failed/*' -type f | wc -l)
echo "simulator: $(stats)"
echo "files left in the inboxes: $left, refused: $failed; results lines $lines, distinct $unique (EXPIRED $expired); messages on the durable subscription to voice.results: $topic"
echo "errors in node a's log: $(grep -c ' ERROR ' "$TMP/node-a.out" || true); node b's (until the kill): $(grep -c ' ERROR ' "$TMP/node-b.out" || true)"
# what they were (time, thread and logger cut off), the same ones counted once
grep -h ' ERROR ' "$TMP/node-a.out" "$TMP/node-b.out" 2>/dev/null | sed -E 's/^[0-9:.]+ +ERROR +\[[^]]*\] +//' | cut -c1-200 \
  | sort | uniq -c | sort -rn | head -5 | sed 's/^/  /' || true
verdict="calls $EXPECTED, phones called $phones, called twice $twice, results $unique (lines $lines, on the topic $topic)"
if [ "$phones" = "$EXPECTED" ] && [ "$placed" = "$EXPECTED" ] && [ "$twice" = 0 ] && [ "$unique" = "$EXPECTED" ] \
   && [ "$lines" = "$EXPECTED" ] && [ "$topic" = "$EXPECTED" ] && [ "$left" = 0 ]; then
  echo "PASS: every call placed once and every result published once: $verdict"
else
  echo "FAIL: $verdict"
  status=1
fi
kill -TERM "$NODE_a"; wait "$NODE_a" 2>/dev/null || true
echo "node a stopped by SIGTERM; its log ends: $(tail -1 "$TMP/node-a.out" | cut -c1-160)"
exit "${status:-0}"
} 2>&1 | tee "$OUT"
exit "${PIPESTATUS[0]}"
