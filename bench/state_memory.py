"""What a long run keeps per unit and per finding, measured alone with tracemalloc.

Three figures behind docs/performance.md ("1M units measured"), each quick to run:
- the consistency check's groups (`_Groups`: hash table and record columns), bytes a
  group and the peak while it grows, at N groups of one variant each (one direction;
  the check keeps two, source and target), and the peak of writing its budget of
  records out as one sorted run;
- the runner's `runs` records of a share (where each finding came from), bytes a run;
- findings: bytes a finding kept compressed (`FindingStore`) and as objects, from the
  findings of a JSON report (`tqa check -f json -o REPORT`), given with `--report`.

    python bench/state_memory.py                                   # 1,000,000 groups and runs
    python bench/state_memory.py --groups 300000 --report report.json
    python bench/state_memory.py --end-phase report.json --times 10 [--objects]   # the end of a run
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import random
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def groups(n: int) -> None:
    from tqa_plugins.everyday.consistency import _Groups

    rng = random.Random(1)
    keys = [rng.getrandbits(64) for _ in range(n)]
    gc.collect()
    tracemalloc.start()
    held = _Groups()
    table = held.table
    for row, key in enumerate(keys):
        table.put(table.slot(key), key, held._new(key, key ^ 1, row))
    now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if any(held.keys[table.get(key)] != key for key in keys[:1000]):
        raise SystemExit("the table lost a key")
    print(f"consistency groups: {n:,} groups, {now / n:.0f} bytes a group held, peak {peak / 2**20:.1f} MiB (one direction)")
    # what one direction holds at most (`_Groups.BUDGET` records), and the peak of writing them out as a sorted run
    budget = min(n, _Groups.BUDGET)
    held = _Groups()
    table = held.table
    for row, key in enumerate(keys[:budget]):
        table.put(table.slot(key), key, held._new(key, key ^ 1, row))
    import numpy  # noqa: F401 - imported before measuring, as a run has it already

    gc.collect()
    tracemalloc.start()
    held._write_run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"consistency run: {budget:,} records written out sorted, peak {peak / 2**20:.1f} MiB above the records")


def runs(n: int) -> None:
    from qa_core import runner

    # a share's runs as check_document records them: (part, unit, check position, end)
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    kept = runner.array("q")
    for i in range(n):
        kept.extend((0, 1000 + 10 * i, 7, 5000 + i))
    now = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"runner runs: {n:,} runs, {(now - base) / n:.0f} bytes a run")


def findings(report: Path) -> None:
    from qa_core.report import findings_from_dicts
    from qa_core.findings_store import FindingStore

    items = json.loads(report.read_text(encoding="utf-8"))["findings"]
    if not items:
        raise SystemExit(f"{report}: no findings")
    store = FindingStore()
    for finding in findings_from_dicts(items):
        store.append(finding)
    del items
    blob = pickle.dumps(store, pickle.HIGHEST_PROTOCOL)  # as a worker sends it
    n = len(store)
    del store
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    store = pickle.loads(blob)
    compact = tracemalloc.get_traced_memory()[0]
    made = store.drain()
    now = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"findings: {n:,} findings, {(compact - base) / n:.0f} bytes a finding compressed, "
          f"{(now - compact) / n:.0f} bytes as objects (made for the findings hook, sort and report)")
    del made


def end_phase(report: Path, times: int, compact: bool) -> None:
    """The end of a run, alone: a report's findings `times` over (each copy on other unit
    ids, so none is a duplicate) deduplicated, sorted and written as the JSON report (to
    nothing), the old way (every finding an object in one list) or the compact way
    (`qa_core.findings_store`, as the runner does now). Prints the peak of the memory
    Python allocated beyond what was held before (tracemalloc): a figure flat in the
    findings when it stays put as `times` grows."""
    import dataclasses
    import io

    from qa_core.config import Config
    from qa_core.findings import Finding, dedupe
    from qa_core.findings_store import FindingStore, Spool, dedupe_stream, sort_findings
    from qa_core.manager import load_plugins
    from qa_core.report import Report, findings_from_dicts
    from qa_core.runner import InputSummary, RunResult

    data = json.loads(report.read_text(encoding="utf-8"))
    base = findings_from_dicts(data["findings"])
    inputs = [InputSummary(**i) for i in data["inputs"]]
    del data
    plugins = load_plugins(entry_points=False)
    config = Config()

    def copies():
        # new objects with strings of their own, as findings made by checks are (a pickle round
        # trip, 256 at a time), not the base findings shared
        for k in range(times):
            for start in range(0, len(base), 256):
                for f in pickle.loads(pickle.dumps(base[start:start + 256], pickle.HIGHEST_PROTOCOL)):
                    loc = f.location
                    yield dataclasses.replace(f, location=dataclasses.replace(loc, unit_id=f"{loc.unit_id}~{k}"))

    class Null(io.RawIOBase):
        written = 0

        def write(self, b):
            self.written += len(b)
            return len(b)

    gc.collect()
    tracemalloc.start()
    held = tracemalloc.get_traced_memory()[0]
    if compact:
        store = FindingStore(dedupe_stream(copies()), Spool())
        findings = sort_findings([store.consume()])
        del store
    else:
        findings = dedupe(list(copies()))
        findings.sort(key=Finding.sort_key)
    result = RunResult(inputs, findings, [], 0.0, 1.0)
    del findings
    out = Null()
    built = Report.build(result, plugins, config, command=["check"])
    built.write_json(out)
    failed = built.failed
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    n = len(built.findings)
    print(f"end of a run ({'compact' if compact else 'objects'}): {n:,} findings, peak {(peak - held) / 2**20:.1f} MiB "
          f"allocated beyond the start ({(peak - held) / n:.0f} bytes a finding); JSON {out.written / 2**20:.1f} MiB, failed={failed}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=1_000_000, help="consistency groups (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=1_000_000, help="runner runs (default 1,000,000)")
    parser.add_argument("--report", type=Path, help="a JSON report whose findings to measure")
    parser.add_argument("--end-phase", type=Path, metavar="REPORT",
                        help="only measure the end of a run on this JSON report's findings (see --times, --objects)")
    parser.add_argument("--times", type=int, default=1, help="--end-phase: the findings this many times over")
    parser.add_argument("--objects", action="store_true", help="--end-phase: the old way, every finding an object")
    args = parser.parse_args(argv)
    if args.end_phase:
        end_phase(args.end_phase, args.times, not args.objects)
        return 0
    groups(args.groups)
    runs(args.runs)
    if args.report:
        findings(args.report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
