#!/usr/bin/env bash
# The nightly retention purge on 1,000,000 old calls (each with a provider report) while dispatch runs, on the
# production topology (production-parts.sh: standalone PostgreSQL and Artemis, the simulator in its own process
# answering in 200 ms, a node of target/voice-routes.jar in the prod profile). The node's purge is set to fire once,
# about 140 s after it starts; a 1,000-row file is called before it (the pace without the purge) and another as it
# fires (the pace while it deletes); the purge's time and what is left come from the node's log and the database.
# Records its output in benchmarks/results/retention-*.txt.  Usage: benchmarks/retention.sh [OLD_CALLS] (KEEP=1)
set -euo pipefail
cd "$(dirname "$0")/.."
HOME_DIR=$(pwd)
OLD=${1:-1000000}
OUT=benchmarks/results/retention-$(date -u +%Y%m%d-%H%M%S).txt
TMP=$(mktemp -d /tmp/voice-retention.XXXXXX)
chmod 755 "$TMP"
ARTEMIS_VERSION=${ARTEMIS_VERSION:-2.40.0}
JAR=$HOME_DIR/target/voice-routes.jar
source benchmarks/production-parts.sh
NODE_OPTS="-Dvoice.retention.calls-days=180 -Dvoice.retention.batch=1000"
psql_voice() { as_postgres "$PG_BIN/psql" -h "$TMP/pgsock" -p "$PG_PORT" -U postgres -d voice -qtA "$@"; }
rows() { echo "phone"; for i in $(seq 0 $(($2 - 1))); do printf '%s%05d\n' "$1" "$i"; done; }
called() { # prefix: ms until 1,000 calls of it reached the simulator
  local start; start=$(now_ms)
  for _ in $(seq 1 1200); do [ "$(requests_to "$1")" -ge 1000 ] && { echo $(( $(now_ms) - start )); return; }; sleep 0.1; done
  echo timeout
}

{
trap cleanup EXIT
trap 'exit 130' INT TERM
echo "# retention, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
start_production_parts
FIRE=$(TZ=Asia/Ho_Chi_Minh date -d '+140 seconds' '+%S %M %H')
read -r FS FM FH <<< "$FIRE"
# through the environment: the cron's spaces and * would not survive start_node's NODE_OPTS
export VOICE_RETENTION_CRON="$((10#$FS)) $((10#$FM)) $((10#$FH)) * * ?"
start_node a "$PORT_A" "$MGMT_A"
echo "node a: prod profile, the purge set to fire once, at $FH:$FM:$FS Vietnam time ($VOICE_RETENTION_CRON)"

# the old calls: final 200 days ago, each with its report; and one recent call that must stay
start=$(now_ms)
psql_voice -c "insert into call_request (request_id, channel, phone, status, source_type, purpose, request_json, created_at, updated_at, finished_at)
  select 'old-' || g, 'esms-record', '09' || lpad((g % 100000000)::text, 8, '0'), 'ANSWERED', 'file', 'transactional', '{}',
         now() - interval '201 days', now() - interval '200 days', now() - interval '200 days' from generate_series(1, $OLD) g" \
  -c "insert into call_event (request_id, provider, kind, status, dedupe_key, payload, received_at)
  select 'old-' || g, 'eSMS', 'esms-voice-callback', 'ANSWERED', 'old-' || g, 'CallStatus=ANSWERED', now() - interval '200 days'
    from generate_series(1, $OLD) g" -c "analyze call_request" -c "analyze call_event"
echo "$OLD old calls and their reports inserted in $(( $(now_ms) - start )) ms"

rows 09190 1000 > "$TMP/before.csv"; drop_file esms-record before.csv "$TMP/before.csv"
before=$(called 09190)
echo "before the purge: 1,000 calls sent in $before ms"
fire=$(TZ=Asia/Ho_Chi_Minh date -d "$FH:$FM:$FS" +%s)
[ "$(date +%s)" -lt "$fire" ] || echo "(the purge fired before the first file was sent: the comparison below is not clean)"
while [ "$(date +%s)" -lt "$fire" ]; do sleep 0.2; done
# how long the purge takes: the old calls counted every half second from the fire until none is left
( fired=$(now_ms); while [ "$(psql_voice -c "select count(*) from call_request where request_id like 'old-%'")" != 0 ]; do sleep 0.5; done
  echo $(( $(now_ms) - fired )) > "$TMP/purge-ms" ) &
rows 09191 1000 > "$TMP/during.csv"; drop_file esms-record during.csv "$TMP/during.csv"
during=$(called 09191)
echo "while the purge deletes: 1,000 calls sent in $during ms; old calls left then: $(psql_voice -c "select count(*) from call_request where request_id like 'old-%'")"
for _ in $(seq 1 1800); do grep -q 'Retention: deleted' "$TMP/node-a.out" && break; sleep 1; done
line=$(grep 'Retention: deleted' "$TMP/node-a.out" | tail -1)
for _ in $(seq 1 600); do [ -s "$TMP/purge-ms" ] && break; sleep 0.5; done
echo "purge: $(echo "$line" | sed 's/.*Retention: //'); the last old call gone $(cat "$TMP/purge-ms" 2>/dev/null || echo '?') ms after it fired"
left=$(psql_voice -c "select count(*) from call_request where request_id like 'old-%'")
events=$(psql_voice -c "select count(*) from call_event where request_id like 'old-%'")
recent=$(psql_voice -c "select count(*) from call_request where phone like '0919%'")
echo "left: $left old calls, $events of their reports; the two files' 2,000 calls all kept: $recent"
echo "errors in the node's log: $(grep -c ' ERROR ' "$TMP/node-a.out" || true)"
if [ "$left" = 0 ] && [ "$events" = 0 ] && [ "$recent" = 2000 ] && [ "$during" != timeout ]; then
  echo "PASS: $OLD old calls purged while dispatch went on ($before ms before, $during ms during, for 1,000 calls)"
else
  echo "FAIL: left $left calls, $events reports, recent $recent, during $during"
  exit 1
fi
} 2>&1 | tee "$OUT"
exit "${PIPESTATUS[0]}"
