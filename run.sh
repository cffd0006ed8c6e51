#!/usr/bin/env bash
# Set up (idempotent) and run Waspada on the embedded profile: web app + worker,
# SQLite under var/, the Kukar gazetteer and demo accounts loaded.
set -euo pipefail
source "$(dirname "$0")/scripts/bootstrap.sh"
exec .venv/bin/python -m waspada up "$@"
