#!/usr/bin/env bash
# Campaigns run, not fired, on the production topology (production-parts.sh: standalone Artemis and PostgreSQL, the
# simulator in its own process answering in 200 ms, two nodes of target/voice-routes.jar in the prod profile sharing
# an eSMS account of 20 requests/s):
#   1. a 2,000-row file (campaign A) is dropped; after 200 of its calls it is paused through node b's API while node
#      a lists it; another file (campaign B, 200 rows) is dropped: for 30 s the simulator receives no request of A
#      (the ones on the wire as the pause was answered aside) while B's calls go on;
#   2. A is resumed: every row of it is called exactly once in all;
#   3. a 600-row file (campaign C) is stopped after 100 calls: the rest end CANCELLED, and its report lists them.
# Records its output in benchmarks/results/campaign-pause-*.txt.  Usage: benchmarks/campaign-pause.sh (KEEP=1 keeps
# the folder with the logs; ARTEMIS_VERSION, default 2.40.0)
set -euo pipefail
cd "$(dirname "$0")/.."
HOME_DIR=$(pwd)
OUT=benchmarks/results/campaign-pause-$(date -u +%Y%m%d-%H%M%S).txt
TMP=$(mktemp -d /tmp/voice-campaigns.XXXXXX)
chmod 755 "$TMP"
ARTEMIS_VERSION=${ARTEMIS_VERSION:-2.40.0}
JAR=$HOME_DIR/target/voice-routes.jar
source benchmarks/production-parts.sh
# the account's rate, shared by the two nodes
NODE_OPTS="-Desms.requests-per-second=20 -Desms.max-in-flight=4"

api() { # method port path
  curl -s -X "$1" -H "Authorization: Bearer $ADMIN_TOKEN" -H "X-Operator: benchmark" "127.0.0.1:$2$3"
}
campaign_of() { # file name: its campaign's id, as node a lists it
  api GET "$PORT_A" /api/campaigns | python3 -c "import json,sys; print(next((c['id'] for c in json.load(sys.stdin) if c['name'] == '$1'), ''))"
}
rows() { # prefix count: a CSV of that many rows, each phone its own
  echo "phone,name"
  for i in $(seq 0 $(($2 - 1))); do printf '%s%05d,Khách %d\n' "$1" "$i" "$i"; done
}
await_count() { # prefix count timeout-s
  for _ in $(seq 1 $(($3 * 5))); do [ "$(requests_to "$1")" -ge "$2" ] && return 0; sleep 0.2; done
  return 1
}

{
trap cleanup EXIT
trap 'exit 130' INT TERM
echo "# campaign-pause, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
start_production_parts
start_node a "$PORT_A" "$MGMT_A"
start_node b "$PORT_B" "$MGMT_B"
echo "nodes a and b: prod profile, one eSMS account of 20 requests/s shared, 4 calls in flight per node"

# 1. pause A after 200 calls
rows 09150 2000 > "$TMP/a.csv"; drop_file esms-record campaign-a.csv "$TMP/a.csv"
await_count 09150 200 120 || { echo "FAIL: campaign A never reached 200 calls"; exit 1; }
A=$(campaign_of campaign-a.csv)
paused=$(api POST "$PORT_B" "/api/campaigns/$A/pause")
at_pause=$(requests_to 09150)
echo "campaign A ($A): paused through node b after $at_pause calls: $paused"
rows 09160 200 > "$TMP/b.csv"; drop_file esms-record campaign-b.csv "$TMP/b.csv"
sleep 1 # what was on the wire as the pause was answered arrives (at most 4 calls a node)
settled=$(requests_to 09150)
start=$(date +%s)
await_count 09160 200 60 || true
b_placed=$(requests_to 09160)
while [ $(($(date +%s) - start)) -lt 30 ]; do sleep 1; done
after=$(requests_to 09150)
echo "campaign A: $((settled - at_pause)) request(s) on the wire at the pause, then $((after - settled)) in the next 30 s; campaign B meanwhile: $b_placed of 200 calls"
state=$(api GET "$PORT_A" /api/campaigns | python3 -c "import json,sys; print(next(c['state'] for c in json.load(sys.stdin) if c['id'] == '$A'))")
echo "campaign A's state on node a: $state"

# 2. resume A: every row once in all
api POST "$PORT_A" "/api/campaigns/$A/resume" > /dev/null
resumed=$(date +%s)
await_count 09150 2000 300 || true
total=$(requests_to 09150)
echo "campaign A resumed through node a: $total requests of 2,000 rows in all, the rest in $(($(date +%s) - resumed)) s"
sleep 3
total=$(requests_to 09150); twice=$(sim_stat phonesCalledTwice)
echo "simulator: $(stats)"

# 3. stop C after 100 calls: the rest CANCELLED, listed in its report
rows 09170 600 > "$TMP/c.csv"; drop_file esms-record campaign-c.csv "$TMP/c.csv"
await_count 09170 100 120 || true
C=$(campaign_of campaign-c.csv)
stopped=$(api POST "$PORT_B" "/api/campaigns/$C/stop")
echo "campaign C ($C): stopped through node b after $(requests_to 09170) calls: $stopped"
report=""
for _ in $(seq 1 120); do
  report=$(ls "$WORK"/outbox/reports/*campaign-c.csv.report.csv 2>/dev/null | head -1 || true)
  [ -n "$report" ] && break
  sleep 1
done
c_placed=$(requests_to 09170)
cancelled=$( [ -n "$report" ] && grep -c ',CANCELLED,cancelled by operator' "$report" || echo 0)
echo "campaign C: $c_placed calls placed, $cancelled rows CANCELLED in its report ($(basename "${report:-none}")); $(tail -1 "${report:-/dev/null}" 2>/dev/null | cut -c1-160)"
echo "errors in the nodes' logs: a $(grep -c ' ERROR ' "$TMP/node-a.out" || true), b $(grep -c ' ERROR ' "$TMP/node-b.out" || true)"

if [ "$((after - settled))" = 0 ] && [ "$b_placed" = 200 ] && [ "$state" = PAUSED ] && [ "$total" = 2000 ] && [ "$twice" = 0 ] \
   && [ -n "$report" ] && [ "$((c_placed + cancelled))" = 600 ]; then
  echo "PASS: paused, no request of A for 30 s while B was called; resumed, A's 2,000 rows called once each; C stopped, $cancelled rows CANCELLED and listed"
else
  echo "FAIL: A after the pause $((after - settled)), B $b_placed/200, A's state $state, A in all $total/2000, called twice $twice, C placed $c_placed + cancelled $cancelled of 600"
  status=1
fi
exit "${status:-0}"
} 2>&1 | tee "$OUT"
exit "${PIPESTATUS[0]}"
