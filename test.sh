#!/usr/bin/env bash
# Run the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL).
# Browser tests need Debian's chromium (apt-get install chromium); .ci/run installs it.
set -euo pipefail
WASPADA_EXTRAS=dev source "$(dirname "$0")/scripts/bootstrap.sh"
exec .venv/bin/python -m pytest "$@"
