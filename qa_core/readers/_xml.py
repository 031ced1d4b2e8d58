"""What the XML readers share: safe streamed parsing with one-line errors, and a
`Locator` that finds the exact line and column of a span in the raw file.

Parsing goes through `lxml.etree.iterparse` with `formats.parser_options()` (no
entity expansion, no DTD, no network) after `formats.check_xml_prolog()` has
refused entity declarations, and elements are cleared as soon as a reader has
turned them into records, so memory stays flat however big the file.

Positions: lxml knows only the line on which an element's start tag ends. When a
finding needs a column, `XmlLocator` re-reads the few lines around the unit's start
tag and walks the raw markup from there, counting the code points of the plain text
(character and entity references count as one, CDATA as its content, tags and the
inner text of native codes such as XLIFF 1.2 `<bpt>` as nothing) until it reaches
the span. A sparse index of line offsets, built once per file and only when asked,
keeps that cheap for many findings in a big file.
"""

from __future__ import annotations

import codecs
import os
import re
from array import array
from collections.abc import Callable, Iterator
from functools import lru_cache

from qa_core.errors import InputError
from qa_core.formats import check_xml_prolog, head, parser_options, refuse_entity_references, xml_root
from qa_core.lazy import lazy_module, lazy_pattern
from qa_core.model import Locator, Position, Segment, Side, Unit

etree = lazy_module("lxml.etree", globals(), "etree")  # lxml (~8 ms of start-up) only when XML is read or written


def local(tag) -> str:
    """The local name of an element tag ('' for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(tag) -> str:
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1 : tag.index("}")]


def root_of(path: str) -> tuple[str, tuple[str, ...], str | None] | None:
    """(root local name, namespaces declared on it, version) from the file's first bytes."""
    try:
        return xml_root(head(path))
    except OSError:
        return None


def declared_encoding(path: str) -> str:
    """The encoding an XML file says it is in (BOM, then the declaration), for messages."""
    data = head(path)
    if data.startswith(codecs.BOM_UTF8):
        return "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    match = re.match(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""", data)
    return match.group(1).decode("ascii") if match else "UTF-8"


def syntax_error(path: str, error: etree.XMLSyntaxError) -> InputError:
    """libxml2's error as one line at `path:line:col`."""
    message = (error.msg or str(error)).replace("\n", " ").strip()
    message = re.sub(r",\s*line \d+, column \d+$", "", message)
    if "encoding" in message.lower() or "bytes" in message.lower():
        message = f"cannot decode as {declared_encoding(path)}: {message}"
    line, column = error.position if error.position else (None, None)
    return InputError(path, message or "malformed XML", line or None, column or None)


def iterparse(path: str, events: tuple[str, ...], tag=None, trimmer: CodeTrimmer | None = None) -> Iterator[tuple[str, etree._Element]]:
    """`etree.iterparse` made safe (prolog checked, no entities, no network), with
    syntax errors turned into `InputError`s at `path:line:col`. With a `trimmer` (and a
    cap), the file is fed `CHUNK` bytes at a time and the trimmer prunes after each."""
    check_xml_prolog(path)
    options = parser_options()
    try:
        if trimmer is None or not trimmer.cap:
            context = etree.iterparse(path, events=events, tag=tag, **options)
            yield from context
            refuse_entity_references(path, context.error_log)
            return
        parser = etree.XMLPullParser(events=events, tag=tag, base_url=path, **options)
        root = None
        with open(path, "rb") as stream:
            while True:
                data = stream.read(CHUNK)
                if data:
                    parser.feed(data)
                else:
                    parser.close()
                for item in parser.read_events():
                    if root is None:
                        root = item[1].getroottree().getroot()
                    yield item
                if not data:
                    break
                if root is not None:
                    trimmer.prune(root)
        refuse_entity_references(path, parser.feed_error_log)
    except etree.XMLSyntaxError as error:
        raise syntax_error(path, error) from None
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None


def root_attributes(path: str) -> tuple[str, dict[str, str], int]:
    """The root element's tag, attributes and line, parsing no further than its start tag."""
    for _event, element in iterparse(path, ("start",)):
        return element.tag, dict(element.attrib), element.sourceline or 1
    raise InputError(path, "no root element")


def release(element) -> None:
    """Forget an element that has been turned into records, and its earlier siblings."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


OMITTED = "{urn:x-tqa:reader}omitted"  # set on a <source>/<target> the trimmer cut
#: bytes fed to the parser at a time when codes are trimmed (lxml's own iterparse reads 32 KiB)
CHUNK = 1 << 16


class CodeTrimmer:
    """Keeps a unit of a million inline codes from costing a tree of a million elements,
    or a million Python calls.

    A `<source>`/`<target>` (`containers`) with more than `cap` codes and markers
    (`weights`: 1 for a standalone code, 2 for a pair; `skip` maps a name to an XPath
    test of the elements of that name that are no code, e.g. an XLIFF 1.2
    `<mrk mtype="seg">`) is not checked (the runner reports it with TQA003, counting
    `Content.omitted_codes`), so the trimmer keeps none of its elements: each is
    removed once complete, and the codes it held are counted in the container's
    `OMITTED` attribute; only the text before the first element is kept. Below the cap
    nothing changes.

    The work is per chunk of input, never per code: `iterparse(..., trimmer=)` feeds the
    parser `CHUNK` bytes at a time and then calls `prune`, which finds the container
    being parsed on the tree's right edge (the open elements are the last child of the
    last child ... of the root), counts with libxml2's XPath and removes with lxml's
    slice deletion (both C loops); the last child, which may still be open, stays until
    the next chunk. The reader calls `finish` on each unit it builds, for the containers
    that ended inside one chunk."""

    __slots__ = ("cap", "containers", "weights", "skip", "dropped", "_tags", "_names", "_paths", "_capped", "_open")

    def __init__(self, cap: int, containers: tuple[str, ...], weights: dict[str, int], skip: dict[str, str] | None = None) -> None:
        self.cap = cap
        self.containers = frozenset(containers)
        self.weights = weights
        self.skip = skip or {}
        self.dropped = 0
        self._tags = tuple(f"{{*}}{name}" for name in containers) + tuple(containers)
        self._names: dict[str, str] = {}  # Clark tag -> local name, computed once per tag
        self._paths: dict[tuple[str, str], tuple[etree.XPath, etree.XPath, etree.XPath]] = {}
        self._capped: set = set()  # containers over the cap, until their unit is built
        self._open = None  # the container pruned after the last chunk

    def _local(self, tag) -> str:
        name = self._names.get(tag)
        if name is None:
            name = self._names[tag] = local(tag) if isinstance(tag, str) else ""
        return name

    # ----- counting, in C -------------------------------------------------------

    def _count(self, element, axis: str, ns: str) -> int:
        """Codes on `axis` of `element`: by name tests in the container's namespace `ns`
        (fast), or by local names when an element of another namespace is there."""
        paths = self._paths.get((ns, axis))
        if paths is None:
            paths = self._paths[(ns, axis)] = self._compile(ns, axis)
        exact, foreign, blind = paths
        return int(blind(element) if foreign(element) else exact(element))

    def _compile(self, ns: str, axis: str) -> tuple[etree.XPath, etree.XPath, etree.XPath]:
        def term(name: str, weight: int, step: str) -> str:
            test = self.skip.get(name)
            count = f"count({step}[not({test})])" if test else f"count({step})"
            return count if weight == 1 else f"{weight} * {count}"

        prefix = "x:" if ns else ""
        codes = [(name, weight) for name, weight in self.weights.items() if weight]
        exact = " + ".join(term(name, weight, f"{axis}::{prefix}{name}") for name, weight in codes)
        blind = " + ".join(term(name, weight, f"{axis}::*[local-name()='{name}']") for name, weight in codes)
        inside = f"count({axis}::x:*)" if ns else f"count({axis}::*[namespace-uri()=''])"
        spaces = {"x": ns} if ns else None
        return (etree.XPath(exact or "0", namespaces=spaces), etree.XPath(f"count({axis}::*) - {inside}", namespaces=spaces),
                etree.XPath(blind or "0"))

    # ----- pruning ------------------------------------------------------------

    def prune(self, root) -> None:
        """After a chunk has been parsed: trim the container being parsed, if any."""
        node, container = root, None
        while True:
            if self._local(node.tag) in self.containers:
                container = node
                break
            try:
                node = node[-1]
            except IndexError:
                break
        if self._open is not None and self._open is not container:
            self._trim(self._open, final=True)  # it ended in the last chunk
        self._open = container
        if container is not None:
            self._trim(container, final=False)

    def finish(self, unit) -> None:
        """A unit the reader is about to build: its containers are complete."""
        for container in unit.iter(*self._tags):
            if container is self._open:
                self._open = None
            elif container not in self._capped and 2 * len(container) <= self.cap:
                continue  # within the cap (codes nested inside one chunk are counted by the reader)
            self._trim(container, final=True)
        self._capped.clear()

    def _trim(self, container, final: bool) -> None:
        ns = namespace(container.tag)
        if container not in self._capped:
            if self._count(container, "descendant", ns) <= self.cap:
                return
            self._capped.add(container)
        self.dropped = 0
        self._prune(container, final, ns)
        if self.dropped:
            container.set(OMITTED, str(omitted_codes(container) + self.dropped))

    def _prune(self, node, final: bool, ns: str) -> None:
        """Remove the children of `node` but the last (the open one) unless `final`,
        counting their codes: those of the first, of its following siblings and of their
        insides (the following axis of the first less that of `node`), less the last's."""
        n = len(node)
        end = n if final else n - 1
        if end > 0:
            first = node[0]
            last = node[-1] if end < n else None
            dropped = self._count(first, "descendant-or-self", ns) + self._count(first, "following", ns) - self._count(node, "following", ns)
            if last is not None:
                dropped -= self._count(last, "descendant-or-self", ns)
            self.dropped += dropped
            del node[:end]
        if not final and len(node):
            last = node[-1]
            if len(last):
                self._prune(last, False, ns)


def omitted_codes(element) -> int:
    """How many codes `CodeTrimmer` removed from this <source>/<target>."""
    value = element.get(OMITTED)
    return int(value) if value else 0


class SeenIds:
    """Unit ids met so far in one file, to warn about duplicates. Bounded so that
    memory stays flat on huge files: past `limit` ids, only duplicates of the ids
    already held are noticed. The ids are kept as 64-bit hashes (`hash`): the latest
    `RECENT` in a set, the older ones in one sorted numpy array searched by bisection,
    8 bytes an id (as strings in a set, ~100: the 100,000 ids of the limit held ~10 MiB
    in every process that reads a large file). Two ids share a hash with a probability
    of about n²/2⁶⁵ (~3·10⁻¹⁰ at the limit)."""

    #: hashes held in the set before they move into the sorted array
    RECENT = 4096

    __slots__ = ("recent", "older", "count", "limit")

    def __init__(self, limit: int = 100_000) -> None:
        self.recent: set[int] = set()
        self.older = None  # a sorted numpy array of int64, once the set first fills
        self.count = 0
        self.limit = limit

    def add(self, ident: str) -> bool:
        """Note `ident`; True when it was seen before."""
        value = hash(ident)
        if value in self.recent:
            return True
        older = self.older
        if older is not None:
            at = older.searchsorted(value)
            if at < len(older) and older[at] == value:
                return True
        if self.count < self.limit:
            self.count += 1
            self.recent.add(value)
            if len(self.recent) >= self.RECENT:
                import numpy  # on first use: a file of a few thousand units never needs it

                moved = numpy.fromiter(self.recent, dtype=numpy.int64, count=len(self.recent))
                moved.sort()
                # the set's hashes are none of the array's (each was looked for there first):
                # put in place, one pass over the array (union1d sorted the whole anew each time)
                self.older = moved if older is None else numpy.insert(older, older.searchsorted(moved), moved)
                self.recent = set()
        return False


def text_of(element) -> str:
    """All text inside an element (notes, XLIFF 1.2 code data)."""
    return "".join(element.itertext())


# ---------------------------------------------------------------------------
# Reading raw lines back
# ---------------------------------------------------------------------------

#: codecs whose decoding of lines joined is the lines' decodings joined (`LineSource.text`)
_ONE_DECODE = frozenset({"utf-8", "ascii", "iso8859-1", "iso8859-15", "cp1250", "cp1251", "cp1252"})
_CHECKPOINT = 256  # lines between two entries of the sparse line index
_INDEX_BLOCK = 1 << 20  # bytes read at a time to build the index
_CHECKPOINT_LINES = lazy_pattern(rb"(?:[^\n]*\n){%d}" % _CHECKPOINT)
#: bytes between two checkpoints read at once when the lines are asked again; a longer
#: stretch (very long lines) is read line by line, each line cut at the cap
_RANGE_BYTES = 8 << 20


class LineSource:
    """Lines of a file by 1-based number, decoded as the file's encoding, with their
    line ends. For ASCII-compatible encodings a sparse index of byte offsets (one
    entry every 256 lines) is built on first use; UTF-16/32 files are decoded whole."""

    def __init__(self, path: str, encoding: str = "utf-8", line_cap: int = 0) -> None:
        self.path = path
        self.encoding = encoding
        # bytes kept of one line (0: all): a longer line is kept cut, and positions past
        # the cut fall back to the line; the PO locator sets it (such a line is a string
        # over the unit_chars limit, never checked), so a 1-GB line is never held
        self.line_cap = line_cap
        self._offsets: array | None = None
        self._lines: list[str] | None = None
        wide = codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
        self._wide = wide
        #: whether lines may be decoded together in one call (`text`)
        self._one_decode = codecs.lookup(encoding).name in _ONE_DECODE
        # the raw lines last read, from line `_cached_first` on: findings arrive in
        # document order, several per unit, so most requests fall inside them
        self._cached: list[bytes] = []
        self._cached_first = 0
        self._cached_to_end = False
        self.lines_read = 0  # lines read from disk, index included (tests count the work)

    def _build(self) -> None:
        if self._wide:
            with open(self.path, encoding=self.encoding, errors="replace", newline="") as handle:
                self._lines = handle.read().split("\n")
                self._lines = [line + "\n" for line in self._lines[:-1]] + [self._lines[-1]]
            return
        # the offset after every 256th line, found in blocks (no Python step per line,
        # and a line of any length is never held whole)
        offsets = array("q", [0])
        position = 0  # bytes before the block
        count = 0  # lines ended so far
        pending = _CHECKPOINT  # line ends still to pass before the next checkpoint
        last = b"\n"
        with open(self.path, "rb") as handle:
            while True:
                block = handle.read(_INDEX_BLOCK)
                if not block:
                    break
                ends = block.count(b"\n")
                count += ends
                if ends >= pending:
                    at = 0
                    for _ in range(pending):
                        at = block.find(b"\n", at) + 1
                    offsets.append(position + at)
                    ends -= pending
                    while ends >= _CHECKPOINT:  # a checkpoint's lines in one match
                        at = _CHECKPOINT_LINES.match(block, at).end()
                        offsets.append(position + at)
                        ends -= _CHECKPOINT
                    pending = _CHECKPOINT - ends
                else:
                    pending -= ends
                position += len(block)
                last = block[-1:]
        if last != b"\n":
            count += 1  # a last line without a line end
        self.lines_read += count
        self._offsets = offsets

    def _read_lines(self, handle, position_only: bool = False):
        """The file's lines from the handle's position (their lengths with
        `position_only`), each cut at `line_cap` bytes, the rest of it read past."""
        cap = self.line_cap
        if not cap:
            for raw in handle:
                yield len(raw) if position_only else raw
            return
        while True:
            raw = handle.readline(cap)
            if not raw:
                return
            size = len(raw)
            if not raw.endswith(b"\n"):
                while True:
                    more = handle.readline(cap)
                    size += len(more)
                    if not more or more.endswith(b"\n"):
                        break
            yield size if position_only else raw

    def adopt_index(self, other: "LineSource") -> None:
        """Take the index of byte offsets `other` (the same file) has built, if any: a
        few bytes per 256 lines, not the reading of the whole file again."""
        if other._offsets is not None and self._offsets is None and self._lines is None:
            self._offsets = other._offsets

    def lines(self, first: int, count: int) -> list[str]:
        """Up to `count` lines from line `first` on (fewer at the end of the file)."""
        if self._offsets is None and self._lines is None:
            self._build()
        first = max(first, 1)
        if self._lines is not None:
            return self._lines[first - 1 : first - 1 + count]
        out = [raw.decode(self.encoding, errors="replace") for raw in self._raw(first, count)]
        if first == 1 and out and out[0].startswith("\ufeff"):
            out[0] = out[0][1:]
        return out

    def text(self, first: int, count: int) -> str:
        """`"".join(self.lines(first, count))`, decoded in one call where that is the same
        text: a UTF-8 file's lines whole (each ends with a line end, which no multi-byte
        sequence holds, so a bad byte is replaced alike either way; a cut line could split
        a sequence), or a one-byte-per-character codec's."""
        if self._offsets is None and self._lines is None:
            self._build()
        if self._lines is not None or self.line_cap or not self._one_decode:
            return "".join(self.lines(first, count))
        first = max(first, 1)
        out = b"".join(self._raw(first, count)).decode(self.encoding, errors="replace")
        if first == 1 and out.startswith("\ufeff"):
            out = out[1:]
        return out

    def _raw(self, first: int, count: int) -> list[bytes]:
        """Lines `first` to `first + count - 1` as bytes, from the lines last read when
        they hold them, else read from the checkpoint before `first` (at least two
        checkpoints' worth, kept for the next request)."""
        cached, start = self._cached, self._cached_first
        if cached and start <= first and (first + count <= start + len(cached) or self._cached_to_end):
            return cached[first - start : first - start + count]
        index = min((first - 1) // _CHECKPOINT, len(self._offsets) - 1)
        start = index * _CHECKPOINT + 1
        wanted = max(first + count - start, 2 * _CHECKPOINT)
        lines = self._stretch(index, wanted)
        if lines is None:
            lines = []
            with open(self.path, "rb") as handle:
                handle.seek(self._offsets[index])
                for raw in (handle if not self.line_cap else self._read_lines(handle)):
                    lines.append(raw)
                    if len(lines) >= wanted:
                        break
        self.lines_read += len(lines)
        self._cached, self._cached_first, self._cached_to_end = lines, start, len(lines) < wanted
        return lines[first - start : first - start + count]

    def _stretch(self, index: int, wanted: int) -> list[bytes] | None:
        """The first `wanted` lines from checkpoint `index` on (fewer at the end of the
        file), with their line ends, read in one piece: the index says where the
        checkpoints after it are. None when the stretch is over `_RANGE_BYTES` or holds
        a line over the cap (those are read line by line)."""
        offsets = self._offsets
        start = offsets[index]
        beyond = index + -(-wanted // _CHECKPOINT)
        with open(self.path, "rb") as handle:
            end = offsets[beyond] if beyond < len(offsets) else os.fstat(handle.fileno()).st_size
            if end - start > _RANGE_BYTES:
                return None
            handle.seek(start)
            data = handle.read(end - start)
        parts = data.split(b"\n")
        tail = parts.pop()  # what follows the last line end: a last line without one, or b""
        if self.line_cap and (len(tail) >= self.line_cap or any(len(part) >= self.line_cap for part in parts)):
            return None
        lines = [part + b"\n" for part in parts[:wanted]]
        if tail and len(lines) < wanted:
            lines.append(tail)
        return lines


# ---------------------------------------------------------------------------
# Walking raw markup
# ---------------------------------------------------------------------------

_START_TAG = re.compile(r"""<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>""")
_ATTR = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_END_TAG = re.compile(r"</([^\s>]+)\s*>")
_REF = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][\w.\-]*);")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _unescape(value: str) -> str:
    def one(match: re.Match) -> str:
        ref = match.group(1)
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        return _PREDEFINED.get(ref, match.group(0))

    return _REF.sub(one, value)


def _local_name(qname: str) -> str:
    return qname.rpartition(":")[2]


class _Window:
    """A growing piece of the file from line `first` on, read in blocks of lines."""

    def __init__(self, lines: LineSource, first: int) -> None:
        self.lines = lines
        self.first = first
        self.text = lines.text(first, 64)
        self._next = first + self.text.count("\n") + (0 if self.text.endswith("\n") or not self.text else 1)
        self._block = 64
        self._done = not self.text

    def more(self) -> bool:
        if self._done:
            return False
        self._block = min(self._block * 2, 1 << 16)
        chunk = self.lines.lines(self._next, self._block)
        if not chunk:
            self._done = True
            return False
        added = "".join(chunk)
        self.text += added
        self._next += len(chunk)
        return True

    def position(self, offset: int) -> tuple[int, int]:
        line = self.first + self.text.count("\n", 0, offset)
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, column


class _Tokens:
    """Tokens of raw XML from an offset of a window: ('start', local, attrs, self_closing),
    ('end', local), ('char', offset) for a code point written as a reference, a line end
    or inside CDATA, ('chars', start, end) for a run of code points written as themselves."""

    def __init__(self, window: _Window, offset: int) -> None:
        self.window = window
        self.pos = offset

    def _find(self, needle: str, start: int) -> int:
        while True:
            found = self.window.text.find(needle, start)
            if found >= 0:
                return found
            if not self.window.more():
                return -1

    def __iter__(self):
        window = self.window
        while True:
            if self.pos >= len(window.text) and not window.more():
                return
            text = window.text
            pos = self.pos
            char = text[pos]
            if char == "<":
                while len(window.text) - pos < 9 and window.more():
                    pass
                text = window.text
                if text.startswith("<!--", pos):
                    end = self._find("-->", pos + 4)
                    self.pos = len(window.text) if end < 0 else end + 3
                    continue
                if text.startswith("<![CDATA[", pos):
                    end = self._find("]]>", pos + 9)
                    stop = len(window.text) if end < 0 else end
                    text = window.text
                    for offset in range(pos + 9, stop):
                        if text[offset] == "\n" and text[offset - 1] == "\r":
                            continue  # CR LF is one line end, as the parser reads it
                        yield ("char", offset)
                    self.pos = stop + 3
                    continue
                if text.startswith("<?", pos):
                    end = self._find("?>", pos + 2)
                    self.pos = len(window.text) if end < 0 else end + 2
                    continue
                if self._find(">", pos) < 0:
                    return
                text = window.text
                if text.startswith("</", pos):
                    match = _END_TAG.match(text, pos)
                    if match is None:
                        return
                    self.pos = match.end()
                    yield ("end", _local_name(match.group(1)))
                    continue
                match = _START_TAG.match(text, pos)
                while match is None and window.more():
                    text = window.text
                    match = _START_TAG.match(text, pos)
                if match is None:
                    return
                self.pos = match.end()
                attrs = {
                    _local_name(m.group(1)): _unescape(m.group(2) if m.group(2) is not None else m.group(3))
                    for m in _ATTR.finditer(match.group(2))
                }
                yield ("start", _local_name(match.group(1)), attrs, bool(match.group(3)))
                continue
            if char == "&":
                match = _REF.match(text, pos)
                if match is None and window.more():
                    match = _REF.match(window.text, pos)
                self.pos = match.end() if match else pos + 1
                yield ("char", pos)
                continue
            if char == "\r":
                if pos + 1 >= len(text):
                    window.more()
                self.pos = pos + 2 if window.text.startswith("\n", pos + 1) else pos + 1
                yield ("char", pos)
                continue
            # a run of plain characters: one token for all of them
            run = _PLAIN_RUN.match(text, pos)
            self.pos = run.end()
            yield ("chars", pos, run.end())


_PLAIN_RUN = re.compile(r"[^<&\r]+")


def skip_element(tokens) -> None:
    """Consume tokens up to the end of the element whose start tag was just read."""
    depth = 1
    for token in tokens:
        kind = token[0]
        if kind == "start" and not token[3]:
            depth += 1
        elif kind == "end":
            depth -= 1
            if depth == 0:
                return


def content_offsets(tokens, opaque: frozenset[str], single: frozenset[str] = frozenset()) -> Iterator[int]:
    """Raw offsets of the plain-text code points of the element whose start tag was just
    read, up to its end tag: elements named in `opaque` count as nothing, empty
    elements named in `single` (XLIFF 2 `<cp>`) as one code point at their offset."""
    depth = 1
    for token in tokens:
        kind = token[0]
        if kind == "chars":
            yield from range(token[1], token[2])
        elif kind == "char":
            yield token[1]
        elif kind == "start":
            name = token[1]
            if name in single:
                yield tokens.pos - 1
                if not token[3]:
                    skip_element(tokens)
            elif name in opaque:
                if not token[3]:
                    skip_element(tokens)
            elif not token[3]:
                depth += 1
        elif kind == "end":
            depth -= 1
            if depth == 0:
                return


def _offsets_array(tokens, opaque: frozenset[str], single: frozenset[str]) -> array:
    """`array("q", content_offsets(tokens, opaque, single))`, a run of plain characters
    added in one call rather than one code point at a time through the generator."""
    out = array("q")
    add = out.append
    depth = 1
    for token in tokens:
        kind = token[0]
        if kind == "chars":
            out.extend(range(token[1], token[2]))
        elif kind == "char":
            add(token[1])
        elif kind == "start":
            name = token[1]
            if name in single:
                add(tokens.pos - 1)
                if not token[3]:
                    skip_element(tokens)
            elif name in opaque:
                if not token[3]:
                    skip_element(tokens)
            elif not token[3]:
                depth += 1
        elif kind == "end":
            depth -= 1
            if depth == 0:
                break
    return out


#: finds, among the tokens of a unit (after its start tag), the start of the element
#: holding a segment's text on one side; returns True when the tokens stand just after it
Finder = Callable[[_Tokens, Unit, Segment, int, Side], bool]


class XmlLocator(Locator):
    """Exact positions in an XML file. `unit_tag` is the local name of the unit
    element, `id_attr` its id attribute; `finder` walks to the element holding a
    segment's text; `opaque` names inline elements whose content is code data."""

    def __init__(
        self,
        path: str,
        *,
        unit_tag: str,
        id_attr: str,
        finder: Finder,
        opaque: frozenset[str] = frozenset(),
        single: frozenset[str] = frozenset(),
        encoding: str = "utf-8",
    ) -> None:
        super().__init__(path)
        self.unit_tag = unit_tag
        self.id_attr = id_attr
        self.finder = finder
        self.opaque = opaque
        self.single = single
        self.encoding = encoding
        self._lines: LineSource | None = None
        # the segments located last: (unit line, unit id, side, segment index) ->
        # (segment, (window, raw offsets of its code points) or None); findings come
        # unit by unit, several per unit, and each needs two points
        self._recent: dict[tuple, tuple[Segment, tuple[_Window, array] | None]] = {}
        self._start: tuple[tuple, tuple[_Window, int] | None] | None = None  # the last unit's start tag
        self._pattern: re.Pattern | None = None  # where a unit's start tag may begin

    @property
    def lines(self) -> LineSource:
        if self._lines is None:
            self._lines = LineSource(self.path, self.encoding)
        return self._lines

    def locate(self, unit: Unit, side: Side, start: int, end: int) -> Position:
        # the line-only answer of `Locator` when the markup cannot be walked (made only then)
        try:
            first = self._point(unit, side, start, False)
            if first is None:
                return super().locate(unit, side, start, end)
            last = first if end <= start else self._point(unit, side, end - 1, True)
            if last is None:
                return super().locate(unit, side, start, end)
        except (OSError, LookupError, ValueError):
            return super().locate(unit, side, start, end)
        return Position(self.path, first[0], first[1], last[0], last[1])

    def _point(self, unit: Unit, side: Side, offset: int, after: bool) -> tuple[int, int] | None:
        """Line and column of the code point at `offset` of the unit's text (of the one
        after it when `after`)."""
        segments = unit.segments
        if len(segments) == 1:  # (most units)
            segment, inside, index = segments[0], offset, 0
        else:
            segment, inside = unit.segment_at(side, offset)
            index = next(i for i, s in enumerate(segments) if s is segment)
        key = (unit.line, unit.id, side, index)
        cached = self._recent.get(key)
        if cached is not None and cached[0] is segment:
            scanned = cached[1]
        else:
            scanned = self._scan(unit, side, segment, index)
            if len(self._recent) >= 8:
                self._recent.clear()
            self._recent[key] = (segment, scanned)
        if scanned is None:
            return None
        window, offsets = scanned
        if not 0 <= inside < len(offsets):
            return None
        raw = offsets[inside]
        line, column = window.position(raw)
        if after:
            if window.text.startswith(("\r\n", "\n", "\r"), raw):
                return line + 1, 1
            return line, column + 1
        return line, column

    def _scan(self, unit: Unit, side: Side, segment: Segment, index: int) -> tuple[_Window, array] | None:
        """The window holding a segment's text on one side and the raw offset of each of
        its code points, or None when the segment's element is not found."""
        key = (unit.line, unit.id)
        if self._start is not None and self._start[0] == key:
            found = self._start[1]  # the unit's other side: its start tag is found already
        else:
            found = self._unit_start(unit)
            self._start = (key, found)
        if found is None:
            return None
        window, tag_end = found
        tokens = _Tokens(window, tag_end)
        if not self.finder(tokens, unit, segment, index, side):
            return None
        return window, _offsets_array(tokens, self.opaque, self.single)

    def _unit_start(self, unit: Unit) -> tuple[_Window, int] | None:
        """The window and the offset just after the unit's start tag, found from the
        line on which lxml saw that tag end (and the unit's id when several units
        end their start tags on that line)."""
        if unit.line is None:
            return None
        back = 40
        first = max(1, unit.line - back)
        window = _Window(self.lines, first)
        text = window.text
        pattern = self._pattern
        if pattern is None:
            pattern = self._pattern = re.compile(r"<(?:[\w.\-]+:)?" + re.escape(self.unit_tag) + r"[\s/>]")
        # the window's offsets where the unit's line starts and where the next one does
        # (the window holds whole lines from `first` on): a tag ends on the unit's line
        # when its last character lies between them
        ahead = _lines_ahead(unit.line - first).match(text) if unit.line >= first else None
        if ahead is None:
            return None  # the window ends before the unit's line: no tag ends on it
        line_start = ahead.end()
        line_end = text.find("\n", line_start) + 1 or len(text) + 1
        candidates = []
        for match in pattern.finditer(text):
            if match.start() >= line_end:
                break  # a tag that starts past the line ends past it, and so do the later ones
            tag = _START_TAG.match(text, match.start())
            if tag is None:
                continue
            last = tag.end() - 1
            if last < line_start:
                continue
            if last >= line_end:
                break
            attrs = {
                _local_name(m.group(1)): _unescape(m.group(2) if m.group(2) is not None else m.group(3))
                for m in _ATTR.finditer(tag.group(2))
            }
            if attrs.get(self.id_attr) == unit.id:
                return window, tag.end()  # the first with the unit's id: no need to scan the rest of the line
            candidates.append(tag.end())
        if not candidates:
            return None
        return window, candidates[0]


@lru_cache(maxsize=None)
def _lines_ahead(count: int) -> re.Pattern:
    """Matches the first `count` lines of a text, line ends included (`count` is at most
    the locator's look-back, so a few dozen patterns)."""
    return re.compile(r"(?:[^\n]*\n){%d}" % count)


def find_child(tokens: _Tokens, names: Callable[[str, dict], bool], nth: int = 0) -> bool:
    """Walk the direct children of the current element; stop just after the start tag of
    the `nth` child (0-based) for which `names(local, attrs)` holds. False if none."""
    seen = 0
    for token in tokens:
        kind = token[0]
        if kind == "start":
            if names(token[1], token[2]):
                if seen == nth:
                    return not token[3]  # a self-closing element holds no text to locate
                seen += 1
            if not token[3]:
                skip_element(tokens)
        elif kind == "end":
            return False
    return False
