"""One large file split over worker processes (`tqa check -j N`) reports what one
process reports: the same findings, fingerprints and order, byte for byte.

The runner splits files of `SPLIT_BYTES` or more; here every file is split, in
chunks of a few units, so that the small samples cross many chunk boundaries."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from qa_core import runner
from qa_core.check import Check

from tests.test_samples import EXPECTED, RUNS, run

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


@pytest.fixture
def split_everything(monkeypatch):
    monkeypatch.setattr(runner, "SPLIT_BYTES", 0)
    monkeypatch.setattr(runner, "CHUNK_UNITS", 3)


@pytest.mark.parametrize("name", sorted(n for n, args in RUNS.items() if "--source" not in args))
def test_samples_split_over_processes_give_the_expected_reports(name, split_everything):
    expected = (EXPECTED / f"{name}.txt").read_text(encoding="utf-8")
    assert run(["-j", "3", *RUNS[name]]) == expected


def _report(args: list[str], out: Path) -> dict:
    run(["-j", *args, "-f", "json", "-o", str(out), "--fail-on", "never"])
    report = json.loads(out.read_text(encoding="utf-8"))
    report.pop("run")
    return report


@pytest.mark.parametrize("builder", ["build_po", "build_xliff12"])
def test_a_generated_file_split_gives_the_findings_of_one_process(tmp_path, split_everything, builder, monkeypatch):
    import throughput

    monkeypatch.setattr(runner, "CHUNK_UNITS", 50)
    corpus = tmp_path / ("corpus.po" if builder == "build_po" else "corpus.xlf")
    getattr(throughput, builder)(corpus, 1200, 7)
    one = _report(["1", str(corpus)], tmp_path / "one.json")
    split = _report(["2", str(corpus)], tmp_path / "two.json")
    assert one["findings"], "the corpus has defects: the comparison must see findings"
    assert [f["fingerprint"] for f in split["findings"]] == [f["fingerprint"] for f in one["findings"]]
    assert split == one


def test_placement_of_checks():
    from qa_core.manager import load_plugins

    places = {cls.name: cls.placement() for cls in load_plugins(entry_points=False).checks}
    assert places["suppression"] == "parent"  # its state feeds the findings hook of the parent
    assert places["consistency"] == places["omission"] == places["plurals"] == "document"
    assert places["numbers"] == "units"

    class Stateless(Check):
        name = "stateless"

        def check_unit(self, unit, ctx):
            return ()

    class Remembers(Stateless):
        def __init__(self, settings=None):
            super().__init__(settings)
            self.seen = 0

    assert Stateless.placement() == "units" and Remembers.placement() == "document"


def _split_by_hand(path: str, parts: int, chunk: int, **config_args):
    """The result of `path` checked whole, and assembled from `parts` shares that take
    the chunks in turn (as if each share were a process that claims every parts-th chunk)."""
    from qa_core.config import Config
    from qa_core.formats import ReadOptions
    from qa_core.manager import load_plugins

    plugins = load_plugins(entry_points=False)
    config = Config(**config_args)
    options = ReadOptions()
    whole = runner.check_document(runner.open_document(path, plugins, options), plugins, config)
    documents = [runner.open_document(path, plugins, options) for _ in range(parts)]
    shares = [
        runner.check_document(documents[k], plugins, config, share=runner.Share(k, parts, chunk),
                              claim=lambda number, k=k: number % parts == k)
        for k in range(parts)
    ]
    return whole, runner.assemble(documents[0], shares, plugins, config), shares


def _said(findings):
    return [(f.fingerprint, f.rule_id, f.message, f.location, f.suggestion, f.data) for f in findings]


@pytest.mark.parametrize("sample", ["samples/joint-statement.vi-en.xlf", "samples/app-strings.en-vi.xlf",
                                    "samples/terminology-vn-media.vi-en.xlf"])
@pytest.mark.parametrize("parts,chunk", [(2, 1), (3, 2)])
def test_shares_assemble_into_the_findings_of_one_process(sample, parts, chunk):
    whole, assembled, shares = _split_by_hand(str(ROOT / sample), parts, chunk)
    assert whole.findings
    assert _said(assembled.findings) == _said(whole.findings)
    assert assembled.summary == whole.summary
    if len(whole.findings) >= 10:
        assert all(share.findings for share in shares)  # every share did some of the work


def test_a_po_file_with_findings_across_units(tmp_path):
    whole, assembled, _ = _split_by_hand(_consistency_po(tmp_path), 3, 1, profile="document")  # CON001 runs there
    assert "CON001" in {f.rule_id for f in whole.findings}
    assert _said(assembled.findings) == _said(whole.findings)


def test_a_check_with_state_split_by_units_would_differ(monkeypatch, tmp_path):
    """The comparison above can fail: consistency (CON001) compares units of the whole
    file, and run on shares of the units it misses the pairs that cross them."""
    monkeypatch.setattr(Check, "placement", classmethod(lambda cls: "units"))
    for path in (str(ROOT / "samples/terminology-vn-media.vi-en.xlf"), _consistency_po(tmp_path)):
        whole, assembled, _ = _split_by_hand(path, 2, 1, profile="document")  # CON001 runs there
        assert _said(assembled.findings) != _said(whole.findings), path


def _consistency_po(folder: Path) -> str:
    """A PO file whose problems only show across units: one source translated two ways
    (CON001), a plural entry, a file-wide convention of end punctuation."""
    entries = [("Access", "Truy cập"), ("Save", "Lưu"), ("Access", "Tuy cập"),
               ("Close the window.", "Đóng cửa sổ."), ("Access", "Truy cập"), ("Quit", "Thoát")]
    text = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n' \
           '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
    for number, (source, target) in enumerate(entries, 1):
        text += f'#: app.c:{number}\nmsgid "{source}"\nmsgstr "{target}"\n\n'
    text += '#: app.c:9\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d tệp"\n\n'
    path = folder / "consistency.po"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_released_shares_assemble_the_same_and_are_let_go(monkeypatch):
    """`assemble(..., release=True)` (what the runner does) gives the same findings and
    leaves the shares empty: their compact findings are not held beside the objects."""
    monkeypatch.setattr(runner.FindingStore, "BATCH", 2)  # several sealed batches per share
    monkeypatch.setattr(runner.FindingStore, "LOOSE", 0)
    path = str(ROOT / "samples/joint-statement.vi-en.xlf")
    whole, assembled, shares = _split_by_hand(path, 2, 1)
    assert sum(len(share.findings) for share in shares) >= 6
    released = runner.assemble(runner.open_document(path, *_plugins_and_options()), shares,
                               *_plugins_and_config(), release=True)
    assert _said(released.findings) == _said(assembled.findings) == _said(whole.findings)
    assert all(len(share.findings) == 0 and share.runs is None for share in shares)


def test_a_finding_store_drains_in_order():
    from qa_core.findings import Finding, Location
    from qa_core.rules import Severity

    made = [Finding("TQA001", "check-failed", Severity.MAJOR, "Other/Internal error", f"finding {n}", Location("f.po", f"u{n}"))
            for n in range(600)]
    store = runner.FindingStore()
    for finding in made:
        store.append(finding)
    assert len(store) == 600 and list(store) == made  # iterating keeps the store
    assert store.drain() == made
    assert len(store) == 0 and list(store) == [] and store.drain() == []


def _plugins_and_options():
    from qa_core.formats import ReadOptions
    from qa_core.manager import load_plugins

    return load_plugins(entry_points=False), ReadOptions()


def _plugins_and_config():
    from qa_core.config import Config
    from qa_core.manager import load_plugins

    return load_plugins(entry_points=False), Config()
