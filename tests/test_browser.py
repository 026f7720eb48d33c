"""The error-analysis page and the leaderboard page in a real browser (headless Chromium).

For each page: the DOM after load (``--dump-dom``) has the expected highlights and table rows, the
page's own script ran (it writes the document count), no console message at all was logged (CSP
violations and script errors are console messages), and the crafted payloads in the system name,
the document text, its title and its doc_id are inert — no element, attribute or title change of
theirs is in the DOM. A screenshot of each page is saved under ``$EVENTBENCH_ARTEFACTS`` (default
``build/artefacts/browser/``). Skipped when Chromium is not installed (``.ci/run`` installs the
Debian package ``chromium``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_viewer import DATA, NAME, TEXT, TITLE, write_crafted

from benchmark import paths
from benchmark.cli import main

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium")
                                        else None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium; "
                             ".ci/run installs it when absent)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]


def artefacts() -> Path:
    folder = Path(os.environ.get("EVENTBENCH_ARTEFACTS") or paths.REPO_ROOT / "build" / "artefacts")
    (folder / "browser").mkdir(parents=True, exist_ok=True)
    return folder / "browser"


def chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra,
                           page.resolve().as_uri()], capture_output=True, text=True, timeout=90,
                          check=True)


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


class Dom(HTMLParser):
    """Elements of the dumped DOM: (tag, attributes), all text, and the text of the <title>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.text = ""  # all text nodes, concatenated
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        self.text += data
        if self._in_title:
            self.title += data

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag
                and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def with_class(self, *names: str) -> list[dict[str, str | None]]:
        return [a for _, a in self.elements if set(names) <= set((a.get("class") or "").split())]


def load(page: Path, tmp_path: Path, shot: str) -> tuple[str, Dom]:
    """Dump the DOM after load, take the screenshot; return the dump and its parse."""
    dumped = chromium(page, tmp_path / "profile-dom", "--dump-dom")
    assert console_messages(dumped.stderr) == []
    picture = tmp_path / shot
    shown = chromium(page, tmp_path / "profile-shot", f"--screenshot={picture}",
                     "--window-size=1280,1600", "--hide-scrollbars")
    assert console_messages(shown.stderr) == []
    assert picture.stat().st_size > 10_000
    shutil.copyfile(picture, artefacts() / shot)
    return dumped.stdout, Dom(dumped.stdout)


def assert_inert(dom: Dom, title: str) -> None:
    assert dom.title == title  # a payload would have set it to "pwned"
    assert len(dom.find("script")) <= 1  # only the page's own
    assert not dom.find("svg") and not dom.find("hr") and not dom.find("b")
    assert not [a for t, a in dom.elements if t == "img" and
                not (a.get("src") or "").startswith("data:image/png;base64,")]
    assert not [a for _, a in dom.elements if "data-pwned" in a]
    assert not [(t, k) for t, a in dom.elements for k in a if k.startswith("on")]


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_viewer_page_in_chromium(tmp_path):
    gold, sub = write_crafted(tmp_path)
    # the crafted document first, then the four fixture documents
    mixed_gold = tmp_path / "gold.jsonl"
    mixed_gold.write_text(gold.read_text(encoding="utf-8")
                          + (DATA / "gold.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    mixed_sub = tmp_path / "sub.jsonl"
    mixed_sub.write_text(sub.read_text(encoding="utf-8")
                         + (DATA / "system_a.jsonl").read_text(encoding="utf-8"),
                         encoding="utf-8")
    page = tmp_path / "report.html"
    run("view", str(mixed_sub), "--gold", str(mixed_gold), "--out", str(page),
        "--system-name", NAME)
    html, dom = load(page, tmp_path, "viewer.png")

    assert "showing 5 of 5 documents" in html  # the page's script ran under its policy
    assert_inert(dom, f"EventBench-DE error analysis · {NAME}")  # the name as text
    # the payloads are there as text
    assert "&lt;script&gt;document.title=\"pwned\"&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html and TITLE.replace("<", "&lt;").replace(
        ">", "&gt;") in html
    assert TEXT in dom.text  # the crafted text, whole, as text (in the gold and system panes)
    # highlights: every category of system_a and the crafted document is on the page
    for category, side_count in (("match", 2), ("missed", 1), ("spurious", 1),
                                 ("boundary", 2), ("type", 2), ("role", 2)):
        marks = [a for a in dom.with_class("mk", f"k-{category}") if a.get("data-type")]
        assert len({a["title"].split()[0] for a in marks}) == side_count, category
    assert len(dom.with_class("mk", "trg")) > 10 and len(dom.with_class("mk", "arg")) > 20
    assert len(dom.find("details", class_="doc")) == 5
    assert len(dom.find("img")) == 2  # the two plots
    assert len(dom.find("input", class_="f-kind")) == 8


def test_leaderboard_page_in_chromium(tmp_path):
    board = tmp_path / "board.json"
    for name, sub in ((NAME, "system_a.jsonl"), ("Baseline B", "system_b.jsonl")):
        results = tmp_path / f"{sub}.results.json"
        run("score", str(DATA / sub), "--gold", str(DATA / "gold.jsonl"), "--bootstrap", "50",
            "--system-name", name, "--out", str(results))
        run("leaderboard", "add", str(results), "--board", str(board))
    page = tmp_path / "leaderboard.html"
    run("leaderboard", "html", str(page), "--board", str(board))
    html, dom = load(page, tmp_path, "leaderboard.png")

    assert_inert(dom, "EventBench-DE leaderboard")
    assert not dom.find("script")
    assert len(dom.find("td", class_="system")) == 2
    assert "&lt;script&gt;document.title=\"pwned\"&lt;/script&gt;" in html
    assert "Baseline B" in html
