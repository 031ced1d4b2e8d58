"""Readers of monolingual resource formats that keep where each value sits.

translate-toolkit reads most of these formats (`jsonl10n`, `yaml`, `aresource`,
`properties`, `stringsdict`, `resx`, `fluent`), but its units carry no line or
column, and some lose the plural forms (i18next `_one`/`_other` keys become
unrelated units) or the comments; a finding must land on the line to fix, so each
format here has a small reader of its own (see docs/formats.md). XML is parsed
with tqa's safe lxml settings (no entities, no network); YAML with PyYAML's
safe composer, whose nodes keep their marks.

Each reader returns a `ResourceFile`; broken input raises `InputError` with the
file, line and column; what can be read around (a duplicate key) becomes an
`InputWarning` (reported as TQA002).
"""

from __future__ import annotations

import bisect
import codecs
import json
import os
import re
from typing import Any, Iterator

from qa_core.errors import InputError
from qa_core.formats import check_xml_prolog, parser_options
from qa_core.model import InputWarning
from qa_core.resources import Entry, ResourceFile

CLDR_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
_I18NEXT_PLURAL = re.compile(r"^(?P<base>.+)_(?:ordinal_)?(?P<cat>zero|one|two|few|many|other)$")


def read_resource(path: str, format: str) -> ResourceFile:
    """Read `path` as resource format `format` (a name of `FORMATS` in `layouts`)."""
    reader = READERS[format]
    return reader(path)


# ---------------------------------------------------------------------------
# Text with positions
# ---------------------------------------------------------------------------


class _Lines:
    """Offsets of a text to 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


def _decode(path: str, data: bytes, fallback: str | None = None) -> tuple[str, str | None]:
    """Text of a resource file (UTF-8, or UTF-16 with a BOM); `fallback` is tried when
    the bytes are not UTF-8, and the second value then says which encoding was used."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        if fallback:
            return data.decode(fallback), fallback
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded (save the file as UTF-8)", line=line) from None


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None


# ---------------------------------------------------------------------------
# JSON (flat, nested, i18next, FormatJS, vue-i18n, Chrome, ARB, String Catalogs)
# ---------------------------------------------------------------------------


class _JsonString(str):
    """A decoded JSON string that remembers where its first character sits."""

    offset: int
    exact: bool


class _JsonObject(list):
    """An object as (key, key offset, value) triples, in file order, duplicates kept."""


class _JsonParser:
    _WS = re.compile(r"[ \t\r\n]*")
    _NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
    _STRING = re.compile(r'"((?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*)"')

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.lines = _Lines(text)

    def fail(self, offset: int, message: str):
        line, column = self.lines.at(min(offset, len(self.text)))
        raise InputError(self.path, f"JSON syntax error: {message}", line=line, column=column)

    def ws(self, pos: int) -> int:
        return self._WS.match(self.text, pos).end()

    def parse(self) -> Any:
        pos = self.ws(0)
        value, pos = self.value(pos, 0)
        pos = self.ws(pos)
        if pos != len(self.text):
            self.fail(pos, "unexpected text after the end of the document")
        return value

    def value(self, pos: int, depth: int) -> tuple[Any, int]:
        if depth > 200:
            self.fail(pos, "nested more than 200 levels deep")
        if pos >= len(self.text):
            self.fail(pos, "the file ends where a value was expected")
        char = self.text[pos]
        if char == "{":
            return self.object(pos + 1, depth)
        if char == "[":
            return self.array(pos + 1, depth)
        if char == '"':
            return self.string(pos)
        for word, value in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, pos):
                return value, pos + len(word)
        match = self._NUMBER.match(self.text, pos)
        if match and match.end() > pos:
            return float(match.group()), match.end()
        self.fail(pos, f"unexpected {self.text[pos]!r} where a value was expected")

    def string(self, pos: int) -> tuple[_JsonString, int]:
        match = self._STRING.match(self.text, pos)
        if not match:
            end = self.text.find("\n", pos)
            self.fail(pos, "a string is not closed or holds a bad escape" if end != pos else "bad string")
        raw = match.group(1)
        decoded = json.loads(match.group()) if "\\" in raw else raw
        out = _JsonString(decoded)
        out.offset = pos + 1
        out.exact = "\\" not in raw
        return out, match.end()

    def object(self, pos: int, depth: int) -> tuple[_JsonObject, int]:
        out = _JsonObject()
        pos = self.ws(pos)
        if self.text.startswith("}", pos):
            return out, pos + 1
        while True:
            pos = self.ws(pos)
            if not self.text.startswith('"', pos):
                self.fail(pos, "expected a key in double quotes" + (" (a trailing comma?)" if self.text.startswith("}", pos) else ""))
            key, pos = self.string(pos)
            pos = self.ws(pos)
            if not self.text.startswith(":", pos):
                self.fail(pos, f"expected ':' after the key {str(key)!r}")
            value, pos = self.value(self.ws(pos + 1), depth + 1)
            out.append((str(key), key.offset, value))
            pos = self.ws(pos)
            if self.text.startswith(",", pos):
                pos += 1
                continue
            if self.text.startswith("}", pos):
                return out, pos + 1
            self.fail(pos, "expected ',' or '}' after a value")

    def array(self, pos: int, depth: int) -> tuple[list, int]:
        out: list = []
        pos = self.ws(pos)
        if self.text.startswith("]", pos):
            return out, pos + 1
        while True:
            value, pos = self.value(self.ws(pos), depth + 1)
            out.append(value)
            pos = self.ws(pos)
            if self.text.startswith(",", pos):
                pos += 1
                continue
            if self.text.startswith("]", pos):
                return out, pos + 1
            self.fail(pos, "expected ',' or ']' after a value")


def _parse_json(path: str) -> tuple[Any, _JsonParser]:
    text, _ = _decode(path, _read_bytes(path))
    parser = _JsonParser(text, path)
    return parser.parse(), parser


def _json_entry(parser: _JsonParser, key: str, value: _JsonString, note: str | None = None, plural: str | None = None, base: str | None = None) -> Entry:
    line, column = parser.lines.at(value.offset)
    return Entry(key, str(value), line, column, value.exact, note, True, plural, base)


def _warn_duplicates(parser: _JsonParser, obj: _JsonObject, prefix: str, out: ResourceFile) -> None:
    seen: set[str] = set()
    for key, offset, _value in obj:
        if key in seen:
            line, _ = parser.lines.at(offset)
            out.warnings.append(InputWarning(f"duplicate key {prefix + key!r}: the last value wins", line=line, unit_id=prefix + key))
        seen.add(key)


def read_json(path: str) -> ResourceFile:
    """Flat or nested JSON: i18next (`_one`/`_other` plural keys), vue-i18n,
    FormatJS (`{"id": {"defaultMessage": …, "description": …}}`), Chrome
    `messages.json` (`{"key": {"message": …, "description": …}}`)."""
    data, parser = _parse_json(path)
    out = ResourceFile(path, "json")
    if not isinstance(data, _JsonObject):
        raise InputError(path, "a JSON resource file must be an object of keys", line=1, column=1)
    last: dict[str, Entry] = {}
    for entry in _walk_json(parser, data, "", out):
        last[entry.key] = entry
    # `_one`/`_many` are plural suffixes only beside an `_other` (i18next always has it):
    # `arrowhead_cardinality_many` alone is a name
    bases = {e.base_key for e in last.values() if e.plural == "other"}
    out.entries = [e if not e.plural or e.base_key in bases else Entry(e.key, e.value, e.line, e.column, e.exact, e.note, e.translatable) for e in last.values()]
    return out


def _walk_json(parser: _JsonParser, obj: _JsonObject, prefix: str, out: ResourceFile) -> Iterator[Entry]:
    _warn_duplicates(parser, obj, prefix, out)
    for key, _offset, value in obj:
        full = prefix + key
        if isinstance(value, _JsonString):
            match = _I18NEXT_PLURAL.match(full)
            if match:
                yield _json_entry(parser, full, value, plural=match.group("cat"), base=match.group("base"))
            else:
                yield _json_entry(parser, full, value)
        elif isinstance(value, _JsonObject):
            fields = {k: v for k, _o, v in value}
            message = fields.get("message", fields.get("defaultMessage"))
            if isinstance(message, _JsonString) and all(not isinstance(v, _JsonObject) or k == "placeholders" for k, v in fields.items()):
                description = fields.get("description")
                yield _json_entry(parser, full, message, note=str(description) if isinstance(description, str) else None)
            else:
                yield from _walk_json(parser, value, full + ".", out)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, _JsonString):
                    yield _json_entry(parser, f"{full}.{index}", item)
                elif isinstance(item, _JsonObject):
                    yield from _walk_json(parser, item, f"{full}.{index}.", out)


def read_arb(path: str) -> ResourceFile:
    """Flutter ARB: `"key": "ICU message"`, metadata in `"@key"`, `"@@locale"`."""
    data, parser = _parse_json(path)
    out = ResourceFile(path, "arb")
    if not isinstance(data, _JsonObject):
        raise InputError(path, "an ARB file must be a JSON object", line=1, column=1)
    _warn_duplicates(parser, data, "", out)
    notes: dict[str, str] = {}
    for key, _offset, value in data:
        if key.startswith("@") and not key.startswith("@@") and isinstance(value, _JsonObject):
            description = dict((k, v) for k, _o, v in value).get("description")
            if isinstance(description, str):
                notes[key[1:]] = str(description)
        elif key == "@@locale" and isinstance(value, str):
            out.source_lang = str(value)
    last: dict[str, Entry] = {}
    for key, _offset, value in data:
        if not key.startswith("@") and isinstance(value, _JsonString):
            last[key] = _json_entry(parser, key, value, note=notes.get(key))
    out.entries = list(last.values())
    return out


def read_xcstrings(path: str) -> ResourceFile:
    """Apple String Catalog: every language in one JSON file. Entries per language go
    to `languages`; `source_lang` is the catalog's `sourceLanguage`. A key without a
    source-language localization has the key itself as its source text (Xcode's rule)."""
    data, parser = _parse_json(path)
    out = ResourceFile(path, "xcstrings", languages={})
    if not isinstance(data, _JsonObject):
        raise InputError(path, "a String Catalog must be a JSON object", line=1, column=1)
    top = {k: v for k, _o, v in data}
    out.source_lang = str(top.get("sourceLanguage") or "en")
    strings = top.get("strings")
    if not isinstance(strings, _JsonObject):
        raise InputError(path, "a String Catalog needs a 'strings' object", line=1, column=1)
    _warn_duplicates(parser, strings, "", out)
    for key, key_offset, record in strings:
        if not isinstance(record, _JsonObject):
            continue
        fields = {k: v for k, _o, v in record}
        note = str(fields["comment"]) if isinstance(fields.get("comment"), str) else None
        translatable = fields.get("shouldTranslate") is not False
        localizations = fields.get("localizations")
        seen_source = False
        if isinstance(localizations, _JsonObject):
            for lang, _o, loc in localizations:
                if not isinstance(loc, _JsonObject):
                    continue
                entries = out.languages.setdefault(str(lang), [])
                for suffix, plural, unit, base in _xc_units(loc, ""):
                    value = unit.get("value")
                    if not isinstance(value, _JsonString):
                        continue
                    line, column = parser.lines.at(value.offset)
                    entries.append(Entry(key + suffix, str(value), line, column, value.exact, note, translatable, plural, key + base if plural else None))
                    if lang == out.source_lang:
                        seen_source = True
        if not seen_source:
            line, column = parser.lines.at(key_offset)
            out.languages.setdefault(out.source_lang, []).append(Entry(key, key, line, column, False, note, translatable))
    return out


_CATALOGS: dict[tuple[str, int, int], ResourceFile] = {}


def read_catalog(path: str) -> ResourceFile:
    """`read_xcstrings`, read once while the file is unchanged: a String Catalog holds
    every language, and pairing it and checking each of its languages read it again
    (19 times for a catalog of 19 languages, 0.35 s each for a 2 MB one). The last two
    catalogs are kept; nothing may change what they hold."""
    try:
        stat = os.stat(path)
    except OSError:
        return read_xcstrings(path)  # the reader says what is wrong
    key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size)
    found = _CATALOGS.get(key)
    if found is None:
        found = read_xcstrings(path)
        if len(_CATALOGS) >= 2:
            _CATALOGS.pop(next(iter(_CATALOGS)))
        _CATALOGS[key] = found
    return found


def _xc_units(loc: _JsonObject, suffix: str) -> Iterator[tuple[str, str | None, dict, str]]:
    """(id suffix, plural category, string unit, the suffix of its plural's base) of one
    localization: its value, its `variations` (`[one]`, `[device:iphone]`) and its
    `substitutions`, whose forms are units of their own as in a `.stringsdict`
    (`key:count[one]`, base `key:count`): the value then reads `%#@count@`."""
    fields = {k: v for k, _o, v in loc}
    unit = fields.get("stringUnit")
    if isinstance(unit, _JsonObject):
        yield suffix, None, {k: v for k, _o, v in unit}, ""
    variations = fields.get("variations")
    if isinstance(variations, _JsonObject):
        for kind, _o, forms in variations:
            if not isinstance(forms, _JsonObject):
                continue
            for name, _o2, form in forms:
                if isinstance(form, _JsonObject):
                    for sub, plural, inner, base in _xc_units(form, f"{suffix}[{kind}:{name}]" if kind != "plural" else f"{suffix}[{name}]"):
                        if plural is None and kind == "plural":
                            plural, base = name, suffix
                        yield sub, plural, inner, base
    substitutions = fields.get("substitutions")
    if isinstance(substitutions, _JsonObject):
        for name, _o, substitution in substitutions:
            if isinstance(substitution, _JsonObject):
                yield from _xc_units(substitution, f"{suffix}:{name}")


# ---------------------------------------------------------------------------
# YAML (Rails with the language as root key, Symfony)
# ---------------------------------------------------------------------------


def read_yaml(path: str, lang: str | None = None) -> ResourceFile:
    import yaml

    text, _ = _decode(path, _read_bytes(path))
    out = ResourceFile(path, "yaml")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or error.context or "syntax error").strip()
        raise InputError(path, f"YAML syntax error: {problem}", line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None) from None
    except yaml.YAMLError as error:
        raise InputError(path, f"YAML error: {error}".replace("\n", " ")) from None
    if root is None:
        return out
    if not isinstance(root, yaml.MappingNode):
        raise InputError(path, "a YAML resource file must be a mapping of keys", line=root.start_mark.line + 1, column=root.start_mark.column + 1)
    # Rails: `vi:` (or `en:`) as the only root key
    if len(root.value) == 1 and isinstance(root.value[0][1], yaml.MappingNode):
        key = root.value[0][0].value
        if _looks_like_lang(str(key)):
            out.source_lang = str(key)
            root = root.value[0][1]
    lines = text.split("\n")
    if _yaml_size(root, {}) > _YAML_LIMIT:
        raise InputError(path, f"refused: aliases (&/*) expand it to more than {_YAML_LIMIT:,} values (an alias bomb?)", line=1)
    last: dict[str, Entry] = {}
    for entry in _walk_yaml(root, "", out, lines):
        last[entry.key] = entry
    out.entries = list(last.values())
    return out


_YAML_LIMIT = 1_000_000  # values in one file; YAML aliases can multiply a few lines into billions


def _yaml_size(node, memo: dict[int, int]) -> int:
    """How many values the document holds once aliases are followed (each node counted
    once per reference, computed once per node)."""
    import yaml

    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 0  # a recursive alias counts nothing more
    if isinstance(node, yaml.MappingNode):
        size = sum(_yaml_size(value, memo) for _key, value in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = sum(_yaml_size(item, memo) for item in node.value)
    else:
        size = 1
    memo[key] = min(size, _YAML_LIMIT + 1)
    return memo[key]


def _looks_like_lang(key: str) -> bool:
    return bool(re.fullmatch(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", key))


def _walk_yaml(node, prefix: str, out: ResourceFile, lines: list[str]) -> Iterator[Entry]:
    import yaml

    seen: set[str] = set()
    keys = [str(k.value) for k, _v in node.value if isinstance(k, yaml.ScalarNode)]
    plural = len(keys) > 0 and "other" in keys and all(k in CLDR_CATEGORIES for k in keys)
    for key_node, value in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = str(key_node.value)
        full = prefix + key
        if full in seen:
            out.warnings.append(InputWarning(f"duplicate key {full!r}: the last value wins", line=key_node.start_mark.line + 1, unit_id=full))
        seen.add(full)
        if isinstance(value, yaml.ScalarNode):
            if value.tag != "tag:yaml.org,2002:str" and value.style is None:
                continue  # numbers, booleans, null: not text
            line = value.start_mark.line + 1
            column = value.start_mark.column + 1
            exact = False
            if value.style in ("'", '"'):
                column += 1
                exact = value.start_mark.line == value.end_mark.line and "\\" not in value.value and "''" not in lines[value.start_mark.line]
            elif value.style in ("|", ">"):
                line += 1
                column = None
            else:
                exact = value.start_mark.line == value.end_mark.line
            if plural:
                base = prefix[:-1]
                yield Entry(f"{base}[{key}]", value.value, line, column, exact, plural=key, base_key=base)
            else:
                yield Entry(full, value.value, line, column, exact)
        elif isinstance(value, yaml.MappingNode):
            yield from _walk_yaml(value, full + ".", out, lines)
        elif isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value):
                if isinstance(item, yaml.ScalarNode) and (item.tag == "tag:yaml.org,2002:str"):
                    yield Entry(f"{full}.{index}", item.value, item.start_mark.line + 1, item.start_mark.column + 1 + (1 if item.style in ("'", '"') else 0), False)


# ---------------------------------------------------------------------------
# XML formats: Android strings.xml, .resx, .stringsdict
# ---------------------------------------------------------------------------


def _xml_tree(path: str):
    from lxml import etree

    check_xml_prolog(path)
    parser = etree.XMLParser(**parser_options())
    try:
        return etree.parse(path, parser)
    except etree.XMLSyntaxError as error:
        line, column = (error.position if error.position else (None, None))
        message = str(error.msg or error).split(" (", 1)[0]
        raise InputError(path, f"XML syntax error: {message}", line=line, column=column) from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error}") from None


_ANDROID_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.DOTALL)
_XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"


def _android_text(element) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The value as the app shows it: escapes resolved, surrounding quotes dropped,
    whitespace collapsed outside quotes; inline tags dropped, `xliff:g` spans kept."""
    parts: list[str] = []
    protected: list[tuple[int, int]] = []

    def walk(node, top: bool) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if not isinstance(child.tag, str):  # comments, processing instructions
                if child.tail:
                    parts.append(child.tail)
                continue
            start = len("".join(parts))
            if child.tag == f"{{{_XLIFF_NS}}}g":
                walk(child, False)
                protected.append((start, len("".join(parts))))
            else:
                # HTML kept as written: <a href="%2$s"> carries a placeholder, and markup checks need the tags
                name = child.tag.rpartition("}")[2]
                attrs = "".join(f' {k.rpartition("}")[2]}="{v}"' for k, v in child.attrib.items())
                parts.append(f"<{name}{attrs}>")
                walk(child, False)
                parts.append(f"</{name}>")
            if child.tail:
                parts.append(child.tail)

    walk(element, True)
    raw = "".join(parts)
    text = _android_unescape(raw)
    if len(text) != len(raw):
        protected = []  # offsets moved: fall back to the placeholders' syntax alone
    return text, tuple(protected)


def _android_unescape(raw: str) -> str:
    stripped = raw.strip()
    if len(stripped) >= 2 and stripped.startswith('"') and stripped.endswith('"') and '"' not in stripped[1:-1].replace('\\"', ""):
        raw = stripped[1:-1]
    else:
        raw = re.sub(r"\s+", " ", raw).strip() if "\n" in raw else raw

    def one(match: re.Match) -> str:
        code = match.group(1)
        if code.startswith("u") and len(code) == 5:
            return chr(int(code[1:], 16))
        return {"n": "\n", "t": "\t"}.get(code, code)

    return _ANDROID_ESCAPE.sub(one, raw)


def _xml_column(lines: list[str], line: int | None, name: str) -> tuple[int | None, int | None]:
    """Where the text after the start tag carrying name="…" begins."""
    if line is None or line > len(lines):
        return line, None
    for index in range(line - 1, min(line + 3, len(lines))):
        text = lines[index]
        at = text.find(f'name="{name}"') if index == line - 1 else 0
        if at < 0:
            return line, None
        close = text.find(">", at)
        if close >= 0:
            return index + 1, close + 2
    return line, None


def read_android(path: str) -> ResourceFile:
    tree = _xml_tree(path)
    root = tree.getroot()
    out = ResourceFile(path, "android")
    if root.tag != "resources":
        raise InputError(path, f"an Android resource file has a <resources> root (got <{root.tag}>)", line=root.sourceline)
    lines = _decode(path, _read_bytes(path))[0].split("\n")
    seen: set[str] = set()
    note: str | None = None
    for element in root:
        if not isinstance(element.tag, str):
            if element.tag is not None and "Comment" in str(element.tag):
                note = (element.text or "").strip() or None
            continue
        name = element.get("name")
        if name is None:
            continue
        translatable = element.get("translatable") != "false"
        if name in seen:
            out.warnings.append(InputWarning(f"duplicate resource name {name!r}: Android refuses to build", line=element.sourceline, unit_id=name))
        seen.add(name)
        if element.tag == "string":
            text, protected = _android_text(element)
            line, column = _xml_column(lines, element.sourceline, name)
            plain = len(element) == 0 and element.text == text and not any(c in text for c in "\\\"&<\n")
            out.entries.append(Entry(name, text, line, column, plain and column is not None, note, translatable, placeholders=protected))
        elif element.tag == "plurals":
            for item in element:
                if isinstance(item.tag, str) and item.tag == "item" and item.get("quantity"):
                    quantity = item.get("quantity")
                    text, protected = _android_text(item)
                    out.entries.append(Entry(f"{name}[{quantity}]", text, item.sourceline, None, False, note, translatable, quantity, name, protected))
        elif element.tag == "string-array":
            index = 0
            for item in element:
                if isinstance(item.tag, str) and item.tag == "item":
                    text, protected = _android_text(item)
                    out.entries.append(Entry(f"{name}[{index}]", text, item.sourceline, None, False, note, translatable, placeholders=protected))
                    index += 1
        note = None
    return out


def read_resx(path: str) -> ResourceFile:
    tree = _xml_tree(path)
    out = ResourceFile(path, "resx")
    seen: set[str] = set()
    for data in tree.getroot().iter("data"):
        name = data.get("name")
        if name is None or data.get("type") or data.get("mimetype"):
            continue  # images, files, typed values: not text
        if name.startswith(">>"):
            continue  # WinForms designer metadata (`>>button1.Type`, `.Parent`, `.ZOrder`): not text, never localized
        value = data.find("value")
        if value is None:
            continue
        comment = data.find("comment")
        if name in seen:
            out.warnings.append(InputWarning(f"duplicate resource name {name!r}", line=data.sourceline, unit_id=name))
        seen.add(name)
        out.entries.append(Entry(name, value.text or "", value.sourceline, None, False, comment.text if comment is not None else None))
    return out


def read_stringsdict(path: str) -> ResourceFile:
    """Apple `.stringsdict` (a property list): per key, a format with `%#@var@`
    variables, each with its plural forms. Unit ids: `key`, `key:var[one]`."""
    tree = _xml_tree(path)
    out = ResourceFile(path, "stringsdict")
    top = tree.getroot().find("dict")
    if top is None:
        raise InputError(path, "a .stringsdict holds a <plist> with a <dict>", line=tree.getroot().sourceline)
    for key, record in _plist_pairs(top):
        if record.tag != "dict":
            continue
        for name, value in _plist_pairs(record):
            if name == "NSStringLocalizedFormatKey" and value.tag == "string":
                out.entries.append(Entry(key, value.text or "", value.sourceline))
            elif value.tag == "dict":
                for form, text in _plist_pairs(value):
                    if form in CLDR_CATEGORIES and text.tag == "string":
                        out.entries.append(Entry(f"{key}:{name}[{form}]", text.text or "", text.sourceline, None, False, None, True, form, f"{key}:{name}"))
    return out


def _plist_pairs(element) -> Iterator[tuple[str, Any]]:
    children = [c for c in element if isinstance(c.tag, str)]
    for index in range(0, len(children) - 1, 2):
        if children[index].tag == "key":
            yield children[index].text or "", children[index + 1]


# ---------------------------------------------------------------------------
# Line formats: Apple .strings, Java .properties, Fluent .ftl
# ---------------------------------------------------------------------------

_STRINGS_TOKEN = re.compile(
    r'(?P<ws>\s+)|(?P<block>/\*.*?\*/)|(?P<line>//[^\n]*)|"(?P<str>(?:[^"\\]|\\.)*)"|(?P<bare>[A-Za-z0-9_.\-$]+)|(?P<punct>[=;])',
    re.DOTALL,
)


def read_strings(path: str) -> ResourceFile:
    """Apple `.strings`: `/* comment */ "key" = "value";` (UTF-8 or UTF-16)."""
    text, _ = _decode(path, _read_bytes(path))
    lines = _Lines(text)
    out = ResourceFile(path, "strings")
    pos = 0
    note: str | None = None
    pending_note: str | None = None
    tokens: list[tuple[str, str, int, bool]] = []
    while pos < len(text):
        match = _STRINGS_TOKEN.match(text, pos)
        if not match:
            line, column = lines.at(pos)
            raise InputError(path, f".strings syntax error: unexpected {text[pos]!r}", line=line, column=column)
        kind = match.lastgroup
        if kind == "block" or kind == "line":
            note = match.group().strip("/* \n")
        elif kind == "str":
            tokens.append(("str", _strings_unescape(match.group("str")), match.start() + 1, "\\" not in match.group("str")))
        elif kind == "bare":
            tokens.append(("str", match.group(), match.start(), True))
        elif kind == "punct":
            tokens.append((match.group(), "", match.start(), True))
        if kind in ("str", "bare") and len(tokens) == 1:
            pending_note = note
        pos = match.end()
        if tokens and tokens[-1][0] == ";":
            statement = tokens
            tokens = []
            if len(statement) == 4 and statement[0][0] == "str" and statement[1][0] == "=" and statement[2][0] == "str":
                key, value = statement[0][1], statement[2]
                line, column = lines.at(value[2])
                if any(e.key == key for e in out.entries):
                    out.warnings.append(InputWarning(f"duplicate key {key!r}: the last value wins", line=line, unit_id=key))
                out.entries = [e for e in out.entries if e.key != key]
                out.entries.append(Entry(key, value[1], line, column, value[3], pending_note))
            elif len(statement) == 2 and statement[0][0] == "str":
                key = statement[0][1]
                line, column = lines.at(statement[0][2])
                out.entries.append(Entry(key, key, line, column, statement[0][3], pending_note))
            else:
                bad = statement[3] if len(statement) > 4 and statement[3][0] == "str" else statement[0]
                line, column = lines.at(bad[2])
                what = "a ';' is missing before this" if bad is not statement[0] else 'expected "key" = "value";'
                raise InputError(path, f".strings syntax error: {what}", line=line, column=column)
            note = None
    if tokens:
        line, column = lines.at(tokens[0][2])
        raise InputError(path, ".strings syntax error: the last entry has no ';'", line=line, column=column)
    return out


def _strings_unescape(raw: str) -> str:
    def one(match: re.Match) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) == 5:
            return chr(int(code[1:], 16))
        return {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(code, code)

    return re.sub(r"\\([uU][0-9a-fA-F]{4}|.)", one, raw, flags=re.DOTALL)


_PROPERTY_SPLIT = re.compile(r"(?P<key>(?:[^\s:=\\]|\\.)+)\s*[:=]?\s*")


def read_properties(path: str) -> ResourceFile:
    """Java `.properties`: UTF-8 (Java 9+ resource bundles), else ISO-8859-1 with a
    warning; `\\uXXXX` escapes, continuation lines, `#`/`!` comments."""
    data = _read_bytes(path)
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(path, "unexpected encoding: NUL bytes (UTF-16 without a byte-order mark?); save it as UTF-8 or ISO-8859-1", line=data[: data.index(b"\x00")].count(b"\n") + 1)
    text, used = _decode(path, data, fallback="iso-8859-1")
    out = ResourceFile(path, "properties")
    if used:
        out.warnings.append(InputWarning("the file is not UTF-8: read as ISO-8859-1 (Java before 9); non-ASCII text is safest as \\uXXXX escapes", line=1))
    raw_lines = text.split("\n")
    index = 0
    note: list[str] = []
    seen: set[str] = set()
    while index < len(raw_lines):
        first = index
        line = raw_lines[index].rstrip("\r")
        stripped = line.lstrip()
        index += 1
        if not stripped:
            note = []
            continue
        if stripped[0] in "#!":
            note.append(stripped[1:].strip())
            continue
        logical = stripped
        continued = False
        while _odd_backslashes(logical) and index < len(raw_lines):
            logical = logical[:-1] + raw_lines[index].rstrip("\r").lstrip()
            index += 1
            continued = True
        match = _PROPERTY_SPLIT.match(logical)
        key = _properties_unescape(match.group("key"))
        raw_value = logical[match.end():]
        value = _properties_unescape(raw_value)
        column = len(line) - len(stripped) + match.end() + 1
        if key in seen:
            out.warnings.append(InputWarning(f"duplicate key {key!r}: the last value wins", line=first + 1, unit_id=key))
            out.entries = [e for e in out.entries if e.key != key]
        seen.add(key)
        out.entries.append(Entry(key, value, first + 1, column, not continued and "\\" not in raw_value, " ".join(note) or None))
        note = []
    return out


def _odd_backslashes(text: str) -> bool:
    count = len(text) - len(text.rstrip("\\"))
    return count % 2 == 1


def _properties_unescape(raw: str) -> str:
    def one(match: re.Match) -> str:
        code = match.group(1)
        if code.startswith("u") and len(code) == 5:
            return chr(int(code[1:], 16))
        return {"n": "\n", "t": "\t", "r": "\r", "f": "\f"}.get(code, code)

    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", one, raw, flags=re.DOTALL)


_FTL_ENTRY = re.compile(r"^(?P<id>-?[A-Za-z][\w-]*)\s*=\s?(?P<value>.*)$")
_FTL_ATTR = re.compile(r"^\s+\.(?P<id>[A-Za-z][\w-]*)\s*=\s?(?P<value>.*)$")


def read_ftl(path: str) -> ResourceFile:
    """Project Fluent `.ftl`: messages, terms (`-brand`), attributes (`id.attr`),
    multi-line values (indented continuation lines); comments become notes."""
    text, _ = _decode(path, _read_bytes(path))
    out = ResourceFile(path, "ftl")
    lines = text.split("\n")
    current: tuple[str, int, int, list[str]] | None = None
    message_id: str | None = None
    note: list[str] = []
    seen: set[str] = set()

    def flush() -> None:
        nonlocal current
        if current is not None:
            key, line, column, parts = current
            value = "\n".join(parts).strip("\n")
            if key in seen:
                out.warnings.append(InputWarning(f"duplicate message {key!r}: the last one wins", line=line, unit_id=key))
                out.entries[:] = [e for e in out.entries if e.key != key]
            seen.add(key)
            if value.strip():
                out.entries.append(Entry(key, value, line, column, len(parts) == 1, " ".join(note) or None))
        current = None

    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if line.startswith("#"):
            flush()
            note.append(line.lstrip("#").strip())
            continue
        attr = _FTL_ATTR.match(line)
        entry = _FTL_ENTRY.match(line)
        if entry:
            flush()
            message_id = entry.group("id")
            current = (message_id, number, entry.start("value") + 1, [entry.group("value")])
        elif attr and message_id:
            flush()
            current = (f"{message_id}.{attr.group('id')}", number, attr.start("value") + 1, [attr.group("value")])
        elif (line[:1] in (" ", "\t") or line.strip() == "}") and current is not None:
            current[3].append(line.strip())
        elif not line.strip():
            if current is not None:
                current[3].append("")
            else:
                note = []
        else:
            raise InputError(path, f"Fluent syntax error: expected 'id = value' (got {line.strip()[:40]!r})", line=number, column=1)
    flush()
    return out


READERS = {
    "json": read_json,
    "arb": read_arb,
    "xcstrings": read_xcstrings,
    "yaml": read_yaml,
    "android": read_android,
    "resx": read_resx,
    "stringsdict": read_stringsdict,
    "strings": read_strings,
    "properties": read_properties,
    "ftl": read_ftl,
}

