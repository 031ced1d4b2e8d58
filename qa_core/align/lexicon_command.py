"""`tqa lexicon learn FILES... -o LEX` and `tqa lexicon show LEX`: a word lexicon
learnt from the user's bilingual files, for the aligner (`--lexicon LEX`)."""

from __future__ import annotations

import argparse
import os
import sys

from qa_core import hookimpl
from qa_core.errors import UsageError
from qa_core.languages import language_arg


def _configure(parser: argparse.ArgumentParser, plugins) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    sub.required = True
    learn = sub.add_parser("learn", help="learn a lexicon from bilingual files (PO, XLIFF, TMX, ...)",
                           description="Learn word pairs from the translated units of bilingual files and write them "
                                       "as a lexicon file for `tqa check --lexicon` and `tqa align --lexicon`.")
    learn.add_argument("inputs", nargs="+", metavar="FILE", help="bilingual files or folders of them")
    learn.add_argument("-o", "--output", required=True, metavar="LEX", help="the lexicon file to write")
    learn.add_argument("--source-lang", type=language_arg, metavar="LANG", help="source language for files that do not say")
    learn.add_argument("--target-lang", type=language_arg, metavar="LANG", help="target language for files that do not say")
    learn.add_argument("--format", dest="input_format", metavar="FORMAT", help="read every file as this format")
    learn.add_argument("--min-count", type=int, default=None, metavar="N",
                       help="keep word pairs seen together in at least N units (default 2)")
    show = sub.add_parser("show", help="summarise a lexicon file (or look words up in it)")
    show.add_argument("lexicon", metavar="LEX")
    show.add_argument("words", nargs="*", metavar="WORD", help="print the pairs of these words")


def _inputs(paths: list[str], plugins) -> list[str]:
    """The files named, folders expanded to the files a reader knows (by extension)."""
    known = {ext.lower() for f in plugins.formats for ext in f.extensions}
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                out.extend(os.path.join(root, name) for name in sorted(files) if os.path.splitext(name)[1].lower() in known)
        else:
            out.append(path)
    return out


def _run(args: argparse.Namespace, plugins) -> int:
    from . import lexicon_file

    if args.action == "show":
        lex = lexicon_file.load(args.lexicon)
        print(f"{args.lexicon}: {lex.source_lang}->{lex.target_lang}, {len(lex.pairs):,} word pairs "
              f"({len({p.source for p in lex.pairs}):,} source words) from {lex.units:,} units")
        for word in args.words:
            found = [p for p in lex.pairs if p.source == word.lower() or p.target == word.lower()]
            for p in found:
                print(f"  {p.source}\t{p.target}\t{p.count}\t{p.dice:.3f}")
            if not found:
                print(f"  {word}: not in the lexicon")
        return 0
    from qa_core.files import refuse_inputs
    from qa_core.formats import ReadOptions
    from qa_core.report import write_atomic
    from qa_core.runner import display_path, open_document

    paths = _inputs(args.inputs, plugins)
    if not paths:
        raise UsageError("no bilingual file found in " + ", ".join(args.inputs))
    refuse_inputs([("-o", args.output)], paths)
    if args.min_count is not None and args.min_count < 1:
        raise UsageError(f"'--min-count' must be at least 1 (got {args.min_count})")
    options = ReadOptions(source_lang=args.source_lang, target_lang=args.target_lang)
    documents = (open_document(path, plugins, options, args.input_format) for path in paths)
    thresholds = {"min_count": args.min_count} if args.min_count is not None else {}
    skipped: list[str] = []
    lex, count = lexicon_file.learn_from_documents(documents, args.source_lang, args.target_lang, skipped, **thresholds)
    for path in skipped:
        print(f"tqa: {display_path(path)}: not {args.source_lang}->{args.target_lang}, left out", file=sys.stderr)
    if not lex.pairs:
        raise UsageError(f"no word pair learnt from {lex.units:,} translated units of {count} file(s): "
                         "a lexicon needs a few hundred translated units or more")
    write_atomic(args.output, lexicon_file.dumps(lex, [os.path.basename(display_path(p)) for p in paths if p not in skipped]))
    print(f"tqa: {len(lex.pairs):,} word pairs ({lex.source_lang}->{lex.target_lang}, "
          f"{len({p.source for p in lex.pairs}):,} source words) learnt from {lex.units:,} translated units of "
          f"{count} file(s), written to {args.output}", file=sys.stderr)
    return 0


@hookimpl
def tqa_register_commands():
    from qa_core.commands import Command

    return [Command("lexicon", "learn a word lexicon from bilingual files for aligning documents (tqa lexicon learn FILES -o LEX)",
                    _configure, _run)]
