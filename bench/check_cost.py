"""CPU cost of the checks themselves: `tqa check` with the default rules, in this
process (-j 1), timed by CPU (time.process_time), not wall time, so that other
jobs on the machine inflate the figures less.

    python bench/check_cost.py FILE [FILE ...]           # CPU seconds, ms per unit
    python bench/check_cost.py --per-check FILE ...      # and each check's share
    python bench/check_cost.py --per-check --profile document FILE   # every default rule

It prints the run's CPU seconds and ms per unit; with --per-check also the CPU
seconds spent inside each check's `check_unit` (with the findings it makes, and
their locations) and `check_document`; the rest is reading, the engine and the
report. The per-check timer adds two clock reads per call. `time.process_time` is a
system call (~0.4 us here), and on this machine (a Firecracker VM) a run with it around
every call took ~15 % more CPU than one without (10k XLIFF 1.2: 9.1-9.8 s against
7.8-8.2 s), most of which lands in the remainder: `--clock perf` times the checks by
`time.perf_counter` instead (no system call, ~0.06 us; wall time inside each call, so
read it on a machine with a core free), the run's total still by CPU time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


#: the per-check timer's clock (`--clock`)
CLOCKS = {"cpu": time.process_time, "perf": time.perf_counter}
clock = time.process_time


def _timed(costs: dict, name: str, method):
    now = clock

    def wrapper(self, *args, **kwargs):
        started = now()
        try:
            return list(method(self, *args, **kwargs) or ())
        finally:
            costs[name] += now() - started

    wrapper.__wrapped_cost__ = True
    return wrapper


def instrument(costs: dict) -> None:
    """Wrap every enabled check's check_unit/check_document with a CPU timer."""
    from qa_core import runner

    original = runner.enabled_checks

    def enabled(plugins, config):
        classes = original(plugins, config)
        for cls in classes:
            for method in ("check_unit", "check_document"):
                current = getattr(cls, method, None)
                if current is None or getattr(current, "__wrapped_cost__", False):
                    continue
                setattr(cls, method, _timed(costs, f"{cls.name}.{method}", current))
        return classes

    runner.enabled_checks = enabled


def run_once(files: list[str], per_check: bool, extra: list[str] = ()) -> tuple[float, int, dict]:
    from qa_core.cli import main

    costs: dict = defaultdict(float)
    if per_check:
        instrument(costs)
    with tempfile.TemporaryDirectory() as scratch:
        report = os.path.join(scratch, "report.json")
        started = time.process_time()
        code = main(["check", *files, *extra, "-q", "--isolated", "--fail-on", "never", "-j", "1", "-f", "json", "-o", report])
        seconds = time.process_time() - started
        import json

        with open(report, encoding="utf-8") as handle:
            data = json.load(handle)
    if code not in (0, 1):
        raise SystemExit(f"tqa check exited {code}")
    units = data["summary"]["units"]
    return seconds, units, costs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--per-check", action="store_true", help="also print each check's CPU seconds")
    parser.add_argument("--profile", metavar="NAME",
                        help="pass --checking-profile NAME to tqa check (document: every default rule)")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu",
                        help="the per-check timer: cpu (process_time, a system call) or perf (perf_counter)")
    args = parser.parse_args(argv)
    global clock
    clock = CLOCKS[args.clock]
    extra = ["--checking-profile", args.profile] if args.profile else []
    seconds, units, costs = run_once(args.files, args.per_check, extra)
    per_unit = 1000 * seconds / units if units else float("nan")
    print(f"{units} units, {seconds:.2f} s of CPU, {per_unit:.3f} ms per unit")
    if args.per_check:
        total = sum(costs.values())
        for name, cost in sorted(costs.items(), key=lambda item: -item[1]):
            if cost >= 0.005 * seconds:
                print(f"  {name:<40} {cost:7.2f} s  {100 * cost / seconds:5.1f} %")
        print(f"  {'(reading, engine, report, start-up)':<40} {seconds - total:7.2f} s  {100 * (seconds - total) / seconds:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
