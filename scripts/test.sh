#!/usr/bin/env bash
# The test suite: install, lint, then pytest (unit, property, CLI and doctest checks).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1
.venv/bin/ruff check benchmark baselines tests
.venv/bin/python -m pytest -q "$@"
