"""``eventbench fuzz``: mutation-based and property-based fuzzing of the validator and the scorer.

Each case is a submission file (bytes) checked against a small gold set through the real path,
:func:`benchmark.evalio.read_submission` on a file. The properties, for every case:

1. no exception escapes the validator (every problem is an :class:`~benchmark.errors.Issue`);
2. every issue carries a known code (:data:`benchmark.submission.CODES`), a location and a message
   that can be printed as UTF-8; a rejected submission has at least one error;
3. an accepted submission scores without error in strict, lenient and TextEE mode, and every F1
   lies between 0 and 1.

Half the cases are **mutations** of valid submissions (``random.Random(seed)``): deleted keys,
changed types, shifted offsets, unicode (NFD, BOM, CRLF, lone surrogates, RTL marks, astral
characters), truncated lines, huge numbers, NaN, deep nesting, duplicate ``doc_id`` s and keys,
enormous strings, invalid UTF-8, over-long lines (against a small line limit). The other half come
from **hypothesis**: arbitrary JSON values and texts put where a submission expects its fields.

>>> outcome = run_fuzz(cases=20, seed=3)
>>> outcome.cases, outcome.failures
(20, [])
"""

from __future__ import annotations

import copy
import json
import random
import tempfile
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import errors_only
from .evalio import read_submission
from .goldset import GoldSet
from .schema import document_from_dict
from .submission import CODES
from .synthetic import synthetic_gold, synthetic_submission

#: The line limit used for fuzz cases (small, so that over-long lines cost little).
FUZZ_LINE_LIMIT = 64 * 1024
SPECIAL_TEXT = ("Straße in Köln: Die Außenministerin traf 👩‍✈️ Vertreter in Gaza \u202eليبيا\u202c "
                "und in Zürich; Café Größe über Österreich.")


def fuzz_gold() -> GoldSet:
    """The gold set the fuzzer scores against: synthetic documents plus one with astral
    characters, RTL text and ß/umlauts (offsets in code points)."""
    docs = synthetic_gold(4, seed=7, events_per_doc=4, words_per_doc=40)
    text = unicodedata.normalize("NFC", SPECIAL_TEXT)
    start = text.index("traf")
    docs.append({"doc_id": "special-ü", "source": "authored", "license": "CC-BY-4.0", "lang": "de",
                 "dct": None, "title": None, "text": text, "events": [
                     {"id": "E1", "type": "MEETING",
                      "trigger": {"start": start, "end": start + 4, "text": "traf"},
                      "arguments": [{"role": "Place", "start": text.index("Gaza"),
                                     "end": text.index("Gaza") + 4, "text": "Gaza",
                                     "value": None}],
                      "modality": "ASSERTED", "evidentiality": "DIRECT", "change": "NONE",
                      "cluster": None}]})
    return GoldSet(tuple(document_from_dict(d) for d in docs), "fuzz", "fuzz")


@dataclass
class FuzzOutcome:
    cases: int = 0
    accepted: int = 0
    rejected: int = 0
    codes: Counter = field(default_factory=Counter)
    mutations: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        return {"cases": self.cases, "accepted": self.accepted, "rejected": self.rejected,
                "failures": len(self.failures), "codes": dict(sorted(self.codes.items())),
                "mutations": dict(sorted(self.mutations.items())),
                "first_failures": self.failures[:5]}


# --------------------------------------------------------------------------- the property


def check_case(data: bytes, gold: GoldSet, folder: Path, outcome: FuzzOutcome, label: str) -> None:
    """Run one submission file through validation and scoring; record the outcome."""
    from .scoring import ScoringSpec, score

    outcome.cases += 1
    outcome.mutations[label] += 1
    path = folder / "case.jsonl"
    path.write_bytes(data)
    try:
        result = read_submission(path, gold, max_line_bytes=FUZZ_LINE_LIMIT)
        for issue in result.issues:
            if issue.code not in CODES or not issue.location or not issue.message:
                raise AssertionError(f"issue without a proper code/location/message: {issue!r}")
            issue.render().encode("utf-8")  # printable (no lone surrogates)
            outcome.codes[issue.code] += 1
        if not result.ok:
            if not errors_only(result.issues):
                raise AssertionError("rejected without an error issue")
            outcome.rejected += 1
            return
        outcome.accepted += 1
        for spec in (ScoringSpec(bootstrap=2), ScoringSpec(mode="lenient", bootstrap=0),
                     ScoringSpec(compat="textee", bootstrap=0)):
            report = score(gold, result.submission, spec=spec)
            for name, level in report.levels.items():
                if not 0.0 <= level.micro.f1 <= 1.0:
                    raise AssertionError(f"{name} F1 {level.micro.f1} outside [0, 1]")
    except Exception:  # noqa: BLE001 - every escape is a finding
        outcome.failures.append(f"[{label}] input {data[:300]!r}…\n{traceback.format_exc()}")


# --------------------------------------------------------------------------- mutations


def _paths(obj: Any, prefix: tuple = ()) -> list[tuple]:
    """Every (container path, key) in a JSON value."""
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.append(prefix + (k,))
            out += _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out.append(prefix + (i,))
            out += _paths(v, prefix + (i,))
    return out


def _get(obj: Any, path: tuple) -> Any:
    for k in path:
        obj = obj[k]
    return obj


ODD_VALUES: tuple[Any, ...] = (
    None, True, False, 0, -1, 1.5, -0.0, "", "x", [], {}, [1, 2], {"a": 1}, 10 ** 30, -(10 ** 30),
    2 ** 63, 1e308, "DELIVERY", "Time", "2024-13", "\u202eEXPORT", "ＥＸＰＯＲＴ", "e\u0301",
    "\ud800", "\x00", "😀" * 3,
)


def _lines(docs: list[dict]) -> list[str]:
    return [json.dumps(d, ensure_ascii=False) for d in docs]


def _encode(lines: list[str], sep: str = "\n") -> bytes:
    return (sep.join(lines) + sep).encode("utf-8", "surrogatepass")


OBJECT_MUTATIONS = ("delete_key", "change_type", "shift_offset", "unicode_text", "nfd_text",
                    "duplicate_doc", "drop_doc", "unknown_key", "huge_number", "deep_nesting",
                    "enormous_string", "swap_type_role", "text_only_span", "duplicate_event",
                    "duplicate_argument", "shuffle_events")
#: Mutations after which a submission usually stays valid (so that scoring gets exercised).
BENIGN_OBJECT_MUTATIONS = ("drop_doc", "text_only_span", "duplicate_event", "duplicate_argument",
                           "shuffle_events")
BENIGN_BYTE_MUTATIONS = ("bom", "crlf", "blank_lines")


def _object_mutation(rng: random.Random, docs: list[dict], kinds: tuple[str, ...] = OBJECT_MUTATIONS
                     ) -> tuple[str, list[dict]]:
    docs = copy.deepcopy(docs)
    paths = _paths(docs)
    kind = rng.choice(kinds)
    if kind == "duplicate_argument":
        lists = [p for p in paths if p[-1] == "arguments"]
        for p in rng.sample(lists, min(len(lists), 3)):
            args = _get(docs, p)
            if isinstance(args, list) and args:
                args.append(copy.deepcopy(rng.choice(args)))
    elif kind in ("duplicate_event", "shuffle_events"):
        for doc in docs:
            events = doc.get("events") if isinstance(doc, dict) else None
            if isinstance(events, list) and events:
                if kind == "duplicate_event":
                    events.insert(rng.randrange(len(events) + 1), copy.deepcopy(rng.choice(events)))
                else:
                    rng.shuffle(events)
    elif kind == "delete_key":
        keyed = [p for p in paths if isinstance(p[-1], str)]
        if keyed:
            p = rng.choice(keyed)
            del _get(docs, p[:-1])[p[-1]]
    elif kind == "change_type":
        p = rng.choice(paths)
        _get(docs, p[:-1])[p[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
    elif kind == "shift_offset":
        offsets = [p for p in paths if p[-1] in ("start", "end")]
        for p in rng.sample(offsets, min(len(offsets), rng.randint(1, 3))):
            container = _get(docs, p[:-1])
            if isinstance(container[p[-1]], int):
                container[p[-1]] += rng.choice((-1, 1, -2, 2, -10 ** 6, 10 ** 6, 10 ** 20))
    elif kind in ("unicode_text", "nfd_text", "text_only_span"):
        spans = [p for p in paths if p[-1] == "trigger" or (len(p) >= 2 and p[-2] == "arguments")]
        if spans:
            p = rng.choice(spans)
            span = _get(docs, p)
            if isinstance(span, dict):
                word = rng.choice(("Köln", "Straße", "Gaza", "Außenministerin", "Panzer", "traf",
                                   "👩‍✈️", "\u202eليبيا"))
                if kind == "nfd_text":
                    word = unicodedata.normalize("NFD", word)
                elif kind == "unicode_text":
                    word = rng.choice(("\u200f", "\ufeff", "\ud83d", "\u0301", "")) + word
                span["text"] = word
                if kind == "text_only_span":
                    span.pop("start", None)
                    span.pop("end", None)
    elif kind == "duplicate_doc" and docs:
        docs.insert(rng.randrange(len(docs) + 1), copy.deepcopy(rng.choice(docs)))
    elif kind == "drop_doc" and docs:
        docs.pop(rng.randrange(len(docs)))
    elif kind == "unknown_key":
        p = rng.choice(paths)
        target = _get(docs, p)
        if isinstance(target, dict):
            target[rng.choice(("text", "score", "Type", "trigger_text", "\u202ex"))] = 1
    elif kind == "huge_number":
        offsets = [p for p in paths if p[-1] in ("start", "end")] or paths
        p = rng.choice(offsets)
        _get(docs, p[:-1])[p[-1]] = rng.choice((10 ** 400, -(10 ** 400), 1e300, float("inf"),
                                                 float("nan")))
    elif kind == "deep_nesting":
        p = rng.choice(paths)
        value: Any = 1
        for _ in range(rng.choice((20, 100, 200))):  # deeper: deep_raw below
            value = [value] if rng.random() < 0.5 else {"k": value}
        _get(docs, p[:-1])[p[-1]] = value
    elif kind == "enormous_string":
        p = rng.choice(paths)
        _get(docs, p[:-1])[p[-1]] = "ä" * rng.choice((10_000, 40_000))
    elif kind == "swap_type_role":
        types = [p for p in paths if p[-1] in ("type", "role")]
        if types:
            p = rng.choice(types)
            _get(docs, p[:-1])[p[-1]] = rng.choice(("EXPORT", "Participant", "Time", "Place",
                                                    "export", "EXPROT", "Recipient"))
    return kind, docs


BYTE_MUTATIONS = ("bom", "crlf", "truncate", "invalid_utf8", "raw_surrogate", "nul", "blank_lines",
                  "not_object", "duplicate_key", "nan_literal", "deep_raw", "huge_raw_number",
                  "over_long_line", "byte_flip", "empty_file")


def _byte_mutation(rng: random.Random, lines: list[str], kinds: tuple[str, ...] = BYTE_MUTATIONS
                   ) -> tuple[str, bytes]:
    kind = rng.choice(kinds)
    data = _encode(lines)
    if kind == "bom":
        data = b"\xef\xbb\xbf" + data
    elif kind == "crlf":
        data = _encode(lines, "\r\n")
    elif kind == "truncate":
        data = data[:rng.randrange(len(data))] if data else data
    elif kind == "invalid_utf8":
        i = rng.randrange(len(data) or 1)
        data = data[:i] + rng.choice((b"\xff", b"\xc3", b"\x80\x80", b"\xf4\x90\x80\x80")) + data[i:]
    elif kind == "raw_surrogate":
        i = rng.randrange(len(data) or 1)
        data = data[:i] + b"\xed\xa0\x80" + data[i:]
    elif kind == "nul":
        i = rng.randrange(len(data) or 1)
        data = data[:i] + b"\x00" + data[i:]
    elif kind == "blank_lines":
        data = b"\n  \n\t\n" + data.replace(b"\n", b"\n\n")
    elif kind == "not_object":
        data = rng.choice((b"[]\n", b"1\n", b'"doc"\n', b"null\n", b"true\n")) + data
    elif kind == "duplicate_key":
        data = data.replace(b'"events"', b'"events": [], "events"', 1)
    elif kind == "nan_literal":
        data = data.replace(b'"start":', b'"start": NaN, "x":', 1).replace(b'"end": ',
                                                                          b'"end": Infinity, "y": ', 1)
    elif kind == "deep_raw":
        depth = rng.choice((1000, 5000, 100_000))
        data = b'{"doc_id": "syn-0", "events": ' + b"[" * depth + b"]" * depth + b"}\n" + data
    elif kind == "huge_raw_number":
        digits = b"9" * rng.choice((400, 5000, 20_000))
        data = data.replace(b'"start": ', b'"start": ' + digits, 1)
    elif kind == "over_long_line":
        data = (b'{"doc_id": "syn-0", "events": [], "pad": "' + b"x" * (FUZZ_LINE_LIMIT + 10)
                + b'"}\n' + data)
    elif kind == "byte_flip":
        buf = bytearray(data)
        for _ in range(rng.randint(1, 5)):
            if buf:
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        data = bytes(buf)
    elif kind == "empty_file":
        data = rng.choice((b"", b"\n", b"\r\n", b"\xef\xbb\xbf"))
    return kind, data


def _base_submissions(gold: GoldSet, rng: random.Random) -> list[list[dict]]:
    dicts = [d.to_dict() for d in gold.documents]
    subs = [list(synthetic_submission(dicts, seed=s)) for s in range(4)]
    gold_as_sub = [{"doc_id": d["doc_id"], "events": [
        {k: v for k, v in e.items() if k not in ("id", "cluster")} for e in d["events"]]}
        for d in dicts]
    subs.append(gold_as_sub)
    for sub in subs:
        rng.shuffle(sub)
    return subs


def mutation_cases(n: int, seed: int, gold: GoldSet, folder: Path, outcome: FuzzOutcome,
                   progress: Callable[[int], None] | None = None) -> None:
    rng = random.Random(seed)
    bases = _base_submissions(gold, rng)
    for k in range(n):
        docs = rng.choice(bases)
        labels = []
        benign = rng.random() < 0.3  # a third stays (mostly) valid, so that scoring runs often
        for _ in range(rng.choice((1, 1, 2, 3))):
            kind, docs = _object_mutation(rng, docs, BENIGN_OBJECT_MUTATIONS if benign
                                          else OBJECT_MUTATIONS)
            labels.append(kind)
        lines = _lines(docs)
        if rng.random() < 0.35:
            kind, data = _byte_mutation(rng, lines, BENIGN_BYTE_MUTATIONS if benign
                                        else BYTE_MUTATIONS)
            labels.append(kind)
        else:
            data = _encode(lines)
        check_case(data, gold, folder, outcome, "mutation:" + labels[0])
        if progress:
            progress(k + 1)


def hypothesis_cases(n: int, seed: int, gold: GoldSet, folder: Path, outcome: FuzzOutcome,
                     progress: Callable[[int], None] | None = None) -> None:
    """``n`` cases generated by hypothesis (arbitrary JSON where a submission has its fields)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis import strategies as st

    doc_ids = [d.doc_id for d in gold.documents]
    scalars = (st.none() | st.booleans() | st.integers(-10 ** 20, 10 ** 20)
               | st.floats(allow_nan=False) | st.text(max_size=12)
               | st.sampled_from(["DELIVERY", "MEETING", "Place", "Time", "Participant",
                                  "ASSERTED", "2024-06"]))
    anything = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                            | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                            max_leaves=12)
    offsets = st.integers(-5, 200) | anything
    span = st.fixed_dictionaries({}, optional={"start": offsets, "end": offsets,
                                               "text": st.text(max_size=10) | anything})
    argument = st.fixed_dictionaries(
        {"role": st.sampled_from(["Place", "Time", "Participant", "Recipient", "Artifact"])
         | anything},
        optional={"start": offsets, "end": offsets, "text": st.text(max_size=10),
                  "value": st.sampled_from([None, "2024", "2024-13", "PRESENT_REF"]) | anything})
    event = st.fixed_dictionaries(
        {"type": st.sampled_from(["DELIVERY", "MEETING", "EXPORT", "SANCTION"]) | anything,
         "trigger": span | anything},
        optional={"arguments": st.lists(argument | anything, max_size=4) | anything,
                  "modality": st.sampled_from(["ASSERTED", "NEGATED", "x"]) | anything,
                  "evidentiality": anything, "change": anything, "extra": anything})
    document = st.fixed_dictionaries(
        {"doc_id": st.sampled_from(doc_ids) | st.text(max_size=10) | anything,
         "events": st.lists(event | anything, max_size=5) | anything},
        optional={"text": anything})
    line_sep = st.sampled_from(["\n", "\r\n"])
    counter = {"n": 0}

    @settings(max_examples=n, database=None, deadline=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @hypothesis_seed(seed)
    @given(st.lists(document | anything, max_size=6), line_sep)
    def one(docs: list, sep: str) -> None:
        data = "".join(json.dumps(d, ensure_ascii=False) + sep for d in docs)
        check_case(data.encode("utf-8", "surrogatepass"), gold, folder, outcome, "hypothesis")
        counter["n"] += 1
        if progress:
            progress(counter["n"])

    one()


def run_fuzz(cases: int = 10_000, seed: int = 0, *, hypothesis_share: float = 0.5,
             progress: Callable[[str, int, int], None] | None = None) -> FuzzOutcome:
    """Run ``cases`` fuzz cases (about ``hypothesis_share`` of them from hypothesis)."""
    gold = fuzz_gold()
    outcome = FuzzOutcome()
    n_hyp = int(cases * hypothesis_share)
    n_mut = cases - n_hyp
    with tempfile.TemporaryDirectory(prefix="eventbench-fuzz-") as tmp:
        folder = Path(tmp)
        mutation_cases(n_mut, seed, gold, folder, outcome,
                       (lambda k: progress("mutation", k, n_mut)) if progress else None)
        if n_hyp:
            before = outcome.cases
            hypothesis_cases(n_hyp, seed, gold, folder, outcome,
                             (lambda k: progress("hypothesis", k, n_hyp)) if progress else None)
            short = n_hyp - (outcome.cases - before)
            if short > 0:  # hypothesis may stop early; top up with mutations
                mutation_cases(short, seed + 1, gold, folder, outcome)
    return outcome
