#!/usr/bin/env bash
# `make serve-edge`: the site as `make serve` runs it (gunicorn on BIND, with its background worker), and Varnish in
# front of it on EDGE_BIND (edge/positions.vcl), stopped together however this script ends.
# Reads its settings from the environment, as bench/serve.sh does; see README "The edge cache".
set -euo pipefail
cd "$(dirname "$0")/.."
: "${SECRET_KEY:?SECRET_KEY must be set (see deploy.env.example)}"
PATH="$PATH:/usr/sbin" command -v varnishd >/dev/null || { echo "varnishd not found: apt-get install varnish" >&2; exit 1; }
export BIND="${BIND:-127.0.0.1:8000}"
export EDGE_BIND="${EDGE_BIND:-127.0.0.1:8080}"
# Every data change (a save in the admin, the worker's, a fixture load) tells this Varnish to forget older pages.
export EDGE_PURGE_URL="${EDGE_PURGE_URL:-http://${EDGE_BIND}/}"
# Varnish appends each reader's address to X-Forwarded-For: counted by it (render slots, admin logins), readers are
# not all one client at 127.0.0.1. With a TLS proxy in front of Varnish that appends too, set PROXY_COUNT=2.
export PROXY_COUNT="${PROXY_COUNT:-1}"

# Varnish first: the fixture load at the server's start (an empty database) purges it.
.venv/bin/python -m edge.varnish --origin "$BIND" --listen "$EDGE_BIND" &
edge=$!
bash bench/serve.sh &
server=$!
stop() {
    trap - EXIT INT TERM
    kill -TERM "$server" "$edge" 2>/dev/null || true
    wait "$server" "$edge" 2>/dev/null || true
}
trap stop EXIT INT TERM
echo "Varnish on http://${EDGE_BIND}/ in front of gunicorn on http://${BIND}/"
# Either one ending (a crash, a stop asked of it) ends both.
status=0
wait -n "$server" "$edge" || status=$?
exit "$status"
