"""Evaluate the omission plugin (OMI001-OMI009); prints the figures quoted in docs/omission.md.

    python bench/omission_eval.py                  # everything
    python bench/omission_eval.py documents        # or: segments, demetr, mqm
    python bench/omission_eval.py documents --lexicon LEX --splits dev,fresh,react
                                # aligned with a lexicon file (tqa lexicon learn), only these splits

Every data set is read from ../shared/data (or $TQA_SHARED_DATA) and run through the
real check (`qa_core.runner.check_document` with the OMI rules selected). Beside tqa,
translate-toolkit's pofilter checks `sentencecount` and `short` (StandardChecker) run
on exactly the same (source, target) pairs where a per-unit comparison makes sense.
False alarms are counted per 100 clean units.

1. documents: IWSLT'15 en-vi talks perturbed as in bench/align_eval.py (vi source, en
   target; 2 single paragraphs and a block of 3 deleted, 2 paragraphs of another talk
   inserted, a merge, a split; seeds 0-4), aligned with `tqa`'s aligner and checked:
   OMI001 against the deleted source paragraphs, OMI002-OMI004 against the inserted
   ones. react.dev en/vi page pairs: each page is aligned as it is (its own unaligned
   paragraphs are real differences with no gold, left out of the scoring), then 2
   single target paragraphs and a block of 3 that were linked 1-1 are deleted and the
   page checked again.
2. segments: IWSLT paragraphs of 2-5 segments as units (vi source, en target), one
   document per talk; in a fifth of the units (chosen per talk with a fixed seed) one
   English segment is deleted. Recall of OMI005 and of any omission rule on those,
   false alarms on the untouched units. dev2010+tst2010 were used to set thresholds;
   tst2011+tst2012 are held out. react.dev pages: the paragraph pairs the aligner
   links 1-1, one document per page; in a fifth of those whose Vietnamese target has
   two sentences or more, one target sentence is deleted (false alarms counted on the
   untouched units whose source has two sentences or more).
3. demetr: DEMETR's removal perturbations (named entity, noun, verb, subject,
   adjective/adverb, prepositional phrase; and conjunction), items whose perturbation
   was applied: recall per type on the perturbed translation, false alarms on the
   clean translation of the same items; one document per file and source language,
   clean and perturbed units together.
4. mqm: Google's MQM annotations of WMT21 TED talks (en-de, zh-en): segments that a
   rater marked Accuracy/Omission against segments every rater found without error;
   one document per system and talk.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from _shared import DEMETR_LANGS, DEMETR_REMOVALS, DEV_SETS, FRESH_SETS, TEST_SETS, iwslt_talks, require
from align_eval import make_case

from qa_core.align.document import aligned_document
from qa_core.config import Config, Layer
from qa_core.documents import Paragraph, Piece, TextDocument
from qa_core.manager import load_plugins
from qa_core.model import Content, Document, File, Segment, Unit
from qa_core.runner import check_document

PLUGINS = load_plugins(entry_points=False)
#: `--lexicon LEX`: a lexicon file (tqa lexicon learn) every document pair is aligned with
LEXICON: str | None = None
#: `--splits dev,fresh`: the IWSLT splits `documents` scores (default all three and react.dev)
SPLITS: tuple[str, ...] = ("dev", "test", "fresh", "react")


def _table(source_lang: str, target_lang: str):
    """The user's table and whether to count the shipped one (the shipped one by default for vi-en; `--lexicon none`: without it)."""
    from qa_core.align.lexicon_file import aligner_inputs

    return aligner_inputs(LEXICON, source_lang, target_lang)
OMISSION_RULES = ("OMI001", "OMI005", "OMI006", "OMI008", "OMI009", "OMI012")  # Accuracy/Omission
ADDITION_RULES = ("OMI002", "OMI003", "OMI004", "OMI007")


def config() -> Config:
    return Config(layers=[Layer("bench", select=("OMI",))])


# ---------------------------------------------------------------------------
# pofilter
# ---------------------------------------------------------------------------


def _checker():
    from translate.filters import checks

    return checks, checks.StandardChecker()


def pofilter_flags(source: str, target: str) -> set[str]:
    """The failing tests among pofilter's sentencecount and short for one pair."""
    checks, checker = _POF
    failed = set()
    for test in ("sentencecount", "short"):
        try:
            getattr(checker, test)(source, target)
        except checks.FilterFailure:
            failed.add(test)
    return failed


_POF = _checker()


# ---------------------------------------------------------------------------
# Building documents
# ---------------------------------------------------------------------------


def text_document(path: str, texts: list[str]) -> TextDocument:
    return TextDocument(path, "text", tuple(Paragraph(t, (Piece(0, k + 1, 1),)) for k, t in enumerate(texts)))


def unit_document(path: str, pairs: list[tuple[str, str, str]], source_lang: str, target_lang: str) -> Document:
    """A bilingual document of (id, source, target) units, as a CAT file would give."""
    file = File(id="f1", original=path, source_lang=source_lang, target_lang=target_lang)
    units = [
        Unit(id=uid, segments=(Segment(source=Content(s), target=Content(t), id="s1"),), file=file, line=k + 1)
        for k, (uid, s, t) in enumerate(pairs)
    ]
    return Document(path=path, format="bench", units=lambda: iter(units), source_lang=source_lang, target_lang=target_lang)


def findings_by_unit(document: Document) -> dict[str, set[str]]:
    result = check_document(document, PLUGINS, config())
    out: dict[str, set[str]] = defaultdict(set)
    for finding in result.findings:
        out[finding.location.unit_id].add(finding.rule_id)
    return out


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------


@dataclass
class Detection:
    """Detections on changed units (recall) and false alarms on clean ones."""

    changed: int = 0
    clean: int = 0
    hits: Counter = field(default_factory=Counter)
    alarms: Counter = field(default_factory=Counter)

    def add(self, changed: bool, flags: dict[str, bool]) -> None:
        if changed:
            self.changed += 1
        else:
            self.clean += 1
        for name, flagged in flags.items():
            if flagged:
                (self.hits if changed else self.alarms)[name] += 1

    def recall(self, name: str) -> float:
        return self.hits[name] / self.changed if self.changed else 0.0

    def per100(self, name: str) -> float:
        return 100.0 * self.alarms[name] / self.clean if self.clean else 0.0

    def row(self, label: str, names: list[str]) -> str:
        parts = [f"{name} R {self.recall(name):.3f} FA/100 {self.per100(name):.2f}" for name in names]
        return f"{label:<34} changed {self.changed:>5} clean {self.clean:>5} | " + " | ".join(parts)


def flags_for(rules: set[str], source: str, target: str) -> dict[str, bool]:
    pof = pofilter_flags(source, target)
    return {
        "OMI005": "OMI005" in rules,
        "tqa omission": bool(rules & set(OMISSION_RULES)),
        "tqa any": bool(rules),
        "pofilter sentencecount": "sentencecount" in pof,
        "pofilter short": "short" in pof,
        "pofilter either": bool(pof),
    }


NAMES = ["OMI005", "tqa omission", "tqa any", "pofilter sentencecount", "pofilter short", "pofilter either"]


# ---------------------------------------------------------------------------
# 1. Documents
# ---------------------------------------------------------------------------


def prf(tp: int, predicted: int, gold: int) -> str:
    p = tp / predicted if predicted else 1.0
    r = tp / gold if gold else 1.0
    return f"P {p:.3f} R {r:.3f} ({gold})"


def _aligned_findings(name: str, source: list[str], target: list[str], source_lang: str, target_lang: str):
    """Deleted source and inserted target paragraph indices the check reports."""
    table, shipped = _table(source_lang, target_lang)
    doc, _ = aligned_document(text_document(name + ".src", source), text_document(name + ".tgt", target),
                              source_lang, target_lang, hook=PLUGINS.hook, table=table, shipped=shipped)
    result = check_document(doc, PLUGINS, config())
    deleted, inserted = set(), set()
    for f in result.findings:
        if f.rule_id == "OMI001":
            deleted.update(p["line"] - 1 for p in f.data["run"])
        elif f.rule_id in ("OMI002", "OMI003", "OMI004", "OMI010"):
            lines = f.data.get("target_lines") or [f.data["line"], f.data["line"]]
            inserted.update(range(lines[0] - 1, lines[-1]))
    return deleted, inserted


def run_documents() -> None:
    talks = iwslt_talks(DEV_SETS + TEST_SETS + FRESH_SETS)
    print("== documents: IWSLT'15 talks perturbed (vi source, en target), seeds 0-4; OMI001 vs deleted, OMI002-4 vs inserted")
    if LEXICON:
        print(f"   aligned with the lexicon file {LEXICON}")
    for split, label, sets in (("dev", "dev (tuning)", DEV_SETS), ("test", "test (held out)", TEST_SETS),
                               ("fresh", "fresh (tst2013)", FRESH_SETS)):
        chosen = [t for t in talks if t.set in sets and split in SPLITS]
        if not chosen:
            continue  # tst2013 only with $TQA_IWSLT_EXTRA (see bench/deletion_errors.py)
        tally = Counter()
        for seed in range(5):
            for talk in chosen:
                case = make_case(talk, chosen, seed=seed)
                gold_del = {s[0] for s, t in case.gold if s and not t}
                gold_ins = {t[0] for s, t in case.gold if t and not s}
                deleted, inserted = _aligned_findings(case.name, case.source, case.target, "vi", "en")
                tally["del_tp"] += len(deleted & gold_del)
                tally["del_pred"] += len(deleted)
                tally["del_gold"] += len(gold_del)
                tally["ins_tp"] += len(inserted & gold_ins)
                tally["ins_pred"] += len(inserted)
                tally["ins_gold"] += len(gold_ins)
        print(f"IWSLT {label:<16} {len(chosen) * 5:>4} documents | omitted paragraphs (OMI001) "
              f"{prf(tally['del_tp'], tally['del_pred'], tally['del_gold'])} | added paragraphs (OMI002-4) "
              f"{prf(tally['ins_tp'], tally['ins_pred'], tally['ins_gold'])}")
    if "react" in SPLITS:
        run_react()


_ANCHOR = re.compile(r"\s*\{/\*\s*([\w-]+)\s*\*/\}\s*")


def run_react() -> None:
    from qa_core.align import align
    from qa_core.align.aligner import AlignOptions
    from qa_core.documents import read_document

    folder = require("react-dev-en-vi-docs")
    manifest = (folder / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    tally = Counter()
    pages = 0
    for line in manifest:
        path = line.split("\t")[0]
        en = [_ANCHOR.sub(" ", p.text).strip() or p.text for p in read_document(str(folder / "en" / path)).paragraphs]
        vi = [_ANCHOR.sub(" ", p.text).strip() or p.text for p in read_document(str(folder / "vi" / path)).paragraphs]
        table, shipped = _table("en", "vi")
        base = align(en, vi, "en", "vi", table=table, options=AlignOptions(shipped_lexicon=shipped))
        already = {s for link in base.links if link.source and not link.target for s in link.source}
        one_to_one = [(link.source[0], link.target[0]) for link in base.links if link.kind == "1-1"]
        if len(one_to_one) < 12:
            continue
        rng = random.Random(f"react/{path}")
        chosen: set[int] = set()
        gold: set[int] = set()
        picks = 0
        while picks < 3:
            size = 3 if picks == 2 else 1
            start = rng.randrange(1, len(one_to_one) - size)
            block = one_to_one[start : start + size]
            if any(k in chosen for k in range(start - 1, start + size + 1)):
                continue
            if any(abs(block[i + 1][0] - block[i][0]) != 1 for i in range(len(block) - 1)):
                continue  # a block of consecutive source paragraphs
            chosen.update(range(start, start + size))
            gold.update(s for s, _ in block)
            picks += 1
        dropped = {one_to_one[k][1] for k in chosen}
        target = [t for k, t in enumerate(vi) if k not in dropped]
        deleted, _ = _aligned_findings(path, en, target, "en", "vi")
        deleted -= already
        tally["tp"] += len(deleted & gold)
        tally["pred"] += len(deleted)
        tally["gold"] += len(gold)
        pages += 1
    print(f"react.dev {pages} pages, 5 target paragraphs deleted each (en source, vi target): omitted paragraphs (OMI001) "
          f"{prf(tally['tp'], tally['pred'], tally['gold'])}")


# ---------------------------------------------------------------------------
# 2. Segments
# ---------------------------------------------------------------------------


def segment_units(talk, rng: random.Random, share: float = 0.2):
    """(id, source, target, changed) units: paragraphs of 2-5 segments; in `share` of
    them one English segment deleted."""
    index = 0
    out = []
    while index < len(talk.vi):
        size = rng.randint(2, 5)
        group = list(range(index, min(index + size, len(talk.vi))))
        index += size
        if len(group) < 2:
            continue
        vi = " ".join(talk.vi[k] for k in group)
        changed = rng.random() < share
        keep = list(group)
        if changed:
            keep.remove(rng.choice(group))
        en = " ".join(talk.en[k] for k in keep)
        out.append((f"{talk.docid}-{group[0]}", vi, en, changed))
    return out


def run_segments() -> None:
    talks = iwslt_talks()
    print("== segments: IWSLT paragraphs of 2-5 segments, one English segment deleted in a fifth of them")
    for label, sets in (("dev (tuning)", DEV_SETS), ("test (held out)", TEST_SETS)):
        tally = Detection()
        for talk in (t for t in talks if t.set in sets):
            units = segment_units(talk, random.Random(f"segments/{talk.set}/{talk.docid}"))
            found = findings_by_unit(unit_document(f"{talk.set}-{talk.docid}", [(u, s, t) for u, s, t, _ in units], "vi", "en"))
            for uid, source, target, changed in units:
                tally.add(changed, flags_for(found.get(uid, set()), source, target))
        print(tally.row(f"IWSLT {label}", NAMES))
    run_react_sentences()


def run_react_sentences() -> None:
    """react.dev pages: the paragraph pairs the aligner links 1-1 whose target has two
    sentences or more, one document per page; in a fifth of them one target sentence
    is deleted."""
    from qa_core.align import align
    from qa_core.documents import read_document
    from qa_core.sentences import split_sentences

    folder = require("react-dev-en-vi-docs")
    tally = Detection()
    for line in (folder / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        path = line.split("\t")[0]
        en = [_ANCHOR.sub(" ", p.text).strip() or p.text for p in read_document(str(folder / "en" / path)).paragraphs]
        vi = [_ANCHOR.sub(" ", p.text).strip() or p.text for p in read_document(str(folder / "vi" / path)).paragraphs]
        rng = random.Random(f"react-sentences/{path}")
        units = []
        for link in align(en, vi, "en", "vi").links:
            if link.kind != "1-1":
                continue
            source, target = en[link.source[0]], vi[link.target[0]]
            spans = split_sentences(target, "vi")
            changed = len(spans) >= 2 and rng.random() < 0.2
            if changed:
                gone = rng.choice(spans)
                target = (target[: gone.start] + target[gone.end :]).strip()
                target = " ".join(target.split())
            units.append((f"p{link.source[0]}", source, target, changed))
        found = findings_by_unit(unit_document(path, [(u, s, t) for u, s, t, _ in units], "en", "vi"))
        for uid, source, target, changed in units:
            if changed or len(split_sentences(source, "en")) >= 2:  # clean units: those that could have lost one
                tally.add(changed, flags_for(found.get(uid, set()), source, target))
    print(tally.row("react.dev (en source, vi target)", NAMES))


# ---------------------------------------------------------------------------
# 3. DEMETR
# ---------------------------------------------------------------------------


def run_demetr() -> None:
    folder = require("demetr") / "dataset"
    print("== DEMETR removal perturbations (xx -> en): perturbed MT vs the clean MT of the same items")
    overall = Detection()
    for label, name in DEMETR_REMOVALS.items():
        items = [x for x in json.loads((folder / f"{name}.json").read_text(encoding="utf-8")) if x.get("pert_check")]
        tally = Detection()
        by_lang: dict[str, list] = defaultdict(list)
        for item in items:
            by_lang[item["lang_tag"]].append(item)
        for tag, group in by_lang.items():
            lang = DEMETR_LANGS.get(tag, tag[:2])
            pairs = []
            for item in group:
                pairs.append((f"{item['id']}-clean", item["src_sent"], item["mt_sent"]))
                pairs.append((f"{item['id']}-pert", item["src_sent"], item["pert_sent"]))
            found = findings_by_unit(unit_document(f"{name}-{tag}", pairs, lang, "en"))
            for item in group:
                for suffix, changed, target in (("clean", False, item["mt_sent"]), ("pert", True, item["pert_sent"])):
                    flags = flags_for(found.get(f"{item['id']}-{suffix}", set()), item["src_sent"], target)
                    tally.add(changed, flags)
                    overall.add(changed, flags)
        print(tally.row(f"DEMETR {label}", NAMES[1:]))
    print(overall.row("DEMETR all removals", NAMES[1:]))


# ---------------------------------------------------------------------------
# 4. MQM
# ---------------------------------------------------------------------------

_V = re.compile(r"</?v>")


def run_mqm() -> None:
    folder = require("wmt-mqm-human-evaluation") / "ted"
    print("== MQM (WMT21 TED): segments with an Accuracy/Omission error vs segments with no error from any rater")
    for pair, (source_lang, target_lang) in (("ende", ("en", "de")), ("zhen", ("zh", "en"))):
        segments: dict[tuple, dict] = {}
        for line in (folder / pair / f"mqm_ted_{pair}.tsv").read_text(encoding="utf-8").splitlines()[1:]:
            cells = line.split("\t")
            if len(cells) < 9:
                continue
            system, doc, _, seg = cells[0], cells[1], cells[2], cells[3]
            entry = segments.setdefault((system, doc, seg), {"source": _V.sub("", cells[5]), "target": _V.sub("", cells[6]),
                                                             "categories": set()})
            entry["categories"].add(cells[7])
        documents: dict[tuple, list] = defaultdict(list)
        for (system, doc, seg), entry in segments.items():
            documents[(system, doc)].append((seg, entry))
        tally = Detection()
        for (system, doc), entries in documents.items():
            pairs = [(seg, e["source"], e["target"]) for seg, e in entries]
            found = findings_by_unit(unit_document(f"{system}-{doc}", pairs, source_lang, target_lang))
            for seg, entry in entries:
                categories = entry["categories"]
                if "Accuracy/Omission" in categories:
                    changed = True
                elif categories == {"No-error"}:
                    changed = False
                else:
                    continue
                tally.add(changed, flags_for(found.get(seg, set()), entry["source"], entry["target"]))
        print(tally.row(f"MQM TED {source_lang}-{target_lang}", NAMES))


def main(argv: list[str]) -> None:
    global LEXICON, SPLITS
    for option in ("--lexicon", "--splits"):
        if option in argv:
            at = argv.index(option)
            value = argv[at + 1]
            argv = argv[:at] + argv[at + 2 :]
            if option == "--lexicon":
                LEXICON = value
            else:
                SPLITS = tuple(value.split(","))
    parts = argv or ["documents", "segments", "demetr", "mqm"]
    if "documents" in parts:
        run_documents()
    if "segments" in parts:
        run_segments()
    if "demetr" in parts:
        run_demetr()
    if "mqm" in parts:
        run_mqm()


if __name__ == "__main__":
    main(sys.argv[1:])
