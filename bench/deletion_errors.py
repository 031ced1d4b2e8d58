"""Paragraph deletions the aligner gets wrong, counted by class; prints the error
analysis quoted in docs/alignment.md ("Clean deletions: what goes wrong").

    python bench/deletion_errors.py                 # dev (tuning) and test (held out)
    python bench/deletion_errors.py dev fresh -v    # -v: every error with its texts
    python bench/deletion_errors.py dev --seeds 20  # seeds 0-19 (more cases to tune on)
    python bench/deletion_errors.py dev --no-shipped  # without the word table tqa ships (--lexicon none)

The cases are those of bench/align_eval.py (IWSLT'15 en-vi talks, vi source, en
target, seeds 0-4: 2 single paragraphs and a block of 3 deleted, 2 paragraphs of
another talk inserted, a merge, a split). The split "fresh" is IWSLT'15 tst2013 (18
talks), which ../shared/data does not hold: set $TQA_IWSLT_EXTRA to a folder with
IWSLT15.TED.tst2013.en-vi.{en,vi}.xml (from the WIT3 2015-01 en-vi release, e.g.
github.com/Andrew-Tierno/QuantizedTransformer, commit e056d35a, data/). It was chosen
as a second unseen split before any error was looked at.

A missed deletion (a deleted source paragraph the aligner links) is:
  merge     linked together with a neighbour (2-1 or 2-2) to that neighbour's translation,
  shift     linked 1-1 to the translation of a paragraph at most 3 places away (the
            deletion placed off: that paragraph, or one between, comes out unlinked),
  inserted  linked to a paragraph of another talk that was inserted,
  other.
A false deletion (a source paragraph reported unlinked that has a translation) is:
  shift     its translation was taken by a paragraph at most 3 places away,
  merged    one of two source paragraphs merged into one target paragraph (gold 2-1),
  split     its translation was split in two (gold 1-2),
  evidence  linked right without the evidence pass, undone by it,
  other.
Each error also says whether the paragraph is short (< 60 characters).
"""

from __future__ import annotations

import sys
from collections import Counter

from _shared import DEV_SETS, FRESH_SETS, TEST_SETS, iwslt_talks
from align_eval import make_case

from qa_core.align import AlignOptions, align

SHORT = 60
#: a deletion placed at most this many paragraphs off is a shift
SHIFT = 3


def classify(case, links, plain_links) -> tuple[list[tuple], list[tuple], Counter]:
    gold_of = {}
    for source, target in case.gold:
        for s in source:
            gold_of[s] = (source, target)
    owner_of_target = {t: source for source, target in case.gold for t in target}
    inserted = {t[0] for s, t in case.gold if t and not s}
    pred_of = {}
    for link in links:
        for s in link.source:
            pred_of[s] = link
    plain_ok = {s for link in plain_links for s in link.source if (link.source, link.target) == gold_of.get(s, (None, None))
                or (not link.target and gold_of.get(s, ((), ()))[1] == ())}
    missed, false = [], []
    counts = Counter()
    for s, (source, target) in sorted(gold_of.items()):
        link = pred_of[s]
        short = "short" if len(case.source[s]) < SHORT else "long"
        if not target and link.target:
            if len(link.source) > 1:
                kind = "merge"
            elif any(t in inserted for t in link.target):
                kind = "inserted"
            elif any(owner_of_target.get(t) and any(0 < abs(x - s) <= SHIFT for x in owner_of_target[t]) for t in link.target):
                kind = "shift"
            else:
                kind = "other"
            missed.append((kind, short, s, link))
            counts["missed " + kind] += 1
            counts["missed " + short] += 1
        elif target and not link.target:
            taken = [pred_of[x] for x in range(s - SHIFT, s + SHIFT + 1) if x not in source and x in pred_of]
            if any(set(t.target) & set(target) for t in taken):
                kind = "shift"
            elif len(source) == 2:
                kind = "merged"
            elif len(target) == 2:
                kind = "split"
            elif s in plain_ok:
                kind = "evidence"
            else:
                kind = "other"
            false.append((kind, short, s, link))
            counts["false " + kind] += 1
            counts["false " + short] += 1
    return missed, false, counts


def run(split: str, verbose: bool, seeds: int = 5, table: dict[str, str] | None = None, label: str = "",
        shipped: bool = False) -> tuple[float, float]:
    """Prints the split's figures and returns its (P, R); `table`: a lexicon from other
    files for the aligner (bench/lexicon_eval.py); `shipped`: with the word table tqa
    ships (qa_core/align/data, used when no `table` is given)."""
    sets = {"dev": DEV_SETS, "test": TEST_SETS, "fresh": FRESH_SETS}[split]
    talks = iwslt_talks(sets)
    if not talks:
        print(f"{split}: no talks (for 'fresh' set $TQA_IWSLT_EXTRA, see the docstring)")
        return (float("nan"), float("nan"))
    total = Counter()
    options = AlignOptions(shipped_lexicon=shipped)
    plain_options = AlignOptions(evidence=False, shipped_lexicon=shipped)
    for seed in range(seeds):
        for talk in talks:
            case = make_case(talk, talks, seed=seed)
            links = align(case.source, case.target, "vi", "en", options=options, table=table).links
            plain = align(case.source, case.target, "vi", "en", options=plain_options, table=table).links
            missed, false, counts = classify(case, links, plain)
            total.update(counts)
            total["gold"] += sum(1 for s, t in case.gold if s and not t)
            total["predicted"] += sum(len(link.source) for link in links if not link.target)
            if verbose:
                for tag, errors in (("MISSED", missed), ("FALSE", false)):
                    for kind, short, s, link in errors:
                        print(f"  {case.name}/{seed} {tag} {kind} {short} s{s} -> {link.target} conf {link.confidence}: "
                              f"{case.source[s][:70]!r}")
    missed = sum(v for k, v in total.items() if k.startswith("missed ") and k[7:] in ("merge", "shift", "inserted", "other"))
    false = sum(v for k, v in total.items() if k.startswith("false ") and k[6:] in ("shift", "merged", "split", "evidence", "other"))
    tp = total["gold"] - missed
    print(f"{split}{label} ({len(talks)} talks x{seeds} seeds): deleted {total['gold']}, reported {total['predicted']}, "
          f"P {tp / max(1, total['predicted']):.3f} R {tp / max(1, total['gold']):.3f}")
    print("  missed  " + ", ".join(f"{k} {total['missed ' + k]}" for k in ("merge", "shift", "inserted", "other", "short", "long")))
    print("  false   " + ", ".join(f"{k} {total['false ' + k]}" for k in ("shift", "merged", "split", "evidence", "other", "short", "long")))
    return tp / max(1, total["predicted"]), tp / max(1, total["gold"])


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    seeds = 5
    if "--seeds" in argv:
        at = argv.index("--seeds")
        seeds = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    shipped = "--no-shipped" not in argv  # the shipped table is tqa's default for vi-en
    for split in [a for a in argv if not a.startswith("-")] or ["dev", "test"]:
        run(split, verbose, seeds, shipped=shipped, label="" if shipped else " without the shipped table")


if __name__ == "__main__":
    main(sys.argv[1:])
