"""The numbers check's CPU, split: `extract()`, `compare()` and the rest of `check_unit`.

    python bench/numbers_cost.py FILE [FILE ...]            # tqa check --select NUM -j 1
    python bench/numbers_cost.py --all FILE [FILE ...]      # every default rule

It runs `tqa check` in this process as `bench/check_cost.py` does (CPU by
time.process_time) and puts a CPU timer around the numbers plugin's calls of `extract`
and `compare`: it prints the units, the run's CPU seconds, numbers.check_unit's, and
how much of it went to extraction, to comparison and to the rest (the unit's early
exits, the filters of the issues, the findings). The timers add four clock reads per
unit, counted in "rest". With `--all` another check may extract a text first (the memo
is shared), so extraction moves between checks; `--select NUM` shows the check alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--all", action="store_true", help="every default rule, not only NUM")
    args = parser.parse_args(argv)

    import check_cost
    import tqa_plugins.numbers as numbers

    spent: dict = defaultdict(float)

    def timed(name, function):
        def wrapper(*a, **k):
            started = time.process_time()
            try:
                return function(*a, **k)
            finally:
                spent[name] += time.process_time() - started

        return wrapper

    numbers.extract = timed("extract", numbers.extract)
    numbers.compare = timed("compare", numbers.compare)
    seconds, units, costs = check_cost.run_once(args.files, True, [] if args.all else ["--select", "NUM"])
    total = costs.get("numbers.check_unit", 0.0)
    rest = total - spent["extract"] - spent["compare"]
    print(f"{units} units, {seconds:.2f} s of CPU; numbers.check_unit {total:.3f} s: extract {spent['extract']:.3f} s, "
          f"compare {spent['compare']:.3f} s, the rest {rest:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
