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
# No control socket: gunicorn's default path (~/.gunicorn/gunicorn.ctl) is one per user, so a second server on
# the host removed the first's; nothing here uses it.
exec .venv/bin/gunicorn config.wsgi \
    --bind "${BIND:-127.0.0.1:8000}" \
    --workers "${WEB_CONCURRENCY:-3}" \
    --access-logfile - \
    --error-logfile - \
    --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-${TRUSTED_PROXIES:-127.0.0.1,::1}}" \
    --no-control-socket
