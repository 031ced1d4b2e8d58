"""Hostile inputs: how long tqa takes to refuse (or finish) each, and its peak memory.

Each input is generated here (nothing fetched), then run in a fresh process that imports
tqa first and times only `main(...)` (interpreter start-up and imports are not the
input's cost); the peak resident memory of that process is read from the kernel.
Prints one row per input: seconds (wall clock), CPU seconds, peak MiB, exit code and
tqa's message. On a loaded machine the CPU time is the figure to compare.

    .venv/bin/python bench/hostile.py            # the default sizes
    .venv/bin/python bench/hostile.py --big      # also a 1 GB single-line PO unit
    .venv/bin/python bench/hostile.py --only ph  # only the rows whose name has "ph"

Figures taken on a shared, loaded machine are inflated; the ratios and the memory are
what to compare. docs/security.md has the table.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUNNER = r"""
import json, resource, sys, time, io, contextlib
from qa_core.cli import main
import qa_core.commands, qa_core.runner, qa_core.glossaries  # imports are not the input's cost
from qa_core.manager import load_plugins
load_plugins()  # every plugin module imported once, as in a warm process
err = io.StringIO()
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
start, start_cpu = time.perf_counter(), cpu()
with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
elapsed, elapsed_cpu = time.perf_counter() - start, cpu() - start_cpu
print(json.dumps({"seconds": elapsed, "cpu": elapsed_cpu, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "code": code, "message": (err.getvalue().strip().splitlines() or [""])[-1][:150]}))
"""

XLIFF = '<?xml version="1.0"?>\n{doctype}<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de"><file id="f"><unit id="u"><segment><source>{source}</source><target>{target}</target></segment></unit></file></xliff>\n'


def _po(path: Path, source: str, target: str) -> None:
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' f'msgid "{source}"\nmsgstr "{target}"\n', encoding="utf-8")


def build(folder: Path, big: bool) -> list[tuple[str, list[str]]]:
    cases = []
    # a .docx whose document.xml inflates to 1.5 GiB
    bomb = folder / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 24)
            for _ in range(96):
                member.write(chunk)
    cases.append(("zip bomb .docx (3.5 MB -> 1.5 GiB)", ["check", "--target-only", str(bomb), "--target-lang", "en"]))
    # billion laughs and an external entity, also with ']>' hidden in a comment
    laughs = folder / "laughs.xlf"
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    laughs.write_text(XLIFF.format(doctype=f"<!DOCTYPE xliff [{entities}]>\n", source="&l9;", target="&l9;"), encoding="utf-8")
    cases.append(("billion laughs XLIFF", ["check", str(laughs)]))
    xxe = folder / "xxe-comment.tmx"
    xxe.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!-- ]> --><!ENTITY x SYSTEM "file:///etc/passwd">]>\n<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>\n', encoding="utf-8")
    cases.append(("external entity, ']>' in a comment (TMX)", ["check", str(xxe)]))
    utf7 = folder / "utf7.tbx"
    utf7.write_bytes('<?xml version="1.0" encoding="UTF-7"?>\n<!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<martif type="TBX"><text><body/></text></martif>\n'.encode("utf-7"))
    cases.append(("external entity in a UTF-7 TBX", ["glossary", str(utf7)]))
    # a TBX whose DOCTYPE internal subset never closes (4 MB)
    tbx = folder / "open-doctype.tbx"
    tbx.write_text('<?xml version="1.0"?>\n<!DOCTYPE martif [\n' + "<!-- x -->\n" * 400_000, encoding="utf-8")
    cases.append(("TBX DOCTYPE never closed (4.4 MB)", ["glossary", str(tbx)]))
    # a file over input_bytes (sparse: it takes no disk space)
    huge = folder / "huge.po"
    with open(huge, "wb") as out:
        out.truncate(600 << 20)
    cases.append(("PO file of 600 MiB (sparse), over input_bytes", ["check", str(huge)]))
    # quadratic paths made linear
    numbers = folder / "numbers.po"
    _po(numbers, "Total", "1,000.50 " * 8000)
    cases.append(("PO unit with '1,000.50 ' x 8,000 (72 KB)", ["check", str(numbers)]))
    printf = folder / "printf.po"
    _po(printf, "%s " * 10_000, "%d " * 10_000)
    cases.append(("PO unit with 10,000 %s -> %d", ["check", str(printf)]))
    distinct = folder / "distinct.po"
    _po(distinct, "Total", " ".join(str(n) for n in range(1000, 11000)))
    cases.append(("PO unit with 10,000 distinct numbers (51 KB), -f json", ["check", str(distinct), "-f", "json", "-o", str(folder / "distinct.json"), "--fail-on", "never"]))
    cases.append(("tqa report of the distinct numbers JSON (10,000 findings), -f html", ["report", str(folder / "distinct.json"), "-f", "html", "-o", str(folder / "distinct.html")]))
    ph = folder / "ph.xlf"
    codes = "".join(f'<ph id="p{n}"/>' for n in range(1_000_000))
    ph.write_text(XLIFF.format(doctype="", source="a" + codes, target="b" + codes), encoding="utf-8")
    cases.append(("XLIFF 2 unit with 1M <ph/> a side (37 MB)", ["check", str(ph)]))
    size = (1 << 30) if big else (100 << 20)
    line = folder / "line.po"
    with open(line, "w", encoding="utf-8") as out:
        out.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "x"\nmsgstr "')
        chunk = "word " * (1 << 18)
        for _ in range(size // len(chunk)):
            out.write(chunk)
        out.write('"\n')
    cases.append((f"single-line PO unit of {size >> 20} MB, --select TQA", ["check", str(line), "--select", "TQA"]))
    msgid = folder / "msgid.po"
    with open(msgid, "w", encoding="utf-8") as out:
        out.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "')
        chunk = "wörd " * (1 << 18)
        for _ in range((100 << 20) // len(chunk.encode("utf-8"))):
            out.write(chunk)
        out.write('"\nmsgstr "x"\n\nmsgid "after"\nmsgstr "danach"\n')
    cases.append(("PO unit whose msgid is one line of 100 MB (non-ASCII)", ["check", str(msgid)]))
    text = folder / "line.txt"
    with open(text, "w", encoding="utf-8") as out:
        chunk = "word " * (1 << 18)
        for _ in range((100 << 20) // len(chunk)):
            out.write(chunk)
        out.write("\n")
    cases.append(("single-line .txt of 100 MB, --target-only", ["check", "--target-only", str(text), "--target-lang", "en"]))
    source, target = folder / "src.txt", folder / "tgt.txt"
    source.write_text("".join(f"Paragraph {n} says the value is {n % 997} units.\n\n" for n in range(100_000)), encoding="utf-8")
    target.write_text("".join(f"Đoạn {n} nói giá trị là {n % 997} đơn vị.\n\n" for n in range(100_000)), encoding="utf-8")
    cases.append(("--source/--target of 100,000 paragraphs a side", ["check", "--source", str(source), "--target", str(target),
                                                                     "--source-lang", "en", "--target-lang", "vi"]))
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", action="store_true", help="a 1 GB single-line PO unit instead of 100 MB")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--refusals", action="store_true", help="only the inputs tqa refuses (the first six)")
    parser.add_argument("--only", metavar="TEXT", help="only the inputs whose name contains TEXT")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        cases = build(Path(folder), args.big)
        chosen = cases[:6] if args.refusals else cases
        if args.only:
            chosen = [(name, argv) for name, argv in chosen if args.only.lower() in name.lower()]
        for name, argv in chosen:
            result = subprocess.run([sys.executable, "-c", RUNNER, *argv], capture_output=True, text=True, cwd=ROOT, timeout=1800)
            try:
                row = json.loads(result.stdout.strip().splitlines()[-1])
            except (IndexError, json.JSONDecodeError):
                row = {"seconds": float("nan"), "cpu": float("nan"), "peak_mib": float("nan"), "code": result.returncode, "message": result.stderr.strip()[-150:]}
            row["input"] = name
            rows.append(row)
            if not args.json:
                print(f"{row['seconds']:7.2f} s {row['cpu']:7.2f} s CPU {row['peak_mib']:7.0f} MiB  exit {row['code']}  {name}: {row['message']}", flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
