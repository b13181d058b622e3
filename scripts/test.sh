#!/usr/bin/env bash
# Set everything up (scripts/setup.sh) and run the whole test suite.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k T3-BALANCE`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
