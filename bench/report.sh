#!/usr/bin/env bash
# Biểu II.06a for one year over the report facts of a long history (default: 10 million
# dossiers over 10 years, 133 procedures, 3 channels — every key busy every day), on SQLite and
# PostgreSQL, release build; each query timed 5 times, the median printed.
#   bench/report.sh [DOSSIERS] [YEARS] [PROCEDURES]
set -euo pipefail
cd "$(dirname "$0")/.."
dossiers="${1:-10000000}"; years="${2:-10}"; procedures="${3:-133}"
cargo build --release --quiet -p motcua
bin="${CARGO_TARGET_DIR:-target}/release/motcua"
pg_admin="${MOTCUA_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
args=(--dossiers "$dossiers" --years "$years" --procedures "$procedures" --runs 5)
dir="$(mktemp -d)"
echo "== SQLite"
"$bin" bench report --data-dir "$dir" "${args[@]}"
rm -rf "$dir"
if psql "$pg_admin" -qtAc 'SELECT 1' >/dev/null 2>&1; then
  db="motcua_bench_report_$$"
  psql "$pg_admin" -qc "CREATE DATABASE $db"
  echo "== PostgreSQL"
  "$bin" bench report --database-url "${pg_admin%/*}/$db" "${args[@]}"
  psql "$pg_admin" -qc "DROP DATABASE $db WITH (FORCE)"
fi
