"""--compat textee against a literal re-statement of TextEE's end-to-end scorer
(github.com/ej0cl6/TextEE, TextEE/scorer.py, compute_E2E_* and compute_f1)."""

from __future__ import annotations

from eval_strategies import SETTINGS, corpora
from hypothesis import given

from benchmark.align import from_gold
from benchmark.scoring import ScoringSpec, score
from benchmark.submission import submission_from_dicts
from benchmark.textee import METRICS, compute_scores, to_instance


def textee_e2e(preds, golds):
    """TextEE's E2E metrics, restated: per metric a list of tuples over all windows, turned into
    sets; precision/recall/F1 with safe division, times 100."""
    def safe_div(num, den):
        return num / den if den > 0 else 0.0

    def f1(pred_n, gold_n, match_n):
        p, r = safe_div(match_n, pred_n), safe_div(match_n, gold_n)
        return p * 100.0, r * 100.0, safe_div(2 * p * r, p + r) * 100.0

    def collect(insts, metric):
        out = []
        for x in insts:
            for e in x["events"]:
                t = e["trigger"]
                if metric == "trigger_id":
                    out.append((x["doc_id"], x["wnd_id"], t[0], t[1]))
                elif metric == "trigger_cls":
                    out.append((x["doc_id"], x["wnd_id"], t[0], t[1], t[2]))
                for r in e["arguments"]:
                    if metric == "argument_id":
                        out.append((x["doc_id"], x["wnd_id"], t[2], r[0], r[1]))
                    elif metric == "argument_cls":
                        out.append((x["doc_id"], x["wnd_id"], t[2], r[0], r[1], r[2]))
                    elif metric == "argument_attached_id":
                        out.append((x["doc_id"], x["wnd_id"], t[0], t[1], t[2], r[0], r[1]))
                    elif metric == "argument_attached_cls":
                        out.append((x["doc_id"], x["wnd_id"], t[0], t[1], t[2], r[0], r[1],
                                    r[2]))
        return set(out)

    scores = {}
    for metric in METRICS:
        g, p = collect(golds, metric), collect(preds, metric)
        prec, rec, f = f1(len(p), len(g), len(g & p))
        scores[metric] = {"pred_num": len(p), "gold_num": len(g), "match_num": len(g & p),
                          "precision": prec, "recall": rec, "f1": f}
    return scores


def _instances(documents, submission):
    from benchmark.align import align_events

    by_id = submission.by_id()
    golds, preds = [], []
    for d in documents:
        golds.append(to_instance(d.doc_id, from_gold(d)))
        pred = by_id.get(d.doc_id)
        preds.append(to_instance(d.doc_id, align_events(d.text, pred.events if pred else ())
                                 .events))
    return preds, golds


@SETTINGS
@given(corpora())
def test_compat_mode_equals_textee(corpus):
    documents, lines = corpus[0], corpus[1]
    sub = submission_from_dicts(lines, documents)
    preds, golds = _instances(documents, sub)
    expected = textee_e2e(preds, golds)
    assert compute_scores(preds, golds) == expected
    report = score(documents, sub, spec=ScoringSpec(compat="textee", bootstrap=0))
    for metric in METRICS:
        m = report.levels[metric].micro
        e = expected[metric]
        assert (m.predicted, m.gold, m.tp) == (e["pred_num"], e["gold_num"], e["match_num"])
        assert (m.precision * 100.0, m.recall * 100.0, m.f1 * 100.0) == \
            (e["precision"], e["recall"], e["f1"])


def test_set_semantics_and_zero_division():
    gold = [{"doc_id": "d", "wnd_id": "d", "events": []}]
    pred = [{"doc_id": "d", "wnd_id": "d", "events": [
        {"trigger": (0, 3, "ATTACK"), "arguments": [(4, 6, "Target")] * 2}] * 2}]
    s = compute_scores(pred, gold)
    assert s["trigger_cls"]["pred_num"] == 1 and s["argument_cls"]["pred_num"] == 1
    empty = compute_scores(gold, gold)
    assert empty["trigger_id"]["f1"] == 0.0  # TextEE: 0/0 gives 0, the official mode gives 1


def test_textee_differs_from_official_on_duplicates():
    from benchmark.schema import Document, Event, Span

    docs = [Document("d", "t", "CC0-1.0", "de", None, None, "Angriff auf Kiew",
                     (Event("E1", "ATTACK", Span(0, 7, "Angriff")),))]
    line = {"doc_id": "d", "events": [{"type": "ATTACK", "trigger": {"start": 0, "end": 7}}] * 2}
    sub = submission_from_dicts([line], docs)
    official = score(docs, sub, spec=ScoringSpec(bootstrap=0))
    textee = score(docs, sub, spec=ScoringSpec(compat="textee", bootstrap=0))
    assert official.levels["trigger_classification"].micro.fp == 1
    assert textee.levels["trigger_cls"].micro.fp == 0


def test_ed_eae_and_earl_instance_shapes():
    ed_g = [{"doc_id": "d", "wnd_id": "w", "triggers": [(0, 1, "ATTACK"), (3, 4, "MEETING")]}]
    ed_p = [{"doc_id": "d", "wnd_id": "w", "triggers": [(0, 1, "ATTACK"), (3, 4, "ATTACK")]}]
    ed = compute_scores(ed_p, ed_g, "ED")
    assert set(ed) == {"trigger_id", "trigger_cls"}
    assert (ed["trigger_id"]["match_num"], ed["trigger_cls"]["match_num"]) == (2, 1)
    eae_g = [{"doc_id": "d", "wnd_id": "w", "trigger": (0, 1, "ATTACK"),
              "arguments": [(2, 3, "Target"), (5, 6, "Place")]}]
    eae_p = [{"doc_id": "d", "wnd_id": "w", "trigger": (0, 1, "ATTACK"),
              "arguments": [(2, 3, "Attacker"), (5, 6, None)]}]
    eae = compute_scores(eae_p, eae_g, "EAE")
    assert (eae["argument_id"]["match_num"], eae["argument_cls"]["match_num"]) == (2, 0)
    earl = compute_scores(eae_p, eae_g, "EARL")
    assert (earl["argument_id"]["pred_num"], earl["argument_id"]["match_num"]) == (1, 1)


def test_misaligned_windows_are_refused():
    import pytest

    with pytest.raises(ValueError):
        compute_scores([{"doc_id": "a", "wnd_id": "a", "events": []}],
                       [{"doc_id": "b", "wnd_id": "b", "events": []}])
