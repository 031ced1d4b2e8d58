"""Pairing the quantities of a source with those of its target, and naming what differs.

`compare(source, target, ...)` takes the tuples `qa_core.quantities.extract` returns
for both sides and gives back `Issue` records: which rule, which quantity on each
side. It is pure and knows nothing of units or findings, so it is easy to test and
to reuse.

Matching runs in passes, most exact first, each over what earlier passes left:
1. same value and kind family (numbers, percents and amounts together; dates;
   times; identifiers), with compatible currencies and compatible date parts;
2. through another reading of the digits (the other locale's separators, the other
   order of day and month in a numeric date);
3. across kinds: a date's year or day written as a bare number ("28日" / "28th"),
   an hour, an identifier whose digits survive ("covidu-19" / "covid-19");
4. rounding: "4.2 million" for 4,178,027 when one side writes a magnitude word.
What is left is paired by likeness (a value changed, a currency swapped) or
reported alone (missing, added). Numbers written in words only ever count when
they pair with something: "one", "first" and "square" are too often not numbers.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from qa_core.quantities import Quantity

MISSING = "NUM001"
ADDED = "NUM002"
VALUE = "NUM003"
MAGNITUDE = "NUM004"
CURRENCY = "NUM005"
DATE = "NUM006"
APPROX = "NUM007"
FORMAT = "NUM008"

_APPROX_GROUP = {"about": "about", "nearly": "below", "under": "below", "over": "above", "at-least": "above", "at-most": "below"}


@dataclass(frozen=True, slots=True)
class Issue:
    """One difference: `rule` is a NUM id; `source`/`target` the quantities involved
    (one of them None for a missing or added number)."""

    rule: str
    source: Quantity | None
    target: Quantity | None


def _family(q: Quantity) -> str:
    return "quantity" if q.kind in ("number", "percent", "amount") else q.kind


def _currencies_agree(a: Quantity, b: Quantity) -> bool:
    if a.kind != "amount" or b.kind != "amount" or not a.unit or not b.unit:
        return True
    if a.text.strip() and _symbol(a) and _symbol(a) == _symbol(b):
        return True  # the same sign on both sides (¥ is CNY in Chinese, JPY in English)
    return bool(set(a.unit.split("|")) & set(b.unit.split("|")))


def _symbol(q: Quantity) -> str:
    return "".join(ch for ch in q.text if not ch.isalnum() and not ch.isspace() and ch not in ".,-–")


def _dates_agree(a: tuple, b: tuple) -> bool:
    both = [(x, y) for x, y in zip(a, b) if x is not None and y is not None]
    if not both or any(x != y for x, y in both):
        return False
    # a month alone never confirms a date that has a day ("tháng 9" / "10 September")
    return not (len(both) == 1 and a[1] is not None and both[0][0] == a[1] and (a[2] is not None or b[2] is not None))


def _same(a: Quantity, av, b: Quantity, bv) -> bool:
    fa, fb = _family(a), _family(b)
    if fa != fb:
        return False
    if fa == "quantity":
        return av == bv and _currencies_agree(a, b)
    if fa == "date":
        return _dates_agree(av, bv)
    if fa == "identifier":
        ka, kb = _ident_key(av), _ident_key(bv)
        # the same name with an English plural -s ("PhysicsBody2Ds" → "2 PhysicsBody2D")
        return ka == kb or (min(len(ka), len(kb)) >= 3 and (ka == kb + "s" or kb == ka + "s"))
    return av == bv


def _ident_key(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum())


def _digit_parts(q: Quantity) -> list[Decimal]:
    """Numbers a date, time or identifier shows in digits, for cross-kind matching."""
    if q.kind == "date":
        year, month, day = q.value
        parts = [year, day] if q.text and any(ch.isalpha() for ch in q.text) else [year, month, day]
        return [Decimal(p) for p in parts if p is not None]
    if q.kind == "time":
        hour, minute = q.value
        return [Decimal(hour)] + ([Decimal(minute)] if minute else [])
    return []


def _ident_digits(q: Quantity) -> str:
    return "".join(ch for ch in q.text if ch.isdigit())


def _rounds_to(a: Quantity, b: Quantity) -> bool:
    """`a` written with a magnitude word ("4.2 million") is `b` rounded, or the other way."""
    for x, y in ((a, b), (b, a)):
        if x.magnitude and not y.magnitude and _family(x) == _family(y) == "quantity" and _currencies_agree(x, y):
            mantissa = x.value / (Decimal(10) ** x.magnitude)
            exponent = mantissa.normalize().as_tuple().exponent
            places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            resolution = Decimal(10) ** (x.magnitude - places)
            if abs(x.value - y.value) * 2 <= resolution and y.value != 0:
                return True
    return False


def cannot_differ(source: Sequence[Quantity], target_has_digit: bool) -> bool:
    """True when `compare(source, target)` reports nothing whatever the target's quantities
    are, knowing only whether the target's text holds a digit: asked before the target is
    read. That is so when no quantity on either side is written in digits (`hard`; every
    hard quantity holds a digit, so a target without one has none) and the source's are
    all weak words: every issue needs a hard quantity (missing, added, format, approximation)
    or a leftover pair, and a leftover pair needs a hard side or number words on both sides,
    never a weak word (`_pair_leftovers`)."""
    return not target_has_digit and all(q.written == "weak" for q in source)


class _Pool:
    def __init__(self, items: Sequence[Quantity]) -> None:
        self.items = list(items)
        self.left = list(range(len(items)))

    def take(self, index: int) -> None:
        self.left.remove(index)


def compare(
    source: Sequence[Quantity],
    target: Sequence[Quantity],
    *,
    accept_source_format: bool = False,
    allow_currency_conversion: bool = False,
    compare_approximations: bool = True,
    lone_identifiers: bool = True,
) -> list[Issue]:
    """The differences between the quantities of a source and of its target.

    accept_source_format: a target number written with the other convention's
      separators (the source's) is not a FORMAT issue.
    allow_currency_conversion: amounts in other currencies with other values are
      conversions, not CURRENCY issues.
    compare_approximations: report APPROX when "about"/"over"… differ (only when both
      languages have approximation words).
    lone_identifiers: report an identifier (Covid-19, 5G) found on one side only; off
      when one side is in another script, where such names are often written out
      (新冠 for Covid-19).
    """
    if len(source) > LARGE or len(target) > LARGE:
        return _compare_large(source, target, lone_identifiers)
    if _in_place(source, target):
        # the common case, answered without the pools: pass 1 below takes the source's
        # quantities in order and pairs each with the first target quantity left that is
        # alike; when each is alike the target's of its own place, every earlier target
        # quantity is taken by then, so that is the one it pairs with, and nothing is left
        return _pair_issues([(a, b, "exact") for a, b in zip(source, target)], [], accept_source_format,
                            compare_approximations)
    src, tgt = _Pool(source), _Pool(target)
    issues: list[Issue] = []
    pairs: list[tuple[Quantity, Quantity, str]] = []

    def run(test, how: str) -> None:
        for i in list(src.left):
            a = src.items[i]
            for j in tgt.left:
                b = tgt.items[j]
                if test(a, b):
                    src.take(i)
                    tgt.take(j)
                    pairs.append((a, b, how))
                    break

    # 1. the same value, read in each side's own conventions; like with like first, so
    #    that "both" does not take the "2" a "hai" could have confirmed
    run(_alike, "exact")
    if src.left or tgt.left:  # else every pass below has nothing to pair (the common case)
        run(lambda a, b: a.kind == b.kind and b.hard and _same(a, a.value, b, b.value), "exact")
        run(lambda a, b: a.kind == b.kind and _same(a, a.value, b, b.value), "exact")
        run(lambda a, b: _same(a, a.value, b, b.value), "exact")
        # 2. another reading of either side (separators, day/month order)
        def alternative(a: Quantity, b: Quantity) -> bool:
            return any(_same(a, av, b, b.value) for _, av in a.alternatives)

        run(lambda a, b: any(_same(a, a.value, b, bv) for _, bv in b.alternatives), "target-alternative")
        run(alternative, "source-alternative")
        # 3. across kinds: a date part or hour against a bare number, identifiers by their digits
        def cross(a: Quantity, b: Quantity) -> bool:
            if _family(a) == "quantity" and b.kind in ("date", "time"):
                return a.value in _digit_parts(b)
            if _family(b) == "quantity" and a.kind in ("date", "time"):
                return b.value in _digit_parts(a)
            if a.kind == "identifier" and b.kind == "identifier":
                return bool(_ident_digits(a)) and _ident_digits(a) == _ident_digits(b)
            if a.kind == "identifier" and _family(b) == "quantity" and not b.hard:
                return False
            if _family(a) == _family(b) == "quantity" and "decade" in (a.unit, b.unit):
                decade, other = (a, b) if a.unit == "decade" else (b, a)
                return other.value in (decade.value, decade.value % 100)  # the 1980s / thập kỷ 80, những năm 80
            if _family(a) == _family(b) == "quantity" and "century" in (a.unit, b.unit):
                century, year = (a, b) if a.unit == "century" else (b, a)
                return year.unit != "century" and year.value >= 100 and (century.value - 1) * 100 < year.value <= century.value * 100
            if {a.kind, b.kind} == {"identifier", "number"}:
                ident, number = (a, b) if a.kind == "identifier" else (b, a)
                return _ident_digits(ident) in (_ident_digits(number), str(number.value))
            return False

        run(cross, "cross")
        _split_identifiers(src, tgt, pairs, whole_is_source=True)
        _split_identifiers(tgt, src, pairs, whole_is_source=False)
        # a date matched through one part takes its other parts too: "December 21, 2020"
        # in a text whose language does not know the month name reads as 21 and 2020
        for a, b, how in list(pairs):
            if how != "cross":
                continue
            for date, pool in ((a, tgt), (b, src)):
                if date.kind != "date":
                    continue
                parts = _digit_parts(date)
                for index in list(pool.left):
                    other = pool.items[index]
                    if _family(other) == "quantity" and other.value in parts and other.value != (b.value if date is a else a.value):
                        pool.take(index)
                        parts.remove(other.value)
        # dates split over parts: "7月17和7月22日" / "July 17 and 22"; years alone
        run(lambda a, b: _family(a) == _family(b) == "date" and a.value[2] is not None and a.value[2] == b.value[2] and (a.value[1] is None or b.value[1] is None), "cross")
        # 4. rounding with a magnitude word
        run(_rounds_to, "rounded")
        # 5. two weak words paired while a number of their value is left: the weak word of one
        #    side confirms that number instead ("non-zero" and "bằng 0", where "không" is "not")
        for k, (a, b, how) in enumerate(pairs):
            if how != "exact" or a.written != "weak" or b.written != "weak":
                continue
            for pool, weak in ((tgt, a), (src, b)):
                index = next((i for i in pool.left if pool.items[i].hard and pool.items[i].written != "weak"
                              and _same(weak, weak.value, pool.items[i], pool.items[i].value)), None)
                if index is not None:
                    pool.take(index)
                    other = pool.items[index]
                    pairs[k] = (a, other, how) if pool is tgt else (other, b, how)
                    break

        # leftovers: pair by likeness, then missing/added
        left_pairs = _pair_leftovers(src, tgt)
        for a, b in left_pairs:
            issue = _classify(a, b, allow_currency_conversion)
            if issue is not None:
                issues.append(issue)
        for i in src.left:
            a = src.items[i]
            if a.hard and (lone_identifiers or a.kind != "identifier") and not _lone_one(a):
                issues.append(Issue(MISSING, a, None))
        for j in tgt.left:
            b = tgt.items[j]
            if b.hard and (lone_identifiers or b.kind != "identifier") and not _lone_one(b):
                issues.append(Issue(ADDED, None, b))
    return _pair_issues(pairs, issues, accept_source_format, compare_approximations)


def _in_place(source: Sequence[Quantity], target: Sequence[Quantity]) -> bool:
    """Whether each quantity of the source is `_alike` the target's of the same place."""
    return len(source) == len(target) and all(map(_alike, source, target))


def _alike(a: Quantity, b: Quantity) -> bool:
    """`compare`'s first pass: the same value, kind and way of writing."""
    return a.kind == b.kind and a.written == b.written and _same(a, a.value, b, b.value)


def _pair_issues(pairs: list[tuple[Quantity, Quantity, str]], issues: list[Issue], accept_source_format: bool,
                 compare_approximations: bool) -> list[Issue]:
    """`issues` with those of the paired quantities (notation, approximation), in order."""
    for a, b, how in pairs:
        if _family(b) == "quantity" and b.hard:
            notation = how == "target-alternative" or b.foreign
            if notation and not accept_source_format and not _version_like(a, b):
                issues.append(Issue(FORMAT, a, b))
        if compare_approximations and _family(a) == "quantity" and how in ("exact", "target-alternative", "source-alternative") and a.hard and b.hard:
            if _APPROX_GROUP.get(a.approx or "") != _APPROX_GROUP.get(b.approx or ""):
                if a.role != "to" and b.role != "to":
                    issues.append(Issue(APPROX, a, b))
    issues.sort(key=lambda i: ((i.source or i.target).start if i.source else 10**9 + i.target.start, i.rule))
    return issues


def _split_identifiers(whole: _Pool, split: _Pool, pairs: list, *, whole_is_source: bool) -> None:
    """An identifier whose parts with digits come back as identifiers of their own on the
    other side, joined another way: "d2-by-dt2" written "d2/dt2". Each part is the same
    name; only the joiner changed. `pairs` gets a (source, target) pair per part."""
    for i in list(whole.left):
        a = whole.items[i]
        if a.kind != "identifier":
            continue
        parts = [p for p in re.findall(r"[^\W_]+", a.text) if any(ch.isdigit() for ch in p)]
        if len(parts) < 2:
            continue
        found = []
        for part in parts:
            j = next((j for j in split.left if j not in found and split.items[j].kind == "identifier"
                      and _ident_key(split.items[j].value) == part), None)
            if j is None:
                break
            found.append(j)
        else:
            whole.take(i)
            for j in found:
                split.take(j)
                b = split.items[j]
                pairs.append((a, b, "split") if whole_is_source else (b, a, "split"))


#: more quantities than this on a side (a table, a data dump): the pairwise passes above
#: would take time growing with the product of the two counts, so values are matched by
#: equality alone (linear) and what is left is reported missing or added
LARGE = 400


def _value_key(q: Quantity):
    family = _family(q)
    if family == "identifier":
        return family, _ident_key(q.value)
    if family == "quantity":
        return family, q.value
    return family, q.value


def _compare_large(source: Sequence[Quantity], target: Sequence[Quantity], lone_identifiers: bool) -> list[Issue]:
    waiting: dict = {}
    for b in target:
        waiting.setdefault(_value_key(b), []).append(b)
    issues = []
    for a in source:
        bucket = waiting.get(_value_key(a))
        if bucket:
            bucket.pop(0)
        elif a.hard and (lone_identifiers or a.kind != "identifier") and not _lone_one(a):
            issues.append(Issue(MISSING, a, None))
    for bucket in waiting.values():
        for b in bucket:
            if b.hard and (lone_identifiers or b.kind != "identifier") and not _lone_one(b):
                issues.append(Issue(ADDED, None, b))
    issues.sort(key=lambda i: ((i.source or i.target).start if i.source else 10**9 + i.target.start, i.rule))
    return issues


_VERSION_LIKE = re.compile(r"\d+[.,]\d{1,2}")


def _version_like(a: Quantity, b: Quantity) -> bool:
    """'OpenOffice 2.0', 'xulrunner 1.8': the same short decimal on both sides with
    nothing that makes it a measure is a version or a name, not a locale slip (a
    thousands group, as in '1.150 projects', has three digits and stays a slip)."""
    return (
        a.text == b.text
        and b.kind == "number"
        and not b.unit
        and not b.magnitude
        and _VERSION_LIKE.fullmatch(b.text) is not None
    )


def _lone_one(q: Quantity) -> bool:
    """A bare 1 (no unit, not a percent or amount) stands for an article as often as for
    a count: Vietnamese subtitles write "1 tuần" for "a week". It may still pair as a
    changed value, but is never reported missing or added alone."""
    return q.kind == "number" and q.value == 1 and not q.unit and not q.ordinal and not q.magnitude and not q.role


def _pair_leftovers(src: _Pool, tgt: _Pool) -> list[tuple[Quantity, Quantity]]:
    candidates = []
    n_src = max(1, len(src.items))
    n_tgt = max(1, len(tgt.items))
    for i in src.left:
        a = src.items[i]
        for j in tgt.left:
            b = tgt.items[j]
            if _family(a) != _family(b) and not (_dotted(a, b) or _dotted(b, a)):
                continue
            if "weak" in (a.written, b.written) or _lone_one(a) or _lone_one(b):
                continue  # weak words and a bare 1 only confirm, they never stand for a changed value
            if not (a.hard or b.hard or (a.written == "words" and b.written == "words")):
                continue
            score = 0.0
            score += 3 if a.kind == b.kind else 0
            score += 1 if (a.unit or None) == (b.unit or None) else 0
            score += 1 if a.ordinal == b.ordinal else 0
            score += 1 if a.role == b.role else 0
            # (a version in digits and dots pairs with a bare number, `_dotted`: its value is
            # its text, so only two quantities compare by value)
            if _family(a) == "quantity" and _family(b) == "quantity" and a.value and b.value:
                ratio = abs(a.value / b.value) if b.value else Decimal(0)
                if ratio and Decimal("0.5") <= ratio <= 2:
                    score += 1
                if len(str(int(a.value))) == len(str(int(b.value))):
                    score += 1
            score -= abs(i / n_src - j / n_tgt)
            candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    out = []
    used_s, used_t = set(), set()
    for _, i, j in candidates:
        if i in used_s or j in used_t:
            continue
        used_s.add(i)
        used_t.add(j)
        out.append((src.items[i], tgt.items[j]))
    for i in used_s:
        src.take(i)
    for j in used_t:
        tgt.take(j)
    out.sort(key=lambda p: p[0].start)
    return out


def _dotted(a: Quantity, b: Quantity) -> bool:
    """A version written in digits and dots ("2.1", read as an identifier) against a bare
    number in digits of the other side ("version 2.1" written "phiên bản 2"): a changed value."""
    return (a.kind == "identifier" and _DOTTED.fullmatch(a.text) is not None
            and b.kind == "number" and b.written == "digits" and not b.unit)


_DOTTED = re.compile(r"\d+(?:\.\d+)+")


def _classify(a: Quantity, b: Quantity, allow_conversion: bool) -> Issue | None:
    family = _family(a)
    if family in ("date", "time"):
        return Issue(DATE, a, b)
    if family == "identifier" or _family(b) == "identifier":
        return Issue(VALUE, a, b)
    if a.kind == "amount" and b.kind == "amount" and not _currencies_agree(a, b):
        if allow_conversion and a.value != b.value:
            return None
        return Issue(CURRENCY, a, b)
    if a.value and b.value:
        ratio = (a.value / b.value).normalize()
        for k in range(1, 16):
            if ratio == Decimal(10) ** k or ratio == Decimal(10) ** -k:
                return Issue(MAGNITUDE, a, b)
    return Issue(VALUE, a, b)
