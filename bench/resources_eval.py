"""Resource-file repositories: what tqa reads and reports; prints the figures of
docs/formats.md ("Resource files, measured").

    python bench/resources_eval.py                  # every repository below
    python bench/resources_eval.py --sample 12      # also print a sample of findings to judge
    python bench/resources_eval.py --langs vi,ru,fr,de

The locale folders of real public repositories are extracted (by the maintainer, with
the `fetch` tool and `git archive`) under /work/data/resources/<owner>+<name>/ with the
commit in COMMIT; set TQA_RESOURCES_DATA to use another place. Nothing of them is in
the project. Per repository: the pairs found per format, files and keys read, the
time of one whole `tqa check` run (all default checks, the target languages given
by --langs, in-process, one job), findings per 100 keys per rule.

Hand judgements live in bench/resources_verdicts.tsv (repository, rule, file, unit id,
verdict y/n, reason); precision per rule is computed from them: a finding judged `y`
is a real problem a maintainer would fix (or would have to decide about).
"""

from __future__ import annotations

import argparse
import collections
import csv
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = Path(os.environ.get("TQA_RESOURCES_DATA", "/work/data/resources"))
VERDICTS = ROOT / "bench" / "resources_verdicts.tsv"
REPOSITORIES = {
    # folder under DATA: what it shows
    "TeamNewPipe+NewPipe": "Android values-*/strings.xml",
    "mastodon+mastodon-ios": "iOS *.lproj .strings/.stringsdict, JSON",
    "flutter+gallery": "Flutter ARB (ICU)",
    "excalidraw+excalidraw": "JSON locales (flat/nested)",
    "diaspora+diaspora": "Rails YAML config/locales",
}


def check(root: Path, langs: list[str]):
    from qa_core.config import load_config
    from qa_core.manager import load_plugins
    from qa_core.runner import run

    plugins = load_plugins(())
    findings, inputs, seconds = [], [], 0.0
    for lang in langs:
        config = load_config(plugins.checks, isolated=True, cli={"source_lang": "en", "target_lang": lang})  # lang None: all
        started = time.perf_counter()
        result = run([str(root)], plugins, config, show_progress=False)
        seconds += time.perf_counter() - started
        if result.errors:
            for error in result.errors:
                print(f"    input error: {error}")
        findings.extend(result.findings)
        inputs.extend(result.inputs)
    return findings, inputs, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--langs", default="vi,ru,fr,de", help="target languages checked (comma-separated)")
    parser.add_argument("--sample", type=int, default=0, help="print N random findings per rule (seeded) to judge")
    parser.add_argument("--whole", action="store_true", help="also time `tqa check` on every language of each repository")
    parser.add_argument("repos", nargs="*", help="only these folders of the data")
    args = parser.parse_args()
    langs = [lang for lang in args.langs.split(",") if lang]
    if not DATA.is_dir():
        print(f"no data at {DATA}: see this script's docstring")
        return 0
    from qa_core.resources.layouts import find_pairs

    verdicts = _verdicts()
    judged_all: dict[str, list[int]] = collections.defaultdict(list)
    per_rule_all: collections.Counter = collections.Counter()
    keys_all = 0
    all_findings = []
    print(f"target languages: {', '.join(langs)} (source en); default checks; one process, one job; machine shared with other jobs")
    for name, what in REPOSITORIES.items():
        if args.repos and name not in args.repos:
            continue
        root = DATA / name
        if not root.is_dir():
            print(f"{name}: not present, skipped")
            continue
        commit = (root / "COMMIT").read_text().strip()[:12] if (root / "COMMIT").exists() else "?"
        plan = find_pairs(str(root), "en")
        chosen = [p for p in plan.pairs if any(p.target_lang.lower().split("-")[0] == lang for lang in langs)]
        by_format = collections.Counter(p.format for p in chosen)
        findings, inputs, seconds = check(root, langs)
        keys = sum(i.units for i in inputs)
        keys_all += keys
        files = len({i.path for i in inputs}) + len({p.source for p in chosen})
        print(f"\n{name} @ {commit} ({what})")
        print(f"  pairs found in the repository: {len(plan.pairs)}; checked ({', '.join(langs)}): {len(chosen)} "
              f"({', '.join(f'{k} {v}' for k, v in sorted(by_format.items()))})")
        print(f"  files read: {files}; keys (units) checked: {keys}; time: {seconds:.2f} s ({keys / seconds:,.0f} keys/s)")
        read_pairs, read_keys, read_seconds = _read_everything(root)
        print(f"  whole repository, reading and pairing only: {read_pairs} pairs, {read_keys} keys in {read_seconds:.2f} s")
        if args.whole:
            findings_all, inputs_all, seconds_all = check(root, [None])
            print(f"  whole repository, every language, default checks: {len(inputs_all)} pairs, "
                  f"{sum(i.units for i in inputs_all)} keys, {len(findings_all)} findings in {seconds_all:.1f} s")
        rules = collections.Counter(f.rule_id for f in findings)
        judged_here = _judged(verdicts, name, findings)
        for rule, values in judged_here.items():
            judged_all[rule].extend(values)
        for rule, count in sorted(rules.items()):
            judged = judged_here.get(rule, [])
            precision = f"  precision {sum(judged)}/{len(judged)}" if judged else ""
            print(f"    {rule} {count:6d}  {100 * count / max(keys, 1):6.2f} per 100 keys{precision}")
        per_rule_all.update(rules)
        all_findings.extend((name, f) for f in findings)
    print(f"\nall repositories: {keys_all} keys")
    for rule, count in sorted(per_rule_all.items()):
        judged = judged_all.get(rule, [])
        precision = f"  precision {sum(judged)}/{len(judged)} = {sum(judged) / len(judged):.0%}" if judged else ""
        print(f"  {rule} {count:6d}  {100 * count / max(keys_all, 1):6.2f} per 100 keys{precision}")
    single = [v for (repo, rule, _p, _u), v in verdicts.items() if rule == "RES003-1word"]
    if single:
        print(f"  (RES003 on single words, judged before min-words = 2: precision {sum(single)}/{len(single)})")
    if args.sample:
        _sample(all_findings, args.sample)
    return 0


def _read_everything(root: Path) -> tuple[int, int, float]:
    """Find every pair of the repository and read it into units (no checks)."""
    from qa_core.resources.layouts import find_pairs
    from qa_core.resources.pairs import open_pair

    started = time.perf_counter()
    plan = find_pairs(str(root), "en")
    keys = 0
    for pair in plan.pairs:
        keys += sum(1 for _ in open_pair(pair, str).units())
    return len(plan.pairs), keys, time.perf_counter() - started


def _verdicts() -> dict[tuple[str, str, str, str], int]:
    """(repository, rule, file inside it, unit id) -> 1 (real) or 0 (false alarm)."""
    out: dict[tuple[str, str, str, str], int] = {}
    if not VERDICTS.exists():
        return out
    with VERDICTS.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if not row or row[0].startswith("#") or row[0] == "repository":
                continue
            out[(row[0], row[1], row[2], row[3])] = 1 if row[4].strip() == "y" else 0
    return out


def _judged(verdicts, name: str, findings) -> dict[str, list[int]]:
    """Per rule, the verdicts of the judged findings this run still produces."""
    produced = {(f.rule_id, f.location.file.split(name + "/")[-1], f.location.unit_id) for f in findings}
    out: dict[str, list[int]] = collections.defaultdict(list)
    for (repo, rule, path, unit), verdict in verdicts.items():
        if repo == name and (rule, path, unit) in produced:
            out[rule].append(verdict)
    return out


def _sample(findings, per_rule: int) -> None:
    rng = random.Random(13)
    by_rule = collections.defaultdict(list)
    for name, finding in findings:
        by_rule[finding.rule_id].append((name, finding))
    print("\nsample to judge (repository, rule, file, unit, message | source | target):")
    for rule in sorted(by_rule):
        items = by_rule[rule]
        for name, f in rng.sample(items, min(per_rule, len(items))):
            context = f.context
            source = (context.source if context else "")[:90].replace("\n", " ")
            target = ((context.target or "") if context else "")[:90].replace("\n", " ")
            print(f"{name}\t{rule}\t{f.location.file.split(name + '/')[-1]}\t{f.location.unit_id}\t{f.message[:140]} | {source} | {target}")


if __name__ == "__main__":
    raise SystemExit(main())
