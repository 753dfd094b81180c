#!/usr/bin/env bash
# The production topology's parts on this machine, for the benchmark scripts that source it (topology.sh,
# campaign-pause.sh): a standalone Apache Artemis broker (the apache-artemis distribution from Maven Central, given
# config/artemis/broker.properties and a user), a standalone PostgreSQL server (Debian's), the provider simulator as
# its own process answering in 200 ms, and start_node, which starts an application node from a snapshot of
# target/voice-routes.jar in the prod profile on them (NODE_OPTS: more -D settings, after and over its own).
# The sourcing script sets TMP, JAR and HOME_DIR, and calls start_production_parts inside its trap.

# secrets reach the nodes through the environment, as in production
BROKER_USER=voice BROKER_PASSWORD=broker-$RANDOM$RANDOM
DB_USER=voice DB_PASSWORD=db-$RANDOM$RANDOM
ESMS_KEY=topology-key-$RANDOM ESMS_SECRET=topology-secret-$RANDOM
CALLBACK_TOKEN=cb$RANDOM$RANDOM$RANDOM
WEBHOOK_TOKEN=wh$RANDOM$RANDOM$RANDOM
ADMIN_TOKEN=$(python3 -c "import secrets; print(secrets.token_hex(24))")

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
SIM_PORT=$(free_port); BROKER_PORT=$(free_port); PG_PORT=$(free_port); PORT_A=$(free_port); PORT_B=$(free_port); MGMT_A=$(free_port); MGMT_B=$(free_port)
# the simulator's count of requests to phones starting with a prefix; the time in milliseconds
requests_to() { curl -s "127.0.0.1:$SIM_PORT/_sim/stats?phonePrefix=$1" | grep -o '"requestsToPrefix":[0-9]*' | cut -d: -f2; }
now_ms() { date +%s%3N; }
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


start_production_parts() {
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
}

# --- the nodes: the jar in the prod profile, every part given by configuration, secrets in the environment
start_node() { # name port management-port
  local log=$TMP/node-$1.out mgmt=$3
  ESMS_API_KEY=$ESMS_KEY ESMS_SECRET_KEY=$ESMS_SECRET VOICE_BROKER_PASSWORD=$BROKER_PASSWORD VOICE_DB_PASSWORD=$DB_PASSWORD \
  VBOT_PASSWORD=sim-vbot-password ESMS_CALLBACK_TOKEN=$CALLBACK_TOKEN VBOT_WEBHOOK_TOKEN=$WEBHOOK_TOKEN VOICE_ADMIN_TOKEN=$ADMIN_TOKEN \
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
    -Dcampaign.weekday-reminders.enabled=false ${NODE_OPTS:-} \
    -jar "$JAR" > "$log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  eval "NODE_$1=$pid"
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { echo "node $1 ended"; tail -30 "$log"; exit 1; }
    curl -sf -o /dev/null "127.0.0.1:$mgmt/observe/health/ready" && return 0
    sleep 0.2
  done
  echo "node $1 did not come up"; tail -30 "$log"; exit 1
}


# --- loads: CSV files moved into the shared inboxes in one step, JSON messages on the channels' queues
send_queue() { # queue file
  VOICE_BROKER_URL="tcp://127.0.0.1:$BROKER_PORT" VOICE_BROKER_USERNAME=$BROKER_USER VOICE_BROKER_PASSWORD=$BROKER_PASSWORD \
    java -Xmx128m -cp "$JAR" vn.voiceroutes.tools.SendToQueue "$1" "$2" > /dev/null
}
drop_file() { # channel name content-file
  mkdir -p "$WORK/inbox/$1"
  mv "$3" "$WORK/inbox/$1/$2"
}
