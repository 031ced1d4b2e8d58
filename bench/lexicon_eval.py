"""Paragraph deletions placed with a lexicon from other files (docs/omission.md, "A
lexicon from the user's files"): the aligner with its own per-document lexicon
against the aligner given a table learnt elsewhere (`align(..., table=...)`, what
`tqa check --lexicon LEX` does).

    python bench/lexicon_eval.py                  # dev and fresh (tst2013), TED table learnt from dev
    python bench/lexicon_eval.py --lexicon LEX    # ... and a lexicon file (e.g. learnt from PO files)
    python bench/lexicon_eval.py --held-out       # the held-out talks, TED table learnt from dev + tst2013
    python bench/lexicon_eval.py --save DIR       # also write the TED tables as lexicon files

The cases are bench/deletion_errors.py's (IWSLT'15 en-vi talks, vi source, en
target, seeds 0-4). The in-domain ("TED") table is learnt with
`qa_core.align.lexicon_file.learn` from the gold segment pairs of other talks: of
the dev talks (dev2010 + tst2010) when scoring tst2013, of dev + tst2013 when scoring
the held-out talks (tst2011 + tst2012), so that no scored talk taught the table. On
the dev talks themselves the dev table is in sample (printed, marked so). The fresh
split needs $TQA_IWSLT_EXTRA (see bench/deletion_errors.py). The held-out talks are
the goal's test: each run of --held-out is a look, counted in docs/omission.md.
"""

from __future__ import annotations

import os
import sys

from _shared import DEV_SETS, FRESH_SETS, TEST_SETS, iwslt_talks
from deletion_errors import run

from qa_core.align import lexicon_file

SETS = {"dev": DEV_SETS, "fresh": FRESH_SETS, "test": TEST_SETS}


def ted_table(splits: list[str]) -> lexicon_file.Lexicon:
    pairs = [(v, e) for split in splits for talk in iwslt_talks(SETS[split]) for e, v in zip(talk.en, talk.vi)]
    return lexicon_file.learn(pairs, "vi", "en")


def main(argv: list[str]) -> None:
    held_out = "--held-out" in argv
    path = argv[argv.index("--lexicon") + 1] if "--lexicon" in argv else None
    save = argv[argv.index("--save") + 1] if "--save" in argv else None
    plans = [("test", ["dev", "fresh"])] if held_out else [("dev", ["dev"]), ("fresh", ["dev"])]
    general = lexicon_file.mapping_for(path, "vi", "en") if path else None
    if path:
        lex = lexicon_file.load(path)
        print(f"lexicon file {path}: {len(lex.pairs):,} word pairs from {lex.units:,} units, "
              f"{len(general):,} vi words")
    for split, learn_from in plans:
        if not iwslt_talks(SETS[split]):
            print(f"{split}: no talks (for 'fresh' set $TQA_IWSLT_EXTRA, see bench/deletion_errors.py)")
            continue
        lex = ted_table(learn_from)
        table = lex.mapping("vi", "en")
        if save:
            os.makedirs(save, exist_ok=True)
            name = os.path.join(save, f"ted-{'+'.join(learn_from)}.vi-en.lex")
            with open(name, "w", encoding="utf-8") as handle:
                handle.write(lexicon_file.dumps(lex, [f"IWSLT'15 en-vi {s}" for s in learn_from]))
        sample = " (in sample)" if split in learn_from else ""
        print(f"== {split}: TED table from {'+'.join(learn_from)}: {lex.units:,} segment pairs, {len(lex.pairs):,} word "
              f"pairs, {len(table):,} vi words{sample}")
        run(split, False, table=None, label=" document's own lexicon")
        run(split, False, table=table, label=f" TED table from {'+'.join(learn_from)}{sample}")
        if general is not None:
            run(split, False, table=general, label=f" lexicon file {os.path.basename(path)}")


if __name__ == "__main__":
    main(sys.argv[1:])
