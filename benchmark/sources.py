"""Resolving document texts at build time; third-party texts are never stored in the repository.

Three kinds of source:

* ``10kGNAD`` — DER STANDARD articles from the 10kGNAD test split (CC BY-NC-SA 4.0). The annotation
  names the CSV row; the text is read from the sources folder and verified by its sha256.
* ``seed`` — the founding article, committed under ``annotations/texts/seed/`` with its notice.
* ``authored`` — reports written for this benchmark (CC BY 4.0), under ``annotations/texts/authored/``.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import tempfile
import unicodedata
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import BenchmarkError, SourceMissingError
from .io import file_sha256


@dataclass(frozen=True)
class SourceKind:
    name: str
    license: str
    redistributable: bool
    attribution: str


SOURCE_KINDS = {
    "10kGNAD": SourceKind(
        "10kGNAD", "CC-BY-NC-SA-4.0", True,
        "T. Block, Ten Thousand German News Articles Dataset (10kGNAD), test split, based on the One "
        "Million Posts Corpus (Schabus et al., SIGIR 2017); texts © DER STANDARD",
    ),
    "seed": SourceKind(
        "seed", "LicenseRef-third-party-news", False,
        "Founding article (Daily NK report in German, 2024-10-11), third-party text; not licensed "
        "for redistribution",
    ),
    "authored": SourceKind(
        "authored", "CC-BY-4.0", True,
        "EventBench-DE authors, reports written for this benchmark",
    ),
}

GNAD_FILE = "10kGNAD/test.csv"
GNAD_URL = ("https://raw.githubusercontent.com/tblock/10kGNAD/"
            "da845fe4a16f02a8de10903ffbc636d1c8d21862/test.csv")
GNAD_SHA256 = "68ba71a01919261f36b362b6a31e7fa34255dde102a5586db23d72eae2e41514"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def text_sha256(text: str) -> str:
    """The checksum recorded in annotation files: sha256 of the NFC text in UTF-8."""
    return hashlib.sha256(nfc(text).encode("utf-8")).hexdigest()


def _missing_gnad_message(path: Path) -> str:
    return (f"10kGNAD source texts not found at {path}. Get them with `eventbench sources fetch` "
            f"(downloads {GNAD_URL} and verifies sha256 {GNAD_SHA256[:12]}…), or point "
            "EVENTBENCH_SOURCES at a folder holding 10kGNAD/test.csv.")


@lru_cache(maxsize=4)
def _gnad_rows(path: Path, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    damaged = "the file is damaged — fetch it again with `eventbench sources fetch`"
    rows = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.reader(handle, delimiter=";", quotechar="'"), start=1):
                if len(row) != 2:
                    raise BenchmarkError(f"{path}:{number}: not a 10kGNAD CSV row: expected 2 "
                                         f"fields (category;'text'), got {len(row)}; {damaged}")
                rows.append((row[0], row[1]))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise BenchmarkError(f"{path}: not a 10kGNAD CSV (UTF-8, category;'text' rows): {exc}; "
                             f"{damaged}") from None
    return tuple(rows)


def gnad_rows(sources: Path) -> tuple[tuple[str, str], ...]:
    """All (category, text) rows of the 10kGNAD test split, raw (not yet NFC-normalised)."""
    path = sources / GNAD_FILE
    if not path.is_file():
        raise SourceMissingError(_missing_gnad_message(path))
    return _gnad_rows(path, path.stat().st_mtime_ns)


def resolve_text(source: str, ref: object, *, annotations: Path, sources: Path) -> str:
    """The NFC text of one document; raises :class:`BenchmarkError` naming what is missing."""
    if source == "10kGNAD":
        rows = gnad_rows(sources)
        if not isinstance(ref, int) or isinstance(ref, bool) or not 0 <= ref < len(rows):
            raise BenchmarkError(f"source_ref must be a row index 0…{len(rows) - 1} of "
                                 f"{GNAD_FILE}; got {ref!r}")
        return nfc(rows[ref][1])
    if source in ("seed", "authored"):
        if not isinstance(ref, str) or "/" in ref or ref.startswith("."):
            raise BenchmarkError(f"source_ref must be a file name in annotations/texts/{source}/; "
                                 f"got {ref!r}")
        path = annotations / "texts" / source / ref
        if not path.is_file():
            raise SourceMissingError(f"text file {path} not found")
        return nfc(path.read_text(encoding="utf-8"))
    raise BenchmarkError(f"unknown source {source!r}; expected one of {', '.join(SOURCE_KINDS)}")


def fetch_gnad(dest: Path, *, url: str = GNAD_URL, sha256: str = GNAD_SHA256,
               timeout: float = 60.0) -> Path:
    """Download the 10kGNAD test split into ``dest``, verify its checksum, and move it in place.

    The file only appears at its final path once verified, so an interrupted or corrupted download
    never leaves a file that the build would trust.
    """
    target = dest / GNAD_FILE
    if target.is_file() and file_sha256(target) == sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".part") as tmp:
        tmp_path = Path(tmp.name)
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
                shutil.copyfileobj(response, tmp)
        except OSError as exc:
            tmp.close()
            tmp_path.unlink(missing_ok=True)
            raise BenchmarkError(f"could not download {url}: {exc}") from None
    got = file_sha256(tmp_path)
    if got != sha256:
        tmp_path.unlink(missing_ok=True)
        raise BenchmarkError(f"downloaded file from {url} has sha256 {got}, expected {sha256}; "
                             "nothing was written")
    tmp_path.replace(target)
    return target
