"""Rendering corpus statistics as plain-text tables for the terminal."""

from __future__ import annotations

from .stats import corpus_targets


def _table(title: str, header: list[str], rows: list[list[object]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    numeric = [all(isinstance(r[i], int) for r in rows) for i in range(len(header))]
    line = lambda cells: "  ".join(str(c).rjust(w) if numeric[i] else str(c).ljust(w)  # noqa: E731
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([title, line(header), line(["-" * w for w in widths]),
                      *(line(r) for r in rows)]) + "\n\n"


def render_stats(stats: dict, split: str | None = None) -> str:
    """Tables of counts: overall per split, then per type, role and attribute value."""
    columns = [split] if split else [*stats["splits"], "all"]
    block = lambda name: stats["all"] if name == "all" else stats["splits"][name]  # noqa: E731
    out = _table("Corpus", ["", *columns],
                 [[key, *(block(c)[key] for c in columns)]
                  for key in ("documents", "events", "arguments", "event_clusters")])
    for section in ("types", "roles", "modality", "evidentiality", "change"):
        names = list(stats["all"][section])
        out += _table(section.capitalize(), [section[:-1] if section.endswith("s") else section,
                                             *columns],
                      [[n, *(block(c)[section][n] for c in columns)] for n in names])
    if not split and stats["sources"]:
        out += _table("Sources", ["source", "documents", "events"],
                      [[s, b["documents"], b["events"]] for s, b in stats["sources"].items()])
    if not split:
        out += _table("Corpus v1 targets", ["target", "measured", "met"],
                      [[t, m, "yes" if ok else "NO"] for t, m, ok in corpus_targets(stats)])
    return out
