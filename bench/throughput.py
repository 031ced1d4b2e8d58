"""Throughput benchmark: `tqa check` against translate-toolkit's `pofilter`.

Builds (deterministically, from a seed) an XLIFF 2.1 and a PO corpus of 10k, 100k
and 1M units of English→Vietnamese text with placeholders, numbers and a few
defects, or takes the files given on the command line; runs `tqa check` on each in
a child process and, when `pofilter` is installed, `pofilter` on the same file in
the same run; prints units per second, wall time and peak RSS of each child, and
the ratios.

    python bench/throughput.py                      # 10k, 100k, 1M; XLIFF and PO
    python bench/throughput.py --sizes 10k,100k     # skip the 1M size
    python bench/throughput.py --no-pofilter big.xlf other.po
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import keep_bytecode_caches  # noqa: E402

HERE = Path(__file__).resolve().parent

SUBJECTS = [
    ("Vietnam and the United States", "Việt Nam và Hoa Kỳ"),
    ("the two leaders", "hai nhà lãnh đạo"),
    ("the Comprehensive Strategic Partnership", "quan hệ Đối tác Chiến lược Toàn diện"),
    ("the Peace Corps program", "chương trình Hòa bình"),
    ("the Fulbright Program in Vietnam", "Chương trình Fulbright tại Việt Nam"),
    ("the semiconductor workforce initiative", "sáng kiến phát triển nhân lực bán dẫn"),
]
VERBS = [
    ("welcomed", "hoan nghênh"),
    ("reaffirmed", "tái khẳng định"),
    ("agreed to expand", "nhất trí mở rộng"),
    ("committed to support", "cam kết hỗ trợ"),
]
OBJECTS = [
    ("cooperation in education", "hợp tác giáo dục"),
    ("an initial grant of US${n} million", "khoản tài trợ ban đầu {n} triệu USD"),
    ("{n} scholarships for students", "{n} suất học bổng cho sinh viên"),
    ("the {n}th anniversary of relations", "kỷ niệm {n} năm quan hệ"),
    ("clean energy projects worth ${n} billion", "các dự án năng lượng sạch trị giá {n} tỷ USD"),
]
PLACEHOLDERS = ["{0}", "%s", "%(name)s", "%1$@", "{{ count }}"]


def sentence(rng: random.Random, number: int) -> tuple[str, str]:
    subject = rng.choice(SUBJECTS)
    verb = rng.choice(VERBS)
    thing = rng.choice(OBJECTS)
    n = rng.randint(2, 999)
    source = f"{subject[0].capitalize()} {verb[0]} {thing[0].format(n=n)}"
    target = f"{subject[1][0].upper()}{subject[1][1:]} {verb[1]} {thing[1].format(n=n)}"
    if rng.random() < 0.4:
        ph = rng.choice(PLACEHOLDERS)
        source += f" ({ph})"
        target += f" ({ph})"
    source += "."
    target += "."
    defect = rng.random()
    if defect < 0.02:
        target = target.replace(str(n), str(n + 1), 1)  # a number changed
    elif defect < 0.04:
        for ph in PLACEHOLDERS:
            target = target.replace(ph, "")  # a placeholder lost
    elif defect < 0.05:
        target = target.replace("USD", "VND")  # a currency slip
    elif defect < 0.07:
        target = ""  # untranslated
    elif defect < 0.08:
        target = target + "  "  # trailing spaces
    return source, target


def build_xliff(path: Path, units: int, seed: int) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="vi">\n')
        out.write('<file id="f1" original="joint-statement.txt">\n')
        for number in range(1, units + 1):
            source, target = sentence(rng, number)
            state = "translated" if target else "initial"
            out.write(f'<unit id="u{number}"><segment state="{state}">\n<source>{escape(source)}</source>\n')
            if target:
                out.write(f"<target>{escape(target)}</target>\n")
            out.write("</segment></unit>\n")
        out.write("</file>\n</xliff>\n")


def build_xliff12(path: Path, units: int, seed: int) -> None:
    """The same corpus as XLIFF 1.2: pofilter reads XLIFF 1.2 only."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">\n')
        out.write(
            '<file original="joint-statement.txt" source-language="en" target-language="vi" datatype="plaintext"><body>\n'
        )
        for number in range(1, units + 1):
            source, target = sentence(rng, number)
            out.write(f'<trans-unit id="u{number}">\n<source>{escape(source)}</source>\n')
            if target:
                out.write(f'<target state="translated">{escape(target)}</target>\n')
            out.write("</trans-unit>\n")
        out.write("</body></file>\n</xliff>\n")


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def build_po(path: Path, units: int, seed: int) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        )
        for number in range(1, units + 1):
            source, target = sentence(rng, number)
            out.write(f"#: statement.c:{number}\n")
            if "%" in source:
                out.write("#, c-format\n")
            out.write(f'msgctxt "p{number}"\nmsgid {_po_string(source)}\nmsgstr {_po_string(target)}\n\n')


@dataclass
class Measure:
    tool: str
    path: Path
    units: int
    seconds: float
    peak_kib: int
    exit_code: int

    @property
    def rate(self) -> float:
        return self.units / self.seconds if self.seconds else 0.0


def run_child(command: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS (KiB) and exit code of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.returncode not in (0, 1):
        print(f"  ! {' '.join(command[:2])} exited {process.returncode}: {error.strip()[:300]}", file=sys.stderr)
    return seconds, usage.ru_maxrss, process.returncode


def count_units(path: Path) -> int:
    """Units as tqa counts them, for files given on the command line."""
    from qa_core.formats import ReadOptions
    from qa_core.manager import load_plugins
    from qa_core.runner import open_document

    document = open_document(str(path), load_plugins(entry_points=False), ReadOptions())
    return sum(1 for _ in document.units())


#: the `--select` value that times tqa with `--checking-profile document`: a PO file's default
#: run is the software profile, which leaves out the rules of low precision on software strings
PROFILE_DOCUMENT = "profile=document"


def measure(path: Path, units: int, pofilter: str | None, scratch: Path, selections=(None,)) -> list[Measure]:
    out = []
    for select in selections:
        if select == PROFILE_DOCUMENT:  # every default rule, whatever the file is (as before profiles)
            command = _tqa_command(path, scratch) + ["--checking-profile", "document"]
        else:
            command = _tqa_command(path, scratch) + (["--select", select] if select else [])
        seconds, peak, code = run_child(command)
        out.append(Measure(f"tqa:{select}" if select else "tqa", path, units, seconds, peak, code))
    if pofilter:
        result = scratch / ("pofilter-out" + path.suffix)
        seconds, peak, code = run_child([pofilter, "--progress=none", str(path), str(result)])
        out.append(Measure("pofilter", path, units, seconds, peak, code))
    return out


def _tqa_command(path: Path, scratch: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "qa_core",
        "check",
        str(path),
        "--quiet",
        "--isolated",
        "--fail-on",
        "never",
        "--format",
        "json",
        "--output",
        str(scratch / "report.json"),
    ]


BUILDERS = {
    "xliff": (build_xliff, "corpus-{size}.xlf"),
    "xliff12": (build_xliff12, "corpus-{size}-12.xlf"),
    "po": (build_po, "corpus-{size}.po"),
}


def _xliff2(path: Path) -> bool:
    with open(path, "rb") as handle:
        return b"urn:oasis:names:tc:xliff:document:2" in handle.read(4096)


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = 1
    if text.endswith("k"):
        factor, text = 1000, text[:-1]
    elif text.endswith("m"):
        factor, text = 1_000_000, text[:-1]
    return int(float(text) * factor)


def main(argv: list[str] | None = None) -> int:
    keep_bytecode_caches()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="measure these files instead of generated corpora")
    parser.add_argument("--sizes", default="10k,100k,1M", help="corpus sizes in units (default: 10k,100k,1M)")
    parser.add_argument("--skip-1m", action="store_true", help="leave out sizes of a million units or more")
    parser.add_argument(
        "--formats",
        default="xliff,xliff12,po",
        help="corpora to build: xliff (2.1), xliff12 (1.2), po (default: all three; pofilter reads only 1.2 and PO)",
    )
    parser.add_argument("--seed", type=int, default=20230910)
    parser.add_argument(
        "--work", type=Path, default=HERE / "out", help="folder for corpora and outputs (default: bench/out)"
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="also time tqa with `--select RULES` (repeatable; 'default' is the default rules; "
        "e.g. --select default --select BAS --select TQA for all checks, the basic ones, reading alone; "
        f"'{PROFILE_DOCUMENT}': the default rules with --checking-profile document, every default rule on a PO file too)",
    )
    parser.add_argument("--no-pofilter", action="store_true", help="do not run pofilter even when installed")
    parser.add_argument(
        "--pofilter-max", type=parse_size, default=None, help="run pofilter only on corpora up to this size"
    )
    args = parser.parse_args(argv)

    args.work.mkdir(parents=True, exist_ok=True)
    pofilter = None if args.no_pofilter else shutil.which("pofilter") or _beside_python("pofilter")
    jobs: list[tuple[Path, int]] = []
    if args.files:
        for path in args.files:
            jobs.append((path, count_units(path)))
    else:
        sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
        if args.skip_1m:
            sizes = [s for s in sizes if s < 1_000_000]
        for size in sizes:
            for kind in args.formats.split(","):
                kind = kind.strip()
                builder, name = BUILDERS[kind]
                path = args.work / name.format(size=size)
                if not path.exists():
                    print(f"building {path.name} ...", file=sys.stderr)
                    builder(path, size, args.seed)
                jobs.append((path, size))

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; pofilter: {pofilter or 'not installed'}")
    header = f"{'file':<24} {'units':>9} {'tool':<9} {'seconds':>9} {'units/s':>10} {'peak RSS MiB':>13}"
    print(header)
    print("-" * len(header))
    for path, units in jobs:
        use_pofilter = pofilter if args.pofilter_max is None or units <= args.pofilter_max else None
        if use_pofilter and _xliff2(path):
            use_pofilter = None  # pofilter reads XLIFF 1.2 only (it writes an empty file for 2.x)
        selections = [None if s == "default" else s for s in (args.select or ["default"])]
        results = measure(path, units, use_pofilter, args.work, selections)
        for m in results:
            print(
                f"{path.name:<24} {units:>9} {m.tool:<9} {m.seconds:>9.2f} {m.rate:>10.0f} {m.peak_kib / 1024:>13.1f}"
            )
        theirs = results[-1] if results[-1].tool == "pofilter" else None
        for ours in results if theirs else ():
            if ours is theirs:
                continue
            speed = ours.rate / theirs.rate if theirs.rate else float("inf")
            memory = ours.peak_kib / theirs.peak_kib if theirs.peak_kib else float("nan")
            print(f"{'':<24} {'':>9} {'ratio':<9} {ours.tool} is {speed:.1f}x as fast as pofilter, "
                  f"with {memory:.2f}x its peak memory")
        sys.stdout.flush()
    return 0


def _beside_python(name: str) -> str | None:
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else None


if __name__ == "__main__":
    sys.exit(main())
