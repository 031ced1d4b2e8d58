"""Spacing and escapes inside the text: doubled spaces, tabs and written escape
sequences (\\n \\t \\\\) that the program reads. Leading and trailing whitespace,
newlines included (what `msgfmt -c` checks), is BAS005's."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from qa_core import Check, Rule, Severity, Span, hookimpl

from tqa_plugins.everyday.common import CODE, URL, mask, quote, shown_alone, translated

_DOUBLE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
_ESCAPE = re.compile(r"\\(?:[ntr\\]|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2})")


class Spacing(Check):
    """Doubled spaces, tabs and escape sequences inside the target."""

    name = "spacing-escapes"
    rules = (
        Rule("WSP001", "double-space", Severity.MINOR, "Linguistic conventions/Textual conventions",
             "The target has two or more spaces between words where the source has fewer such gaps."),
        Rule("WSP002", "escape-mismatch", Severity.MAJOR, "Design and markup/Markup tag",
             "An escape sequence written in the text (\\n, \\t, \\\\, \\uXXXX) of the source is missing or added."),
        Rule("WSP003", "tab-mismatch", Severity.MINOR, "Design and markup/Layout",
             "The source and target hold different numbers of tab characters inside the text.", default=False),
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        #: WSP001 findings whose gap follows a line's first word, by the column the gap ends
        #: at: held for check_document, which drops them when other units pad to that column
        self._first_column: dict[int, list] = {}

    def check_document(self, document, ctx):
        """Labels padded to one column across messages (procps' `Cỡ     Hoạt động`, `Slab
        Hoạt động` printed above each other): targets whose first words of different lengths
        are padded with gaps of different widths so that the text after them starts at the
        same column are a table, not slips."""
        for held in self._first_column.values():
            if len({width for width, _ in held}) < 2:  # the same gap after words of one length: slips
                yield from (finding for _, finding in held)
        self._first_column = {}

    def check_unit(self, unit, ctx):
        if not translated(unit):
            return
        source, target = unit.source.text, unit.target.text
        inner_t = target.strip()
        offset = len(target) - len(target.lstrip())
        inner_s = source.strip()
        # two spaces after a sentence's end, before the next sentence's capital: the
        # typewriter convention some translators keep (lynx, libexif), on either side
        src_doubles = [m for m in _DOUBLE.finditer(inner_s) if not _sentence_gap(inner_s, m)]
        tgt_doubles = [m for m in _DOUBLE.finditer(inner_t) if not _sentence_gap(inner_t, m)]
        if " :" in source and tgt_doubles:
            # a report whose labels end in " :" (glibc's "Name : %s"): spaces before the colon
            # line the colons of several lines up in a column, a layout the translator chose
            tgt_doubles = [m for m in tgt_doubles if not inner_t.startswith(":", m.end())]
        # spaces that are the whole of a quotation are the character shown: a tab as `«    »`
        tgt_doubles = [m for m in tgt_doubles if not shown_alone(inner_t, m.start(), m.end())]
        # spaces padding a word inside a banner line ("***  Error  ***") are decoration
        tgt_doubles = [m for m in tgt_doubles if not _banner(inner_t, m.start())]
        # a help line's label padded to the column its description starts at in the source
        # (util-linux's ` -n, --limit <số>     muốn…` for ` -n, --limit <number> how…`, whose
        # option fills the column so the source has one space) or on another of the lines;
        # or a short word padded so that the rest of the line starts where it does in the source
        tgt_doubles = [m for m in tgt_doubles
                       if not _padded_to_column(source, target, offset + m.start(), offset + m.end())
                       and not _keeps_source_column(source, target, offset + m.start(), offset + m.end())]
        # (a column of labels the translator padded counts only where the source has no
        # gap of its own: glibc's `%15s  …` lines are the source's column, and a slip among
        # them is counted against it)
        if (len(tgt_doubles) > len(src_doubles) and not _layout(source) and not _target_layout(inner_t)
                and (src_doubles or not _label_column(target, source))):
            # the first double space of the target the source has no counterpart for
            extra = tgt_doubles[len(src_doubles)] if src_doubles else tgt_doubles[0]
            start, end = offset + extra.start(), offset + extra.end()
            finding = ctx.finding(
                "WSP001",
                f"Double space in {quote(target[max(0, start - 20):end + 20])}"
                + (f" ({len(tgt_doubles)} in the target, {len(src_doubles)} in the source)." if src_doubles else "."),
                target=Span(start, end), suggestion=" ",
                data={"source": len(src_doubles), "target": len(tgt_doubles)},
            )
            line_start = target.rfind("\n", 0, start) + 1
            if target[line_start:start] and not any(ch.isspace() for ch in target[line_start:start]):
                self._first_column.setdefault(end - line_start, []).append((end - start, finding))
            else:
                yield finding
        if "\\" in source or "\\" in target:
            src_masked = mask(source, [m.span() for p in (URL, CODE) for m in p.finditer(source)])
            tgt_masked = mask(target, [m.span() for p in (URL, CODE) for m in p.finditer(target)])
            src_esc = Counter(m.group() for m in _ESCAPE.finditer(src_masked))
            tgt_esc = Counter(m.group() for m in _ESCAPE.finditer(tgt_masked))
            for esc, count in (src_esc - tgt_esc).items():
                yield ctx.finding(
                    "WSP002",
                    f"The escape '{esc}' of the source is missing from the target"
                    f" ({tgt_esc[esc]} of {src_esc[esc]}).",
                    source=Span(*next(m.span() for m in _ESCAPE.finditer(src_masked) if m.group() == esc)),
                    target=Span(0, len(target)),
                    data={"kind": "missing", "escape": esc},
                )
            for esc, count in (tgt_esc - src_esc).items():
                at = [m.span() for m in _ESCAPE.finditer(tgt_masked) if m.group() == esc][-1]
                yield ctx.finding(
                    "WSP002",
                    f"The target has the escape '{esc}' {tgt_esc[esc]} time(s), the source {src_esc[esc]}.",
                    target=Span(*at),
                    data={"kind": "added", "escape": esc},
                )
        src_tabs, tgt_tabs = source.strip().count("\t"), inner_t.count("\t")
        if src_tabs != tgt_tabs:
            where = inner_t.find("\t")
            span = Span(offset + where, offset + where + 1) if where >= 0 else Span(0, len(target))
            yield ctx.finding(
                "WSP003",
                f"The source has {src_tabs} tab(s) inside the text, the target {tgt_tabs}: tabs align columns.",
                target=span,
                data={"source": src_tabs, "target": tgt_tabs},
            )


_GAP = re.compile(r"\S {3,}\S")
_BANNER = re.compile(r"^([^\w\s])\1+ .* \1\1+$")


def _layout(source: str) -> bool:
    """Column layout in the source (a usage text, a table): spacing is aligned by hand."""
    return _GAP.search(source) is not None


_LABEL = re.compile(r"( *\S+) {2,}(?=\S)")
_SINGLE = re.compile(r"( *\S+) (?=\S)")


def _target_layout(target: str) -> bool:
    """Columns the translator aligned by hand: gaps of three or more spaces on two lines
    (an option list the translation explains in a table), or beside a table's bar."""
    lines = [line for line in target.split("\n") if _GAP.search(line)]
    return len(lines) >= 2 or any(re.search(r" {3,}\||\| {3,}", line) for line in lines)
    return False


def _label_column(target: str, source: str) -> bool:
    """Two lines of the target whose first word is padded by two or more spaces to one
    column, where the source has no such gap (bash's `-L  in…` and `-P  in…` for
    `-L<tab>print…`, sudo's menu `(e)  sửa lại…`, `(x)  thoát ra…`): a column the
    translator made. Not when a label indented alike and of the same width is followed by
    one space on either side: zim's `<b>%d</b>  đường…` beside `<b>%f</b> nguồn…` are slips."""
    lines = target.split("\n")
    if len(lines) < 2:
        return False
    columns = [(_shape(label.group(1)), _width(label.group())) for line in lines if (label := _LABEL.match(line))]
    if len(columns) == len({column for _, column in columns}):
        return False
    single = {_shape(label.group(1)) for line in lines + source.split("\n") if (label := _SINGLE.match(line))}
    seen: set[int] = set()
    for shape, column in columns:
        if column in seen and shape not in single:
            return True
        seen.add(column)
    return False


def _shape(label: str) -> tuple[int, int]:
    """A line's first word by its indentation and width."""
    return len(label) - len(label.lstrip(" ")), _width(label)


_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]?$")



def _sentence_gap(text: str, gap: re.Match) -> bool:
    """The gap follows a sentence's end mark and comes before a capital: `Hãy nhập.  Dùng`."""
    return text[gap.end()].isupper() and _SENTENCE_END.search(text, max(0, gap.start() - 2), gap.start()) is not None


def _width(text: str) -> int:
    """The columns `text` takes on a terminal: combining marks none, wide characters two."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


_LABEL_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")


def _padded_to_column(source: str, target: str, start: int, end: int) -> bool:
    """The gap target[start:end] pads a line's label to a column where the source's matching
    line has one space: the source's label fills the column, as in util-linux's
    ` -n, --limit <number> how…`, translated ` -n, --limit <số>     muốn…`. Both sides have
    the same number of lines, the source's line has no gap of two spaces (else the target's
    gap is that gap's counterpart, counted as such), the gap is the first of its line, and it
    ends at the column where the source line's description starts (the label's words being
    the source's, word for word, but for the names of arguments in brackets, which the
    translation translates), or where another line of the message, source or target, whose
    label has another width starts its text after a gap of two or more spaces (the message's
    own column, which labels of different lengths reach with different gaps). A gap inside a
    sentence ends at no such column."""
    t_lines, s_lines = target.split("\n"), source.split("\n")
    index = target.count("\n", 0, start)
    if len(s_lines) != len(t_lines) or _LABEL_GAP.search(s_lines[index]):
        return False
    line_start = target.rfind("\n", 0, start) + 1
    label = target[line_start:start]
    if not label.strip() or _LABEL_GAP.search(label):
        return False
    column = _width(target[line_start:end])
    indent = len(label) - len(label.lstrip(" "))
    line = s_lines[index]
    cut = _cut_at_column(line, column)
    if cut is not None and line[cut - 1] == " " and line[cut] != " ":
        words, target_words = line[:cut].split(), label.split()
        if (len(line) > indent and line[:indent].strip() == "" and line[indent] != " "
                and len(words) == len(target_words)
                and all(a == b or (a[0] in "<[{" and b[0] in "<[{") for a, b in zip(words, target_words))):
            return True
    width = _width(label)
    for k, line in enumerate(t_lines + s_lines):
        if k % len(t_lines) == index or line[:indent].strip() or (len(line) > indent and line[indent] == " "):
            continue  # this line and its source, and lines not indented as this one
        gap = _LABEL_GAP.search(line)
        if gap and _width(line[:gap.start()]) != width and _width(line[:gap.end()]) == column:
            return True
    return False


def _keeps_source_column(source: str, target: str, start: int, end: int) -> bool:
    """The gap target[start:end] pads a shorter word so that the rest of its line starts at
    the column where the same text starts on a line of the source, after a space:
    e2fsprogs' ` (CẦN      0x%04x)` for ` (EXPECTED 0x%04x)`, a value printed under others."""
    if end - start < 3:  # one space more than the source's: as likely a slip that lines up by chance
        return False
    line_start = target.rfind("\n", 0, start) + 1
    line_end = target.find("\n", end)
    tail = target[end:line_end if line_end >= 0 else len(target)]
    if not tail.strip():
        return False
    column = _width(target[line_start:end])
    for line in source.split("\n"):
        if line.endswith(tail):
            cut = _cut_at_column(line, column)
            if cut is not None and cut > 0 and line[cut:] == tail and line[cut - 1] == " ":
                return True
    return False


def _cut_at_column(line: str, column: int) -> int | None:
    """The index of `line` at which the text reaches `column`, or None past its end."""
    width = 0
    for i, ch in enumerate(line):
        if width == column:
            return i
        width += _width(ch)
    return None


def _banner(text: str, at: int) -> bool:
    """The line holding text[at] opens and closes with one run of a symbol: `*** Error ***`."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start:end if end >= 0 else len(text)].strip()
    return bool(_BANNER.match(line))


@hookimpl
def tqa_register_checks():
    return [Spacing]
