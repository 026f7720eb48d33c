"""Format converters: round trips gold → BRAT/TextEE → gold, BRAT → YAML → check, PLOVER records.

Round trips run on the fixtures (always) and on the whole built corpus (skipped when
build/dataset/gold is absent). Every output goes to pytest's tmp_path.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmark import paths
from benchmark.annotations import load_corpus
from benchmark.cli import main
from benchmark.convert.brat import annotation_conf, brat_to_document, document_to_brat
from benchmark.convert.common import ConversionReport
from benchmark.convert.plover import document_to_plover, plover_category
from benchmark.convert.roundtrip import FORMATS, round_trip
from benchmark.convert.textee import (
    document_to_textee,
    document_tokens,
    textee_projection,
    textee_to_document,
    token_span,
)
from benchmark.errors import BenchmarkError
from benchmark.io import read_gold_jsonl, write_gold_jsonl
from benchmark.ontology import ATTRIBUTE_DEFAULTS, EVENT_TYPES, ROLE_NAMES, TYPE_NAMES
from benchmark.schema import Argument, Document, Event, Span
from benchmark.textee import compute_scores

DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold.jsonl"


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _expected_textee_drops(documents) -> Counter:
    """What a TextEE conversion must report, counted independently of the converter."""
    want: Counter = Counter()
    for doc in documents:
        want["document.source"] += 1
        want["document.dct"] += doc.dct is not None
        want["document.title"] += doc.title is not None
        tokens = document_tokens(doc.text)
        for ev in doc.events:
            for name, default in ATTRIBUTE_DEFAULTS.items():
                want[f"event.{name}"] += getattr(ev, name) != default
            want["event.cluster"] += ev.cluster is not None
            want["argument.value"] += sum(a.value is not None for a in ev.arguments)
            want["trigger.inside_token"] += not token_span(tokens, ev.trigger.start,
                                                           ev.trigger.end)[2]
            want["argument.inside_token"] += sum(
                not token_span(tokens, a.span.start, a.span.end)[2] for a in ev.arguments)
    return +want


def _check_round_trips(documents) -> dict:
    results = {fmt: round_trip(documents, fmt) for fmt in FORMATS}
    for fmt, result in results.items():
        assert result.held_exactly, (fmt, result.projection_failures[:5])
        if fmt != "brat+yaml":  # the YAML source format holds only the project's own sources
            assert result.events == sum(len(d.events) for d in documents)
    for fmt in ("brat", "brat+yaml"):  # BRAT holds everything: lossless, nothing reported
        assert results[fmt].documents_identical == results[fmt].documents
        assert results[fmt].report.lossless
    assert +results["textee"].report.dropped == _expected_textee_drops(documents)
    return results


# --- round trips ---------------------------------------------------------------------------------

def test_round_trips_on_the_fixtures():
    documents = read_gold_jsonl(GOLD)
    results = _check_round_trips(documents)
    assert results["textee"].events_spans_identical == results["textee"].events


def test_round_trips_on_the_mini_corpus(mini):
    corpus = load_corpus(mini.annotations, mini.sources)
    _check_round_trips([d.document for d in corpus.documents])


def _whole_corpus() -> list[Document]:
    """Every document of the repository's annotations, compiled (the 10kGNAD sources needed)."""
    corpus = load_corpus(paths.annotations_dir(), paths.sources_dir())
    if any(i.code == "A502" for i in corpus.issues):
        pytest.skip(f"10kGNAD sources not at {paths.sources_dir()}; run `eventbench sources fetch`")
    return [d.document for d in corpus.documents]


def test_round_trips_on_the_whole_corpus():
    documents = _whole_corpus()
    assert len(documents) > 200
    results = _check_round_trips(documents)
    textee = results["textee"]
    # every event's type, trigger and arguments survive TextEE unless a boundary is inside a token
    inside = textee.report.dropped["trigger.inside_token"] + \
        textee.report.dropped["argument.inside_token"]
    assert textee.events - textee.events_spans_identical <= inside


# --- TextEE --------------------------------------------------------------------------------------

def _doc(text, events, **kw):
    fields = dict(doc_id="d", source="authored", license="CC-BY-4.0", lang="de", dct=None,
                  title=None)
    fields.update(kw)
    return Document(text=text, events=tuple(events), **fields)


def test_textee_instance_has_textee_fields_and_token_offsets():
    doc = read_gold_jsonl(GOLD)[0]
    inst = document_to_textee(doc, ConversionReport("textee"))
    assert set(inst) == {"doc_id", "wnd_id", "text", "lang", "tokens", "entity_mentions",
                         "event_mentions"}
    entities = {e["id"]: e for e in inst["entity_mentions"]}
    for mention, event in zip(inst["event_mentions"], doc.events):
        assert mention["event_type"] == event.type
        trig = mention["trigger"]
        assert " ".join(inst["tokens"][trig["start"]:trig["end"]]) == trig["text"] == \
            event.trigger.text
        for arg in mention["arguments"]:
            assert entities[arg["entity_id"]]["start"] == arg["start"]
            assert set(arg) == {"entity_id", "role", "text", "start", "end"}


def test_a_boundary_inside_a_token_is_widened_and_reported():
    text = "Russlands Krieg dauert an."
    doc = _doc(text, [Event("E1", "ATTACK", Span(10, 15, "Krieg"),
                            (Argument("Attacker", Span(0, 8, "Russland")),))])
    report = ConversionReport("textee")
    back = textee_to_document(document_to_textee(doc, report))
    assert report.dropped == Counter({"document.source": 1, "argument.inside_token": 1})
    assert back.events[0].arguments[0].span == Span(0, 9, "Russlands")
    assert back == textee_projection(doc)


def test_textee_reading_errors_are_clean():
    good = document_to_textee(read_gold_jsonl(GOLD)[0], ConversionReport("textee"))
    bad = dict(good, event_mentions=[dict(good["event_mentions"][0], event_type="MEETNG")])
    with pytest.raises(BenchmarkError, match="did you mean 'MEETING'"):
        textee_to_document(bad)
    with pytest.raises(BenchmarkError, match="not found in the text"):
        textee_to_document(dict(good, tokens=["nicht", "da"]))


def test_cli_textee_round_trip_and_error(tmp_path):
    out, back = tmp_path / "t.jsonl", tmp_path / "back.jsonl"
    result = _run("convert", "gold-to-textee", GOLD, out, "--report", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    assert "argument.value" in result.output
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["documents"] == 4 and not report["lossless"]
    assert _run("convert", "textee-to-gold", out, back).exit_code == 0
    assert read_gold_jsonl(back) == [textee_projection(d) for d in read_gold_jsonl(GOLD)]
    result = _run("convert", "textee-to-gold", GOLD, back)  # a gold file is no TextEE file
    assert result.exit_code == 1 and "tokens" in result.output and "Traceback" not in result.output


def test_submission_to_textee_scores_like_textee(tmp_path):
    gold_docs = read_gold_jsonl(GOLD)
    perfect = tmp_path / "p.jsonl"
    assert _run("convert", "submission-to-textee", DATA / "perfect.jsonl", perfect,
                "--gold", GOLD).exit_code == 0
    preds = [json.loads(line) for line in perfect.read_text().splitlines()]
    assert [p["doc_id"] for p in preds] == [d.doc_id for d in gold_docs]
    golds = []
    for doc in gold_docs:
        inst = document_to_textee(doc, ConversionReport("textee"))
        golds.append({"doc_id": doc.doc_id, "wnd_id": doc.doc_id, "events": [
            {"trigger": (m["trigger"]["start"], m["trigger"]["end"], m["event_type"]),
             "arguments": [(a["start"], a["end"], a["role"]) for a in m["arguments"]]}
            for m in inst["event_mentions"]]})
    for p in preds:
        p["events"] = [{"trigger": tuple(e["trigger"]), "arguments": [tuple(a) for a in
                                                                      e["arguments"]]}
                       for e in p["events"]]
    scores = compute_scores(preds, golds)
    assert all(scores[m]["f1"] == 100.0 for m in scores)
    system_a = tmp_path / "a.jsonl"
    result = _run("convert", "submission-to-textee", DATA / "system_a.jsonl", system_a,
                  "--gold", GOLD)
    assert result.exit_code == 0, result.output


# --- BRAT ----------------------------------------------------------------------------------------

def test_annotation_conf_declares_the_ontology():
    conf = annotation_conf(read_gold_jsonl(GOLD))
    sections = {}
    current = None
    for line in conf.splitlines():
        if line.startswith("["):
            current = line.strip("[]")
        elif line and not line.startswith("#"):
            sections.setdefault(current, []).append(line)
    assert sections["entities"] == list(ROLE_NAMES)
    assert [line.split("\t")[0] for line in sections["events"]] == list(TYPE_NAMES)
    for line in sections["events"]:
        name, roles = line.split("\t")
        assert roles == ", ".join(f"{r}*:{r}" for r in EVENT_TYPES[name].roles)
    assert {line.split("\t")[0] for line in sections["attributes"]} == \
        {"Modality", "Evidentiality", "Change", "Cluster"}


def test_brat_from_an_inception_style_export():
    text = "Kim traf Putin in\nMoskau. Beide Seiten vereinbarten ein Abkommen."
    ann = "\n".join([
        "T1\tMEETING 4 8\ttraf",
        "T2\tParticipant 0 3\tKim",
        "T3\tParticipant 9 14\tPutin",
        "T4\tPlace 15 17;18 24\tin Moskau",       # fragments split at the line break
        "T5\tAGREEMENT 39 51\tvereinbarten",
        "T6\tParty 26 31;39 51\tBeide vereinbarten",  # truly discontinuous
        "T7\tParty 0 3\tKim",                      # used by no event
        "E1\tMEETING:T1 Participant:T2 Participant2:T3 Place:T4",
        "E2\tAGREEMENT:T5 Party:T6",
        "A1\tModality E2 PLANNED",
        "R1\tSame Arg1:T2 Arg2:T7",
        "#1\tAnnotatorNotes T1\tchecked",
    ]) + "\n"
    report = ConversionReport("brat")
    doc = brat_to_document(ann, text, {"doc_id": "x", "source": "authored",
                                       "license": "CC-BY-4.0"}, report)
    assert [a.role for a in doc.events[0].arguments] == ["Participant", "Participant", "Place"]
    assert doc.events[0].arguments[2].span == Span(15, 24, "in\nMoskau")
    assert doc.events[1].modality == "PLANNED" and doc.events[1].evidentiality == "DIRECT"
    assert report.dropped == Counter({"span.discontinuous": 1, "brat.ignored_line": 2,
                                      "brat.unused_entity": 1})
    # a span with a line break is written back as BRAT fragments and read back the same
    again = brat_to_document(document_to_brat(doc, ConversionReport("brat")), text,
                             {"doc_id": "x", "source": "authored", "license": "CC-BY-4.0"},
                             ConversionReport("brat"))
    assert again == doc


def test_brat_problems_are_all_listed():
    ann = "T1\tMEETNG 0 3\tKim\nT2\tFoo 4 8\ttraf\nE1\tMEETNG:T1\nE2\tMEETING:T2 Partner:T1\n" \
          "A1\tModality E2 MAYBE\n"
    with pytest.raises(BenchmarkError) as info:
        brat_to_document(ann, "Kim traf Putin.", {"doc_id": "x", "source": "authored",
                                                  "license": "CC-BY-4.0"},
                         ConversionReport("brat"), label="x.ann")
    message = str(info.value)
    assert "3 problem(s)" in message
    assert "did you mean 'MEETING'" in message and "'Partner' is not allowed for MEETING" in message
    assert "bad Modality value 'MAYBE'" in message


def test_brat_to_yaml_passes_check_on_the_mini_corpus(mini, tmp_path):
    corpus = load_corpus(mini.annotations, mini.sources)
    documents = [d.document for d in corpus.documents]
    gold = tmp_path / "gold.jsonl"
    write_gold_jsonl(gold, documents)
    brat, yaml_dir = tmp_path / "brat", tmp_path / "yaml"
    assert _run("convert", "gold-to-brat", gold, brat).exit_code == 0
    assert (brat / "annotation.conf").is_file()
    for sidecar in brat.glob("*.meta.json"):  # as from INCEpTION: .txt and .ann only
        sidecar.unlink()
    opts = ["--annotations", mini.annotations, "--sources", mini.sources]
    result = _run("convert", "brat-to-yaml", brat, yaml_dir, *opts)
    assert result.exit_code == 0, result.output
    files = sorted(yaml_dir.glob("*.yaml"))
    assert [f.stem for f in files] == sorted(d.doc_id for d in documents)
    assert all("start:" in f.read_text() for f in files)
    result = _run("check", *files, *opts)
    assert result.exit_code == 0, result.output
    assert "3 file(s), 3 document(s), 11 event(s): 0 error(s)" in result.output
    # and straight to gold JSON Lines: the same documents (title/dct need the sidecar)
    back = tmp_path / "back.jsonl"
    assert _run("convert", "brat-to-gold", brat, back, *opts).exit_code == 0
    plain = [Document(d.doc_id, d.source, d.license, d.lang, None, None, d.text, d.events)
             for d in documents]
    assert read_gold_jsonl(back) == plain


def test_brat_cli_round_trip_with_sidecars_and_clean_errors(tmp_path):
    brat, back = tmp_path / "brat", tmp_path / "back.jsonl"
    assert _run("convert", "gold-to-brat", GOLD, brat).exit_code == 0
    result = _run("convert", "brat-to-gold", brat, back)
    assert result.exit_code == 0 and "nothing dropped" in result.output
    by_id = sorted(read_gold_jsonl(GOLD), key=lambda d: d.doc_id)
    assert read_gold_jsonl(back) == by_id  # BRAT folders are read in file-name order
    (brat / "fx-meeting.meta.json").unlink()  # fixture text is in no source folder
    result = _run("convert", "brat-to-gold", brat, back, "--annotations", tmp_path,
                  "--sources", tmp_path)
    assert result.exit_code == 1 and "sidecar" in result.output
    assert "Traceback" not in result.output
    result = _run("convert", "brat-to-gold", tmp_path / "yaml-missing", back)
    assert result.exit_code == 2  # click: the folder does not exist


def test_long_10kgnad_span_is_written_by_its_ends():
    from benchmark.annotations import MAX_LITERAL, compile_annotation
    from benchmark.convert.brat import document_to_yaml
    from benchmark.yamlsource import parse_yaml

    text = ("Die Regierung liefert sehr viele moderne gepanzerte Fahrzeuge, dazu Munition für "
            "die Artillerie, Ersatzteile und Fahrzeuge für den Transport an die Ukraine.")
    start = text.index("sehr")
    end = text.index(" an die")
    doc = _doc(text, [Event("E1", "DELIVERY", Span(14, 21, "liefert"),
                            (Argument("Artifact", Span(start, end, text[start:end])),))],
               doc_id="gnad-0", source="10kGNAD", license="CC-BY-NC-SA-4.0")
    source = document_to_yaml(doc, 0, max_literal=MAX_LITERAL)
    assert "to:" in source
    compiled, issues = compile_annotation(parse_yaml(source), text, "x")
    assert compiled == doc, issues


# --- PLOVER --------------------------------------------------------------------------------------

def test_plover_records_on_the_fixtures(tmp_path):
    documents = read_gold_jsonl(GOLD)
    report = ConversionReport("plover")
    records = [r for d in documents for r in document_to_plover(d, report)]
    meeting = next(r for r in records if r["eventbench_type"] == "MEETING")
    assert (meeting["event"], meeting["actor"], meeting["recipient"], meeting["date"]) == \
        ("CONSULT", "Kanzler Scholz", "Präsident Macron", "2024-03-04")
    without = sum(plover_category(e.type) is None for d in documents for e in d.events)
    assert len(records) + without == report.events
    assert report.dropped["event.no_plover_category"] == without
    out = tmp_path / "p.jsonl"
    result = _run("convert", "gold-to-plover", GOLD, out)
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in out.read_text().splitlines()] == records


def test_plover_category_follows_the_ontology_mapping():
    assert {t: plover_category(t) for t in TYPE_NAMES} == {
        "ORDER": "REQUEST", "AUTHORIZATION": None, "MEASURE": None, "ESTABLISH_ORG": None,
        "MEETING": "CONSULT", "AGREEMENT": "SUPPORT", "COOPERATION": "COOPERATE",
        "PRODUCTION": None, "EXPORT": "AID", "DELIVERY": "AID", "PAYMENT": "AID",
        "MOBILIZATION": "MOBILIZE", "DEPLOYMENT": "MOBILIZE", "SANCTION": "SANCTION",
        "ATTACK": "ASSAULT"}


def test_roundtrip_command(tmp_path):
    result = _run("convert", "roundtrip", GOLD, "--json")
    assert result.exit_code == 0, result.output
    figures = {r["format"]: r for r in json.loads(result.output)}
    assert figures["brat"]["documents_identical_fraction"] == 1.0
    assert figures["textee"]["held_exactly"]
