"""The checks' CPU in two or more trees of tqa, A/B, interleaved, with their findings compared.

    python bench/checks_ab.py --tree OLD [--tree OTHER ...] [--rounds 5] FILE [FILE ...]
    python bench/checks_ab.py --tree OLD --select TRM,LNG --checks terminology,language FILE ...

Runs `bench/check_cost.py --per-check`'s measurement (`tqa check` of FILEs, -j 1, CPU
time by time.process_time, each check's check_unit and check_document timed) in a fresh
child process per tree and round: this tree first, then every --tree (a checkout, or a
`git archive` of a commit, with its own bench/check_cost.py), the order rotated from round
to round so that a loaded machine weighs on each alike. Module caches (the terminology
check's memo, lru_caches) start empty in every child. `--select` and `--checking-profile`
are passed to `tqa check`; the default is the default rules.

It prints, per tree: the smallest and median CPU of the whole run over the rounds, each
named check's smallest CPU (`--checks`, default: terminology, language, omission) and the
smallest of the named checks' summed CPU in one run, the
ratio of each to the first tree's, and whether every run of every tree reported the same
findings as the first tree's first run (every field of each finding, in order).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import hashlib, json, os, sys, tempfile, time
from collections import defaultdict
root, out, extra, files = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4:]
sys.path[:0] = [os.path.join(root, "bench"), root]
import check_cost
from qa_core.cli import main
costs = defaultdict(float)
check_cost.instrument(costs)
with tempfile.TemporaryDirectory() as scratch:
    report = os.path.join(scratch, "report.json")
    started = time.process_time()
    code = main(["check", *files, *extra, "-q", "--isolated", "--fail-on", "never", "-j", "1", "-f", "json",
                 "-o", report])
    seconds = time.process_time() - started
    with open(report, encoding="utf-8") as handle:
        findings = json.load(handle)["findings"]
digest = hashlib.sha256(json.dumps(findings, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
with open(out, "w", encoding="utf-8") as handle:
    json.dump({"code": code, "seconds": seconds, "costs": costs, "findings": len(findings), "digest": digest}, handle)
"""


def run(tree: Path, files: list[str], extra: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "out.json")
        done = subprocess.run([sys.executable, "-c", CHILD, str(tree), out, json.dumps(extra), *files], cwd=tree,
                              capture_output=True, text=True)
        if done.returncode != 0 or not os.path.exists(out):
            raise SystemExit(f"{tree}: the child failed\n{done.stderr[-2000:]}")
        with open(out, encoding="utf-8") as handle:
            return json.load(handle)


def _check_cost(data: dict, check: str) -> float:
    return sum(v for k, v in data["costs"].items() if k.split(".")[0] == check)


def _checks_sum(data: dict, checks: list[str]) -> float:
    """The CPU of the named checks together in one run (each run's sum; the table shows the
    smallest sum over the rounds, not the sum of each check's smallest)."""
    return sum(_check_cost(data, c) for c in checks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--tree", action="append", default=[], type=Path, help="another tree of tqa (repeatable)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--select", help="tqa check --select (default: the default rules)")
    parser.add_argument("--checking-profile", help="tqa check --checking-profile")
    parser.add_argument("--checks", default="terminology,language,omission",
                        help="the checks whose CPU to print (comma-separated names)")
    args = parser.parse_args(argv)
    trees = [ROOT, *[t.resolve() for t in args.tree]]
    files = [str(Path(f).resolve()) for f in args.files]
    extra = (["--select", args.select] if args.select else []) + (
        ["--checking-profile", args.checking_profile] if args.checking_profile else [])
    checks = [c for c in args.checks.split(",") if c]
    results: dict[int, list[dict]] = {i: [] for i in range(len(trees))}
    for r in range(args.rounds):
        order = list(range(len(trees)))
        order = order[r % len(order):] + order[:r % len(order)]
        for i in order:
            results[i].append(run(trees[i], files, extra))
        print(f"round {r + 1}: " + ", ".join(f"{trees[i].name} {results[i][-1]['seconds']:.2f} s" for i in order),
              file=sys.stderr, flush=True)
    reference = results[0][0]["digest"]
    base = results[0]
    header = f"{'tree':<28} {'run min':>8} {'median':>8}" + "".join(f" {c[:14]:>15}" for c in checks) + \
        f" {'checks sum':>11}  findings"
    print(header)
    for i, tree in enumerate(trees):
        runs = results[i]
        seconds = [x["seconds"] for x in runs]
        same = all(x["digest"] == reference for x in runs)
        row = f"{tree.name[:28]:<28} {min(seconds):8.2f} {statistics.median(seconds):8.2f}"
        for c in checks:
            row += f" {min(_check_cost(x, c) for x in runs):15.3f}"
        row += f" {min(_checks_sum(x, checks) for x in runs):11.3f}"
        print(row + f"  {runs[0]['findings']} {'same' if same else 'DIFFER'}")
        if i:
            ratio = f"{'  / first tree':<28} {min(seconds) / min(x['seconds'] for x in base):8.3f} {'':>8}"
            for c in checks:
                first = min(_check_cost(x, c) for x in base)
                ratio += f" {(min(_check_cost(x, c) for x in runs) / first if first else float('nan')):15.3f}"
            first = min(_checks_sum(x, checks) for x in base)
            ratio += f" {(min(_checks_sum(x, checks) for x in runs) / first if first else float('nan')):11.3f}"
            print(ratio)
    return 0 if all(x["digest"] == reference for runs in results.values() for x in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
