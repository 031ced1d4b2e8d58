"""Recall on real historical fixes: tqa and pofilter on PO entries that were later corrected.

A translator fixing a msgstr whose msgid (and msgctxt) did not change is a defect that a
person found. This bench takes such fixes from the git history of real PO files, writes
the version before the fix and the version after it as PO files (outside the project),
runs tqa (every default check) and pofilter on both, and prints per defect class:

* recall: the defects a tool saw -- a finding (tqa rule, pofilter test) on the version
  before the fix that the fixed version no longer has;
* "flagged": the defective units the tool flagged at all (any content finding);
* false alarms on the fixed versions: the fixed units a tool still flags (with the rules).

    python bench/po_history.py [--mirror /work/.mirror] [--data /work/data/po-recall] [--list]
    python bench/po_history.py mine REPO PATH [REPO PATH ...]   # candidates for a person to judge

The fixes are chosen by hand: `mine` walks every commit that touched a PO file and
writes the entries whose msgstr changed for the same key, with the checker-visible
difference that the fix removed (placeholder, number, tag, option, accelerator,
untranslated copy, whitespace or punctuation at the ends, line breaks), to
DATA/candidates.jsonl; a person reads each one and records in
bench/po_history_verdicts.tsv whether it fixes a real defect (verdict "defect") or is
a rewording or a style choice ("style"), with the defect class. Only the "defect" rows
are measured. The TSV names repository, file, the fixing commit and a hash of the
entry's key, never text of the files. The repositories are read from bare mirrors
(`fetch github:owner/name` puts one at MIRROR/owner+name/repo).

"Content findings" are every tqa rule except BAS001 (untranslated) and BAS006 (fuzzy)
and TQA notes, as in bench/real_po.py; pofilter runs with its default checks and
--nofuzzy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa_core.config import Config  # noqa: E402
from qa_core.manager import load_plugins  # noqa: E402
from qa_core.runner import run  # noqa: E402

VERDICTS = ROOT / "bench" / "po_history_verdicts.tsv"
DEFAULT_MIRROR = Path(os.environ.get("TQA_MIRROR", "/work/.mirror"))
DEFAULT_DATA = Path(os.environ.get("TQA_PO_RECALL", "/work/data/po-recall"))
STATUS_RULES = {"BAS001", "BAS006"}
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
_FIELD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')
_POFILTER = re.compile(r"^# \(pofilter\) ([\w-]+):", re.MULTILINE)


# --- reading PO entries from history -------------------------------------------------


@dataclass
class Entry:
    block: str
    flags: str = ""
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid or "", self.msgid_plural)


def _unquote(text: str) -> str:
    text = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def parse_po(text: str) -> dict[tuple, Entry]:
    """Translated or not, every live (non-obsolete) entry of a PO file, by key."""
    entries: dict[tuple, Entry] = {}
    for block in re.split(r"\n[ \t]*\n", text):
        entry = Entry(block.strip("\n"))
        current = None
        obsolete = False
        for line in entry.block.split("\n"):
            if line.startswith("#~"):
                obsolete = True
                break
            if line.startswith("#,"):
                entry.flags += line[2:]
                continue
            if line.startswith("#"):
                continue
            match = _FIELD.match(line)
            if match:
                name, index, value = match.group(1), match.group(2), _unquote(match.group(3))
                if name.startswith("msgstr"):
                    current = int(index or 0)
                    entry.msgstr[current] = value
                else:
                    current = name
                    setattr(entry, name, value)
            elif line.startswith('"') and current is not None:
                if isinstance(current, int):
                    entry.msgstr[current] += _unquote(line)
                else:
                    setattr(entry, current, getattr(entry, current) + _unquote(line))
        if not obsolete and entry.msgid:
            entries[entry.key] = entry
    return entries


def key_hash(key: tuple) -> str:
    ctx, msgid, plural = key
    return hashlib.sha1(f"{ctx or ''}\x04{msgid}\x00{plural or ''}".encode()).hexdigest()[:12]


def git_show(repo: Path, rev: str, path: str) -> str | None:
    done = subprocess.run(["git", "-C", str(repo), "show", f"{rev}:{path}"], capture_output=True)
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def mirror_dir(mirror: Path, repository: str) -> Path:
    return mirror / repository.replace("/", "+") / "repo"


# --- mining candidates ---------------------------------------------------------------

_PRINTF = re.compile(
    r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn]"
    r"|%\([a-z_]+\)[sd]|\{[a-zA-Z_0-9]*\}|\$\{[^}]*\}"
)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:_-]*(?:\s[^<>]*)?/?>")
_OPTION = re.compile(r"(?<![\w-])--?[a-zA-Z][-a-zA-Z0-9_]*")
_ENTITY = re.compile(r"&[a-z]+;")


def _accelerated(text: str) -> bool:
    """A GTK (_File) or Qt/KDE (&File) mnemonic anywhere in the text."""
    return bool(re.search(r"(?<![_\w])_(?=[^\W_])|(?<=[^\W_])_(?=[^\W_])(?![^\W_]*_)", text)
                or re.search(r"&[A-Za-z](?![a-z]*;)", text))


def _end_punct(text: str) -> bool:
    return bool(re.search(r"[.:!?…;]\s*$", text))


def visible_differences(source: str, target: str, flags: str) -> dict[str, bool]:
    """For each class a checker can see: does the target agree with the source?"""
    out = {}
    if "no-c-format" not in flags:
        out["placeholder"] = sorted(re.sub(r"^%\d+\$", "%", p) for p in _PRINTF.findall(source)) == sorted(
            re.sub(r"^%\d+\$", "%", p) for p in _PRINTF.findall(target))
    out["number"] = sorted(re.findall(r"\d+", source)) == sorted(re.findall(r"\d+", target))
    out["markup"] = sorted(_TAG.findall(source)) == sorted(_TAG.findall(target))
    out["entity"] = sorted(_ENTITY.findall(source)) == sorted(_ENTITY.findall(target))
    out["option"] = sorted(set(_OPTION.findall(source))) == sorted(set(_OPTION.findall(target)))
    out["accelerator"] = _accelerated(source) == _accelerated(target)
    out["whitespace-ends"] = (re.match(r"\s*", source).group(0), re.search(r"\s*$", source).group(0)) == (
        re.match(r"\s*", target).group(0), re.search(r"\s*$", target).group(0))
    out["line-breaks"] = source.count("\n") == target.count("\n")
    out["untranslated"] = source.strip() != target.strip()
    out["end-punctuation"] = _end_punct(source) == _end_punct(target)
    return out


def mine(mirror: Path, data: Path, pairs: list[tuple[str, str]]) -> int:
    data.mkdir(parents=True, exist_ok=True)
    out_path = data / "candidates.jsonl"
    written = 0
    with open(out_path, "a", encoding="utf-8") as out:
        for repository, path in pairs:
            repo = mirror_dir(mirror, repository)
            revs = subprocess.run(["git", "-C", str(repo), "log", "--format=%H", "--", path],
                                  capture_output=True, text=True).stdout.split()
            for rev in revs:
                after_text, before_text = git_show(repo, rev, path), git_show(repo, rev + "^", path)
                if not after_text or not before_text:
                    continue
                after, before = parse_po(after_text), parse_po(before_text)
                for key, old in before.items():
                    new = after.get(key)
                    if new is None or "fuzzy" in old.flags or "fuzzy" in new.flags or old.msgstr == new.msgstr:
                        continue
                    for index, was in old.msgstr.items():
                        now = new.msgstr.get(index)
                        if not was or not now or was == now:
                            continue
                        source = key[2] if key[2] and index else key[1]
                        then, fixed = visible_differences(source, was, old.flags), visible_differences(source, now, old.flags)
                        classes = [c for c in then if not then[c] and fixed.get(c)]
                        if classes:
                            out.write(json.dumps({"repository": repository, "path": path, "after": rev,
                                                  "hash": key_hash(key), "form": index, "classes": classes,
                                                  "source": source, "before": was, "fixed": now},
                                                 ensure_ascii=False) + "\n")
                            written += 1
            print(f"{repository} {path}: {len(revs)} commits", file=sys.stderr)
    print(f"{written} candidates appended to {out_path}", file=sys.stderr)
    return 0


# --- measuring -----------------------------------------------------------------------


@dataclass(frozen=True)
class Fix:
    repository: str
    path: str
    after: str
    hash: str
    defect: str


def load_fixes() -> tuple[list[Fix], Counter]:
    fixes, verdicts = [], Counter()
    for line in VERDICTS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        repository, path, after, hash_, defect, verdict = line.split("\t")[:6]
        verdicts[verdict] += 1
        if verdict == "defect":
            fixes.append(Fix(repository, path, after, hash_, defect))
    return fixes, verdicts


_HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {lang}\\n"\n'
           '"Plural-Forms: {plural}\\n"\n')
#: unchanged entries of the same file written around the fixes, so that what a check
#: learns from the whole file (conventions, length models) comes from the real file
CONTEXT = 400


def _language(path: str) -> str:
    return Path(path).stem


def _unit_id(entry: Entry) -> str:
    return entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"


def _translated(entry: Entry) -> bool:
    return any(entry.msgstr.values()) and "fuzzy" not in entry.flags


def write_sets(fixes: list[Fix], mirror: Path, data: Path) -> tuple[dict, list[str]]:
    """One file per fixing commit and side: the fixed entries as they were before (or
    after) the fix, among CONTEXT entries the commit did not change.

    Returns {(side, file, unit id): fix} and the list of problems (fixes not found)."""
    by_commit: dict[tuple[str, str, str], list[Fix]] = defaultdict(list)
    for fix in fixes:
        by_commit[(fix.repository, fix.path, fix.after)].append(fix)
    problems = []
    index = {}
    for side in ("before", "after"):
        (data / side).mkdir(parents=True, exist_ok=True)
        for old in (data / side).glob("*.po"):
            old.unlink()
    for (repository, path, after), group in sorted(by_commit.items()):
        repo = mirror_dir(mirror, repository)
        versions = []
        for rev in (after + "^", after):
            text = git_show(repo, rev, path)
            versions.append({key_hash(k): e for k, e in parse_po(text or "").items()})
        before, fixed = versions
        wanted = [f for f in group if f.hash in before and f.hash in fixed]
        for f in group:
            if f not in wanted:
                problems.append(f"{repository} {after[:10]} {f.hash}: entry not found (is the mirror there?)")
        if not wanted:
            continue
        hashes = {f.hash for f in wanted}
        context = sorted(h for h, e in before.items()
                         if h not in hashes and h in fixed and _translated(e) and fixed[h].msgstr == e.msgstr)[:CONTEXT]
        lang = _language(path)
        plural = "nplurals=1; plural=0;" if lang == "vi" else "nplurals=2; plural=(n != 1);"
        name = f"{repository.replace('/', '+')}-{Path(path).parent.name}-{lang}-{after[:10]}.po"
        for side, entries in (("before", before), ("after", fixed)):
            blocks = [_HEADER.format(lang=lang, plural=plural)]
            for h in sorted(hashes | set(context)):
                blocks.append("\n".join(l for l in entries[h].block.split("\n") if not l.startswith("#~")) + "\n")
            target = data / side / name
            target.write_text("\n".join(blocks), encoding="utf-8")
            for f in wanted:
                index[(side, str(target), _unit_id(entries[f.hash]))] = f
    return index, problems


def tqa_findings(folder: Path) -> dict[tuple[str, str], set[str]]:
    """Each file checked on its own, as its project would (no consistency across commits)."""
    plugins = load_plugins((), entry_points=False)
    findings = []
    for path in sorted(folder.glob("*.po")):
        result = run([str(path)], plugins, Config(), show_progress=False)
        for error in result.errors:
            print(f"input error: {error}", file=sys.stderr)
        findings.extend(result.findings)
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in findings:
        if f.rule_id in STATUS_RULES or f.rule_id.startswith("TQA"):
            continue
        unit = re.sub(r"\[\d+\]$", "", f.location.unit_id or "")
        out[(str(Path(f.location.file)), unit)].add(f.rule_id)
    return out


def pofilter_findings(folder: Path) -> dict[tuple[str, str], set[str]]:
    exe = Path(sys.executable).with_name("pofilter")
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(folder.glob("*.po")):
            target = Path(tmp) / path.name
            subprocess.run([str(exe), "--progress=none", "--nofuzzy", "-i", str(path), "-o", str(target)],
                           check=False, capture_output=True)
            if not target.exists():
                continue
            for block in re.split(r"\n[ \t]*\n", target.read_text(encoding="utf-8", errors="replace")):
                tests = set(_POFILTER.findall(block))
                entries = parse_po(block)
                for entry in entries.values():
                    out[(str(path), _unit_id(entry))] |= tests
    return out


def measure(args) -> int:
    fixes, verdicts = load_fixes()
    index, problems = write_sets(fixes, args.mirror, args.data)
    for problem in problems:
        print(problem, file=sys.stderr)
    per_side = {}
    for tool, finder in (("tqa", tqa_findings), ("pofilter", pofilter_findings)):
        per_side[tool] = {side: finder(args.data / side) for side in ("before", "after")}
    by_fix: dict[Fix, dict[str, tuple[str, str]]] = defaultdict(dict)
    for (side, file, unit), fix in index.items():
        by_fix[fix][side] = (file, unit)
    repos = sorted({f.repository + ":" + f.path for f in by_fix})
    print(f"{len(by_fix)} real defects later fixed (judged candidates: {dict(verdicts)}), "
          f"from {len(repos)} files: {', '.join(repos)}")
    classes = sorted({f.defect for f in by_fix})
    rows = []
    totals = Counter()
    listing = []
    for defect in classes + ["all"]:
        c = Counter()
        for fix, sides in by_fix.items():
            if defect != "all" and fix.defect != defect:
                continue
            c["n"] += 1
            for tool in ("tqa", "pofilter"):
                before = per_side[tool]["before"].get(sides["before"], set())
                after = per_side[tool]["after"].get(sides["after"], set())
                if before - after:
                    c[tool + " found"] += 1
                if before:
                    c[tool + " flagged"] += 1
                if after:
                    c[tool + " after"] += 1
                if defect == "all" and args.list:
                    listing.append(f"{tool:8} {fix.defect:16} {fix.repository} {fix.after[:10]} {fix.hash} "
                                   f"before={sorted(before)} after={sorted(after)}")
        rows.append((defect, c))
        if defect == "all":
            totals = c
    print(f"\n{'class':18}{'n':>4}  {'tqa found':>10}{'flagged':>9}  {'pofilter found':>15}{'flagged':>9}")
    for defect, c in rows:
        n = c["n"]
        print(f"{defect:18}{n:>4}  {c['tqa found']:>4} {c['tqa found'] / n:>5.2f}{c['tqa flagged']:>9}  "
              f"{c['pofilter found']:>8} {c['pofilter found'] / n:>6.2f}{c['pofilter flagged']:>9}")
    per_class = [c for d, c in rows if d != "all"]
    means = {tool: sum(c[tool + " found"] / c["n"] for c in per_class) / len(per_class) for tool in ("tqa", "pofilter")}
    print(f"{'mean of classes':18}{'':>4}  {'':>4} {means['tqa']:>5.2f}{'':>9}  {'':>8} {means['pofilter']:>6.2f}")
    n = totals["n"]
    print(f"\nfixed versions still flagged (false alarms if the fix is right): "
          f"tqa {totals['tqa after']}/{n} ({totals['tqa after'] / n:.2f}), "
          f"pofilter {totals['pofilter after']}/{n} ({totals['pofilter after'] / n:.2f})")
    for tool in ("tqa", "pofilter"):
        rules = Counter(r for fix, sides in by_fix.items() for r in per_side[tool]["after"].get(sides["after"], ()))
        print(f"  {tool} on fixed versions, by check: {dict(rules.most_common())}")
    for line in listing:
        print(line)
    return 0


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "mine":
        parser = argparse.ArgumentParser(prog="po_history.py mine")
        parser.add_argument("pairs", nargs="+", help="REPOSITORY PATH pairs, e.g. git/git po/vi.po")
        parser.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR)
        parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
        args = parser.parse_args(sys.argv[2:])
        if len(args.pairs) % 2:
            parser.error("give REPOSITORY PATH pairs")
        return mine(args.mirror, args.data, list(zip(args.pairs[::2], args.pairs[1::2])))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR, help="bare mirrors (default %(default)s)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="where the PO files are written (default %(default)s)")
    parser.add_argument("--list", action="store_true", help="list every fix with each tool's checks before and after")
    args = parser.parse_args()
    return measure(args)


if __name__ == "__main__":
    sys.exit(main())
