"""Text-only span alignment: turn predicted spans into character offsets, never looking at gold.

A predicted span may carry only ``text`` (as generative systems produce). It is placed in the
document text (NFC, as are all texts of the benchmark) deterministically:

* a **trigger** goes to the leftmost occurrence of its text that is not the trigger span of an
  earlier event of the same document (earlier in submission order, whether that trigger was given
  by offsets or aligned); if every occurrence is taken, or the text does not occur, it is
  unalignable;
* an **argument** goes to the occurrence nearest its event's trigger (distance in characters
  between the two spans, 0 when they overlap; ties go to the leftmost occurrence); when the
  event's trigger is itself unalignable, to the leftmost occurrence.

Occurrences are all positions ``i`` with ``text[i:i + len(span)] == span`` (overlapping ones
included; no word-boundary requirement). An unalignable span becomes ``None`` and is scored as a
false positive; the run is marked ``string_aligned`` when any span was aligned from text.

>>> from benchmark.submission import PredArgument, PredEvent, PredSpan
>>> ev = PredEvent("MEETING", PredSpan(text="traf"), (PredArgument("Place", PredSpan(text="Rom")),))
>>> aligned = align_events("Aus Rom kam die Nachricht: Sie traf sich mit ihm in Rom.", [ev])
>>> aligned.events[0].trigger, aligned.events[0].arguments[0].span
((31, 35), (52, 55))
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .ontology import ATTRIBUTE_DEFAULTS
from .schema import Document, Event

Offsets = tuple[int, int]


@dataclass(frozen=True, slots=True)
class AlignedArgument:
    role: str
    span: Offsets | None  # None: could not be aligned
    value: str | None = None


@dataclass(frozen=True, slots=True)
class AlignedEvent:
    """An event with character offsets, the common shape of gold and predicted events."""

    type: str
    trigger: Offsets | None  # None: could not be aligned
    arguments: tuple[AlignedArgument, ...] = ()
    modality: str = ATTRIBUTE_DEFAULTS["modality"]
    evidentiality: str = ATTRIBUTE_DEFAULTS["evidentiality"]
    change: str = ATTRIBUTE_DEFAULTS["change"]


@dataclass(frozen=True)
class AlignedDocument:
    events: tuple[AlignedEvent, ...]
    text_spans: int = 0  # spans given by text only (aligned or not)
    failures: tuple[tuple[int, int | None], ...] = ()  # (event index, argument index or None)


def occurrences(text: str, needle: str) -> list[int]:
    """Start positions of every (possibly overlapping) occurrence of ``needle`` in ``text``.

    >>> occurrences("aaa", "aa")
    [0, 1]
    """
    if not needle:
        return []
    found, i = [], text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _distance(a: Offsets, b: Offsets) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def align_events(text: str, events: Sequence) -> AlignedDocument:
    """Align the predicted events (:class:`benchmark.submission.PredEvent`) of one document."""
    used_triggers: set[Offsets] = set()
    out: list[AlignedEvent] = []
    failures: list[tuple[int, int | None]] = []
    aligned = 0
    for ei, ev in enumerate(events):
        span = ev.trigger
        if span.start is not None:
            trigger: Offsets | None = (span.start, span.end)
        else:
            aligned += 1
            needle = unicodedata.normalize("NFC", span.text or "")
            trigger = next(((i, i + len(needle)) for i in occurrences(text, needle)
                            if (i, i + len(needle)) not in used_triggers), None)
            if trigger is None:
                failures.append((ei, None))
        if trigger is not None:
            used_triggers.add(trigger)
        arguments = []
        for ai, arg in enumerate(ev.arguments):
            if arg.span.start is not None:
                arguments.append(AlignedArgument(arg.role, (arg.span.start, arg.span.end),
                                                 arg.value))
                continue
            aligned += 1
            needle = unicodedata.normalize("NFC", arg.span.text or "")
            spans = [(i, i + len(needle)) for i in occurrences(text, needle)]
            if not spans:
                failures.append((ei, ai))
                arguments.append(AlignedArgument(arg.role, None, arg.value))
                continue
            if trigger is None:
                best = spans[0]
            else:
                best = min(spans, key=lambda s, t=trigger: (_distance(s, t), s[0]))
            arguments.append(AlignedArgument(arg.role, best, arg.value))
        out.append(AlignedEvent(
            type=ev.type, trigger=trigger, arguments=tuple(arguments),
            modality=ev.modality or ATTRIBUTE_DEFAULTS["modality"],
            evidentiality=ev.evidentiality or ATTRIBUTE_DEFAULTS["evidentiality"],
            change=ev.change or ATTRIBUTE_DEFAULTS["change"],
        ))
    return AlignedDocument(tuple(out), aligned, tuple(failures))


def from_gold_event(event: Event) -> AlignedEvent:
    return AlignedEvent(
        type=event.type,
        trigger=(event.trigger.start, event.trigger.end),
        arguments=tuple(AlignedArgument(a.role, (a.span.start, a.span.end), a.value)
                        for a in event.arguments),
        modality=event.modality, evidentiality=event.evidentiality, change=event.change,
    )


def from_gold(document: Document) -> tuple[AlignedEvent, ...]:
    """The gold events of ``document`` in the aligned shape (offsets are given, nothing to align)."""
    return tuple(from_gold_event(e) for e in document.events)
