"""Monolingual resource files: one file per language, values found by key.

A localization repository keeps `en.json` beside `vi.json`, `values/strings.xml`
beside `values-vi/strings.xml`, and so on. This package reads such files into
`Entry` records that keep the file, line and column of each value
(`qa_core.resources.parsers`), finds which files pair up (`layouts`), parses ICU
MessageFormat (`icu`), and builds one bilingual `Document` per pair (`pairs`),
whose units are matched by key. The reader plugin (`qa_core.readers.resources`)
and the checks (`tqa_plugins.resources`) sit on top.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qa_core.model import InputWarning


@dataclass(frozen=True, slots=True)
class Entry:
    """One value of a resource file.

    `key` is the unit id (nested keys joined with '.', a plural form as
    `key[one]`); `line`/`column` (1-based) are where the value's first character
    sits in the file; `exact` says the value is written in the file as read
    (no escapes before its end), so that an offset into it is a column.
    """

    key: str
    value: str
    line: int
    column: int | None = None
    exact: bool = False
    note: str | None = None
    translatable: bool = True
    plural: str | None = None
    base_key: str | None = None
    placeholders: tuple[tuple[int, int], ...] = ()  # spans of protected parts (Android xliff:g)


@dataclass
class ResourceFile:
    """A resource file as read: its entries in file order and what the reader tolerated."""

    path: str
    format: str
    entries: list[Entry] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)
    #: per language in one file (String Catalogs): lang -> entries
    languages: dict[str, list[Entry]] | None = None
    source_lang: str | None = None
