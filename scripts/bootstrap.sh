# Sourced by run.sh and test.sh: create .venv, install Python and front-end packages when
# their pinned lists changed (stamp files make a second start quick).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
EXTRAS=${WASPADA_EXTRAS:-}

if [ ! -x .venv/bin/python ]; then
  echo "» creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(cat pyproject.toml | sha1sum | cut -c1-12)${EXTRAS:+-$EXTRAS}"
if [ ! -f "$stamp" ]; then
  echo "» installing Python packages (pyproject.toml)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${EXTRAS:+[$EXTRAS]}"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

if ! command -v npm >/dev/null; then
  echo "npm is needed once to install the map and chart libraries (apt-get install npm)" >&2
  exit 1
fi
npm_stamp="node_modules/.installed-$(cat package.json package-lock.json | sha1sum | cut -c1-12)"
if [ ! -f "$npm_stamp" ]; then
  echo "» installing front-end packages (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$npm_stamp"
fi
.venv/bin/python -m waspada.assets >/dev/null
