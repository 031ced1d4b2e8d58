"""The fuzzing suite's long run: the targets of tests/fuzz/harness.py fed random
mutations of every seed (the project's and, when present, ../shared/data's) for as
long as you say, each input under a hang guard; crashes, multi-line errors and hangs
are written to a folder as reproducible inputs (add each to tests/fuzz/regressions
with a case in tests/test_hardening.py).

    .venv/bin/python -m tests.fuzz.long_run --minutes 30 --out /tmp/tqa-fuzz
    .venv/bin/python -m tests.fuzz.long_run --inputs 20000 --seed 7

It prints the number of inputs run per target and every finding.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.fuzz import harness


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="stop after this long (default 5)")
    parser.add_argument("--inputs", type=int, default=0, help="stop after this many inputs (default: no limit)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    parser.add_argument("--hang", type=float, default=20.0, help="seconds one input may take before it counts as a hang")
    parser.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "tqa-fuzz"), help="where failing inputs go")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    seeds = harness.project_seeds() + harness.shared_seeds(per_kind=40)
    report = ("report.json", harness.report_seed())
    config = ("pyproject.toml", b'[tool.tqa]\nselect = ["ALL"]\nfail-on = "major"\n[tool.tqa.terminology]\nglossary = []\n')
    pool = [(p.name, p.read_bytes()) for p in seeds] + [report] * 20 + [config] * 20
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    counts: Counter = Counter()
    found: Counter = Counter()
    signal.signal(signal.SIGALRM, _alarm)
    stop = time.monotonic() + args.minutes * 60
    print(f"fuzz: seed {seed}, {len(seeds)} seed files, failing inputs go to {out}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        while time.monotonic() < stop and (not args.inputs or sum(counts.values()) < args.inputs):
            name, raw = rng.choice(pool)
            operations = [(rng.randrange(7), rng.randrange(1 << 20), rng.randrange(4096), rng.randrange(256)) for _ in range(rng.randint(1, 8))]
            suffix = Path(name).suffix.lower()
            data = harness.mutate_docx(raw, operations) if suffix == ".docx" else harness.mutate(raw, operations)
            target_name = name if name in ("report.json", "pyproject.toml") else "input" + suffix
            kind = harness.kind_of(target_name)
            counts[kind] += 1
            problem = None
            signal.setitimer(signal.ITIMER_REAL, args.hang)
            try:
                harness.feed(data, target_name, folder)
            except harness.Crash as crash:
                problem = str(crash).splitlines()[0]
            except Hang:
                problem = f"{target_name}: hang (over {args.hang:g} s)"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if problem:
                digest = hashlib.sha1(data).hexdigest()[:12]
                saved = out / f"{digest}{suffix}"
                saved.write_bytes(data)
                klass = problem.split(":")[1].strip() if ":" in problem else problem
                found[klass] += 1
                print(f"fuzz: {problem} -> {saved}", flush=True)
    total = sum(counts.values())
    print(f"fuzz: {total} inputs ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}); "
          f"{sum(found.values())} failing ({', '.join(f'{k} x{v}' for k, v in found.most_common()) or 'none'})")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
