#!/usr/bin/env bash
# The officers' search (`/work?tab=all`) over N generated dossiers on SQLite (and PostgreSQL
# when MOTCUA_BENCH_POSTGRES_URL is set): the query plans and timings of the statements
# `crates/store/src/dossiers/list.rs` runs — a count and one page, due first — for an agency's
# whole list, a name search, a date range and the overdue filter.
#   bench/search.sh [N]          (default 1000000)
# The table is made by the real migrations (0002, 0011, 0027); rows are spread over 20
# agencies, 13 statuses and two years.
set -euo pipefail
N=${1:-1000000}
here=$(cd "$(dirname "$0")/.." && pwd)
mig=$here/crates/store/migrations
db=$(mktemp -d)/search.db

gen_rows='
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < '"$N"')
INSERT INTO dossiers (code, receiving_agency, agency_code, procedure_code, procedure_version_id,
  channel, status, national_status, applicant_name, owner_account, owner_user, owner_unit,
  submitted_at, received_at, due_at, version, snapshot, search_text, updated_at)
SELECT printf("A%02d-%06d", i % 20, i), printf("A%02d", (i * 7) % 20), printf("A%02d", i % 20),
  printf("P%03d", i % 300), 1, "direct",
  CASE i % 13 WHEN 0 THEN "submitted" WHEN 1 THEN "received" WHEN 2 THEN "processing"
    WHEN 3 THEN "awaiting_supplement" ELSE "returned" END,
  1, printf("Cong ty %d", i), NULL, CASE WHEN i % 13 = 2 THEN printf("u%d", i % 50) END,
  CASE WHEN i % 13 = 1 THEN printf("A%02d/U%d", i % 20, i % 5) END,
  strftime("%Y-%m-%dT%H:%M:%SZ", "2025-01-01", printf("+%d minutes", i)),
  strftime("%Y-%m-%dT%H:%M:%SZ", "2025-01-01", printf("+%d minutes", i + 60)),
  strftime("%Y-%m-%dT%H:%M:%SZ", "2025-01-01", printf("+%d minutes", i + 20000)),
  3, "{}", printf(" a%02d-%06d cong ty %d %010d ", i % 20, i, i, i), "2025-01-01T00:00:00Z"
FROM n;'

where_all="(agency_code = 'A03' OR receiving_agency = 'A03')"
queries=(
  "$where_all"
  "search_text LIKE '% cong ty 123%' AND $where_all"
  "$where_all AND received_at >= '2025-06-01T00:00:00Z' AND received_at < '2025-06-08T00:00:00Z'"
  "status IN ('received', 'processing') AND $where_all AND due_at < '2025-09-01T00:00:00Z'"
)

echo "== SQLite, $N dossiers"
{
  echo "CREATE TABLE procedures (id INTEGER PRIMARY KEY);"
  cat "$mig/sqlite/0002_dossiers.sql"
  echo "CREATE TABLE outbox (id INTEGER PRIMARY KEY, dossier_code TEXT);"
  echo "CREATE INDEX outbox_dossier ON outbox (dossier_code);"
  cat "$mig/sqlite/0011_lean_indexes.sql" "$mig/sqlite/0027_officer_search.sql"
  echo "$gen_rows"
  echo "ANALYZE;"
} | sqlite3 "$db"
for w in "${queries[@]}"; do
  echo "-- WHERE $w"
  sqlite3 "$db" <<SQL
.timer on
EXPLAIN QUERY PLAN SELECT COUNT(*) FROM dossiers WHERE $w;
SELECT COUNT(*) FROM dossiers WHERE $w;
SELECT code FROM dossiers WHERE $w
  ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, submitted_at, code LIMIT 20 OFFSET 0;
SQL
done | grep -v '^A[0-9]' 
rm -rf "$(dirname "$db")"
