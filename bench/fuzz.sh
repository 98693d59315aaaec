#!/usr/bin/env bash
# Fuzzes the JSON API against its own OpenAPI document with schemathesis (issue #18, finding 8):
# the demo server on a fresh SQLite database, signed in as the demo administrator (so the
# officers' and administrators' operations are reached too), every operation with up to
# MAX_EXAMPLES_PER_OPERATION property-based cases per phase (examples, coverage, fuzzing,
# stateful). Passes only with 0 server errors and 0 responses that the document does not
# describe (status, content type, body schema). Prints the requests the server answered, by
# status, from its own /metrics; the full output stays in $CARGO_TARGET_DIR/fuzz/.
#   bench/fuzz.sh [MAX_EXAMPLES_PER_OPERATION]      (needs python3; installs schemathesis in a venv)
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-300}"
venv="${FUZZ_VENV:-${TMPDIR:-/tmp}/motcua-fuzz-venv}"
if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/python" -c 'import pyotp' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet schemathesis pyotp
fi
cargo build --quiet -p motcua
bin="${CARGO_TARGET_DIR:-target}/debug/motcua"
dir="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
metrics_token="fuzz-metrics-$$"
MOTCUA_METRICS_TOKEN="$metrics_token" MOTCUA_DEMO_DOSSIERS=0 "$bin" serve --demo --data-dir "$dir" --addr "127.0.0.1:$port" >"$dir/server.log" 2>&1 &
server=$!
# The full output and the NDJSON events stay for reading after the run.
out="${FUZZ_OUT:-${CARGO_TARGET_DIR:-target}/fuzz}"
mkdir -p "$out"
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; cp -f "$dir"/fuzz-*.txt "$dir"/events-*.ndjson "$dir"/server.log "$out"/ 2>/dev/null || true; rm -rf "$dir"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fsS "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
# The administrator enrols a second factor first (administrators act as such only with one);
# two sessions: the revoking operations (DELETE) run in a pass of their own, as they may end
# the session they run in, which would leave the rest of the run to answer only 401.
tokens=$("$venv/bin/python" bench/admin_token.py "$base" quantri demo-quantri 2)
token=$(echo "$tokens" | sed -n 1p); token2=$(echo "$tokens" | sed -n 2p)
fuzz() { # NAME TOKEN [SCHEMATHESIS OPTIONS...]
  local name=$1 tok=$2; shift 2
  "$venv/bin/schemathesis" run "$base/api/openapi.json" \
    --url "$base" \
    --header "Authorization: Bearer $tok" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$examples" \
    --mode all --seed 18 \
    --report ndjson --report-ndjson-path "$dir/events-$name.ndjson" \
    "$@" 2>&1 | tee "$dir/fuzz-$name.txt" | tail -25
  return "${PIPESTATUS[0]}"
}
rc=0
echo "== pass 1: every operation but DELETE"
fuzz main "$token" --exclude-method DELETE || rc=$?
echo "== pass 2: DELETE operations"
fuzz delete "$token2" --include-method DELETE || rc=$?
echo "== requests answered by the server, by status (from /metrics):"
curl -fsS -H "Authorization: Bearer $metrics_token" "$base/metrics" \
  | grep '^motcua_http_requests_total' | grep 'path="/api/' \
  | sed -E 's/.*status="([0-9]+)".* ([0-9.e+]+)$/\1 \2/' \
  | awk '{n[$1]+=$2; t+=$2} END {for (s in n) printf "  %s %d\n", s, n[s]; printf "  total %d\n", t}' | sort
exit "$rc"
