#!/usr/bin/env bash
# Every benchmark, one after the other; each prints its own figures.
#   LECTERN_BENCH_POSTGRES_URL=postgres://… also runs the catalog on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== start-up, memory, binary size"; ./bench/startup.sh
echo; echo "== accounts (bench/auth)"; go run ./bench/auth
echo; echo "== catalog on SQLite (bench/catalog)"; go run ./bench/catalog
if [ -n "${LECTERN_BENCH_POSTGRES_URL:-}" ]; then
  echo; echo "== catalog on PostgreSQL"; go run ./bench/catalog -db "$LECTERN_BENCH_POSTGRES_URL"
fi
