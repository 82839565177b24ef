#!/usr/bin/env bash
# Production serving: gunicorn + whitenoise (hashed, compressed static files), DEBUG off.
# Reads its settings from the environment; see README "Deployment" and deploy.env.example.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${SECRET_KEY:?SECRET_KEY must be set (see deploy.env.example)}"
export DEBUG=0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_curated
# The background tasks' worker (proposing an intake's positions, negotiations/intake/tasks.py) runs beside the
# server and stops with it: the trap ends it however this script ends.
.venv/bin/python manage.py db_worker &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null || true' EXIT
# No control socket: gunicorn's default path (~/.gunicorn/gunicorn.ctl) is one per user, so a second server on
# the host removed the first's; nothing here uses it.
.venv/bin/gunicorn config.wsgi \
    --bind "${BIND:-127.0.0.1:8000}" \
    --workers "${WEB_CONCURRENCY:-3}" \
    --access-logfile - \
    --error-logfile - \
    --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-${TRUSTED_PROXIES:-127.0.0.1,::1}}" \
    --no-control-socket &
server=$!
# A stop asked of this script (Ctrl-C, SIGTERM) is the server's: it stops, then the worker (the EXIT trap).
trap 'kill -TERM "$server" 2>/dev/null || true' INT TERM
status=0
wait "$server" || status=$?
if kill -0 "$server" 2>/dev/null; then wait "$server" || status=$?; fi
exit "$status"
