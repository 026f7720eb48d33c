"""The span rule of the lenient mode (argument spans only; triggers stay exact).

Two argument spans ``g`` (gold) and ``p`` (predicted) of the same document are *compatible* when

1. they are equal; or
2. their **cores** are equal, where the core of a span is what remains after repeatedly removing
   (a) leading and trailing characters that are whitespace or Unicode punctuation (category P*),
   and (b) a leading word (the characters up to the first whitespace) whose case-folded form is in
   :data:`STRIP_WORDS` — German articles, the demonstratives *dies-*/*jen-* and prepositions,
   contracted forms included — as long as something follows that word; a span whose core would be
   empty keeps itself as its core. Cores are compared as offsets, not strings; or
3. their **token IoU** is at least 0.5: tokens are the maximal runs of word characters (regex
   ``\\w+``, Unicode) of the document text, a span covers every token it overlaps by at least one
   character, and ``2 * |G ∩ P| >= |G ∪ P| > 0`` (integers, no rounding).

>>> idx = LenientIndex("Truppen wurden in die Ukraine verlegt.")
>>> idx.core(15, 29)
(22, 29)
>>> idx.compatible((15, 29), (22, 29)), idx.compatible((0, 7), (8, 14))
(True, False)
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

Offsets = tuple[int, int]

ARTICLES = ("der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
            "eines")
DEMONSTRATIVES = ("dieser", "diese", "dieses", "diesen", "diesem", "jener", "jene", "jenes",
                  "jenen", "jenem")
PREPOSITIONS = ("ab", "an", "auf", "aus", "außer", "außerhalb", "bei", "binnen", "bis", "durch",
                "entlang", "für", "gegen", "gegenüber", "gemäß", "hinter", "in", "innerhalb",
                "jenseits", "laut", "mit", "mittels", "nach", "nahe", "neben", "ohne", "per",
                "pro", "seit", "statt", "trotz", "über", "um", "unter", "von", "vor", "während",
                "wegen", "zu", "zwischen")
CONTRACTIONS = ("am", "ans", "aufs", "beim", "im", "ins", "vom", "zum", "zur", "fürs", "durchs",
                "übers", "ums", "unterm", "überm", "vorm", "hinterm")
#: Leading words the lenient mode strips, case-folded.
STRIP_WORDS: frozenset[str] = frozenset(
    w.casefold() for w in ARTICLES + DEMONSTRATIVES + PREPOSITIONS + CONTRACTIONS)
IOU_THRESHOLD = 0.5  # documentation; the test is the integer form 2 * inter >= union

_TOKEN = re.compile(r"\w+")


def _trim(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


class LenientIndex:
    """Cores and token sets of spans of one document text."""

    def __init__(self, text: str) -> None:
        self.text = text
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        self._starts = [s for s, _ in tokens]
        self._ends = [e for _, e in tokens]
        self.core = lru_cache(maxsize=None)(self._core)  # type: ignore[method-assign]

    def _core(self, start: int, end: int) -> Offsets:
        text, s, e = self.text, start, end
        while True:
            while s < e and _trim(text[s]):
                s += 1
            while e > s and _trim(text[e - 1]):
                e -= 1
            w = s
            while w < e and not text[w].isspace():
                w += 1
            if w < e and text[s:w].casefold() in STRIP_WORDS:
                s = w
                continue
            break
        return (s, e) if s < e else (start, end)

    def tokens(self, start: int, end: int) -> range:
        """Indices of the tokens the span overlaps."""
        first = bisect.bisect_right(self._ends, start)  # first token ending after start
        last = bisect.bisect_left(self._starts, end)  # tokens starting before end
        return range(first, max(first, last))

    def compatible(self, gold: Offsets, pred: Offsets) -> bool:
        if gold == pred:
            return True
        if self.core(*gold) == self.core(*pred):
            return True
        g, p = self.tokens(*gold), self.tokens(*pred)
        inter = max(0, min(g.stop, p.stop) - max(g.start, p.start))
        union = len(g) + len(p) - inter
        return union > 0 and 2 * inter >= union
