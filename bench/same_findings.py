"""Do two versions of tqa report the same findings? For speed work that must not
change a single finding.

    python bench/same_findings.py record OUT_DIR        # run the default checks on a fixed set of inputs
    python bench/same_findings.py compare OLD NEW       # two folders of reports (or two JSON reports)

`record` runs `tqa check --isolated --fail-on never -f json` (the default rules)
on the throughput corpora of 100k units (PO and XLIFF 1.2) and 10k units (XLIFF
2.1), built by `bench/throughput.py` in bench/out, and on the real files of
../shared/data ($TQA_SHARED_DATA): the Symfony catalogues, Loop's iOS XLIFF, the
PO samples, each okapi test file on its own (a file tqa refuses is recorded as its
error message), and two IWSLT'15 talks exported to plain text in a temporary
folder and checked with --source/--target. `compare` matches reports finding by
finding (rule, severity, message, suggestion, location, fingerprint, data), prints
what was lost and what was added, and exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _shared import ROOT, iwslt_talks, shared_data

CORPORA = ("corpus-100000.po", "corpus-100000-12.xlf", "corpus-10000.xlf")
EXTENSIONS = (".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".po", ".pot", ".tmx")


def _tqa(args: list[str], out: Path) -> dict:
    command = [sys.executable, "-m", "qa_core", "check", *args, "-q", "--isolated", "--fail-on", "never",
               "-f", "json", "-o", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        out.write_text(json.dumps({"error": done.stderr.strip(), "exit": done.returncode}, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    return {"seconds": round(seconds, 2), "exit": done.returncode}


def inputs() -> list[tuple[str, list[str]]]:
    """(report name, arguments of tqa check) for every recorded run."""
    jobs: list[tuple[str, list[str]]] = []
    corpora = ROOT / "bench" / "out"
    for name in CORPORA:
        path = corpora / name
        if path.exists():
            jobs.append((name, [str(path.relative_to(ROOT))]))
        else:
            print(f"skipped {name}: build it with bench/throughput.py first", file=sys.stderr)
    data = shared_data()
    if not data.is_dir():
        print(f"skipped the real files: {data} is absent", file=sys.stderr)
        return jobs
    jobs.append(("symfony", [str(data / "symfony-xliff12")]))
    jobs.append(("loop", [str(data / "loop-ios-xliff-vi")]))
    jobs.append(("po-samples", [str(data / "po-vi-samples")]))
    okapi = data / "okapi-testdata"
    for path in sorted(okapi.rglob("*")):
        if path.is_file() and path.suffix.lower() in EXTENSIONS:
            jobs.append(("okapi-" + str(path.relative_to(okapi)).replace("/", "_"), [str(path)]))
    return jobs


def _put(path: Path, text: str) -> Path:
    """Write text to path unless it already holds it, through a private file renamed into place."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return path
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, path)
    return path


def record(folder: Path, only: str | None = None) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    timings = {}
    for name, args in inputs():
        if only and only not in name:
            continue
        timings[name] = _tqa(args, folder / f"{name}.json")
        print(f"{name:<60} {timings[name]['seconds']:>8.2f} s  exit {timings[name]['exit']}", flush=True)
    # a fixed folder, so that the talks' paths (and so the fingerprints) are the same in every
    # record; kept afterwards and each file replaced whole, so that two records running at once
    # (two worktrees) never delete or half-write a file the other is reading
    scratch = Path(tempfile.gettempdir()) / "tqa-same-findings"
    scratch.mkdir(exist_ok=True)
    try:
        talks = iwslt_talks(("tst2012",))[:2]
    except SystemExit as absent:
        print(absent, file=sys.stderr)
        talks = []
    for talk in talks:
        if only and only not in f"iwslt-{talk.set}-{talk.docid}":
            continue
        src = _put(scratch / f"{talk.docid}.en.txt", "\n\n".join(talk.en) + "\n")
        tgt = _put(scratch / f"{talk.docid}.vi.txt", "\n\n".join(talk.vi) + "\n")
        name = f"iwslt-{talk.set}-{talk.docid}"
        timings[name] = _tqa(["--source", str(src), "--target", str(tgt), "--source-lang", "en", "--target-lang", "vi"], folder / f"{name}.json")
        print(f"{name:<60} {timings[name]['seconds']:>8.2f} s  exit {timings[name]['exit']}", flush=True)
    (folder / f"timings{'-' + only if only else ''}.txt").write_text(json.dumps(timings, indent=1) + "\n", encoding="utf-8")
    return 0


def _load(path: Path) -> tuple[list[dict] | None, str | None]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if "error" in data:
        return None, data["error"]
    return data["findings"], None


def _key(finding: dict) -> str:
    return json.dumps(finding, sort_keys=True, ensure_ascii=False)


def _show(finding: dict) -> str:
    loc = finding["location"]
    return f"{finding['rule_id']} {loc.get('unit_id')}: {finding['message']}"


def compare_files(old: Path, new: Path, limit: int = 10) -> bool:
    a, a_error = _load(old)
    b, b_error = _load(new)
    if a_error or b_error:
        same = a_error == b_error
        if not same:
            print(f"{old.name}: error differs\n  old: {a_error}\n  new: {b_error}")
        return same
    if [_key(f) for f in a] == [_key(f) for f in b]:
        return True
    old_keys = {_key(f) for f in a}
    new_keys = {_key(f) for f in b}
    lost = [f for f in a if _key(f) not in new_keys]
    added = [f for f in b if _key(f) not in old_keys]
    print(f"{old.name}: {len(a)} -> {len(b)} findings, {len(lost)} lost, {len(added)} added"
          + ("" if lost or added else " (same findings, another order)"))
    for label, group in (("-", lost), ("+", added)):
        for finding in group[:limit]:
            print(f"  {label} {_show(finding)}")
        if len(group) > limit:
            print(f"  {label} ... {len(group) - limit} more")
    return False


def compare(old: Path, new: Path) -> int:
    if old.is_file():
        return 0 if compare_files(old, new) else 1
    names = sorted(p.name for p in old.glob("*.json"))
    missing = [n for n in names if not (new / n).exists()]
    same = 0
    findings = 0
    for name in names:
        if name in missing:
            continue
        if compare_files(old / name, new / name):
            same += 1
            found, _ = _load(old / name)
            findings += len(found or [])
    for name in missing:
        print(f"{name}: absent from {new}")
    print(f"{same} of {len(names)} reports identical ({findings} findings in them)")
    return 0 if same == len(names) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record", help="run tqa on the fixed inputs and keep the JSON reports")
    rec.add_argument("folder", type=Path)
    rec.add_argument("--only", metavar="TEXT", help="record only the inputs whose report name contains TEXT")
    cmp = commands.add_parser("compare", help="compare two folders of reports (or two reports)")
    cmp.add_argument("old", type=Path)
    cmp.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    if args.command == "record":
        return record(args.folder, args.only)
    return compare(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
