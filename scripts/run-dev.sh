#!/usr/bin/env bash
# Serve Bagage for development: a queue worker in the background, the web app in front.
# Stopping the web app (Ctrl-C) stops the worker too.
set -euo pipefail
BIN="${BIN:-.venv/bin}"
export FLASK_APP="${FLASK_APP:-wsgi.py}"

# One worker thread per core; --max-delay 1: an idle worker still looks for new work every second.
"$BIN/huey_consumer" app.worker.huey --workers "$(nproc 2>/dev/null || echo 2)" --worker-type thread --max-delay 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM

echo "Bagage: http://127.0.0.1:${PORT:-5000}  (API docs: /api/v1/docs)"
"$BIN/flask" run --host 127.0.0.1 --port "${PORT:-5000}" --with-threads
