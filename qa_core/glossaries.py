"""tqa's own glossary loaders (a plugin of the `tqa_load_glossary` hook) and the
`tqa glossary` command that loads, validates and summarises glossary files.

Formats:
- TBX v3 (ISO 30042:2019): `<tbx type="TBX-Basic|TBX-Min|TBX-Core" style="dca|dct">`,
  `conceptEntry/langSec/termSec/term`, data categories as attributes (DCA,
  `<termNote type="administrativeStatus">`) or as namespaced tags (DCT,
  `<min:administrativeStatus>`);
- TBX v2 (ISO 30042:2008, "martif"): `termEntry/langSet/(tig|ntig/termGrp)/term`;
- CSV/TSV: one row per concept, a header naming the language columns (`en,vi`) and
  optionally `id` (rows with the same id are one concept), `status` (of every term of
  the row), `type`, `case`, `note`, `kind`, `official`; a cell may list synonyms
  separated by "|"; without a header the first two columns are the source and target
  languages of the run;
- tqa's TOML/YAML format, which adds what TBX cannot say simply: policy profiles,
  protected phrases, first-mention glosses (see docs/terminology.md).

The loaders read leniently: what a format forbids but that can still be understood
becomes a `GlossaryWarning` with its line; what cannot be understood is a
ConfigError naming the file and line.
"""

from __future__ import annotations

import argparse
import codecs
import io
import json
import os
import re
import sys
from typing import Any

from qa_core import hookimpl
from qa_core.errors import ConfigError, InputError
from qa_core.formats import check_xml_prolog, head, parser_options, refuse_entity_references, xml_root
from qa_core.glossary import (
    STATUSES,
    Concept,
    FirstMention,
    Glossary,
    GlossaryOptions,
    GlossaryWarning,
    Profile,
    StatusRule,
    Term,
    status_from_tbx,
)
from qa_core.lazy import lazy_module

etree = lazy_module("lxml.etree", globals(), "etree")  # lxml (~8 ms of start-up) only when XML is read or written

FORMATS = ("tbx", "csv", "tsv", "toml", "yaml")
_EXTENSIONS = {
    ".tbx": "tbx",
    ".xml": "tbx",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "tsv",
    ".toml": "toml",
    ".yaml": "yaml",
    ".yml": "yaml",
}


def detect_format(path: str, options: GlossaryOptions) -> str | None:
    """The glossary format of `path`: the one asked for, else from the extension (an
    .xml file must have a <tbx> or <martif> root), else from the first bytes."""
    if options.format:
        wanted = options.format.lower()
        if wanted not in FORMATS:
            return None
        return wanted
    ext = os.path.splitext(path)[1].lower()
    fmt = _EXTENSIONS.get(ext)
    first = head(path)
    root = xml_root(first) if first.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else None
    if fmt == "tbx" and ext == ".xml":
        return "tbx" if root and root[0] in ("tbx", "martif") else None
    if fmt is None and root and root[0] in ("tbx", "martif"):
        return "tbx"
    return fmt


@hookimpl
def tqa_load_glossary(path: str, options: GlossaryOptions) -> Glossary | None:
    fmt = detect_format(path, options)
    if fmt == "tbx":
        return load_tbx(path)
    if fmt in ("csv", "tsv"):
        return load_delimited(path, options, "\t" if fmt == "tsv" else None)
    if fmt == "toml":
        return load_toml(path)
    if fmt == "yaml":
        return load_yaml(path)
    return None


# ---------------------------------------------------------------------------
# TBX
# ---------------------------------------------------------------------------

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
_TERM_NOTES = {
    "administrativeStatus", "usageStatus", "partOfSpeech", "termType", "grammaticalGender",
    "geographicalUsage", "termLocation", "normativeAuthorization",
}
_TYPED = ("admin", "descrip", "termNote", "transac", "transacNote", "xref", "ref")
# TBX-Basic and TBX-Min: the data categories (type values) each element may carry
_BASIC_TYPES = {
    "admin": {"customerSubset", "projectSubset", "source"},
    "descrip": {"subjectField", "context", "definition"},
    "termNote": {"administrativeStatus", "usageStatus", "partOfSpeech", "geographicalUsage",
                 "grammaticalGender", "termLocation", "termType"},
    "transac": {"transactionType"},
    "transacNote": {"responsibility"},
    "xref": {"externalCrossReference", "xGraphic"},
    "ref": {"crossReference"},
}
_MIN_TYPES = {
    "admin": {"customerSubset"},
    "descrip": {"subjectField"},
    "termNote": {"administrativeStatus", "usageStatus", "partOfSpeech"},
    "transac": set(),
    "transacNote": set(),
    "xref": set(),
    "ref": set(),
}
_PART_OF_SPEECH = {"noun", "verb", "adjective", "adverb", "properNoun", "other"}
_USAGE_STATUS = {"preferred", "admitted", "notRecommended", "obsolete", "deprecated", "superseded"}
_ADMIN_STATUS = {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts",
                 "supersededTerm-admn-sts", "legalTerm-admn-sts", "regulatedTerm-admn-sts",
                 "standardizedTerm-admn-sts"}
_HEADER_TEXT_HOLDERS = {"fileDesc", "sourceDesc", "publicationStmt", "encodingDesc", "revisionDesc", "tbxHeader", "martifHeader"}


def _local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _children(el):
    return [c for c in el if isinstance(c.tag, str)]


def load_tbx(path: str) -> Glossary:
    check_xml_prolog(path)
    parser = etree.XMLParser(**parser_options())
    try:
        tree = etree.parse(path, parser)
    except etree.XMLSyntaxError as error:
        line, column = (error.position if error.position else (error.lineno, None))
        message = " ".join(re.sub(r",? line \d+, column \d+$", "", error.msg or str(error)).split())
        raise ConfigError(path, f"not well-formed XML: {message}", line, column) from None
    except OSError as error:
        # libxml2 gives up on bytes its declared encoding cannot decode with an
        # OSError (not a syntax error); its last logged error has the place
        last = parser.error_log.last_error if parser.error_log else None
        message = " ".join(str(last.message if last else error).split())
        raise ConfigError(path, f"cannot decode the file in its declared encoding: {message}", last.line if last else None, (last.column or None) if last else None) from None
    refuse_entity_references(path, parser.error_log)
    root = tree.getroot()
    name = _local(root)
    if name == "tbx":
        version = "3"
    elif name == "martif":
        version = "2"
    else:
        raise ConfigError(path, f"not a TBX file: the root element is <{name}>, expected <tbx> (TBX v3) or <martif> (TBX v2)", root.sourceline)
    dialect = root.get("type") or ""
    style = (root.get("style") or "dca").lower()
    warnings: list[GlossaryWarning] = []
    validator = _TbxValidator(version, dialect, style, warnings)
    validator.validate(root)
    concepts = []
    for entry in root.iter("{*}conceptEntry", "{*}termEntry"):
        concept = _tbx_concept(entry, warnings, path)
        if concept is not None:
            concepts.append(concept)
    if not concepts:
        warnings.append(GlossaryWarning("the file holds no concept entry with a term", root.sourceline))
    fmt = f"tbx{version}" + (f"-{dialect}" if dialect and dialect != "TBX" else "") + (f"-{style}" if version == "3" else "")
    title = root.find(".//{*}titleStmt/{*}title")
    return Glossary(
        path=path,
        format=fmt,
        concepts=tuple(concepts),
        name=_text(title) if title is not None else None,
        warnings=tuple(warnings),
    )


def _category(el) -> tuple[str, str] | None:
    """(data category, value) of a DCA element with @type, or of a DCT element."""
    local = _local(el)
    if local in _TYPED and el.get("type"):
        return el.get("type"), _text(el)
    ns = etree.QName(el).namespace
    if ns and ns != TBX3_NS:
        return local, _text(el)
    return None


def _tbx_concept(entry, warnings: list[GlossaryWarning], path: str) -> Concept | None:
    concept_id = entry.get("id") or f"line{entry.sourceline}"
    subject = definition = note = None
    official = False
    terms: list[Term] = []
    for el in entry.iter():
        cat = _category(el) if isinstance(el.tag, str) else None
        if cat is None:
            continue
        if cat[0] == "subjectField" and subject is None:
            subject = cat[1]
        elif cat[0] == "definition" and definition is None:
            definition = cat[1]
    for lang_sec in entry:
        if _local(lang_sec) not in ("langSec", "langSet"):
            continue
        lang = lang_sec.get(XML_LANG)
        if not lang:
            warnings.append(GlossaryWarning(f"<{_local(lang_sec)}> needs an xml:lang attribute; its terms are skipped", lang_sec.sourceline))
            continue
        for term_sec in lang_sec.iter("{*}termSec", "{*}tig", "{*}ntig"):
            term_el = next(term_sec.iter("{*}term"), None)
            if term_el is None:
                warnings.append(GlossaryWarning(f"<{_local(term_sec)}> holds no <term>", term_sec.sourceline))
                continue
            text = _text(term_el)
            if not text:
                warnings.append(GlossaryWarning("empty <term> skipped", term_el.sourceline))
                continue
            notes: dict[str, str] = {}
            for el in term_sec.iter():
                if el is term_sec or not isinstance(el.tag, str):
                    continue
                cat = _category(el)
                if cat and cat[0] in _TERM_NOTES and cat[0] not in notes:
                    notes[cat[0]] = cat[1]
            raw_status = notes.get("administrativeStatus") or notes.get("usageStatus") or notes.get("normativeAuthorization")
            status = status_from_tbx(raw_status)
            if raw_status and status is None:
                warnings.append(GlossaryWarning(f"unknown term status {raw_status!r} for {text!r}; read as admitted", term_el.sourceline))
            pos = notes.get("partOfSpeech")
            if pos == "properNoun":
                official = True
            terms.append(
                Term(
                    text=text,
                    lang=lang,
                    status=status or "admitted",
                    type=notes.get("termType"),
                    part_of_speech=pos,
                    line=term_el.sourceline,
                )
            )
    if not terms:
        return None
    for child in entry:
        if _local(child) == "note":
            note = _text(child)
            break
    return Concept(
        id=concept_id,
        terms=tuple(terms),
        official=official,
        subject=subject,
        definition=definition,
        note=note,
        line=entry.sourceline,
        origin=path,
    )


class _TbxValidator:
    """The TBX structure and dialect rules a reader can check without the schemas:
    TBX core structure for v3 and v2, and the TBX-Basic / TBX-Min data-category
    rules for v3 DCA files. Findings become warnings with their line."""

    def __init__(self, version: str, dialect: str, style: str, warnings: list[GlossaryWarning]) -> None:
        self.version = version
        self.dialect = dialect
        self.style = style
        self.warnings = warnings

    def warn(self, el, message: str) -> None:
        self.warnings.append(GlossaryWarning(message, el.sourceline))

    def validate(self, root) -> None:
        types = None
        if self.version == "3" and self.style == "dca":
            types = {"TBX-Basic": _BASIC_TYPES, "TBX-Min": _MIN_TYPES}.get(self.dialect)
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            local = _local(el)
            parent = el.getparent()
            parent_local = _local(parent) if parent is not None else ""
            if local in _HEADER_TEXT_HOLDERS and el.text and el.text.strip():
                self.warn(el, f"text directly inside <{local}> must be wrapped in <p>")
            if local == "text":
                for child in _children(el):
                    if _local(child) not in ("body", "back"):
                        self.warn(child, f"<{_local(child)}> may not be a direct child of <text> (only <body> and <back>)")
            if local in ("termSec", "tig", "termGrp"):
                kids = _children(el)
                terms = [k for k in kids if _local(k) == "term"]
                if kids and _local(kids[0]) != "term" and not (local == "termGrp" and not terms):
                    self.warn(kids[0], f"<term> must come first in <{local}> (found <{_local(kids[0])}> first)")
                if len(terms) > 1:
                    self.warn(terms[1], f"only one <term> is allowed per <{local}> (found {len(terms)})")
            if local == "descripGrp":
                descrips = [k for k in _children(el) if _local(k) == "descrip"]
                if len(descrips) > 1:
                    self.warn(descrips[1], f"only one <descrip> is allowed per <descripGrp> (found {len(descrips)})")
            if local in _TYPED and etree.QName(el).namespace in (None, TBX3_NS) and self.style == "dca":
                if not (el.get("type") or "").strip():
                    self.warn(el, f"<{local}> must have a type attribute naming its data category")
                    continue
            if types is not None and local in types and etree.QName(el).namespace == TBX3_NS:
                self._dialect(el, local, parent_local, types)

    def _dialect(self, el, local: str, parent_local: str, types: dict[str, set[str]]) -> None:
        kind = el.get("type") or ""
        allowed = types[local]
        if not allowed:
            self.warn(el, f"<{local}> is not allowed in {self.dialect}")
            return
        if kind not in allowed:
            self.warn(el, f"<{local} type={kind!r}> is not allowed in {self.dialect} (allowed: {', '.join(sorted(allowed))})")
            return
        value = _text(el)
        if local == "termNote" and kind == "partOfSpeech" and value not in _PART_OF_SPEECH:
            self.warn(el, f"partOfSpeech {value!r} is not in the {self.dialect} picklist ({', '.join(sorted(_PART_OF_SPEECH))})")
        if local == "termNote" and kind == "usageStatus" and value not in _USAGE_STATUS:
            self.warn(el, f"usageStatus {value!r} is not in the {self.dialect} picklist ({', '.join(sorted(_USAGE_STATUS))})")
        if local == "termNote" and kind == "administrativeStatus" and value not in _ADMIN_STATUS:
            self.warn(el, f"administrativeStatus {value!r} is not in the {self.dialect} picklist")
        if local == "descrip" and kind == "definition":
            level = _level(el)
            if level not in ("conceptEntry", "langSec"):
                self.warn(el, f"a definition may only stand at the conceptEntry or langSec level (found at {level})")
        if local == "descrip" and kind == "context" and _level(el) != "termSec":
            self.warn(el, f"a context may only stand at the termSec level (found at {_level(el)})")
        if local == "admin" and kind == "source" and parent_local not in ("descripGrp", "adminGrp", "termSec", "langSec") :
            self.warn(el, f"a source must be grouped (in a <descripGrp>) with what it is the source of (found directly in <{parent_local}>)")
        if local == "descrip" and kind == "subjectField" and _level(el) != "conceptEntry":
            self.warn(el, f"a subjectField may only stand at the conceptEntry level (found at {_level(el)})")


def _level(el) -> str:
    """The structural level an element belongs to: its nearest conceptEntry, langSec or termSec."""
    node = el.getparent()
    while node is not None:
        local = _local(node)
        if local in ("conceptEntry", "langSec", "termSec", "termEntry", "langSet", "tig", "ntig"):
            return local
        node = node.getparent()
    return "text"


# ---------------------------------------------------------------------------
# CSV / TSV
# ---------------------------------------------------------------------------

_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$", re.IGNORECASE)
_COLUMNS = {"id", "concept", "status", "type", "case", "note", "kind", "official"}


def _decode(raw: bytes, path: str, encoding: str | None) -> str:
    if encoding:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise ConfigError(path, f"cannot be read as {encoding}: {error}") from None
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as error:
                text = raw[: error.start].decode(codec, "replace")
                name = "UTF-8" if codec == "utf-8-sig" else "UTF-16"
                raise ConfigError(path, f"cannot be read as {name} (its byte-order mark says so): {error.reason} at byte {error.start}", text.count("\n") + 1) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigError(path, f"not UTF-8 text (byte 0x{raw[error.start]:02x}); give the encoding with a BOM or convert the file", line) from None


def _sniff_delimiter(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            counts = {d: len(re.findall(re.escape(d) + r'(?=(?:[^"]*"[^"]*")*[^"]*$)', line)) for d in (",", ";", "\t")}
            best = max(counts, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def load_delimited(path: str, options: GlossaryOptions, delimiter: str | None = None) -> Glossary:
    text = _decode(open(path, "rb").read(), path, options.encoding)
    delimiter = delimiter or _sniff_delimiter(text)
    import csv  # only a CSV or TSV glossary needs it

    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=False)
    try:
        start = 1
        for row in reader:
            cells = [c.strip() for c in row]
            if any(cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ConfigError(path, f"not valid {'TSV' if delimiter == chr(9) else 'CSV'}: {error}", reader.line_num) from None
    if not rows:
        raise ConfigError(path, "holds no rows")
    warnings: list[GlossaryWarning] = []
    first_line, first = rows[0]
    header = _header(first)
    if header is not None:
        columns = header
        rows = rows[1:]
    else:
        if not options.source_lang or not options.target_lang:
            raise ConfigError(
                path,
                "has no header row naming its language columns (e.g. 'en,vi'); add one, or give the "
                "languages with --source-lang and --target-lang",
                first_line,
            )
        columns = [options.source_lang, options.target_lang] + ["note"] * max(0, len(first) - 2)
    lang_columns = [i for i, name in enumerate(columns) if _LANG_CODE.match(name) and name.lower() not in _COLUMNS]
    concepts: dict[str, list] = {}
    for line, cells in rows:
        cells = cells + [""] * (len(columns) - len(cells))
        fields = {name.lower(): cells[i] for i, name in enumerate(columns) if i not in lang_columns}
        status = fields.get("status") or None
        if status is not None and status.lower() not in STATUSES and status_from_tbx(status) is None:
            raise ConfigError(path, f"'status' must be one of {', '.join(STATUSES)} (got {status!r})", line)
        status = (status_from_tbx(status) or status.lower()) if status else None
        case = fields.get("case") or None
        if case is not None and case not in ("sensitive", "insensitive"):
            raise ConfigError(path, f"'case' must be sensitive or insensitive (got {case!r})", line)
        terms = []
        for index in lang_columns:
            for alt, text in enumerate(part.strip() for part in cells[index].split("|")):
                if not text:
                    continue
                term_status = "preferred" if alt == 0 else "admitted"
                if status:
                    term_status = status if alt == 0 or status in ("deprecated", "forbidden") else "admitted"
                terms.append(Term(text, columns[index], term_status, type=fields.get("type") or None, case=case,
                                  note=fields.get("note") or None, line=line))
        one_language = len({t.lang for t in terms}) < 2 and (header is None or len(lang_columns) > 1)
        if one_language and status not in ("deprecated", "forbidden"):
            shown = " | ".join(c for c in cells if c) or "(empty)"
            warnings.append(GlossaryWarning(f"row {shown!r} has a term in only one language", line))
        if not terms:
            continue
        concept_id = fields.get("id") or fields.get("concept") or f"row{line}"
        entry = concepts.setdefault(concept_id, [line, [], fields])
        entry[1].extend(terms)
    result = tuple(
        Concept(
            id=cid,
            terms=tuple(terms),
            kind=fields.get("kind") or None,
            official=(fields.get("official") or "").lower() in ("1", "true", "yes"),
            note=fields.get("note") or None,
            line=line,
            origin=path,
        )
        for cid, (line, terms, fields) in concepts.items()
    )
    return Glossary(path=path, format="tsv" if delimiter == "\t" else "csv", concepts=result, warnings=tuple(warnings))


def _header(cells: list[str]) -> list[str] | None:
    names = [c.strip() for c in cells]
    if not names or not all(names):
        return None
    langs = [n for n in names if _LANG_CODE.match(n) and n.lower() not in _COLUMNS]
    if langs and all(n.lower() in _COLUMNS or _LANG_CODE.match(n) for n in names):
        return names
    return None


# ---------------------------------------------------------------------------
# tqa's TOML / YAML format
# ---------------------------------------------------------------------------


class _Where:
    """Finds the line of a value in the text of a TOML/YAML file (tomllib keeps no
    positions): the first line at or after `after` holding `needle`."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def find(self, needle: str | None, after: int | None = None) -> int | None:
        if not needle:
            return after
        start = (after or 1) - 1
        for index in range(start, len(self.lines)):
            if needle in self.lines[index]:
                return index + 1
        return after


def load_toml(path: str) -> Glossary:
    raw = open(path, "rb").read()
    text = _decode(raw, path, None)
    from qa_core import cache

    try:
        data = cache.toml_loads(text)  # the built-in glossaries: parsed once, then read back
    except cache.toml_module().TOMLDecodeError as error:
        match = re.search(r"line (\d+), column (\d+)", str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise ConfigError(path, f"invalid TOML: {message}", int(match.group(1)) if match else None,
                          int(match.group(2)) if match else None) from None
    except (ValueError, RecursionError) as error:  # an integer of 40,000 digits, arrays nested too deep
        raise ConfigError(path, f"invalid TOML: {' '.join(str(error).split())[:200] or type(error).__name__}") from None
    return _from_mapping(path, "toml", data, _Where(text))


def load_yaml(path: str) -> Glossary:
    import yaml

    raw = open(path, "rb").read()
    text = _decode(raw, path, None)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = " ".join(str(getattr(error, "problem", None) or error).split())
        raise ConfigError(path, f"invalid YAML: {problem}", mark.line + 1 if mark else None,
                          mark.column + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise ConfigError(path, f"a glossary must be a mapping with 'concept' and 'profile' lists (got {type(data).__name__})", 1)
    return _from_mapping(path, "yaml", data, _Where(text))


_CONCEPT_KEYS = {"id", "kind", "official", "note", "definition", "subject", "terms", "deprecated", "forbidden"}
_TERM_KEYS = {"text", "status", "type", "case", "inflect", "note", "pos"}
_PROFILE_KEYS = {"name", "description", "set", "protected", "first-mention"}
_SET_KEYS = {"concept", "lang", *STATUSES}
_TOP_KEYS = {"glossary", "concept", "profile"}


def _fail(path: str, field: str, expectation: str, got: Any, line: int | None) -> ConfigError:
    return ConfigError(path, f"'{field}' must be {expectation} (got {got!r})", line)


def _from_mapping(path: str, fmt: str, data: dict, where: _Where) -> Glossary:
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ConfigError(path, f"unknown key '{unknown[0]}' (known here: {', '.join(sorted(_TOP_KEYS))})", where.find(unknown[0]))
    meta = data.get("glossary") or {}
    if not isinstance(meta, dict):
        raise _fail(path, "glossary", "a table (name, description)", meta, where.find("glossary"))
    concepts_data = data.get("concept") or []
    if not isinstance(concepts_data, list):
        raise _fail(path, "concept", "a list of tables ([[concept]])", concepts_data, where.find("concept"))
    concepts = []
    seen: dict[str, int | None] = {}
    line = 1
    for index, item in enumerate(concepts_data):
        label = f"concept[{index}]"
        if not isinstance(item, dict):
            raise _fail(path, label, "a table", item, line)
        cid = item.get("id")
        if not isinstance(cid, str) or not cid.strip():
            raise _fail(path, f"{label}.id", "a non-empty string", cid, where.find("[[concept]]", line) if fmt == "toml" else line)
        needle = f'"{cid}"' if fmt == "toml" else f": {cid}"
        line = where.find(needle, line + 1 if index else 1) or line
        if cid in seen:
            raise ConfigError(path, f"concept id {cid!r} is defined twice (first at line {seen[cid]})", line)
        seen[cid] = line
        concepts.append(_concept(path, item, label, line, where))
    profiles = []
    profiles_data = data.get("profile") or []
    if not isinstance(profiles_data, list):
        raise _fail(path, "profile", "a list of tables ([[profile]])", profiles_data, where.find("profile"))
    for index, item in enumerate(profiles_data):
        profiles.append(_profile(path, item, f"profile[{index}]", where, {c.id for c in concepts}))
    names = [p.name for p in profiles]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(path, f"profile {name!r} is defined twice", where.find(f'"{name}"'))
    return Glossary(
        path=path,
        format=fmt,
        concepts=tuple(concepts),
        profiles=tuple(profiles),
        name=meta.get("name"),
    )


def _concept(path: str, item: dict, label: str, line: int | None, where: _Where) -> Concept:
    unknown = sorted(set(item) - _CONCEPT_KEYS)
    if unknown:
        raise ConfigError(path, f"unknown key '{label}.{unknown[0]}' (known here: {', '.join(sorted(_CONCEPT_KEYS))})",
                          where.find(unknown[0], line))
    for key in ("kind", "note", "definition", "subject"):
        if key in item and not isinstance(item[key], str):
            raise _fail(path, f"{label}.{key}", "a string", item[key], where.find(key, line))
    if "official" in item and not isinstance(item["official"], bool):
        raise _fail(path, f"{label}.official", "true or false", item["official"], where.find("official", line))
    terms: list[Term] = []
    groups = [("terms", None), ("deprecated", "deprecated"), ("forbidden", "forbidden")]
    for key, forced in groups:
        table = item.get(key)
        if table is None:
            continue
        if not isinstance(table, dict):
            raise _fail(path, f"{label}.{key}", "a table of language -> list of terms", table, where.find(key, line))
        for lang, entries in table.items():
            if not _LANG_CODE.match(lang):
                raise _fail(path, f"{label}.{key}", "keyed by language codes such as en, vi, en-US", lang, where.find(lang, line))
            if isinstance(entries, (str, dict)):
                entries = [entries]
            if not isinstance(entries, list) or not entries:
                raise _fail(path, f"{label}.{key}.{lang}", "a non-empty list of terms", entries, where.find(lang, line))
            for position, entry in enumerate(entries):
                default = forced or ("preferred" if position == 0 else "admitted")
                terms.append(_term(path, entry, lang, default, f"{label}.{key}.{lang}[{position}]", line, where))
    if not terms:
        raise ConfigError(path, f"'{label}.terms' must give at least one term (concept {item['id']!r} has none)", line)
    return Concept(
        id=item["id"],
        terms=tuple(terms),
        kind=item.get("kind"),
        official=bool(item.get("official", False)),
        subject=item.get("subject"),
        definition=item.get("definition"),
        note=item.get("note"),
        line=line,
        origin=path,
    )


def _term(path: str, entry: Any, lang: str, default: str, label: str, line: int | None, where: _Where) -> Term:
    if isinstance(entry, str):
        if not entry.strip():
            raise _fail(path, label, "a non-empty term", entry, line)
        return Term(entry.strip(), lang, default, line=where.find(entry, line))
    if not isinstance(entry, dict):
        raise _fail(path, label, "a string or a table with 'text'", entry, line)
    unknown = sorted(set(entry) - _TERM_KEYS)
    if unknown:
        raise ConfigError(path, f"unknown key '{label}.{unknown[0]}' (known here: {', '.join(sorted(_TERM_KEYS))})",
                          where.find(unknown[0], line))
    text = entry.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _fail(path, f"{label}.text", "a non-empty string", text, line)
    here = where.find(text, line)
    status = entry.get("status", default)
    if status not in STATUSES:
        raise _fail(path, f"{label}.status", "one of " + ", ".join(STATUSES), status, where.find(str(status), here))
    case = entry.get("case")
    if case is not None and case not in ("sensitive", "insensitive"):
        raise _fail(path, f"{label}.case", "sensitive or insensitive", case, where.find(str(case), here))
    inflect = entry.get("inflect", True)
    if not isinstance(inflect, bool):
        raise _fail(path, f"{label}.inflect", "true or false", inflect, where.find("inflect", here))
    for key in ("type", "note", "pos"):
        if key in entry and not isinstance(entry[key], str):
            raise _fail(path, f"{label}.{key}", "a string", entry[key], where.find(key, here))
    return Term(text.strip(), lang, status, type=entry.get("type"), part_of_speech=entry.get("pos"), case=case,
                inflect=inflect, note=entry.get("note"), line=here)


def _strings(path: str, value: Any, label: str, line: int | None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, label, "a string or a list of non-empty strings", value, line)
    return tuple(v.strip() for v in value)


def _profile(path: str, item: Any, label: str, where: _Where, concept_ids: set[str]) -> Profile:
    if not isinstance(item, dict):
        raise _fail(path, label, "a table", item, None)
    name = item.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name or ""):
        raise _fail(path, f"{label}.name", "a name of letters, digits, '-', '_' or '.'", name, where.find("name"))
    line = where.find(f'"{name}"')
    unknown = sorted(set(item) - _PROFILE_KEYS)
    if unknown:
        raise ConfigError(path, f"unknown key '{label}.{unknown[0]}' (known here: {', '.join(sorted(_PROFILE_KEYS))})",
                          where.find(unknown[0], line))
    description = item.get("description", "")
    if not isinstance(description, str):
        raise _fail(path, f"{label}.description", "a string", description, line)
    rules: list[StatusRule] = []
    for index, entry in enumerate(item.get("set") or []):
        sub = f"{label}.set[{index}]"
        if not isinstance(entry, dict):
            raise _fail(path, sub, "a table (concept, lang, preferred, admitted, deprecated, forbidden)", entry, line)
        bad = sorted(set(entry) - _SET_KEYS)
        if bad:
            raise ConfigError(path, f"unknown key '{sub}.{bad[0]}' (known here: {', '.join(sorted(_SET_KEYS))})", where.find(bad[0], line))
        concept = entry.get("concept")
        lang = entry.get("lang")
        here = where.find(f'"{concept}"', line)
        if not isinstance(concept, str) or not concept:
            raise _fail(path, f"{sub}.concept", "a concept id", concept, here)
        if not isinstance(lang, str) or not _LANG_CODE.match(lang):
            raise _fail(path, f"{sub}.lang", "a language code such as en or vi", lang, here)
        for status in STATUSES:
            if status in entry:
                for text in _strings(path, entry[status], f"{sub}.{status}", here):
                    rules.append(StatusRule(concept, lang, text, status, where.find(text, here)))
    protected: list[Term] = []
    table = item.get("protected") or {}
    if not isinstance(table, dict):
        raise _fail(path, f"{label}.protected", "a table of language -> list of phrases", table, where.find("protected", line))
    for lang, phrases in table.items():
        if not _LANG_CODE.match(lang):
            raise _fail(path, f"{label}.protected", "keyed by language codes", lang, where.find(lang, line))
        for text in _strings(path, phrases, f"{label}.protected.{lang}", where.find(lang, line)):
            protected.append(Term(text, lang, "admitted", line=where.find(text, line)))
    mentions: list[FirstMention] = []
    for index, entry in enumerate(item.get("first-mention") or []):
        sub = f"{label}.first-mention[{index}]"
        if not isinstance(entry, dict) or set(entry) - {"concept", "lang", "gloss"}:
            raise _fail(path, sub, "a table with concept, lang and gloss", entry, line)
        concept = entry.get("concept")
        lang = entry.get("lang")
        here = where.find("first-mention", line)
        if not isinstance(concept, str) or not isinstance(lang, str) or not _LANG_CODE.match(lang):
            raise _fail(path, sub, "a table with a concept id and a language code", entry, here)
        mentions.append(FirstMention(concept, lang, _strings(path, entry.get("gloss"), f"{sub}.gloss", here), here))
    return Profile(name, description, tuple(rules), tuple(protected), tuple(mentions), line, path)


# ---------------------------------------------------------------------------
# tqa glossary
# ---------------------------------------------------------------------------


def _configure_glossary(parser: argparse.ArgumentParser, plugins) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="glossary files (TBX, CSV/TSV, TOML, YAML)")
    parser.add_argument("--profile", metavar="NAME", help="apply a policy profile the files define and show its effect")
    parser.add_argument("--source-lang", metavar="LANG", help="language of the first column of header-less CSV/TSV")
    parser.add_argument("--target-lang", metavar="LANG", help="language of the second column of header-less CSV/TSV")
    parser.add_argument("--glossary-format", choices=FORMATS, help="read the files as this format instead of detecting it")
    parser.add_argument("--json", action="store_true", help="print JSON")


def summary(glossary: Glossary) -> dict[str, Any]:
    """What `tqa glossary` prints about one file."""
    per_lang: dict[str, int] = {}
    statuses: dict[str, int] = {}
    for _, term in glossary.terms():
        per_lang[term.language] = per_lang.get(term.language, 0) + 1
        statuses[term.status] = statuses.get(term.status, 0) + 1
    return {
        "path": glossary.path,
        "format": glossary.format,
        "name": glossary.name,
        "concepts": len(glossary.concepts),
        "terms": per_lang,
        "statuses": statuses,
        "official": sum(1 for c in glossary.concepts if c.official),
        "profiles": [{"name": p.name, "description": p.description} for p in glossary.profiles],
        "warnings": [{"line": w.line, "message": w.message} for w in glossary.warnings],
    }


def _glossary_command(args: argparse.Namespace, plugins) -> int:
    from qa_core.glossary import load_glossary

    options = GlossaryOptions(args.source_lang, args.target_lang, args.glossary_format)
    results = []
    errors: list[InputError] = []
    for path in args.files:
        try:
            results.append(load_glossary(path, plugins.hook, options))
        except InputError as error:
            errors.append(error)
    applied = None
    if args.profile and results:
        from qa_core.glossary import merge

        applied = merge(results).with_profile(args.profile)
    if args.json:
        print(json.dumps({"glossaries": [summary(g) for g in results], "profile": args.profile,
                          "errors": [str(e) for e in errors]}, indent=2, ensure_ascii=False))
    else:
        for glossary in results:
            info = summary(glossary)
            terms = ", ".join(f"{lang} {count}" for lang, count in info["terms"].items())
            print(f"{glossary.path}: {info['format']}, {info['concepts']} concepts ({terms} terms)"
                  + (f", {info['official']} official names" if info["official"] else ""))
            for profile in glossary.profiles:
                print(f"  - profile {profile.name}: {profile.description}")
            for warning in glossary.warnings:
                place = f"{glossary.path}:{warning.line}" if warning.line else glossary.path
                print(f"{place}: warning: {warning.message}")
        if applied is not None:
            print(f"profile {applied.profile}:")
            touched = {rule.concept for p in applied.profiles if p.name == applied.profile for rule in p.statuses}
            for concept in applied.concepts:
                if concept.id not in touched:
                    continue
                for term in concept.terms:
                    print(f"  {concept.id:<12} {term.lang:<3} {term.status:<10} {term.text}")
            for term in applied.protected:
                print(f"  protected    {term.lang:<3} {term.text}")
            for rule in applied.first_mentions:
                print(f"  first mention of {rule.concept} ({rule.lang}) glossed with one of: {', '.join(rule.gloss)}")
    for error in errors:
        print(f"tqa: {error}", file=sys.stderr)
    if errors:
        return 2
    return 1 if any(g.warnings for g in results) else 0


@hookimpl
def tqa_register_commands():
    from qa_core.commands import Command

    return [Command("glossary", "load glossary files (TBX, CSV/TSV, TOML, YAML), report what is wrong in them, and summarise them",
                    _configure_glossary, _glossary_command)]
