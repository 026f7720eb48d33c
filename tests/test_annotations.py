"""The annotation checker: one test per error code, plus compilation to gold offsets."""

from __future__ import annotations

import pytest

from benchmark.annotations import CODES, load_corpus, read_annotation_file


def _check(mini, relative="authored/t1.yaml"):
    path = mini.doc(relative)
    result = read_annotation_file(path, relative, annotations=mini.annotations, sources=mini.sources)
    return result.compiled, result.issues


def _edit(path, old, new, count=1):
    """Replace ``old`` by ``new`` in the file; an empty ``old`` appends ``new``."""
    text = path.read_text(encoding="utf-8")
    if not old:
        path.write_text(text + new, encoding="utf-8")
        return
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_clean_corpus_compiles_to_exact_offsets(mini):
    corpus = load_corpus(mini.annotations, mini.sources)
    assert corpus.issues == ()
    docs = {d.document.doc_id: d.document for d in corpus.documents}
    assert set(docs) == {"auth-test-1", "gnad-0", "gnad-1"}
    for doc in docs.values():
        for event in doc.events:
            assert doc.text[event.trigger.start:event.trigger.end] == event.trigger.text
            for arg in event.arguments:
                assert doc.text[arg.span.start:arg.span.end] == arg.span.text
    auth = docs["auth-test-1"]
    # occurrence 2 of "genehmigt": the first is in the title line
    assert auth.events[0].trigger.start == auth.text.index("genehmigt", 40)
    # an 'in' snippet decides between the two "am Dienstag"-free but repeated words
    assert auth.events[3].arguments[2].value == "2025-03-04"
    gnad1 = docs["gnad-1"]
    # context picks the second "Die EU"
    assert gnad1.events[1].arguments[0].span.start == gnad1.text.rindex("Die EU")


# Each case: (code, file, old text, new text). Applying the edit must make the checker emit `code`.
CASES = {
    "A101": ("authored/t1.yaml", "events:\n", "events: [\n"),
    "A102": ("authored/t1.yaml", "    evidentiality: DIRECT\n  - id: E2", "    evidentiality: DIRECT\n"
             "    modalty: ASSERTED\n  - id: E2"),
    "A103": ("authored/t1.yaml", "    type: AGREEMENT\n", "\n"),
    "A104": ("authored/t1.yaml", "source_ref: t1.txt", "source_ref: [t1.txt]"),
    "A201": ("authored/t1.yaml", "Artifact: 20 Panzern", "Artifact: 30 Panzern"),
    "A202": ("10kgnad/g1.yaml", "{text: Die EU, occurrence: 1}", "Die EU"),
    "A203": ("authored/t1.yaml", "trigger: Lieferung", "trigger: {text: Lieferung, start: 3}"),
    "A204": ("10kgnad/g0.yaml", "      - Artifact: Munition\n",
             "      - Artifact: Der Konzern steigert die Produktion von Munition. Die Regierung in Wien "
             "billigte den Export\n"),
    "A301": ("authored/t1.yaml", "type: MEETING", "type: MEETNG"),
    "A302": ("authored/t1.yaml", "Recipient: Polen", "Recipent: Polen"),
    "A303": ("authored/t1.yaml", "Recipient: Polen", "Attacker: Polen"),
    "A304": ("authored/t1.yaml", "modality: PLANNED", "modality: PLANED"),
    "A305": ("authored/t1.yaml", "{text: bis Juni 2025, value: 2025-06}", "bis Juni 2025"),
    "A306": ("authored/t1.yaml", "Recipient: Polen", "Recipient: {text: Polen, value: 2025-06}"),
    "A401": ("authored/t1.yaml", "id: E5", "id: E4"),
    "A403": ("10kgnad/g1.yaml", "", "  - id: E3\n    type: SANCTION\n    trigger: Embargo\n"
             "    arguments:\n      - Imposer: {text: Die EU, occurrence: 2}\n"
             "    modality: ASSERTED\n    evidentiality: DIRECT\n"),
    "A404": ("authored/t1.yaml", "    change: INCREASE", "    change: INCREASE\n    cluster: C1"),
    "A501": ("10kgnad/g0.yaml", "text_sha256: 98a0", "text_sha256: 00a0"),
    "A502": ("10kgnad/g0.yaml", "source_ref: 0", "source_ref: 99"),
}
CORPUS_CASES = {"A105", "A106", "A402"}


def test_every_code_has_a_case():
    assert set(CASES) | CORPUS_CASES == set(CODES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_file_level_code(mini, code):
    relative, old, new = CASES[code]
    _, before = _check(mini, relative)
    assert before == []
    _edit(mini.doc(relative), old, new)
    compiled, issues = _check(mini, relative)
    assert code in {i.code for i in issues}, [i.render() for i in issues]
    assert compiled is None
    issue = next(i for i in issues if i.code == code)
    assert issue.location.startswith(relative + ":")
    assert issue.message


def test_a105_document_without_split(mini):
    _edit(mini.annotations / "splits.yaml", "  - gnad-0\n", "")
    codes = {i.code for i in load_corpus(mini.annotations, mini.sources).issues}
    assert codes == {"A105"}


def test_a105_document_in_two_splits(mini):
    _edit(mini.annotations / "splits.yaml", "  - gnad-1\n", "  - gnad-1\n  - gnad-0\n")
    issues = load_corpus(mini.annotations, mini.sources).issues
    assert [i.code for i in issues] == ["A105"]
    assert "splits.yaml:" in issues[0].location


def test_a106_split_names_unknown_document(mini):
    _edit(mini.annotations / "splits.yaml", "  - gnad-1\n", "  - gnad-1\n  - gnad-77\n")
    issues = load_corpus(mini.annotations, mini.sources).issues
    assert [i.code for i in issues] == ["A106"]


def test_a402_duplicate_doc_id(mini):
    copy = mini.doc("10kgnad/g1-copy.yaml")
    copy.write_text(mini.doc("10kgnad/g1.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    issues = load_corpus(mini.annotations, mini.sources).issues
    assert [i.code for i in issues] == ["A402"]


def test_every_problem_is_reported_at_once(mini):
    path = mini.doc("authored/t1.yaml")
    _edit(path, "type: MEETING", "type: MEETNG")
    _edit(path, "modality: PLANNED", "modality: PLANED")
    _edit(path, "Artifact: 20 Panzern", "Artifact: 30 Panzern")
    _, issues = _check(mini)
    assert {"A301", "A304", "A201"} <= {i.code for i in issues}


def test_unknown_type_suggests_close_match(mini):
    _edit(mini.doc("authored/t1.yaml"), "type: MEETING", "type: MEETNG")
    _, issues = _check(mini)
    assert "did you mean 'MEETING'" in issues[0].message


def test_location_names_line_event_and_field(mini):
    _edit(mini.doc("authored/t1.yaml"), "Recipient: Polen", "Recipent: Polen")
    _, issues = _check(mini)
    issue = next(i for i in issues if i.code == "A302")
    lines = mini.doc("authored/t1.yaml").read_text(encoding="utf-8").splitlines()
    line = int(issue.location.split(":")[1].split(" ")[0])
    assert "Recipent" in lines[line - 1]
    assert "events[1].arguments[1]" in issue.location
    assert "doc 'auth-test-1'" in issue.location


def test_ambiguous_anchor_lists_occurrences(mini):
    _edit(mini.doc("10kgnad/g1.yaml"), "{text: Die EU, occurrence: 1}", "Die EU")
    _, issues = _check(mini, "10kgnad/g1.yaml")
    assert "occurs 2 times" in issues[0].message and "occurrence: N" in issues[0].message


def test_missing_source_says_how_to_get_it(mini, tmp_path):
    result = read_annotation_file(mini.doc("10kgnad/g0.yaml"), "g0",
                                  annotations=mini.annotations, sources=tmp_path / "none")
    compiled, issues = result.compiled, result.issues
    assert compiled is None
    assert issues[0].code == "A502"
    assert "eventbench sources fetch" in issues[0].message


def test_long_span_written_by_its_ends(mini):
    path = mini.doc("10kgnad/g0.yaml")
    _edit(path, "      - Artifact: Munition\n",
          '      - Artifact: {text: "Der Konzern steigert", to: "billigte den Export"}\n')
    compiled, issues = _check(mini, "10kgnad/g0.yaml")
    assert issues == []
    span = compiled.document.events[0].arguments[1].span
    assert span.text.startswith("Der Konzern steigert") and span.text.endswith("den Export")
    assert len(span.text) == 91


def test_long_literal_is_fine_for_committed_texts(mini):
    path = mini.doc("authored/t1.yaml")
    long = ("Die Bundesregierung hat am Montag die Lieferung von 20 Panzern an Polen genehmigt. "
            "Rheinmetall")
    _edit(path, "      - Authorizer: Die Bundesregierung\n", f"      - Authorizer: {long}\n")
    _, issues = _check(mini)
    assert "A204" not in {i.code for i in issues}
