"""From two documents to one bilingual `Document` every check runs on.

One unit per link, with one segment: the linked source paragraphs (joined by a
newline) and the linked target paragraphs. A source paragraph with no counterpart
(1-0) is a unit whose target is None; a target paragraph with no counterpart (0-1)
is a unit with an empty source. Nothing of either document is dropped. Unit
properties keep the link ("align:link" = "1-2"), its confidence, and the
paragraph numbers and lines on both sides; the `AlignedLocator` maps every span
back to the right file, line and column (source side to the source document,
target side to the target document).
"""

from __future__ import annotations

import dataclasses

from typing import TYPE_CHECKING, Any, Sequence

from qa_core.documents import Paragraph, Piece, TextDocument
from qa_core.model import Content, Document, File, InputWarning, Locator, Position, Segment, Side, Unit
from qa_core.sentences import split_sentences

from . import langid
from qa_core.errors import InputError
from .chrome import chrome_flags

if TYPE_CHECKING:
    from .aligner import AlignOptions, Alignment, Link

LINK = "align:link"
CONFIDENCE = "align:confidence"
SOURCE_PARAGRAPHS = "align:source-paragraphs"
TARGET_PARAGRAPHS = "align:target-paragraphs"
CHROME = "align:chrome"
LEVELS = ("paragraph", "sentence")


def _join(paragraphs: Sequence[Paragraph]) -> tuple[str, tuple[Piece, ...]]:
    texts: list[str] = []
    pieces: list[Piece] = []
    offset = 0
    for paragraph in paragraphs:
        if texts:
            offset += 1  # the "\n" between paragraphs
        pieces.extend(Piece(p.offset + offset, p.line, p.column) for p in paragraph.pieces)
        texts.append(paragraph.text)
        offset += len(paragraph.text)
    return "\n".join(texts), tuple(pieces)


def _position(path: str, pieces: tuple[Piece, ...], start: int, end: int) -> Position:
    helper = Paragraph("", pieces or (Piece(0, 1, None),))
    line, column = helper.position(start)
    last = max(start, end - 1)
    end_line, end_column = helper.position(last)
    if end > start and end_column is not None:
        end_column += 1  # exclusive, as SARIF counts
    if end_line == line and (end_column is None or end <= start):
        return Position(path, line, column, None, end_column if end > start else None)
    return Position(path, line, column, end_line, end_column)


class AlignedLocator(Locator):
    """Source spans to the source document, target spans to the target document,
    each to its exact line and column (DOCX: paragraph number and offset + 1)."""

    def __init__(self, path: str, target_path: str, places: dict[str, tuple[tuple[Piece, ...], tuple[Piece, ...]]],
                 insertions: dict[str, Position] | None = None) -> None:
        super().__init__(path, target_path)
        self.places = places
        #: for a unit with no target (a 1-0 link): the place in the target where its
        #: translation belongs (just after the previous linked target paragraph)
        self.insertions = insertions or {}
        #: two documents: a finding located in the source only is also located in
        #: the target (see `CheckContext.location`)
        self.locates_both_sides = insertions is not None

    def locate(self, unit: Unit, side: Side, start: int, end: int) -> Position:
        place = self.places.get(unit.id)
        if place is None:
            return super().locate(unit, side, start, end)
        pieces = place[0] if side == "source" else place[1]
        path = self.path if side == "source" else self.target_path
        if not pieces:
            return self.insertions.get(unit.id, Position(path)) if side == "target" else Position(path)
        return _position(path, pieces, start, end)


def _insertion_points(target_path: str, links: Sequence[Link], tgt_items: Sequence[Paragraph]) -> dict[int, Position]:
    """For each link with no target (by its index): the place just after the end of
    the previous target paragraph, or the start of the first one when none precedes."""
    out: dict[int, Position] = {}
    last: int | None = None
    first_target = next((link.target[0] for link in links if link.target), None)
    for index, link in enumerate(links):
        if link.target:
            last = link.target[-1]
            continue
        if last is not None:
            paragraph = tgt_items[last]
            end = _position(target_path, paragraph.pieces, max(0, len(paragraph.text) - 1), len(paragraph.text))
            line = end.end_line if end.end_line is not None else end.line
            column = end.end_column
            out[index] = Position(target_path, line, column, line, column)
        elif first_target is not None:
            start = _position(target_path, tgt_items[first_target].pieces, 0, 0)
            out[index] = Position(target_path, start.line, start.column, start.line, start.column)
        else:
            out[index] = Position(target_path)
    return out


def sentences_of(document: TextDocument, lang: str | None, hook: Any = None) -> list[Paragraph]:
    """Every sentence of every paragraph, as paragraphs mapped to the same file places."""
    out: list[Paragraph] = []
    for paragraph in document.paragraphs:
        for span in split_sentences(paragraph.text, lang, hook):
            out.append(paragraph.slice(span.start, span.end))
    return out


def language_warnings(source: TextDocument, target: TextDocument, source_lang, target_lang) -> list[InputWarning]:
    warnings = []
    for document, lang in ((source, source_lang), (target, target_lang)):
        sample = "\n".join(document.texts)[:20000]
        message = langid.mismatch(sample, lang)
        if message:
            warnings.append(InputWarning(f"{document.path}: {message}; check --source-lang/--target-lang and the files' order"))
    return warnings


def aligned_document(
    source: TextDocument,
    target: TextDocument,
    source_lang: str | None,
    target_lang: str | None,
    *,
    level: str = "paragraph",
    hook: Any = None,
    options: AlignOptions | None = None,
    chrome: bool = True,
    table: dict[str, str] | None = None,
    shipped: bool = False,
) -> tuple[Document, Alignment]:
    """Align two documents and build the bilingual Document of the result. With
    `chrome`, page chrome (see `chrome.py`) is set aside on both sides first and comes
    back as unlinked paragraphs marked `align:chrome`. `table`: a word lexicon from the
    user's files for the aligner (`lexicon_file.mapping_for`); `shipped`: count the
    word table tqa ships for the pair beside the document's own lexicon (`--lexicon builtin`)."""
    if level not in LEVELS:
        raise ValueError(f"'level' must be one of {', '.join(LEVELS)} (got {level!r})")
    from .aligner import AlignOptions, align  # with numpy: loaded by the runs that align, not by `tqa check FILE.xlf`

    if shipped:
        options = dataclasses.replace(options or AlignOptions(), shipped_lexicon=True)

    if level == "sentence":
        src_items, tgt_items = sentences_of(source, source_lang, hook), sentences_of(target, target_lang, hook)
    else:
        src_items, tgt_items = list(source.paragraphs), list(target.paragraphs)
    src_chrome: set[int] = set()
    tgt_chrome: set[int] = set()
    if chrome:
        src_texts, tgt_texts = [p.text for p in src_items], [p.text for p in tgt_items]
        src_chrome = {i for i, flag in enumerate(chrome_flags(src_texts, [p.kind for p in src_items])) if flag}
        tgt_chrome = {i for i, flag in enumerate(chrome_flags(tgt_texts, [p.kind for p in tgt_items])) if flag}
        for document, items, flagged in ((source, src_items, src_chrome), (target, tgt_items, tgt_chrome)):
            if items and len(flagged) == len(items):
                raise InputError(document.path, "nothing is left to align once page chrome (menus, share and contact "
                                 "lines, bylines) is set aside; use --keep-chrome to align every paragraph")
    src_keep = [i for i in range(len(src_items)) if i not in src_chrome]
    tgt_keep = [i for i in range(len(tgt_items)) if i not in tgt_chrome]
    alignment = align([src_items[i].text for i in src_keep], [tgt_items[i].text for i in tgt_keep], source_lang, target_lang,
                      hook=hook, options=options, table=table)
    if src_chrome or tgt_chrome:
        alignment.links = _with_chrome(alignment.links, src_keep, tgt_keep, len(src_items), len(tgt_items))
        alignment.stats["chrome"] = (len(src_chrome), len(tgt_chrome))
    file = File(id="f1", original=source.path, source_lang=source_lang, target_lang=target_lang,
                attrs=(("align:target-original", target.path),))
    units: list[Unit] = []
    places: dict[str, tuple[tuple[Piece, ...], tuple[Piece, ...]]] = {}
    points = _insertion_points(target.path, alignment.links, tgt_items)
    insertions: dict[str, Position] = {}
    for number, link in enumerate(alignment.links, start=1):
        is_chrome = (not link.target and link.source[0] in src_chrome) or (not link.source and link.target[0] in tgt_chrome)
        unit, place = _unit(number, link, src_items, tgt_items, file, level, is_chrome)
        units.append(unit)
        places[unit.id] = place
        if number - 1 in points:
            insertions[unit.id] = points[number - 1]
    warnings = language_warnings(source, target, source_lang, target_lang)
    document = Document(
        path=source.path,
        format=f"aligned {source.format}/{target.format}",
        units=lambda: iter(units),
        source_lang=source_lang,
        target_lang=target_lang,
        locator=AlignedLocator(source.path, target.path, places, insertions),
        target_path=target.path,
        properties=(("align:level", level), ("align:links", str(len(units)))),
        warnings=warnings,
    )
    return document, alignment


def _numbers(items: Sequence[int]) -> str:
    return ",".join(str(i + 1) for i in items)


def _with_chrome(links: Sequence[Link], src_keep: list[int], tgt_keep: list[int], n: int, m: int) -> list[Link]:
    """The links of the paragraphs kept, renumbered to the whole documents, with each
    paragraph set aside as a link of its own (1-0 or 0-1) where it stands."""
    from .aligner import Link

    out: list[Link] = []
    next_s = next_t = 0

    def flush(s_upto: int, t_upto: int) -> None:
        nonlocal next_s, next_t
        while next_t < t_upto:
            out.append(Link((), (next_t,), 1.0))
            next_t += 1
        while next_s < s_upto:
            out.append(Link((next_s,), (), 1.0))
            next_s += 1

    for link in links:
        src = tuple(src_keep[i] for i in link.source)
        tgt = tuple(tgt_keep[i] for i in link.target)
        flush(src[0] if src else next_s, tgt[0] if tgt else next_t)
        out.append(Link(src, tgt, link.confidence))
        if src:
            next_s = src[-1] + 1
        if tgt:
            next_t = tgt[-1] + 1
    flush(n, m)
    return out


def _unit(number: int, link: Link, src_items, tgt_items, file: File, level: str, chrome: bool = False):
    src_paragraphs = [src_items[i] for i in link.source]
    tgt_paragraphs = [tgt_items[i] for i in link.target]
    src_text, src_pieces = _join(src_paragraphs)
    tgt_text, tgt_pieces = _join(tgt_paragraphs)
    src_line = src_paragraphs[0].line if src_paragraphs else None
    tgt_line = tgt_paragraphs[0].line if tgt_paragraphs else None
    properties = [(LINK, link.kind), (CONFIDENCE, f"{link.confidence:.2f}")]
    if chrome:
        properties.append((CHROME, "yes"))
    unit_name = "sentence" if level == "sentence" else "paragraph"
    if link.source:
        properties.append((SOURCE_PARAGRAPHS if level == "paragraph" else "align:source-sentences", _numbers(link.source)))
        properties.append(("align:source-lines", ",".join(str(p.line) for p in src_paragraphs)))
    if link.target:
        properties.append((TARGET_PARAGRAPHS if level == "paragraph" else "align:target-sentences", _numbers(link.target)))
        properties.append(("align:target-lines", ",".join(str(p.line) for p in tgt_paragraphs)))
    segment = Segment(
        source=Content(src_text),
        target=Content(tgt_text) if link.target else None,
        id="s1",
        state="translated" if link.source and link.target else "initial",
        source_line=src_line,
        target_line=tgt_line,
    )
    unit = Unit(
        id=f"u{number}",
        segments=(segment,),
        file=file,
        name=f"{unit_name} {link.kind}",
        properties=tuple(properties),
        line=src_line if src_line is not None else tgt_line,
    )
    return unit, (src_pieces, tgt_pieces)


def monolingual_document(target: TextDocument, target_lang: str | None) -> Document:
    """A translation checked without its source: one unit per paragraph, the source
    empty, `monolingual=True` (checks that need the source do not run)."""
    file = File(id="f1", original=target.path, source_lang=None, target_lang=target_lang)
    units = []
    places = {}
    for number, paragraph in enumerate(target.paragraphs, start=1):
        unit = Unit(
            id=f"u{number}",
            segments=(Segment(source=Content(""), target=Content(paragraph.text), id="s1", target_line=paragraph.line),),
            file=file,
            name=f"paragraph {number}",
            properties=((TARGET_PARAGRAPHS, str(number)),),
            line=paragraph.line,
        )
        units.append(unit)
        places[unit.id] = ((), paragraph.pieces)
    warnings = []
    message = langid.mismatch("\n".join(target.texts)[:20000], target_lang)
    if message:
        warnings.append(InputWarning(f"{target.path}: {message}; check --target-lang"))
    return Document(
        path=target.path,
        format=target.format,
        units=lambda: iter(units),
        source_lang=None,
        target_lang=target_lang,
        locator=AlignedLocator(target.path, target.path, places),
        target_path=target.path,
        monolingual=True,
        warnings=warnings,
    )
