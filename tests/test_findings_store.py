"""Findings kept compact to the end of a run (`qa_core.findings_store`): the same
findings, in the same order, and the same report bytes as the plain list they replace."""

from __future__ import annotations

import io
import pickle
import random
from dataclasses import replace
from pathlib import Path

import pytest

from qa_core.config import Config
from qa_core.findings import Finding, Location, SideLocation, Span, UnitText, dedupe
from qa_core.findings_store import FindingStore, Spool, dedupe_stream, sort_findings
from qa_core.manager import load_plugins
from qa_core.report import Report
from qa_core.reporters.builtin import TextReporter
from qa_core.reporters.junit import JUnitReporter
from qa_core.reporters.sarif import SarifReporter
from qa_core.rules import Severity
from qa_core.runner import run

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [str(ROOT / "samples" / name) for name in
           ("joint-statement.vi-en.xlf", "app-strings.en-vi.xlf", "terminology-vn-media.vi-en.xlf")]


def made(n: int, seed: int = 7) -> list[Finding]:
    """`n` findings over a few files, units, lines and rules, many with equal sort keys
    (the order among those is the order made) and some repeated (for dedupe)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        unit = rng.choice(["u1", "u2", "u3", None])
        start = rng.randrange(3)
        out.append(Finding(
            rule_id=rng.choice(["BAS001", "NUM002", "TRM001"]),
            rule_name="some-rule",
            severity=rng.choice(list(Severity)),
            category="Accuracy/Omission",
            message=rng.choice(["one", "two"]),
            location=Location(
                file=rng.choice(["b.po", "a.po"]), unit_id=unit,
                target=SideLocation(path="a.po", line=rng.randrange(1, 4), column=rng.choice([None, 1]),
                                    span=Span(start, start + 1), text="x"),
            ),
            data={"n": i},  # not compared: tells equal findings apart in the order checks
            context=UnitText("source text " * rng.randrange(1, 4), "target"),
        ))
    return out


def test_a_store_reads_like_the_list_it_keeps(monkeypatch):
    monkeypatch.setattr(FindingStore, "BATCH", 4)
    monkeypatch.setattr(FindingStore, "LOOSE", 0)  # every batch sealed
    findings = made(50)
    spool = Spool(budget=100)  # a few batches in memory, the others in the temporary file
    store = FindingStore(findings, spool)
    assert spool._file is not None
    assert len(store) == 50 and store and not FindingStore()
    assert list(store) == findings and list(store) == findings  # read twice
    assert [f.data for f in store] == [f.data for f in findings]
    assert store[0] == findings[0] and store[13] == findings[13] and store[-1] == findings[-1] and store[49] == findings[49]
    assert store[3:9] == findings[3:9]
    with pytest.raises(IndexError):
        store[50]
    copy = pickle.loads(pickle.dumps(store))  # a worker's store sent to the parent: the spooled batches travel too
    assert [f.data for f in copy] == [f.data for f in findings]
    assert [f.data for f in store.consume()] == [f.data for f in findings]
    assert len(store) == 0 and list(store) == []


def test_dedupe_as_a_stream_drops_what_dedupe_drops():
    findings = made(400, seed=3)
    findings += [replace(f, data={"again": True}) for f in findings[:100]]  # repeated problems
    kept = dedupe(list(findings))
    streamed = list(dedupe_stream(iter(findings)))
    assert len(kept) < len(findings)
    assert [(f.data, f.fingerprint) for f in streamed] == [(f.data, f.fingerprint) for f in kept]


@pytest.mark.parametrize("run", [1, 7, 64, 10_000])
def test_the_merge_sort_gives_the_order_of_one_stable_sort(run, monkeypatch):
    monkeypatch.setattr(FindingStore, "BATCH", 5)
    monkeypatch.setattr(FindingStore, "LOOSE", 0)
    pieces = [made(120, seed=1), made(80, seed=2), [], made(45, seed=3)]
    expected = sorted([f for piece in pieces for f in piece], key=Finding.sort_key)
    out = sort_findings([iter(piece) for piece in pieces], run=run)
    assert isinstance(out, list) == (run >= 245)
    assert [f.data for f in out] == [f.data for f in expected] and list(out) == expected


def _reports(monkeypatch, sort_run: str | None) -> dict[str, bytes]:
    if sort_run is None:
        monkeypatch.delenv("TQA_SORT_RUN", raising=False)
    else:
        monkeypatch.setenv("TQA_SORT_RUN", sort_run)
    plugins = load_plugins(entry_points=False)
    config = Config()
    result = run(SAMPLES, plugins, config, show_progress=False)
    assert isinstance(result.findings, list) == (sort_run is None)
    report = Report.build(result, plugins, config, command=["check"])
    report.started, report.duration = "2026-12-04T00:00:00+00:00", 1.0
    out = {}
    for name, reporter in (("json", None), ("sarif", SarifReporter()), ("text", TextReporter()), ("junit", JUnitReporter())):
        stream = io.BytesIO()
        if reporter is None:
            report.write_json(stream)
            out["json-rendered"] = report.to_json().encode("utf-8")
        else:
            reporter.write_to(report, stream)
            rendered = reporter.render(report)
            out[name + "-rendered"] = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
        out[name] = stream.getvalue()
    out["failed"] = str(report.failed).encode()
    return out


def test_a_compact_run_writes_the_same_reports_as_a_list(monkeypatch):
    """A run past the sort's run size (forced to 3 findings here) keeps its findings in a
    compact store; every report, streamed or rendered, is the same bytes."""
    listed = _reports(monkeypatch, None)
    compact = _reports(monkeypatch, "3")
    assert listed.keys() == compact.keys()
    for name in listed:
        assert compact[name] == listed[name], name
    for name in ("sarif", "text", "junit"):
        assert listed[name] == listed[name + "-rendered"], name


def test_a_finding_pickles_as_its_values():
    """Findings and their locations travel (batches, worker results) as their field values:
    every field comes back, the ones equality ignores (fingerprint, data, context) too."""
    findings = made(40)
    again = pickle.loads(pickle.dumps(findings, pickle.HIGHEST_PROTOCOL))
    assert again == findings
    for before, after in zip(findings, again):
        assert (after.fingerprint, after.data, after.context) == (before.fingerprint, before.data, before.context)
        assert after.location.target.span == before.location.target.span
        assert type(after.location.target.span) is Span


def test_a_small_store_keeps_objects_and_a_large_one_seals(monkeypatch):
    """Below the process's budget of loose findings nothing is pickled; past it, batches
    are sealed as they fill; a store sent to another process travels sealed; the count of
    loose findings goes back down as stores are read through or let go."""
    monkeypatch.setattr(FindingStore, "BATCH", 4)
    monkeypatch.setattr(FindingStore, "LOOSE", 10)
    before = FindingStore.loose
    findings = made(30)
    small = FindingStore(findings[:9])
    assert small._sealed == [] and FindingStore.loose == before + 9
    large = FindingStore(findings)
    assert large._sealed and all(isinstance(b, bytes) for b in large._sealed)
    assert list(large) == findings and [large[i] for i in range(30)] == findings
    sent = pickle.loads(pickle.dumps(small))
    assert sent._sealed and len(sent._open) == 1 and list(sent) == findings[:9]
    assert [f.data for f in small.consume()] == [f.data for f in findings[:9]]
    del small, large, sent
    assert FindingStore.loose == before


def test_a_subclass_of_a_quick_record_pickles_with_its_own_fields():
    """qa_core.records gives Finding a quick pickling; a plugin's subclass keeps its class
    and every field, its own too."""
    from dataclasses import dataclass

    @dataclass(frozen=True, slots=True)
    class Marked(Span):
        mark: str = "x"

    globals()["Marked"] = Marked  # picklable by reference
    Marked.__qualname__ = "Marked"
    again = pickle.loads(pickle.dumps(Marked(1, 3, "here")))
    assert type(again) is Marked and (again.start, again.end, again.mark) == (1, 3, "here")
    assert pickle.loads(pickle.dumps(Span(2, 5))) == Span(2, 5)


def test_quick_records_make_what_dataclasses_made():
    """The __init__ qa_core.records gives the frozen records: the same defaults (a fresh
    dict for each `data`), the same derived fields (`Unit.source`, `Finding.fingerprint`),
    the same errors; the records stay frozen."""
    import dataclasses

    from qa_core.model import Content, File, Segment, Unit

    first = Finding("BAS001", "r", Severity.MAJOR, "Accuracy/Omission", "m", Location("a.po", "u1"))
    second = Finding(rule_id="BAS001", rule_name="r", severity=Severity.MAJOR, category="Accuracy/Omission",
                     message="m", location=Location(file="a.po", unit_id="u1"))
    assert first == second and first.fingerprint == second.fingerprint and len(first.fingerprint) == 32
    assert first.data == {} and first.data is not second.data and first.suggestion is None and first.context is None
    unit = Unit("u1", (Segment(Content("Save"), Content("Lưu"), state="translated"),), File("f1"))
    assert unit.source.text == "Save" and unit.target.text == "Lưu" and unit.notes == () and unit.line is None
    with pytest.raises(TypeError):
        Span(1)  # noqa: the missing argument
    with pytest.raises(TypeError):
        Span(1, 2, 3)
    with pytest.raises(ValueError):
        Span(3, 1)  # __post_init__ still runs
    with pytest.raises(dataclasses.FrozenInstanceError):
        unit.id = "u2"
    assert dataclasses.replace(first, message="n").message == "n"


def test_dedupe_drops_the_same_once_the_hashes_move_to_the_sorted_array(monkeypatch):
    from qa_core.findings_store import SeenHashes

    monkeypatch.setattr(SeenHashes, "RECENT", 16)  # most hashes in the sorted array
    findings = made(400, seed=5)
    findings += [replace(f, data={"again": True}) for f in findings[:150]]
    kept = dedupe(list(findings))
    streamed = list(dedupe_stream(iter(findings)))
    assert [(f.data, f.fingerprint) for f in streamed] == [(f.data, f.fingerprint) for f in kept]
    seen = SeenHashes()
    rng = random.Random(9)
    values = [rng.getrandbits(64) - (1 << 63) for _ in range(100)]
    for value in values:
        seen.add(value)
    assert seen.older is not None and len(seen) == 100
    assert all(v in seen for v in values) and (1 << 62) + 12345 not in seen
    # hashes added again (the array holds them already) are put in the array once, sorted
    for value in values[:40] + [values[0]] * 20:
        seen.add(value)
    held = seen.older.tolist()
    assert held == sorted(set(held)) and len(held) <= 100 and all(v in seen for v in values)
