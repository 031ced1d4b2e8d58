"""The consistency check's compact state (plugins/everyday/consistency.py): the hash table
of 64-bit keys and the spill of first occurrences give back what a dict would."""

import random

from tqa_plugins.everyday.consistency import _EMPTY, _Groups, _Spill, _Table


def test_the_table_answers_as_a_dict_through_collisions_and_growth():
    rng = random.Random(14)
    # keys sharing their low bits probe past each other; random ones make the table grow
    keys = [(rng.getrandbits(50) << 14) | 7 for _ in range(300)] + [rng.getrandbits(64) for _ in range(5000)]
    table, expected = _Table(16), {}
    for n, key in enumerate(keys + keys[:100]):
        table.put(table.slot(key), key, n)
        expected[key] = n
    assert all(table.get(key) == value for key, value in expected.items())
    assert table.get(12345) == _EMPTY and table.used == len(expected)
    assert len(table.values) >= 2 * len(expected)


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
    spill.add(_unit(500, "after reading", "x"), "vi")  # writes go on after reads, this one in memory
    assert spill._buffer
    assert spill.get(201)[1] == b"after reading" and spill.get(3)[2] == "đích 3".encode()
