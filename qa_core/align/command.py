"""`tqa align SRC TGT`: align two documents and write XLIFF 2.1 (or print the links).

Also what `tqa check --source SRC --target TGT` and `tqa check --target-only DOC`
use to turn ordinary documents into a Document the checks run on.
"""

from __future__ import annotations

import argparse
import os
import sys

from typing import TYPE_CHECKING

from qa_core import hookimpl
from qa_core.errors import InputError, UsageError
from qa_core.languages import language_arg

if TYPE_CHECKING:
    from qa_core.documents import TextDocument

# `tqa check` adds the options below to every run: the readers and the aligner are
# imported when a document is read or aligned, not to list their choices
#: qa_core.documents.FORMATS and qa_core.align.document.LEVELS (tests/test_align_command.py checks they agree)
FORMATS = ("text", "markdown", "html", "docx")
LEVELS = ("paragraph", "sentence")

#: the largest documents aligned without asking (paragraphs a side)
DEFAULT_MAX_PARAGRAPHS = 50_000


def add_document_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup, *, with_langs: bool) -> None:
    """Reading options for plain documents, shared by `tqa align` and `tqa check`."""
    if with_langs:
        parser.add_argument("--source-lang", type=language_arg, metavar="LANG", help="language of the source document (BCP 47), e.g. vi")
        parser.add_argument("--target-lang", type=language_arg, metavar="LANG", help="language of the target document (BCP 47), e.g. en")
    parser.add_argument("--document-format", choices=FORMATS, metavar="FORMAT",
                        help=f"read both documents as this format ({', '.join(FORMATS)}) instead of by extension")
    parser.add_argument("--encoding", metavar="NAME", help="encoding of both text documents (default: UTF-8, or as a BOM says)")
    parser.add_argument("--source-encoding", metavar="NAME", help="encoding of the source text document (beats --encoding)")
    parser.add_argument("--target-encoding", metavar="NAME", help="encoding of the target text document (beats --encoding)")
    parser.add_argument("--level", choices=LEVELS, default="paragraph",
                        help="align paragraphs (default) or the sentences inside them")
    parser.add_argument("--max-paragraphs", type=int, default=DEFAULT_MAX_PARAGRAPHS, metavar="N",
                        help=f"refuse documents of more than N paragraphs a side "
                             f"(default {DEFAULT_MAX_PARAGRAPHS:,}; 100,000 a side take about 72 s and 1.5 GB)")
    parser.add_argument("--lexicon", metavar="LEX",
                        help="a word lexicon learnt from your bilingual files (`tqa lexicon learn FILES -o LEX`) to align "
                             "with, instead of the one learnt from the two documents alone; `builtin` (the default when tqa ships one "
                             "for the pair, vi-en today): the word table tqa ships (CLDR names and permissively licensed "
                             "interface strings), counted beside it; `none`: the documents' own lexicon only")
    parser.add_argument("--keep-chrome", action="store_true",
                        help="align every paragraph: do not set aside page chrome (menus, share, contact and byline lines)")


def read_pair(source: str, target: str, args: argparse.Namespace) -> tuple[TextDocument, TextDocument]:
    if os.path.abspath(source) == os.path.abspath(target):
        raise UsageError("the source and the target are the same file")
    from qa_core.documents import read_document

    fmt = getattr(args, "document_format", None)
    return (
        read_document(source, format=fmt, encoding=_encoding(args, "source")),
        read_document(target, format=fmt, encoding=_encoding(args, "target")),
    )


def _encoding(args: argparse.Namespace, side: str) -> str | None:
    """--source-encoding / --target-encoding, else --encoding for both."""
    return getattr(args, f"{side}_encoding", None) or getattr(args, "encoding", None)


def aligned_from_args(source: str, target: str, args: argparse.Namespace, plugins, source_lang, target_lang,
                      lexicon: str | None = None):
    """`lexicon`: the configuration's lexicon file, when --lexicon does not name one."""
    if not source_lang or not target_lang:
        raise UsageError("aligning two documents needs --source-lang and --target-lang (e.g. --source-lang vi --target-lang en)")
    lexicon = getattr(args, "lexicon", None) or lexicon
    from .lexicon_file import aligner_inputs

    table, shipped = aligner_inputs(lexicon, source_lang, target_lang)
    src, tgt = read_pair(source, target, args)
    limit = getattr(args, "max_paragraphs", DEFAULT_MAX_PARAGRAPHS)
    if limit is not None and limit < 1:
        raise UsageError(f"--max-paragraphs must be at least 1 (got {limit})")
    for document in (src, tgt):
        if limit is not None and len(document.paragraphs) > limit:
            raise InputError(document.path, f"{len(document.paragraphs):,} paragraphs, more than --max-paragraphs "
                             f"{limit:,}: aligning 100,000 a side takes about 72 s and 1.5 GB of memory; raise the "
                             "limit with --max-paragraphs to go on, or split the documents")
    _refuse_same_language(src, tgt, source_lang, target_lang)
    from .document import aligned_document

    return aligned_document(src, tgt, source_lang, target_lang, level=getattr(args, "level", "paragraph"), hook=plugins.hook,
                            chrome=not getattr(args, "keep_chrome", False), table=table, shipped=shipped)


def _refuse_same_language(src: TextDocument, tgt: TextDocument, source_lang: str, target_lang: str) -> None:
    """Two languages declared, one found on both sides: the wrong file was given (the
    source twice, or the translation twice); aligning would report every paragraph."""
    from . import langid
    from .lengths import primary

    if primary(source_lang) == primary(target_lang):
        return  # a revision or a second translation: the same language on purpose
    found_src = langid.guess("\n".join(src.texts)[:20000])
    found_tgt = langid.guess("\n".join(tgt.texts)[:20000])
    if found_src is not None and found_src == found_tgt:
        name = langid.NAMES.get(found_src, found_src)
        raise UsageError(f"{src.path} and {tgt.path} both look {name} ({found_src}), but --source-lang {source_lang} and "
                         f"--target-lang {target_lang} were given: pass a document and its translation")


def monolingual_from_args(path: str, args: argparse.Namespace, target_lang):
    if not target_lang:
        raise UsageError("--target-only needs --target-lang (the language of the document)")
    from qa_core.documents import read_document

    from .document import monolingual_document

    document = read_document(path, format=getattr(args, "document_format", None), encoding=_encoding(args, "target"))
    return monolingual_document(document, target_lang)


# ---------------------------------------------------------------------------
# tqa align
# ---------------------------------------------------------------------------


def _configure(parser: argparse.ArgumentParser, plugins) -> None:
    parser.add_argument("source", metavar="SRC", help="the source document (.txt, .md, .html, .docx)")
    parser.add_argument("target", metavar="TGT", help="its translation (.txt, .md, .html, .docx)")
    parser.add_argument("-o", "--output", metavar="OUT.xlf", help="write the alignment as XLIFF 2.1 (else print the links)")
    add_document_options(parser, with_langs=True)


def _run(args: argparse.Namespace, plugins) -> int:
    from qa_core.files import refuse_inputs

    if args.output:
        refuse_inputs([("-o", args.output)], [args.source, args.target])
    document, alignment = aligned_from_args(args.source, args.target, args, plugins, args.source_lang, args.target_lang)
    for warning in document.warnings:
        print(f"tqa: warning: {warning.message}", file=sys.stderr)
    if args.output:
        from qa_core.writers.xliff import write_xliff

        # unit properties (align:link, align:confidence, lines) become XLIFF 2 metadata
        write_xliff(document, args.output, version="2.1")
    else:
        _print_links(document)
    counts: dict[str, int] = {}
    for link in alignment.links:
        counts[link.kind] = counts.get(link.kind, 0) + 1
    summary = ", ".join(f"{kind} x{count}" for kind, count in sorted(counts.items()))
    chrome = alignment.stats.get("chrome")
    if chrome:
        summary += f"; page chrome set aside: {chrome[0]} source, {chrome[1]} target paragraph(s)"
    print(f"tqa: {len(alignment.links)} links ({summary})" + (f" written to {args.output}" if args.output else ""), file=sys.stderr)
    return 0


def _print_links(document) -> None:
    for unit in document.units():
        link = unit.get("align:link")
        confidence = unit.get("align:confidence")
        src = unit.get("align:source-lines") or "-"
        tgt = unit.get("align:target-lines") or "-"
        left = _short(unit.source.text) if unit.source.text else "(nothing in the source)"
        right = _short(unit.target.text) if unit.target is not None else "(nothing in the target)"
        sys.stdout.write(f"{unit.id:>6} {link:<4} {confidence}  {document.path}:{src} | {document.target_path}:{tgt}\n")
        sys.stdout.write(f"         {left}\n         {right}\n")


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@hookimpl
def tqa_register_commands():
    from qa_core.commands import Command

    return [Command("align", "align a document with its translation and write XLIFF 2.1", _configure, _run)]


__all__ = ["InputError", "aligned_from_args", "monolingual_from_args", "add_document_options"]
