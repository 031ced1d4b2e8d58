"""Markup written as text inside strings: HTML/XML tags, Markdown links and code,
BBCode tags and character references, found by small scanners that never backtrack.

No parser is run on the strings: a translated string is a fragment (`Click <b>here</b>`),
often not a well-formed document, and the scanners must tell "a < b" from a tag and
stay linear on hostile input (a tag candidate is never read past `MAX_TAG` characters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: HTML element names (the WHATWG HTML standard's element index, plus the obsolete
#: ones still met in strings): a name from this list is markup even when unpaired
HTML_ELEMENTS = frozenset("""
a abbr acronym address area article aside audio b base bdi bdo big blink blockquote body br button canvas caption
center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption
figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd
label legend li link main map mark marquee math menu meta meter nav noscript object ol optgroup option output p
param picture pre progress q rp rt rtc ruby s samp script search section select slot small source span strike
strong style sub summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var
video wbr
""".split())
#: elements that have no closing tag in HTML
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: void elements that mean something without attributes
_BREAKS = frozenset({"br", "hr", "wbr"})
#: attributes that hold a URL
URL_ATTRIBUTES = frozenset("href src action formaction poster background cite data codebase xlink:href srcset".split())
#: a tag candidate longer than this is not a tag (keeps the scan linear on hostile input)
MAX_TAG = 1000

_TAG_START = re.compile(r"<(/?)([A-Za-z](?:[\w.:-]*\w)?)")
#: what follows `<name` in a URL or an e-mail address written between angle brackets (RFC 3986
#: appendix C's delimiters in plain text), not a tag: `<http://…>`, `<ftp://…>`, `<user@host.org>`
_AUTOLINK = re.compile(r"://|[\w.+-]*@[\w-]+\.")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'<>=`]+))?""")


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag as written: `kind` is open, close or empty (`<br/>`, `<img …>`)."""

    kind: str
    name: str
    attrs: tuple[tuple[str, str | None], ...]
    start: int
    end: int
    #: written `<x/>`: an explicit self-closing tag, not a void element read as one
    self_closing: bool = False

    def attr(self, name: str) -> str | None:
        for key, value in self.attrs:
            if key.lower() == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Broken:
    """`<name` that does not end as a tag: where it starts, where reading stopped, why."""

    start: int
    end: int
    reason: str
    name: str


def scan_tags(text: str) -> tuple[list[Tag], list[Broken]]:
    """Every tag of `text` in order, and every tag start that is not a complete tag."""
    tags: list[Tag] = []
    broken: list[Broken] = []
    if "<" not in text:
        return tags, broken
    size = len(text)
    pos = 0
    while True:
        match = _TAG_START.search(text, pos)
        if match is None:
            break
        closing, name = bool(match.group(1)), match.group(2)
        if not closing and _AUTOLINK.match(text, match.end()):
            pos = match.end()  # a URL or address between angle brackets in plain text: <http://…>, <me@example.org>
            continue
        limit = min(size, match.start() + MAX_TAG)
        i = match.end()
        attrs: list[tuple[str, str | None]] = []
        reason = None
        end = kind = None
        while True:
            j = i
            while j < limit and text[j].isspace():
                j += 1
            if j >= limit:
                reason = "never closed with '>'" if limit == size else "too long to be a tag"
                break
            char = text[j]
            if char == ">":
                end, kind = j + 1, "close" if closing else "open"
                break
            if char == "/" and j + 1 < limit and text[j + 1] == ">":
                end, kind = j + 2, "close" if closing else "empty"
                break
            if char == "<":
                reason = "never closed with '>'"
                break
            if j == i:
                reason = f"'{char}' cannot follow the tag name" if not attrs else f"'{char}' where an attribute should start"
                break
            attribute = _ATTRIBUTE.match(text, j, limit)
            if attribute is None:
                reason = f"'{char}' where an attribute should start"
                break
            value = attribute.group(2)
            if value is not None and value[:1] in "\"'":
                value = value[1:-1]
            attrs.append((attribute.group(1), value))
            i = attribute.end()
        if end is not None:
            self_closing = kind == "empty"
            if kind == "open" and name.lower() in VOID:
                kind = "empty"
            tags.append(Tag(kind, name, tuple(attrs), match.start(), end, self_closing))
            pos = end
        else:
            broken.append(Broken(match.start(), match.end(), reason or "not a tag", name))
            pos = match.end()
    return tags, broken


def confirmed_names(tags: list[Tag]) -> set[str]:
    """The tag names that are markup by their own evidence: paired with a closing tag,
    self-closing (`<x/>`), carrying an attribute value, or a line break (`<br>`, `<hr>`,
    `<wbr>`). `<file>` alone in `git add <file>` is a placeholder name, not a tag; so is
    `<source>` or `<input>` with no attribute: a void element is nothing without them.
    An attribute value is evidence for an HTML element, or for an element the text also
    closes: a message that quotes a lone `<key name='%s'>` of some XML dialect (glib's
    schema compiler) shows syntax to the user, it is not markup the program reads."""
    opened = {tag.name for tag in tags if tag.kind == "open"}
    closed = {tag.name for tag in tags if tag.kind == "close"}
    names = set()
    for tag in tags:
        if tag.self_closing or (tag.kind == "close" and tag.name in opened):
            names.add(tag.name)
        elif (tag.kind != "close" and any(value is not None for _, value in tag.attrs)
              and (tag.name.lower() in HTML_ELEMENTS or tag.name in closed)):
            names.add(tag.name)
        elif tag.kind == "empty" and tag.name.lower() in _BREAKS:
            names.add(tag.name)
    return names


def nesting_error(tags: list[Tag], html: bool) -> tuple[Tag, str] | None:
    """The first tag that breaks nesting, and what is wrong with it; None when well nested."""
    stack: list[Tag] = []
    for tag in tags:
        if tag.kind == "empty":
            continue
        key = name_key(tag.name, html)
        if tag.kind == "open":
            stack.append(tag)
            continue
        if not stack:
            return tag, f"'</{tag.name}>' closes nothing"
        top = stack.pop()
        if name_key(top.name, html) != key:
            if any(name_key(t.name, html) == key for t in stack):
                return tag, f"'</{tag.name}>' closes '<{top.name}>' first: the tags cross"
            return tag, f"'</{tag.name}>' does not match the open '<{top.name}>'"
    if stack:
        return stack[-1], f"'<{stack[-1].name}>' is never closed"
    return None


def inner_texts(tags: list[Tag], text: str, html: bool) -> dict[int, str]:
    """For each open tag (by its start offset), the text up to its matching closing tag."""
    out: dict[int, str] = {}
    stack: list[Tag] = []
    for tag in tags:
        if tag.kind == "open":
            stack.append(tag)
        elif tag.kind == "close" and stack and name_key(stack[-1].name, html) == name_key(tag.name, html):
            opened = stack.pop()
            out[opened.start] = text[opened.end:tag.start]
    return out


def name_key(name: str, html: bool) -> str:
    """HTML element names compare without case; XML names are case-sensitive."""
    lowered = name.lower()
    return lowered if html and lowered in HTML_ELEMENTS else name


def url_scheme(value: str) -> str | None:
    """The scheme of a URL attribute as a browser reads it (controls and spaces ignored)."""
    cleaned = "".join(ch for ch in value if ch > " ").lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else None


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

_MD_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\\\n]|\\.){0,500})\]"
    r"\(\s{0,20}(<[^<>\n]{0,2000}>|[^\s()<>]{0,2000}(?:\([^\s()]{0,200}\)[^\s()<>]{0,2000}){0,5})"
    r"(?:\s{1,20}(?:\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'))?\s{0,20}\)"
)
_MD_REF = re.compile(r"(?<![\]\\])\[((?:[^\[\]\\\n]|\\.){1,500})\]\[([^\[\]\n]{0,200})\]")
_MD_DEFINITION = re.compile(r"^ {0,3}\[([^\[\]\n]{1,200})\]:[ \t]*(\S+)", re.MULTILINE)
_BACKTICKS = re.compile(r"`+")
_EMPHASIS = re.compile(r"\*\*|__")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of text found at start..end (inline code, a reference label)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Link:
    """A Markdown link or image: its target and where it is written."""

    image: bool
    target: str
    start: int
    end: int


def markdown_links(text: str) -> list[Link]:
    if "](" not in text:
        return []
    out = []
    for match in _MD_LINK.finditer(text):
        target = match.group(3).strip("<>")
        out.append(Link(bool(match.group(1)), target, match.start(), match.end()))
    return out


def markdown_references(text: str) -> list[Snippet]:
    """Labels used by reference links (`[text][label]`, `[label][]`), lowercased."""
    if "][" not in text:
        return []
    out = []
    for match in _MD_REF.finditer(text):
        label = match.group(2) or match.group(1)
        out.append(Snippet(" ".join(label.lower().split()), match.start(), match.end()))
    return out


def markdown_definitions(text: str) -> set[str]:
    return {" ".join(m.group(1).lower().split()) for m in _MD_DEFINITION.finditer(text)}


def code_spans(text: str) -> list[Snippet]:
    """Inline code: a run of backticks up to the next run of the same length."""
    if "`" not in text:
        return []
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    out = []
    i = 0
    while i < len(runs):
        start, end = runs[i]
        width = end - start
        for k in range(i + 1, min(len(runs), i + 50)):
            if runs[k][1] - runs[k][0] == width:
                out.append(Snippet(text[end:runs[k][0]].strip(), start, runs[k][1]))
                i = k
                break
        i += 1
    return out


def emphasis_markers(text: str, skip: list[Snippet]) -> list[tuple[str, int]]:
    """`**` and `__` outside code spans (single `*`/`_` are too often plain text)."""
    out = []
    for match in _EMPHASIS.finditer(text):
        if any(code.start <= match.start() < code.end for code in skip):
            continue
        out.append((match.group(), match.start()))
    return out


# ---------------------------------------------------------------------------
# BBCode
# ---------------------------------------------------------------------------

_BBCODE = re.compile(r"\[(/?)([A-Za-z][A-Za-z0-9_]{0,19}|\*)(?:=([^\[\]\n]{0,500}))?\]")


@dataclass(frozen=True, slots=True)
class BBTag:
    """A BBCode tag (`[b]`, `[/url]`, `[color=red]`): its name, value and offsets."""

    closing: bool
    name: str
    value: str | None
    start: int
    end: int


def bbcode_tags(text: str) -> list[BBTag]:
    if "[/" not in text and "[" not in text:
        return []
    return [
        BBTag(bool(m.group(1)), m.group(2).lower(), m.group(3), m.start(), m.end())
        for m in _BBCODE.finditer(text)
    ]


def bbcode_names(tags: list[BBTag]) -> set[str]:
    """BBCode names that close somewhere (`[b]…[/b]`): only those are markup; a lone
    `[Name]` is a bracketed word or a documentation reference."""
    return {tag.name for tag in tags if tag.closing}


# ---------------------------------------------------------------------------
# Character references
# ---------------------------------------------------------------------------

_ENTITY = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31})(;?)")


@dataclass(frozen=True, slots=True)
class Entity:
    """A character reference (`&amp;`, `&#38;`) and whether it is a valid one."""

    text: str
    valid: bool
    start: int
    end: int


def entities(text: str) -> list[Entity]:
    if "&" not in text:
        return []
    import html.entities  # here, not at the top: most texts hold no '&' (~2 ms to import)

    out = []
    for match in _ENTITY.finditer(text):
        body, semicolon = match.group(1), match.group(2)
        if body.startswith("#"):
            valid = bool(semicolon) and _code_point_ok(body)
        else:
            valid = bool(semicolon) and f"{body};" in html.entities.html5
            if not semicolon and f"{body};" not in html.entities.html5:
                continue  # '&foo' with no ';' and no such entity is a plain ampersand (AT&T, R&D)
        out.append(Entity(match.group(), valid, match.start(), match.end()))
    return out


def _code_point_ok(body: str) -> bool:
    try:
        value = int(body[2:], 16) if body[1:2] in "xX" else int(body[1:])
    except ValueError:
        return False
    return 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF
