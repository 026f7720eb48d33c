"""The machine-readable ontology equals the spec and the guidelines' inventory, item for item."""

from __future__ import annotations

import re

import pytest

from benchmark import ontology
from benchmark.paths import REPO_ROOT

SPEC = REPO_ROOT.parent / "shared" / "spec" / "ontology-v1.md"
GUIDELINES = REPO_ROOT / "annotations" / "guidelines.md"


def _rows(markdown: str, first_cell: str) -> list[list[str]]:
    """Cells of the Markdown table whose header row starts with ``first_cell``."""
    rows, inside = [], False
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == first_cell:
            inside = True
            continue
        if inside and line.startswith("|"):
            if not set(cells[0]) <= {"-", ":"}:
                rows.append(cells)
        elif inside:
            break
    return rows


def _roles(cell: str) -> list[str]:
    return [re.sub(r"\s*\(.*?\)", "", r).strip() for r in cell.split(",") if r.strip()]


@pytest.fixture(scope="module")
def spec() -> str:
    if not SPEC.is_file():
        pytest.skip(f"spec not found at {SPEC} (the shared folder sits beside the repository)")
    return SPEC.read_text(encoding="utf-8")


def test_types_families_roles_match_spec(spec):
    rows = _rows(spec, "Family")
    assert [r[1] for r in rows] == list(ontology.TYPE_NAMES)
    for family, name, definition, roles, _examples in rows:
        event_type = ontology.EVENT_TYPES[name]
        assert event_type.family == family
        assert event_type.definition == definition
        assert list(event_type.specific_roles) == _roles(roles)


def test_attributes_match_spec(spec):
    rows = {r[0]: [v.strip() for v in r[1].split(",")] for r in _rows(spec, "Attribute")}
    assert rows == {k: list(v) for k, v in ontology.ATTRIBUTES.items()}


def test_mappings_match_spec(spec):
    rows = _rows(spec, "v1 type")
    assert {r[0]: (r[1], r[2]) for r in rows} == {
        t.name: (t.ace2005, t.plover) for t in ontology.EVENT_TYPES.values()}


def test_guidelines_inventory_matches_code():
    text = GUIDELINES.read_text(encoding="utf-8")
    inventory = text.split("## Inventory", 1)[1]
    rows = _rows(inventory, "Type")
    assert [(r[0], r[1], _roles(r[2])) for r in rows] == [
        (t.name, t.family, list(t.roles)) for t in ontology.EVENT_TYPES.values()]
    attributes = {r[0]: [v.strip() for v in r[1].split(",")] for r in _rows(inventory, "Attribute")}
    assert attributes == {k: list(v) for k, v in ontology.ATTRIBUTES.items()}


def test_every_role_is_used_and_general_roles_everywhere():
    used = {r for t in ontology.EVENT_TYPES.values() for r in t.roles}
    assert used == set(ontology.ROLE_NAMES)
    assert all(t.roles[-2:] == ("Time", "Place") for t in ontology.EVENT_TYPES.values())
