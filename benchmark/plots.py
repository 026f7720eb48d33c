"""Plots of a scoring run as PNG bytes (matplotlib, Agg): per-type F1 bars and the trigger-type
confusion matrix. Pure: the functions return bytes; the CLI writes them and the viewer embeds them.

Deterministic: a fixed figure size and resolution, the DejaVu Sans font shipped with matplotlib,
no PNG metadata (``metadata={"Software": None}``) and a fixed ``svg.hashsalt``, so that the same
data gives the same bytes (with the same matplotlib version). Colours are colour-blind safe: the
Okabe–Ito blue and vermillion for the bars (told apart by hatching too), ``cividis`` for the matrix,
whose cells also carry their counts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from .viewer import Confusion, TypeRow, View

#: file name -> what it shows; the order in which the viewer shows them
PLOTS = {
    "per_type_f1.png": "Per-type F1: trigger_classification and argument_classification_attached",
    "trigger_confusion.png": "Trigger-type confusion: gold type × predicted type over "
                             "trigger-identification matches, with missed and spurious triggers",
}
_RC = {"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "eventbench",
       "path.simplify": False, "axes.spines.top": False, "axes.spines.right": False}
_BLUE, _VERMILLION = "#0072B2", "#D55E00"
_DPI = 100


def _png(fig) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    return buffer.getvalue()


def per_type_f1_png(rows: Sequence[TypeRow]) -> bytes:
    """Horizontal bars: per event type, trigger-C F1 and argument-C-attached F1 (in %)."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(7.0, 5.0), layout="constrained")
        ax = fig.add_subplot()
        labels = [r.event_type for r in rows] or ["(no events)"]
        # a type with no gold and no predicted item at a level has nothing to score there: no
        # bar and "no items" (the scorer's 0/0 policy would draw 100)
        trig = [None if r.trigger.empty else 100 * r.trigger.f1 for r in rows] or [None]
        arg = [None if r.argument.empty else 100 * r.argument.f1 for r in rows] or [None]
        y = range(len(labels))
        h = 0.38
        ax.barh([i - h / 2 for i in y], [t or 0.0 for t in trig], h,
                label="trigger_classification", color=_BLUE, edgecolor="black", linewidth=0.5)
        ax.barh([i + h / 2 for i in y], [a or 0.0 for a in arg], h,
                label="argument_classification_attached", color=_VERMILLION, edgecolor="black",
                linewidth=0.5, hatch="//")
        for i, (t, a) in enumerate(zip(trig, arg)):
            for value, offset in ((t, -h / 2), (a, h / 2)):
                ax.text((value or 0.0) + 1, i + offset,
                        "no items" if value is None else f"{value:.1f}", va="center", fontsize=7)
        ax.set_yticks(list(y), labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 108)
        ax.set_xlabel("F1 (%)")
        ax.set_title("Per-type F1")
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        return _png(fig)


def confusion_png(confusion: Confusion) -> bytes:
    """The confusion matrix as a heatmap with the count written in every non-empty cell."""
    import matplotlib
    import numpy as np
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(7.0, 6.0), layout="constrained")
        ax = fig.add_subplot()
        counts = np.array(confusion.counts, dtype=float)
        top = max(float(counts.max()), 1.0)
        cmap = matplotlib.colormaps["cividis"].with_extremes(bad="white")
        image = ax.imshow(np.ma.masked_equal(counts, 0), cmap=cmap, vmin=0, vmax=top,
                          aspect="auto")
        for (i, j), n in np.ndenumerate(counts):
            if n:
                dark = n < top * 0.6
                ax.text(j, i, f"{int(n)}", ha="center", va="center", fontsize=8,
                        color="white" if dark else "black")
        ax.set_xticks(range(len(confusion.columns)), confusion.columns, rotation=45,
                      ha="right", rotation_mode="anchor")
        ax.set_yticks(range(len(confusion.rows)), confusion.rows)
        ax.set_xlabel("predicted type")
        ax.set_ylabel("gold type")
        ax.set_title("Trigger-type confusion (same trigger span)")
        fig.colorbar(image, ax=ax, shrink=0.8, label="triggers")
        return _png(fig)


def figures(rows: Sequence[TypeRow], confusion: Confusion) -> dict[str, bytes]:
    """Both plots by file name (see :data:`PLOTS`), from the per-type rows of
    :func:`benchmark.viewer.per_type_rows` and :func:`benchmark.viewer.trigger_confusion`."""
    return {"per_type_f1.png": per_type_f1_png(rows),
            "trigger_confusion.png": confusion_png(confusion)}


def view_plots(view: View) -> dict[str, bytes]:
    """Both plots of a :class:`~benchmark.viewer.View`, by file name."""
    return figures(view.per_type, view.confusion)
