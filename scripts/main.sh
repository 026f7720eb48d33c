#!/usr/bin/env bash
# The main job: install, check the annotations, build the dataset and print its statistics.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1
.venv/bin/eventbench check
.venv/bin/eventbench build
.venv/bin/eventbench stats
