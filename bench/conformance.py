"""Do tqa's readers open the real files of ../shared/data? Counts per collection.

    python bench/conformance.py            # $TQA_SHARED_DATA or ../shared/data
    python bench/conformance.py --list     # also name every refused file and why

For each collection: files tried, loaded, loaded with input warnings (TQA002),
refused with a one-line error (InputError: what `tqa check` prints with exit 2),
and anything else (a crash: there should be none); units read. The OASIS XLIFF 2
files of valid/ folders are also written back with `tqa convert`'s writer and read
again, and the units compared (ids, segment texts, inline codes, notes).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from _shared import require

from qa_core.errors import InputError
from qa_core.formats import ReadOptions
from qa_core.manager import load_plugins
from qa_core.runner import open_document
from qa_core.writers.xliff import write_xliff

EXTENSIONS = (".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".po", ".pot", ".tmx")


@dataclass
class Tally:
    name: str
    files: int = 0
    loaded: int = 0
    warned: int = 0
    units: int = 0
    refused: list[str] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)
    round_trips: int = 0
    round_trip_failures: list[str] = field(default_factory=list)


def _signature(units) -> list:
    """What must survive a round trip: ids, names, flags, notes, segments with their
    texts, inline codes, states."""
    def content(c):
        return None if c is None else (c.text, tuple((x.kind, x.id, x.pos, x.data, x.attrs) for x in c.codes))

    return [
        (u.id, u.name, u.translate, u.groups, u.notes,
         tuple((content(s.source), content(s.target), s.id, s.state, s.sub_state, s.ignorable) for s in u.segments))
        for u in units
    ]


def read(tally: Tally, path: Path, plugins, root: Path, scratch: Path | None = None) -> None:
    tally.files += 1
    name = str(path.relative_to(root))
    try:
        document = open_document(str(path), plugins, ReadOptions())
        units = list(document.units())
    except InputError as error:
        tally.refused.append(f"{name}: {error.message}")
        return
    except Exception as error:  # noqa: BLE001 - counted: a crash is what this measures
        tally.crashed.append(f"{name}: {type(error).__name__}: {error}")
        return
    tally.loaded += 1
    tally.warned += bool(document.warnings)
    tally.units += len(units)
    if scratch is None:
        return
    out = scratch / f"{tally.files}.xlf"
    try:
        write_xliff(document, str(out), version="2.2" if "xliff-22" in path.parts else "2.1")
        again = list(open_document(str(out), plugins, ReadOptions()).units())
    except Exception as error:  # noqa: BLE001
        tally.round_trip_failures.append(f"{name}: {type(error).__name__}: {error}")
        return
    if _signature(again) == _signature(units):
        tally.round_trips += 1
    else:
        tally.round_trip_failures.append(f"{name}: units differ after writing and reading again")


def collections(data: Path) -> list[tuple[str, list[Path], bool]]:
    oasis = data / "xliff2-oasis-testsuite"
    okapi = data / "okapi-testdata"
    out = [
        ("OASIS XLIFF 2 valid/", sorted(oasis.glob("*/test-suite/*/valid/*.xlf")), True),
        ("OASIS XLIFF 2 invalid/", sorted(oasis.glob("*/test-suite/*/invalid/*.xlf")), False),
        ("Okapi XLIFF 1.x", sorted(p for p in okapi.rglob("*") if p.suffix in (".xlf", ".xliff", ".sdlxliff", ".mqxliff")), False),
        ("Okapi PO", sorted(okapi.rglob("*.po")) + sorted(okapi.rglob("*.pot")), False),
        ("Okapi TMX", sorted(okapi.rglob("*.tmx")), False),
        ("Symfony XLIFF 1.2", sorted((data / "symfony-xliff12").rglob("*.xlf")), False),
        ("Loop iOS XLIFF", sorted((data / "loop-ios-xliff-vi").rglob("*.xliff")), False),
        ("vi PO samples", sorted(p for p in (data / "po-vi-samples").rglob("*") if p.suffix in (".po", ".pot")), False),
    ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="name every refused file and why")
    args = parser.parse_args(argv)
    data = require("xliff2-oasis-testsuite").parent
    plugins = load_plugins(entry_points=False)
    started = time.perf_counter()
    header = f"{'collection':<24} {'files':>6} {'loaded':>7} {'warned':>7} {'refused':>8} {'crashed':>8} {'units':>8} {'round trip':>11}"
    print(header)
    print("-" * len(header))
    crashes = 0
    tallies = []
    for name, paths, round_trip in collections(data):
        tally = Tally(name)
        with tempfile.TemporaryDirectory() as scratch:
            for path in paths:
                read(tally, path, plugins, data, Path(scratch) if round_trip else None)
        tallies.append(tally)
        crashes += len(tally.crashed) + len(tally.round_trip_failures)
        trip = f"{tally.round_trips}/{tally.loaded}" if round_trip else "-"
        print(f"{name:<24} {tally.files:>6} {tally.loaded:>7} {tally.warned:>7} {len(tally.refused):>8} "
              f"{len(tally.crashed):>8} {tally.units:>8} {trip:>11}")
    print(f"({time.perf_counter() - started:.1f} s)")
    for tally in tallies:
        shown = tally.crashed + tally.round_trip_failures + (tally.refused if args.list else [])
        if shown:
            print(f"\n{tally.name}:")
            for line in shown:
                print(f"  {line}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
