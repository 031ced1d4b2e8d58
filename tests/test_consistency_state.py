"""The consistency check's compact state (plugins/everyday/consistency.py): the hash table
of 64-bit keys and the spill of first occurrences give back what a dict would."""

import random

from tqa_plugins.everyday.consistency import _EMPTY, _Groups, _Spill, _Table, _one_letter_slip


def test_the_table_answers_as_a_dict_through_collisions_and_growth():
    rng = random.Random(14)
    # keys sharing their low bits probe past each other; random ones make the table grow
    keys = [(rng.getrandbits(50) << 14) | 7 for _ in range(300)] + [rng.getrandbits(64) for _ in range(5000)]
    added = keys + keys[:100]
    table, expected = _Table(added.__getitem__, 16), {}  # a value's key: the key added as number `value`
    for n, key in enumerate(added):
        table.put(table.slot(key), key, n)
        expected[key] = n
    assert all(table.get(key) == value for key, value in expected.items())
    assert table.get(12345) == _EMPTY and table.used == len(expected)
    assert len(table.values) >= 2 * len(expected)
    assert table.values.itemsize == 4  # values only: the keys are read from the owner's records


def test_groups_find_their_keys_through_growth_and_second_variants():
    rng = random.Random(3)
    spill, groups = _Spill(), _Groups()
    spill.ctx = _Ctx()
    keys = [rng.getrandbits(64) for _ in range(3000)]
    for n, key in enumerate(keys):
        groups.add(key, 1, -1, spill, spill.ctx, _unit(n, f"s{n}", f"t{n}"), "vi")
        if n % 7 == 0:  # a second variant: the table then holds -2 - m for this group
            groups.add(key, 2, -1, spill, spill.ctx, _unit(n, f"s{n}", f"u{n}"), "vi")
    for n, key in enumerate(keys):
        entry = groups.table.get(key)
        assert (entry < -1) == (n % 7 == 0) and groups._key_of(entry) == key
    assert [key for key, _ in groups.reported(spill, False)] == keys[::7]


class _Ctx:
    def location(self, unit, source, target):
        from qa_core.findings import Location, SideLocation

        return Location(file="f.po", unit_id=unit.id, source=SideLocation("f.po", unit.line, None, None, None, source, None),
                        target=SideLocation("f.po", unit.line + 1, None, None, None, target, None))


def _unit(n, source, target, file=None):
    from qa_core.model import Content, File, Note, Segment, Unit

    segment = Segment(Content(source), Content(target), state="translated", source_line=10 * n, target_line=10 * n + 1)
    return Unit(f"u{n}", (segment,), file or File("f1", "f.po"), notes=(Note(f"note {n}", "extracted"),),
                properties=(("flags", "c-format"),), line=10 * n)


def test_groups_keep_first_occurrences_counts_and_the_order_groups_were_met():
    spill, groups = _Spill(), _Groups()
    spill.ctx = _Ctx()
    pairs = [(5, 1), (3, 1), (5, 1), (5, 2), (9, 4), (3, 7), (5, 3), (3, 1)]
    for n, (key, variant) in enumerate(pairs):
        groups.add(key, variant, -1, spill, spill.ctx, _unit(n, f"source {n}", f"target {n}"), "vi")
    reported = list(groups.reported(spill, False))
    assert [key for key, _ in reported] == [5, 3]  # the order their first variant was met
    five = reported[0][1]
    assert list(five) == [1, 2, 3] and [v[2] for v in five.values()] == [2, 1, 1]
    assert five[2][0] == b"target 3" and five[2][3] == b"source 3" and five[2][1][3] == 30  # texts, line
    records = groups.records(spill, True)
    assert list(records) == [5, 3, 9] and records[9][0] == b"source 4" and records[9][2] == 1


def test_the_spill_gives_back_each_unit_as_it_was_from_memory_and_from_its_file(monkeypatch):
    from qa_core.model import Content, File, Segment, Unit

    monkeypatch.setattr(_Spill, "BUFFER", 2000)  # a few rows a flush
    spill, seen = _Spill(), []

    class Locating:  # the unit the spill makes again is the unit it was given
        def location(self, unit, source, target):
            seen.append(unit)
            return _Ctx().location(unit, source, target)

    spill.ctx = Locating()
    other = File("f2", "g.po", "en", "vi")
    units = [_unit(n, f"source {n} " * (n % 7), f"đích {n}", other if n % 3 else None) for n in range(200)]
    two = Unit("two", (Segment(Content("a "), Content("b "), source_line=3), Segment(Content("c"), None, ignorable=True)),
               other, line=3)
    units.append(two)
    numbers = [spill.add(unit, "vi") for unit in units]
    assert spill._file is not None and spill._flushed > 0  # rows in the file
    assert not seen  # nothing located while the rows are written
    for number, unit in zip(numbers, units):
        place, source, target = spill.get(number)
        assert seen[-1] == unit and seen[-1].file is unit.file
        assert (source, target) == (unit.source.text.encode(), unit.target.text.encode())
        assert place[1] == unit.id and place[3] == unit.line and place[-1] == "vi"
    after = spill.add(_unit(500, "after reading", "x"), "vi")  # writes go on after reads, this one in memory
    assert spill._buffer
    assert spill.get(after)[1] == b"after reading" and spill.get(numbers[3])[2] == "đích 3".encode()


def test_groups_written_out_past_the_budget_come_back_as_if_kept_in_memory(monkeypatch):
    """Past `BUDGET` records the groups go to sorted runs on disk; merged at the end they
    give the same groups, counts, first occurrences and order as groups kept whole."""
    rng = random.Random(21)
    # few groups and variants, so that one group's variants fall in several runs
    adds = [(rng.randrange(60), rng.randrange(4)) for _ in range(900)]

    def replay(budget, buffer=_Spill.BUFFER):
        monkeypatch.setattr(_Groups, "BUDGET", budget)
        monkeypatch.setattr(_Spill, "BUFFER", buffer)
        spill, by_source, by_target = _Spill(), _Groups(), _Groups()
        spill.ctx = _Ctx()
        for n, (key, variant) in enumerate(adds):
            unit = _unit(n, f"s{key}", f"t{variant}")
            row = by_source.add(key, variant, -1, spill, spill.ctx, unit, "vi")
            by_target.add(1000 + variant, key, row, spill, spill.ctx, unit, "vi")
        return ([(k, v) for k, v in by_source.reported(spill, False)], [(k, v) for k, v in by_target.reported(spill, True)],
                by_source.records(spill, False), by_target.records(spill, True), by_source._runs)

    whole, runs = replay(1 << 30), replay(25)
    assert not whole[-1] and len(runs[-1]) > 5  # written out, many times over
    assert whole[:-1] == runs[:-1]
    # the rows and the located places in the spill's file (a flush every few rows)
    assert replay(25, 300)[:-1] == whole[:-1] and replay(1 << 30, 300)[:-1] == whole[:-1]
    assert list(whole[2]) == list(runs[2]) and list(whole[0]) and list(whole[1])  # the same order of groups


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _slip_by_table(a: str, b: str, vietnamese: bool) -> bool:
    """What `_one_letter_slip` answered with a table of edit distances (before issue 14's scale work)."""
    if min(len(a), len(b)) < 5 or _levenshtein(a, b) > 1:
        return False
    if vietnamese:
        return True
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    after = (a if len(a) >= len(b) else b)[p + 1:p + 3]
    return len(after) == 2 and after.isalpha()


def test_a_one_letter_slip_is_found_in_one_pass_as_the_table_of_edit_distances_found_it():
    rng = random.Random(14)
    pairs = [("Truy cập", "Tuy cập"), ("todas", "todos"), ("traducido", "traducidos"), ("aaaaa", "aaaa"),
             ("abcdef", "abcdef"), ("abcdef", "abdcef"), ("Hệ thống tệp", "Tệp hệ thống")]
    for _ in range(20000):
        a = "".join(rng.choice("aab ") for _ in range(rng.randint(3, 12)))
        b = list(a)
        for _ in range(rng.choice((0, 1, 1, 1, 2))):  # mostly one edit: the case the test is about
            at = rng.randint(0, len(b))
            edit = rng.choice(("put", "drop", "change"))
            if edit == "put":
                b.insert(at, rng.choice("abc "))
            elif b and at < len(b):
                if edit == "drop":
                    del b[at]
                else:
                    b[at] = rng.choice("abc ")
        pairs.append((a, "".join(b)))
    for a, b in pairs:
        for vietnamese in (False, True):
            assert _one_letter_slip(a, b, vietnamese) == _slip_by_table(a, b, vietnamese), (a, b, vietnamese)
            assert _one_letter_slip(b, a, vietnamese) == _slip_by_table(b, a, vietnamese), (b, a, vietnamese)
