"""tqa and pofilter on real PO files of well-known free software, with hand judgements.

The files are fetched from public repositories (not part of the project) into a folder
with sub-folders decided before any tuning -- `tuning/` (looked at while removing
false-alarm classes), `heldout/`, and the later held-out sets `heldout2/`, `heldout3/`
(only measured), `heldout4/` ... `heldout10/`, and `pool10/`, a fresh pool of files fetched
to tune on -- and a SOURCES.txt naming the set, file, repository, commit and path
of each file. tqa checks each project's files in one run (files from one repository
together, as a user would), so the cross-file consistency check compares a project's
files with each other, not unrelated projects':

    python bench/real_po.py [--data /work/data/po-real] [--list] [--write-unreviewed] [--no-pofilter] [--sets heldout2,heldout3]
                            [--checking-profile auto|document|software] [--findings-out DIR]

`--findings-out DIR` also writes each set's findings, in the order tqa made them, as a JSON
report (`DIR/<set>.json`, every field of each finding, its fingerprint included), so that
`bench/same_findings.py compare OLD_DIR NEW_DIR` tells whether two versions of tqa find the
same on the real files.

tqa runs as a user's `tqa check` does: the checking profile "auto" gives PO files the
"software" profile (docs/precision.md, "Checking profiles"); `--checking-profile document`
runs every default rule, as tqa did before profiles existed.

For each set it prints, per rule: findings, findings per 100 translated units (a unit
with a non-empty msgstr that is not fuzzy), and for pofilter the same per test. Every
content finding (all default rules except BAS001 untranslated, BAS006 fuzzy and TQA
input/tool notes, which are statements of fact about the file) is looked up by
fingerprint in bench/real_po_verdicts.tsv, where a person recorded whether it is
true, arguable or false; the bench prints precision per rule, strict (true / judged)
and lenient ((true + arguable) / judged), and false findings per 100 translated units.
Findings nobody judged are counted and listed with --list; --write-unreviewed appends
them with the verdict "?" for a person to fill in. The verdicts file holds fingerprint,
verdict, rule, file and a note in the reviewer's own words, never text of the files.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa_core.config import Config  # noqa: E402
from qa_core.formats import ReadOptions  # noqa: E402
from qa_core.manager import load_plugins  # noqa: E402
from qa_core.runner import open_document, run  # noqa: E402

VERDICTS = ROOT / "bench" / "real_po_verdicts.tsv"
DEFAULT_DATA = Path(os.environ.get("TQA_REAL_PO", "/work/data/po-real"))
SETS = ("tuning", "heldout")
#: a second held-out set, fetched after the first one had been judged and its classes fixed
LATER_SETS = ("heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10")
#: fresh files fetched to tune on (never a held-out figure): pool10 beside held-out 10
TUNING_POOLS = ("pool10",)
#: statements of fact about the file rather than judgements of a translation
STATUS_RULES = {"BAS001", "BAS006"}
_POFILTER = re.compile(r"^# \(pofilter\) ([\w-]+):", re.MULTILINE)


def load_verdicts() -> dict[str, tuple[str, str]]:
    out = {}
    if VERDICTS.exists():
        for line in VERDICTS.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            out[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "")
    return out


def translated_units(paths: list[Path], plugins) -> dict[str, int]:
    out = {}
    for path in paths:
        document = open_document(str(path), plugins, ReadOptions())
        out[str(path)] = sum(
            1 for u in document.units() if u.target is not None and u.target.text.strip() and not u.fuzzy
        )
    return out


def projects(paths: list[Path], data: Path) -> list[list[Path]]:
    """The files grouped by the repository SOURCES.txt names for them, as a user would check
    one project's files in one run (the cross-file consistency check compares the files of a
    run: evince's UI and help belong together, gnome-software and shadow do not)."""
    repo_of = {}
    # the data folder's SOURCES.txt, and a set's own (held-out 5 keeps its rows in its folder)
    for sources in [data / "SOURCES.txt", *sorted({p.parent / "SOURCES.txt" for p in paths})]:
        if not sources.exists():
            continue
        for line in sources.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 3 and not line.startswith("#"):
                repo_of[(parts[0], parts[1])] = parts[2]
    groups: dict[str, list[Path]] = defaultdict(list)
    for path in paths:
        groups[repo_of.get((path.parent.name, path.name), path.name)].append(path)
    return list(groups.values())


def run_tqa(paths: list[Path], plugins, data: Path, profile: str = "auto"):
    findings = []
    for group in projects(paths, data):
        result = run([str(p) for p in group], plugins, Config(profile=profile), show_progress=False)
        for error in result.errors:
            print(f"input error: {error}", file=sys.stderr)
        findings.extend(result.findings)
    return findings


def run_pofilter(paths: list[Path]) -> Counter:
    exe = Path(sys.executable).with_name("pofilter")
    counts: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            out = Path(tmp) / path.name
            subprocess.run([str(exe), "--progress=none", "--nofuzzy", "-i", str(path), "-o", str(out)],
                           check=False, capture_output=True)
            if out.exists():
                text = out.read_text(encoding="utf-8", errors="replace")
                counts.update(_POFILTER.findall(text))
                counts["(units flagged)"] += len(re.findall(r"(?:^# \(pofilter\).*\n)+", text, re.MULTILINE))
    return counts


def write_findings(path: Path, findings: list) -> None:
    """The findings as a JSON report's list (every field, in order): what same_findings compares."""
    import json

    from qa_core.report import findings_to_dicts

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"findings": findings_to_dicts(findings)}, ensure_ascii=False, indent=0) + "\n",
                    encoding="utf-8")


def per100(count: float, units: int) -> str:
    return f"{100 * count / units:.2f}" if units else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with tuning/ and heldout/ (default %(default)s)")
    parser.add_argument("--list", action="store_true", help="list every unjudged content finding")
    parser.add_argument("--write-unreviewed", action="store_true", help="append unjudged findings to the verdicts file")
    parser.add_argument("--no-pofilter", action="store_true", help="skip pofilter")
    parser.add_argument("--checking-profile", dest="profile", choices=("auto", "document", "software"), default="auto",
                        help="the checking profile tqa runs with (default %(default)s: PO files are software strings)")
    parser.add_argument("--sets", default="", help="comma-separated sets to run (default: every set present)")
    parser.add_argument("--findings-out", type=Path, metavar="DIR",
                        help="write each set's findings as DIR/<set>.json, for bench/same_findings.py compare")
    args = parser.parse_args()
    wanted = args.sets.split(",") if args.sets else list(SETS)
    missing = [s for s in wanted if not (args.data / s).is_dir()]
    if missing:
        print(f"{args.data} has no {', '.join(m + '/' for m in missing)} folder: fetch the files listed in docs/precision.md", file=sys.stderr)
        return 2
    plugins = load_plugins((), entry_points=False)
    verdicts = load_verdicts()
    unreviewed: list = []
    names = tuple(s for s in SETS + TUNING_POOLS + LATER_SETS if (args.data / s).is_dir())
    if args.sets:
        wanted = args.sets.split(",")
        names = tuple(n for n in names if n in wanted)
    for name in names:
        paths = sorted((args.data / name).glob("*.po"))
        units = translated_units(paths, plugins)
        total_units = sum(units.values())
        findings = run_tqa(paths, plugins, args.data, args.profile)
        if args.findings_out:
            write_findings(args.findings_out / f"{name}.json", findings)
        print(f"\n## {name}: {len(paths)} files, {total_units} translated units (checking profile: {args.profile})")
        by_rule: dict[str, list] = defaultdict(list)
        for f in findings:
            by_rule[f.rule_id].append(f)
        content = [f for f in findings if f.rule_id not in STATUS_RULES and not f.rule_id.startswith("TQA")]
        flagged = {(f.location.file, f.location.unit_id) for f in content}
        print(f"tqa content findings: {len(content)} ({per100(len(content), total_units)} per 100 translated units), "
              f"units flagged: {len(flagged)} ({per100(len(flagged), total_units)} %)")
        print(f"{'rule':20}{'findings':>9}{'/100u':>8}{'judged':>8}{'true':>6}{'arg.':>6}{'false':>6}{'strict':>8}{'lenient':>9}{'false/100u':>12}")
        totals = Counter()
        for f in findings:  # CON001 by what sets the variants apart (untranslated, typo, word order, wording)
            kind = (f.data or {}).get("difference") if f.rule_id == "CON001" else None
            if kind:
                by_rule[f"CON001/{kind}"].append(f)
        for rule in sorted(by_rule):
            items = by_rule[rule]
            c = Counter()
            for f in items:
                verdict = verdicts.get(f.fingerprint, ("?", ""))[0]
                c[verdict] += 1
                if verdict == "?" and rule not in STATUS_RULES and not rule.startswith("TQA") and "/" not in rule:
                    unreviewed.append((name, f))
            judged = c["true"] + c["arguable"] + c["false"]
            status = rule in STATUS_RULES or rule.startswith("TQA")
            if not status and "/" not in rule:
                totals.update(c)
                totals["findings"] += len(items)
            strict = f"{c['true'] / judged:.2f}" if judged and not status else "-"
            lenient = f"{(c['true'] + c['arguable']) / judged:.2f}" if judged and not status else "-"
            # false findings per 100 units, extrapolated from the judged share to all of the rule's findings
            false100 = per100(len(items) * c["false"] / judged, total_units) if judged and not status else "-"
            print(f"{rule:20}{len(items):>9}{per100(len(items), total_units):>8}{judged if not status else '-':>8}"
                  f"{c['true']:>6}{c['arguable']:>6}{c['false']:>6}{strict:>8}{lenient:>9}{false100:>12}")
        judged = totals["true"] + totals["arguable"] + totals["false"]
        if judged:
            print(f"{'content':20}{totals['findings']:>9}{per100(totals['findings'], total_units):>8}{judged:>8}"
                  f"{totals['true']:>6}{totals['arguable']:>6}{totals['false']:>6}{totals['true'] / judged:>8.2f}"
                  f"{(totals['true'] + totals['arguable']) / judged:>9.2f}"
                  f"{per100(totals['findings'] * totals['false'] / judged, total_units):>12}")
        if totals["?"]:
            print(f"unjudged content findings: {totals['?']}")
        if not args.no_pofilter:
            counts = run_pofilter(paths)
            print(f"\npofilter (--nofuzzy, default checks): {counts['(units flagged)']} units flagged "
                  f"({per100(counts['(units flagged)'], total_units)} %)")
            for test, n in counts.most_common():
                if test != "(units flagged)":
                    print(f"  {test:22}{n:>7}{per100(n, total_units):>8}")
    if args.list:
        for name, f in unreviewed:
            loc = f.location
            side = loc.target or loc.source
            print(f"? {name} {f.fingerprint} {f.rule_id} {Path(loc.file).name}:{side.line if side else ''} {f.message}")
    if args.write_unreviewed and unreviewed:
        known = set(verdicts)
        with open(VERDICTS, "a", encoding="utf-8") as handle:
            for name, f in unreviewed:
                if f.fingerprint not in known:
                    known.add(f.fingerprint)
                    handle.write(f"{f.fingerprint}\t?\t{f.rule_id}\t{name}/{Path(f.location.file).name}\t\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
