"""Tests of the document selection (benchmark/selection.py and `eventbench select`).

Every text here is made up for the tests; none is taken from the 10kGNAD articles.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from benchmark.cli import main
from benchmark.errors import BenchmarkError
from benchmark.ontology import TYPE_NAMES
from benchmark.paths import REPO_ROOT
from benchmark.selection import (
    CONTEXT_TERMS,
    CONTROL,
    EVENT_LEXICON,
    EVENT_RICH,
    SelectionParams,
    render_selection_yaml,
    score_text,
    select_articles,
    spread,
    summarize,
)
from benchmark.sources import text_sha256

# Made-up sentences: each rich one carries known triggers, the plain ones none.
RICH = (
    "Die Luftwaffe flog am Montag neue Luftangriffe auf Stellungen der Rebellen.",
    "Die Regierung entsandte weitere Truppen in die Grenzregion.",
    "Die Außenminister trafen sich zu einem Gipfel in Genf.",
    "Die Union verlängerte die Sanktionen gegen das Land um sechs Monate.",
    "Das Ministerium genehmigte die Ausfuhr von Munition.",
)
PLAIN = (
    "Der Bäcker am Marktplatz öffnet künftig schon um sechs Uhr früh.",
    "Im Stadtpark blühen die Tulpen heuer besonders früh.",
    "Die Gemeinde plant einen neuen Radweg entlang des Flusses.",
)


def text(rich: int, plain: int, offset: int = 0) -> str:
    """A made-up article with `rich` trigger sentences and `plain` filler sentences."""
    parts = [RICH[(offset + i) % len(RICH)] for i in range(rich)]
    parts += [PLAIN[(offset + i) % len(PLAIN)] for i in range(plain)]
    return " ".join(parts)


def corpus() -> list[tuple[str, str]]:
    """30 rows: main categories with graded event content, plus Sport and Kultur rows."""
    rows = []
    for i in range(24):
        category = ("International", "Inland", "Wirtschaft")[i % 3]
        rows.append((category, text(rich=i % 6, plain=2 + i % 4, offset=i)))
    rows.append(("Sport", text(rich=1, plain=2)))   # low-scoring other category: never chosen
    rows.append(("Kultur", text(rich=5, plain=0) + " " + text(rich=5, plain=0)))  # very high
    rows += [("Sport", text(rich=0, plain=3, offset=k)) for k in range(4)]
    return rows


PARAMS = SelectionParams(n=8, control=4, seed=7, min_chars=0, max_chars=2000)


# --- scoring -------------------------------------------------------------------------------------

def test_score_counts_hits_per_type_with_weights():
    s = score_text(" ".join(RICH))
    expected = {"ATTACK": 1, "DEPLOYMENT": 1, "MEETING": 2, "SANCTION": 1, "AUTHORIZATION": 1,
                "EXPORT": 1}
    assert {t: c for t, c in s.hits.items() if c} == expected
    assert tuple(s.hits) == TYPE_NAMES
    # 3 Luftangriff + 3 entsandte + 3 Gipfel + 1 trafen + 3 Sanktionen + 2 genehmigte + 1 Ausfuhr,
    # context: Luftwaffe, Rebellen, Truppen, Außenminister, Munition (1 each)
    assert s.score == 16 + 5
    assert s.context_hits == 5


def test_plain_text_scores_zero():
    s = score_text(" ".join(PLAIN))
    assert s.score == 0 and not any(s.hits.values()) and s.topic == "other"


def test_overlap_inside_a_type_counts_once_for_the_heavier_term():
    s = score_text("Neue Waffenlieferungen wurden bekannt.")
    assert s.hits["DELIVERY"] == 1
    assert ("DELIVERY:Waffen-/Munitionslieferung", 1) in s.terms
    assert s.score == 3 + 1  # the specific term (3) plus the context term Waffe (1)


def test_term_cap_limits_one_repeated_word():
    s = score_text(" ".join(["Sanktionen."] * 20), term_cap=5)
    assert s.hits["SANCTION"] == 20
    assert s.score == 3 * 5


@pytest.mark.parametrize("sentence, type_name", [
    ("Das betrifft und betreffen viele Menschen.", "MEETING"),
    ("Die Zulieferer der Autoindustrie melden Gewinne.", "DELIVERY"),
    ("Aus diesen Gründen bleibt alles beim Alten.", "ESTABLISH_ORG"),
    ("In einigen Ländern regnet es.", "AGREEMENT"),
    ("Die Zahlen des Quartals sind gut.", "PAYMENT"),
    ("Die Wahlkampfkosten steigen.", "ATTACK"),
])
def test_look_alikes_do_not_match(sentence, type_name):
    assert score_text(sentence).hits[type_name] == 0


def test_is_abbreviation_is_case_sensitive():
    assert score_text("Kämpfer des IS zogen ab.").context_hits == 2  # Kämpfer, IS
    assert score_text("this is it").context_hits == 0


def test_lexicon_covers_every_type_of_the_ontology():
    assert tuple(EVENT_LEXICON) == TYPE_NAMES
    assert all(EVENT_LEXICON[t] for t in TYPE_NAMES)
    for terms in EVENT_LEXICON.values():
        assert len({t.label for t in terms}) == len(terms)
        assert all(t.weight in (1, 2, 3) for t in terms)


def test_selection_md_documents_every_lexicon_term():
    doc = (REPO_ROOT / "annotations" / "SELECTION.md").read_text(encoding="utf-8")
    for type_name, terms in EVENT_LEXICON.items():
        row = next(line for line in doc.splitlines() if line.startswith(f"| {type_name} |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        for term in terms:
            assert term.label in cells[4 - term.weight].split("; "), (type_name, term.label)
    for term in CONTEXT_TERMS:
        assert term.label in doc, term.label


# --- selection -----------------------------------------------------------------------------------

def test_selection_is_deterministic():
    rows = corpus()
    first, second = select_articles(rows, PARAMS), select_articles(rows, PARAMS)
    assert first == second
    kwargs = dict(source_file="10kGNAD/test.csv", source_sha256="0" * 64, command="x",
                  benchmark_version="0")
    assert render_selection_yaml(first, **kwargs) == render_selection_yaml(second, **kwargs)


def test_event_rich_are_the_top_scores_of_main_categories_and_very_high_others():
    rows = corpus()
    sel = select_articles(rows, PARAMS)
    rich = [a for a in sel.articles if a.group == EVENT_RICH]
    assert len(rich) == PARAMS.n
    kultur = [a for a in rich if a.category == "Kultur"]
    assert [a.row for a in kultur] == [25] and kultur[0].score >= sel.other_min_score
    assert "other category admitted" in kultur[0].reason
    assert all(a.category != "Sport" for a in sel.articles)
    lowest_rich = min(a.score for a in rich)
    left_out = [score_text(t).score for r, (c, t) in enumerate(rows)
                if c in PARAMS.main_categories and r not in {a.row for a in rich}]
    assert max(left_out) <= lowest_rich


def test_ties_go_to_the_shorter_article_then_the_lower_row():
    same = text(rich=2, plain=0)
    rows = [("Inland", same + " Ende."), ("Inland", same), ("Inland", same),
            ("Inland", text(rich=0, plain=1))]
    sel = select_articles(rows, SelectionParams(n=2, control=1, min_chars=0, max_chars=1000,
                                                control_quantile=0.25))
    assert sorted(a.row for a in sel.articles if a.group == EVENT_RICH) == [1, 2]
    ranks = {a.row: a.reason for a in sel.articles}
    assert ranks[1].startswith("rank 1 ") and ranks[2].startswith("rank 2 ")


def test_control_group_is_low_scoring_main_category_and_seeded():
    rows = corpus()
    sel = select_articles(rows, PARAMS)
    controls = [a for a in sel.articles if a.group == CONTROL]
    assert len(controls) == PARAMS.control
    assert all(a.score <= sel.control_max_score for a in controls)
    assert all(a.category in PARAMS.main_categories for a in controls)
    assert not {a.row for a in controls} & {a.row for a in sel.articles if a.group == EVENT_RICH}
    # the draw depends on the seed and only on it
    pool = {r for r, (c, t) in enumerate(rows)
            if c in PARAMS.main_categories and score_text(t).score <= sel.control_max_score}
    draws = {frozenset(a.row for a in select_articles(rows, replace(PARAMS, seed=seed)).articles
                       if a.group == CONTROL) for seed in range(12)}
    assert all(d <= pool for d in draws) and len(draws) > 1


def test_control_allocation_is_proportional_to_the_pool():
    rows = [("International", text(rich=3, plain=1, offset=k)) for k in range(4)]
    rows += [("Inland", text(rich=0, plain=2, offset=k)) for k in range(6)]
    rows += [("Wirtschaft", text(rich=0, plain=2, offset=k)) for k in range(3)]
    sel = select_articles(rows, SelectionParams(n=4, control=3, min_chars=0, max_chars=1000,
                                                control_quantile=0.5))
    counts = Counter(a.category for a in sel.articles if a.group == CONTROL)
    assert counts == {"Inland": 2, "Wirtschaft": 1}


def test_length_bounds_exclude_articles():
    rows = corpus()
    sel = select_articles(rows, SelectionParams(n=3, control=2, min_chars=120, max_chars=400))
    assert all(120 <= a.chars <= 400 for a in sel.articles)


def test_entries_carry_checksum_and_no_text():
    rows = corpus()
    sel = select_articles(rows, PARAMS)
    for a in sel.articles:
        assert a.text_sha256 == text_sha256(rows[a.row][1])
        assert a.chars == len(rows[a.row][1])
        assert a.doc_id == f"gnad-{a.row:04d}"
    rendered = render_selection_yaml(sel, source_file="f", source_sha256="s", command="c",
                                     benchmark_version="v")
    for sentence in RICH + PLAIN:
        assert sentence[:30] not in rendered


@pytest.mark.parametrize("params, message", [
    (SelectionParams(n=50, control=2, min_chars=0), "cannot select n=50"),
    (SelectionParams(n=2, control=40, min_chars=0), "lower --control"),
    (SelectionParams(min_chars=500, max_chars=100), "min_chars < max_chars"),
    (SelectionParams(n=2, control=1, min_chars=5000, max_chars=6000), "nothing to select"),
])
def test_impossible_requests_raise_benchmark_error(params, message):
    with pytest.raises(BenchmarkError, match=message):
        select_articles(corpus(), params)


def test_summary_counts_groups_and_type_coverage():
    sel = select_articles(corpus(), PARAMS)
    summary = summarize(sel)
    assert sum(c[EVENT_RICH] for c in summary.counts.values()) == PARAMS.n
    assert sum(c[CONTROL] for c in summary.counts.values()) == PARAMS.control
    for t in TYPE_NAMES:
        for group in (EVENT_RICH, CONTROL):
            expected = sum(1 for a in sel.articles if a.group == group and a.hits.get(t))
            assert summary.type_coverage[t][group] == expected
    assert summary.type_coverage["ATTACK"][EVENT_RICH] >= 1


# --- ordering ------------------------------------------------------------------------------------

@given(st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=12))
def test_every_prefix_of_spread_is_proportional(sizes):
    strata = [[(s, i) for i in range(m)] for s, m in enumerate(sizes)]
    merged = spread(strata)
    total = sum(sizes)
    assert sorted(merged) == sorted(x for stratum in strata for x in stratum)
    seen = Counter()
    for k, (s, i) in enumerate(merged, start=1):
        assert i == seen[s]  # each stratum keeps its order
        seen[s] += 1
        for t, m in enumerate(sizes):
            assert abs(seen[t] - k * m / total) < 1


def test_selection_order_interleaves_categories_and_controls():
    sel = select_articles(corpus(), PARAMS)
    half = sel.articles[: len(sel.articles) // 2]
    assert {a.group for a in half} == {EVENT_RICH, CONTROL}
    assert len({a.category for a in half}) >= 3


# --- command line --------------------------------------------------------------------------------

def write_csv(folder: Path, rows) -> Path:
    path = folder / "10kGNAD" / "test.csv"
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", quotechar="'", lineterminator="\n").writerows(rows)
    return path


ARGS = ["--n", "8", "--control", "4", "--seed", "7", "--min-chars", "0", "--max-chars", "2000"]


def test_cli_writes_selection_and_refuses_to_overwrite(tmp_path):
    write_csv(tmp_path / "src", corpus())
    out = tmp_path / "selection.yaml"
    runner = CliRunner()
    result = runner.invoke(main, ["select", *ARGS, "--sources", str(tmp_path / "src"),
                                  "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "articles per category" in result.output and "ATTACK" in result.output
    assert "not the pinned 10kGNAD test split" in result.output  # synthetic file: warned
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["parameters"]["n"] == 8 and data["parameters"]["seed"] == 7
    assert data["command"].startswith("eventbench select --n 8 --control 4 --seed 7")
    assert len(data["source"]["sha256"]) == 64
    assert len(data["articles"]) == 12
    first = data["articles"][0]
    assert set(first) == {"row", "doc_id", "category", "group", "topic", "score", "hits",
                          "context_hits", "chars", "text_sha256", "reason"}

    before = out.read_bytes()
    again = runner.invoke(main, ["select", *ARGS, "--seed", "8", "--sources",
                                 str(tmp_path / "src"), "--out", str(out)])
    assert again.exit_code == 1
    assert "already exists" in again.output and "--force" in again.output
    assert "Traceback" not in again.output
    assert out.read_bytes() == before

    forced = runner.invoke(main, ["select", *ARGS, "--seed", "8", "--sources",
                                  str(tmp_path / "src"), "--out", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["parameters"]["seed"] == 8


def test_cli_same_command_same_file(tmp_path):
    write_csv(tmp_path / "src", corpus())
    runner = CliRunner()
    outputs = []
    for name in ("a.yaml", "b.yaml"):
        result = runner.invoke(main, ["select", *ARGS, "--sources", str(tmp_path / "src"),
                                      "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("setup, message", [
    (lambda src: None, "not found"),
    (lambda src: write_csv(src, [["Inland"]]), "not a 10kGNAD CSV"),
    (lambda src: write_csv(src, corpus()[:3]), "cannot select"),
])
def test_cli_bad_input_exits_cleanly(tmp_path, setup, message):
    src = tmp_path / "src"
    setup(src)
    result = CliRunner().invoke(main, ["select", *ARGS, "--sources", str(src),
                                       "--out", str(tmp_path / "s.yaml")])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "s.yaml").exists()
