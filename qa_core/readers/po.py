"""Gettext PO and POT files, parsed natively and streamed line by line.

translate-toolkit's PO parser builds the whole store in memory and reads about an
order of magnitude slower than this one (see docs/performance.md), so tqa reads PO
itself. One entry becomes one `Unit` (one per plural form, with ids `key[n]`: form 0
has msgid as its source, the others msgid_plural). The unit id is the gettext key:
msgid, or msgctxt + "\\x04" + msgid. An empty msgstr means "not translated": the
unit then has no target. Fuzzy entries keep their target with state "initial" and
sub-state "po:fuzzy". Flags, references and msgctxt become `Unit.properties`;
translator comments (`# `) and extracted comments (`#.`) become notes (categories
"translator" and "developer"). Obsolete entries (`#~`) are skipped.

The header entry gives the target language (`Language`) and the charset; files in
other charsets (windows-1251, ISO-8859-x, ...) are decoded per the header, and bytes
that do not decode are an `InputError` naming the encoding and the line.
"""

from __future__ import annotations

import codecs
import io
import itertools
import os
import re
from bisect import bisect_right
from collections.abc import Iterator

from qa_core import hookimpl
from qa_core.errors import InputError
from qa_core.formats import Format, ReadOptions, head
from qa_core.model import Content, Document, File, InputWarning, Locator, Note, Position, Segment, Side, Unit
from qa_core.plurals import PluralForms, PluralFormsError, parse_plural_forms
from qa_core.readers._xml import LineSource
from qa_core.readers.content import PO_HEAD_BYTES, PROFILE_PROPERTY, po_profile

FORMAT = "po"
EXTENSIONS = (".po", ".pot")
_CHARSET = re.compile(rb"charset\s*=\s*([A-Za-z0-9_.:\-]+)")
_BLOCK = 1 << 18  # bytes read and decoded at a time
_KEPT = 1 << 16  # bytes kept of a line read past (over the line cap): enough to show which string it is
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)")
#: the keys of an entry's first msgstr[N] (made once, not per entry)
_KEYED = 16
_MSGSTR_KEYS = tuple(f"msgstr{index}" for index in range(_KEYED))


@hookimpl
def tqa_register_formats():
    return [Format(FORMAT, EXTENSIONS, "gettext PO/POT")]


@hookimpl
def tqa_open_document(path: str, format: str | None, options: ReadOptions):
    if format is not None:
        if format not in (FORMAT, "pot"):
            return None
    elif not path.lower().endswith(EXTENSIONS):
        return None
    return PoReader(path, options).document()


def _unescape_one(match: re.Match) -> str:
    code = match.group(1)
    simple = _ESCAPES.get(code)
    if simple is not None:
        return simple
    if code[0] == "x" and len(code) > 1:
        return chr(int(code[1:], 16))
    if code[0] in "01234567":
        return chr(int(code, 8))
    return code  # an unknown escape keeps the character, as msgfmt does


def unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(_unescape_one, text)


class _Entry:
    __slots__ = (
        "extracted",
        "field",
        "field_key",
        "flags",
        "has_keyword",
        "line",
        "lines",
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr",
        "obsolete",
        "omitted",
        "previous",
        "raw",
        "raw_field",
        "references",
        "translator",
    )

    def __init__(self, line: int) -> None:
        self.line = line
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.previous: list[str] = []
        self.msgctxt: list[str] | None = None
        self.msgid: list[str] | None = None
        self.msgid_plural: list[str] | None = None
        self.msgstr: dict[int, list[str]] = {}
        self.lines: dict[str, int] = {}
        self.obsolete = False
        self.field: list[str] | None = None
        self.field_key = ""
        self.omitted: dict[str, int] = {}  # field -> characters not read (a line over the cap)
        self.has_keyword = False
        # field -> its lines as written (for the locator: no second read of the file)
        self.raw: dict[str, list[str]] = {}
        self.raw_field: list[str] | None = None


class PoReader:
    def __init__(self, path: str, options: ReadOptions) -> None:
        self.path = path
        self.options = options
        self.warnings: list[InputWarning] = []
        self.encoding = self._encoding(options.encoding)
        from qa_core.limits import current

        chars = current().unit_chars
        # a line of more bytes than this holds a string over unit_chars whatever its
        # encoding and escapes (4 bytes at most per character): it is read past, not kept
        self.line_cap = 4 * chars + 64 if chars else 0
        self._cut: dict[int, int] = {}  # line number -> characters read past
        self.headers: dict[str, str] = {}
        self.header_line: int | None = None
        first = next(self._entries(), None)
        if first is not None and not first.msgctxt and first.msgid is not None and "".join(first.msgid) == "":
            self.header_line = first.line
            for line in "".join(first.msgstr.get(0, [])).split("\n"):
                key, sep, value = line.partition(":")
                if sep:
                    self.headers[key.strip()] = value.strip()
        self.plural_forms, self.plural_error = self._plural_forms()
        self._plural_choices: dict[int, list[tuple[bool, bool]]] = {}
        language = self.headers.get("Language") or None
        # gettext has no header for the msgid language; its convention (and the
        # overwhelming practice) is English, so assume it unless told otherwise
        self.source_lang = options.source_lang or self.headers.get("X-Source-Language") or "en"
        self.target_lang = language or options.target_lang or self._implied_language(path)
        self.locator = PoLocator(path, self.encoding, self.line_cap)
        self.file = File(
            id="f1",
            original=os.path.basename(path),
            source_lang=self.source_lang,
            target_lang=self.target_lang,
        )

    def _implied_language(self, path: str) -> str | None:
        """A PO file without a `Language` header (old files, itstool's) still says its
        language: in `Language-Team` ("Vietnamese <list@...>") or, by gettext's layout, in
        its name (`po/vi.po`, `gnome-help-vi.po`). Without it every language-aware check
        would read the translation as English."""
        from qa_core.languages import UnknownLanguage, language_of_name, language_tag

        team = self.headers.get("Language-Team", "").split("<")[0].strip()
        if team:
            code = language_of_name(team)
            if code:
                return code
        stem = os.path.basename(path)
        stem = stem[: -len(".po")] if stem.lower().endswith(".po") else stem
        for candidate in (stem, re.split(r"[-.]", stem)[-1]):
            candidate = candidate.split("@")[0]
            if re.fullmatch(r"[a-z]{2,3}(?:_[A-Z]{2})?", candidate):
                try:
                    return language_tag(candidate)
                except UnknownLanguage:
                    pass
        return None

    def _plural_forms(self) -> tuple[PluralForms | None, str | None]:
        header = self.headers.get("Plural-Forms")
        if not header:
            return None, None
        try:
            return parse_plural_forms(header), None
        except PluralFormsError as problem:
            return None, f"the Plural-Forms header does not parse: {problem}"

    def _plural_sources(self, count: int) -> list[tuple[bool, bool]]:
        """Per msgstr index: (compare with msgid rather than msgid_plural, the form serves one n only).
        A form that only 1 (or 0 and 1) selects is the singular; every other form, and the one form
        of a one-form language, says what msgid_plural says. Without a usable header: form 0 is the
        singular, as gettext's English default."""
        known = self._plural_choices.get(count)
        if known is not None:  # (the same for every entry of `count` forms: asked once)
            return known
        forms = self.plural_forms
        if forms is None or forms.nplurals != count:
            known = self._plural_choices[count] = [(index == 0, False) for index in range(count)]
            return known
        values = forms.values(200)
        out = []
        for index in range(count):
            chosen = values.get(index, [])
            out.append((1 in chosen and set(chosen) <= {0, 1}, len(chosen) == 1))
        self._plural_choices[count] = out
        return out

    def _encoding(self, forced: str | None) -> str:
        if forced:
            name = forced
        else:
            data = head(self.path, 65536)
            if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            match = _CHARSET.search(data)
            name = match.group(1).decode("ascii") if match else "utf-8"
            if name.upper() == "CHARSET":  # a fresh POT template
                name = "utf-8"
        try:
            found = codecs.lookup(name).name
        except LookupError:
            raise InputError(self.path, f"the header names an unknown charset {name!r}", 1) from None
        if not forced and found.startswith(("utf-16", "utf-32")):
            # the header was read as ASCII bytes, so the file is not in a wide encoding
            line = data[: match.start()].count(b"\n") + 1
            raise InputError(self.path, f"the header declares charset {name!r}, but the file is not {name} (no byte-order mark, and its header reads as single bytes): fix the charset", line)
        return found

    def document(self) -> Document:
        return Document(
            path=self.path,
            format=FORMAT,
            units=self.units,
            source_lang=self.source_lang,
            target_lang=self.target_lang,
            locator=self.locator,
            properties=tuple(
                (k, v)
                for k, v in (
                    ("charset", self.encoding),
                    ("plural-forms", self.headers.get("Plural-Forms")),
                    ("project", self.headers.get("Project-Id-Version")),
                    # a catalogue of documentation (itstool, po4a ...): the document profile
                    (PROFILE_PROPERTY, po_profile(head(self.path, PO_HEAD_BYTES))),
                )
                if v
            ),
            warnings=self.warnings,
        )

    # ----- parsing -------------------------------------------------------------

    def _error(self, message: str, line: int, column: int | None = None) -> InputError:
        return InputError(self.path, message, line, column)

    def _string(self, text: str, start: int, number: int) -> str:
        """The unescaped content of the quoted string at `text[start:]` (which must end it);
        nothing there means the string starts on the next line."""
        rest = text[start:].strip()
        if not rest:
            return ""
        if len(rest) < 2 or rest[0] != '"' or rest[-1] != '"':
            raise self._error(f"expected a quoted string (got {rest[:30]!r})", number, start + 1)
        return unescape(rest[1:-1])

    def _lines(self) -> Iterator[str]:
        """The file's lines, decoded; undecodable bytes are an error at their line."""
        encoding = self.encoding
        try:
            if encoding.startswith(("utf-16", "utf-32")):
                handle = open(self.path, encoding=encoding, newline="")
            else:
                handle = open(self.path, "rb")
        except OSError as problem:
            raise InputError(self.path, f"cannot read: {problem.strerror or problem}") from None
        with handle:
            if not isinstance(handle, io.BufferedReader):
                try:
                    yield from handle
                except UnicodeError as problem:
                    raise self._error(f"cannot decode as {encoding}: {getattr(problem, 'reason', None) or problem}", 1) from None
                return
            # decode blocks of whole lines at once (one C call per block, not per line);
            # lines end with "\n" as in the file, a CR before it is stripped by the parser
            number = 0
            rest = b""
            pending: list[bytes] = []  # blocks of a line longer than a block: joined once
            size = 0  # bytes in pending
            carry = b""  # what followed a line read past
            cap = self.line_cap
            while True:
                block, carry = (carry, b"") if carry else (handle.read(_BLOCK), b"")
                if not block:
                    data, rest = rest + b"".join(pending), b""
                    pending = []
                else:
                    cut = block.rfind(b"\n") + 1
                    if cut == 0:
                        pending.append(block)
                        size += len(block)
                        if cap and len(rest) + size > cap:
                            number += 1
                            line, carry = self._long_line(handle, rest + b"".join(pending), number)
                            rest, pending, size = b"", [], 0
                            yield line
                        continue
                    size = 0
                    data = rest + b"".join(pending) + block[:cut]
                    rest, pending = block[cut:], []
                if not data:
                    return
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError as problem:
                    line_start = data.rfind(b"\n", 0, problem.start) + 1
                    raw = data[line_start:]
                    column = len(raw[: problem.start - line_start].decode(encoding, "replace")) + 1
                    raise self._error(
                        f"cannot decode as {encoding}: byte 0x{data[problem.start]:02X} is not valid in that encoding",
                        number + data.count(b"\n", 0, problem.start) + 1,
                        column,
                    ) from None
                lines = text.split("\n")
                if lines[-1] == "":
                    lines.pop()
                number += len(lines)
                yield from lines
                if not block:
                    return

    def _long_line(self, handle, head: bytes, number: int) -> tuple[str, bytes]:
        """A line longer than `line_cap` bytes (a string over the unit_chars limit): its
        first 64 KiB are kept (closed with a quote, so the entry still parses),
        the rest is read past in blocks and only counted (`Content.omitted_chars`, as
        written). Returns the kept line and what followed the line's end."""
        decoder = codecs.getincrementaldecoder(self.encoding)()
        skipped = 0
        try:
            keep = min(self.line_cap, _KEPT)
            kept = decoder.decode(head[:keep])
            block = head[keep:]  # the rest of what was read already (no line end), then the file's
            at_end = False
            while True:
                end = block.find(b"\n")
                part = block if end < 0 else block[:end]
                skipped += len(part) if part.isascii() and not decoder.getstate()[0] else len(decoder.decode(part))
                if end >= 0 or at_end:
                    carry = block[end + 1 :] if end >= 0 else b""
                    if part.rstrip(b"\r").endswith(b'"'):
                        skipped -= 1  # the closing quote
                    break
                block = handle.read(_BLOCK)
                at_end = not block
        except UnicodeDecodeError as problem:
            raise self._error(f"cannot decode as {self.encoding}: {problem.reason}", number) from None
        self._cut[number] = skipped
        return kept.rstrip("\r") + '"', carry

    def _entries(self) -> Iterator[_Entry]:
        # (every line of the file passes here: the common shapes, a keyword or a
        # continuation whose quoted string is the rest of the line, are read inline,
        # the rest by `_string`, which says what is wrong)
        entry: _Entry | None = None
        error = self._error
        string = self._string
        number = 0
        cut = self._cut  # lines read past (over line_cap), filled as the lines are read
        lines = self._lines()
        for line in lines:  # the first line: a byte-order mark dropped
            number += 1
            if line.startswith("\ufeff"):
                line = line[1:]
            lines = itertools.chain((line,), lines)
            number -= 1
            break
        for line in lines:
            number += 1
            line = line.rstrip("\r\n")
            if not line or line.isspace():
                if entry is not None and (entry.has_keyword or entry.obsolete):
                    if not entry.obsolete:
                        yield entry
                    entry = None
                continue
            first = line[0]
            if entry is not None and entry.obsolete and first != "#":
                entry = None  # what followed an obsolete entry's comments starts a new entry
            if first == '"':
                if entry is None or entry.field is None:
                    raise error("a quoted string must follow msgid, msgstr or msgctxt", number, 1)
                if line.endswith('"', 1):
                    text = line[1:-1]
                    entry.field.append(unescape(text) if "\\" in text else text)
                else:
                    entry.field.append(string(line, 0, number))
                entry.raw_field.append(line)
                if cut and number in cut:
                    entry.omitted[entry.field_key] = entry.omitted.get(entry.field_key, 0) + cut[number]
                continue
            if first == "#":
                if entry is not None and (entry.has_keyword or (entry.obsolete and line[1:2] != "~")):
                    if not entry.obsolete:
                        yield entry
                    entry = None
                if entry is None:
                    entry = _Entry(number)
                entry.field = None
                kind = line[1:2]
                if kind == ":":
                    entry.references.extend(line[2:].split())
                elif kind == ",":
                    entry.flags.extend([flag.strip() for flag in line[2:].split(",") if flag.strip()])
                elif kind == "~":
                    entry.obsolete = True
                elif kind == ".":
                    entry.extracted.append(line[3:] if line[2:3] == " " else line[2:])
                elif kind == "|":
                    entry.previous.append(line[2:].strip())
                else:
                    entry.translator.append(line[2:] if line[1:2] == " " else line[1:])
                continue
            if line.startswith("msgstr"):
                if entry is None or entry.msgid is None:
                    raise error("msgstr must follow a msgid", number, 1)
                if line[6:7] == "[":
                    close = line.find("]", 7)
                    try:
                        index = int(line[7:close])
                    except ValueError:
                        raise error(f"expected msgstr[N] (got {line[:20]!r})", number, 1) from None
                    rest = close + 1
                    key = _MSGSTR_KEYS[index] if 0 <= index < _KEYED else f"msgstr{index}"
                else:
                    index, rest, key = 0, 6, "msgstr0"
                if line.startswith(' "', rest) and line.endswith('"', rest + 2):
                    text = line[rest + 2 : -1]
                    field = [unescape(text) if "\\" in text else text]
                else:
                    field = [string(line, rest, number)]
                entry.msgstr[index] = field
                entry.raw[key] = entry.raw_field = [line]
                entry.lines[key] = number
                entry.field, entry.field_key = field, key
                if cut and number in cut:
                    entry.omitted[key] = cut[number]
                continue
            if line.startswith("msgid"):
                if line.startswith("msgid_plural"):
                    if entry is None or entry.msgid is None:
                        raise error("msgid_plural must follow a msgid", number, 1)
                    entry.msgid_plural = entry.field = [string(line, 12, number)]
                    entry.raw["msgid_plural"] = entry.raw_field = [line]
                    entry.field_key = "msgid_plural"
                    entry.lines["msgid_plural"] = number
                    if cut and number in cut:
                        entry.omitted["msgid_plural"] = cut[number]
                    continue
                if entry is not None and entry.msgid is not None:
                    if not entry.msgstr:
                        raise error("msgid must be followed by msgstr before the next msgid", number, 1)
                    yield entry
                    entry = None
                if entry is None:
                    entry = _Entry(number)
                if line.startswith(' "', 5) and line.endswith('"', 7):
                    text = line[7:-1]
                    entry.msgid = entry.field = [unescape(text) if "\\" in text else text]
                else:
                    entry.msgid = entry.field = [string(line, 5, number)]
                entry.raw["msgid"] = entry.raw_field = [line]
                entry.lines["msgid"] = number
                entry.field_key = "msgid"
                if cut and number in cut:
                    entry.omitted["msgid"] = cut[number]
                entry.has_keyword = True
                continue
            if line.startswith("msgctxt"):
                if entry is not None and entry.msgid is not None:
                    yield entry
                    entry = None
                if entry is None:
                    entry = _Entry(number)
                if line.startswith(' "', 7) and line.endswith('"', 9):
                    text = line[9:-1]
                    entry.msgctxt = entry.field = [unescape(text) if "\\" in text else text]
                else:
                    entry.msgctxt = entry.field = [string(line, 7, number)]
                entry.raw_field = []  # not located
                entry.field_key = "msgctxt"
                entry.has_keyword = True
                continue
            if line.startswith("domain"):  # old gettext syntax: a domain directive, nothing to check
                continue
            raise error(f"expected msgid, msgstr, msgctxt, a comment or a quoted string (got {line[:30]!r})", number, 1)
        if entry is not None and entry.has_keyword and not entry.obsolete:
            yield entry

    def units(self) -> Iterator[Unit]:
        del self.warnings[:]
        first = True
        file = self.file
        given = self.locator.given
        for entry in self._entries():
            if entry.obsolete:
                continue
            if entry.msgid is None or not entry.msgstr:
                raise self._error("an entry needs msgid and msgstr", entry.line)
            msgid = "".join(entry.msgid)
            context = "".join(entry.msgctxt) if entry.msgctxt is not None else None
            if msgid == "" and context is None:
                if first and self.plural_error:
                    line = entry.lines.get("msgstr0", entry.line) + 1 + next(
                        (i for i, text in enumerate("".join(entry.msgstr.get(0, [])).split("\n")) if text.startswith("Plural-Forms")), 0
                    )
                    self.warnings.append(InputWarning(self.plural_error + "; plural entries are compared form 0 with msgid", line))
                if not first:
                    self.warnings.append(
                        InputWarning("an entry with an empty msgid after the header; skipped", entry.line)
                    )
                first = False
                continue
            first = False
            key = msgid if context is None else f"{context}\x04{msgid}"
            flags = entry.flags
            fuzzy = "fuzzy" in flags
            # (most entries have no comment of these kinds, and one msgstr: no generator
            # or sort made for them)
            notes = tuple(Note(text, "translator") for text in entry.translator if text.strip()) if entry.translator else ()
            if entry.extracted:
                notes += tuple(Note(text, "developer") for text in entry.extracted)
            properties: list[tuple[str, str]] = []
            if flags:
                properties.append(("flags", ", ".join(flags)))
            if fuzzy:
                properties.append(("fuzzy", "yes"))
            if entry.references:
                properties.append(("references", " ".join(entry.references)))
            if context is not None:
                properties.append(("msgctxt", context))
            if entry.previous:
                properties.append(("previous", "\n".join(entry.previous)))
            properties = tuple(properties)
            lines = entry.lines
            omitted_by_field = entry.omitted
            if not omitted_by_field:  # a line read past (over the cap) is located from the file, as written
                given(lines, entry.raw)
            msgstr = entry.msgstr
            plural = entry.msgid_plural is not None
            if plural:
                msgid_plural = "".join(entry.msgid_plural)
                choices = self._plural_sources(len(msgstr))
            if fuzzy:
                state, sub_state = "initial", "po:fuzzy"
            for index in sorted(msgstr) if len(msgstr) > 1 else msgstr:
                text = "".join(msgstr[index])
                if plural:
                    singular, single = choices[index] if index < len(choices) else (False, False)
                    source = msgid if singular else msgid_plural
                    source_line = lines["msgid"] if singular else lines["msgid_plural"]
                    ident = f"{key}[{index}]"
                    extra = (("plural-form", str(index)), ("plural-count", str(len(msgstr))))
                    if single:
                        extra += (("plural-single", "yes"),)
                else:
                    source, source_line, ident, extra = msgid, lines["msgid"], key, ()
                    if index != 0:
                        self.warnings.append(InputWarning(f"msgstr[{index}] without msgid_plural", entry.line, key))
                name = _MSGSTR_KEYS[index] if 0 <= index < _KEYED else f"msgstr{index}"
                if omitted_by_field:
                    target = Content(text, (), 0, omitted_by_field.get(name, 0)) if text else None
                    omitted = omitted_by_field.get("msgid" if not plural or singular else "msgid_plural", 0)
                else:
                    target = Content(text) if text else None
                    omitted = 0
                if not fuzzy:
                    state, sub_state = ("translated" if target is not None else "initial"), None
                segment = Segment(
                    source=Content(source, (), 0, omitted),
                    target=target,
                    state=state,
                    sub_state=sub_state,
                    source_line=source_line,
                    target_line=lines[name],
                )
                yield Unit(
                    id=ident,
                    segments=(segment,),
                    file=file,
                    notes=notes,
                    properties=properties + extra if extra else properties,
                    line=entry.line,
                )


class _Places:
    """(line, column) of each code point of one PO string, kept as runs: a run of
    plain characters is its first column alone (the rest follow one by one); an escape
    sequence (`\\n`, `\\"`, `\\x41`) is a run of one code point written in several columns."""

    __slots__ = ("starts", "runs", "count")

    def __init__(self) -> None:
        self.starts: list[int] = []  # offset of each run's first code point
        self.runs: list[tuple[int, int]] = []  # (line, column of the run's first code point)
        self.count = 0  # code points in all

    def add(self, line: int, column: int, count: int) -> None:
        if count:
            self.starts.append(self.count)
            self.runs.append((line, column))
            self.count += count

    def at(self, offset: int) -> tuple[int, int]:
        """(line, column) of the code point at `offset` (0 <= offset < count)."""
        index = bisect_right(self.starts, offset) - 1
        line, column = self.runs[index]
        return line, column + offset - self.starts[index]


class PoLocator(Locator):
    """Exact positions in a PO file: the line of the msgid/msgstr string that holds the
    span and the column inside its quotes, escape sequences counted as written.

    The reader hands over the lines of the strings it has just read (`given`), so the
    units being checked are located without reading the file again; a string read
    longer ago (a document-level check's finding) is read from the file."""

    #: strings kept as handed over by the reader, in two generations of this many
    GIVEN = 512

    def __init__(self, path: str, encoding: str, line_cap: int = 0) -> None:
        super().__init__(path)
        self.lines = LineSource(path, encoding, line_cap)
        self._given: dict[int, list[str]] = {}  # first line -> the string's lines as written
        self._given_before: dict[int, list[str]] = {}
        self._recent: dict[int, _Places] = {}  # the strings of the last unit(s)
        self._partial: _Places | None = None  # the last string mapped only in part
        self.scans = 0  # strings mapped to places (a test counts them: once per string, not per finding)

    def given(self, lines: dict[str, int], raw: dict[str, list[str]]) -> None:
        """The strings of one entry as the reader read them (line ends and a first line's
        byte-order mark removed): `lines` each string's first line by field, `raw` its
        lines by field. Called once per entry."""
        kept = self._given
        for name, first in lines.items():
            if len(kept) >= self.GIVEN:
                self._given_before, kept = kept, {}
                self._given = kept
            kept[first] = raw[name]

    def detached(self) -> "PoLocator":
        """A fresh locator of the same file: what it places it reads from the file again."""
        fresh = PoLocator(self.path, self.lines.encoding, self.lines.line_cap)
        fresh.lines.adopt_index(self.lines)
        return fresh

    def locate(self, unit: Unit, side: Side, start: int, end: int) -> Position:
        segment = unit.segments[0]
        line = segment.source_line if side == "source" else segment.target_line
        if line is None:
            return super().locate(unit, side, start, end)
        places = self._recent.get(line)
        if places is None or (places.count < end and places is self._partial):
            # a string is mapped up to what is asked, at least 64k code points: a short one
            # whole, once; of a huge one (over unit_chars, TQA003 at its start) only its start
            upto = max(end + 1, 1 << 16)
            places = self._places(line, upto)
            self.scans += 1
            if len(self._recent) >= 8:  # findings come unit by unit: a few strings suffice
                self._recent.clear()
            self._recent[line] = places
            self._partial = places if places.count >= upto else None
        count = places.count
        if start >= count and not (start == end == count):
            return super().locate(unit, side, start, end)
        first = places.at(start) if start < count else self._after(places, line)
        if end <= start:
            return Position(self.path, first[0], first[1], first[0], first[1])
        last_line, last_column = places.at(min(end, count) - 1)
        return Position(self.path, first[0], first[1], last_line, last_column + 1)

    @staticmethod
    def _after(places: _Places, line: int) -> tuple[int, int]:
        if not places.count:
            return line, 1
        last_line, last_column = places.at(places.count - 1)
        return last_line, last_column + 1

    def _places(self, first: int, upto: int | None = None) -> _Places:
        """Where each code point of the string starting on line `first` is written (its
        first `upto` at least, when given)."""
        places = _Places()
        lines = self._given.get(first) or self._given_before.get(first)
        for number, text in enumerate(lines[:400] if lines else self._following(first, 400), first):
            if upto is not None and places.count >= upto:
                break
            text = text.rstrip("\r\n")
            if number != first and not text.lstrip().startswith('"'):
                break
            quote = text.find('"')
            end = text.rfind('"')
            if quote >= 0 and end <= quote and self.lines.line_cap and len(text) >= self.lines.line_cap // 4:
                end = len(text)  # a line cut at the cap (a string over unit_chars): its start is still placed
            if quote < 0 or end <= quote:
                break
            column = quote + 1  # 0-based: the column of text[column] is column + 1
            if upto is not None:
                end = min(end, column + 4 * upto)  # 4 characters at most per code point written
            while column < end:
                escape = text.find("\\", column, end)
                if escape < 0 or escape + 1 >= end:  # no escape (a lone backslash before the quote is a character)
                    places.add(number, column + 1, end - column)
                    break
                places.add(number, column + 1, escape - column)
                match = _ESCAPE.match(text, escape)
                places.add(number, escape + 1, 1)
                column = match.end() if match else escape + 2
        return places

    def _following(self, first: int, limit: int) -> Iterator[str]:
        """Up to `limit` lines from line `first` on, read a few at a time: a string
        seldom runs over more than a line or two."""
        number, block, given = first, 2, 0
        while given < limit:
            want = min(block, limit - given)
            chunk = self.lines.lines(number, want)
            yield from chunk
            if len(chunk) < want:
                return
            given += want
            number += want
            block *= 4
