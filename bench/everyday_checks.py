"""Findings per 100 units of the everyday checks (DUP, PUN, WSP, URL, CAP, CON, LEN,
SPL) on every real collection of ../shared/data, precision from the hand-judged
findings in bench/everyday_verdicts.tsv, and pofilter's nearest test on the same units.

    python bench/everyday_checks.py            # the tables
    python bench/everyday_checks.py --dump F   # also write every finding to F (TSV) to judge

A verdict line is: rule, file (basename), unit id, matched target text, verdict
(true / arguable / false), a note. Precision = (true + arguable) / judged; a finding not
in the verdicts file is "unjudged" and left out of precision.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import ROOT, shared_data  # noqa: E402

from qa_core.config import Config, Layer  # noqa: E402
from qa_core.errors import TqaError  # noqa: E402
from qa_core.formats import ReadOptions  # noqa: E402
from qa_core.runner import check_document, check_run, open_document  # noqa: E402
from qa_core.testing import default_plugins  # noqa: E402

PREFIXES = ("DUP", "PUN", "WSP", "URL", "CAP", "CON", "LEN", "SPL")
VERDICTS = ROOT / "bench" / "everyday_verdicts.tsv"

#: rule prefix -> pofilter tests that are its nearest neighbours
POFILTER = {
    "DUP": ("doublewords",),
    "PUN": ("endpunc", "brackets", "doublequoting", "singlequoting"),
    "WSP": ("doublespacing", "escapes", "newlines", "tabs"),
    "URL": ("urls", "emails", "filepaths"),
    "CAP": ("startcaps",),
    "CON": (),
    "LEN": ("long",),
    "SPL": ("spellcheck",),
}


def collections() -> dict[str, list[Path]]:
    data = shared_data()
    okapi = sorted(p for p in (data / "okapi-testdata").rglob("*") if p.suffix in (".xlf", ".po"))
    return {
        "symfony-xliff12": sorted((data / "symfony-xliff12").rglob("*.xlf")),
        "loop-ios-xliff-vi": sorted((data / "loop-ios-xliff-vi").rglob("*.xliff")),
        "po-vi-samples": sorted((data / "po-vi-samples").rglob("*.po")),
        "okapi-testdata": okapi,
        "okapi-tmx": sorted((data / "okapi-testdata").rglob("*.tmx")),
        **({"po-real": sorted(Path("/work/data/po-real").rglob("*.po"))} if Path("/work/data/po-real").is_dir() else {}),
    }


def run_collection(files, plugins, config):
    units = 0
    findings = []
    pairs = []
    results = []
    for path in files:
        try:
            document = open_document(str(path), plugins, ReadOptions())
            result = check_document(document, plugins, config)
        except TqaError:
            continue
        units += result.summary.units
        findings.extend(result.findings)
        results.append(result)
        for unit in document.units():
            if unit.translate and unit.target is not None and unit.target.text.strip() and not unit.fuzzy:
                pairs.append((unit.source.text, unit.target.text, document.target_lang or unit.target_lang))
    # consistency across files: the files of one project (Symfony's catalogues) are one run;
    # the PO collections hold files of unrelated projects, each checked as a run of its own
    runs = [results] if len({r.summary.path.split("/translations/")[0] for r in results}) < len(results) else [[r] for r in results]
    for run in runs:
        findings.extend(check_run(run, plugins, config))
    return units, findings, pairs


def pofilter_counts(pairs, prefixes=PREFIXES) -> Counter:
    from translate.filters import checks

    counts: Counter = Counter()
    checker = checks.StandardChecker()
    tests = {name for prefix, names in POFILTER.items() if prefix in prefixes for name in names}
    for source, target, _ in pairs:
        for name in tests:
            test = getattr(checker, name, None)
            if test is None:
                continue
            try:
                test(source, target)
            except checks.FilterFailure:
                counts[name] += 1
            except Exception:  # noqa: BLE001 - a crashing pofilter test counts as nothing
                pass
    return counts


def load_verdicts() -> dict[tuple[str, str, str, str], str]:
    out = {}
    if VERDICTS.is_file():
        with open(VERDICTS, encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 5 and not row[0].startswith("#"):
                    out[(row[0], row[1], row[2], row[3])] = row[4]
    return out


def key(finding) -> tuple[str, str, str, str]:
    where = finding.location
    text = where.target.text if where.target is not None and where.target.text is not None else ""
    unit = " ".join(str(where.unit_id).split())[:60]
    return (finding.rule_id, os.path.basename(where.file or ""), unit, " ".join(text.split())[:80])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dump", help="write every finding to this TSV, to judge")
    parser.add_argument("--only", help="comma-separated rule prefixes (default: all of " + ",".join(PREFIXES) + ")")
    args = parser.parse_args()
    prefixes = tuple(args.only.split(",")) if args.only else PREFIXES
    plugins = default_plugins()
    rules = [r for r in plugins.rules if r.prefix in prefixes]
    config = Config(layers=[Layer("defaults", select=("ALL",)), Layer("bench", select=prefixes)])
    verdicts = load_verdicts()
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    judged: dict[str, Counter] = defaultdict(Counter)
    all_findings: Counter = Counter()
    total_units = 0
    total_false = 0
    print("Findings per 100 units (default rules); pofilter's nearest tests on the same translated units")
    for name, files in collections().items():
        if not files:
            print(f"{name}: absent")
            continue
        units, findings, pairs = run_collection(files, plugins, config)
        total_units += units
        by_rule = Counter(f.rule_id for f in findings)
        all_findings.update(by_rule)
        default_findings = [f for f in findings if plugins.rules[f.rule_id].default and f.severity.value != "info"]
        print(f"\n{name}: {len(files)} files, {units} units ({len(pairs)} translated), "
              f"{len(default_findings)} findings of default rules = {100 * len(default_findings) / max(units, 1):.2f} per 100 units")
        for f in findings:
            verdict = verdicts.get(key(f))
            if verdict:
                judged[f.rule_id][verdict] += 1
                if verdict == "false" and plugins.rules[f.rule_id].default:
                    total_false += 1
            if dump:
                k = key(f)
                ctx = f.context
                flat = [" ".join(str(x).split())[:300] for x in (f.message, ctx.source if ctx else "", ctx.target if ctx else "")]
                dump.write("\t".join([*k, verdict or "", *flat]) + "\n")
        po = pofilter_counts(pairs, prefixes)
        for prefix in prefixes:
            ours = {r.id: by_rule[r.id] for r in rules if r.prefix == prefix}
            theirs = ", ".join(f"{t} {100 * po[t] / max(len(pairs), 1):.1f}" for t in POFILTER[prefix]) or "-"
            cells = " ".join(f"{rid} {100 * n / max(units, 1):.2f}" for rid, n in ours.items())
            print(f"  {prefix}: {cells}   | pofilter: {theirs}")
    print("\nPrecision from hand-judged findings (true + arguable) / judged:")
    for rule in rules:
        c = judged[rule.id]
        n = sum(c.values())
        if n:
            prec = (c["true"] + c["arguable"]) / n
            print(f"  {rule.id} {rule.name}: judged {n} (true {c['true']}, arguable {c['arguable']}, false {c['false']})"
                  f" precision {prec:.2f}{'' if rule.default else '  [off by default]'}")
        else:
            print(f"  {rule.id} {rule.name}: no findings judged")
    print(f"\nFalse findings of default rules among judged: {total_false} over {total_units} units = "
          f"{100 * total_false / max(total_units, 1):.2f} per 100 units (a lower bound: not every finding is judged)")
    estimate = 0.0
    for rule in rules:
        c = judged[rule.id]
        n = sum(c.values())
        if rule.default and n:
            estimate += all_findings[rule.id] * c["false"] / n
    print(f"Estimated false findings of default rules (each rule's findings x its judged false share): "
          f"{100 * estimate / max(total_units, 1):.2f} per 100 units")
    if dump:
        dump.close()


if __name__ == "__main__":
    main()
