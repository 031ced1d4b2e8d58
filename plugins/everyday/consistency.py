"""Consistency: the same source translated differently (source -> target) and
different sources sharing one translation (target -> source), across a file and
across all files of one run, compared with case, whitespace, placeholders, inline
codes and accelerator marks normalised."""

from __future__ import annotations

import marshal
import os
import re
import struct
import sys
import unicodedata
from array import array
from bisect import bisect_left
from collections import defaultdict
from itertools import islice

from qa_core import Check, Option, Rule, Severity, Span, hookimpl
from qa_core.digests import blake2b
from qa_core.findings import Location, SideLocation, UnitText
from qa_core.model import Content, Locator, Note, Segment, Unit
from qa_core.text import placeholders, vi_tone_normalise

from tqa_plugins.everyday.common import c_format, quote, translated

#: (an ampersand glued to a word's end before a space is a mnemonic put on the space:
#: `Thiết& lập lại` is `Thiết lập lại` with its accelerator misplaced, which CHK002 reports)
_ACCEL = re.compile(r"\((?:&|_)\w\)|(?<![&_~])[&_~](?=[^\W_])|(?<=[^\W_])&(?= )")
_SPACES = re.compile(r"\s+")
#: words whose case is meaning: ALL-CAPS names and metavariables (SEARCH is not Search) and
#: one-letter options (-I is not -i)
_CASE_KEPT = re.compile(r"(?<![^\W\d_])[^\W\d_a-z]{2,}(?![^\W\d_])|(?<![\w-])--?[A-Za-z]\b")
#: what sets the variants of a CON001 group apart, from the likeliest slip to a choice of words
DIFFERENCES = ("untranslated", "punctuation", "typo", "word-order", "wording")
#: reported unless the configuration asks otherwise: the likely slips. Wording differences
#: (synonyms, a word more or less) were judged arguable in 6 of 7 cases on unseen real PO
#: files (docs/precision.md), so a terminology review turns them on itself.
DEFAULT_DIFFERENCES = ("untranslated", "punctuation", "typo", "word-order")
#: gettext's special msgids: the translators' names, not a translation of the text
_SPECIAL = frozenset({"translator-credits", "translator_credits", "translators"})


def normalise(text: str, *, ignore_case: bool, ignore_punctuation: bool, cf: bool = False,
              keep_case_words: bool = False, vietnamese: bool = False, typed: bool = False) -> str:
    """The text as "the same" compares it: placeholders as {}, accelerators and
    surrounding whitespace removed, spaces collapsed, NFC; case and punctuation by option.
    keep_case_words: ALL-CAPS words and one-letter options keep their case when case is
    ignored (a source's `-I` and `-i` are two options). vietnamese: one tone-mark
    placement (`Xoá` and `Xóa` are one spelling written two ways). typed: a printf
    placeholder keeps its type (`%3$s` and `%3$d` are two messages' placeholders: gnome-
    calendar's date with and without the year)."""
    found = placeholders(text, c_format=cf)
    if found:  # in order, without overlaps: one join instead of a copy per placeholder
        pieces, last = [], 0
        for ph in found:
            pieces.append(text[last:ph.start])
            kind = ph.key.rsplit("%", 1)[-1].split("$")[-1] if typed and ph.style == "printf" else ""
            pieces.append("{" + kind + "}")
            last = ph.end
        pieces.append(text[last:])
        text = "".join(pieces)
    if "&" in text or "_" in text or "~" in text:  # every accelerator mark is one of these
        text = _ACCEL.sub("", text)
    text = " ".join(text.split())  # = _SPACES.sub(" ", text).strip(), without a regex
    if not text.isascii():  # (ASCII is NFC already: isascii() reads a flag, the check reads every character)
        text = unicodedata.normalize("NFC", text)
    if vietnamese:
        text = vi_tone_normalise(text)
    if ignore_punctuation:
        text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P") or ch in "{}").strip()
        text = _SPACES.sub(" ", text)
    if not ignore_case:
        return text
    kept = list(_CASE_KEPT.finditer(text)) if keep_case_words and _may_keep_case(text) else None
    if kept:  # (one scan: the words found are the ones kept)
        pieces, last = [], 0
        for m in kept:
            pieces.append(text[last:m.start()].casefold())
            pieces.append(m.group())
            last = m.end()
        pieces.append(text[last:].casefold())
        return "".join(pieces)
    return text.casefold()


#: what every match of `_CASE_KEPT` holds: two letters in a row outside a-z (or a hyphen)
_TWO_KEPT = re.compile(r"[^\W\d_a-z]{2}")
#: the same in an ASCII text, where those letters are A-Z (a narrower class scans faster)
_TWO_CAPITALS = re.compile(r"[A-Z]{2}")


def _may_keep_case(text: str) -> bool:
    """False when `_CASE_KEPT` cannot match `text`: an ALL-CAPS word is two letters outside
    a-z in a row, an option holds a hyphen (a scan for these is a third of the pattern's,
    whose look-arounds are tried at every letter; most sources have neither)."""
    return "-" in text or (_TWO_CAPITALS if text.isascii() else _TWO_KEPT).search(text) is not None


def _letters_at_least(text: str, minimum: int) -> bool:
    """`text` holds `minimum` letters or more (counting stops at the minimum, in C)."""
    return minimum <= 0 or next(islice(filter(str.isalpha, text), minimum - 1, None), None) is not None


class Consistency(Check):
    """One source, one translation; one translation, one source."""

    name = "consistency"
    rules = (
        Rule("CON001", "inconsistent-translation", Severity.MINOR, "Style/Inconsistent style",
             "The same source text is translated in different ways (in one file or across the files of a run).",
             profiles=("document",)),  # off on software strings: pooled first-sight precision < 0.75 (docs/precision.md)
        Rule("CON002", "inconsistent-source", Severity.MINOR, "Style/Inconsistent style",
             "Different source texts share one translation (in one file or across the files of a run).",
             default=False),
    )
    options = (
        Option("ignore-case", True, "Texts that differ only in case count as the same."),
        Option("ignore-punctuation", False, "Texts that differ only in punctuation count as the same."),
        Option("across-files", True, "Also compare the files of one run with each other (same target language)."),
        Option("min-letters", 2, "Sources (for CON002, targets) with fewer letters are not compared."),
        Option("differences", list(DEFAULT_DIFFERENCES), "Which CON001 differences to report: untranslated (one variant "
               "is the source text), typo (variants one or two letters apart), word-order (the same words in "
               "another order), wording (other wordings: synonyms, a word more or less; not by default).", type="array"),
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        # the groups of (lang, context, normalised source) and of (lang, context,
        # normalised target), each a 64-bit key; a group's variants are numbered records
        # in flat columns, and the first occurrence of each variant (its texts and place)
        # is written to a temporary file, read back only for the groups reported. What
        # stays in memory grows with the distinct texts, so it is kept to a dict entry
        # and a few array cells per text (see `_Groups`, `_Spill`).
        self._spill = _Spill()
        self._by_source = _Groups()
        self._by_target = _Groups()
        #: normalised texts by (text, c-format, source side, Vietnamese): a text met again
        #: (a repeated string, a target that is also a source) is normalised once
        self._normalised: dict[tuple, str] = {}
        #: whether the groups by source (CON001) and by target (CON002) are kept: set on the
        #: first unit, from the configuration (`_directions`)
        self._directions: tuple[bool, bool] | None = None
        #: the fewest letters a compared text has (the setting, read once)
        self._minimum = int(self.settings["min-letters"])
        #: target language tag -> (the tag as groups key it, Vietnamese or not)
        self._languages: dict[str | None, tuple[str, bool]] = {}

    def _norm(self, text: str, cf: bool, *, source: bool, vietnamese: bool) -> str:
        memo = self._normalised
        key = (text, cf, source, vietnamese)
        found = memo.get(key)
        if found is None:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            found = memo[key] = normalise(
                text, ignore_case=bool(self.settings["ignore-case"]),
                ignore_punctuation=bool(self.settings["ignore-punctuation"]), cf=cf,
                keep_case_words=source, vietnamese=vietnamese, typed=source)
        return found

    def check_unit(self, unit, ctx):
        if not translated(unit) or unit.fuzzy:
            return ()
        source, target = unit.source.text, unit.target.text
        if source.strip().casefold() in _SPECIAL:
            return ()
        directions = self._directions
        if directions is None:
            directions = self._directions = _directions(ctx)
        minimum = self._minimum
        by_source = directions[0] and _letters_at_least(source, minimum)
        by_target = directions[1] and _letters_at_least(target, minimum)
        if not (by_source or by_target):
            return ()  # (asked before the keys are made: they would go unused)
        cf = c_format(unit)
        # the language as the groups key it (zh-CN and zh-TW are not one language here),
        # and whether it is Vietnamese, made once per tag
        tag = ctx.target_lang
        language = self._languages.get(tag)
        if language is None:
            lang = sys.intern((tag or "").replace("_", "-").lower())
            language = self._languages[tag] = (lang, lang.split("-")[0] == "vi")
        lang, vietnamese = language
        context = (lang, unit.get("msgctxt") or "", unit.get("plural-form") or "")
        src_key = _key(context, self._norm(source, cf, source=True, vietnamese=False))
        tgt_key = _key(context, self._norm(target, cf, source=False, vietnamese=vietnamese))
        if self._spill.ctx is None:
            self._spill.ctx = ctx  # where a kept unit is located, when its group is reported
        row = -1
        if by_source:
            row = self._by_source.add(src_key, tgt_key, row, self._spill, ctx, unit, lang)
        if by_target:
            self._by_target.add(tgt_key, src_key, row, self._spill, ctx, unit, lang)
        return ()

    def check_document(self, document, ctx):
        kinds = frozenset(self.settings["differences"])
        # group by group: a group's variants are made `Location`s, reported and let go
        # before the next (kept all at once, the reported groups of a 300k-unit file
        # held some 30 MB of locations at the end of the run)
        yield from _report(_expanded(self._by_source.reported(self._spill, False), False), "CON001",
                           lambda f, loc, **kw: _doc_finding(ctx, f, loc, **kw), kinds)
        yield from _report(_expanded(self._by_target.reported(self._spill, True), True), "CON002",
                           lambda f, loc, **kw: _doc_finding(ctx, f, loc, **kw), kinds)

    def run_data(self):
        """Every group with the record of each variant, [shown text, place, count, other
        text, variant key] (texts in UTF-8), for `check_run`: what the run compares across
        its files. The runner asks for it only when a run has more than one input."""
        if not self.settings["across-files"]:
            return None
        # most groups are never reported (`check_run` reports those seen in two files):
        # their units are located there, by a locator that reads the file again, not here
        self._spill.later()
        try:
            return (self._by_source.records(self._spill, False), self._by_target.records(self._spill, True))
        finally:
            self._spill.forget_places()

    def check_run(self, data, ctx):
        """Groups whose variants come from different files and that no single file shows."""
        for index, rule_id in ((0, "CON001"), (1, "CON002")):
            merged: dict[int, dict] = {}
            seen_alone: dict[int, int] = defaultdict(int)
            for doc in data:
                for key, entry in doc[index].items():
                    variants = entry if isinstance(entry, dict) else {entry[4]: entry}
                    seen_alone[key] = max(seen_alone[key], len(variants))
                    group = merged.setdefault(key, {})
                    for norm, record in variants.items():
                        if norm in group:
                            group[norm][2] += record[2]
                        else:
                            group[norm] = list(record)
            across = {k: v for k, v in merged.items() if len(v) > 1 and len(v) > seen_alone[k]
                      and len({record[1][0] for record in v.values()}) > 1}
            _locate_in_order([record for v in across.values() for record in v.values()], index == 1)
            yield from _report(_expanded(across.items(), index == 1), rule_id,
                               lambda f, loc, **kw: _run_finding(ctx, f, loc, **kw),
                               frozenset(self.settings["differences"]))


def _directions(ctx) -> tuple[bool, bool]:
    """Whether CON001's groups (by source) and CON002's (by target) are wanted: a rule that
    is off is not grouped for. CON002 is off by default, and its groups were built and
    reported only for the runner to drop their findings: most of the report's work on a
    large file, since different sources that share a translation get more frequent with the
    units, and each group's units were located in the file again. A rule
    on for the run's comparison across files is kept too: a run of files of several
    profiles compares them as documents."""
    on = [ctx.is_enabled(rule_id) or ctx.is_enabled(rule_id, profile="document") for rule_id in ("CON001", "CON002")]
    return on[0], on[1]


#: at most this many normalised texts are kept (then the memo starts over)
_MEMO_SIZE = 16384


def _key(context: tuple, text: str) -> int:
    """A 64-bit key for a normalised text in its context (language, msgctxt, plural form): what the
    groups compare, in a fraction of the text's memory, and the same in every process.
    (blake2b of each part's length and UTF-8 bytes in turn, hashed in one call: the
    context's bytes are kept, as a run has few contexts and many texts.)"""
    prefix = _PREFIXES.get(context)
    if prefix is None:
        if len(_PREFIXES) >= 4096:
            _PREFIXES.clear()
        prefix = _PREFIXES[context] = b"".join(_part(str(part)) for part in context)
    return int.from_bytes(blake2b(prefix + _part(text), digest_size=8).digest(), "little")


_PREFIXES: dict[tuple, bytes] = {}


def _part(text: str) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    return len(data).to_bytes(8, "little") + data


def _packed(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _unpacked(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def _place(ctx, unit, lang: str) -> tuple:
    """Where a unit is, as a flat tuple of what its `Location` (whole texts spanned on both
    sides) holds besides the texts, and the target language; `_location` makes the
    `Location` again. A unit id that ends with the source text (a PO msgctxt and msgid) is
    kept as the part before it, in UTF-8."""
    source = unit.source.text
    location = ctx.location(unit, Span(0, len(source)), Span(0, len(unit.target.text)))
    s, t = location.source, location.target
    unit_id = location.unit_id
    if unit_id is not None and source and unit_id.endswith(source):
        unit_id = _packed(unit_id[: len(unit_id) - len(source)])
    return (location.file, unit_id, s.path, s.line, s.column, s.end_line, s.end_column,
            t.path, t.line, t.column, t.end_line, t.end_column, lang)


def _flat(unit) -> tuple | None:
    """The unit's fields as nested tuples of strings, numbers and None (what marshal
    writes), `_unflat` making the same unit again; the texts of a one-segment unit are
    left out (the row holds them). None for a unit with inline codes (kept as a place)."""
    segments = unit.segments
    one = len(segments) == 1
    flat = []
    for s in segments:
        src, tgt = s.source, s.target
        if src.codes or (tgt is not None and tgt.codes):
            return None
        flat.append((None if one else src.text, src.omitted_codes, src.omitted_chars,
                     None if tgt is None else (None if one else tgt.text, tgt.omitted_codes, tgt.omitted_chars),
                     s.id, s.state, s.sub_state, s.ignorable, s.source_line, s.target_line, s.attrs))
    notes = tuple((n.text, n.category, n.applies_to, n.id, n.priority) for n in unit.notes)
    return (unit.id, tuple(flat), unit.name, notes, unit.translate, unit.groups, unit.original_data,
            unit.properties, unit.line)


def _unflat(flat: tuple, file, source: str, target: str):
    unit_id, segments, name, notes, translate, groups, original_data, properties, line = flat
    one = len(segments) == 1
    made = []
    for text, omitted_codes, omitted_chars, tgt, sid, state, sub_state, ignorable, source_line, target_line, attrs in segments:
        made.append(Segment(
            Content(source if one else text, (), omitted_codes, omitted_chars),
            None if tgt is None else Content(target if one else tgt[0], (), tgt[1], tgt[2]),
            sid, state, sub_state, ignorable, source_line, target_line, attrs))
    return Unit(unit_id, tuple(made), file, name, tuple(Note(*n) for n in notes), translate, groups, original_data,
                properties, line)


def _locate_in_order(records: list, by_target: bool) -> None:
    """Give the records whose place is not located yet (`_Spill.get` for `run_data`: the
    document's path, its detached locator, the unit's `File`, the flat unit, the language)
    their place, file by file in the order of their lines: a locator reading the file
    again then finds most lines in the stretch it read last."""
    later = [r for r in records if len(r[1]) == 5]
    later.sort(key=lambda r: (r[1][0], r[1][3][-1] or 0))
    for record in later:
        file, locator, unit_file, flat, lang = record[1]
        shown, other = _unpacked(record[0]), _unpacked(record[3])
        source, target = (shown, other) if by_target else (other, shown)
        unit = _unflat(flat, unit_file, source, target)
        s, t = locator.locate(unit, "source", 0, len(source)), locator.locate(unit, "target", 0, len(target))
        record[1] = (file, unit.id, s.path, s.line, s.column, s.end_line, s.end_column,
                     t.path, t.line, t.column, t.end_line, t.end_column, lang)


def _location(place: tuple, source: str, target: str) -> Location:
    file, unit_id, sp, sl, sc, sel, sec, tp, tl, tc, tel, tec, _lang = place
    if isinstance(unit_id, bytes):
        unit_id = _unpacked(unit_id) + source
    return Location(file=file, unit_id=unit_id,
                    source=SideLocation(sp, sl, sc, sel, sec, Span(0, len(source)), source),
                    target=SideLocation(tp, tl, tc, tel, tec, Span(0, len(target)), target))


class _Spill:
    """The first occurrences' texts and places, one row per unit that starts a variant,
    marshalled: the first `BUFFER` bytes in memory, then in an anonymous temporary file
    (gone when closed or when the process ends). A row is named by its offset, which the
    groups' records keep: nothing here grows with the rows.

    A row keeps the unit itself as flat fields (`_flat`), not its place: locating a unit
    (reading its lines of the file again) cost a third of the check, and only the units
    of groups with two variants (and, in a run of several files, `run_data`'s) are ever
    located, when they are read back, with the document still open (`ctx`)."""

    BUFFER = 1 << 20

    def __init__(self) -> None:
        self._file = None
        self._buffer = bytearray()  # the rows from offset `_flushed` on
        self._flushed = 0
        self.ctx = None  # the document's CheckContext, set by the first unit kept
        self._files: list = []  # the units' `File`s (one for most documents), by number
        self._located = _Places(self)  # row -> place, of the rows read back
        self._later = None  # (document path, detached locator) while `run_data` reads the rows
        self._read: dict[int, tuple] = {}  # row -> what `get` gave, while `run_data` reads the rows

    def add(self, unit, lang: str) -> int:
        source, target = unit.source.text, unit.target.text
        flat = _flat(unit)
        if flat is None:
            kept = _place(self.ctx, unit, lang)  # a unit with inline codes: located now
        else:
            file = unit.file
            files = self._files
            # (one file for most documents: the last one is asked first)
            number = len(files) - 1 if files and files[-1] is file else \
                next((i for i, f in enumerate(files) if f is file), None)
            if number is None:
                number = len(self._files)
                self._files.append(file)
            kept = (number, flat, lang)
        # texts as UTF-8: marshal keeps them so, and they are read back as they were
        try:
            data = marshal.dumps((kept, _packed(source), _packed(target)))
        except ValueError:  # a field marshal cannot write (a str subclass a reader kept): located now
            data = marshal.dumps((_place(self.ctx, unit, lang), _packed(source), _packed(target)))
        return self.keep(data)  # a row is its offset: no table of offsets grows with the rows

    def keep(self, data: bytes) -> int:
        """Append marshalled `data` (a row, or a place of `_Places`); its offset, for `load`."""
        offset = self._flushed + len(self._buffer)
        self._buffer += data
        if len(self._buffer) >= self.BUFFER:
            self._flush()
        return offset

    def load(self, offset: int):
        """The value marshalled at `offset` (from `keep`)."""
        if offset >= self._flushed:  # (marshal reads one value and ignores the bytes after it)
            return marshal.loads(memoryview(self._buffer)[offset - self._flushed:])
        self._file.seek(offset)
        return marshal.load(self._file)

    def _flush(self) -> None:
        if self._file is None:
            import tempfile  # here: a run that never spills does not pay its import

            self._file = tempfile.TemporaryFile(prefix="tqa-consistency-")
        self._file.seek(self._flushed)
        self._file.write(self._buffer)
        self._flushed += len(self._buffer)
        self._buffer = bytearray()

    def get(self, row: int) -> tuple:
        """(place, source, target) of a row (its offset, from `add`), the texts in UTF-8."""
        if self._later is not None:
            # `run_data` reads every row for both directions: each is unmarshalled once
            # (what it returns is kept in the records anyway)
            found = self._read.get(row)
            if found is None:
                found = self._read[row] = self._get(row)
            return found
        return self._get(row)

    def _get(self, row: int) -> tuple:
        kept, source, target = self.load(row)
        if len(kept) == 3:  # (file number, flat unit, language): located now, once (both directions share rows)
            place = self._located.get(row)
            if place is None and self._later is not None:  # or later, by `_location`
                number, flat, lang = kept
                return (self._later[0], self._later[1], self._files[number], flat, lang), source, target
            if place is None:
                number, flat, lang = kept
                unit = _unflat(flat, self._files[number], _unpacked(source), _unpacked(target))
                place = _place(self.ctx, unit, lang)
                self._located.put(row, place)
            kept = place
        return kept, source, target

    def later(self) -> None:
        """From now on, rows not located yet are read back unlocated, with a locator that
        can place them after the document is closed (when the document's has one)."""
        if self.ctx is None:
            return
        document = self.ctx.document
        locator = document.locator or Locator(document.path, document.target_path)
        detached = locator.detached()
        if detached is not None:
            self._later = (document.path, detached)

    def forget_places(self) -> None:
        self._located = _Places(self)
        self._later = None
        self._read = {}

    def __del__(self) -> None:
        if self._file is not None:
            self._file.close()


class _Places:
    """The places of the rows located at the end (`_Spill.get`), kept compact: each
    marshalled into one buffer with its paths and language as numbers (a few dozen
    bytes a row; as tuples in a dict, ~400: 20 MB for the 50k rows that the reported
    groups of a 300k-unit file located). Rows are located in increasing order (the
    order of the file's lines), a direction after the other: each increasing stretch
    is a block of two flat arrays (rows, offsets), searched by bisection. The marshalled
    places go to the spill (`store`: in memory up to its buffer, then in its file), so
    16 bytes a row stay in memory (~90 while the places were kept in a buffer here)."""

    __slots__ = ("blocks", "store", "names", "numbers", "loose")
    #: the fields of a place kept as numbers: file, source path, target path, language
    NAMED = (0, 2, 7, 12)

    def __init__(self, store: "_Spill") -> None:
        self.blocks: list[tuple[array, array]] = []
        self.store = store
        self.names: list = []
        self.numbers: dict = {}
        self.loose: dict[int, tuple] = {}  # a place marshal cannot write, as it is

    def get(self, row: int) -> tuple | None:
        for rows, offsets in self.blocks:
            at = bisect_left(rows, row)
            if at < len(rows) and rows[at] == row:
                kept = list(self.store.load(offsets[at]))
                for field in self.NAMED:
                    kept[field] = self.names[kept[field]]
                return tuple(kept)
        return self.loose.get(row)

    def put(self, row: int, place: tuple) -> None:
        kept = list(place)
        for field in self.NAMED:
            number = self.numbers.get(kept[field])
            if number is None:
                number = self.numbers[kept[field]] = len(self.names)
                self.names.append(kept[field])
            kept[field] = number
        try:
            data = marshal.dumps(tuple(kept))
        except ValueError:  # (a str subclass a reader kept)
            self.loose[row] = place
            return
        if not self.blocks or row <= self.blocks[-1][0][-1]:
            self.blocks.append((array("q"), array("q")))
        rows, offsets = self.blocks[-1]
        rows.append(row)
        offsets.append(self.store.keep(data))


_EMPTY = -1


class _Table:
    """A hash table from 64-bit keys (blake2b digests: already uniform) to record numbers,
    one flat array of 4-byte values with linear probing, at most half full. The keys are
    not kept twice: `key_of(value)` reads a value's key from its owner's records, so a
    slot costs 4 bytes where a key and a value took 16 (a million keys in 2**21 slots:
    8 bytes a key instead of 34). Values are integers of 32 bits other than -1
    (`_EMPTY`)."""

    __slots__ = ("values", "mask", "used", "key_of")

    def __init__(self, key_of, size: int = 1024) -> None:
        self.key_of = key_of
        self.values = array("i", [_EMPTY]) * size
        self.mask = size - 1
        self.used = 0

    def slot(self, key: int) -> int:
        """The slot that holds `key`, or the empty slot where it goes."""
        values, mask, key_of = self.values, self.mask, self.key_of
        i = key & mask
        while values[i] != _EMPTY and key_of(values[i]) != key:
            i = (i + 1) & mask
        return i

    def get(self, key: int) -> int:
        return self.values[self.slot(key)]

    def put(self, slot: int, key: int, value: int) -> None:
        """Set the value of the key that `slot` (from `slot(key)`) holds or will hold;
        `key_of(value)` must give `key`."""
        values = self.values
        if values[slot] == _EMPTY:
            self.used += 1
            values[slot] = value
            if 2 * self.used > len(values):
                self._grow()
        else:
            values[slot] = value

    def _grow(self) -> None:
        values, key_of = self.values, self.key_of
        size = 2 * len(values)
        self.values = new_values = array("i", [_EMPTY]) * size
        self.mask = mask = size - 1
        for value in values:
            if value != _EMPTY:
                i = key_of(value) & mask
                while new_values[i] != _EMPTY:
                    i = (i + 1) & mask
                new_values[i] = value


class _Groups:
    """Groups of one direction. A variant is a numbered record in flat columns: its
    group's key, its variant key, its count and the spill row of its first occurrence.
    `table` maps a group's key to its one record's number, or to -2 - m once it has two
    variants, `multi[m]` being {variant key: record number} (few groups have two); the
    table reads a group's key from `keys` (`_key_of`). About 37 bytes a record.

    Memory stays within a budget: once `BUDGET` records are held, they are written to a
    temporary file as one run sorted by (group key, variant key), 32 bytes a record, and
    the columns start again empty. A variant met again after that is a new record; at
    the end the runs and the records in memory are merged (`_merged`), a variant's
    counts added up and its first occurrence the earliest row (rows grow with the units
    read), so the groups come out as if all had been kept in memory."""

    __slots__ = ("table", "multi", "keys", "variants", "counts", "rows", "_file", "_runs")

    #: records held in memory before they are written out as a sorted run (~5 MB a direction);
    #: `TQA_CONSISTENCY_RECORDS=N` sets it (comparisons force the runs with a small N)
    BUDGET = int(os.environ.get("TQA_CONSISTENCY_RECORDS", "").strip() or 1 << 17)

    def __init__(self) -> None:
        self._file = None
        self._runs: list[tuple[int, int]] = []  # (offset, records) of each run in `_file`
        self._reset()

    def _reset(self) -> None:
        self.table = _Table(self._key_of)
        self.multi: list[dict[int, int]] = []
        self.keys = array("Q")
        self.variants = array("Q")
        self.counts = array("i")
        self.rows = array("q")  # spill offsets

    def _key_of(self, entry: int) -> int:
        """The group key of a table value: a record's, or a group of several variants'
        (its first record's)."""
        return self.keys[entry if entry >= 0 else next(iter(self.multi[-2 - entry].values()))]

    def _new(self, key: int, variant: int, row: int) -> int:
        self.keys.append(key)
        self.variants.append(variant)
        self.counts.append(1)
        self.rows.append(row)
        return len(self.counts) - 1

    def add(self, key: int, variant: int, row: int, spill: _Spill, ctx, unit, lang: str) -> int:
        """Count one occurrence of `variant` in the group `key`, writing the unit's row (its
        texts and place) when it starts a variant and `row` is -1 (not written yet).
        Returns the unit's row as it now is, for the other direction to reuse."""
        if len(self.counts) >= self.BUDGET:
            self._write_run()
        table = self.table
        slot = table.slot(key)
        entry = table.values[slot]
        if entry == _EMPTY:
            if row < 0:
                row = spill.add(unit, lang)
            table.put(slot, key, self._new(key, variant, row))
            return row
        if entry >= 0:
            if self.variants[entry] == variant:
                self.counts[entry] += 1
                return row
            self.multi.append({self.variants[entry]: entry})
            entry = -1 - len(self.multi)
            table.put(slot, key, entry)
        group = self.multi[-2 - entry]
        found = group.get(variant)
        if found is not None:
            self.counts[found] += 1
            return row
        if row < 0:
            row = spill.add(unit, lang)
        group[variant] = self._new(key, variant, row)
        return row

    def _order(self):
        """The records in memory, sorted by (group key, variant key), as one numpy array of
        `_RECORD`s: sorted in C, ~40 bytes a record while it lasts (a list of tuples took
        ~150, a step of ~20 MB at the budget)."""
        import numpy

        keys = numpy.frombuffer(self.keys, dtype="<u8")
        variants = numpy.frombuffer(self.variants, dtype="<u8")
        order = numpy.lexsort((variants, keys))
        records = numpy.empty(len(order), dtype=[("k", "<u8"), ("v", "<u8"), ("r", "<i8"), ("c", "<i8")])
        records["k"] = keys[order]
        records["v"] = variants[order]
        records["r"] = numpy.frombuffer(self.rows, dtype="<i8")[order]
        records["c"] = numpy.frombuffer(self.counts, dtype=numpy.int32)[order]
        return records

    def _sorted(self):
        """The records in memory as (group key, variant key, row, count), sorted."""
        data = self._order().tobytes()
        step = 4096 * _RECORD.size
        for start in range(0, len(data), step):
            yield from _RECORD.iter_unpack(data[start:start + step])

    def _write_run(self) -> None:
        if self._file is None:
            import tempfile

            self._file = tempfile.TemporaryFile(prefix="tqa-consistency-runs-")
        self._file.seek(0, 2)
        offset = self._file.tell()
        self._file.write(memoryview(self._order()).cast("B"))  # (its buffer: no copy of the run made as bytes)
        self._runs.append((offset, len(self.counts)))
        self._reset()

    def _read_run(self, offset: int, count: int):
        size = _RECORD.size
        while count:
            n = min(count, 4096)
            self._file.seek(offset)
            data = self._file.read(n * size)
            offset += n * size
            count -= n
            yield from _RECORD.iter_unpack(data)

    def _merged(self):
        """Every group of the runs and of memory, as (first row, key, [(row, variant, count)]),
        its variants in the order they were first met, in the order of the groups' keys."""
        from heapq import merge
        from itertools import groupby

        streams = [self._read_run(offset, count) for offset, count in self._runs] + [self._sorted()]
        for key, records in groupby(merge(*streams), key=lambda r: r[0]):
            variants = []
            for variant, same in groupby(records, key=lambda r: r[1]):
                same = list(same)
                variants.append((min(r[2] for r in same), variant, sum(r[3] for r in same)))
            variants.sort()
            yield variants[0][0], key, variants

    def _record(self, number: int, spill: _Spill, by_target: bool) -> list:
        return self._made(self.rows[number], self.counts[number], self.variants[number], spill, by_target)

    @staticmethod
    def _made(row: int, count: int, variant: int, spill: _Spill, by_target: bool) -> list:
        place, source, target = spill.get(row)
        shown, other = (source, target) if by_target else (target, source)
        return [shown, place, count, other, variant]

    def reported(self, spill: _Spill, by_target: bool):
        """(key, {variant: record}) of the groups of more than one variant, in the order
        their first variant was met, records as `_expanded` reads them."""
        if self._runs:
            for _first, key, variants in self._reported_runs(spill):
                yield key, {variant: self._made(row, count, variant, spill, by_target) for row, variant, count in variants}
            return
        groups = sorted(self.multi, key=lambda g: next(iter(g.values())))
        for row in sorted({self.rows[n] for group in groups for n in group.values()}):
            spill.get(row)  # located in the order of the file's lines, each once (kept by the spill)
        for group in groups:
            key = self.keys[next(iter(group.values()))]
            yield key, {variant: self._record(number, spill, by_target) for variant, number in group.items()}

    def _reported_runs(self, spill: _Spill | None = None):
        """`reported` past the budget: the merged groups of more than one variant as
        (first row, key, [(row, variant, count)]), sorted by first row, their rows located
        first in the order of the file's lines. The groups wait in flat columns, 40 bytes
        a variant (as tuples in a list, ~250: 40 MB at the ~160k variants that the
        reported groups of a 1M-unit file hold), and come out as tuples a group at a time."""
        import numpy

        firsts, keys, rows, variants, counts = array("q"), array("Q"), array("q"), array("Q"), array("q")
        for first, key, group in self._merged():
            if len(group) > 1:
                for row, variant, count in group:
                    firsts.append(first)
                    keys.append(key)
                    rows.append(row)
                    variants.append(variant)
                    counts.append(count)
        if not firsts:
            return
        # views of the columns (no copies)
        columns = (numpy.frombuffer(firsts, dtype=numpy.int64), numpy.frombuffer(keys, dtype=numpy.uint64),
                   numpy.frombuffer(rows, dtype=numpy.int64), numpy.frombuffer(variants, dtype=numpy.uint64),
                   numpy.frombuffer(counts, dtype=numpy.int64))
        if spill is not None:
            for row in numpy.sort(columns[2]).tolist():
                spill.get(row)  # located in the order of the file's lines, each once (kept by the spill)
        # a row starts one variant of one group: (first row, row) orders the groups and,
        # within each, its variants as `_merged` gives them (by their first row)
        order = numpy.lexsort((columns[2], columns[0]))
        step = 4096
        pending: list = []
        current = None
        for start in range(0, len(order), step):
            at = order[start:start + step]
            for first, key, row, variant, count in zip(*(column[at].tolist() for column in columns)):
                if first != current:
                    if pending:
                        yield current, pending_key, pending
                    current, pending_key, pending = first, key, []
                pending.append((row, variant, count))
        yield current, pending_key, pending

    def records(self, spill: _Spill, by_target: bool) -> dict:
        """Every group as `check_run` reads it, in the order their first variant was met:
        {key: record} for one variant, {key: {variant: record}} for more."""
        out: dict = {}
        if self._runs:
            for _first, key, variants in sorted(self._merged()):
                if len(variants) == 1:
                    row, variant, count = variants[0]
                    out[key] = self._made(row, count, variant, spill, by_target)
                else:
                    out[key] = {variant: self._made(row, count, variant, spill, by_target)
                                for row, variant, count in variants}
            return out
        # a record is its group's only one or in one group of `multi` (not both): the
        # groups of several are found by their records, not by a probe of the table each
        firsts = {next(iter(group.values())): group for group in self.multi}
        several = {n for group in self.multi for n in group.values()}
        for number, key in enumerate(self.keys):
            if number not in several:
                out[key] = self._record(number, spill, by_target)
            else:
                group = firsts.get(number)
                if group is not None:
                    out[key] = {variant: self._record(n, spill, by_target) for variant, n in group.items()}
        return out


#: a record written to a run: group key, variant key, row, count
_RECORD = struct.Struct("<QQqq")


def _expanded(groups, by_target: bool):
    """The groups of more than one variant, given as (key, {variant: [shown, place, count,
    other, variant key]}) pairs, as `_report` reads them, {variant: [shown, Location,
    count, other]}: the locations made only for these, a group at a time."""
    for key, entry in groups:
        if isinstance(entry, dict) and len(entry) > 1:
            variants = {}
            for norm, (shown, place, count, other, _variant) in entry.items():
                shown, other = _unpacked(shown), _unpacked(other)
                location = _location(place, *((shown, other) if by_target else (other, shown)))
                variants[norm] = [shown, location, count, other]
            yield (place[-1], key), variants  # `_report` reads the language from key[0]


def _doc_finding(ctx, rule_id, location, **kw):
    finding = ctx.finding(rule_id, kw["message"], data=kw["data"], suggestion=kw.get("suggestion"),
                          unit=None)
    return _replace_location(finding, location, kw.get("context"))


def _run_finding(ctx, rule_id, location, **kw):
    return ctx.finding(rule_id, kw["message"], location, context=kw.get("context"), data=kw["data"],
                       suggestion=kw.get("suggestion"))


def _replace_location(finding, location: Location, context):
    from dataclasses import replace
    return replace(finding, location=location, context=context)


def _where(location: Location, many_files: bool) -> str:
    line = location.target.line if location.target is not None and location.target.line else None
    name = location.file.rsplit("/", 1)[-1] if many_files else ""
    place = f"{name}:{line}" if many_files and line else (f"line {line}" if line else f"unit {location.unit_id}")
    return place if not many_files or line else f"{name} unit {location.unit_id}"


_WORDS = re.compile(r"[^\W_]+")


def _plain(text: str) -> str:
    return normalise(text, ignore_case=True, ignore_punctuation=True)


def _one_letter_slip(a: str, b: str, vietnamese: bool) -> bool:
    """Two texts one edit apart where the edit is no inflection: inside a word, not in its
    last two letters (Spanish `traducido`/`traducidos`, `todas`/`todos` are grammar), except
    in Vietnamese, whose words do not inflect."""
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    # one edit apart (or none): past their common beginning, the rest is the same but for
    # the one letter changed (texts of one length) or put in (the longer one). (A table of
    # Levenshtein distances took len(a)·len(b) steps in Python, ~15 ms for two sentences
    # that differ near their end, the slope of a 1M-unit file's consistency report.)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if p < len(short) and short[p + (len(short) == len(long)):] != long[p + 1:]:
        return False
    if vietnamese:
        return True
    # (texts of one length are the same past the changed letter: either one's letters after it)
    after = long[p + 1:p + 3]
    return len(after) == 2 and after.isalpha()


#: an underscore between two letters of a one-token variant: words joined so that they stay
#: one token (a command word the program reads, `tuyến_trình`), which the label writes apart;
#: in a variant with spaces it is an accelerator (`Toàn_Màn hình`, a space lost: a slip)
_JOINED = re.compile(r"(?<=[^\W_])_(?=[^\W_])")
_SPACE = re.compile(r"\s")


def _difference(ordered: list, vietnamese: bool = False) -> tuple[str, list, list | None]:
    """What sets a CON001 group's variants apart, and the variant to point at: one left as
    the source text; one a letter or two from another (a typo: `Tuy cập` beside `Truy
    cập`); the same words in another order (`Tệp hệ thống` beside `Hệ thống tệp`, which
    says another thing); else a choice of words (synonyms, a word more or less), where the
    least used variant is shown."""
    plain = [_plain(v[0]) for v in ordered]
    if any("_" in v[0] and not _SPACE.search(v[0]) for v in ordered) and len(set(plain)) > 1 and \
            len({_plain(v[0] if _SPACE.search(v[0]) else _JOINED.sub(" ", v[0])) for v in ordered}) == 1:
        return "joined", ordered[-1], None  # `tuyến_trình` beside `Tuyến trình`: a command word kept one token
    for v, p in zip(ordered, plain):
        if p and p == _plain(v[3]) and _WORDS.search(p) and any(q != p for q in plain):
            return "untranslated", v, None
    for i in range(len(ordered) - 1, 0, -1):
        for j in range(i):
            a, b = plain[i], plain[j]
            if a == b:
                return "punctuation", ordered[i], ordered[j]
            if _one_letter_slip(a, b, vietnamese):
                return "typo", ordered[i], ordered[j]
            if sorted(_WORDS.findall(a)) == sorted(_WORDS.findall(b)) and len(_WORDS.findall(a)) > 1:
                return "word-order", ordered[i], ordered[j]
    return "wording", ordered[-1], None


def _says(kind: str, odd, other) -> str:
    """What the difference is, naming the variant to look at (both when used equally often)."""
    if kind == "untranslated":
        return f"; {quote(odd[0], 50)} is the source text, left untranslated."
    if kind in ("typo", "word-order", "punctuation"):
        what = {"typo": "differ by one letter: a typo?", "word-order": "have the same words in another order",
                "punctuation": "differ only in punctuation"}[kind]
        if odd[2] == other[2]:
            return f"; {quote(other[0], 50)} and {quote(odd[0], 50)} {what}" + ("" if what.endswith("?") else ".")
        verb = {"typo": "differs from", "word-order": "has the words of", "punctuation": "differs from"}[kind]
        tail = {"typo": " by one letter: a typo?", "word-order": " in another order",
                "punctuation": " only in punctuation."}[kind]
        return f"; {quote(odd[0], 50)} {verb} {quote(other[0], 50)}{tail}"
    return "."


def _report(groups, rule_id: str, make, kinds=frozenset(DIFFERENCES)):
    """One finding per group of more than one variant, at the first occurrence of the
    likely slip (an untranslated or mistyped variant, else the least used one), listing
    every variant and where it occurs. `groups`: (key, variants) pairs, each key once."""
    for key, variants in groups:
        if len(variants) < 2:
            continue
        ordered = sorted(variants.values(), key=lambda v: -v[2])
        many_files = len({v[1].file for v in ordered}) > 1
        listed = "; ".join(f"{quote(v[0], 50)} ×{v[2]} ({_where(v[1], many_files)})" for v in ordered[:5])
        if len(ordered) > 5:
            listed += f"; and {len(ordered) - 5} more"
        odd = ordered[-1]
        common_text = ordered[0][3]
        data = {"variants": [v[0] for v in ordered], "counts": [v[2] for v in ordered]}
        suggestion = None
        if rule_id == "CON001":
            kind, odd, other = _difference(ordered, vietnamese=str(key[0]).split("-")[0] == "vi")
            if kind not in kinds:
                continue
            data["difference"] = kind
            message = f"{quote(common_text, 50)} is translated {len(ordered)} ways: {listed}{_says(kind, odd, other)}"
            suggestion = next(v[0] for v in ordered if v is not odd)
        else:
            message = f"{quote(common_text, 50)} translates {len(ordered)} different sources: {listed}."
        yield make(rule_id, odd[1], message=message,
                   context=UnitText(odd[3], odd[0]) if rule_id == "CON001" else UnitText(odd[0], odd[3]),
                   suggestion=suggestion, data=data)


@hookimpl
def tqa_register_checks():
    return [Consistency]
