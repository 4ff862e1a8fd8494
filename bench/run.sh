#!/usr/bin/env bash
# Every benchmark, one after the other; each prints its own figures.
#   LECTERN_BENCH_POSTGRES_URL=postgres://… also runs the catalog on PostgreSQL.
#   bench/firstrun needs Chromium; the video benchmarks need ffmpeg; bench/segments also nginx (and wrk):
#   apt-get install -y ffmpeg nginx-light wrk. Without them they are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== start-up, memory, binary size"; ./bench/startup.sh
if command -v chromium >/dev/null || [ -n "${LECTERN_CHROMIUM:-}" ]; then
  echo; echo "== first run: address printed to a full home page (bench/firstrun)"; go run ./bench/firstrun
else
  echo; echo "== bench/firstrun skipped: Chromium not installed (apt-get install -y chromium)"
fi
echo; echo "== accounts (bench/auth)"; go run ./bench/auth
echo; echo "== catalog on SQLite (bench/catalog)"; go run ./bench/catalog
if [ -n "${LECTERN_BENCH_POSTGRES_URL:-}" ]; then
  echo; echo "== catalog on PostgreSQL"; go run ./bench/catalog -db "$LECTERN_BENCH_POSTGRES_URL"
fi
if command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; then
  echo; echo "== transcode: Go job vs bare ffmpeg vs one process per rung (bench/transcode)"; go run ./bench/transcode
  if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
    echo; echo "== segment serving: lectern vs nginx (bench/segments)"; go run ./bench/segments
  else
    echo; echo "== bench/segments skipped: nginx not installed (apt-get install -y nginx-light wrk)"
  fi
else
  echo; echo "== bench/transcode and bench/segments skipped: ffmpeg not installed (apt-get install -y ffmpeg)"
fi
echo; echo "== uploads: tus vs plain PUT (bench/upload)"; go run ./bench/upload
echo; echo "== load and faults (bench/load)"; go run ./bench/load browse; go run ./bench/load logins; if command -v ffmpeg >/dev/null; then go run ./bench/load viewers; if [ -n "${LECTERN_BENCH_FAULTS:-}" ]; then go run ./bench/load faults; else echo "bench/load faults skipped: it stops PostgreSQL and Redis; set LECTERN_BENCH_FAULTS=1"; fi; else echo "bench/load viewers and faults skipped: ffmpeg not installed"; fi
