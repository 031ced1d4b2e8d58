"""The other bilingual formats translate-toolkit reads: Qt Linguist (.ts, .qph),
compiled gettext (.mo, .gmo), Mozilla .lang, translate-toolkit CSV, Haiku .catkeys,
UTX and OmegaT glossaries (.utf8, .tab).

An adapter at the edge: the toolkit's store is read, and each of its units becomes a
`qa_core.model.Unit` straight away; no toolkit object reaches a check. The toolkit
parses a whole file into memory, which is fine for these (small) formats; the big
ones (XLIFF, PO, TMX) have streaming readers of their own, and this plugin is
registered first so that it answers last.

`.ts` (TypeScript) and `.csv` (any table) are too common to claim by extension: a
folder scan does not pick them up, and a file is read only when its first bytes say
it is Qt Linguist (`<TS`) or when `--input-format ts`/`csv` is given.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from qa_core import hookimpl
from qa_core.errors import InputError
from qa_core.formats import Format, ReadOptions, check_xml_prolog, head, parser_options, refuse_entity_references, xml_root
from qa_core.model import Content, Document, File, Note, Segment, Unit

#: format name -> (extensions a folder scan picks up, extensions read when named, description)
FORMATS = {
    "ts": ((), (".ts",), "Qt Linguist .ts (via translate-toolkit; name the file, folder scans skip .ts)"),
    "qph": ((".qph",), (".qph",), "Qt Phrase Book (via translate-toolkit)"),
    "mo": ((".mo", ".gmo"), (".mo", ".gmo"), "compiled gettext .mo (via translate-toolkit)"),
    "lang": ((".lang",), (".lang",), "Mozilla .lang (via translate-toolkit)"),
    "csv": ((), (".csv",), "translate-toolkit CSV (location,source,target; name the file)"),
    "catkeys": ((".catkeys",), (".catkeys",), "Haiku catkeys (via translate-toolkit)"),
    "utx": ((".utx",), (".utx",), "UTX glossary (via translate-toolkit)"),
    "omegat": ((".utf8", ".tab"), (".utf8", ".tab"), "OmegaT glossary (via translate-toolkit)"),
}


#: format name -> translate-toolkit's extension key
_TOOLKIT = {
    "ts": "ts",
    "qph": "qph",
    "mo": "mo",
    "lang": "lang",
    "csv": "csv",
    "catkeys": "catkeys",
    "utx": "utx",
    "omegat": "utf8",
}


def _sniff_ts(data: bytes, path: str) -> bool:
    root = xml_root(data)
    return root is not None and root[0] == "TS"


@hookimpl
def tqa_register_formats():
    return [
        Format(name, scan, description, _sniff_ts if name == "ts" else None)
        for name, (scan, _named, description) in FORMATS.items()
    ]


def _format_for(path: str, format: str | None) -> str | None:
    if format is not None:
        return format if format in FORMATS else None
    lower = path.lower()
    for name, (_scan, named, _description) in FORMATS.items():
        if lower.endswith(named):
            if name == "ts" and not _sniff_ts(head(path), path):
                return None
            if name == "csv" and not _looks_like_toolkit_csv(path):
                return None
            return name
    return None


def _looks_like_toolkit_csv(path: str) -> bool:
    first = head(path).split(b"\n", 1)[0].lower()
    return b"source" in first and b"target" in first


@hookimpl(trylast=True)
def tqa_open_document(path: str, format: str | None, options: ReadOptions):
    name = _format_for(path, format)
    if name is None:
        return None
    units = list(_read(path, name, options))
    file = units[0].file if units else None
    return Document(
        path=path,
        format=name,
        units=lambda: iter(units),
        source_lang=file.source_lang if file else options.source_lang,
        target_lang=file.target_lang if file else options.target_lang,
    )


def _store(path: str, name: str):
    from translate.storage import factory

    if name in ("ts", "qph"):
        # the toolkit parses these with lxml: the same refusal of entity declarations
        # as every other XML input, and of references no DTD declares
        check_xml_prolog(path)
        _refuse_undeclared(path)
    try:
        with open(path, "rb") as handle:
            extension = path.rpartition(".")[2].lower()
            key = extension if name == "omegat" and extension in ("tab", "utf8") else _TOOLKIT[name]
            klass = factory.getclass(f"file.{key}")
            return klass.parsefile(handle)
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    except Exception as error:  # noqa: BLE001 - the toolkit raises anything on bad input
        message = str(error).replace("\n", " ").strip() or type(error).__name__
        raise InputError(path, f"translate-toolkit cannot read it as {name}: {message}") from None


def _refuse_undeclared(path: str) -> None:
    """One streamed pass of libxml2 over the file with tqa's safe options: a
    reference to an undeclared entity would vanish from the toolkit's text."""
    from lxml import etree

    try:
        context = etree.iterparse(path, events=("end",), **parser_options())
        for _event, element in context:
            element.clear(keep_tail=True)
        refuse_entity_references(path, context.error_log)
    except etree.XMLSyntaxError:
        return  # the toolkit's parse reports it


def _read(path: str, name: str, options: ReadOptions) -> Iterator[Unit]:
    store = _store(path, name)
    source_lang = options.source_lang or _call(store, "getsourcelanguage")
    target_lang = options.target_lang or _call(store, "gettargetlanguage")
    file = File(id="f1", original=os.path.basename(path), source_lang=source_lang, target_lang=target_lang)
    count = 0
    for tunit in store.units:
        if _call(tunit, "isheader") or _call(tunit, "isobsolete"):
            continue
        count += 1
        ident = _call(tunit, "getid") or str(count)
        notes = []
        for origin in ("translator", "developer"):
            text = _call(tunit, "getnotes", origin)
            if text:
                notes.append(Note(str(text), origin))
        properties = []
        locations = _call(tunit, "getlocations") or []
        if locations:
            properties.append(("references", " ".join(str(loc) for loc in locations)))
        context = _call(tunit, "getcontext")
        if context:
            properties.append(("context", str(context)))
        fuzzy = bool(_call(tunit, "isfuzzy"))
        if fuzzy:
            properties.append(("fuzzy", "yes"))
        try:
            sources = _strings(tunit.source)
            targets = _strings(tunit.target)
        except Exception as error:  # noqa: BLE001 - the toolkit raises anything on bad input
            message = " ".join(str(error).split()) or type(error).__name__
            line = _call(tunit.xmlelement, "__getattribute__", "sourceline") if hasattr(tunit, "xmlelement") else None
            raise InputError(path, f"translate-toolkit cannot read unit {ident!r} as {name}: {message}", line if isinstance(line, int) else None) from None
        plural = len(sources) > 1 or len(targets) > 1
        forms = max(len(targets), 1) if plural else 1
        for index in range(forms):
            source = sources[min(index, len(sources) - 1)] if sources else ""
            target_text = targets[index] if index < len(targets) else ""
            target = Content(target_text) if target_text else None
            state = "initial" if fuzzy or target is None else "translated"
            segment = Segment(Content(source), target, state=state, sub_state="ttk:fuzzy" if fuzzy else None)
            yield Unit(
                id=f"{ident}[{index}]" if plural else str(ident),
                segments=(segment,),
                file=file,
                notes=tuple(notes),
                translate=bool(_call(tunit, "istranslatable", default=True)),
                properties=tuple(properties) + ((("plural-form", str(index)),) if plural else ()),
            )


def _strings(value) -> list[str]:
    if value is None:
        return []
    strings = getattr(value, "strings", None)
    if strings:
        return [str(s) for s in strings]
    return [str(value)]


def _call(obj, method: str, *args, default=None):
    function = getattr(obj, method, None)
    if function is None:
        return default
    try:
        return function(*args)
    except Exception:  # noqa: BLE001 - optional facts a store may not support
        return default
