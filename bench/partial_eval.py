"""Partial omissions (OMI012) on DEMETR's removal perturbations, dev and held-out halves.

    python bench/partial_eval.py            # the table of docs/omission.md
    python bench/partial_eval.py --list     # also the dev items OMI012 flags on the clean side
    python bench/partial_eval.py --clean-english [--list]   # the English holes on clean English only

DEMETR (../shared/data/demetr/dataset) removes one named entity, noun, verb, subject,
adjective/adverb, prepositional phrase or conjunction from a machine translation into
English (sources in zh, de, hi, ja, pl, ru, cs, fr, es, it). Items whose perturbation
was applied count; the halves follow bench/demetr_clean.py: each language's item ids
(over all DEMETR files) in order, even positions "dev" (rules tuned on it), odd
positions "held-out".

Each file, language and half makes two documents, so that no source sentence is in a
document twice (its clean translation would teach a document-level learner the very
words the perturbation removed): in document A every other item is perturbed and the
rest clean, in document B the reverse. Recall is counted on the perturbed units, false
alarms on the clean ones (per 100 units). "OMI012" is the new rule alone; "any
omission" is OMI001/OMI005/OMI006/OMI008/OMI009/OMI012 together, the whole plugin run.

--clean-english runs the hole detector of an English target (`holes`, the part of
OMI012 that reads the target's grammar) over English nobody perturbed: the clean
machine and reference translations of DEMETR's dev half (all files), the English
segments of IWSLT'15 dev2010 and tst2010 (TED talks, spoken English), the prose
paragraphs of react.dev's English pages (technical documentation; code blocks, headings,
lists, tables and markup lines left out), and the targets
of MQM's WMT21 zh-en TED segments no rater found an error in (sources of 20 characters
or more, as OMI012's option). It prints how often a hole is reported per 100 segments
and the CPU time per segment.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict

from _shared import DEMETR_LANGS as LANGS, DEMETR_REMOVALS as KINDS, iwslt_talks, require

from qa_core.config import Config, Layer
from qa_core.manager import load_plugins
from qa_core.model import Content, Document, File, Segment, Unit
from qa_core.runner import check_document

OMISSION = {"OMI001", "OMI005", "OMI006", "OMI008", "OMI009", "OMI012"}
PLUGINS = load_plugins(entry_points=False)
CONFIG = Config(layers=[Layer("bench", select=("OMI",))])


def document(name: str, pairs: list[tuple[str, str, str]], lang: str) -> Document:
    file = File(id="f1", original=name, source_lang=lang, target_lang="en")
    units = [Unit(id=uid, segments=(Segment(source=Content(s), target=Content(t), id="s1"),), file=file, line=k + 1)
             for k, (uid, s, t) in enumerate(pairs)]
    return Document(path=name, format="bench", units=lambda: iter(units), source_lang=lang, target_lang="en")


def halves(folder) -> dict[tuple[str, int], str]:
    """(lang_tag, id) -> 'dev' or 'held-out', as bench/demetr_clean.py splits them."""
    ids: dict[str, set] = defaultdict(set)
    for path in sorted(folder.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            ids[item["lang_tag"]].add(item["id"])
    return {(tag, i): ("dev" if k % 2 == 0 else "held-out") for tag, group in ids.items() for k, i in enumerate(sorted(group))}


def clean_english(show: bool) -> None:
    """Holes reported on English no one perturbed (see the module's docstring)."""
    import re

    from plugins.omission.partial import holes

    folder = require("demetr") / "dataset"
    half_of = halves(folder)
    demetr: set[tuple[str, str]] = set()
    for path in sorted(folder.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            if half_of[(item["lang_tag"], item["id"])] == "dev":
                demetr.update({(item["src_sent"], item["mt_sent"]), (item["src_sent"], item["eng_sent"])})
    corpora = {"DEMETR dev, clean translations": sorted(demetr),
               "IWSLT'15 dev2010+tst2010 English": [("", e) for talk in iwslt_talks(("dev2010", "tst2010"))
                                                    for e in talk.en]}
    mqm = require("wmt-mqm-human-evaluation") / "ted" / "zhen" / "mqm_ted_zhen.tsv"
    marks = re.compile(r"</?v>")
    segments: dict[tuple, dict] = {}
    for line in mqm.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) >= 9:
            entry = segments.setdefault((cells[0], cells[1], cells[3]), {"pair": (marks.sub("", cells[5]),
                                                                                  marks.sub("", cells[6])),
                                                                         "categories": set()})
            entry["categories"].add(cells[7])
    react = []
    for page in sorted((require("react-dev-en-vi-docs") / "en").rglob("*.md")):
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)  # code blocks
        for block in re.split(r"\n\s*\n", text):
            block = " ".join(block.split())
            if len(block) >= 40 and not block.startswith(("<", "#", "|", "-", "*", "import", "{")) \
                    and re.search(r"[a-z] [a-z]", block):
                react.append(("", block))
    corpora["react.dev English paragraphs"] = react
    corpora["MQM WMT21 zh-en, no error"] = [e["pair"] for e in segments.values()
                                            if e["categories"] == {"No-error"} and len(e["pair"][0].strip()) >= 20]
    holes("A first call loads the lexicon.", "en")
    print("Holes in English targets nobody perturbed (OMI012's hole detector alone)")
    for name, pairs in corpora.items():
        started = time.process_time()
        found = [(target, holes(target, "en", source or None)) for source, target in pairs]
        spent = time.process_time() - started
        flagged = [(target, hs) for target, hs in found if hs]
        print(f"{name:<34} {len(pairs):>6} segments | {len(flagged):>3} with a hole = "
              f"{100.0 * len(flagged) / len(pairs):.2f} per 100 | {1000.0 * spent / len(pairs):.3f} ms CPU a segment")
        if show:
            for target, hs in flagged:
                print(f"    {[(h.word, h.following) for h in hs]} {target[:140]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print the dev items OMI012 flags on the clean side")
    parser.add_argument("--clean-english", action="store_true", help="only the hole detector on clean English")
    args = parser.parse_args()
    if args.clean_english:
        clean_english(args.list)
        return 0
    folder = require("demetr") / "dataset"
    half_of = halves(folder)
    # (half, kind) -> counters
    tally: dict[tuple[str, str], Counter] = defaultdict(Counter)
    units = 0
    started = time.perf_counter()
    for kind, name in KINDS.items():
        items = [x for x in json.loads((folder / f"{name}.json").read_text(encoding="utf-8")) if x.get("pert_check")]
        groups: dict[tuple[str, str], list] = defaultdict(list)
        for item in items:
            groups[(half_of[(item["lang_tag"], item["id"])], item["lang_tag"])].append(item)
        for (half, tag), group in sorted(groups.items()):
            lang = LANGS[tag]
            for parity in (0, 1):
                pairs, changed = [], {}
                for k, item in enumerate(group):
                    perturbed = k % 2 == parity
                    uid = f"{item['id']}"
                    pairs.append((uid, item["src_sent"], item["pert_sent"] if perturbed else item["mt_sent"]))
                    changed[uid] = (perturbed, item)
                result = check_document(document(f"{name}-{tag}-{half}-{parity}", pairs, lang), PLUGINS, CONFIG)
                units += len(pairs)
                rules: dict[str, set] = defaultdict(set)
                for finding in result.findings:
                    rules[finding.location.unit_id].add(finding.rule_id)
                for uid, (perturbed, item) in changed.items():
                    found = rules.get(uid, set())
                    side = "changed" if perturbed else "clean"
                    for key in (tally[(half, kind)], tally[(half, "all removals")]):
                        key[side] += 1
                        key[side + " OMI012"] += "OMI012" in found
                        key[side + " any"] += bool(found & OMISSION)
                    if args.list and half == "dev" and not perturbed and "OMI012" in found:
                        print(f"[{lang}] {item['src_sent']}\n    {item['mt_sent']}")
    elapsed = time.perf_counter() - started
    print("DEMETR removals (xx -> en): recall on perturbed units, false alarms per 100 clean units")
    print(f"{'half':<9} {'removed':<22} {'items':>5} | {'OMI012 R':>8} {'FA/100':>6} | {'any omission R':>14} {'FA/100':>6}")
    for half in ("dev", "held-out"):
        recalls = []
        for kind in [*KINDS, "all removals"]:
            c = tally[(half, kind)]
            r = c["changed OMI012"] / c["changed"]
            fa = 100.0 * c["clean OMI012"] / c["clean"]
            ra = c["changed any"] / c["changed"]
            faa = 100.0 * c["clean any"] / c["clean"]
            if kind != "all removals":
                recalls.append(r)
            print(f"{half:<9} {kind:<22} {c['changed']:>5} | {r:>8.3f} {fa:>6.2f} | {ra:>14.3f} {faa:>6.2f}")
        print(f"{half:<9} {'mean over the kinds':<22} {'':>5} | {sum(recalls) / len(recalls):>8.3f}")
    print(f"{units} units checked with every OMI rule in {elapsed:.1f} s (shared machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
