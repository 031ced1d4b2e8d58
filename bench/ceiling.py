"""How far the checks are from issue 14's goal (10x pofilter's units/s with every
default check), as CPU a unit, measured on files in one run:

    python bench/ceiling.py FILE [FILE ...] [--target 10] [--parallel]

Each of these runs in a child process; its CPU (user + system, from `wait4`) is read,
not its wall time, so a busy machine inflates the figures less:

- `pofilter` on each FILE (translate-toolkit's default tests, one process, as
  bench/throughput.py runs it), their CPU added up;
- `tqa check -j 1 --select TQA`: reading, the engine and the report with no check
  at all, the floor under any default run;
- `tqa check -j 1`: every default check;
- with --parallel, `tqa check` at its default `-j` (every core), wall time, for how
  many cores' worth of work a run gets done (wall time: read it on a quiet machine).

It prints the CPU a unit that a default run may spend to be TARGET times pofilter's
units/s on this machine's cores (pofilter uses one), what of that the floor already
takes, what the checks take now, and so by how much the checks would have to shrink.
Then the ratio to pofilter if the checks alone became K times cheaper, for a few K.
Every core is counted as fully used, with no cost for splitting the work: the figures
are upper bounds, the most a default run could reach, not a forecast.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]


def _child(command: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one child process; it must exit 0 or 1."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        error = process.stderr.read().decode("utf-8", "replace").strip() if process.stderr else ""
        raise SystemExit(f"{' '.join(command[:3])} exited {code}: {error[:300]}")
    return usage.ru_utime + usage.ru_stime, wall


def _tqa(paths: list[Path], report: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "qa_core", "check", *map(str, paths), *extra,
            "-q", "--isolated", "--fail-on", "never", "-f", "json", "-o", str(report)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--target", type=float, default=10.0, help="times pofilter's units/s (default 10)")
    parser.add_argument("--parallel", action="store_true", help="also time the default -j run (wall time)")
    args = parser.parse_args(argv)

    from throughput import count_units

    pofilter = shutil.which("pofilter") or str(Path(sys.executable).with_name("pofilter"))
    if not Path(pofilter).exists() and not shutil.which("pofilter"):
        raise SystemExit("pofilter is not installed (pip install translate-toolkit)")
    units = sum(count_units(path) for path in args.files)
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        theirs = sum(_child([pofilter, "--progress=none", str(path), str(out / f"p{number}{path.suffix}")])[0]
                     for number, path in enumerate(args.files))
        floor, _ = _child(_tqa(args.files, out / "floor.json", "-j", "1", "--select", "TQA"))
        whole, _ = _child(_tqa(args.files, out / "whole.json", "-j", "1"))
        wall = _child(_tqa(args.files, out / "jobs.json"))[1] if args.parallel else None

    us = 1e6 / units
    checks = whole - floor
    used = float(cores)  # every core fully used: an upper bound
    allowed = theirs * used / args.target
    named = args.files[0].name if len(args.files) == 1 else f"{len(args.files)} files"
    print(f"{named}: {units} units; {cores} cores; CPU of each run, user + system")
    print(f"  pofilter, one process                  {theirs:8.2f} s  {theirs * us:7.0f} us a unit")
    print(f"  tqa -j 1 --select TQA (no check)       {floor:8.2f} s  {floor * us:7.0f} us a unit")
    print(f"  tqa -j 1, every default check          {whole:8.2f} s  {whole * us:7.0f} us a unit")
    print(f"    of which the checks                  {checks:8.2f} s  {checks * us:7.0f} us a unit")
    if wall:
        print(f"  tqa, default -j: {wall:.2f} s wall, {whole / wall:.2f} cores' worth of the one-process CPU "
              f"({theirs / wall:.2f}x pofilter's CPU seconds)")
    print(f"goal {args.target:g}x pofilter: a default run may spend {allowed:.2f} s of CPU "
          f"({allowed * us:.0f} us a unit) over its {cores} cores, each fully used")
    budget = allowed - floor
    if budget <= 0:
        print(f"  the floor alone ({floor * us:.0f} us a unit) is over it: no check could run")
    else:
        print(f"  the floor takes {floor * us:.0f} us; the checks may take {budget * us:.0f} us a unit "
              f"and take {checks * us:.0f}: {checks / budget:.1f}x too much")
    print("if the checks alone were K times cheaper (the floor as it is):")
    for k in (1, 2, 5, 10, 20, 50, float("inf")):
        cost = floor + (checks / k if k != float("inf") else 0.0)
        label = "no checks" if k == float("inf") else f"K = {k:g}"
        print(f"  {label:<10} {theirs * used / cost:5.1f}x pofilter")
    return 0


if __name__ == "__main__":
    sys.exit(main())
