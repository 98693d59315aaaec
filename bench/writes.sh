#!/usr/bin/env bash
# Sustained write throughput of the dossier use cases on SQLite (durable: WAL, group commit, the
# WAL fsync'd before a write is answered) and on PostgreSQL, on a release build. Quote the
# medians of several runs.
#   bench/writes.sh [CONCURRENCY] [SECONDS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
concurrency="${1:-64}"; seconds="${2:-10}"; runs="${3:-3}"
cargo build --release --quiet -p motcua
bin="${CARGO_TARGET_DIR:-target}/release/motcua"
pg_admin="${MOTCUA_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
for run in $(seq 1 "$runs"); do
  dir="$(mktemp -d)"
  echo "== SQLite, run $run"
  "$bin" bench writes --data-dir "$dir" --concurrency "$concurrency" --seconds "$seconds"
  rm -rf "$dir"
  if psql "$pg_admin" -qtAc 'SELECT 1' >/dev/null 2>&1; then
    db="motcua_bench_$$_$run"
    psql "$pg_admin" -qc "CREATE DATABASE $db"
    echo "== PostgreSQL, run $run"
    "$bin" bench writes --database-url "${pg_admin%/*}/$db" --concurrency "$concurrency" --seconds "$seconds"
    psql "$pg_admin" -qc "DROP DATABASE $db WITH (FORCE)"
  fi
done
