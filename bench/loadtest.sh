#!/usr/bin/env bash
# `make loadtest`: 100 requests/s for 60 s on the compare page, then on a filtered demands page, against
# the production server (gunicorn, DEBUG off) on PostgreSQL with the curated data. A benchmark, not a test:
# it prints hey's summary (p95, p99, errors) for each page and exits non-zero if any request failed.
set -euo pipefail
cd "$(dirname "$0")/.."

RATE_PER_WORKER=10 WORKERS=10 DURATION=${DURATION:-60s}
PORT=${PORT:-8031}
DB=ceasefire_loadtest

command -v hey >/dev/null || { apt-get update -qq && apt-get install -y -qq hey >/dev/null; }
psql -h 127.0.0.1 -U postgres -d postgres -q -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export SECRET_KEY="loadtest-only-$(head -c 24 /dev/urandom | base64)"
export BIND="127.0.0.1:$PORT" WEB_CONCURRENCY=${WEB_CONCURRENCY:-4}
bash bench/serve.sh > /tmp/ceasefire-loadtest-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/compare/" >/dev/null && break; sleep 0.5; done

status=0
for path in "/compare/" "/demands/?from=2025-05-01&to=2025-06-30&party=russia"; do
    echo "== $path  (${WORKERS} workers x ${RATE_PER_WORKER} req/s for ${DURATION})"
    out=$(hey -z "$DURATION" -c "$WORKERS" -q "$RATE_PER_WORKER" "http://127.0.0.1:$PORT$path")
    echo "$out" | sed -n '/Summary/,/Latency distribution/p;/Latency distribution/,/Details/p;/Status code distribution/,$p'
    if echo "$out" | grep -q "Error distribution"; then status=1; fi
    if echo "$out" | grep -E "^\s+\[[0-9]+\]" | grep -vq "^\s*\[200\]"; then status=1; fi
done
exit $status
