"""Synthetic gold files and submissions for the performance benchmark and the fuzzer.

Everything is drawn from ``random.Random(seed)``, so the same arguments give the same bytes. The
documents look like the real ones where it matters to the scorer: NFC German text with umlauts,
about ``events_per_doc`` events per document over the real ontology (valid types, roles and TIMEX3
values), two arguments per event on average. A submission copies most gold events, shifts some
boundaries, changes some types and roles, drops some events, adds spurious ones and gives a few
argument spans as text only (so alignment runs too).

>>> docs = synthetic_gold(2, seed=1, events_per_doc=3)
>>> [d["doc_id"] for d in docs], all(d["events"] for d in docs)
(['syn-0', 'syn-1'], True)
>>> ev = docs[0]["events"][0]
>>> docs[0]["text"][ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]
True
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .ontology import EVENT_TYPES

WORDS = (
    "Bundesregierung", "Rüstungsexporte", "genehmigt", "Panzer", "Lieferung", "Außenministerin",
    "Gespräche", "Moskau", "Kiew", "Berlin", "Sanktionen", "verhängt", "Munition", "Hilfspaket",
    "Milliarden", "Euro", "Rheinmetall", "Fabrik", "gebaut", "Verteidigungsminister", "traf",
    "Amtskollegen", "Brüssel", "Gipfel", "Abkommen", "unterzeichnet", "Soldaten", "stationiert",
    "Grenze", "Angriff", "Drohnen", "Luftabwehr", "Export", "Frankreich", "Großbritannien",
    "Regierungssprecher", "Ausfuhr", "Genehmigung", "Kampfjets", "Produktion", "erhöht", "die",
    "der", "das", "und", "mit", "für", "über", "nach", "im", "am", "Juni", "2024", "März",
    "Österreich", "Schweiz", "Zölle", "Maßnahmen", "beschlossen", "Ukraine", "Russland",
)
TIME_VALUES = ("2024-06", "2024", "2024-10-02", "PRESENT_REF", "2023-Q4", "XXXX-06", "P3Y")
ATTRIBUTE_VALUES = {
    "modality": ("ASSERTED", "ASSERTED", "ASSERTED", "PLANNED", "NEGATED"),
    "evidentiality": ("DIRECT", "DIRECT", "REPORTED"),
    "change": ("NONE", "NONE", "NONE", "INCREASE"),
}
TYPES = tuple(EVENT_TYPES)


def _text(rng: random.Random, words: int) -> tuple[str, list[tuple[int, int]]]:
    """A text of ``words`` words and the (start, end) offsets of each word."""
    chosen = rng.choices(WORDS, k=words)
    spans, pos = [], 0
    for w in chosen:
        spans.append((pos, pos + len(w)))
        pos += len(w) + 1
    return " ".join(chosen), spans


def _span(text: str, spans: list[tuple[int, int]], first: int, length: int) -> dict[str, Any]:
    start, end = spans[first][0], spans[min(first + length, len(spans)) - 1][1]
    return {"start": start, "end": end, "text": text[start:end]}


def synthetic_gold(n_docs: int, *, seed: int = 0, events_per_doc: int = 10,
                   words_per_doc: int = 180) -> list[dict[str, Any]]:
    """``n_docs`` gold documents (format v1 dicts), sorted by ``doc_id``."""
    return list(iter_synthetic_gold(n_docs, seed=seed, events_per_doc=events_per_doc,
                                    words_per_doc=words_per_doc))


def iter_synthetic_gold(n_docs: int, *, seed: int = 0, events_per_doc: int = 10,
                        words_per_doc: int = 180) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    width = len(str(max(n_docs - 1, 1)))
    for d in range(n_docs):
        text, spans = _text(rng, words_per_doc)
        events = []
        n_events = max(1, events_per_doc + rng.randint(-2, 2))
        for e in range(n_events):
            etype = rng.choice(TYPES)
            roles = EVENT_TYPES[etype].roles
            trigger_at = rng.randrange(len(spans))
            arguments = []
            for _ in range(rng.choice((0, 1, 2, 2, 3, 4))):
                role = rng.choice(roles)
                arg = {"role": role, **_span(text, spans, rng.randrange(len(spans)),
                                             rng.choice((1, 1, 2, 3)))}
                arg["value"] = rng.choice(TIME_VALUES) if role == "Time" else None
                arguments.append(arg)
            events.append({
                "id": f"E{e + 1}", "type": etype, "trigger": _span(text, spans, trigger_at, 1),
                "arguments": arguments,
                **{name: rng.choice(values) for name, values in ATTRIBUTE_VALUES.items()},
                "cluster": None,
            })
        yield {"doc_id": f"syn-{d:0{width}d}", "source": "authored", "license": "CC-BY-4.0",
               "lang": "de", "dct": "2024-10-11", "title": None, "text": text, "events": events}


def _pred_span(span: dict[str, Any], rng: random.Random, text_only: float) -> dict[str, Any]:
    if rng.random() < text_only:
        return {"text": span["text"]}
    return {"start": span["start"], "end": span["end"]}


def synthetic_submission(gold: list[dict[str, Any]], *, seed: int = 1
                         ) -> Iterator[dict[str, Any]]:
    """A plausible system output for ``gold`` (one submission dict per document)."""
    rng = random.Random(seed)
    for doc in gold:
        text = doc["text"]
        events = []
        for ev in doc["events"]:
            r = rng.random()
            if r < 0.12:  # missed
                continue
            etype = ev["type"] if r < 0.9 else rng.choice(TYPES)
            trigger = dict(ev["trigger"])
            if rng.random() < 0.05 and trigger["end"] < len(text):  # boundary error
                trigger["end"] += 1
                trigger["text"] = text[trigger["start"]:trigger["end"]]
            arguments = []
            for arg in ev["arguments"]:
                if rng.random() < 0.15:
                    continue
                role = arg["role"] if arg["role"] in EVENT_TYPES[etype].roles else "Place"
                out = {"role": role, **_pred_span(arg, rng, 0.03)}
                if role == "Time":
                    out["value"] = arg["value"] if arg["role"] == "Time" else "2024"
                arguments.append(out)
            events.append({"type": etype, "trigger": {"start": trigger["start"],
                                                     "end": trigger["end"]},
                           "arguments": arguments, "modality": ev["modality"],
                           "evidentiality": ev["evidentiality"], "change": ev["change"]})
            if rng.random() < 0.1:  # a spurious event elsewhere
                start = rng.randrange(0, max(1, len(text) - 8))
                events.append({"type": rng.choice(TYPES),
                               "trigger": {"start": start, "end": start + 5}})
        yield {"doc_id": doc["doc_id"], "events": events}


def write_jsonl(path: Path, rows) -> int:
    """Write ``rows`` as compact JSON Lines; returns the number of bytes written."""
    size = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            line = json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
            size += len(line.encode("utf-8"))
            handle.write(line)
    return size


def write_synthetic_pair(folder: Path, n_docs: int, *, seed: int = 0,
                         events_per_doc: int = 10) -> tuple[Path, Path, int]:
    """Write ``gold-<n>.jsonl`` and ``sub-<n>.jsonl`` into ``folder``; returns both paths and the
    number of gold events."""
    gold = synthetic_gold(n_docs, seed=seed, events_per_doc=events_per_doc)
    gold_path, sub_path = folder / f"gold-{n_docs}.jsonl", folder / f"sub-{n_docs}.jsonl"
    write_jsonl(gold_path, gold)
    write_jsonl(sub_path, synthetic_submission(gold, seed=seed + 1))
    return gold_path, sub_path, sum(len(d["events"]) for d in gold)
