#!/usr/bin/env bash
# The test command of the README: install what is missing, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
