"""Inter-annotator agreement through the project's scorer."""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

from benchmark.agreement import agreement
from benchmark.annotations import load_corpus
from benchmark.cli import main
from benchmark.errors import BenchmarkError


@pytest.fixture
def documents(mini):
    return [d.document for d in load_corpus(mini.annotations, mini.sources).documents]


def test_self_agreement_is_perfect(documents):
    report = agreement(documents, documents)
    for mode in ("strict", "lenient"):
        assert all(c.f1 == 1.0 for c in report.levels[mode].values())
    assert report.kappa["modality"].observed == 1.0
    assert report.kappa["modality"].kappa == 1.0  # ASSERTED, PLANNED, NEGATED all occur


def test_hand_computed_disagreement(documents):
    auth = next(d for d in documents if d.doc_id == "auth-test-1")
    changed = list(auth.events)
    # second annotator: E5 typed COOPERATION instead of AGREEMENT (its Party argument dropped),
    # and E2 (DELIVERY, PLANNED) read as ASSERTED
    changed[4] = dataclasses.replace(changed[4], type="COOPERATION", arguments=())
    changed[1] = dataclasses.replace(changed[1], modality="ASSERTED")
    other = dataclasses.replace(auth, events=tuple(changed))
    report = agreement([auth], [other])
    strict = report.levels["strict"]
    assert (strict["trigger_identification"].tp, strict["trigger_identification"].fp) == (6, 0)
    tc = strict["trigger_classification"]
    assert (tc.tp, tc.fp, tc.fn) == (5, 1, 1)
    ac = strict["argument_classification"]
    assert (ac.tp, ac.fp, ac.fn) == (11, 0, 1)
    kappa = report.kappa["modality"]
    assert kappa.pairs == 5 and kappa.observed == pytest.approx(4 / 5)
    # matched pairs E1, E2, E3, E4, E6: first A,P,P,A,P; second A,A,P,A,P (A=ASSERTED, P=PLANNED)
    # p_o = 4/5; p_e = 2/5*3/5 + 3/5*2/5 = 12/25; kappa = (0.8 - 0.48) / (1 - 0.48)
    assert kappa.kappa == pytest.approx(0.32 / 0.52)


def test_no_common_document_is_an_error(documents):
    with pytest.raises(BenchmarkError, match="share no document"):
        agreement(documents[:1], documents[1:])


def test_cli_writes_json_and_markdown(mini, tmp_path):
    out = tmp_path / "report.json"
    args = ["agreement", "--first", str(mini.annotations / "docs"), "--second",
            str(mini.annotations / "docs" / "authored"), "--out", str(out),
            "--annotations", str(mini.annotations), "--sources", str(mini.sources)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["documents"] == ["auth-test-1"]
    assert data["levels"]["strict"]["trigger_classification"]["f1"] == 1.0
    assert "Reproduce: `eventbench agreement" in out.with_suffix(".md").read_text()


def test_cli_differences_lists_the_adjudication_worklist(mini, tmp_path):
    changed = tmp_path / "second.yaml"
    text = mini.doc("authored/t1.yaml").read_text(encoding="utf-8")
    changed.write_text(text.replace("type: AGREEMENT", "type: COOPERATION").replace(
        "Party: Beide Minister", "Partner: Beide Minister"), encoding="utf-8")
    result = CliRunner().invoke(main, [
        "agreement", "--first", str(mini.doc("authored/t1.yaml")), "--second", str(changed),
        "--differences", "--annotations", str(mini.annotations), "--sources", str(mini.sources)])
    assert result.exit_code == 0, result.output
    assert "vereinbarten" in result.output
    assert "COOPERATION" in result.output and "AGREEMENT" in result.output
