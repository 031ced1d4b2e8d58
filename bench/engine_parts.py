"""CPU of the engine's parts on real PO files, apart from the checks: what a run of
`tqa check` spends besides the checks' own work, part by part, for this tree and (with
`--tree`) older ones, interleaved so that a loaded machine weighs on each alike.

    python bench/engine_parts.py [--data /work/data/po-real/tuning] [--repeat 5] [--tree OLD ...]
    python bench/engine_parts.py --data corpus-100000-12.xlf --report REPORT.json --tree OLD

`--data` is a folder of PO files or one input file (PO, XLIFF, ...); `--report` takes
the findings from a JSON report already made of it (`tqa check -f json`), not from a
run of tqa made first.

Parts (each the smallest CPU time of `--repeat` runs, in one child process per tree):
- read: every unit of every file made (open_document, units());
- read + loop: the runner's loop over the files with every check replaced by one that
  finds nothing (reading, the per-unit bookkeeping and ~30 calls a unit);
- line index: the PO locator's index of each file and 100 stretches of lines read
  again per file (what locating a unit read long ago costs);
- findings path: the files' findings (from one run of tqa on them, made first) through
  what a worker and the parent do with them: kept (`FindingStore`), deduplicated, sent
  (pickled), received and sorted;
- JSON: the report of those findings written (`Report.write_json`).

A TREE is the root of a tqa source tree (e.g. `git worktree add --detach /tmp/old
main`); its packages are imported under their installed names, as bench/real_po_speed.py
does. Timings of a shared machine are inflated by its load: read the ratios of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _shared import keep_bytecode_caches  # noqa: E402
from real_po_speed import DEFAULT_DATA, tree_environment  # noqa: E402

PARTS = ("read", "read + loop", "line index", "findings path", "JSON")

CHILD = r'''
import glob, io, json, pickle, random, sys, time
data, report, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
from qa_core.config import Config
from qa_core.findings_store import FindingStore, Spool, dedupe_stream, sort_findings
from qa_core.formats import ReadOptions
from qa_core.manager import load_plugins
from qa_core.readers._xml import LineSource
from qa_core.report import Report, findings_from_dicts
from qa_core.runner import check_document, open_document

paths = data.split("\n")
plugins = load_plugins((), entry_points=False)
findings = findings_from_dicts(json.load(open(report, encoding="utf-8"))["findings"])

def best(work):
    times = []
    for _ in range(repeat):
        clock = time.process_time()
        work()
        times.append(time.process_time() - clock)
    return min(times)

def read():
    for path in paths:
        for _ in open_document(path, plugins, ReadOptions()).units():
            pass

def loop():
    for path in paths:
        check_document(open_document(path, plugins, ReadOptions()), plugins, Config(jobs=1), gather=False)

def line_index():
    rng = random.Random(1)
    for path in paths:
        source = LineSource(path, "utf-8", 4_000_064)
        count = sum(1 for _ in open(path, "rb"))
        for _ in range(100):
            source._cached = []
            source.lines(rng.randrange(1, count + 1), 2)

def findings_path():
    kept = FindingStore(spool=Spool())
    for finding in findings:
        kept.append(finding)
    sent = pickle.dumps(FindingStore(dedupe_stream(kept.consume()), kept.spool), pickle.HIGHEST_PROTOCOL)
    del kept
    sort_findings([pickle.loads(sent).consume()])

def write_json():
    Report(tool_version="bench", plugins=[], inputs=[], findings=findings, rules={},
           started="2026-01-01T00:00:00+00:00").write_json(io.BytesIO())

out = {"read": best(read), "line index": best(line_index), "findings path": best(findings_path), "JSON": best(write_json)}
for check in plugins.checks:  # every check finds nothing: what is left is the runner's own work
    check.check_unit = lambda self, unit, ctx: ()
    check.check_document = lambda self, document, ctx: ()
    check.run_data = lambda self: None
out["read + loop"] = best(loop)
out["findings"] = len(findings)
print(json.dumps(out))
'''


def main() -> int:
    keep_bytecode_caches()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of PO files, or one input file (default %(default)s)")
    parser.add_argument("--report", type=Path, help="a JSON report of the inputs to take the findings from (default: made first)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each part (the smallest CPU time is kept)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the trees in turn")
    parser.add_argument("--tree", action="append", type=Path, default=[], help="an older tqa source tree (repeatable)")
    args = parser.parse_args()
    data = args.data.resolve()
    paths = [data] if data.is_file() else sorted(data.glob("*.po"))
    if not paths:
        print(f"{data}: no PO files", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        report = args.report.resolve() if args.report else work / "findings.json"
        if not args.report:
            subprocess.run([sys.executable, "-m", "qa_core", "check", "--isolated", "--fail-on", "never", "-f", "json",
                            "-o", str(report), *map(str, paths)], check=True, cwd=work)
        trees: dict[str, dict | None] = {"this tree": None}
        for number, tree in enumerate(args.tree):
            shim = work / f"tree{number}"
            shim.mkdir()
            trees[str(tree)] = tree_environment(tree.resolve(), shim)
        results: dict[str, list[dict]] = {name: [] for name in trees}
        for _ in range(args.rounds):
            for name, env in trees.items():
                done = subprocess.run([sys.executable, "-c", CHILD, "\n".join(map(str, paths)), str(report), str(args.repeat)],
                                      env=env, cwd=work, capture_output=True, text=True)
                if done.returncode != 0:
                    print(f"{name}: {done.stderr.strip()}", file=sys.stderr)
                    return 2
                results[name].append(json.loads(done.stdout.splitlines()[-1]))
    findings = next(iter(results.values()))[0]["findings"]
    print(f"{data} ({len(paths)} files, {findings:,} findings); CPU seconds, the smallest of "
          f"{args.repeat} runs, per round; load average now {os.getloadavg()[0]:.1f}")
    print(f"{'part':16}" + "".join(f"{name[-28:]:>30}" for name in trees))
    for part in PARTS:
        print(f"{part:16}" + "".join(f"{' / '.join(f'{r[part]:.3f}' for r in results[name]):>30}" for name in trees))
    return 0


if __name__ == "__main__":
    sys.exit(main())
