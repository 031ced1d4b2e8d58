"""What a file holds, as far as its format says it early: software strings or a document.

The checking profile (`tqa check --checking-profile auto`, docs/precision.md) is chosen per
input before its units stream; a reader that can tell from its first bytes or its first
`<file>` that the format's usual content is not what this file holds puts the profile in
`Document.properties` under `PROFILE_PROPERTY`, and `Config.for_document` takes it.

- A PO file of documentation (itstool or xml2po's catalogue of a Mallard `.page` or DocBook
  help, po4a's of man pages, POD, AsciiDoc, Markdown, Texinfo, text): most references in
  its head name a document source, or carry itstool/xml2po's `(element)` after the line,
  or po4a's `#. type:` and itstool's `#. (itstool) path:` comments say where each entry
  came from. `po_profile` answers "document" when that evidence outweighs the references
  to program sources; else nothing (the format's profile: software).
- An XLIFF file made from software strings: its first `<file>` has a `datatype` of a
  program or resource format (po, x-gettext, properties, resx, ...) or an `original` that
  names a resource file (`.po`, `.strings`, `.stringsdict`, `.properties`, `.resx`,
  Android's `strings.xml`, ...). `xliff_profile` answers "software"; else nothing (the
  format's profile: document).
"""

from __future__ import annotations

import re

#: the `Document.properties` key of a reader's answer ("document" or "software")
PROFILE_PROPERTY = "profile"

#: bytes of a PO file's head weighed (the first entries: hundreds of references)
PO_HEAD_BYTES = 1 << 16

#: extensions of document sources a PO file's references name (man pages: `.1`-`.9`
#: with an optional suffix, `.3pm`, `.1ssl`, `.man`)
DOCUMENT_EXTENSIONS = frozenset({
    ".page", ".docbook", ".dbk", ".sgml", ".pod", ".adoc", ".asciidoc", ".md", ".markdown",
    ".texi", ".texinfo", ".txi", ".txt", ".rst", ".man", ".tex", ".xhtml",
})
_MAN_PAGE = re.compile(rb"\.[1-9][a-z]{0,4}$")
_REFERENCES = re.compile(rb"^#:[ \t]*(.*?)\r?$", re.M)
#: po4a (`#. type: TH`) and itstool (`#. (itstool) path: page/title`) say an entry's origin
_DOCUMENT_COMMENT = re.compile(rb"^#\.[ \t]*(?:type:[ \t]|\(itstool\) path:)", re.M)
#: itstool and xml2po write the element after the line: `C/index.page:10(media)`
_ELEMENT_SUFFIX = re.compile(rb":\d+\([^)]*\)$")
_LINE_SUFFIX = re.compile(rb":\d+$")


def _file_name(reference: bytes) -> bytes:
    """The file name of a `#:` reference, lower case, without its line number."""
    return _LINE_SUFFIX.sub(b"", reference).lower().rsplit(b"/", 1)[-1]


def _extension(name: bytes) -> str | None:
    dot = name.rfind(b".")
    return name[dot:].decode("ascii", "replace") if dot > 0 else None


def document_reference(reference: bytes) -> bool:
    """Whether a `#:` reference names a document source."""
    if _ELEMENT_SUFFIX.search(reference):
        return True
    name = _file_name(reference)
    extension = _extension(name)
    return extension is not None and (extension in DOCUMENT_EXTENSIONS or bool(_MAN_PAGE.search(name)))


#: extensions that name a plain text file: a document (po4a's text, Sphinx sources written
#: as `.txt`) or a list of a program's strings gathered for translation
#: (NetworkManager-openconnect's `openconnect-strings.txt`, among its `.c` files)
AMBIGUOUS_EXTENSIONS = frozenset({".txt"})


def _plain_text(reference: bytes) -> bool:
    """Whether a `#:` reference names a plain text file (and no element of an XML one)."""
    return not _ELEMENT_SUFFIX.search(reference) and _extension(_file_name(reference)) in AMBIGUOUS_EXTENSIONS


def po_profile(head: bytes) -> str | None:
    """"document" when the head of a PO file shows a catalogue of documentation: its
    document evidence (references to document sources, po4a/itstool origin comments)
    outweighs its references to other sources; else None. A plain text file (`.txt`) may
    be either, so its references are weighed only in a catalogue nothing else speaks for:
    among program sources (NetworkManager-openconnect's strings file beside its `.c` and
    `.ui` files) it is the program's, under po4a's `#. type:` comments a document's, alone
    (a Sphinx catalogue of `.txt` sources) a document."""
    document = software = plain = 0
    for match in _REFERENCES.finditer(head):
        for reference in match.group(1).split():
            if _plain_text(reference):
                plain += 1
            elif document_reference(reference):
                document += 1
            else:
                software += 1
    document += len(_DOCUMENT_COMMENT.findall(head))
    if document or software:
        return "document" if document > software else None
    return "document" if plain else None


#: XLIFF 1.2 `datatype` values (and common `x-` ones) of program sources and resource files
SOFTWARE_DATATYPES = frozenset({
    "po", "mo", "x-po", "x-gettext", "x-pot", "properties", "javapropertyresourcebundle",
    "javalistresourcebundle", "resx", "resources", "rc", "winres", "messagefile", "msglib",
    "cstring", "c", "cpp", "csharp", "javaclass", "javascript", "jscript", "php", "vbscript",
    "xul", "menufile", "filedialog", "form", "x-android-strings", "x-strings", "x-ios-strings",
    "x-stringsdict", "x-json", "x-arb", "x-resx", "x-properties", "x-qt-ts",
})
#: file names (`original`) of resource files
_SOFTWARE_ORIGINAL = re.compile(
    r"(?:\.(?:po|pot|strings|stringsdict|xcstrings|properties|resx|resw|arb|ftl|catkeys|lang)|(?:^|[/\\])strings\.xml)$",
    re.I,
)


def xliff_profile(datatype: str | None, original: str | None) -> str | None:
    """"software" when an XLIFF `<file>`'s datatype or original says it was extracted
    from software strings; else None."""
    if datatype and datatype.strip().lower() in SOFTWARE_DATATYPES:
        return "software"
    if original and _SOFTWARE_ORIGINAL.search(original.strip()):
        return "software"
    return None
