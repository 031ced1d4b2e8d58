"""CPU of `qa_core.findings_store.SeenHashes`, the deduplication's memory of the findings
let through, as `Deduper.keep` uses it: for each finding two 64-bit hashes looked up, then
added. `SeenHashes` holds the latest hashes in a set and moves them into one sorted numpy
array each time the set fills: this times that, at the sizes of a large run (~236k
findings, ~472k hashes, at 1M XLIFF 1.2 units) and past them.

    python bench/seen_hashes.py                          # 250k, 500k and 1M findings
    python bench/seen_hashes.py --findings 500000 --repeat 5
    PYTHONPATH=/work/main python bench/seen_hashes.py    # another tree's SeenHashes

Prints, for each size, the smallest CPU seconds (`time.process_time`) of `--repeat`
runs, over all adds and lookups and over the moves into the array alone, and the hashes
held (the same in every tree: the hashes are drawn from a seeded generator).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

if not any(Path(p or ".").resolve().joinpath("qa_core").is_dir() for p in sys.path[1:]):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qa_core import findings_store  # noqa: E402
from qa_core.findings_store import SeenHashes  # noqa: E402


def one_run(findings: int, seed: int) -> tuple[float, float, int]:
    rng = random.Random(seed)
    draw = rng.getrandbits
    seen = SeenHashes()
    moving = 0.0
    add = type(seen).add
    started = time.process_time()
    for _ in range(findings):
        span, said = draw(64) - (1 << 63), draw(64) - (1 << 63)
        if span in seen or said in seen:
            continue
        for value in (span, said):
            if len(seen.recent) + 1 >= seen.RECENT:  # this add moves the set into the array
                before = time.process_time()
                add(seen, value)
                moving += time.process_time() - before
            else:
                add(seen, value)
    return time.process_time() - started, moving, len(seen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--findings", default="250000,500000,1000000", help="findings per run, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    print(f"SeenHashes from {Path(findings_store.__file__).resolve().parents[1]}")
    print(f"{'findings':>10} {'hashes':>10} {'all s':>8} {'moves s':>8}")
    for findings in (int(n) for n in args.findings.split(",")):
        runs = [one_run(findings, args.seed) for _ in range(args.repeat)]
        total = min(r[0] for r in runs)
        moving = min(r[1] for r in runs)
        print(f"{findings:>10} {runs[0][2]:>10} {total:>8.3f} {moving:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
