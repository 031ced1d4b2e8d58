"""A source-language resource file and a target-language one, as one bilingual
`Document` whose units are matched by key.

- a key in both files: a unit with both values (every check runs on it);
- a key only in the source: a unit with no target, marked `resource:missing`
  (not `translate`, so that only RES001 reports it, at the place in the target
  file where the key would go: after the nearest key before it that is there);
- a key only in the target: a unit with no source text, marked `resource:obsolete`;
- plural forms (`key[one]`, i18next `key_one`) follow the target language: a
  category the target language does not use is not missing, and a target form the
  source does not have (Russian `few`) is compared with the source's `other`.

The document's `path` is the target file (the file a finding sends the user to);
source-side places point into the source file.
"""

from __future__ import annotations

import os
import re

from qa_core.model import Content, Document, File, Locator, Note, Position, Segment, Unit
from qa_core.plurals import plural_categories, whole_numbers
from qa_core.resources import Entry, ResourceFile
from qa_core.resources.icu import looks_like_icu
from qa_core.resources.layouts import ResourcePair
from qa_core.resources.parsers import read_catalog, read_resource

#: the placeholder styles of each format (`qa_core.text.placeholders`)
FORMAT_STYLES = {
    "json": "brace,double-brace,printf,i18next-nesting,vue-link",
    "arb": "icu",
    "xcstrings": "printf,apple-var",
    "strings": "printf",
    "stringsdict": "printf,apple-var",
    "android": "printf",
    "properties": "java,printf",
    "yaml": "ruby,percent-name,brace,printf",
    "resx": "brace",
    "ftl": "fluent",
}


def styles_for(format: str, source: str, target: str) -> str:
    """The styles of one unit: the format's, with ICU first where either side uses it."""
    styles = FORMAT_STYLES.get(format, "printf,brace")
    if "icu" not in styles and (looks_like_icu(source) or looks_like_icu(target)):
        styles = "icu," + styles
    return styles


class ResourceLocator(Locator):
    """Lines and columns from the entries: the value's own column plus the offset
    when the value is written as read (no escapes), else the value's start."""

    def locate(self, unit: Unit, side, start: int, end: int) -> Position:
        path = self.path if side == "source" else self.target_path
        segment = unit.segments[0]
        line = segment.source_line if side == "source" else segment.target_line
        if line is None:
            return Position(path)
        column_text = unit.get(f"resource:{side}-column")
        exact = unit.get(f"resource:{side}-exact") == "yes"
        text = (unit.source.text if side == "source" else (unit.target.text if unit.target is not None else ""))
        before = text[:start]
        if exact and column_text:
            newlines = before.count("\n")
            if newlines:
                return Position(path, line + newlines, len(before) - before.rfind("\n"))
            column = int(column_text) + start
            inside = text[start:end]
            end_column = column + len(inside) if "\n" not in inside else None
            return Position(path, line, column, None, end_column)
        return Position(path, line, int(column_text) if column_text and not before else None)


def open_pair(pair: ResourcePair, display) -> Document:
    """The pair as a Document (reads both files now: they are small)."""
    source_path, target_path = display(pair.source), display(pair.target)
    if pair.format == "xcstrings":
        catalog = read_catalog(pair.source)
        languages = catalog.languages or {}
        source = ResourceFile(source_path, "xcstrings", languages.get(catalog.source_lang or pair.source_lang, []))
        target = ResourceFile(target_path, "xcstrings", languages.get(pair.target_lang, []))
        warnings = list(catalog.warnings) if pair.source_warnings else []  # one file: its warnings once
    else:
        source = read_resource(pair.source, pair.format)
        target = read_resource(pair.target, pair.format)
        warnings = list(target.warnings)
        if source.warnings and pair.source_warnings:
            warnings.extend(w.__class__(f"{source_path}: {w.message}", None, w.unit_id) for w in source.warnings)
    fallback_keys: set[str] = set()
    if pair.fallback:
        fallback_keys = {e.key for e in read_resource(pair.fallback, pair.format).entries}
    units = list(_units(pair, source, target, fallback_keys))
    return Document(
        path=target_path,
        format=f"resource:{pair.format}",
        units=lambda: iter(units),
        source_lang=pair.source_lang,
        target_lang=pair.target_lang,
        locator=ResourceLocator(source_path, target_path),
        target_path=target_path,
        properties=(("resource:source-file", source_path), ("resource:layout", pair.layout)),
        warnings=warnings,
    )


def _units(pair: ResourcePair, source: ResourceFile, target: ResourceFile, fallback_keys: set[str] = frozenset()):
    file = File(id="f1", original=os.path.basename(target.path), source_lang=pair.source_lang, target_lang=pair.target_lang)
    by_key = {e.key: e for e in target.entries}
    source_by_key = {e.key: e for e in source.entries}
    source_keys = source_by_key.keys()
    categories = set(plural_categories(pair.target_lang))
    has_base = {e.base_key for e in target.entries if e.base_key}
    # plural bases of the source: base -> {category: entry}
    plurals: dict[str, dict[str, Entry]] = {}
    for entry in source.entries:
        if entry.plural and entry.base_key:
            plurals.setdefault(entry.base_key, {})[entry.plural] = entry
    anchor_line = 1
    for entry in source.entries:
        found = by_key.get(entry.key)
        if found is not None:
            anchor_line = found.line
            compared = _plural_source(pair, entry, plurals)
            yield _unit(pair, file, compared, found, key=entry.key, exact=_exact_form(pair, found, compared))
            continue
        if not entry.translatable:
            continue  # translatable="false", shouldTranslate: false: a target need not have it
        if entry.key in fallback_keys:
            continue  # de-CH falls back to de, which has it
        if entry.plural and entry.base_key:
            if entry.base_key in has_base:
                continue  # the plural is there: which forms it needs is ICU005's business (CLDR)
            owner = _substitution(pair, entry.base_key)
            if owner and owner[0] in by_key and f"%#@{owner[1]}@" not in by_key[owner[0]].value:
                continue  # the target wrote its string without this substitution (a language without plural forms)
            if entry.plural not in categories and entry.plural != "other":
                continue  # report the missing plural once, by its forms the target language has
        yield _unit(pair, file, entry, None, anchor_line)
    # target forms the source does not have: compared with the source's `other`
    for entry in target.entries:
        if entry.key in source_keys:
            continue
        if entry.plural and entry.base_key in plurals:
            forms = plurals[entry.base_key]
            other = forms.get("other") or next(iter(forms.values()))
            yield _unit(pair, file, other, entry, key=entry.key, exact=_exact_form(pair, entry, other))
            continue
        owner = _substitution(pair, entry.base_key) if entry.plural else None
        if owner and owner[0] in source_by_key:
            compared = _substituted_source(owner, entry, source_by_key[owner[0]], by_key.get(owner[0]), plurals)
            if compared is not None:
                yield _unit(pair, file, compared, entry, key=entry.key, exact=_exact_form(pair, entry, compared))
            else:
                yield _unit(pair, file, source_by_key[owner[0]], entry, key=entry.key, exact=True)
            continue
        yield _obsolete(pair, file, entry)


_VARIABLES = re.compile(r"%#@([A-Za-z_]\w*)@")
_LETTERS = re.compile(r"[^\W\d_]")
#: what a bare substitution form holds besides spaces: its argument, printf conversions
_BARE = re.compile(r"%arg|%#@\w+@|%(?:\d+\$)?[-+ 0#]*\d*(?:\.\d+)?(?:hh|h|ll|l|q|z|t|j|L)?[a-zA-Z@]")


def _substituted_source(owner: tuple[str, str], form: Entry, source: Entry, target: Entry | None, plurals: dict[str, dict[str, Entry]]) -> Entry | None:
    """The source text a target substitution form `key:var[cat]` is compared with when
    the source has no `key:var`: each localization names its substitutions itself, so
    the source's substitution in the same place of the string (`%#@arg1@ from %#@arg2@`
    / `%#@posts@ von %#@people@`), its form of the same category or `other`; the whole
    source string when it has no substitution ("starred" / `%#@count@`); None when the
    two do not line up."""
    key, var = owner
    mine = _VARIABLES.findall(target.value) if target is not None else []
    theirs = _VARIABLES.findall(source.value)
    if not theirs:
        return source
    if var not in mine or len(mine) != len(theirs):
        return None
    forms = plurals.get(f"{key}:{theirs[mine.index(var)]}")
    if not forms:
        return None
    return forms.get(form.plural or "other") or forms.get("other")


_SUBSTITUTION = re.compile(r"^(?P<key>.+):(?P<var>[A-Za-z_]\w*)$")


def _substitution(pair: ResourcePair, base: str | None) -> tuple[str, str] | None:
    """(key, variable) of an Apple substitution's plural base `key:var` (.stringsdict, String Catalogs)."""
    if not base or pair.format not in ("xcstrings", "stringsdict"):
        return None
    match = _SUBSTITUTION.match(base)
    return (match.group("key"), match.group("var")) if match else None


def _exact_form(pair: ResourcePair, target: Entry, source: Entry) -> bool:
    """A plural form for one number only (`zero` in Rails and Apple files, German
    `one`, Arabic `two`) written without the number's placeholder ("Kein Beitrag",
    "einem Jahr"): right as it is, so content checks leave it alone; so are forms
    of categories the language never uses."""
    if not target.plural:
        return False
    if _substitution(pair, target.base_key) and not _LETTERS.search(_BARE.sub("", source.value)) and _LETTERS.search(_BARE.sub("", target.value)):
        # an Apple substitution form that is the bare number in the source (`%arg`, `%d`),
        # its words in the string around it, where this language moved them into the form
        # ("%arg дописів від "): form against form, only its category means anything
        return True
    numbers = whole_numbers(pair.target_lang)
    if target.plural not in numbers:
        return True  # a form the language never shows (ICU004 reports it): nothing to compare
    single = target.plural == "zero" or len(numbers.get(target.plural, ())) == 1
    if not single:
        return False
    from qa_core.text import placeholders

    styles = frozenset(styles_for(pair.format, source.value, target.value).split(","))
    return not {p.key for p in placeholders(source.value, styles=styles)} <= {p.key for p in placeholders(target.value, styles=styles)}


def _plural_source(pair: ResourcePair, entry: Entry, plurals: dict[str, dict[str, Entry]]) -> Entry:
    """The source form a target plural form is compared with: its own category, unless
    the source wrote that form without the number ("1 file" for `one`) while `other`
    has it ("%d files"): then `other`, since the target language's form may cover
    more numbers than 1 (Russian `one` is also 21, 31…)."""
    if not entry.plural or entry.plural == "other" or not entry.base_key:
        return entry
    other = plurals.get(entry.base_key, {}).get("other")
    if other is None:
        return entry
    from qa_core.text import placeholders

    styles = frozenset(styles_for(pair.format, other.value, "").split(","))
    mine = {p.key for p in placeholders(entry.value, styles=styles)}
    theirs = {p.key for p in placeholders(other.value, styles=styles)}
    return other if mine < theirs else entry


def _properties(pair: ResourcePair, source: Entry | None, target: Entry | None, styles: str) -> list[tuple[str, str]]:
    props = [("resource:format", pair.format), ("placeholder-styles", styles)]
    for side, entry in (("source", source), ("target", target)):
        if entry is None:
            continue
        if entry.column is not None:
            props.append((f"resource:{side}-column", str(entry.column)))
        if entry.exact:
            props.append((f"resource:{side}-exact", "yes"))
    plural = (target or source).plural if (target or source) else None
    if plural:
        props.append(("resource:plural", plural))
        props.append(("resource:base-key", (target or source).base_key or ""))
    return props


def _laravel(pair: ResourcePair) -> bool:
    """Laravel keeps JSON translations in `lang/vi.json` (`resources/lang/` before 9): `:name` placeholders."""
    return pair.format == "json" and "lang" in pair.source.replace("\\", "/").split("/")[:-1]


def _unit(pair: ResourcePair, file: File, source: Entry, target: Entry | None, anchor_line: int | None = None, key: str | None = None, exact: bool = False) -> Unit:
    styles = styles_for(pair.format, source.value, target.value if target else "")
    if _laravel(pair):
        styles += ",laravel"
    props = _properties(pair, source, target, styles)
    if target is None:
        props.append(("resource:missing", "yes"))
    if exact:
        props.append(("resource:plural-exact", "yes"))
    segment = Segment(
        Content(source.value),
        Content(target.value) if target is not None else None,
        source_line=source.line,
        target_line=target.line if target is not None else anchor_line,
    )
    notes = (Note(source.note, "developer"),) if source.note else ()
    return Unit(
        id=key or source.key,
        segments=(segment,),
        file=file,
        notes=notes,
        translate=source.translatable and target is not None and not exact,
        properties=tuple(props),
        line=target.line if target is not None else anchor_line,
    )


def _obsolete(pair: ResourcePair, file: File, entry: Entry) -> Unit:
    props = _properties(pair, None, entry, FORMAT_STYLES.get(pair.format, "printf"))
    props.append(("resource:obsolete", "yes"))
    segment = Segment(Content(""), Content(entry.value), target_line=entry.line)
    return Unit(id=entry.key, segments=(segment,), file=file, translate=False, properties=tuple(props), line=entry.line)
