#!/usr/bin/env bash
# Webhooks on the production topology (production-parts.sh: standalone Artemis and PostgreSQL, the simulator in its
# own process answering in 200 ms, two nodes of target/voice-routes.jar in the prod profile), every result POSTed to
# a receiver in its own process (vn.voiceroutes.tools.WebhookReceiverTool, which checks every signature):
#   1. the receiver is down for 60 s while a 200-row file's calls finish: once it is back, it receives all 200;
#   2. pace: a 1,000-row file with a receiver answering at once, then one with a receiver answering after 5 s
#      (voice.webhook.max-in-flight 4): the time to the last call sent and to the last result in the results file,
#      both ways, and the most requests the receiver saw at once;
#   3. deliveries per second to the fast receiver: 3,000 events waiting (the receiver down while they were made),
#      sent once it is back;
#   4. node a is killed with kill -9 in the middle of a 400-row file's deliveries: node b delivers them all, a
#      duplicate only ever with the same id and body.
# Records its output in benchmarks/results/webhooks-*.txt.  Usage: benchmarks/webhooks.sh (KEEP=1 keeps the folder)
set -euo pipefail
cd "$(dirname "$0")/.."
HOME_DIR=$(pwd)
OUT=benchmarks/results/webhooks-$(date -u +%Y%m%d-%H%M%S).txt
TMP=$(mktemp -d /tmp/voice-webhooks.XXXXXX)
chmod 755 "$TMP"
ARTEMIS_VERSION=${ARTEMIS_VERSION:-2.40.0}
JAR=$HOME_DIR/target/voice-routes.jar
source benchmarks/production-parts.sh
RCV_PORT=$(free_port)
export VOICE_WEBHOOK_SECRET=$(python3 -c "import secrets; print(secrets.token_hex(32))")
# a retry waits at most 1 s here (5 min shipped), so a receiver back is sent its backlog at once
NODE_OPTS="-Dvoice.webhook.url=http://127.0.0.1:$RCV_PORT/hooks -Dvoice.webhook.retry-max-delay-ms=1000 -Dvoice.webhook.max-in-flight=4"

receiver_up() {
  # TCP_NODELAY on the JDK's HTTP server: without it each answer waits out the client's delayed ACK (about 40 ms)
  java -Xmx256m -Dsun.net.httpserver.nodelay=true -cp "$JAR" vn.voiceroutes.tools.WebhookReceiverTool "$RCV_PORT" >> "$TMP/receiver.log" 2>&1 &
  RECEIVER=$!
  PIDS+=("$RECEIVER")
  await_port 127.0.0.1 "$RCV_PORT" 30 || { echo "the receiver did not start"; exit 1; }
}
receiver_down() { kill -9 "$RECEIVER" 2>/dev/null || true; wait "$RECEIVER" 2>/dev/null || true; }
rstat() { # a figure of the receiver's stats, by its path (byType.campaign.completed: the type's name has a dot)
  curl -s "127.0.0.1:$RCV_PORT/_receiver/stats" | python3 -c "
import json, sys
d = json.load(sys.stdin); key = sys.argv[1]
print(d['byType'].get(key[len('byType.'):], 0) if key.startswith('byType.') else d.get(key, 0))" "$1" 2>/dev/null || echo 0
}
completed() { curl -s "127.0.0.1:$RCV_PORT/_receiver/stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['byType'].get('call.completed', 0))" 2>/dev/null || echo 0; }
rset() { curl -s -X POST "127.0.0.1:$RCV_PORT/_receiver/set?$1"; }
api() { curl -s -H "Authorization: Bearer $ADMIN_TOKEN" "127.0.0.1:$1$2"; }
pending() { api "$1" /api/webhooks | python3 -c "import json,sys; print(json.load(sys.stdin)['pending'])"; }
rows() { # prefix count
  echo "phone,name"
  for i in $(seq 0 $(($2 - 1))); do printf '%s%05d,Khách %d\n' "$1" "$i" "$i"; done
}
results_of() { cat "$WORK"/outbox/results-*.jsonl 2>/dev/null | grep -c "\"file\":\"$1\"" || true; }
await_value() { # command expected timeout-s
  for _ in $(seq 1 $(($3 * 10))); do [ "$($1)" -ge "$2" ] && return 0; sleep 0.1; done
  return 1
}

{
trap cleanup EXIT
trap 'exit 130' INT TERM
echo "# webhooks, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
start_production_parts
receiver_up
start_node a "$PORT_A" "$MGMT_A"
start_node b "$PORT_B" "$MGMT_B"
echo "nodes a and b: prod profile, webhooks to a receiver in its own process on 127.0.0.1:$RCV_PORT (signatures checked), at most 4 requests in flight"
fails=()

# 1. down for 60 s while 200 calls finish
receiver_down
down_at=$(date +%s)
rows 09180 200 > "$TMP/down.csv"; drop_file esms-record down.csv "$TMP/down.csv"
await_value "results_of down.csv" 200 60 || true
finished=$(results_of down.csv)
echo "1. receiver down: $finished of 200 results written $(($(date +%s) - down_at)) s after the drop; $(pending "$PORT_A") events waiting"
while [ $(($(date +%s) - down_at)) -lt 60 ]; do sleep 1; done
receiver_up
back=$(now_ms)
await_value completed 200 60 || true
got=$(completed)
echo "   receiver back after 60 s: $got of 200 call.completed in $(( $(now_ms) - back )) ms; unverified $(rstat unverified), conflicts $(rstat conflicts)"
[ "$got" = 200 ] && [ "$(rstat unverified)" = 0 ] || fails+=("1: $got of 200 after the receiver came back")
await_value "rstat byType.campaign.completed" 1 20 || true

# 2. pace with a fast receiver, then with one answering after 5 s
pace() { # name prefix
  rows "$2" 1000 > "$TMP/$1.csv"
  local start; start=$(now_ms)
  drop_file esms-record "$1.csv" "$TMP/$1.csv"
  local sent="" written=""
  for _ in $(seq 1 1800); do
    [ -z "$sent" ] && [ "$(requests_to "$2")" -ge 1000 ] && sent=$(( $(now_ms) - start ))
    [ -z "$written" ] && [ "$(results_of "$1.csv")" -ge 1000 ] && written=$(( $(now_ms) - start ))
    [ -n "$sent" ] && [ -n "$written" ] && break
    sleep 0.1
  done
  echo "${sent:-timeout} ${written:-timeout}"
}
read -r fast_sent fast_written < <(pace fast 09181)
echo "2. fast receiver: 1,000 calls sent in $fast_sent ms, their results in the file after $fast_written ms"
await_value completed 1200 60 || true
rset "delay-ms=5000&reset=true"
read -r slow_sent slow_written < <(pace slow 09182)
echo "   receiver answering after 5 s: 1,000 calls sent in $slow_sent ms, their results in the file after $slow_written ms;" \
  "meanwhile it received $(rstat requests) requests, at most $(rstat mostInFlight) at once; $(pending "$PORT_A") events waiting"
[ "$(rstat mostInFlight)" -le 4 ] || fails+=("2: $(rstat mostInFlight) requests in flight at once")
python3 -c "import sys; f,s=int(sys.argv[1]),int(sys.argv[2]); sys.exit(0 if s <= f * 1.25 + 2000 else 1)" "$fast_written" "$slow_written" \
  || fails+=("2: results took ${slow_written} ms with the slow receiver, ${fast_written} ms without")
rset "delay-ms=0"
for _ in $(seq 1 120); do [ "$(pending "$PORT_A")" = 0 ] && break; sleep 1; done
echo "   slow receiver made fast again: backlog drained ($(pending "$PORT_A") waiting)"

# 3. deliveries per second: 3,000 events waiting for the receiver
receiver_down
rows 09183 3000 > "$TMP/rate.csv"; drop_file esms-record rate.csv "$TMP/rate.csv"
await_value "results_of rate.csv" 3000 180 || true
for _ in $(seq 1 60); do [ "$(pending "$PORT_A")" -ge 3000 ] && break; sleep 1; done
waiting=$(pending "$PORT_A")
sleep 2 # every retry due (at most 1 s apart here)
receiver_up
await_value completed 3000 120 || true
first=$(rstat firstAt); last=$(rstat lastAt); got=$(completed)
echo "3. $waiting events waiting, receiver back: $got call.completed delivered in $((last - first)) ms," \
  "$(python3 -c "import sys; print(round(int(sys.argv[1]) * 1000 / max(int(sys.argv[2]), 1)))" "$(rstat delivered)" "$((last - first))") deliveries/s (two nodes, at most 4 in flight)"

# 4. kill -9 mid-delivery
rset "delay-ms=200&reset=true"
rows 09184 400 > "$TMP/kill.csv"; drop_file esms-record kill.csv "$TMP/kill.csv"
await_value completed 100 120 || true
before=$(completed)
kill -9 "$NODE_a"
killed=$(now_ms)
echo "4. node a killed (kill -9) after $before of 400 call.completed were delivered"
await_value completed 400 180 || true
got=$(completed)
echo "   (the 400 results were in the file by then: $(results_of kill.csv); node a's calls' callbacks went to node a, dead: their outcomes came by status polling)"
echo "   node b delivered the rest: $got of 400 distinct call.completed in $(( $(now_ms) - killed )) ms; resends (same id, same body) $(rstat resends), conflicts (same id, other body) $(rstat conflicts), unverified $(rstat unverified)"
[ "$got" = 400 ] && [ "$(rstat conflicts)" = 0 ] && [ "$(rstat unverified)" = 0 ] || fails+=("4: $got of 400 after kill -9, $(rstat conflicts) conflicts")
echo "metrics on node b: $(curl -s "127.0.0.1:$MGMT_B/observe/metrics" | grep -E '^voice_webhook' | tr '\n' ' ')"
echo "errors in the nodes' logs: a $(grep -c ' ERROR ' "$TMP/node-a.out" || true), b $(grep -c ' ERROR ' "$TMP/node-b.out" || true)"

if [ ${#fails[@]} = 0 ]; then
  echo "PASS: all delivered after 60 s down and after kill -9, results' pace kept with a slow receiver"
else
  printf 'FAIL: %s\n' "${fails[@]}"
  exit 1
fi
} 2>&1 | tee "$OUT"
exit "${PIPESTATUS[0]}"
