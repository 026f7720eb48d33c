"""Where the project's folders are, independent of the current working directory.

Every default can be overridden by an environment variable, so tests and other checkouts can point
the package at their own annotations, sources and build folders.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def annotations_dir() -> Path:
    return Path(os.environ.get("EVENTBENCH_ANNOTATIONS", REPO_ROOT / "annotations"))


def build_dir() -> Path:
    return Path(os.environ.get("EVENTBENCH_BUILD", REPO_ROOT / "build" / "dataset"))


def fetched_sources_dir() -> Path:
    """Where ``eventbench sources fetch`` writes by default (ignored by git)."""
    return Path(os.environ.get("EVENTBENCH_SOURCES", REPO_ROOT / "sources"))


def sources_dir() -> Path:
    """The sources folder: $EVENTBENCH_SOURCES, else ``../shared/sources``, else ``./sources``."""
    if "EVENTBENCH_SOURCES" in os.environ:
        return Path(os.environ["EVENTBENCH_SOURCES"])
    shared = REPO_ROOT.parent / "shared" / "sources"
    if shared.is_dir():
        return shared
    return REPO_ROOT / "sources"
