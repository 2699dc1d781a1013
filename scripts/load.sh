#!/usr/bin/env bash
# HTTP load test at scale: builds the release binary, generates a corpus
# (1000× the seeds by default: 1000 places × 5 documents), bulk-loads it
# (timed), serves it on a loopback port, and drives representative GraphQL
# queries with wrk (or oha), each for a bounded time. Prints throughput,
# p50/p99 and each query's latency relative to `{ __typename }` in the same
# run, the ingest time, the time to ingest one more document into the
# loaded store, and the server's peak RSS (VmHWM).
#
# Usage: scripts/load.sh [PLACES] [DOCS_PER_PLACE]
# Env:   DURATION (seconds per query, default 10), CONNECTIONS (default 2),
#        RESPONSE_CACHE (answers the server caches, default 0: every request
#        is answered, not replayed),
#        PORT (default 18473), CARGO_TARGET_DIR (default target).
# Needs: wrk (apt-get install wrk) or oha (cargo install oha).
set -euo pipefail

PLACES=${1:-1000}
DOCS_PER_PLACE=${2:-5}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-2}
PORT=${PORT:-18473}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/dutygraph
URL=http://127.0.0.1:$PORT/graphql

if command -v wrk >/dev/null; then
    TOOL=wrk
elif command -v oha >/dev/null; then
    TOOL=oha
else
    echo "load.sh needs wrk (apt-get install wrk) or oha (cargo install oha)" >&2
    exit 1
fi

echo "== build (release)"
(cd "$ROOT" && CARGO_TARGET_DIR=$TARGET cargo build --release --quiet --bin dutygraph)

WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [[ -n $SERVER ]] && kill -0 "$SERVER" 2>/dev/null; then
        kill -TERM "$SERVER"
        wait "$SERVER" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== generate $PLACES places × $DOCS_PER_PLACE documents"
"$BIN" gen --places "$PLACES" --docs-per-place "$DOCS_PER_PLACE" --seed 1 --out "$WORK/corpus"
# One document is held back to time a single ingest into the loaded store.
EXTRA=$(ls "$WORK/corpus" | grep '\.txt$' | tail -1)
EXTRA_PLACE=$(grep -A1 "file = \"$EXTRA\"" "$WORK/corpus/manifest.toml" | sed -n 's/^place = "\(.*\)"/\1/p')
mkdir -p "$WORK/extra"
mv "$WORK/corpus/$EXTRA" "$WORK/extra/"
python3 - "$WORK/corpus/manifest.toml" "$EXTRA" <<'EOF'
import sys
path, extra = sys.argv[1], sys.argv[2]
blocks = open(path, encoding="utf-8").read().split("\n[[document]]\n")
kept = [b for b in blocks if f'file = "{extra}"' not in b]
open(path, "w", encoding="utf-8").write("\n[[document]]\n".join(kept))
EOF
du -sh "$WORK/corpus" | sed 's/^/corpus size: /'

echo "== bulk ingest"
START=$(date +%s.%N)
# The CLI fails when the reader refuses any document; the load test goes on
# with the documents that were stored, and the summary says how many.
/usr/bin/time -f "ingest peak RSS %M KiB" "$BIN" --data "$WORK/data" ingest --format json "$WORK/corpus" \
    > "$WORK/ingest.json" 2> "$WORK/ingest.err" || true
END=$(date +%s.%N)
grep -E '^refused|peak RSS' "$WORK/ingest.err" || true
cat "$WORK/ingest.json"
grep -q '"created": [1-9]' "$WORK/ingest.json" || { cat "$WORK/ingest.err" >&2; exit 1; }
INGEST_SECONDS=$(echo "$END - $START" | bc)
echo "bulk ingest wall time: ${INGEST_SECONDS}s (process total, including opening the store)"

echo "== one more document into the loaded store (opens the store, builds the catalog, ingests)"
START=$(date +%s.%N)
DUTYGRAPH_LOG=warn "$BIN" --data "$WORK/data" ingest --format json --place "$EXTRA_PLACE" "$WORK/extra/$EXTRA" | grep -E '"(created|tasks)"'
END=$(date +%s.%N)
echo "single ingest wall time: $(echo "$END - $START" | bc)s"

echo "== serve on 127.0.0.1:$PORT"
DUTYGRAPH_RESPONSE_CACHE=${RESPONSE_CACHE:-0} DUTYGRAPH_LOG=warn "$BIN" --data "$WORK/data" serve --bind "127.0.0.1:$PORT" &
SERVER=$!
START=$(date +%s.%N)
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do
    kill -0 "$SERVER" || { echo "server died" >&2; exit 1; }
    sleep 0.2
done
echo "server ready after $(echo "$(date +%s.%N) - $START" | bc)s"
grep -E "VmRSS|VmHWM" "/proc/$SERVER/status" | sed 's/^/after start: /'

# A place that exists in the generated corpus, for place-scoped queries.
PLACE=$(curl -sf -H 'content-type: application/json' -d '{"query":"{ places { name } }"}' "$URL" |
    python3 -c 'import json,sys; print(sorted(p["name"] for p in json.load(sys.stdin)["data"]["places"])[0])')

declare -a NAMES QUERIES
add() { NAMES+=("$1"); QUERIES+=("$2"); }
add typename '{ __typename }'
add dashboard_tasks '{ tasks(first: 50) { totalCount edges { node { number text deadline ongoing place { name } leads { rank printedName department { name category } } } } } }'
add rankings_all '{ rankings(by: PRIMARY_LEAD, first: 10) { totalTasks entries { rank count share label } } }'
add rankings_merged '{ rankings(scope: { mergeByCategory: true }, first: 10) { totalTasks entries { rank count name } } }'
add overlap_matrix '{ overlapMatrix(top: 10) { labels shared jaccard } }'
add pagerank_all '{ centrality(measure: PAGERANK, first: 10) { nodeCount scores { rank value actor { label } } } }'
add pagerank_place "{ centrality(scope: { places: [\"$PLACE\"] }, measure: PAGERANK, first: 10) { nodeCount scores { rank value actor { label } } } }"
add search_common '{ searchResults(query: "养老服务", first: 20) { totalCount hits { score field snippet task { number place { name } } } } }'
add search_rare '{ searchResults(query: "医养结合", first: 20) { totalCount hits { score field snippet task { number place { name } } } } }'
add milestone_timeline "{ milestones(from: \"2020-10-01\", to: \"2020-12-31\", place: \"$PLACE\") { date kind text task { number leads { printedName } } } }"

body() { python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1]}))' "$1"; }

# Each query once first: checks it answers without errors and fills caches,
# so the timed runs measure cached answers.
for i in "${!NAMES[@]}"; do
    RESPONSE=$(curl -sf -H 'content-type: application/json' -d "$(body "${QUERIES[$i]}")" "$URL")
    if grep -q '"errors"' <<<"$RESPONSE"; then
        echo "${NAMES[$i]} answered with errors: ${RESPONSE:0:400}" >&2
        exit 1
    fi
done

run_wrk() { # name body → "rps p50_ms p99_ms"
    printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' \
        "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$2")" > "$WORK/$1.lua"
    wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/$1.lua" "$URL" > "$WORK/$1.out"
    python3 - "$WORK/$1.out" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def ms(v):
    n, unit = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 1e-3, "ms": 1, "s": 1e3}[unit]
pct = dict(re.findall(r"^\s+(\d+)%\s+(\S+)", text, re.M))
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors:
    sys.exit(f"{errors.group(1)} failed responses")
print(rps, ms(pct["50"]), ms(pct["99"]))
EOF
}

run_oha() {
    oha -z "${DURATION}s" -c "$CONNECTIONS" --no-tui --output-format json -m POST \
        -H 'content-type: application/json' -d "$2" "$URL" > "$WORK/$1.json"
    python3 - "$WORK/$1.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
p = r["latencyPercentiles"]
print(r["summary"]["requestsPerSec"], p["p50"] * 1e3, p["p99"] * 1e3)
EOF
}

echo "== load: $TOOL, $CONNECTIONS connections, ${DURATION}s per query, loopback"
printf '| %-18s | %9s | %9s | %9s | %12s |\n' query req/s p50_ms p99_ms p50/typename
printf '|%s|%s|%s|%s|%s|\n' -------------------- ----------- ----------- ----------- --------------
BASE=""
for i in "${!NAMES[@]}"; do
    read -r RPS P50 P99 < <("run_$TOOL" "${NAMES[$i]}" "$(body "${QUERIES[$i]}")")
    BASE=${BASE:-$P50}
    printf '| %-18s | %9.0f | %9.3f | %9.3f | %11.2fx |\n' "${NAMES[$i]}" "$RPS" "$P50" "$P99" \
        "$(echo "$P50 / $BASE" | bc -l)"
done

grep VmHWM "/proc/$SERVER/status" | sed 's/^/server peak RSS (VmHWM) after the load: /'
