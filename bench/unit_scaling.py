"""Is the cost per unit flat in the number of units? `tqa check` on the first N units of
one corpus, for several N, with CPU per unit of the parent and of the workers.

Builds the throughput corpus (`bench/throughput.py`'s generator and seed: a corpus of N
units is the first N units of the 1M one) at each size given, in `--work`, unless it is
there already; runs `tqa check FILE -j J -f json` on each in a child process and prints
its wall time, its CPU (the parent's and the workers' apart), CPU µs a unit, the peak
RSS of the parent, and the findings a thousand units: a cost a unit that grows with N
where the findings a unit do not is the engine's, not the data's. With `--reports DIR`
each report is kept (DIR/<file>.<selection>.json), and with `--compare DIR` the
findings (fingerprints, in order) are compared with the report of the same name there.

    python bench/unit_scaling.py --sizes 100k,300k --work /tmp/scale                 # XLIFF 1.2, default rules
    python bench/unit_scaling.py --sizes 100k,300k,600k --select CON001 --jobs 1 --work /tmp/scale
    python bench/unit_scaling.py --sizes 100k --format po --work /tmp/scale --reports /tmp/after --compare /tmp/before

The tqa run is this tree's, or the one `PYTHONPATH` puts first. Wall time on a loaded
machine says little: read the CPU columns, and interleave what you compare.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from jobs import run_check  # noqa: E402  (the CLI run with its own and its children's rusage)
from throughput import build_po, build_xliff12, parse_size  # noqa: E402

BUILDERS = {"xliff12": (build_xliff12, "-12.xlf"), "po": (build_po, ".po")}


def corpus(work: Path, fmt: str, units: int, seed: int) -> Path:
    builder, suffix = BUILDERS[fmt]
    path = work / f"corpus-{units}{suffix}"
    if not path.exists():
        partial = path.with_name(path.name + ".part")
        builder(partial, units, seed)
        partial.replace(path)
    return path


def measure(path: Path, jobs: int, select: str | None, report: Path, scratch: Path) -> dict:
    return run_check(path, ["-j", str(jobs)], select, report, scratch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,300k",
                        help="units of each corpus, comma-separated (100k, 1M, 250000)")
    parser.add_argument("--format", choices=sorted(BUILDERS), default="xliff12")
    parser.add_argument("--work", type=Path, required=True, help="where the corpora are built (and found again)")
    parser.add_argument("--seed", type=int, default=20230910, help="bench/throughput.py's seed")
    parser.add_argument("--jobs", type=int, default=2, help="tqa's -j (default 2)")
    parser.add_argument("--select", action="append", metavar="RULES",
                        help="selections ('default': the default rules; repeatable)")
    parser.add_argument("--reports", type=Path, help="keep each JSON report in this folder")
    parser.add_argument("--compare", type=Path, help="compare the findings with the reports of this folder")
    args = parser.parse_args(argv)
    args.work = args.work.resolve()  # (the child runs in a temporary folder)
    args.reports = args.reports and args.reports.resolve()
    args.compare = args.compare and args.compare.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.reports:
        args.reports.mkdir(parents=True, exist_ok=True)
    selections = [None if s == "default" else s for s in (args.select or ["default"])]
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    # (asked of a child: this process's path has this tree first, whatever PYTHONPATH says)
    where = "import qa_core, pathlib; print(pathlib.Path(qa_core.__file__).parent.parent)"
    tree = subprocess.run([sys.executable, "-c", where], capture_output=True, text=True,
                          cwd=tempfile.gettempdir()).stdout.strip()
    print(f"tqa from {tree}; -j {args.jobs}; "
          f"{os.cpu_count()} cores, load average {load:.1f} at the start")
    header = (f"{'file':<24} {'select':<8} {'wall s':>8} {'CPU s':>8} {'parent':>8} {'workers':>8} {'CPU µs/unit':>11} "
              f"{'parent MiB':>10} {'findings':>8} {'per 1k':>7}" + (" same" if args.compare else ""))
    print(header)
    print("-" * len(header))
    failed = False
    with tempfile.TemporaryDirectory() as scratch:
        for units in sizes:
            path = corpus(args.work, args.format, units, args.seed)
            for select in selections:
                name = f"{path.name}.{select or 'default'}.json"
                report = (args.reports or Path(scratch)) / name
                m = measure(path, args.jobs, select, report, Path(scratch))
                cpu = m["parent_cpu"] + m["workers_cpu"]
                found = len(m["fingerprints"])
                line = (f"{path.name:<24} {select or 'default':<8} {m['wall']:>8.1f} {cpu:>8.1f} "
                        f"{m['parent_cpu']:>8.1f} {m['workers_cpu']:>8.1f} {cpu / max(1, m['units']) * 1e6:>11.0f} "
                        f"{m['parent_kib'] / 1024:>10.0f} {found:>8} {1000 * found / max(1, m['units']):>7.2f}")
                if args.compare:
                    other = args.compare / name
                    if other.exists():
                        before = [f["fingerprint"] for f in json.loads(other.read_text(encoding="utf-8"))["findings"]]
                        same = before == m["fingerprints"]
                        failed |= not same
                        line += " yes" if same else f" NO ({len(before)} there)"
                    else:
                        line += " (none)"
                print(line)
                sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
