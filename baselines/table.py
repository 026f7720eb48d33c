"""The README's results table: results files in, Markdown out (a pure function).

>>> results_table([], {})
'(no results)\\n'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

LEVELS = (("trigger_classification", "Trigger-C F1"),
          ("argument_classification_attached", "Arg-C attached F1 (official)"),
          ("event", "Event F1"))


def _figure(micro: Mapping[str, Any]) -> str:
    f1 = f"{100 * micro['f1']:.1f}"
    if micro.get("ci_low") is None:
        return f1
    return f"{f1} [{100 * micro['ci_low']:.1f}, {100 * micro['ci_high']:.1f}]"


def _command(results: Mapping[str, Any], submission: str | None) -> str:
    split = results["dataset"]["split"]
    target = f"--gold {split[5:]}" if split.startswith("file:") else f"--split {split}"
    boot = results["spec"]["bootstrap"]
    return (f"`eventbench score {submission or '<submission with sha256 '}"
            f"{'' if submission else results['submission']['sha256'][:12] + '>'} {target} "
            f"--mode {results['spec']['mode']} --bootstrap {boot['samples']} "
            f"--seed {boot['seed']}`")


def results_table(results: Sequence[Mapping[str, Any]], submissions: Mapping[str, str]) -> str:
    """One row per results file (system, mode), sorted by system then strict before lenient;
    ``submissions`` maps a submission sha256 to its path for the reproducing command."""
    if not results:
        return "(no results)\n"
    rows = sorted(results, key=lambda r: (r["system"]["name"].casefold(),
                                          r["spec"]["mode"] != "strict"))
    lines = ["| System | Mode | " + " | ".join(name for _, name in LEVELS) + " | Reproduce |",
             "|---|---|" + "---:|" * len(LEVELS) + "---|"]
    for r in rows:
        figures = " | ".join(_figure(r["scores"][level]["micro"]) for level, _ in LEVELS)
        lines.append(f"| {r['system']['name']} | {r['spec']['mode']} | {figures} | "
                     f"{_command(r, submissions.get(r['submission']['sha256']))} |")
    hashes = sorted({r["dataset"]["hash"] for r in rows})
    splits = sorted({f"{r['dataset']['split']} ({r['dataset']['documents']} documents)"
                     for r in rows})
    lines += ["", f"F1 in %, 95 % bootstrap intervals over documents in brackets. Split "
              f"{', '.join(splits)}; dataset hash {', '.join(f'`{h}`' for h in hashes)}; scorer "
              f"{', '.join(sorted({r['scorer_version'] for r in rows}))}."]
    return "\n".join(lines) + "\n"
