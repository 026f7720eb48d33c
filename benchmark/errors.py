"""Errors and validation issues shared by every checker in the package.

Validators never raise on the first problem: they collect :class:`Issue` objects so that a user sees
every problem at once. :class:`BenchmarkError` is the one exception family the package raises for bad
input or environment; the CLI maps it to a clean message and a non-zero exit code.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class BenchmarkError(Exception):
    """A problem a user can fix (bad input file, missing source text…); never a bug."""


class SourceMissingError(BenchmarkError):
    """A third-party source text needed for the build is not on this machine."""


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found by a validator.

    ``location`` reads left to right from coarse to fine, e.g.
    ``annotations/docs/x.yaml:12 · doc 'x' · events[3].arguments[1].role``.
    """

    code: str
    location: str
    message: str
    severity: str = "error"

    def render(self) -> str:
        return f"{self.location}: {self.severity} {self.code} {self.message}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A short hint naming the closest valid choices, or all of them when none is close.

    >>> did_you_mean("EXPROT", ["EXPORT", "ORDER"])
    "did you mean 'EXPORT'?"
    """
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    return "expected one of " + ", ".join(choices)


def errors_only(issues: Sequence[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == "error"]
