"""Resource-file repositories: what tqa reads and reports; prints the figures of
docs/formats.md ("Resource files, measured").

    python bench/resources_eval.py                  # every repository below
    python bench/resources_eval.py --sample 12      # also print a sample of findings to judge
    python bench/resources_eval.py --langs vi,ru,fr,de
    python bench/resources_eval.py --set heldout --sample 10   # the held-out repositories

The locale folders of real public repositories are extracted (by the maintainer, with
the `fetch` tool and `git archive`) under /work/data/resources/<owner>+<name>/ with the
commit in COMMIT; set TQA_RESOURCES_DATA to use another place. Nothing of them is in
the project. Per repository: the pairs found per format, files and keys read, the
time of one whole `tqa check` run (all default checks, the target languages given
by --langs, in-process, one job), findings per 100 keys per rule.

`--set heldout` takes the repositories chosen by the rule of docs/formats.md ("Held-out
repositories"), extracted under /work/data/res-heldout/ (TQA_RESOURCES_HELDOUT), and
also looks for crashes on every language: a pair that raises when read, a file whose
path names a language but that no pair claims.

Hand judgements live in bench/resources_verdicts.tsv (repository, rule, file, unit id,
verdict, reason); precision per rule is computed from them. The tuned set was judged
y/n: `y` a real problem a maintainer would fix (or would have to decide about). The
held-out set is judged y/a/n: `a` is arguable (a defensible choice, or a real problem
the message describes imprecisely); strict precision counts `y`, lenient `y` and `a`.
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
HELDOUT = Path(os.environ.get("TQA_RESOURCES_HELDOUT", "/work/data/res-heldout"))
VERDICTS = ROOT / "bench" / "resources_verdicts.tsv"
TUNED = {
    # folder under DATA: what it shows
    "TeamNewPipe+NewPipe": "Android values-*/strings.xml",
    "mastodon+mastodon-ios": "iOS *.lproj .strings/.stringsdict, JSON",
    "flutter+gallery": "Flutter ARB (ICU)",
    "excalidraw+excalidraw": "JSON locales (flat/nested)",
    "diaspora+diaspora": "Rails YAML config/locales",
}
#: chosen by name before any file was opened (docs/formats.md, "Held-out repositories")
HELDOUT_REPOSITORIES = {
    "JabRef+jabref": "Java .properties (JabRef_{lang}.properties)",
    "ShareX+ShareX": ".NET .resx (Form.{lang}.resx)",
    "mozilla+send": "Fluent .ftl (public/locales/{lang}/send.ftl)",
    "Dimillian+IceCubesApp": "String Catalog (Localizable.xcstrings)",
    "outline+outline": "i18next JSON with plurals (shared/i18n/locales/{lang}/translation.json)",
    "louislam+uptime-kuma": "vue-i18n JSON (src/lang/{lang}.json)",
    "wallabag+wallabag": "Symfony YAML (translations/messages.{lang}.yml)",
    "AntennaPod+AntennaPod": "Android strings.xml (ui/i18n/src/main/res/values-{lang}/)",
}
SETS = {"tuned": (DATA, TUNED), "heldout": (HELDOUT, HELDOUT_REPOSITORIES)}


def check(root: Path, langs: list[str]):
    from qa_core.config import load_config
    from qa_core.errors import InputError
    from qa_core.manager import load_plugins
    from qa_core.runner import run

    plugins = load_plugins(())
    findings, inputs, seconds = [], [], 0.0
    for lang in langs:
        config = load_config(plugins.checks, isolated=True, cli={"source_lang": "en", "target_lang": lang})  # lang None: all
        started = time.perf_counter()
        try:
            result = run([str(root)], plugins, config, show_progress=False)
        except InputError as error:  # `tqa check` would exit 2
            print(f"    {lang}: input error (exit 2): {str(error)[:160]}")
            continue
        finally:
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
    parser.add_argument("--set", choices=sorted(SETS), default="tuned", help="tuned: the five repositories tuned on; heldout: the eight held out")
    parser.add_argument("repos", nargs="*", help="only these folders of the data")
    args = parser.parse_args()
    langs = [lang for lang in args.langs.split(",") if lang]
    data, repositories = SETS[args.set]
    if not data.is_dir():
        print(f"no data at {data}: see this script's docstring")
        return 0
    from qa_core.resources.layouts import find_pairs

    verdicts = _verdicts()
    judged_all: dict[str, list[str]] = collections.defaultdict(list)
    per_rule_all: collections.Counter = collections.Counter()
    keys_all = 0
    all_findings = []
    print(f"target languages: {', '.join(langs)} (source en); default checks; one process, one job; machine shared with other jobs")
    for name, what in repositories.items():
        if args.repos and name not in args.repos:
            continue
        root = data / name
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
        read_pairs, read_keys, read_seconds, crashes, unpaired = _read_everything(root)
        print(f"  whole repository, reading and pairing only: {read_pairs} pairs, {read_keys} keys in {read_seconds:.2f} s")
        print(f"  crashes reading a pair: {len(crashes)}; files naming a language that no pair claims: {len(unpaired)}")
        for line in crashes[:5] + unpaired[:5]:
            print(f"    {line}")
        if args.whole:
            findings_all, inputs_all, seconds_all = check(root, [None])
            print(f"  whole repository, every language, default checks: {len(inputs_all)} pairs, "
                  f"{sum(i.units for i in inputs_all)} keys, {len(findings_all)} findings in {seconds_all:.1f} s")
        rules = collections.Counter(f.rule_id for f in findings)
        judged_here = _judged(verdicts, name, findings)
        for rule, values in judged_here.items():
            judged_all[rule].extend(values)
        for rule, count in sorted(rules.items()):
            print(f"    {rule} {count:6d}  {100 * count / max(keys, 1):6.2f} per 100 keys{_precision(judged_here.get(rule, []))}")
        per_rule_all.update(rules)
        all_findings.extend((name, f) for f in findings)
    print(f"\nall repositories: {keys_all} keys")
    for rule, count in sorted(per_rule_all.items()):
        print(f"  {rule} {count:6d}  {100 * count / max(keys_all, 1):6.2f} per 100 keys{_precision(judged_all.get(rule, []), True)}")
    judged = [v for values in judged_all.values() for v in values]
    if judged:
        print(f"  every judged finding:{_precision(judged, True)}")
    single = [v == "y" for (repo, rule, _p, _u), v in verdicts.items() if rule == "RES003-1word"]
    if single and args.set == "tuned":
        print(f"  (RES003 on single words, judged before min-words = 2: precision {sum(single)}/{len(single)})")
    if args.sample:
        _sample(all_findings, args.sample)
    return 0


def _precision(verdicts: list[str], percent: bool = False) -> str:
    """'  precision 9/10' (strict: y), with the lenient figure (y or a) when any is arguable."""
    if not verdicts:
        return ""
    strict, lenient, n = verdicts.count("y"), verdicts.count("y") + verdicts.count("a"), len(verdicts)
    text = f"  precision {strict}/{n}" + (f" = {strict / n:.0%}" if percent else "")
    if lenient != strict:
        text += f", lenient {lenient}/{n}" + (f" = {lenient / n:.0%}" if percent else "")
    return text


def _read_everything(root: Path) -> tuple[int, int, float, list[str], list[str]]:
    """Find every pair of the repository and read it into units (no checks); the pairs
    that raise when read, and the files whose path names a language but no pair claims."""
    import traceback

    from qa_core.errors import InputError
    from qa_core.resources.layouts import find_pairs, place
    from qa_core.resources.pairs import open_pair

    started = time.perf_counter()
    plan = find_pairs(str(root), "en")
    keys = 0
    crashes = []
    for pair in plan.pairs:
        try:
            keys += sum(1 for _ in open_pair(pair, str).units())
        except InputError as error:
            crashes.append(f"input error (exit 2): {error}")
        except Exception as error:  # noqa: BLE001 - a crash is what this looks for
            where = traceback.extract_tb(error.__traceback__)[-1]
            crashes.append(f"{pair.target}: {type(error).__name__}: {error} ({os.path.basename(where.filename)}:{where.lineno})")
    seconds = time.perf_counter() - started
    unpaired = []
    for folder, _subfolders, names in os.walk(root):
        for name in sorted(names):
            path = os.path.join(folder, name)
            placed = place(path, str(root))
            if placed is not None and placed.lang is not None and path not in plan.claimed and placed.format != "xcstrings":
                unpaired.append(f"not paired: {os.path.relpath(path, root)}")
    return len(plan.pairs), keys, seconds, crashes, unpaired


def _verdicts() -> dict[tuple[str, str, str, str], str]:
    """(repository, rule, file inside it, unit id) -> 'y' (real), 'a' (arguable) or 'n' (false alarm)."""
    out: dict[tuple[str, str, str, str], int] = {}
    if not VERDICTS.exists():
        return out
    with VERDICTS.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if not row or row[0].startswith("#") or row[0] == "repository":
                continue
            out[(row[0], row[1], row[2], row[3])] = row[4].strip() if row[4].strip() in ("y", "a") else "n"
    return out


def _judged(verdicts, name: str, findings) -> dict[str, list[str]]:
    """Per rule, the verdicts of the judged findings this run still produces."""
    produced = {(f.rule_id, f.location.file.split(name + "/")[-1], f.location.unit_id) for f in findings}
    out: dict[str, list[str]] = collections.defaultdict(list)
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
            source = (context.source if context else "")[:200].replace("\n", " ")
            target = ((context.target or "") if context else "")[:200].replace("\n", " ")
            print(f"{name}\t{rule}\t{f.location.file.split(name + '/')[-1]}\t{f.location.unit_id}\t{f.message[:140]} | {source} | {target}")


if __name__ == "__main__":
    raise SystemExit(main())
