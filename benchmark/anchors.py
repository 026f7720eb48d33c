"""Turning text anchors into character offsets.

An annotation names a span by its text. Where the text occurs more than once, the annotator narrows
the search with a ``context`` (a short snippet of the document, unique in it, that contains the span)
or an ``occurrence`` (1-based, counted inside the search region), or the event's ``in`` snippet does
it for every span of the event. Matches must cover whole words: ``Russland`` does not match inside
``Russlands``.

>>> find_word_occurrences("Export und Waffenexport; Export", "Export", 0, 31)
[0, 25]
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnchorProblem:
    kind: str  # "not-found" | "ambiguous" | "mismatch"
    message: str


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def find_word_occurrences(text: str, needle: str, lo: int, hi: int) -> list[int]:
    """Start offsets of ``needle`` in ``text[lo:hi]`` that begin and end on word boundaries."""
    if not needle:
        return []
    found = []
    i = text.find(needle, lo, hi)
    while i != -1:
        end = i + len(needle)
        left_ok = i == 0 or not (_is_word_char(text[i - 1]) and _is_word_char(needle[0]))
        right_ok = end == len(text) or not (_is_word_char(text[end]) and _is_word_char(needle[-1]))
        if left_ok and right_ok:
            found.append(i)
        i = text.find(needle, i + 1, hi)
    return found


def find_all(text: str, needle: str) -> list[int]:
    found, i = [], text.find(needle)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def snippet(text: str, start: int, end: int, width: int = 25) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


def locate_region(text: str, context: str, what: str) -> tuple[int, int] | AnchorProblem:
    """The unique occurrence of a context snippet, as a (start, end) region."""
    hits = find_all(text, context)
    if not hits:
        return AnchorProblem("not-found", f"{what} {context!r} does not occur in the text; copy it "
                                          "exactly from the text (NFC, same spaces and quotes)")
    if len(hits) > 1:
        return AnchorProblem("ambiguous", f"{what} {context!r} occurs {len(hits)} times; make it "
                                          "longer so that it is unique")
    return hits[0], hits[0] + len(context)


def resolve_anchor(
    text: str,
    needle: str,
    *,
    occurrence: int | None = None,
    context: str | None = None,
    scope: tuple[int, int] | None = None,
    start: int | None = None,
) -> int | AnchorProblem:
    """The start offset of the span ``needle`` or the problem that prevents finding it."""
    if start is not None:
        if text[start:start + len(needle)] != needle:
            got = text[start:start + len(needle)]
            return AnchorProblem("mismatch", f"the text at offset {start} is {got!r}, not "
                                             f"{needle!r}; fix the text or drop 'start'")
        return start
    lo, hi, where = 0, len(text), "the text"
    if context is not None:
        region = locate_region(text, context, "context")
        if isinstance(region, AnchorProblem):
            return region
        lo, hi = region
        if needle not in context:
            return AnchorProblem("mismatch", f"span {needle!r} is not part of its context "
                                             f"{context!r}")
        where = "its context"
    elif scope is not None and find_word_occurrences(text, needle, *scope):
        lo, hi = scope
        where = "the event's 'in' snippet"
    hits = find_word_occurrences(text, needle, lo, hi)
    if occurrence is not None:
        if 1 <= occurrence <= len(hits):
            return hits[occurrence - 1]
        return AnchorProblem("not-found", f"occurrence {occurrence} of {needle!r} requested but "
                                          f"{where} has {len(hits)}")
    if len(hits) == 1:
        return hits[0]
    if not hits:
        inside = [i for i in find_all(text[lo:hi], needle)]
        hint = (" (it occurs only inside a longer word; spans cover whole words)" if inside
                else "; copy it exactly from the text (NFC, same spaces and quotes)")
        return AnchorProblem("not-found", f"{needle!r} not found in {where}{hint}")
    shown = "; ".join(f"{k}: {snippet(text, h, h + len(needle))}"
                      for k, h in enumerate(hits[:5], start=1))
    return AnchorProblem("ambiguous", f"{needle!r} occurs {len(hits)} times in {where} ({shown}); "
                                      "add 'occurrence: N' or a unique 'context', or an 'in' "
                                      "snippet on the event")
