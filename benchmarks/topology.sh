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
# shared with campaign-pause.sh: the broker, the database, the simulator, start_node
source benchmarks/production-parts.sh

{
trap cleanup EXIT
trap 'exit 130' INT TERM
echo "# topology, $(date -u +%FT%TZ), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, $(java -version 2>&1 | head -1)"
start_production_parts
echo "nodes: prod profile, calling window open, eSMS account at 100 requests/s shared by the nodes, 4 calls in flight per node, claims of 20 s, status polls after 15 s;"
echo "  a call whose answer died with its node is answered 124 when sent again and names no SMSID to poll: EXPIRED after 120 s"

phone() { printf '09%d%d%d%05d' "$1" "$2" "$3" "$4"; } # run, channel, part, index: every call of the whole script its own phone
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
