#!/usr/bin/env bash
# Cold start time (exec to the first 200 from /healthz, fresh data dir, so
# it includes creating the database and running every migration), idle
# memory (RSS) after 5 s, and the binary size.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)/lectern
go build -trimpath -ldflags "-s -w" -o "$bin" ./cmd/lectern
echo "binary: $(du -h "$bin" | cut -f1) ($(stat -c %s "$bin") bytes, UI embedded: $(test -f web/dist/index.html && echo yes || echo no))"
for run in 1 2 3; do
  data=$(mktemp -d)
  start=$(date +%s%N)
  LECTERN_DATA_DIR=$data LECTERN_ADDR=127.0.0.1:18765 "$bin" serve >/dev/null 2>&1 &
  pid=$!
  until curl -fs http://127.0.0.1:18765/healthz >/dev/null 2>&1; do sleep 0.005; done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 5
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill -TERM $pid; wait $pid || true
  # warm start: the same data dir again (no migrations to run)
  start=$(date +%s%N)
  LECTERN_DATA_DIR=$data LECTERN_ADDR=127.0.0.1:18765 "$bin" serve >/dev/null 2>&1 &
  pid=$!
  until curl -fs http://127.0.0.1:18765/healthz >/dev/null 2>&1; do sleep 0.005; done
  warm=$(( ($(date +%s%N) - start) / 1000000 ))
  kill -TERM $pid; wait $pid || true
  rm -rf "$data"
  echo "run $run: cold start ${ready} ms (fresh database), warm start ${warm} ms, idle RSS $((rss / 1024)) MiB"
done
