#!/bin/sh
# The container's commands: web (migrate, load the gazetteer, serve), worker, smtp, or any
# `python -m waspada` command (createsuperuser, check --deploy, ...).
set -eu
case "${1:-web}" in
  web)
    python -m waspada migrate --noinput
    python -m waspada load_areas
    exec python -m waspada serve --host "${WASPADA_HOST:-0.0.0.0}" --port "${WASPADA_PORT:-8000}"
    ;;
  worker)
    exec python -m waspada worker
    ;;
  smtp)
    exec python -m waspada intake_smtp --host 0.0.0.0 --port 2525
    ;;
  *)
    exec python -m waspada "$@"
    ;;
esac
