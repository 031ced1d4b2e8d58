"""The markup checks (MKP001-MKP009) on real files, beside pofilter's xmltags.

For each collection: units read, tqa's markup findings per rule and per 100 units, the
units pofilter's `xmltags` test flags on the same PO/XLIFF files, and the precision of
tqa's findings judged by hand (bench/markup_verdicts.tsv: key, rule, verdict
true/arguable/false, a note). Findings with no verdict are listed so they can be judged.

    python bench/markup_eval.py                       # ../shared/data collections
    python bench/markup_eval.py --extra /work/data/markup   # plus real files you fetched
    python bench/markup_eval.py --react               # plus react.dev Markdown page pairs

The fetched files used for docs/markup.md (kept outside the project; see the SOURCES.txt
written beside them): GNOME/gnome-user-docs @ 46747c67 (gnome-help vi and de,
system-admin-guide de: Mallard markup) and godotengine/godot-editor-l10n @ da7b2eb4
(editor vi and de: BBCode).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import ROOT, shared_data  # noqa: E402

COLLECTIONS = ("symfony-xliff12", "loop-ios-xliff-vi", "po-vi-samples", "okapi-testdata")
VERDICTS = Path(__file__).with_name("markup_verdicts.tsv")
POFILTER_SUFFIXES = {".po", ".xlf", ".xliff"}


def tqa(paths: list, out: Path) -> tuple[dict, float]:
    exe = Path(sys.executable).with_name("tqa")
    started = time.perf_counter()
    done = subprocess.run([str(exe), "check", *map(str, paths), "--select", "MKP", "-f", "json", "-o", str(out)],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"tqa failed on {paths}: {done.stderr.strip()}")
    return json.loads(out.read_text(encoding="utf-8")), elapsed


def pofilter_units(path: Path, scratch: Path) -> int | None:
    """Units pofilter's xmltags flags in one file (None when it cannot read it)."""
    exe = Path(sys.executable).with_name("pofilter")
    out = scratch / ("flagged" + path.suffix)
    done = subprocess.run([str(exe), "-t", "xmltags", "--nofuzzy", "-i", str(path), "-o", str(out)],
                          capture_output=True, text=True)
    if done.returncode != 0 or not out.exists():
        return None
    from translate.storage import factory

    try:
        store = factory.getobject(str(out))
    except Exception:  # a file pofilter wrote but cannot read back: count nothing
        return None
    return sum(1 for unit in store.units if not unit.isheader())


def key(finding: dict) -> str:
    """A finding's key in the verdicts file: the file's name (not its path, which differs
    between machines), the unit, the rule and the message."""
    name = Path(finding["location"]["file"]).name
    text = "|".join((name, finding["location"].get("unit_id") or "", finding["rule_id"], finding["message"]))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def load_verdicts() -> dict[str, tuple[str, str]]:
    out = {}
    if VERDICTS.exists():
        for line in VERDICTS.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            finding_key, rule, verdict, *_ = line.split("\t")
            out[finding_key] = (verdict, rule)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extra", action="append", default=[], help="a folder of real files you fetched (repeatable)")
    parser.add_argument("--react", action="store_true",
                        help="also the react.dev en/vi Markdown page pairs of ../shared/data, aligned then checked")
    parser.add_argument("--show", action="store_true", help="print every finding")
    args = parser.parse_args()

    sets: list[tuple[str, list[Path]]] = []
    data = shared_data()
    for name in COLLECTIONS:
        if (data / name).is_dir():
            sets.append((name, [data / name]))
        else:
            print(f"skipped {name}: {data / name} is absent")
    for folder in args.extra:
        for path in sorted(Path(folder).iterdir()):
            if path.suffix in POFILTER_SUFFIXES:
                sets.append((path.stem, [path]))

    pairs: list[tuple[str, Path, Path]] = []
    if args.react:
        react = data / "react-dev-en-vi-docs"
        if not (react / "MANIFEST.tsv").exists():
            print(f"skipped react.dev: {react} is absent")
        else:
            for line in (react / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
                page = line.split("\t")[0]
                pairs.append((page, react / "en" / page, react / "vi" / page))

    verdicts = load_verdicts()
    judged: dict[str, Counter] = {}
    unjudged = []
    print(f"{'collection':44} {'units':>6} {'MKP':>4} {'/100':>6} {'pofilter':>8} {'/100':>6} {'s':>5}  rules")
    totals = Counter()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        for name, paths in sets:
            report, elapsed = tqa(paths, scratch / "r.json")
            units = sum(item["units"] for item in report["inputs"])
            findings = report["findings"]
            flagged = 0
            for root in paths:
                files = [root] if root.is_file() else [p for p in sorted(root.rglob("*")) if p.suffix in POFILTER_SUFFIXES]
                for path in files:
                    flagged += pofilter_units(path, scratch) or 0
            rules = Counter(f["rule_id"] for f in findings)
            totals.update(units=units, findings=len(findings), pofilter=flagged)
            print(f"{name[:44]:44} {units:6} {len(findings):4} {100 * len(findings) / max(units, 1):6.2f} "
                  f"{flagged:8} {100 * flagged / max(units, 1):6.2f} {elapsed:5.1f}  "
                  + ", ".join(f"{k} {v}" for k, v in sorted(rules.items())))
            for finding in findings:
                verdict = verdicts.get(key(finding))
                if verdict is None:
                    unjudged.append((finding, name))
                else:
                    judged.setdefault(finding["rule_id"], Counter())[verdict[0]] += 1
                if args.show:
                    print(f"    {finding['rule_id']} {key(finding)} {finding['message']}")
        if pairs:
            count = Counter()
            rules = Counter()
            started = time.perf_counter()
            for page, en, vi in pairs:
                report, _ = tqa(["--source", en, "--target", vi, "--source-lang", "en", "--target-lang", "vi"],
                                scratch / "r.json")
                count.update(units=sum(item["units"] for item in report["inputs"]), findings=len(report["findings"]))
                rules.update(f["rule_id"] for f in report["findings"])
                for finding in report["findings"]:
                    verdict = verdicts.get(key(finding))
                    if verdict is None:
                        unjudged.append((finding, Path(page).name))
                    else:
                        judged.setdefault(finding["rule_id"], Counter())[verdict[0]] += 1
                    if args.show:
                        print(f"    {finding['rule_id']} {key(finding)} {finding['message']}")
            totals.update(units=count["units"], findings=count["findings"])
            print(f"{'react.dev pages (Markdown, aligned)':44} {count['units']:6} {count['findings']:4} "
                  f"{100 * count['findings'] / max(count['units'], 1):6.2f} {'-':>8} {'-':>6} "
                  f"{time.perf_counter() - started:5.1f}  " + ", ".join(f"{k} {v}" for k, v in sorted(rules.items())))
    units = totals["units"]
    print(f"{'all':44} {units:6} {totals['findings']:4} {100 * totals['findings'] / max(units, 1):6.2f} "
          f"{totals['pofilter']:8} {100 * totals['pofilter'] / max(units, 1):6.2f}")
    print()
    print("precision by hand-judged verdicts (strict: true / judged; lenient: true + arguable / judged)")
    all_counts = Counter()
    for rule in sorted(judged):
        c = judged[rule]
        all_counts.update(c)
        n = sum(c.values())
        print(f"  {rule}: {n} judged, {c['true']} true, {c['arguable']} arguable, {c['false']} false; "
              f"strict {c['true'] / n:.2f}, lenient {(c['true'] + c['arguable']) / n:.2f}")
    n = sum(all_counts.values())
    if n:
        print(f"  all: {n} judged; strict {all_counts['true'] / n:.2f}, lenient "
              f"{(all_counts['true'] + all_counts['arguable']) / n:.2f}; false per 100 units "
              f"{100 * all_counts['false'] / max(units, 1):.3f}")
    if unjudged:
        print(f"\n{len(unjudged)} findings have no verdict in {VERDICTS.relative_to(ROOT)}:")
        for finding, name in unjudged:
            print(f"  {key(finding)}\t{finding['rule_id']}\t?\t{name}: {finding['message'][:120]}")


if __name__ == "__main__":
    main()
