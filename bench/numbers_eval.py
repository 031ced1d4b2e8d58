"""Measure the numbers check (NUM001-NUM008) against pofilter's numbers check.

1. DEMETR numbers_replaced (../shared/data/demetr): for every item whose perturbation
   was applied (pert_check), the check runs on (source, clean MT) and on (source,
   perturbed MT). Recall = perturbed items flagged; false alarms = clean items
   flagged. Overall and per source language.
2. The real Vietnamese files (Symfony validators/security/form, Loop iOS, gnome-
   calculator): every finding is looked up in bench/numbers_verdicts.tsv, where a
   person recorded whether it is real or false; the bench prints precision, false
   findings per 100 units, and any finding nobody has reviewed yet.
3. pofilter: translate-toolkit's StandardChecker().numbers on exactly the same pairs.

    TQA_SHARED_DATA=/path/to/shared/data python bench/numbers_eval.py [--list] [--write-unreviewed]

--list prints every finding on the real files; --write-unreviewed appends the
unreviewed ones to the verdicts file with the verdict "?" for a person to fill in.
The verdicts file holds fingerprint, verdict (real|false), rule, file and a note in
the reviewer's own words, never text of the data files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import DEMETR_LANGS  # noqa: E402

from qa_core.config import Config, Layer  # noqa: E402
from qa_core.model import Content, Document, File, Segment, Unit  # noqa: E402
from qa_core.runner import check_document  # noqa: E402
from qa_core.testing import default_plugins  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VERDICTS = ROOT / "bench" / "numbers_verdicts.tsv"
REAL_FILES = (
    ("symfony-xliff12/validator/Resources/translations/validators.vi.xlf", "en", "vi"),
    ("symfony-xliff12/security-core/Resources/translations/security.vi.xlf", "en", "vi"),
    ("symfony-xliff12/form/Resources/translations/validators.vi.xlf", "en", "vi"),
    ("loop-ios-xliff-vi/vi.xcloc/Localized Contents/vi.xliff", "en", "vi"),
    ("po-vi-samples/gnome-calculator/po/vi.po", "en", "vi"),
)
IWSLT = "iwslt15-en-vi-ted-docs (tst2010-2012, dev2010)"
REACT = "react-dev-en-vi-docs (aligned by tqa)"


def label(name: str) -> str:
    """A short name for the table: symfony validator, loop, gnome-calculator, iwslt."""
    parts = name.split("/")
    if name.startswith("symfony"):
        return f"symfony {parts[1]}"
    return {"loop-ios-xliff-vi": "loop (iOS, XLIFF 1.2)", "po-vi-samples": "gnome-calculator (PO)"}.get(parts[0], name.split(" ")[0])
#: rules that say a value is wrong (NUM007 approximation and NUM008 notation are minor)
VALUE_RULES = {"NUM001", "NUM002", "NUM003", "NUM004", "NUM005", "NUM006"}


def shared_data() -> Path | None:
    env = os.environ.get("TQA_SHARED_DATA")
    path = Path(env) if env else ROOT.parent / "shared" / "data"
    return path if path.is_dir() else None


def _document(path: str, pairs: list[tuple[str, str, str]], source_lang: str, target_lang: str) -> Document:
    file = File(id="f1", original=path, source_lang=source_lang, target_lang=target_lang)
    units = [
        Unit(id=uid, segments=(Segment(source=Content(src), target=Content(tgt)),), file=file)
        for uid, src, tgt in pairs
    ]
    return Document(path=path, format="bench", units=lambda: iter(units), source_lang=source_lang, target_lang=target_lang)


def run_num(document: Document):
    plugins = default_plugins()
    config = Config(layers=[Layer("bench", select=("NUM",))])
    return check_document(document, plugins, config).findings


def pofilter_flags(source: str, target: str, checker) -> bool:
    from translate.filters.checks import FilterFailure

    try:
        return not checker.numbers(source, target)
    except FilterFailure:
        return True


# ---------------------------------------------------------------------------
# DEMETR
# ---------------------------------------------------------------------------


def demetr(data: Path, show: bool) -> dict:
    from translate.filters.checks import StandardChecker

    items = json.loads((data / "demetr" / "dataset" / "critical_id10_numbers_replaced.json").read_text(encoding="utf-8"))
    items = [x for x in items if x.get("pert_check")]
    checker = StandardChecker()
    by_lang: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        by_lang[DEMETR_LANGS[item["lang_tag"]]].append(item)
    rows = {}
    totals = Counter()
    clock = time.perf_counter()
    for lang, group in sorted(by_lang.items()):
        clean = run_num(_document(f"demetr-{lang}-clean", [(str(x["id"]), x["src_sent"], x["mt_sent"]) for x in group], lang, "en"))
        pert = run_num(_document(f"demetr-{lang}-pert", [(str(x["id"]), x["src_sent"], x["pert_sent"]) for x in group], lang, "en"))
        c = Counter()
        c["items"] = len(group)
        for name, findings in (("clean", clean), ("pert", pert)):
            flagged_any = {f.location.unit_id for f in findings}
            flagged_value = {f.location.unit_id for f in findings if f.rule_id in VALUE_RULES}
            c[f"{name}_any"] = len(flagged_any)
            c[f"{name}_value"] = len(flagged_value)
            if show:
                for item in group:
                    uid = str(item["id"])
                    want = name == "pert"
                    if (uid in flagged_any) != want:
                        label = "MISSED" if want else "FALSE ALARM"
                        print(f"[{lang} {name} {label}] {item['src_sent']}\n    {item['mt_sent' if name == 'clean' else 'pert_sent']}")
                        for f in findings:
                            if f.location.unit_id == uid:
                                print(f"    {f.rule_id} {f.message}")
        for item in group:
            c["pofilter_clean"] += pofilter_flags(item["src_sent"], item["mt_sent"], checker)
            c["pofilter_pert"] += pofilter_flags(item["src_sent"], item["pert_sent"], checker)
        rows[lang] = c
        totals.update(c)
    elapsed = time.perf_counter() - clock
    print("\n## DEMETR critical_id10_numbers_replaced (items with pert_check), xx→en")
    print(f"{'lang':6}{'items':>7}{'recall':>9}{'false alarms':>14}{'recall*':>9}{'FA*':>7}{'pofilter recall':>17}{'pofilter FA':>13}")
    for lang, c in list(rows.items()) + [("all", totals)]:
        n = c["items"]
        print(
            f"{lang:6}{n:>7}{c['pert_any'] / n:>9.3f}{c['clean_any'] / n:>14.3f}{c['pert_value'] / n:>9.3f}{c['clean_value'] / n:>7.3f}"
            f"{c['pofilter_pert'] / n:>17.3f}{c['pofilter_clean'] / n:>13.3f}"
        )
    print("recall/false alarms: any NUM finding; recall*/FA*: NUM001-NUM006 only (no approximation, no number format).")
    print(f"({2 * totals['items']} pairs checked in {elapsed:.1f} s)")
    return {"rows": rows, "totals": totals}


# ---------------------------------------------------------------------------
# Real Vietnamese files
# ---------------------------------------------------------------------------


def read_pairs(path: Path) -> list[tuple[str, str, str]]:
    """(unit id, source, target) of every translated unit, read with translate-toolkit
    until tqa's own readers land on main."""
    from translate.storage import factory

    store = factory.getobject(str(path))
    out = []
    for index, unit in enumerate(store.units):
        if unit.isheader() or not unit.istranslatable():
            continue
        target = unit.target
        if target is None or not str(target).strip():
            continue
        if hasattr(unit, "isfuzzy") and unit.isfuzzy() and path.suffix == ".po":
            continue
        uid = unit.getid() or str(index)
        out.append((str(uid), str(unit.source), str(target)))
    return out


def load_verdicts() -> dict[str, tuple[str, str]]:
    verdicts = {}
    if VERDICTS.is_file():
        for line in VERDICTS.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            fingerprint, verdict = parts[0], parts[1]
            note = parts[-1] if len(parts) > 2 else ""
            verdicts[fingerprint] = (verdict, note)
    return verdicts


def pofilter_key(name: str, unit_id: str) -> str:
    """The verdicts file's key for a unit pofilter flags (unit ids may hold the data's text)."""
    return "pofilter-" + hashlib.sha256(f"{name}\x1f{unit_id}".encode("utf-8")).hexdigest()[:23]


def real_files(data: Path, show: bool, write_unreviewed: bool) -> dict:
    from translate.filters.checks import StandardChecker

    checker = StandardChecker()
    verdicts = load_verdicts()
    totals = Counter()
    software = Counter()
    unreviewed: list[tuple[str, str, str]] = []  # key, rule, file
    seen: set[str] = set()
    print("\n## Real vi files: every finding (tqa's and pofilter's) reviewed by hand (bench/numbers_verdicts.tsv)")
    print(f"{'':44}{'':>6} {'tqa NUM001-NUM008':^33} {'pofilter numbers':^26}")
    print(f"{'file':44}{'units':>6} {'found':>6}{'real':>5}{'false':>6}{'f/100u':>8}{'prec.':>7}  {'flags':>6}{'real':>5}{'false':>6}{'f/100u':>8}")
    sets = [(relative, source_lang, target_lang, lambda r=relative: read_pairs(data / r)) for relative, source_lang, target_lang in REAL_FILES]
    # human subtitles of TED talks, freer than software strings: a harder test of precision
    sets.append((IWSLT, "en", "vi", lambda: iwslt_pairs(data)))

    def row(name: str, c: Counter) -> str:
        ours = c["real"] + c["false"]
        precision = f"{c['real'] / ours:.2f}" if ours else "-"
        return (f"{name[:44]:44}{c['units']:>6} {c['found']:>6}{c['real']:>5}{c['false']:>6}{100 * c['false'] / max(1, c['units']):>8.2f}"
                f"{precision:>7}  {c['po']:>6}{c['po_real']:>5}{c['po_false']:>6}{100 * c['po_false'] / max(1, c['units']):>8.2f}")

    # react.dev documentation pages, aligned paragraph by paragraph by tqa itself
    sets.append((REACT, "en", "vi", lambda: react_documents(data)))
    for relative, source_lang, target_lang, load in sets:
        loaded = load()
        if not loaded:
            print(f"{relative}: absent, skipped")
            continue
        if isinstance(loaded[0], Document):
            pairs = [(f"{d.path}#{u.id}", u.source.text, u.target.text if u.target is not None else "") for d in loaded for u in d.units()]
            findings = [f for d in loaded for f in run_num(d)]
        else:
            pairs = loaded
            findings = run_num(_document(relative, pairs, source_lang, target_lang))
        c = Counter(units=len(pairs), found=len(findings))
        for f in findings:
            seen.add(f.fingerprint)
            verdict = verdicts.get(f.fingerprint, ("?", ""))[0]
            c[verdict] += 1
            if verdict == "?":
                unreviewed.append((f.fingerprint, f.rule_id, relative))
            if show:
                print(f"  [{verdict}] {f.fingerprint} {f.rule_id} unit={f.location.unit_id!r}: {f.message}")
        for uid, src, tgt in pairs:
            if pofilter_flags(src, tgt, checker):
                key = pofilter_key(relative, uid)
                seen.add(key)
                verdict = verdicts.get(key, ("?", ""))[0]
                c["po"] += 1
                c["po_" + verdict] += 1
                if verdict == "?":
                    unreviewed.append((key, "pofilter-numbers", relative))
                if show:
                    print(f"  [pofilter {verdict}] {key} unit={uid!r}")
        totals.update(c)
        if relative not in (IWSLT, REACT):
            software.update(c)
        print(row(label(relative), c))
    print(row("all", totals))
    print(row("software strings (symfony+loop+gnome)", software))
    print("precision: tqa {:.3f} ({}/{}), pofilter {:.3f} ({}/{})".format(
        totals["real"] / max(1, totals["real"] + totals["false"]), totals["real"], totals["real"] + totals["false"],
        totals["po_real"] / max(1, totals["po_real"] + totals["po_false"]), totals["po_real"], totals["po_real"] + totals["po_false"]))
    stale = sorted(set(verdicts) - seen)
    if stale:
        print(f"{len(stale)} verdict(s) match no finding any more (fixed, or the matched text changed): {', '.join(stale)}")
    if unreviewed:
        print(f"{len(unreviewed)} finding(s) not reviewed yet (verdict '?'): run with --list, then record them in {VERDICTS.name}")
        if write_unreviewed:
            with open(VERDICTS, "a", encoding="utf-8") as handle:
                for key, rule, name in dict.fromkeys(unreviewed):  # the same fingerprint twice in a unit: once
                    # no text of the file here: the data may not be copied into the project
                    handle.write(f"{key}\t?\t{rule}\t{name}\t\n")
    return {"totals": totals, "software": software, "unreviewed": len(unreviewed)}


# ---------------------------------------------------------------------------
# The case files: the vi/en examples of the issue, written for tqa
# ---------------------------------------------------------------------------


def case_files() -> None:
    """pofilter on the NUM case files: each case says whether the pair has a number
    problem (a failing case) or not (a passing case); tqa's own results on them are
    enforced by tests/test_cases.py."""
    from translate.filters.checks import StandardChecker

    from qa_core.testing import cases, run_case

    checker = StandardChecker()
    counts = Counter()
    for case in cases(ROOT / "tests" / "cases"):
        if not case.rule.startswith("NUM") or "units" in case.spec:
            continue
        source, target = case.spec["source"]["text"], case.spec["target"]["text"]
        bad = bool(case.expect)
        flagged = pofilter_flags(source, target, checker)
        ours = bool(run_case(case))
        counts["bad" if bad else "good"] += 1
        counts["pofilter-" + ("hit" if bad and flagged else "alarm" if flagged else "quiet")] += 1
        counts["tqa-" + ("hit" if bad and ours else "alarm" if ours else "quiet")] += 1
    bad, good = counts["bad"], counts["good"]
    print(f"\n## The NUM case files ({bad} pairs with a number problem, {good} without), vi↔en and en→en")
    print("(tqa is right on every case by construction: the case files are its tests; pofilter is the comparison)")
    for name in ("tqa", "pofilter"):
        hits, alarms = counts[f"{name}-hit"], counts[f"{name}-alarm"]
        precision = hits / max(1, hits + alarms)
        print(f"{name:9} recall {hits / max(1, bad):.3f}  false alarms {alarms}/{good}  precision {precision:.3f}")


# ---------------------------------------------------------------------------
# Speed
# ---------------------------------------------------------------------------


def iwslt_pairs(data: Path) -> list[tuple[str, str, str]]:
    """The aligned en-vi segments of the IWSLT'15 TED test sets (real sentences, for timing)."""
    from lxml import etree

    from qa_core.formats import check_xml_prolog, parser_options

    folder = data / "iwslt15-en-vi-ted-docs" / "data"
    pairs = []
    for en_path in sorted(folder.glob("IWSLT15.TED.*.en-vi.en.xml")):
        vi_path = en_path.with_name(en_path.name.replace(".en.xml", ".vi.xml"))
        sides = []
        for path in (en_path, vi_path):
            check_xml_prolog(str(path))
            tree = etree.parse(str(path), etree.XMLParser(**parser_options()))
            sides.append({(seg.getparent().get("docid"), seg.get("id")): (seg.text or "").strip() for seg in tree.iter("seg")})
        for key, english in sides[0].items():
            if key in sides[1]:
                pairs.append((f"{key[0]}-{key[1]}", english, sides[1][key]))
    return pairs


def react_documents(data: Path) -> list[Document]:
    """The react.dev en/vi Markdown page pairs, aligned by tqa's own aligner (what
    `tqa check --source en.md --target vi.md` checks). Paths are kept relative to the
    data folder so that fingerprints do not depend on where it lives."""
    from qa_core.align.document import aligned_document
    from qa_core.documents import read_document

    folder = data / "react-dev-en-vi-docs"
    manifest = folder / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    documents = []
    here = os.getcwd()
    os.chdir(folder)
    try:
        for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
            relative = line.split("\t")[0]
            if not (Path("en") / relative).is_file() or not (Path("vi") / relative).is_file():
                continue
            source, target = read_document(f"en/{relative}"), read_document(f"vi/{relative}")
            document, _ = aligned_document(source, target, "en", "vi", hook=default_plugins().hook)
            units = list(document.units())  # read now, while the relative paths resolve
            documents.append(Document(path=f"react-dev-en-vi-docs/{document.path}", format=document.format,
                                      units=lambda u=units: iter(u), source_lang="en", target_lang="vi"))
    finally:
        os.chdir(here)
    return documents


def speed(data: Path) -> None:
    from qa_core import quantities

    pairs = iwslt_pairs(data)
    if not pairs:
        print("\n## Speed: IWSLT'15 data absent, skipped")
        return
    print(f"\n## Speed on {len(pairs)} IWSLT'15 TED en→vi segment pairs (real sentences)")
    quantities._extract.cache_clear()
    clock = time.perf_counter()
    count = 0
    for _, english, vietnamese in pairs:
        count += len(quantities.extract(english, "en")) + len(quantities.extract(vietnamese, "vi"))
    extract_time = time.perf_counter() - clock
    print(f"extract(): {2 * len(pairs) / extract_time:,.0f} texts/s ({count} quantities), cache cleared first")
    quantities._extract.cache_clear()
    clock = time.perf_counter()
    findings = run_num(_document("iwslt", pairs, "en", "vi"))
    check_time = time.perf_counter() - clock
    print(f"the numbers check through the runner: {len(pairs) / check_time:,.0f} units/s ({len(findings)} findings, the ones reviewed above)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print every finding on the real files and every DEMETR miss/false alarm")
    parser.add_argument("--write-unreviewed", action="store_true", help="append unreviewed findings to the verdicts file")
    args = parser.parse_args(argv)
    data = shared_data()
    if data is None:
        print("shared data not found: set TQA_SHARED_DATA or put shared/data beside the repository", file=sys.stderr)
        return 2
    demetr(data, args.list)
    real_files(data, args.list, args.write_unreviewed)
    case_files()
    speed(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
