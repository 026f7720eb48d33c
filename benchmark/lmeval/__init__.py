"""EventBench-DE as an lm-evaluation-harness task (``pip install -e '.[lm-eval]'``).

The folder holds the task configuration ``eventbench_de.yaml`` and its functions ``utils.py``; pass
it to lm-eval with ``--include_path``. ``python -m benchmark.lmeval`` prints the folder::

    lm_eval --model local-completions --tasks eventbench_de \\
        --include_path "$(python -m benchmark.lmeval)" --model_args ... --log_samples
    python -m benchmark.lmeval submission samples_eventbench_de_*.jsonl --out preds.jsonl

Nothing here imports lm-eval: ``utils`` is plain Python on the project's loader, aligner and scorer,
so it is tested without the harness installed.
"""

from __future__ import annotations

from pathlib import Path

TASK_DIR = Path(__file__).resolve().parent
TASK_NAME = "eventbench_de"

__all__ = ["TASK_DIR", "TASK_NAME"]
