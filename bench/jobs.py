"""What `-j` does on one large file: CPU time, the parent/worker split, peak memory
per process, and whether the findings are the same as one process gives.

For each file, selection and number of jobs, runs `tqa check FILE -j N -f json` in a
child process and prints its wall time, its CPU time (the parent's and the workers'
separately) and CPU per unit, the peak RSS of the parent and of the largest worker,
and whether the report's findings (fingerprints, in order) equal those of the first
`--jobs` value. Wall time on a loaded machine says little: read the CPU columns.

    python bench/jobs.py bench/out/corpus-100000.po --jobs 1,2 --select BAS --select default
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: runs the CLI, then writes the rusage of itself (the parent) and of its children (the workers)
CHILD = """
import json, resource, sys
from qa_core.cli import main
code = main(sys.argv[2:])
me, them = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "parent_cpu": me.ru_utime + me.ru_stime, "parent_kib": me.ru_maxrss,
               "workers_cpu": them.ru_utime + them.ru_stime, "workers_kib": them.ru_maxrss}, out)
"""


def run_check(target: Path, options: list[str], select: str | None, report: Path, scratch: Path) -> dict:
    """`tqa check TARGET OPTIONS... -f json -o REPORT` in a child process run from `scratch`
    (`-c` puts the working folder first on the path: run from a tree, the child would
    import that tree's tqa whatever PYTHONPATH says); its rusage and its children's, the
    wall time, the units and the findings' fingerprints in order."""
    usage = scratch / "usage.json"
    command = [sys.executable, "-c", CHILD, str(usage), "check", str(Path(target).resolve()), *options, "--quiet",
               "--isolated", "--fail-on", "never", "-f", "json", "-o", str(report)] + (["--select", select] if select else [])
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=scratch)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"tqa failed on {target}: {done.stderr.strip()[:500]}")
    figures = json.loads(usage.read_text())
    data = json.loads(report.read_text(encoding="utf-8"))
    figures.update(wall=seconds, units=data["summary"]["units"],
                   fingerprints=[f["fingerprint"] for f in data["findings"]])
    return figures


def measure(path: Path, jobs: int, select: str | None, scratch: Path) -> dict:
    return run_check(path, ["-j", str(jobs)], select, scratch / "report.json", scratch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--jobs", default="1,2", help="values of -j to compare, the first is the reference (default 1,2)")
    parser.add_argument("--select", action="append", metavar="RULES", help="selections ('default' for the default rules; repeatable)")
    args = parser.parse_args(argv)
    jobs = [int(j) for j in args.jobs.split(",")]
    selections = [None if s == "default" else s for s in (args.select or ["default"])]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} at the start")
    header = (f"{'file':<22} {'select':<8} {'-j':>3} {'wall s':>8} {'CPU s':>8} {'parent':>8} {'workers':>8} "
              f"{'CPU µs/unit':>11} {'parent MiB':>10} {'worker MiB':>10} {'findings':>8} same")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as scratch:
        for path in args.files:
            for select in selections:
                reference = None
                for j in jobs:
                    m = measure(path, j, select, Path(scratch))
                    if reference is None:
                        reference = m["fingerprints"]
                    cpu = m["parent_cpu"] + m["workers_cpu"]
                    print(f"{path.name:<22} {select or 'default':<8} {j:>3} {m['wall']:>8.1f} {cpu:>8.1f} {m['parent_cpu']:>8.1f} "
                          f"{m['workers_cpu']:>8.1f} {cpu / max(1, m['units']) * 1e6:>11.0f} {m['parent_kib'] / 1024:>10.0f} "
                          f"{m['workers_kib'] / 1024:>10.0f} {len(m['fingerprints']):>8} "
                          f"{'yes' if m['fingerprints'] == reference else 'NO'}")
                    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
