"""The scorer, ways two and three: a differential test against tests/reference_scorer.py on random
inputs, and hypothesis properties. ``EVENTBENCH_HYPOTHESIS=heavy`` runs many more examples."""

from __future__ import annotations

import random

from eval_strategies import SETTINGS, corpora, to_submission_line
from hypothesis import given
from hypothesis import strategies as st
from reference_scorer import reference_score

from benchmark.prf import PRF
from benchmark.schema import Document
from benchmark.scoring import LEVELS, ScoringSpec, score
from benchmark.submission import submission_from_dicts

NO_BOOT = {"bootstrap": 0}


def counts(report, level):
    m = report.levels[level].micro
    return (m.tp, m.fp, m.fn)


@SETTINGS
@given(corpora(), st.sampled_from(["strict", "lenient"]))
def test_agrees_with_reference_scorer(corpus, mode):
    documents, lines, ref_docs, ref_preds = corpus
    report = score(documents, submission_from_dicts(lines, documents),
                   spec=ScoringSpec(mode, **NO_BOOT))
    expected = reference_score(ref_docs, ref_preds, mode)
    for level in LEVELS:
        assert counts(report, level) == expected[level]["micro"], level
        got_types = {t: (c.tp, c.fp, c.fn) for t, c in report.levels[level].per_type.items()}
        assert got_types == expected[level]["per_type"], level


def _gold_as_submission(documents: list[Document]) -> list[dict]:
    lines = []
    for d in documents:
        evs = [{"type": e.type, "trigger": (e.trigger.start, e.trigger.end),
                "arguments": [(a.role, (a.span.start, a.span.end), a.value) for a in e.arguments],
                "modality": e.modality, "evidentiality": e.evidentiality, "change": e.change}
               for e in d.events]
        lines.append(to_submission_line(d.doc_id, d.text, evs))
    return lines


@SETTINGS
@given(corpora(), st.sampled_from(["strict", "lenient"]))
def test_gold_against_itself_scores_one_everywhere(corpus, mode):
    documents = corpus[0]
    report = score(documents, submission_from_dicts(_gold_as_submission(documents), documents),
                   spec=ScoringSpec(mode, **NO_BOOT))
    for level in report.levels.values():
        assert level.micro.f1 == 1.0 and level.micro.fp == 0 and level.micro.fn == 0
        assert all(c.f1 == 1.0 for c in level.per_type.values())
        assert level.macro_f1 in (1.0, None)
    for acc in report.accuracy.values():
        assert acc.accuracy in (1.0, None)


@SETTINGS
@given(corpora(text_spans=False), st.sampled_from(["strict", "lenient"]), st.randoms())
def test_document_and_event_order_do_not_matter(corpus, mode, rnd):
    documents, lines = corpus[0], corpus[1]
    spec = ScoringSpec(mode, bootstrap=50)
    before = score(documents, submission_from_dicts(lines, documents), spec=spec)
    shuffled_docs = [Document(d.doc_id, d.source, d.license, d.lang, d.dct, d.title, d.text,
                              tuple(rnd.sample(d.events, len(d.events)))) for d in documents]
    rnd.shuffle(shuffled_docs)
    shuffled_lines = [{"doc_id": ln["doc_id"], "events": rnd.sample(ln["events"],
                                                                   len(ln["events"]))}
                      for ln in lines]
    rnd.shuffle(shuffled_lines)
    after = score(shuffled_docs, submission_from_dicts(shuffled_lines, shuffled_docs), spec=spec)
    for name in LEVELS:
        a, b = before.levels[name], after.levels[name]
        assert (a.micro, a.per_type, a.per_role, a.macro_f1, a.ci, a.per_document) == \
            (b.micro, b.per_type, b.per_role, b.macro_f1, b.ci, b.per_document)
    assert before.accuracy == after.accuracy


@SETTINGS
@given(corpora(), st.sampled_from(["strict", "lenient"]), st.integers(0, 10 ** 6))
def test_a_spurious_prediction_never_raises_precision(corpus, mode, seed):
    documents, lines = corpus[0], corpus[1]
    rnd = random.Random(seed)
    doc = rnd.choice(documents)
    gold_types = {e.type for e in doc.events}
    free_types = [t for t in ("ORDER", "PAYMENT", "SANCTION") if t not in gold_types]
    taken = {(e.trigger.start, e.trigger.end) for e in doc.events}
    spans = [(s, e) for s in range(len(doc.text)) for e in range(s + 1, min(len(doc.text), s + 4))
             if (s, e) not in taken]
    trigger = rnd.choice(spans)
    etype = rnd.choice(free_types)
    arg_span = rnd.choice(spans)
    spurious = {"type": etype, "trigger": {"start": trigger[0], "end": trigger[1]},
                "arguments": [{"role": "Place", "start": arg_span[0], "end": arg_span[1]}]}
    new_lines = [dict(ln) for ln in lines]
    line = next((ln for ln in new_lines if ln["doc_id"] == doc.doc_id), None)
    if line is None:
        new_lines.append({"doc_id": doc.doc_id, "events": [spurious]})
    else:
        line["events"] = line["events"] + [spurious]
    spec = ScoringSpec(mode, **NO_BOOT)
    before = score(documents, submission_from_dicts(lines, documents), spec=spec)
    after = score(documents, submission_from_dicts(new_lines, documents), spec=spec)
    for name in LEVELS:
        assert after.levels[name].micro.precision <= before.levels[name].micro.precision, name
        assert after.levels[name].micro.tp == before.levels[name].micro.tp


@SETTINGS
@given(corpora(), st.sampled_from(["strict", "lenient"]))
def test_micro_counts_are_the_sum_of_document_counts(corpus, mode):
    documents, lines = corpus[0], corpus[1]
    spec = ScoringSpec(mode, **NO_BOOT)
    report = score(documents, submission_from_dicts(lines, documents), spec=spec)
    sums = {name: PRF() for name in LEVELS}
    for doc in documents:
        own = [ln for ln in lines if ln["doc_id"] == doc.doc_id]
        single = score([doc], submission_from_dicts(own, [doc]), spec=spec)
        for name in LEVELS:
            sums[name] = sums[name] + single.levels[name].micro
    for name in LEVELS:
        level = report.levels[name]
        assert level.micro == sums[name]
        assert sum(level.per_document, PRF()) == level.micro
        if level.per_type:  # every item of a typed level is in exactly one type row
            assert sum(level.per_type.values(), PRF()) == level.micro


@SETTINGS
@given(corpora())
def test_lenient_never_finds_fewer_matches_than_strict(corpus):
    documents, lines = corpus[0], corpus[1]
    sub = submission_from_dicts(lines, documents)
    strict = score(documents, sub, spec=ScoringSpec("strict", **NO_BOOT))
    lenient = score(documents, sub, spec=ScoringSpec("lenient", **NO_BOOT))
    for name in LEVELS:
        assert lenient.levels[name].micro.tp >= strict.levels[name].micro.tp
        assert lenient.levels[name].micro.predicted == strict.levels[name].micro.predicted
        assert lenient.levels[name].micro.gold == strict.levels[name].micro.gold
