#!/usr/bin/env bash
# Fuzzes the JSON API against its own OpenAPI document with schemathesis (issue #18, finding 8):
# the demo server on a fresh SQLite database, signed in as the demo administrator (so the
# officers' operations are reached too), every operation, property-based cases until at least
# FUZZ_REQUESTS requests were sent. Passes only with 0 server errors and 0 responses that the
# document does not describe (status, content type, body schema).
#   bench/fuzz.sh [MAX_EXAMPLES_PER_OPERATION]      (needs python3; installs schemathesis in a venv)
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-300}"
venv="${FUZZ_VENV:-${TMPDIR:-/tmp}/motcua-fuzz-venv}"
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet schemathesis
fi
cargo build --quiet -p motcua
bin="${CARGO_TARGET_DIR:-target}/debug/motcua"
dir="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
MOTCUA_DEMO_DOSSIERS=0 "$bin" serve --demo --data-dir "$dir" --addr "127.0.0.1:$port" >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fsS "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
token=$(curl -fsS -X POST "$base/api/v1/sessions" -H 'content-type: application/json' \
  -d '{"username":"quantri","password":"demo-quantri"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$venv/bin/schemathesis" run "$base/api/openapi.json" \
  --url "$base" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$examples" \
  --mode all --seed 18 \
  --report ndjson --report-ndjson-path "$dir/events.ndjson" \
  2>&1 | tee "$dir/fuzz.txt" | tail -40
rc=${PIPESTATUS[0]}
echo "== requests answered by the server, by status (from /metrics):"
curl -fsS -H "Authorization: Bearer $token" "$base/metrics" \
  | grep '^motcua_http_requests_total' | grep 'path="/api/' \
  | sed -E 's/.*status="([0-9]+)".* ([0-9.e+]+)$/\1 \2/' \
  | awk '{n[$1]+=$2; t+=$2} END {for (s in n) printf "  %s %d\n", s, n[s]; printf "  total %d\n", t}' | sort
exit "$rc"
