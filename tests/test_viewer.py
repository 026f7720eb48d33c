"""The error-analysis viewer: its data (pure), the page's escaping and policy, and `eventbench view`.

Uses the evaluation fixtures of tests/data (gold.jsonl, system_a.jsonl, perfect.jsonl) and a
crafted document written here at test time whose text, title, doc_id and system name carry
HTML/script payloads.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmark.cli import main
from benchmark.evalio import gold_from_file, read_submission
from benchmark.render import leaderboard_html, viewer_html
from benchmark.schema import Argument, Document, Event, Span
from benchmark.scoring import ScoringSpec, score
from benchmark.submission import (
    PredArgument,
    PredDocument,
    PredEvent,
    PredSpan,
    Submission,
)
from benchmark.viewer import CATEGORIES, NO_GOLD, NO_PRED, build_view, pieces

DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold.jsonl"

# payloads: each would change the page (title, an attribute, a new element) if it ever ran
NAME = '<script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">'
TEXT = ('Berlin liefert <script>document.body.setAttribute("data-pwned","1")</script> '
        'Panzer <img src=x onerror="document.body.appendChild(document.createElement(\'hr\'))">'
        ' an Kiew.')
DOC_ID = 'evil"><svg onload=alert(1)>'
TITLE = "<b onmouseover=alert(1)>Titel</b>"


def crafted_gold() -> Document:
    def span(words: str) -> Span:
        start = TEXT.index(words)
        return Span(start, start + len(words), words)

    event = Event("E1", "DELIVERY", span("liefert"),
                  (Argument("Deliverer", span("Berlin")), Argument("Artifact", span("Panzer")),
                   Argument("Recipient", span("an Kiew"))))
    return Document(DOC_ID, "fixture", "CC0-1.0", "de", None, TITLE, TEXT, (event,))


def crafted_submission() -> Submission:
    """Trigger right; Deliverer right; the <script> element as a spurious Artifact; "Kiew" for
    "an Kiew" (boundary error)."""
    def span(words: str) -> PredSpan:
        start = TEXT.index(words)
        return PredSpan(start, start + len(words), words)

    script = TEXT[TEXT.index("<script>"):TEXT.index("</script>") + len("</script>")]
    return Submission((PredDocument(DOC_ID, (PredEvent("DELIVERY", span("liefert"), (
        PredArgument("Deliverer", span("Berlin")), PredArgument("Artifact", span(script)),
        PredArgument("Recipient", span("Kiew")))),)),))


def write_crafted(tmp_path: Path) -> tuple[Path, Path]:
    """The crafted gold file and a submission file for it (used by the CLI and browser tests)."""
    gold = tmp_path / "evil_gold.jsonl"
    gold.write_text(json.dumps(crafted_gold().to_dict(), ensure_ascii=False) + "\n",
                    encoding="utf-8")
    doc = crafted_submission().documents[0]
    sub = tmp_path / "evil_sub.jsonl"
    line = {"doc_id": doc.doc_id, "events": [{
        "type": ev.type, "trigger": {"start": ev.trigger.start, "end": ev.trigger.end},
        "arguments": [{"role": a.role, "start": a.span.start, "end": a.span.end}
                      for a in ev.arguments]} for ev in doc.events]}
    sub.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return gold, sub


@pytest.fixture(scope="module")
def system_a():
    gold = gold_from_file(GOLD)
    return gold, read_submission(DATA / "system_a.jsonl", gold).submission


# ------------------------------------------------------------------ data (pure)


def test_categories_per_document(system_a):
    gold, sub = system_a
    docs = {d.doc_id: d for d in build_view(gold, sub).documents}
    assert docs["fx-meeting"].categories == ("match", "boundary", "role")
    assert docs["fx-export"].categories == ("match", "spurious", "type")
    assert docs["fx-attack"].categories == ("missed",)
    assert docs["fx-empty"].categories == () and docs["fx-empty"].marks == ()
    meeting = docs["fx-meeting"]
    boundary = sorted((m.side, m.start, m.end) for m in meeting.marks if m.category == "boundary")
    assert boundary == [("gold", 58, 66), ("pred", 61, 66)]  # "in Paris" against "Paris"
    role = [m for m in meeting.marks if m.category == "role"]
    assert {(m.side, m.role) for m in role} == {("gold", "Party"), ("pred", "Agreement")}
    spurious = [m for m in docs["fx-export"].marks if m.category == "spurious"]
    assert [(m.side, m.kind, m.event_type) for m in spurious] == [("pred", "trigger", "PAYMENT")]


def test_counts_agree_with_the_scorer(system_a):
    gold, sub = system_a
    view = build_view(gold, sub)
    report = score(gold, sub, spec=ScoringSpec(bootstrap=0))
    trig = report.levels["trigger_classification"]
    arg = report.levels["argument_classification_attached"]
    assert view.totals.trigger == trig.micro and view.totals.argument == arg.micro
    assert {r.event_type: r.trigger for r in view.per_type if not r.trigger.empty} == \
        dict(trig.per_type)
    assert view.macro_f1 == {"trigger": trig.macro_f1, "argument": arg.macro_f1}
    for kind, micro in (("trigger", trig.micro), ("argument", arg.micro)):
        assert sum(d.counts[kind].tp for d in view.documents) == micro.tp
        assert sum(c[kind] for c in view.category_counts.values()) == \
            micro.tp + micro.fp + micro.fn
    # every true positive is marked on both sides, every error on one
    for d in view.documents:
        gold_side = [m for m in d.marks if m.side == "gold"]
        pred_side = [m for m in d.marks if m.side == "pred"]
        assert len(gold_side) == sum(d.counts[k].tp + d.counts[k].fn for k in d.counts)
        assert len(pred_side) == sum(d.counts[k].tp + d.counts[k].fp for k in d.counts)


def test_confusion_matrix(system_a):
    gold, sub = system_a
    c = build_view(gold, sub).confusion
    assert c.rows[-1] == NO_GOLD and c.columns[-1] == NO_PRED
    assert c.count("EXPORT", "DELIVERY") == 1  # same trigger span, other type
    assert c.count("DELIVERY", "DELIVERY") == 1 and c.count("MEETING", "MEETING") == 1
    assert c.count("SANCTION", NO_PRED) == 1 and c.count("ATTACK", NO_PRED) == 1
    assert c.count(NO_GOLD, "PAYMENT") == 1
    ti = score(gold, sub, spec=ScoringSpec(bootstrap=0)).levels["trigger_identification"].micro
    assert sum(map(sum, c.counts)) == ti.tp + ti.fp + ti.fn


def test_pieces_cover_the_text_and_every_mark(system_a):
    gold, sub = system_a
    for d in build_view(gold, sub).documents:
        for side, cut in (("gold", d.gold_pieces), ("pred", d.pred_pieces)):
            assert "".join(p.text for p in cut) == d.text
            position = 0
            covered: dict = {}
            for p in cut:
                for r in p.marks:
                    covered.setdefault(r.mark, []).append((position, position + len(p.text),
                                                           r.ends))
                position += len(p.text)
            marks = [m for m in d.marks if m.side == side]
            assert set(covered) == set(marks)
            for m, parts in covered.items():
                assert parts[0][0] == m.start and parts[-1][1] == m.end
                assert [e for *_, e in parts] == [False] * (len(parts) - 1) + [True]


def test_overlapping_marks_nest_with_depths():
    text = "Die Lieferung von Panzern nach Polen."
    ev = Event("E1", "DELIVERY", Span(4, 13, "Lieferung"), (
        Argument("Artifact", Span(18, 25, "Panzern")),
        Argument("Destination", Span(18, 36, "Panzern nach Polen"))))
    doc = Document("d", "t", "CC0", "de", None, None, text, (ev,))
    view = build_view([doc], Submission())
    args = sorted((m.start, m.end, m.depth) for m in view.documents[0].marks
                  if m.kind == "argument")
    assert args == [(18, 25, 1), (18, 36, 0)]  # the longer one outside
    piece = next(p for p in view.documents[0].gold_pieces if p.text == "Panzern")
    assert [(r.mark.end, r.ends) for r in piece.marks] == [(36, False), (25, True)]


def test_lenient_mode_marks_the_predicted_span_as_a_match(system_a):
    gold, sub = system_a
    doc = next(d for d in build_view(gold, sub, mode="lenient").documents
               if d.doc_id == "fx-meeting")
    place = sorted((m.side, m.start, m.end, m.category) for m in doc.marks
                   if m.role == "Place")
    assert place == [("gold", 58, 66, "match"), ("pred", 61, 66, "match")]


def test_perfect_submission_is_all_matches():
    gold = gold_from_file(GOLD)
    view = build_view(gold, read_submission(DATA / "perfect.jsonl", gold).submission)
    for d in view.documents:
        assert {m.category for m in d.marks} <= {"match"}
        assert sorted((m.kind, m.start, m.end) for m in d.marks if m.side == "gold") == \
            sorted((m.kind, m.start, m.end) for m in d.marks if m.side == "pred")


def test_pieces_doctest_shape():
    assert [p.text for p in pieces("abc", [])] == ["abc"]
    assert pieces("", []) == ()


# ------------------------------------------------------------------ the page


def crafted_page() -> str:
    view = build_view([crafted_gold()], crafted_submission(), system_name=NAME)
    return viewer_html(view, {"per_type_f1.png": b"\x89PNG fake"})


def test_every_submitted_string_is_escaped():
    html = crafted_page()
    assert html.count("<script") == 1  # the page's own
    assert html.count("<img") == 1  # the (fake) plot
    for raw in ("<script>document", "<img src=x", "<svg", "<b onmouseover", "onerror=\"",
                'evil">'):
        assert raw not in html, raw
    assert "&lt;script&gt;document.title=&#34;pwned&#34;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "evil&#34;&gt;&lt;svg onload=alert(1)&gt;" in html
    assert "&lt;b onmouseover=alert(1)&gt;Titel&lt;/b&gt;" in html
    # no attribute on the page starts an event handler
    assert not re.search(r"<[^>]*\son\w+\s*=", html)


def test_the_spurious_script_span_is_highlighted_as_text():
    html = crafted_page()
    assert re.search(r'class="mk arg k-spurious d0 end" data-type="DELIVERY" '
                     r'data-kind="spurious" title="[^"]*">&lt;script&gt;', html)


def _csp(html: str) -> str:
    return re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_policy_allows_only_the_pages_own_style_and_script():
    html = crafted_page()
    csp = _csp(html).replace("&#39;", "'")
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    assert csp.startswith("default-src 'none'")
    assert f"style-src '{_hash(style)}'" in csp and f"script-src '{_hash(script)}'" in csp
    assert "unsafe-inline" not in csp and "img-src data:" in csp
    # self-contained: nothing to fetch
    assert not re.search(r'\s(src|href)="(?!data:image/png;base64,|#)', html)
    assert "data:image/png;base64," + base64.b64encode(b"\x89PNG fake").decode() in html


def test_legend_and_filters_name_every_category(system_a):
    gold, sub = system_a
    html = viewer_html(build_view(gold, sub))
    for key, (label, _) in CATEGORIES.items():
        assert f'<span class="mk trg k-{key} end">trigger</span>' in html
        assert f'class="f-kind" value="{key}"' in html and label in html
    assert '<option value="EXPORT">EXPORT</option>' in html
    assert "<img" not in html  # no plots given


def test_large_splits_start_collapsed(system_a):
    gold, sub = system_a
    view = build_view(gold, sub)
    assert viewer_html(view).count('class="doc"') == 4
    assert viewer_html(view).count("\" open>") == 4
    collapsed = viewer_html(view, open_limit=2)
    assert collapsed.count('class="doc"') == 4 and "\" open>" not in collapsed


def test_leaderboard_page_shares_the_look():
    board = {"format_version": "1", "dataset_hash": "h", "split": "test",
             "scorer_version": "1.0.0", "entries": []}
    lb = leaderboard_html(board)
    view = crafted_page()
    style = re.search(r"<style>(.*?)</style>", lb, re.S).group(1)
    assert style == re.search(r"<style>(.*?)</style>", view, re.S).group(1)
    assert '<header class="top"><span class="brand">EventBench-DE</span>' in lb
    assert "<script" not in lb and "script-src" not in _csp(lb)
    assert "The leaderboard is empty." in lb


# ------------------------------------------------------------------ CLI


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result


def test_cli_view_writes_the_page(tmp_path):
    out = tmp_path / "report.html"
    result = run("view", str(DATA / "system_a.jsonl"), "--gold", str(GOLD), "--out", str(out),
                 "--system-name", "System <A>")
    assert result.exit_code == 0, result.output
    assert "written to" in result.output and "4 document(s)" in result.output
    html = out.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 2
    assert "System &lt;A&gt;" in html and "fx-meeting" in html
    assert "mode strict" in html


def test_cli_view_lenient_without_plots(tmp_path):
    out = tmp_path / "r.html"
    result = run("view", str(DATA / "system_a.jsonl"), "--gold", str(GOLD), "--out", str(out),
                 "--mode", "lenient", "--no-plots")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<img" not in html and "mode lenient" in html and "system_a" in html


def test_cli_view_crafted_input(tmp_path):
    gold, sub = write_crafted(tmp_path)
    out = tmp_path / "evil.html"
    result = run("view", str(sub), "--gold", str(gold), "--out", str(out), "--system-name", NAME)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count("<script") == 1 and "<img src=x" not in html


def test_cli_view_usage_errors(tmp_path):
    sub = str(DATA / "system_a.jsonl")
    assert run("view", sub, "--gold", str(GOLD)).exit_code == 2  # no --out
    assert run("view", sub, "--out", str(tmp_path / "x.html")).exit_code == 2  # no gold
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "fx-nope", "events": []}\n', encoding="utf-8")
    result = run("view", str(bad), "--gold", str(GOLD), "--out", str(tmp_path / "x.html"))
    assert result.exit_code == 1 and not (tmp_path / "x.html").exists()
    assert run("view", "--help").exit_code == 0
