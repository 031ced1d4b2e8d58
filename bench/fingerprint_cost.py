"""What naming files by their path from the project root (qa_core/project.py) costs a
finding's fingerprint, A/B against another tree of tqa: the findings of a real run made
again, and their fingerprints computed by each tree's `qa_core.findings.fingerprint`, in a
fresh child process per tree and round (interleaved, the order turned each round), CPU
time (time.process_time), smallest of the rounds.

    python bench/fingerprint_cost.py --tree /work/wt/base-20 FILE [FILE ...] [--rounds 7]

It checks FILEs once with this tree (`tqa check --isolated -j 1`, JSON report in a
temporary file). Each child reads the findings back (without their fingerprints), then
times `fingerprint(finding)` over all of them 5 times (the smallest kept): this tree with
the run's project paths current (`project.current(root)`, as the runner does; one lookup
of the file's project path a finding, worked out once a file), the other tree as it is.
It prints the findings, each tree's microseconds a fingerprint, the difference per finding
and for the run's findings, and whether the trees' fingerprints are the same (they are
where the working folder is the root).
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

CHILD = r"""
import hashlib, json, os, sys, time
tree, path = sys.argv[1], sys.argv[2]
sys.path.insert(0, tree)
from qa_core.findings import Finding, Location, SideLocation, Span, fingerprint
from qa_core.rules import Severity
try:
    from qa_core import project
except ImportError:
    project = None

def side(data):
    if data is None:
        return None
    span = data.get("span")
    return SideLocation(data["path"], data.get("line"), data.get("column"), data.get("end_line"), data.get("end_column"),
                        Span(*span) if span else None, data.get("text"))

with open(path, encoding="utf-8") as handle:
    items = json.load(handle)["findings"]
findings = [Finding(f["rule_id"], f["rule_name"], Severity.parse(f["severity"]), f["category"], f["message"],
                    Location(f["location"]["file"], f["location"].get("unit_id"), side(f["location"].get("source")),
                             side(f["location"].get("target")))) for f in items]

def timed():
    best = None
    for _ in range(5):
        started = time.process_time()
        for finding in findings:
            fingerprint(finding)
        spent = time.process_time() - started
        best = spent if best is None or spent < best else best
    return best, hashlib.sha256("".join(fingerprint(f) for f in findings).encode()).hexdigest()

if project is not None:
    from qa_core.config import load_config
    with project.current(load_config([], isolated=True).root):
        best, digest = timed()
else:
    best, digest = timed()
print(json.dumps({"seconds": best, "count": len(findings), "digest": digest}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--tree", required=True, help="another tree of tqa (a checkout)")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    files = [os.path.abspath(f) for f in args.files]
    trees = [str(ROOT), os.path.abspath(args.tree)]
    names = [Path(t).name for t in trees]
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "r.json")
        subprocess.run([sys.executable, "-m", "qa_core", "check", "--isolated", "-j", "1", "--fail-on", "never", "-q",
                        "-f", "json", "-o", out, *files], cwd=ROOT, check=True)
        seconds: dict[str, list[float]] = {t: [] for t in trees}
        digests: dict[str, set[str]] = {t: set() for t in trees}
        count = 0
        for number in range(args.rounds):
            for tree in trees if number % 2 == 0 else trees[::-1]:
                done = subprocess.run([sys.executable, "-c", CHILD, tree, out], cwd=ROOT, check=True, capture_output=True,
                                      text=True, env=dict(os.environ, PYTHONPATH=tree))
                result = json.loads(done.stdout)
                seconds[tree].append(result["seconds"])
                digests[tree].add(result["digest"])
                count = result["count"]
    mine, other = (min(seconds[t]) / count * 1e6 for t in trees)
    print(f"{count:,} findings of {len(files)} file(s), {args.rounds} rounds, the working folder {ROOT}")
    for name, tree in zip(names, trees):
        print(f"{name:<12} {min(seconds[tree]) / count * 1e6:6.3f} us a fingerprint (smallest)   "
              f"{sorted(seconds[tree])[len(seconds[tree]) // 2] / count * 1e6:6.3f} (median)")
    print(f"difference: {mine - other:+.3f} us a finding, {(min(seconds[trees[0]]) - min(seconds[trees[1]])) * 1000:+.2f} ms "
          f"for the run's findings; the same fingerprints: {digests[trees[0]] == digests[trees[1]] and len(digests[trees[0]]) == 1}")


if __name__ == "__main__":
    main()
