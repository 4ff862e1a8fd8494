#!/usr/bin/env bash
# First impression: a fresh `lectern demo` (what `make run` starts) on an
# empty data directory. Prints how long seeding took until the address was
# printed, and how long after that a headless Chromium shows a full home
# page (the featured and newest rows with course cards).
#   bench/firstrun.sh            (needs chromium; builds bin/lectern-firstrun)
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/lectern-firstrun ./cmd/lectern
data=$(mktemp -d) log=$(mktemp)
addr=127.0.0.1:$((20000 + RANDOM % 20000))
trap 'kill $pid 2>/dev/null || true; rm -rf "$data" "$log"' EXIT
start=$(date +%s.%N)
LECTERN_DATA_DIR=$data LECTERN_ADDR=$addr bin/lectern-firstrun demo >"$log" 2>&1 &
pid=$!
until grep -q "Lectern is running at" "$log"; do
  kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.02
done
printed=$(date +%s.%N)
until curl -sf "http://$addr/api/v1/courses?featured=true" | grep -q '"slug"'; do sleep 0.02; done
api=$(date +%s.%N)
cards=0 tries=0
while [ "$cards" -lt 8 ]; do
  tries=$((tries + 1))
  dom=$(chromium --headless --no-sandbox --disable-gpu --dump-dom --virtual-time-budget=3000 "http://$addr/" 2>/dev/null || true)
  cards=$(grep -o 'data-testid="course-card"' <<<"$dom" | wc -l)
done
full=$(date +%s.%N)
printf 'start to address printed: %.2f s\naddress printed to featured courses from the API: %.2f s\naddress printed to full home page (%d course cards in Chromium, %d page loads incl. Chromium start): %.2f s\n' \
  "$(echo "$printed - $start" | bc)" "$(echo "$api - $printed" | bc)" "$cards" "$tries" "$(echo "$full - $printed" | bc)"
