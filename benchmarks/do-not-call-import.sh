#!/usr/bin/env bash
# Decree 91's Do-Not-Call register, imported the way an operator does it: the application from the jar on its
# embedded defaults, a ROWS-number file (1,000,000) in the forms the channels accept (0912 345 678, +84912345678,
# 84912345678; one line in 10,000 not a number) dropped into <work>/inbox/do-not-call/ as replace-register.txt; the
# time from the drop to the file in .done/, and what the import logged. Records its output in benchmarks/results/.
# Usage: benchmarks/do-not-call-import.sh [ROWS]  (APP_OPTS)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
OUT=benchmarks/results/do-not-call-import-$(date -u +%Y%m%d-%H%M%S).txt
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; sleep 1; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT

source benchmarks/lib.sh
snapshot_jar "$TMP"
SIM_PORT=$(free_port); HTTP_PORT=$(free_port); BROKER_PORT=$(free_port)
{
  echo "# do-not-call import, $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src routes config || echo '+changes')"
  start_app "$TMP/home/voice-routes.jar" "$TMP/home" "$TMP" "$SIM_PORT" "$HTTP_PORT" "$BROKER_PORT" -Dvoice.simulator.enabled=true -Dvoice.simulator.port="$SIM_PORT"
  trap 'kill "$APP" 2>/dev/null || true' EXIT
  echo "application: java -jar -Xmx256m, embedded defaults"
  awk -v n="$ROWS" 'BEGIN { for (i = 0; i < n; i++) { m = i % 3; d = sprintf("%08d", i);
      if (i % 10000 == 9999) print "not a number " i;
      else if (m == 0) printf "09%s %s %s\n", substr(d, 1, 2), substr(d, 3, 3), substr(d, 6, 3);
      else if (m == 1) printf "+849%s\n", d; else printf "849%s\n", d } }' > "$TMP/replace-register.txt"
  echo "file: $ROWS lines, $(du -h "$TMP/replace-register.txt" | cut -f1)"
  dropped=$(now)
  mv "$TMP/replace-register.txt" "$TMP/work/inbox/do-not-call/replace-register.txt"
  for _ in $(seq 1 1200); do
    ls "$TMP/work/inbox/do-not-call/.done/" 2>/dev/null | grep -q replace-register.txt && break
    kill -0 "$APP" 2>/dev/null || { echo "application ended"; tail -30 "$TMP/app.out"; exit 1; }
    sleep 0.2
  done
  done_at=$(now)
  awk -v d="$dropped" -v w="$done_at" 'BEGIN { printf "drop to imported (file in .done/): %.1f s\n", w - d }'
  grep -a "do-not-call file" "$TMP/app.out" | sed 's/^.* - /import: /' | tail -1
  echo "errors file: $(($(wc -l < "$TMP/work/errors/do-not-call/replace-register.txt.errors.csv") - 1)) lines refused"
  echo "heap after: $(jcmd "$APP" GC.heap_info 2>/dev/null | grep -m1 -o 'used [0-9]*K' || echo n/a)"
  kill -TERM "$APP"; wait "$APP" 2>/dev/null || true
} 2>&1 | tee "$OUT"
