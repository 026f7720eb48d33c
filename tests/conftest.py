"""Shared fixtures: a private copy of the miniature corpus in tests/data/mini."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class MiniCorpus:
    annotations: Path
    sources: Path

    def doc(self, relative: str) -> Path:
        return self.annotations / "docs" / relative


@pytest.fixture
def mini(tmp_path: Path) -> MiniCorpus:
    root = tmp_path / "mini"
    shutil.copytree(DATA / "mini", root)
    return MiniCorpus(annotations=root, sources=root / "sources")
