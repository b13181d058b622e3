#!/usr/bin/env bash
# Set everything up and run the main job on the embedded default: build the bundled example
# reports, ingest them into ./nianbao.db (SQLite), check them and print the corpus summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/nianbao demo "$@"
