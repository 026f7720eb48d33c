"""The one matcher."""

from __future__ import annotations

from benchmark.matching import Item, match
from benchmark.prf import PRF


def test_multiset_counting():
    g = [Item("k", 1), Item("k", 1), Item("k", 2)]
    p = [Item("k", 1)] * 3 + [Item("j", 2)]
    m = match(g, p)
    assert m.counts() == PRF(2, 2, 1)


def test_none_key_never_matches():
    assert match([Item(None)], [Item(None)]).counts() == PRF(0, 1, 1)


def test_lenient_is_a_maximum_one_to_one_matching():
    # gold a is compatible with x and y, gold b only with x: greedy a-x would leave b alone
    compat = {("a", "x"), ("a", "y"), ("b", "x")}
    m = match([Item("k", "a"), Item("k", "b")], [Item("k", "x"), Item("k", "y")],
              lambda g, p: (g, p) in compat)
    assert m.counts() == PRF(2, 0, 0)
    assert sorted(m.pairs) == [(0, 1), (1, 0)]


def test_lenient_prefers_exact_pairs():
    m = match([Item("k", "a")], [Item("k", "b"), Item("k", "a")], lambda g, p: True)
    assert m.pairs == ((0, 1),)


def test_tiebreak_pairs_agreeing_items_regardless_of_order():
    g = [Item("k", None, tiebreak="PLANNED"), Item("k", None, tiebreak="ASSERTED")]
    for p in ([Item("k", None, tiebreak="ASSERTED")], [Item("k", None, tiebreak="PLANNED")]):
        (pair,) = match(g, p).pairs
        assert g[pair[0]].tiebreak == p[0].tiebreak


def test_long_augmenting_paths_do_not_recurse():
    from benchmark.matching import _augment

    n = 5000  # gold i prefers pred i - 1; the last root must shift the whole chain
    adjacency = {i: [i - 1, i] for i in range(1, n)} | {0: [0]}
    owner: dict[int, int] = {}
    for root in [*range(1, n), 0]:
        assert _augment(root, adjacency, owner)
    assert sorted(owner.items()) == [(j, j) for j in range(n)]
