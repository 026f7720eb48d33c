"""The one matcher: pairs gold items with predicted items one-to-one.

Every scoring level turns a document into :class:`Item` objects (see :mod:`benchmark.scoring`) and
calls :func:`match`. An item has an exact ``key`` and a ``loose`` part:

* without a ``compatible`` function (strict mode) two items match when key and loose part are both
  equal; per distinct (key, loose) the number of pairs is ``min(gold count, predicted count)`` —
  multiset counting, so a duplicated prediction is a false positive;
* with ``compatible`` (lenient mode) items with equal keys match when ``compatible(gold.loose,
  pred.loose)`` holds, and the pairs form a **maximum one-to-one matching** (Kuhn's augmenting
  paths), so over-generation is still penalised.

An item whose key is ``None`` (a span that could not be aligned) never matches.

>>> g = [Item(("MEETING",), (0, 5)), Item(("MEETING",), (0, 5))]
>>> p = [Item(("MEETING",), (0, 5))] * 3
>>> match(g, p).counts()
PRF(tp=2, fp=1, fn=0)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from .prf import PRF

Compatible = Callable[[Any, Any], bool]


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to be matched.

    ``key`` must be equal for a match (``None``: can never match); ``loose`` is compared by the
    mode's ``compatible`` (equality in strict mode); ``tiebreak`` only decides *which* of several
    interchangeable items pair up (items with equal tiebreak first), so that attribute and value
    accuracies do not depend on input order; ``ref`` points back to the event/argument;
    ``label_type``/``label_role`` say in which per-type/per-role table the item is counted (None:
    in none).
    """

    key: Hashable | None
    loose: Hashable = None
    ref: Any = None
    label_type: str | None = None
    label_role: str | None = None
    tiebreak: Hashable = None


@dataclass(frozen=True)
class Matching:
    """Result of :func:`match`: (gold index, predicted index) pairs and the unmatched indices."""

    pairs: tuple[tuple[int, int], ...]
    unmatched_gold: tuple[int, ...]
    unmatched_pred: tuple[int, ...]

    def counts(self) -> PRF:
        return PRF(len(self.pairs), len(self.unmatched_pred), len(self.unmatched_gold))


def _sort_key(item: Item) -> str:
    return repr((item.key, item.loose, item.tiebreak, item.label_type, item.label_role))


def _canonical(items: Sequence[Item]) -> list[int]:
    """Indices of ``items`` in an order that depends only on their content (not their input
    order); items that tie are identical in everything the scorer looks at."""
    return sorted(range(len(items)), key=lambda i: _sort_key(items[i]))


def _in_canonical_order(indices: list[int], items: Sequence[Item]) -> list[int]:
    """``indices`` (ascending) in the relative order :func:`_canonical` gives them."""
    if len(indices) < 2:
        return indices
    return sorted(indices, key=lambda i: _sort_key(items[i]))


def match(gold: Sequence[Item], pred: Sequence[Item], compatible: Compatible | None = None
          ) -> Matching:
    """Match ``gold`` against ``pred`` one-to-one (see the module docstring)."""
    pairs: list[tuple[int, int]] = []
    if compatible is None:
        # Strict: group by (key, loose) in input order, then put each group in canonical order.
        # Sorting within a group gives the same relative order as sorting everything first (the
        # sort is stable and the group's indices ascend), at a fraction of the cost.
        groups: dict[Hashable, tuple[list[int], list[int]]] = {}
        for i, g in enumerate(gold):
            if g.key is not None:
                group = groups.get((g.key, g.loose))
                if group is None:
                    groups[(g.key, g.loose)] = ([i], [])
                else:
                    group[0].append(i)
        for j, p in enumerate(pred):
            if p.key is not None:
                group = groups.get((p.key, p.loose))
                if group is not None:
                    group[1].append(j)
        for gi, pj in groups.values():
            if not pj:
                continue
            if len(gi) == 1 and len(pj) == 1:
                pairs.append((gi[0], pj[0]))
                continue
            pairs.extend(_pair_interchangeable(_in_canonical_order(gi, gold),
                                               _in_canonical_order(pj, pred), gold, pred))
    else:
        gold_order, pred_order = _canonical(gold), _canonical(pred)
        gold_groups: dict[Hashable, list[int]] = defaultdict(list)
        pred_groups: dict[Hashable, list[int]] = defaultdict(list)
        for i in gold_order:
            if gold[i].key is not None:
                gold_groups[gold[i].key].append(i)
        for j in pred_order:
            if pred[j].key is not None:
                pred_groups[pred[j].key].append(j)
        for key, gi in gold_groups.items():
            pj = pred_groups.get(key)
            if pj:
                pairs.extend(_max_matching(gi, pj, gold, pred, compatible))
    pairs.sort()
    if not pairs:
        return Matching((), tuple(range(len(gold))), tuple(range(len(pred))))
    matched_gold = {i for i, _ in pairs}
    matched_pred = {j for _, j in pairs}
    return Matching(
        pairs=tuple(pairs),
        unmatched_gold=tuple(i for i in range(len(gold)) if i not in matched_gold),
        unmatched_pred=tuple(j for j in range(len(pred)) if j not in matched_pred),
    )


def _pair_interchangeable(gi: list[int], pj: list[int], gold: Sequence[Item],
                          pred: Sequence[Item]) -> list[tuple[int, int]]:
    """Pair min(len(gi), len(pj)) items of one (key, loose) group: equal tiebreaks first."""
    out: list[tuple[int, int]] = []
    free_pred = list(pj)
    free_gold = []
    for i in gi:
        j = next((j for j in free_pred if pred[j].tiebreak == gold[i].tiebreak), None)
        if j is None:
            free_gold.append(i)
        else:
            free_pred.remove(j)
            out.append((i, j))
    out.extend(zip(free_gold, free_pred, strict=False))
    return out


def _max_matching(gi: list[int], pj: list[int], gold: Sequence[Item], pred: Sequence[Item],
                  compatible: Compatible) -> list[tuple[int, int]]:
    """Maximum bipartite matching; candidates are tried exact span and equal tiebreak first, then
    exact span, then any compatible one (each in canonical order)."""
    adjacency: dict[int, list[int]] = {}
    for i in gi:
        g = gold[i]
        candidates = [j for j in pj if pred[j].loose == g.loose or compatible(g.loose,
                                                                              pred[j].loose)]
        adjacency[i] = sorted(candidates, key=lambda j, g=g: (
            pred[j].loose != g.loose, pred[j].tiebreak != g.tiebreak))
    owner: dict[int, int] = {}  # pred index -> gold index
    for root in gi:
        _augment(root, adjacency, owner)
    return [(i, j) for j, i in owner.items()]


def _augment(root: int, adjacency: dict[int, list[int]], owner: dict[int, int]) -> bool:
    """One augmenting-path search from gold ``root`` (iterative depth-first, no recursion limit)."""
    seen: set[int] = set()
    stack: list[tuple[int, int]] = [(root, 0)]  # (gold index, next candidate position)
    path: list[int] = []  # pred index chosen at each stack level
    while stack:
        i, pos = stack[-1]
        candidates = adjacency[i]
        while pos < len(candidates) and candidates[pos] in seen:
            pos += 1
        if pos == len(candidates):
            stack.pop()
            if path:
                path.pop()
            continue
        j = candidates[pos]
        stack[-1] = (i, pos + 1)
        seen.add(j)
        path.append(j)
        if j not in owner:
            # flip the path: each gold on the stack takes the pred chosen at its level
            for (gold_i, _), pred_j in zip(stack, path, strict=True):
                owner[pred_j] = gold_i
            return True
        stack.append((owner[j], 0))
    return False
