"""Which resource files pair up: the usual layouts of localization repositories.

A resource file has its language in its path, in one place: a folder
(`locales/vi/common.json`, `vi.lproj/Localizable.strings`, `values-vi/strings.xml`,
`_locales/vi/messages.json`) or the end of its name (`vi.json`, `devise.vi.yml`,
`messages_vi.properties`, `app_vi.arb`, `Resources.vi.resx`). Replacing the
language with a slot gives the file's *layout*; files of one layout are the same
resource in several languages. The source-language file of a layout is the one
in the source language, or, for formats with a default file (`values/`,
`messages.properties`, `Resources.resx`, `Base.lproj`), that default file.
A String Catalog (`.xcstrings`) holds every language itself.

`[tool.tqa] resource-layouts` declares other layouts: a source glob and a target
pattern with `{lang}` in it (and `{stem}`, the source file's name without its
extension), both relative to the configuration file's folder.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from qa_core.errors import InputError, UsageError

#: extension -> format (.xml only inside Android `values*` folders)
EXTENSIONS = {
    ".json": "json",
    ".arb": "arb",
    ".xcstrings": "xcstrings",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".xml": "android",
    ".resx": "resx",
    ".stringsdict": "stringsdict",
    ".strings": "strings",
    ".properties": "properties",
    ".ftl": "ftl",
}

FORMAT_DESCRIPTIONS = {
    "json": "JSON resources: flat or nested, i18next, FormatJS, vue-i18n, Chrome messages.json",
    "arb": "Flutter Application Resource Bundle (.arb)",
    "xcstrings": "Apple String Catalog (.xcstrings)",
    "yaml": "YAML resources (Rails, Symfony)",
    "android": "Android strings.xml (values-LANG/)",
    "resx": ".NET .resx",
    "stringsdict": "Apple .stringsdict",
    "strings": "Apple .strings",
    "properties": "Java .properties",
    "ftl": "Project Fluent (.ftl)",
}

_LANG = r"[a-z]{2,3}(?:[-_](?:[A-Z][a-z]{3}|[A-Z]{2}|[0-9]{3}|[a-z]{4}))*"
_LANG_RE = re.compile(rf"^{_LANG}$")
_NAME_LANG = re.compile(rf"^(?P<pre>.*?)(?P<sep>[._-])(?P<lang>{_LANG})$")
_ANDROID = re.compile(r"^values(?:-(?P<q>.+))?$")
_ANDROID_LANG = re.compile(r"^(?P<l>[a-z]{2,3})(?:-r(?P<r>[A-Z]{2}))?$|^b\+(?P<b>[a-zA-Z0-9+]+)$")

#: formats whose files may have no language in their name: that file is the source
_DEFAULT_FILE = ("properties", "resx", "android", "strings", "stringsdict")


@dataclass(frozen=True, slots=True)
class ResourcePair:
    """A target-language resource file and its source-language file (the same path
    twice for a String Catalog)."""

    source: str
    target: str
    format: str
    source_lang: str
    target_lang: str
    layout: str
    #: the file a regional target falls back to (vi.json for vi-VN.json): keys it has are not missing
    fallback: str | None = None
    #: report the source file's own input warnings with this pair (one pair per source does)
    source_warnings: bool = True


@dataclass(frozen=True, slots=True)
class Placed:
    """A resource file placed in its layout: the layout key and the language
    (None for the default file of its layout)."""

    path: str
    format: str
    layout: str
    lang: str | None


@lru_cache(maxsize=4096)
def is_language(code: str) -> bool:
    """Whether `code` names a language Babel knows (so 'id' and 'de' are, 'api' is not)."""
    if not _LANG_RE.match(code):
        return False
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code.replace("-", "_"))
        return True
    except (UnknownLocaleError, ValueError):
        return False


#: three-letter codes seen as locale folder names; other three-letter folder names
#: (src, new, bin, lib…) are far more often something else
_FOLDER_THREE = frozenset("fil ast ckb kab yue haw gsw kmr sat cak hsb dsb szl zgh tzm oci vec frp sco lij pcm nds csb fur crh bar ckb chr mni".split())


def _folder_language(code: str) -> bool:
    primary = code.replace("_", "-").split("-")[0]
    return is_language(code) and (len(primary) == 2 or primary in _FOLDER_THREE)


def normalise_lang(code: str) -> str:
    """'pt_BR' -> 'pt-BR', Android 'pt-rBR' / 'b+sr+Latn' -> 'pt-BR' / 'sr-Latn'."""
    return code.replace("_", "-")


def format_of(path: str) -> str | None:
    lower = path.lower()
    for ext, name in EXTENSIONS.items():
        if lower.endswith(ext):
            if name == "android" and not _ANDROID.match(os.path.basename(os.path.dirname(path))):
                return None
            return name
    return None


def place(path: str, root: str = "") -> Placed | None:
    """The layout and language of a resource file, or None when its path shows no
    language (and it is not the default file of a layout that has one)."""
    format = format_of(path)
    if format is None:
        return None
    rel = os.path.relpath(path, root) if root else path
    parts = rel.replace(os.sep, "/").split("/")
    name = parts[-1]
    stem, ext = _split_ext(name)
    if format == "xcstrings":
        return Placed(path, format, "/".join(parts), None)
    if format == "android":
        match = _ANDROID.match(parts[-2])
        qualifiers = match.group("q")
        lang = _android_lang(qualifiers) if qualifiers else None
        if qualifiers and lang is None:
            return None  # values-night/, values-v21/: not a language
        return Placed(path, format, "/".join(parts[:-2] + ["values-{lang}", name]), lang)
    # a folder named by language (nearest to the file first)
    for index in range(len(parts) - 2, -1, -1):
        folder = parts[index]
        code = folder[:-6] if folder.endswith(".lproj") else folder
        if folder.endswith(".lproj") and code == "Base":
            return Placed(path, format, "/".join(parts[:index] + ["{lang}.lproj"] + parts[index + 1:]), None)
        if (folder.endswith(".lproj") and is_language(code)) or _folder_language(code):
            slot = "{lang}.lproj" if folder.endswith(".lproj") else "{lang}"
            return Placed(path, format, "/".join(parts[:index] + [slot] + parts[index + 1:]), normalise_lang(code))
        if index < len(parts) - 3:
            break  # only the two nearest folders
    # the end of the file name
    if is_language(stem):
        return Placed(path, format, "/".join(parts[:-1] + ["{lang}" + ext]), normalise_lang(stem))
    match = _NAME_LANG.match(stem)
    if match and is_language(match.group("lang")):
        layout = "/".join(parts[:-1] + [match.group("pre") + "{sep}{lang}" + ext])
        return Placed(path, format, layout, normalise_lang(match.group("lang")))
    if format in _DEFAULT_FILE:
        # messages.properties, Resources.resx: the default file of messages_{lang}.properties
        return Placed(path, format, "/".join(parts[:-1] + [stem + "{sep}{lang}" + ext]), None)
    return None


def _split_ext(name: str) -> tuple[str, str]:
    lower = name.lower()
    for ext in EXTENSIONS:
        if lower.endswith(ext):
            return name[: -len(ext)], name[-len(ext):]
    stem, ext = os.path.splitext(name)
    return stem, ext


def _android_lang(qualifiers: str) -> str | None:
    first = qualifiers.split("-")
    # values-vi, values-pt-rBR, values-b+sr+Latn, values-vi-night
    if first[0].startswith("b+"):
        code = "-".join(first[0][2:].split("+"))
        return code if is_language(code.split("-")[0]) else None
    if not is_language(first[0]):
        return None
    if len(first) > 1 and re.fullmatch(r"r[A-Z]{2}", first[1]):
        return f"{first[0]}-{first[1][1:]}"
    return first[0]


def same_language(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return normalise_lang(a).lower() == normalise_lang(b).lower()


def lang_matches(code: str | None, wanted: str) -> bool:
    """`code` is `wanted`, or a regional variant of it when `wanted` names no region
    (vi matches vi-VN)."""
    if same_language(code, wanted):
        return True
    return bool(code) and "-" not in normalise_lang(wanted) and primary(code) == primary(wanted)


def primary(code: str | None) -> str | None:
    return normalise_lang(code).split("-")[0].lower() if code else None


# ---------------------------------------------------------------------------
# Finding the pairs in a folder
# ---------------------------------------------------------------------------


@dataclass
class Plan:
    """What a folder scan found: the pairs, the files they claim, and notes about
    layouts that could not be paired (shown to the user, never silently dropped)."""

    pairs: list[ResourcePair]
    claimed: set[str]
    notes: list[str]
    #: languages of target files left out by `target_lang` (to say so when none is left)
    other_langs: set[str] = field(default_factory=set)


def _walk(root: str, skip) -> Iterable[str]:
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in ("node_modules", "build", "Pods", "vendor") and not skip(os.path.join(folder, d)))
        for name in sorted(files):
            full = os.path.join(folder, name)
            if not skip(full):
                yield full


def find_pairs(root: str, source_lang: str | None, layouts: Sequence[dict] = (), skip=lambda path: False, target_lang: str | None = None, layout_root: str | None = None) -> Plan:
    """Every pair of resource files under `root`. `source_lang` None means: English
    when the layout has an English file. `target_lang` limits the targets. Declared
    `layouts` are relative to `layout_root` (the configuration file's folder), else `root`."""
    groups: dict[str, list[Placed]] = {}
    plan = Plan([], set(), [])
    declared = [_Declared.build(item) for item in layouts]
    files = list(_walk(root, skip))
    declared_claims: set[str] = set()
    for layout in declared:
        for pair in layout.pairs(layout_root or root, files, source_lang, target_lang):
            plan.pairs.append(pair)
            declared_claims.update((pair.source, pair.target))
    for path in files:
        if path in declared_claims:
            continue
        placed = place(path, root)
        if placed is not None:
            groups.setdefault(placed.layout, []).append(placed)
    for layout, members in sorted(groups.items()):
        if members[0].format == "xcstrings":
            for member in members:
                plan.pairs.extend(_catalog_pairs(member.path, source_lang, target_lang, plan.other_langs))
                plan.claimed.add(member.path)
            continue
        if len(members) < 2:
            continue
        source = _source_of(members, source_lang)
        if source is None:
            langs = ", ".join(sorted(m.lang or "(default)" for m in members))
            plan.notes.append(f"{os.path.join(root, layout)}: no file in the source language {source_lang or 'en'} among {langs}; give --source-lang")
            continue
        src_lang = source.lang or source_lang or "en"
        for member in members:
            if member is source or member.lang is None:
                continue
            if target_lang and not lang_matches(member.lang, target_lang):
                plan.other_langs.add(member.lang)
                continue
            if primary(member.lang) == primary(src_lang) and member.lang is not None and source.lang is not None and same_language(member.lang, src_lang):
                continue
            fallback = next((m.path for m in members if m.lang and "-" in member.lang and m.lang == primary(member.lang) and m is not source), None)
            first = source.path not in plan.claimed
            plan.pairs.append(ResourcePair(source.path, member.path, member.format, src_lang, member.lang, layout, fallback, first))
            plan.claimed.update((source.path, member.path))
    plan.claimed.update(declared_claims)
    plan.pairs.sort(key=lambda p: (p.target, p.source))
    return plan


def _source_of(members: list[Placed], source_lang: str | None) -> Placed | None:
    wanted = source_lang or "en"
    for member in members:
        if same_language(member.lang, wanted):
            return member
    for member in members:
        if member.lang and primary(member.lang) == primary(wanted) and "-" not in normalise_lang(member.lang).strip("-"):
            return member
    defaults = [m for m in members if m.lang is None]
    if len(defaults) == 1:
        return defaults[0]
    for member in members:
        if member.lang and primary(member.lang) == primary(wanted):
            return member
    return None


def _catalog_pairs(path: str, source_lang: str | None, target_lang: str | None, left_out: set[str]) -> list[ResourcePair]:
    """A String Catalog's pairs, one a language (the first carries the catalog's
    warnings); the languages `target_lang` leaves out are added to `left_out`."""
    from qa_core.resources.parsers import read_catalog

    catalog = read_catalog(path)
    src = catalog.source_lang or source_lang or "en"
    out = []
    for lang in sorted(catalog.languages or {}):
        if same_language(lang, src):
            continue
        if target_lang and not lang_matches(lang, target_lang):
            left_out.add(lang)
            continue
        out.append(ResourcePair(path, path, "xcstrings", src, lang, path, source_warnings=not out))
    return out


@dataclass(frozen=True)
class _Declared:
    """A layout from the configuration: `source` glob, `target` pattern with {lang}."""

    source: str
    target: str
    format: str | None

    @classmethod
    def build(cls, item: dict) -> "_Declared":
        source, target = item.get("source"), item.get("target")
        if not isinstance(source, str) or not isinstance(target, str) or "{lang}" not in target:
            raise UsageError(f"'resource-layouts' entries need 'source' (a glob) and 'target' (a pattern with {{lang}}) (got {item!r})")
        format = item.get("format")
        if format is not None and format not in FORMAT_DESCRIPTIONS:
            raise UsageError(f"'resource-layouts' format must be one of {', '.join(FORMAT_DESCRIPTIONS)} (got {format!r})")
        return cls(source, target, format)

    def pairs(self, root: str, files: list[str], source_lang: str | None, target_lang: str | None) -> Iterable[ResourcePair]:
        rel = {os.path.relpath(f, root).replace(os.sep, "/"): f for f in files}
        rel = {name: path for name, path in rel.items() if not name.startswith("../")}
        for name in sorted(rel):
            if not fnmatch.fnmatchcase(name, self.source):
                continue
            stem = _split_ext(os.path.basename(name))[0]
            pattern = re.escape(self.target).replace(re.escape("{lang}"), f"(?P<lang>{_LANG})").replace(re.escape("{stem}"), re.escape(stem)).replace(re.escape("*"), "[^/]*")
            regex = re.compile(f"^{pattern}$")
            format = self.format or format_of(name) or (format_of("values/" + name) if name.endswith(".xml") else None)
            if format is None:
                raise UsageError(f"'resource-layouts': cannot tell the format of {name!r}; add format = \"...\"")
            for other in sorted(rel):
                match = regex.match(other)
                if not match or other == name:
                    continue
                lang = normalise_lang(match.group("lang"))
                if target_lang and not lang_matches(lang, target_lang):
                    continue
                yield ResourcePair(rel[name], rel[other], format, source_lang or "en", lang, self.target)


def pair_files(source: str, target: str, source_lang: str | None, target_lang: str | None) -> ResourcePair:
    """An explicit `--source A --target B` of two resource files (of one format)."""
    format = _explicit_format(source)
    if format is None or _explicit_format(target) != format:
        raise UsageError(f"--source {source} and --target {target} are not resource files of one format")
    src_place, tgt_place = place(source), place(target)
    src_lang = source_lang or (src_place.lang if src_place else None)
    tgt_lang = target_lang or (tgt_place.lang if tgt_place else None)
    if format == "xcstrings":
        if not tgt_lang:
            raise InputError(target, "a String Catalog holds every language: give --target-lang")
        return ResourcePair(source, target, format, src_lang or "en", tgt_lang, source)
    if not tgt_lang:
        raise InputError(target, "cannot tell the target language from the path: give --target-lang")
    return ResourcePair(source, target, format, src_lang or "en", tgt_lang, "explicit")


def _explicit_format(path: str) -> str | None:
    if path.lower().endswith(".xml"):
        return "android"
    return format_of(path)


def resource_candidate(path: str) -> bool:
    """Whether a named file looks like a resource file (so `tqa check vi.json` pairs it)."""
    return place(path) is not None
