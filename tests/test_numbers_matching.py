"""`cannot_differ`: the numbers check skips the target of a unit whose source holds only
weak words when the target holds no digit; `compare` must report nothing in every such case."""

from __future__ import annotations

import itertools
from decimal import Decimal

from qa_core.quantities import Quantity, extract
from tqa_plugins.numbers.matching import cannot_differ, compare

_KINDS = ("number", "percent", "amount", "date", "time", "identifier")


def _quantity(kind: str, written: str, value: int, at: int) -> Quantity:
    if kind == "date":
        val = (2000 + value, 1 + value % 12, None)
    elif kind == "time":
        val = (value % 24, 0)
    elif kind == "identifier":
        val = f"x{value}"
    else:
        val = Decimal(value)
    return Quantity(kind, val, at, at + 3, "abc", unit="USD" if kind == "amount" else None, written=written)


def _sides():
    """Every short tuple of quantities none of which is written in digits."""
    singles = [_quantity(kind, written, value, 0)
               for kind in _KINDS for written in ("weak", "words") for value in (1, 2, 3)]
    yield ()
    for one in singles:
        yield (one,)
    for one, two in itertools.combinations(singles[::3], 2):
        yield (one, _quantity(two.kind, two.written, 2, 5))


def test_a_weak_source_and_a_target_without_digits_have_nothing_to_compare():
    sides = list(_sides())
    checked = 0
    for source in sides:
        if not cannot_differ(source, target_has_digit=False):
            assert any(q.written != "weak" for q in source)
            continue
        for target in sides:
            for approximations in (True, False):
                assert compare(source, target, compare_approximations=approximations) == []
                checked += 1
    assert checked > 100


def test_real_words_without_digits():
    for source_text, target_text in [("once or twice", "một hai lần"), ("the second one", "cái thứ hai"),
                                     ("Chapter IV", "Chương bốn mươi"), ("no number", "ba mươi người")]:
        source, target = extract(source_text, "en"), extract(target_text, "vi")
        assert all(not q.hard for q in source + target)
        if cannot_differ(source, target_has_digit=False):
            assert compare(source, target) == []


def test_a_digit_in_the_target_is_compared():
    assert not cannot_differ((), target_has_digit=True)
    assert not cannot_differ(extract("three apples", "en"), target_has_digit=False)
