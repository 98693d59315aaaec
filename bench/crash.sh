#!/usr/bin/env bash
# kill -9 the real server under concurrent submissions and step transitions; every acknowledged
# write must survive, codes stay unique, `motcua doctor` passes (integrity_check, event chains).
#   bench/crash.sh [SQLITE_CYCLES] [PG_CYCLES]      (PostgreSQL when it answers)
set -euo pipefail
cd "$(dirname "$0")/.."
sqlite_cycles="${1:-20}"; pg_cycles="${2:-5}"
bin="${MOTCUA_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --quiet -p motcua
  bin="${CARGO_TARGET_DIR:-target}/debug/motcua"
fi
echo "== SQLite, $sqlite_cycles cycles"
python3 bench/crash.py "$bin" "$sqlite_cycles"
pg_admin="${MOTCUA_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if psql "$pg_admin" -qtAc 'SELECT 1' >/dev/null 2>&1; then
  db="motcua_crash_$$"
  psql "$pg_admin" -qc "CREATE DATABASE $db"
  echo "== PostgreSQL, $pg_cycles cycles"
  python3 bench/crash.py "$bin" "$pg_cycles" --database-url "${pg_admin%/*}/$db"
  psql "$pg_admin" -qc "DROP DATABASE $db WITH (FORCE)"
fi
