"""An independent, brute-force re-implementation of docs/metrics.md, for differential tests.

Written from the documentation, not from benchmark/scoring.py: plain tuples and dicts, Counter
intersection for strict counting, exhaustive search over all one-to-one assignments for the lenient
mode, its own alignment and its own lenient span rule. Slow (exponential) — small inputs only.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from fractions import Fraction
from itertools import permutations

LEVELS = ("trigger_identification", "trigger_classification", "argument_identification",
          "argument_classification", "argument_identification_attached",
          "argument_classification_attached", "event")

WORDS = {w.casefold() for w in """
der die das den dem des ein eine einen einem einer eines
dieser diese dieses diesen diesem jener jene jenes jenen jenem
ab an auf aus außer außerhalb bei binnen bis durch entlang für gegen gegenüber gemäß hinter in
innerhalb jenseits laut mit mittels nach nahe neben ohne per pro seit statt trotz über um unter
von vor während wegen zu zwischen
am ans aufs beim im ins vom zum zur fürs durchs übers ums unterm überm vorm hinterm
""".split()}


# ----------------------------------------------------------------- alignment (text -> offsets)

def align(text, events):
    """events: list of dicts {type, trigger: (s, e) | str, arguments: [(role, (s, e) | str, value)],
    ...}; returns the same with offsets or None."""
    taken = []
    out = []
    for ev in events:
        trig = ev["trigger"]
        if isinstance(trig, str):
            trig = unicodedata.normalize("NFC", trig)
            pos = None
            for i in range(len(text) - len(trig) + 1):
                if text[i:i + len(trig)] == trig and (i, i + len(trig)) not in taken:
                    pos = (i, i + len(trig))
                    break
            trig = pos
        if trig is not None:
            taken.append(trig)
        args = []
        for role, span, value in ev["arguments"]:
            if isinstance(span, str):
                needle = unicodedata.normalize("NFC", span)
                cands = [(i, i + len(needle)) for i in range(len(text) - len(needle) + 1)
                         if text[i:i + len(needle)] == needle]
                if not cands:
                    span = None
                elif trig is None:
                    span = cands[0]
                else:
                    def dist(c, t=trig):
                        if c[1] <= t[0]:
                            return t[0] - c[1]
                        if t[1] <= c[0]:
                            return c[0] - t[1]
                        return 0
                    best = min(dist(c) for c in cands)
                    span = [c for c in cands if dist(c) == best][0]
            args.append((role, span, value))
        out.append({**ev, "trigger": trig, "arguments": args})
    return out


# ----------------------------------------------------------------- lenient rule

def _is_trim(ch):
    return ch.isspace() or unicodedata.category(ch)[0] == "P"


def core(text, s, e):
    a, b = s, e
    changed = True
    while changed:
        changed = False
        while a < b and _is_trim(text[a]):
            a += 1
            changed = True
        while b > a and _is_trim(text[b - 1]):
            b -= 1
            changed = True
        m = re.match(r"\S+", text[a:b])
        if m and a + m.end() < b and m.group().casefold() in WORDS:
            a += m.end()
            changed = True
    return (a, b) if a < b else (s, e)


def lenient_compatible(text, g, p):
    if g == p or core(text, *g) == core(text, *p):
        return True
    toks = [m.span() for m in re.finditer(r"\w+", text)]
    gs = {i for i, (ts, te) in enumerate(toks) if ts < g[1] and te > g[0]}
    ps = {i for i, (ts, te) in enumerate(toks) if ts < p[1] and te > p[0]}
    union = gs | ps
    return bool(union) and Fraction(len(gs & ps), len(union)) >= Fraction(1, 2)


# ----------------------------------------------------------------- matching

def best_matching(gold, pred, ok):
    """Size of the largest one-to-one matching (exhaustive search)."""
    def go(i, used):
        if i == len(gold):
            return 0
        best = go(i + 1, used)
        for j in range(len(pred)):
            if j not in used and ok(gold[i], pred[j]):
                best = max(best, 1 + go(i + 1, used | {j}))
        return best
    return go(0, frozenset())


def _tuples(events, level):
    """(exact key, loose part, type label) per item; key None: cannot match."""
    out = []
    for ev in events:
        t, typ, args = ev["trigger"], ev["type"], ev["arguments"]
        if level in ("trigger_identification", "trigger_classification"):
            key = None if t is None else (t if level == "trigger_identification" else (t, typ))
            out.append((key, None, typ))
        elif level == "event":
            ok = t is not None and all(s is not None for _, s, _ in args)
            roles = tuple(sorted(r for r, _, _ in args))
            loose = tuple(sorted((r, s) for r, s, _ in args)) if ok else None
            out.append(((t, typ, roles) if ok else None, loose, typ))
        else:
            attached = level.endswith("_attached")
            classified = "classification" in level
            for role, span, _ in args:
                key = [typ]
                if attached:
                    key.append(t)
                if classified:
                    key.append(role)
                bad = span is None or (attached and t is None)
                out.append((None if bad else tuple(key), span, typ))
    return out


def level_counts(text, gold_events, pred_events, level, mode):
    """{type: (tp, fp, fn)} for one document; types as in per-type tables (None for untyped)."""
    typed = level != "trigger_identification"
    g = [(k, loose, typ if typed else None) for k, loose, typ in _tuples(gold_events, level)]
    p = [(k, loose, typ if typed else None) for k, loose, typ in _tuples(pred_events, level)]
    result = defaultdict(lambda: [0, 0, 0])
    if mode == "strict":
        gc = Counter(x for x in g if x[0] is not None)
        pc = Counter(x for x in p if x[0] is not None)
        for (_k, _l, label), n in (gc & pc).items():
            result[label][0] += n
    else:
        def ok(a, b):
            if level in ("trigger_identification", "trigger_classification"):
                return True
            if level == "event":
                ga, pa = a[1], b[1]
                if len(ga) != len(pa):
                    return False
                return any(all(x[0] == y[0] and lenient_compatible(text, x[1], y[1])
                               for x, y in zip(ga, perm, strict=True))
                           for perm in permutations(pa))
            return lenient_compatible(text, a[1], b[1])
        keys = {x[0] for x in g if x[0] is not None}
        for key in keys:  # a match needs equal keys, so the matching splits by key
            gg = [x for x in g if x[0] == key]
            pp = [x for x in p if x[0] == key]
            result[gg[0][2]][0] += best_matching(gg, pp, ok)
    for _k, _l, label in g:
        result[label][2] += 1
    for _k, _l, label in p:
        result[label][1] += 1
    # fp = predicted - tp, fn = gold - tp
    return {typ: (tp, pred - tp, gold - tp) for typ, (tp, pred, gold) in result.items()}


def reference_score(docs, predictions, mode="strict"):
    """docs: [(doc_id, text, gold_events)], predictions: {doc_id: pred_events} in the dict shape
    of :func:`align`. Returns {level: {"micro": (tp, fp, fn), "per_type": {type: (tp, fp, fn)}}}.
    """
    out = {}
    for level in LEVELS:
        micro = [0, 0, 0]
        per_type = defaultdict(lambda: [0, 0, 0])
        for doc_id, text, gold_events in docs:
            pred_events = align(text, predictions.get(doc_id, []))
            for typ, counts in level_counts(text, gold_events, pred_events, level, mode).items():
                for k in range(3):
                    micro[k] += counts[k]
                    if typ is not None:
                        per_type[typ][k] += counts[k]
        out[level] = {"micro": tuple(micro),
                      "per_type": {t: tuple(c) for t, c in per_type.items() if any(c)}}
    return out
