"""Held-out XLIFF repositories: what tqa reads and reports; prints the figures of
docs/precision.md ("Held-out XLIFF").

    python bench/xliff_eval.py                    # every repository of the rule
    python bench/xliff_eval.py --sample 10        # also the sample to judge, with verdicts
    python bench/xliff_eval.py --findings-out DIR # keep each file's JSON report
    python bench/xliff_eval.py --probe            # also every report format, write-back, convert

The XLIFF files of the repositories chosen by name in docs/precision.md ("Held-out XLIFF:
the decision rule") are extracted (by the maintainer, with the `fetch` tool and `git
archive`) under /work/data/xliff-heldout/<owner>+<name>/ with the commit in COMMIT; set
TQA_XLIFF_HELDOUT to use another place. Nothing of them is in the project.

Per file, as a user runs it: `tqa check FILE --isolated -f json` in a child process (its
exit code and stderr kept: a traceback or exit 2 on a valid file is a crash; so is a
TQA001 finding). Beside it the file is parsed with ElementTree, independently of tqa's
readers, to count the units (`trans-unit` in 1.2, `unit` in 2.x), those with a
non-empty target and those whose target is not a plain copy of the source, and to look for misreads: a unit whose source or target holds no
inline element but empty placeholders (`x`, `bx`, `ex`, `ph`) must come out of tqa's reader with exactly that text (units compared in
document order, by id); a unit count that differs is a misread too.

`--probe` also runs, per file, every other report format (`sarif`, `html`, `junit`,
`github`, `xliff` write-back), `tqa convert` to XLIFF 2.1 and a `tqa check` of the
converted file: any exit other than 0 or 1, a traceback, a write-back or conversion that
is not well-formed XML, or a write-back that removes lines other than those it rewrites
(more `<` lines in the diff than `>` lines) counts as a crash.

Findings per 100 units with a target, per rule. `--sample N` draws, per rule over the
whole set, every finding when the rule has N or fewer, else N with
`random.Random(13).sample` from the rule's findings in report order (repositories in the
table's order, files sorted), and prints each with its verdict from
bench/xliff_verdicts.tsv (fingerprint, rule, repository, unit id, verdict, reason):
`y` true, `a` arguable, `n` false; strict precision counts `y`, lenient `y` and `a`.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = Path(os.environ.get("TQA_XLIFF_HELDOUT", "/work/data/xliff-heldout"))
VERDICTS = ROOT / "bench" / "xliff_verdicts.tsv"
#: chosen by name before any file was opened (docs/precision.md, "Held-out XLIFF")
REPOSITORIES = {
    "mozilla-l10n+focusios-l10n": "Xcode XLIFF 1.2 (vi/focus-ios.xliff)",
    "WISE-Community+WISE-Client": "Angular XLIFF 1.2 (src/locale/messages.vi.xlf)",
    "martyr-deepin+deepin-app-store-web": "Angular XLIFF 1.2 (src/locale/messages.vi.xlf)",
    "TYPO3-Solr+ext-solr": "TYPO3 XLIFF 1.0, 1.2 and 2.0 (vi.*.xlf)",
    "in2code-de+femanager": "TYPO3 XLIFF 1.0 without a namespace (vi.*.xlf)",
    "KnpLabs+KnpPaginatorBundle": "Symfony bundle XLIFF 1.2 (every language)",
}
SEED = 13
#: inline elements that hold no text: a unit made of text and these is compared as text
_EMPTY_CODES = frozenset({"x", "bx", "ex", "ph"})


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def xml_units(path: Path) -> list[tuple[str, str | None, str | None, bool]]:
    """(id, plain source or None, plain target or None, has a target) per unit, in order.

    The plain text is given only when the element holds no child element (no inline
    code), so that it can be compared with the reader's text exactly.
    """
    root = ET.parse(path).getroot()
    version2 = root.get("version", "").startswith("2")
    out = []
    for element in root.iter():
        name = _local(element.tag)
        if name not in ("trans-unit", "unit"):
            continue
        if version2 != (name == "unit"):
            continue
        sources, targets = [], []
        for child in element.iter():
            tag = _local(child.tag)
            if tag == "source" and child is not element:
                sources.append(child)
            elif tag == "target":
                targets.append(child)
        if not version2:  # 1.2: the unit's own source/target, not alt-trans or seg-source
            sources = [c for c in element if _local(c.tag) == "source"]
            targets = [c for c in element if _local(c.tag) == "target"]

        def plain(elements):
            # text alone, or text around empty placeholders (1.2 `x`/`bx`/`ex`, 2.x `ph`,
            # as Angular writes interpolations): the reader's text is the text nodes
            if not elements:
                return None
            for e in elements:
                for child in e.iter():
                    if child is not e and (_local(child.tag) not in _EMPTY_CODES or len(child) or child.text):
                        return None
            return "".join("".join(e.itertext()) for e in elements)

        has_target = any("".join(e.itertext()).strip() or len(e) for e in targets)
        out.append((element.get("id", ""), plain(sources), plain(targets), has_target))
    return out


def reader_units(path: Path):
    from qa_core.formats import ReadOptions
    from qa_core.manager import load_plugins
    from qa_core.runner import open_document

    document = open_document(str(path), load_plugins(), ReadOptions())
    return [(u.id, u.source.text, None if u.target is None else u.target.text) for u in document.units()]


def misreads(path: Path) -> list[str]:
    expected = xml_units(path)
    got = reader_units(path)
    problems = []
    if len(expected) != len(got):
        problems.append(f"{len(expected)} units in the XML, {len(got)} read")
    for (uid, source, target, _), (gid, gsource, gtarget) in zip(expected, got):
        if uid != gid:
            problems.append(f"unit {uid!r} read as {gid!r}")
            break
        if source is not None and source != gsource:
            problems.append(f"unit {uid!r}: source {source!r} read as {gsource!r}")
        if target is not None and target != (gtarget or ""):
            problems.append(f"unit {uid!r}: target {target!r} read as {gtarget!r}")
    return problems


def files_of(repo: str) -> list[Path]:
    folder = DATA / repo
    return sorted(p for p in folder.rglob("*") if p.suffix in (".xlf", ".xliff"))


def run_tqa(path: Path, out: Path) -> tuple[int, str, dict | None]:
    command = [sys.executable, "-m", "qa_core", "check", str(path), "--isolated", "-q", "-f", "json", "-o", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() and out.stat().st_size else None
    return done.returncode, done.stderr, report


def probe(path: Path, tmp: Path) -> list[str]:
    """What fails when the file goes through every other command and format."""
    import difflib

    problems = []
    for stale in tmp.glob("[rwc].*"):
        stale.unlink()  # a previous file's output must not pass for this one's

    def tqa(*args: str) -> None:
        done = subprocess.run([sys.executable, "-m", "qa_core", *args], capture_output=True, text=True, cwd=ROOT)
        if done.returncode not in (0, 1) or "Traceback" in done.stderr:
            problems.append(f"`tqa {' '.join(args[:1])} … {' '.join(args[2:])}` exit {done.returncode}: {done.stderr.strip()[-200:]}")

    for fmt in ("sarif", "html", "junit", "github"):
        tqa("check", str(path), "--isolated", "-q", "-f", fmt, "-o", str(tmp / f"r.{fmt}"))
    written = tmp / "w.xlf"
    tqa("check", str(path), "--isolated", "-q", "-f", "xliff", "-o", str(written))
    converted = tmp / "c.xlf"
    tqa("convert", str(path), "-o", str(converted))
    for label, out in (("write-back", written), ("convert", converted)):
        try:
            ET.parse(out)
        except (ET.ParseError, OSError) as error:
            problems.append(f"{label}: not well-formed ({error})")
    if written.exists():
        old = path.read_text(encoding="utf-8", errors="replace").splitlines()
        new = written.read_text(encoding="utf-8", errors="replace").splitlines()
        diff = list(difflib.unified_diff(old, new, lineterm="", n=0))
        removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
        added = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
        if removed > added:
            problems.append(f"write-back removes {removed - added} line(s)")
    if converted.exists():
        tqa("check", str(converted), "--isolated", "-q", "-f", "json", "-o", str(tmp / "c.json"))
    return problems


def load_verdicts() -> dict[str, tuple[str, str]]:
    verdicts = {}
    if VERDICTS.exists():
        with VERDICTS.open(encoding="utf-8") as handle:
            for row in csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t"):
                if len(row) >= 5:
                    verdicts[row[0]] = (row[4], row[5] if len(row) > 5 else "")
    return verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=0, help="findings to draw per rule (0: none)")
    parser.add_argument("--findings-out", help="keep each file's JSON report in this folder")
    parser.add_argument("--show-text", action="store_true", help="print source and target of sampled findings")
    parser.add_argument("--probe", action="store_true", help="also every report format, write-back, convert (crashes)")
    args = parser.parse_args(argv)

    keep = Path(args.findings_out) if args.findings_out else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    all_findings: list[tuple[str, dict]] = []
    totals = collections.Counter()
    crashes: list[str] = []
    units_with_target = units_differing = 0
    print(f"{'repository':38} {'commit':12} {'files':>5} {'units':>6} {'target':>6} {'differ':>6} exits     findings")
    with tempfile.TemporaryDirectory() as tmp:
        for repo, what in REPOSITORIES.items():
            folder = DATA / repo
            if not folder.exists():
                print(f"{repo:38} (not extracted)")
                continue
            commit = (folder / "COMMIT").read_text(encoding="utf-8").split()[0][:12]
            files = files_of(repo)
            exits = collections.Counter()
            n_units = n_target = n_differs = n_findings = 0
            for index, path in enumerate(files):
                expected = xml_units(path)
                n_units += len(expected)
                n_target += sum(1 for *_, has in expected if has)
                n_differs += sum(1 for _, source, target, has in expected
                                 if has and (source is None or target is None or source.strip() != target.strip()))
                for problem in misreads(path):
                    crashes.append(f"{repo}: {path.name}: misread: {problem}")
                out = (keep / f"{repo}+{index:03d}.json") if keep else Path(tmp) / "r.json"
                rc, stderr, report = run_tqa(path, out)
                exits[rc] += 1
                if rc not in (0, 1) or "Traceback" in stderr:
                    crashes.append(f"{repo}: {path.name}: exit {rc}: {stderr.strip()[-300:]}")
                if args.probe:
                    for problem in probe(path, Path(tmp)):
                        crashes.append(f"{repo}: {path.name}: {problem}")
                for finding in (report or {}).get("findings", []):
                    if finding["rule_id"] == "TQA001":
                        crashes.append(f"{repo}: {path.name}: TQA001 {finding['message']}")
                    totals[finding["rule_id"]] += 1
                    n_findings += 1
                    all_findings.append((repo, finding))
            units_with_target += n_target
            units_differing += n_differs
            totals["units"] += n_units
            ex = ",".join(f"{k}x{v}" for k, v in sorted(exits.items()))
            print(f"{repo:38} {commit:12} {len(files):>5} {n_units:>6} {n_target:>6} {n_differs:>6} {ex:9} {n_findings:>5}  {what}")
    print(f"\n{totals['units']} units, {units_with_target} with a target, {units_differing} of them not the source's "
          f"plain text copied (units with other inline elements counted as differing); crashes and misreads: {len(crashes)}")
    for line in crashes:
        print("  " + line)
    print(f"\n{'rule':8} {'findings':>8} {'per 100':>8}")
    rules = sorted(k for k in totals if k != "units")
    for rule in rules:
        print(f"{rule:8} {totals[rule]:>8} {100 * totals[rule] / max(units_with_target, 1):>8.2f}")

    if args.sample:
        verdicts = load_verdicts()
        by_rule = collections.defaultdict(list)
        for repo, finding in all_findings:
            by_rule[finding["rule_id"]].append((repo, finding))
        judged = collections.Counter()
        print(f"\nsample of {args.sample} per rule, Random({SEED}); verdict fingerprint rule repository unit: message")
        rows = []
        for rule in rules:
            found = by_rule[rule]
            drawn = found if len(found) <= args.sample else random.Random(SEED).sample(found, args.sample)
            seen = set()
            counts = collections.Counter()
            for repo, finding in drawn:
                fp = finding["fingerprint"]
                if fp in seen:
                    continue
                seen.add(fp)
                verdict = verdicts.get(fp, ("?", ""))[0]
                counts[verdict] += 1
                print(f"{verdict} {fp} {rule} {repo} {finding['location']['unit_id']!r}: {finding['message']}")
                if args.show_text:
                    context = finding.get("context") or {}
                    print(f"    S: {context.get('source')!r}\n    T: {context.get('target')!r}")
            n = sum(counts[v] for v in "yan")
            rows.append((rule, len(found), counts, n))
            for v in "yan?":
                judged[v] += counts[v]
        print(f"\n{'rule':8} {'findings':>8} {'judged':>6} {'strict':>7} {'lenient':>7} unjudged")
        for rule, found, counts, n in rows:
            print(f"{rule:8} {found:>8} {n:>6} {counts['y']:>3}/{n:<3} {counts['y'] + counts['a']:>3}/{n:<3} {counts['?']}")
        n = judged["y"] + judged["a"] + judged["n"]
        if n:
            print(f"{'all':8} {'':>8} {n:>6} {judged['y']}/{n} = {100 * judged['y'] / n:.0f} %  "
                  f"{judged['y'] + judged['a']}/{n} = {100 * (judged['y'] + judged['a']) / n:.0f} %  unjudged {judged['?']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
