"""What the parent of a split run holds more of as it reads: `tqa check -j 2 FILE` in
this process (the parent, share 0, reads every unit of a large file; a worker shares the
per-unit checks), stopped at the parent's unit counts given (`--at 60000,180000,295000`)
to count, without tracemalloc (the run keeps its speed):

- RSS and pymalloc's blocks in use;
- the gc-tracked objects by type (count, and bytes as `sys.getsizeof` says), and the
  strings, bytes and numbers they refer to directly;
- the compressed findings the spools keep in memory, and the findings held as objects;
- the length of each check's sized attributes (lists, arrays, dicts) and of the stores.

Between two counts it prints the growth per unit read (bytes a unit) of each, largest
first: what grows with the units and what is a bounded cache still filling. With
`--malloc-stats`, pymalloc's arenas at the last count (how much of RSS Python's small
objects hold; the rest is large blocks: arrays, set tables, numpy, lxml).

    python bench/memory_parent.py c-300000-12.xlf --at 60000,120000,180000,240000,295000
    python bench/memory_parent.py c-300000.po --at 100000,290000 -- --select NUM

The report goes to /dev/null; arguments after `--` go to `tqa check` (`-j 2` is given first).
"""

from __future__ import annotations

import argparse
import collections
import gc
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _probe import memory_status as _status, split_passthrough  # noqa: E402


class Probe:
    def __init__(self, marks: list[int], malloc_stats: bool) -> None:
        from qa_core import findings_store

        self.marks = marks
        self.malloc_stats = malloc_stats
        self.taken: dict[int, dict] = {}
        self.spools: list = []
        self.store = findings_store
        original = findings_store.Spool.__init__
        spools = self.spools

        def spool_init(spool, *args, **kwargs):
            original(spool, *args, **kwargs)
            spools.append(spool)

        findings_store.Spool.__init__ = spool_init

    def take(self, count: int) -> None:
        from qa_core.check import Check

        gc.collect()
        objects = gc.get_objects()
        counts, sizes = collections.Counter(), collections.Counter()
        for obj in objects:
            name = type(obj).__qualname__
            counts[name] += 1
            try:
                sizes[name] += sys.getsizeof(obj)
            except TypeError:
                pass
        seen: set[int] = set()
        for obj in objects:  # the leaves the containers hold directly (not gc-tracked)
            for leaf in gc.get_referents(obj):
                if type(leaf) in (str, bytes, int, float) and id(leaf) not in seen:
                    seen.add(id(leaf))
                    name = f"(leaf) {type(leaf).__name__}"
                    counts[name] += 1
                    sizes[name] += sys.getsizeof(leaf)
        lengths: dict[str, int] = {}
        for obj in objects:
            if isinstance(obj, Check):
                for name, value in vars(obj).items():
                    try:
                        lengths[f"{type(obj).__name__}.{name}"] = len(value)
                    except TypeError:
                        pass
            elif isinstance(obj, self.store.FindingStore):
                lengths[f"a FindingStore ({id(obj):x})"] = len(obj)
        del objects
        status = _status()
        held = sum(spool.held for spool in self.spools)
        taken = self.taken[count] = {"counts": counts, "sizes": sizes, "lengths": lengths, "rss": status["VmRSS"],
                                     "blocks": sys.getallocatedblocks(), "held": held}
        print(f"at {count:,} units: RSS {status['VmRSS']:.1f} MiB (peak {status['VmHWM']:.1f}), pymalloc blocks "
              f"{taken['blocks']:,}, spools hold {held / 2**20:.2f} MiB of compressed findings, "
              f"{self.store.FindingStore.loose:,} findings as objects", flush=True)
        if len(self.taken) > 1:
            self.compare(self.marks[self.marks.index(count) - 1], count)
        if count == self.marks[-1] and self.malloc_stats:
            sys._debugmallocstats()

    def compare(self, first: int, last: int) -> None:
        a, b = self.taken[first], self.taken[last]
        units = last - first
        print(f"  {first:,} -> {last:,}: RSS {(b['rss'] - a['rss']) * 2**20 / units:+.1f} bytes a unit; spools "
              f"{(b['held'] - a['held']) / units:+.1f}; blocks {(b['blocks'] - a['blocks']) / units:+.2f} a unit")
        names = set(a["sizes"]) | set(b["sizes"])
        for name in sorted(names, key=lambda n: -(b["sizes"][n] - a["sizes"][n]))[:10]:
            grown = b["sizes"][name] - a["sizes"][name]
            if grown > 0:
                print(f"    {name:32s} {grown / units:+7.1f} bytes a unit ({b['counts'][name] - a['counts'][name]:+,} objects)")
        keys = set(a["lengths"]) | set(b["lengths"])
        for key in sorted(keys, key=lambda k: -(b["lengths"].get(k, 0) - a["lengths"].get(k, 0)))[:6]:
            if b["lengths"].get(key, 0) != a["lengths"].get(key, 0):
                print(f"    len {key}: {a['lengths'].get(key, 0):,} -> {b['lengths'].get(key, 0):,}")
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    argv, extra = split_passthrough(argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--at", default="60000,180000,295000", help="the parent's unit counts to count at")
    parser.add_argument("--malloc-stats", action="store_true", help="pymalloc's arenas at the last count")
    args = parser.parse_args(argv)
    marks = sorted(int(x) for x in args.at.split(","))
    probe = Probe(marks, args.malloc_stats)
    from qa_core import runner

    check_document = runner.check_document

    def probed(document, *rest, **kwargs):
        share = rest[4] if len(rest) > 4 else kwargs.get("share")
        if share is None or share.index != 0:
            return check_document(document, *rest, **kwargs)
        units = document.units

        def counted():
            for count, unit in enumerate(units(), 1):
                if count in marks:
                    probe.take(count)
                yield unit

        object.__setattr__(document, "units", counted)
        return check_document(document, *rest, **kwargs)

    runner.check_document = probed
    from qa_core.cli import main as tqa

    print(f"file: {args.file}; tqa args: -j 2 {' '.join(extra)}", flush=True)
    code = tqa(["check", str(args.file), "--quiet", "--isolated", "--fail-on", "never", "-f", "json", "-o", "/dev/null",
                "-j", "2", *extra])
    if len(probe.taken) > 2:
        probe.compare(marks[0], max(probe.taken))
    print(f"exit code {code}; counted at {', '.join(f'{m:,}' for m in probe.taken)} units")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
