"""Rendering of results, comparisons, error analyses and the leaderboard (text, Markdown, HTML).

Data holds fractions; percentages appear only here. Every string that came from a submitter is
made safe for its medium: control characters are shown escaped on the terminal, Markdown
specials are escaped, and HTML goes through Jinja2 with autoescaping (URLs other than http(s) are
dropped). The HTML pages (leaderboard, error-analysis viewer) share ``templates/base.html`` and
``templates/style.css`` and carry a Content-Security-Policy that allows only their own inline
style sheet and script.

>>> pct(0.4567), pct(None)
('45.7', '–')
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .error_analysis import DocumentErrors
from .leaderboard import ranked
from .viewer import CATEGORIES, SIDE_LABEL, View

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def pct(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{100 * x:.{digits}f}"


def safe_terminal(s: Any) -> str:
    """A string with control and bidi characters shown as escapes (no terminal injection).

    >>> safe_terminal("a\\x1b[31mb")
    'a\\\\x1b[31mb'
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(s))


def safe_markdown(s: Any) -> str:
    r"""Escape Markdown table/inline specials.

    >>> safe_markdown("a|b*c")
    'a\\|b\\*c'
    """
    s = safe_terminal(s)
    return re.sub(r"([\\`*_{}\[\]()<>#+!|~])", r"\\\1", s)


def _ci(micro: Mapping[str, Any]) -> str:
    if micro.get("ci_low") is None:
        return ""
    return f"{pct(micro['ci_low'])}–{pct(micro['ci_high'])}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], align_left: int = 1) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for r in [header, *rows]:
        cells = [str(c).ljust(w) if i < align_left else str(c).rjust(w)
                 for i, (c, w) in enumerate(zip(r, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def results_text(results: Mapping[str, Any], per_type: bool = False) -> str:
    """A readable summary of a results file (the dict of :func:`benchmark.report.results_dict`)."""
    spec, system = results["spec"], results["system"]
    title = (f"EventBench-DE · {safe_terminal(system.get('name'))} · split "
             f"{safe_terminal(results['dataset']['split'])} · mode {spec['mode']}"
             + (f" · compat {spec['compat']}" if spec.get("compat") else "")
             + ("" if spec.get("official") else " (not official)"))
    rows = []
    for name, level in results["scores"].items():
        m = level["micro"]
        macro = level.get("macro", {}).get("f1")
        rows.append([name, m["tp"], m["fp"], m["fn"], pct(m["precision"]), pct(m["recall"]),
                     pct(m["f1"]), _ci(m), pct(macro) if level.get("per_type") else ""])
    ci_label = f"{round(100 * spec['bootstrap']['confidence'])}% CI"
    out = [title, "", _table(["level", "tp", "fp", "fn", "P", "R", "F1", ci_label, "macro-F1"],
                             rows)]
    acc = results.get("accuracy") or {}
    if acc:
        out += ["", "accuracy over matches: " + " · ".join(
            f"{name} {pct(a['accuracy'])} ({a['correct']}/{a['total']})"
            for name, a in acc.items())]
    sub = results["submission"]
    if sub["string_aligned"]:
        out += ["", f"string-aligned run: {sub['text_spans']} span(s) given as text only; "
                    f"{sub['alignment_failures']} of them could not be aligned (false positives)"]
    head = results["headline"]
    hm, bm = (results["scores"][head["level"]]["micro"],
              results["scores"][head["beside"]]["micro"])
    ci = f" ({ci_label} {_ci(hm)})" if _ci(hm) else ""
    out += ["", f"headline: {head['level']} F1 = {pct(hm['f1'])}{ci}; "
                f"{head['beside']} F1 = {pct(bm['f1'])}"]
    if per_type:
        for name, level in results["scores"].items():
            for table in ("per_type", "per_role"):
                if level.get(table):
                    rows = [[label, c["tp"], c["fp"], c["fn"], pct(c["precision"]),
                             pct(c["recall"]), pct(c["f1"])] for label, c in level[table].items()]
                    out += ["", f"{name} · {table.replace('_', ' ')}",
                            _table(["label", "tp", "fp", "fn", "P", "R", "F1"], rows)]
    return "\n".join(out)


def comparison_text(name_a: str, name_b: str, comparisons: Mapping[str, Any],
                    confidence: float, samples: int) -> str:
    rows = [[level, pct(c.f1_a), pct(c.f1_b), f"{100 * c.delta:+.1f}",
             f"{100 * c.ci_low:+.1f} to {100 * c.ci_high:+.1f}", f"{c.p_value:.4f}"]
            for level, c in comparisons.items()]
    header = ["level", "F1 A", "F1 B", "Δ (A−B)", f"{round(100 * confidence)}% CI of Δ", "p"]
    return "\n".join([f"A = {safe_terminal(name_a)}", f"B = {safe_terminal(name_b)}",
                      f"paired bootstrap over documents, {samples} samples", "",
                      _table(header, rows)])


def errors_text(analyses: Sequence[DocumentErrors], show_tp: bool = True) -> str:
    out = []
    for doc in analyses:
        if not doc.findings:
            continue
        counts = " · ".join(
            f"{kind}s {doc.count(kind, 'tp')} TP, {doc.count(kind, 'fp')} FP, "
            f"{doc.count(kind, 'fn')} FN" for kind in ("trigger", "argument"))
        out.append(f"doc {safe_terminal(doc.doc_id)!s}: {counts}")
        for f in doc.findings:
            if f.outcome == "tp" and not show_tp:
                continue
            label = f.event_type + (f"/{f.role}" if f.role else "")
            where = f"[{f.span[0]}:{f.span[1]}]" if f.span else "[unaligned]"
            reason = f"  {f.reason}" + (f" ({safe_terminal(f.detail)})" if f.detail else "") \
                if f.reason else ""
            text = safe_terminal(repr(f.text)) if f.text is not None else ""
            out.append(f"  {f.outcome.upper()} {f.kind:<8} {label:<28} {where:<13} {text}{reason}")
        out.append("")
    return "\n".join(out).rstrip() + "\n" if out else "no gold or predicted events\n"


def _board_rows(board: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for rank, e in ranked(board):
        h, b = e["headline"], e["beside"]
        rows.append({"rank": rank, "name": e["system"]["name"], "url": e["system"].get("url"),
                     "f1": pct(h["f1"]), "ci": _ci(h), "beside": pct(b["f1"]),
                     "aligned": e["string_aligned"], "date": e["date"][:10],
                     "sha": e["submission_sha256"][:12]})
    return rows


def _board_title(board: Mapping[str, Any]) -> tuple[str, str, str]:
    head = board.get("headline") or {"level": "argument_classification_attached",
                                     "beside": "trigger_classification"}
    return head["level"], head["beside"], str(board.get("split"))


def leaderboard_text(board: Mapping[str, Any]) -> str:
    level, beside, split = _board_title(board)
    rows = [[r["rank"], safe_terminal(r["name"]), r["f1"], r["ci"], r["beside"],
             "yes" if r["aligned"] else "", r["date"]] for r in _board_rows(board)]
    if not rows:
        return "the leaderboard is empty\n"
    return (f"EventBench-DE leaderboard · split {safe_terminal(split)} · scorer "
            f"{board.get('scorer_version')}\n\n"
            + _table(["#", "system", f"{level} F1", "95% CI", f"{beside} F1", "string-aligned",
                      "date"], rows, align_left=2) + "\n")


def leaderboard_markdown(board: Mapping[str, Any]) -> str:
    level, beside, split = _board_title(board)
    lines = [f"## EventBench-DE leaderboard ({safe_markdown(split)})", "",
             f"| # | System | {level} F1 | 95% CI | {beside} F1 | String-aligned | Date |",
             "|---:|---|---:|---:|---:|:---:|---|"]
    for r in _board_rows(board):
        name = safe_markdown(r["name"])
        if r["url"] and str(r["url"]).startswith(("https://", "http://")):
            name = f"[{name}](<{safe_markdown(r['url'])}>)"
        lines.append(f"| {r['rank']} | {name} | {r['f1']} | {r['ci']} | {r['beside']} | "
                     f"{'yes' if r['aligned'] else ''} | {r['date']} |")
    return "\n".join(lines) + "\n"


def _asset(name: str) -> str:
    return (resources.files(__package__) / "templates" / name).read_text(encoding="utf-8")


def _csp_source(text: str) -> str:
    """The CSP hash source of an inline ``<style>`` or ``<script>`` whose content is ``text``."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode('utf-8')).digest()).decode()}'"


@functools.cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader(__package__, "templates"), autoescape=True,
                       keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                       undefined=StrictUndefined)


def _page(template: str, script: str | None = None, **context: Any) -> str:
    """Render ``template`` (it extends ``base.html``): the shared style sheet inline, and a
    Content-Security-Policy that allows nothing but that style sheet and ``script`` (both by
    hash) and ``data:`` images — so even markup that escaped escaping could run no script and
    load nothing."""
    css = _asset("style.css")
    csp = ["default-src 'none'", f"style-src {_csp_source(css)}", "img-src data:",
           "base-uri 'none'", "form-action 'none'"]
    if script:
        csp.insert(2, f"script-src {_csp_source(script)}")
    return _environment().get_template(template).render(
        csp="; ".join(csp), css=Markup(css), script=Markup(script) if script else None,
        **context)


def leaderboard_html(board: Mapping[str, Any]) -> str:
    """A static HTML page; every string is escaped by Jinja2's autoescaping."""
    rows = _board_rows(board)
    for r in rows:
        if not (isinstance(r["url"], str) and r["url"].startswith(("https://", "http://"))):
            r["url"] = None
    level, beside, split = _board_title(board)
    return _page("leaderboard.html",
                 rows=rows, level=level, beside=beside, split=split,
                 dataset_hash=board.get("dataset_hash"), scorer_version=board.get("scorer_version"))


#: documents up to which the viewer shows every document open; above it all start collapsed
OPEN_LIMIT = 20


def viewer_html(view: View, images: Mapping[str, bytes] | None = None,
                open_limit: int = OPEN_LIMIT) -> str:
    """The error-analysis page of ``view`` (:func:`benchmark.viewer.build_view`): one
    self-contained file (inline style sheet and script, ``images`` — PNG bytes by file name, see
    :data:`benchmark.plots.PLOTS` — as base64 ``data:`` addresses). Every document is rendered;
    with more than ``open_limit`` documents each starts collapsed in its ``<details>``."""
    from .plots import PLOTS

    embedded = [{"src": "data:image/png;base64," + base64.b64encode(data).decode("ascii"),
                 "caption": PLOTS.get(name, name), "width": 600}
                for name, data in (images or {}).items()]
    return _page("viewer.html", script=_asset("viewer.js"), view=view, images=embedded,
                 categories=CATEGORIES, side_label=SIDE_LABEL, pct=pct,
                 collapsed=len(view.documents) > open_limit)
