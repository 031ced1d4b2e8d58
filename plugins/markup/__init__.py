"""Markup written inside strings must survive translation: HTML/XML tags and their
nesting and attributes, Markdown links, images and inline code, BBCode tags and
character references; and a translation must not add markup that runs code.

Strings in PO, JSON, YAML and .properties files (and XLIFF files whose markup was not
extracted as inline codes) carry markup as text. Whether a unit's text is markup is
decided per unit: the file's declared data type (XLIFF 1.2 `datatype`), a key named
`…_html`, the check's `detect` option, or the text itself, where a tag counts only
with evidence (paired with its closing tag, self-closing, an attribute value, a void
HTML element), so that `a < b` and `git add <file>` are not tags.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from tqa_plugins.markup.scan import (
    HTML_ELEMENTS,
    URL_ATTRIBUTES,
    Broken,
    Tag,
    bbcode_names,
    bbcode_tags,
    code_spans,
    confirmed_names,
    emphasis_markers,
    entities,
    inner_texts,
    markdown_definitions,
    markdown_links,
    markdown_references,
    name_key,
    nesting_error,
    scan_tags,
    url_scheme,
)

from qa_core import Check, Option, Rule, Severity, Span, hookimpl
from qa_core.model import Unit

#: XLIFF 1.2 `datatype` values whose text is HTML or XML markup
_HTML_TYPES = frozenset({"html", "htmlbody", "x-html", "asp", "jsp", "php", "cdf"})
_XML_TYPES = frozenset({"xml", "xhtml", "sgml", "xul", "xsd", "x-xml", "docbook", "x-docbook", "mallard"})
_HTML_KEY = re.compile(r"(?:^|[._\-])html$", re.IGNORECASE)
#: an extracted comment of a PO file made from XML by itstool or xml2po: the text is XML
_XML_NOTE = re.compile(r"^\((?:itstool|xml2po)\) path: ", re.MULTILINE)


@lru_cache(maxsize=1)
def _sanitizer_tags() -> tuple[frozenset[str], frozenset[str]]:
    """The sanitizer's allow-list (ammonia, through nh3): the elements a translation may
    add (anything else it adds is a way to run code or restyle a page), and the elements
    that load or run something by merely being there, unsafe even unpaired (nh3's
    raw-content elements and a few more); other elements outside the allow-list count
    only with evidence of markup, so that a metavariable such as `<option>` or
    `<template>` is not taken for a form control. Read on the first tag a target adds
    (nh3 is ~1 ms to import)."""
    import nh3

    active = frozenset(nh3.CLEAN_CONTENT_TAGS) | {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta"}
    return frozenset(nh3.ALLOWED_TAGS), active


def _unsafe_element(name: str, evident: bool) -> bool:
    """Whether an element (lower-case `name`) a target adds is one the sanitizer would
    remove: an active one, or an HTML element outside the allow-list with evidence of
    markup."""
    safe, active = _sanitizer_tags()
    return name in active or (name in HTML_ELEMENTS and name not in safe and evident)


#: URL schemes that run script or embed a document: a link the translation points at
#: one of these is unsafe (any other scheme the sanitizer would drop is a broken link,
#: which MKP003 reports as a changed attribute)
_ACTIVE_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "jscript", "data"})
#: BBCode tags whose value must stay (a link, an image, a colour); others carry text
#: (`[hint=…]`, `[quote=…]`) that is translated
_BBCODE_FIXED_VALUES = frozenset({"url", "img", "email", "color", "colour", "size", "font", "align", "anchor", "code"})


@lru_cache(maxsize=1)
def _html5_names() -> list[str]:
    """HTML5's named character references (without their ';'), sorted: read on the first
    misspelled reference (html.entities is ~2 ms to import, the sort ~0.3 ms)."""
    import html.entities

    return sorted(name[:-1] for name in html.entities.html5 if name.endswith(";"))


#: attribute values that stand for "any value" in a message showing an element to its reader
#: (metacity's `<frame … style="whatever"/> missing`): no program reads them, the translator may
#: translate them; a real value (`class="warning"`) is a word no program would know translated
_DUMMY_VALUES = frozenset({"whatever", "something", "anything", "foo", "bar", "baz", "xxx", "...", "…"})

_TAG_CATEGORY = "Design and markup/Markup tag"
_LINK_CATEGORY = "Design and markup/Link/cross-reference"


class Markup(Check):
    """Tags, links, inline code and character references of the source survive in the target."""

    name = "markup"
    rules = (
        Rule("MKP001", "tag-mismatch", Severity.MAJOR, _TAG_CATEGORY,
             "An element of the source's markup is missing from the target, renamed, or added by it."),
        Rule("MKP002", "tag-structure", Severity.MAJOR, _TAG_CATEGORY,
             "The target's tags do not close or nest as the source's do."),
        Rule("MKP003", "attribute-changed", Severity.MAJOR, _TAG_CATEGORY,
             "An attribute that is not translatable (href, src, class, id…) changed, vanished or was added.",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
        Rule("MKP004", "markup-syntax", Severity.MAJOR, _TAG_CATEGORY,
             "The source's markup is well-formed but the target has a tag that does not parse."),
        Rule("MKP005", "unsafe-markup", Severity.CRITICAL, _TAG_CATEGORY,
             "The target adds markup that can run code: a script-like element, an event handler, a javascript: URL."),
        Rule("MKP006", "markdown-mismatch", Severity.MAJOR, _LINK_CATEGORY,
             "A Markdown link, image, reference or inline code of the source is missing or changed, "
             "or the target's emphasis markers do not pair up."),
        Rule("MKP007", "bbcode-mismatch", Severity.MAJOR, _TAG_CATEGORY,
             "A BBCode tag of the source is missing, added, changed or left open in the target."),
        Rule("MKP008", "entity-error", Severity.MINOR, _TAG_CATEGORY,
             "The target has a character reference that does not exist, or decoded one that markup needs."),
        Rule("MKP009", "source-markup-malformed", Severity.INFO, _TAG_CATEGORY,
             "The source's own markup does not parse; tags were compared where they could be."),
    )
    options = (
        Option("detect", "auto", "Whether unit text is markup: 'auto' (declared data type, key name, the text's own "
               "evidence), 'html' or 'xml' (every tag-like token counts), 'off' (no tag checks).",
               choices=("auto", "html", "xml", "off")),
        Option("translatable-attributes",
               ["title", "alt", "placeholder", "aria-label", "aria-description", "aria-roledescription",
                "aria-valuetext", "label", "summary", "abbr"],
               "Attributes a translation may change; every other attribute must stay as in the source.", type="array"),
        Option("report-added-formatting", False, "Also report elements without attributes that the target adds "
               "(<em>, <b>, <gui>) when the source's own elements are all there."),
        Option("markdown", True, "Compare Markdown links, images, references and inline code."),
        Option("bbcode", True, "Compare BBCode tags ([b]…[/b], [url=…]…[/url])."),
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self._translatable = frozenset(str(name).lower() for name in self.settings["translatable-attributes"])
        self._malformed: list[tuple[Unit, Broken]] = []

    # ----- per unit ----------------------------------------------------------

    def check_unit(self, unit, ctx):
        target = unit.target
        if not unit.translate or target is None or not target.text.strip():
            return
        src, tgt = unit.source.text, target.text
        mode = self._mode(unit)
        markup = False
        markdown = self.settings["markdown"] and self._markdown_context(ctx, src)
        if "<" in src or "<" in tgt:
            # in Markdown, `<input>` between backticks is code, not markup
            s_text, t_text = (_blank_code(src), _blank_code(tgt)) if markdown and "`" in src + tgt else (src, tgt)
            found, markup = self._tags(unit, ctx, s_text, t_text, mode)
            yield from found
        if "&" in src or "&" in tgt:
            yield from self._entities(ctx, src, tgt, markup or mode in ("html", "xml"))
        if markdown:
            yield from self._markdown(ctx, src, tgt)
        if self.settings["bbcode"] and ("[/" in src or "[/" in tgt):
            yield from self._bbcode(ctx, src, tgt)

    def _mode(self, unit: Unit) -> str | None:
        """'html' or 'xml' when the file or the key declares markup, 'off', or None (decide from the text)."""
        chosen = self.settings["detect"]
        if chosen != "auto":
            return chosen
        datatype = (unit.file.attrs and dict(unit.file.attrs).get("datatype") or "").lower()
        if datatype in _HTML_TYPES or "html" in datatype:
            return "html"
        if datatype in _XML_TYPES:
            return "xml"
        if _HTML_KEY.search(unit.name or "") or _HTML_KEY.search(unit.id or ""):
            return "html"
        if any(_XML_NOTE.search(note.text) for note in unit.notes):
            return "xml"
        return None

    @staticmethod
    def _markdown_context(ctx, src: str) -> bool:
        # reference links alone do not make a string Markdown: command synopses write
        # `[--pack=<pack>][--refs=<path>]`, which reads as `[text][label]`
        return "markdown" in (ctx.document.format or "") or bool(markdown_links(src))

    # ----- tags --------------------------------------------------------------

    def _tags(self, unit, ctx, src, tgt, mode):
        """The findings about tags, and whether the unit's text is markup."""
        if mode == "off":
            return [], False
        s_tags, s_broken = scan_tags(src)
        t_tags, t_broken = scan_tags(tgt)
        html_names = mode != "xml"
        out = list(self._unsafe(ctx, s_tags, t_tags, html_names))
        if mode in ("html", "xml"):
            names = None
        else:
            names = confirmed_names(s_tags) | confirmed_names(t_tags)
            if not names:
                return out, False
        keep = (lambda tag: True) if names is None else (lambda tag: tag.name in names)
        source_tags = [t for t in s_tags if keep(t)]
        target_tags = [t for t in t_tags if keep(t)]
        relevant_broken = (lambda b: True) if names is None else (lambda b: b.name in names)
        src_bad = [b for b in s_broken if relevant_broken(b)]
        tgt_bad = [b for b in t_broken if relevant_broken(b)]
        if src_bad:
            self._malformed.append((unit, src_bad[0]))
        elif tgt_bad:
            bad = tgt_bad[0]
            column = bad.start - tgt.rfind("\n", 0, bad.start)
            out.append(ctx.finding(
                "MKP004",
                f"{_q(tgt[bad.start:bad.end])} at column {column} of the target is not a complete tag ({bad.reason}); "
                f"the source's markup is well-formed.",
                target=Span(bad.start, bad.end),
                data={"column": column, "reason": bad.reason},
            ))
        out.extend(self._elements(ctx, src, tgt, source_tags, target_tags, html_names, bool(src_bad)))
        return out, True

    def _elements(self, ctx, src, tgt, source_tags, target_tags, html_names, source_malformed):
        key = lambda tag: name_key(tag.name, html_names)  # noqa: E731
        s_open = Counter(key(t) for t in source_tags if t.kind != "close")
        t_open = Counter(key(t) for t in target_tags if t.kind != "close")
        missing_count, added_count = s_open - t_open, t_open - s_open
        missing = _last([t for t in source_tags if t.kind != "close"], missing_count, key)
        added = _last([t for t in target_tags if t.kind != "close"], added_count, key)
        if not self.settings["report-added-formatting"] and not missing:
            # a translator who marks up a term the source leaves plain (<em>, <gui>) breaks nothing;
            # an added link, image, line break or element with attributes still counts
            added = [t for t in added if t.attrs or t.kind == "empty"]
        whole = Span(0, len(tgt))
        reported = set(missing_count) | set(added_count)
        if missing:
            missing = self._without_merged_repeats(src, source_tags, target_tags, missing, key, html_names)
        groups: dict[tuple, list] = defaultdict(list)
        for gone, new in _pair_by_position(missing, added, len(src), len(tgt)):
            groups[(key(gone) if gone else None, key(new) if new else None)].append((gone, new))
        for pairs in groups.values():
            gone, new = pairs[0]
            times = f"{len(pairs)} × " if len(pairs) > 1 else ""
            if gone is not None and new is not None:
                yield ctx.finding(
                    "MKP001", f"{times}{_q(src[gone.start:gone.end])} of the source became {_q(tgt[new.start:new.end])} "
                    f"in the target.",
                    source=Span(gone.start, gone.end), target=Span(new.start, new.end),
                    data={"kind": "renamed", "source_tag": gone.name, "target_tag": new.name, "count": len(pairs)},
                )
            elif gone is not None:
                closing = " (and its closing tag)" if gone.kind == "open" else ""
                yield ctx.finding(
                    "MKP001", f"{times}{_q(src[gone.start:gone.end])}{closing} of the source is missing from the target.",
                    source=Span(gone.start, gone.end), target=whole,
                    data={"kind": "missing", "tag": gone.name, "count": len(pairs)},
                )
            else:
                yield ctx.finding(
                    "MKP001", f"The target adds {times}{_q(tgt[new.start:new.end])}, which the source does not have.",
                    target=Span(new.start, new.end), severity=Severity.MINOR,
                    data={"kind": "added", "tag": new.name, "count": len(pairs)},
                )
        # closing tags of elements both sides have as many of
        s_close = Counter(key(t) for t in source_tags if t.kind == "close")
        t_close = Counter(key(t) for t in target_tags if t.kind == "close")
        structure = False
        for name in sorted(set(s_close) | set(t_close)):
            if name in reported or s_close[name] == t_close[name]:
                continue
            structure = True
            if t_close[name] < s_close[name]:
                opened = [t for t in target_tags if key(t) == name and t.kind == "open"]
                span = Span(opened[-1].start, opened[-1].end) if opened else whole
                yield ctx.finding(
                    "MKP002", f"The target never closes '<{name}>': the source's '</{name}>' is missing.",
                    target=span, data={"kind": "unclosed", "tag": name},
                )
            else:
                extra = [t for t in target_tags if key(t) == name and t.kind == "close"][-1]
                yield ctx.finding(
                    "MKP002", f"The target has one '</{name}>' more than the source.",
                    target=Span(extra.start, extra.end), data={"kind": "extra-close", "tag": name},
                )
        if not reported and not structure and not source_malformed and nesting_error(source_tags, html_names) is None:
            problem = nesting_error(target_tags, html_names)
            if problem is not None:
                tag, why = problem
                yield ctx.finding(
                    "MKP002", f"{why} in the target; the source's tags nest correctly.",
                    target=Span(tag.start, tag.end), data={"kind": "nesting", "tag": tag.name},
                )
        yield from self._attributes(ctx, src, tgt, source_tags, target_tags, key)

    @staticmethod
    def _without_merged_repeats(src, source_tags, target_tags, missing, key, html_names):
        """Drop the missing elements that repeat another one of the source word for word
        while the target keeps that element: a translation that mentions `<cmd>realm
        join</cmd>` once where the source says it twice reworded, it lost no markup."""
        inner = inner_texts(source_tags, src, html_names)
        kept = {key(t) for t in target_tags if t.kind != "close"}
        seen: Counter = Counter((key(t), inner.get(t.start)) for t in source_tags if t.kind == "open")
        out = []
        for tag in missing:
            text = inner.get(tag.start)
            if tag.kind == "open" and text is not None and key(tag) in kept and seen[(key(tag), text)] > 1:
                seen[(key(tag), text)] -= 1
                continue
            out.append(tag)
        return out

    def _attributes(self, ctx, src, tgt, source_tags, target_tags, key):
        by_source: dict[str, list[Tag]] = defaultdict(list)
        by_target: dict[str, list[Tag]] = defaultdict(list)
        for tag in source_tags:
            if tag.kind != "close":
                by_source[key(tag)].append(tag)
        for tag in target_tags:
            if tag.kind != "close":
                by_target[key(tag)].append(tag)
        for name, tags in by_source.items():
            for s_tag, t_tag in self._pair_tags(tags, by_target.get(name, [])):
                s_attrs = {a.lower(): v for a, v in s_tag.attrs}
                t_attrs = {a.lower(): v for a, v in t_tag.attrs}
                spans = {"source": Span(s_tag.start, s_tag.end), "target": Span(t_tag.start, t_tag.end)}
                lost = [a for a in s_attrs if a not in self._translatable and a not in t_attrs]
                gained = [a for a in t_attrs if a not in s_attrs and a not in self._translatable and not _event_handler(a)]
                for old, new in zip(lost, gained):
                    yield ctx.finding(
                        "MKP003", f"The attribute {old}={_q(s_attrs[old] or '')} of '<{s_tag.name}>' became "
                        f"{new}={_q(t_attrs[new] or '')} in the target.", **spans,
                        data={"kind": "renamed", "attribute": old, "target_attribute": new},
                    )
                for attr in lost[len(gained):]:
                    yield ctx.finding(
                        "MKP003", f"{_q(tgt[t_tag.start:t_tag.end])} lost the attribute {attr}={_q(s_attrs[attr] or '')} "
                        f"of {_q(src[s_tag.start:s_tag.end])}.", **spans,
                        data={"kind": "missing", "attribute": attr},
                    )
                for attr in gained[len(lost):]:
                    yield ctx.finding(
                        "MKP003", f"The target's '<{t_tag.name}>' adds {attr}={_q(t_attrs[attr] or '')}, which the "
                        f"source's tag does not have.", **spans, severity=Severity.MINOR,
                        data={"kind": "added", "attribute": attr},
                    )
                for attr, value in s_attrs.items():
                    if attr in self._translatable or attr not in t_attrs:
                        continue
                    if (value or "").strip().lower() in _DUMMY_VALUES:
                        continue  # a placeholder value shown to a reader: style="whatever"
                    if not _same_value(attr, value, t_attrs[attr]) and not _localised(value, t_attrs[attr], ctx.target_lang):
                        category = "link" if attr in URL_ATTRIBUTES else "attribute"
                        yield ctx.finding(
                            "MKP003", f"The {attr} of '<{t_tag.name}>' changed from {_q(value or '')} to "
                            f"{_q(t_attrs[attr] or '')}; it must stay as in the source.", **spans,
                            data={"kind": "changed", "attribute": attr, "what": category},
                        )

    def _pair_tags(self, source: list[Tag], target: list[Tag]) -> list[tuple[Tag, Tag]]:
        """Source and target elements of one name, paired: first those whose fixed
        attributes are the same (the translation may reorder elements), then the rest in order."""
        def fixed(tag: Tag) -> tuple:
            return tuple(sorted((a.lower(), (v or "").strip()) for a, v in tag.attrs if a.lower() not in self._translatable))

        pairs, left = [], list(target)
        rest = []
        for s_tag in source:
            same = next((t for t in left if fixed(t) == fixed(s_tag)), None)
            if same is None:
                rest.append(s_tag)
            else:
                left.remove(same)
        for s_tag, t_tag in zip(rest, left):
            pairs.append((s_tag, t_tag))
        return pairs

    def _unsafe(self, ctx, s_tags, t_tags, html_names):
        source_names = {t.name.lower() for t in s_tags}
        evident = confirmed_names(t_tags)
        source_values = {(a.lower(), (v or "").strip()) for t in s_tags for a, v in t.attrs}
        for tag in t_tags:
            low = tag.name.lower()
            span = Span(tag.start, tag.end)
            if tag.kind != "close" and low not in source_names and _unsafe_element(low, tag.name in evident):
                yield ctx.finding(
                    "MKP005", f"The target adds the element '<{tag.name}>', which the source does not have and an "
                    f"HTML sanitizer would remove (it can run code or change the page).",
                    target=span, data={"kind": "element", "tag": tag.name},
                )
                continue
            for attr, value in tag.attrs:
                name = attr.lower()
                seen = (name, (value or "").strip()) in source_values
                if _event_handler(name) and not seen:
                    yield ctx.finding(
                        "MKP005", f"The target adds the event handler {name}= to '<{tag.name}>': it runs script.",
                        target=span, data={"kind": "event-handler", "attribute": name},
                    )
                elif name in URL_ATTRIBUTES and value and not seen:
                    scheme = url_scheme(value)
                    if scheme in _ACTIVE_SCHEMES:
                        yield ctx.finding(
                            "MKP005", f"The target's '<{tag.name}>' points {name} at a '{scheme}:' URL, which runs "
                            f"or embeds content; the source has no such URL.",
                            target=span, data={"kind": "url-scheme", "scheme": scheme},
                        )

    # ----- character references -----------------------------------------------

    def _entities(self, ctx, src, tgt, markup):
        s_entities = entities(src)
        if not markup and not any(e.valid for e in s_entities):
            return
        known = {e.text for e in s_entities}
        for entity in entities(tgt):
            if entity.valid or entity.text in known:
                continue
            name = entity.text[1:].rstrip(";")
            import difflib

            close = difflib.get_close_matches(name, _html5_names(), n=1, cutoff=0.75) if not name.startswith("#") else []
            hint = f"; did you mean '&{close[0]};'?" if close else "."
            yield ctx.finding(
                "MKP008", f"{_q(entity.text)} in the target is not a valid character reference{hint}",
                target=Span(entity.start, entity.end),
                suggestion=f"&{close[0]};" if close else None, data={"kind": "invalid", "entity": entity.text},
            )
        lost = src.count("&lt;") - tgt.count("&lt;")
        if markup and lost > 0 and _raw_lt(tgt) > _raw_lt(src):
            first = src.find("&lt;")
            yield ctx.finding(
                "MKP008", "The source's '&lt;' is a raw '<' in the target, which markup reads as the start of a tag.",
                source=Span(first, first + 4), target=Span(0, len(tgt)), data={"kind": "decoded", "entity": "&lt;"},
            )

    # ----- Markdown ------------------------------------------------------------

    def _markdown(self, ctx, src, tgt):
        s_links, t_links = markdown_links(src), markdown_links(tgt)
        s_count = Counter((link.image, link.target) for link in s_links)
        t_count = Counter((link.image, link.target) for link in t_links)
        gone = _last(s_links, s_count - t_count, lambda link: (link.image, link.target))
        new = _last(t_links, t_count - s_count, lambda link: (link.image, link.target))
        for old, fresh in _pair_by_position(gone, new, len(src), len(tgt)):
            what = "image" if (old or fresh).image else "link"
            if old is not None and fresh is not None:
                yield ctx.finding(
                    "MKP006", f"The {what} target {_q(old.target)} became {_q(fresh.target)} in the target.",
                    source=Span(old.start, old.end), target=Span(fresh.start, fresh.end),
                    data={"kind": f"{what}-changed", "source": old.target, "target": fresh.target},
                )
            elif old is not None:
                yield ctx.finding(
                    "MKP006", f"The {what} to {_q(old.target)} of the source is missing from the target.",
                    source=Span(old.start, old.end), target=Span(0, len(tgt)),
                    data={"kind": f"{what}-missing", "source": old.target},
                )
            else:
                yield ctx.finding(
                    "MKP006", f"The target adds a {what} to {_q(fresh.target)}, which the source does not have.",
                    target=Span(fresh.start, fresh.end), data={"kind": f"{what}-added", "target": fresh.target},
                )
        labels = {ref.text for ref in markdown_references(src)} | markdown_definitions(src) | markdown_definitions(tgt)
        for ref in markdown_references(tgt):
            if ref.text not in labels and not ref.text.startswith("-"):
                yield ctx.finding(
                    "MKP006", f"The reference [{ref.text}] of the target is not one the source uses: the link will not resolve.",
                    target=Span(ref.start, ref.end), data={"kind": "reference", "label": ref.text},
                )
        s_code, t_code = code_spans(src), code_spans(tgt)
        s_texts, t_texts = Counter(c.text for c in s_code), Counter(c.text for c in t_code)
        for old, fresh in _pair_by_position(
            _last(s_code, s_texts - t_texts, lambda c: c.text), _last(t_code, t_texts - s_texts, lambda c: c.text),
            len(src), len(tgt),
        ):
            if old is not None and fresh is not None:
                yield ctx.finding(
                    "MKP006", f"The inline code `{old.text}` became `{fresh.text}`; code is not translated.",
                    source=Span(old.start, old.end), target=Span(fresh.start, fresh.end), data={"kind": "code-changed"},
                )
            elif old is not None and old.text and old.text in tgt:
                where = tgt.find(old.text)
                yield ctx.finding(
                    "MKP006", f"The inline code `{old.text}` is plain text in the target: its backticks are missing.",
                    source=Span(old.start, old.end), target=Span(where, where + len(old.text)),
                    severity=Severity.MINOR, data={"kind": "code-unquoted"},
                )
            elif old is not None:
                yield ctx.finding(
                    "MKP006", f"The inline code `{old.text}` of the source is missing from the target.",
                    source=Span(old.start, old.end), target=Span(0, len(tgt)), data={"kind": "code-missing"},
                )
        s_marks = emphasis_markers(src, s_code)
        t_marks = emphasis_markers(tgt, t_code)
        for marker in ("**", "__"):
            s_n = sum(1 for m, _ in s_marks if m == marker)
            t_marks_of = [pos for m, pos in t_marks if m == marker]
            if s_n % 2 == 0 and len(t_marks_of) % 2 == 1:
                pos = t_marks_of[-1]
                yield ctx.finding(
                    "MKP006", f"The target's '{marker}' emphasis markers do not pair up ({len(t_marks_of)} of them; "
                    f"the source has {s_n}).", target=Span(pos, pos + 2), data={"kind": "emphasis"},
                )

    # ----- BBCode --------------------------------------------------------------

    def _bbcode(self, ctx, src, tgt):
        s_all, t_all = bbcode_tags(src), bbcode_tags(tgt)
        names = bbcode_names(s_all) | bbcode_names(t_all)
        if not names:
            return
        s_tags = [t for t in s_all if t.name in names]
        t_tags = [t for t in t_all if t.name in names]
        s_count = Counter((t.closing, t.name) for t in s_tags)
        t_count = Counter((t.closing, t.name) for t in t_tags)
        gone = _last(s_tags, s_count - t_count, lambda t: (t.closing, t.name))
        new = _last(t_tags, t_count - s_count, lambda t: (t.closing, t.name))
        for old, fresh in _pair_by_position(gone, new, len(src), len(tgt)):
            if old is not None and fresh is not None:
                yield ctx.finding(
                    "MKP007", f"{_q(src[old.start:old.end])} of the source became {_q(tgt[fresh.start:fresh.end])}.",
                    source=Span(old.start, old.end), target=Span(fresh.start, fresh.end), data={"kind": "renamed"},
                )
            elif old is not None:
                yield ctx.finding(
                    "MKP007", f"{_q(src[old.start:old.end])} of the source is missing from the target.",
                    source=Span(old.start, old.end), target=Span(0, len(tgt)), data={"kind": "missing", "tag": old.name},
                )
            else:
                yield ctx.finding(
                    "MKP007", f"The target adds {_q(tgt[fresh.start:fresh.end])}, which the source does not have.",
                    target=Span(fresh.start, fresh.end), data={"kind": "added", "tag": fresh.name},
                )
        if gone or new:
            return
        s_open = [t for t in s_tags if not t.closing]
        t_open = [t for t in t_tags if not t.closing]
        per_name: dict[str, list] = defaultdict(list)
        for tag in t_open:
            per_name[tag.name].append(tag)
        for s_tag in s_open:
            if s_tag.value is None or s_tag.name not in _BBCODE_FIXED_VALUES or not per_name.get(s_tag.name):
                continue
            t_tag = per_name[s_tag.name].pop(0)
            if (t_tag.value or "").strip() != s_tag.value.strip():
                yield ctx.finding(
                    "MKP007", f"The value of [{s_tag.name}=…] changed from {_q(s_tag.value)} to {_q(t_tag.value or '')}.",
                    source=Span(s_tag.start, s_tag.end), target=Span(t_tag.start, t_tag.end), data={"kind": "value-changed"},
                )

    # ----- the document ----------------------------------------------------------

    def check_document(self, document, ctx):
        if not self._malformed:
            return
        unit, broken = self._malformed[0]
        more = len(self._malformed) - 1
        others = f" ({more} more unit{'s' if more != 1 else ''} like it)" if more else ""
        yield ctx.finding(
            "MKP009", f"The source's markup does not parse: {_q(unit.source.text[broken.start:broken.end])} "
            f"({broken.reason}){others}; tags were compared where they could be.",
            unit=unit, source=Span(broken.start, broken.end), data={"units": len(self._malformed)},
        )


def _same_value(attr: str, source: str | None, target: str | None) -> bool:
    """Attribute values that say the same: equal but for surrounding spaces; for a URL,
    also a root path written with or without its '/', and a target that only adds a
    fragment (`page` -> `page#section`: the same page, a more precise place)."""
    a, b = (source or "").strip(), (target or "").strip()
    if a == b:
        return True
    if attr not in URL_ATTRIBUTES and attr != "xref":
        return False
    if "#" not in a and b.split("#", 1)[0] == a:
        return True
    return _root(a) == _root(b)


def _localised(source: str | None, target: str | None, target_lang: str | None) -> bool:
    """A link the translation points at the target language's version of a page: the
    target's host or path names the target language (`fr.wikipedia.org`, `/fr/`,
    `?lang=fr`) and the source's does not."""
    if not target_lang or not source or not target:
        return False
    lang = re.split(r"[-_]", target_lang)[0].lower()
    marker = re.compile(rf"(?:^[a-z][a-z0-9+.-]*://{lang}[.-]|[/.=]{lang}(?:[-_][a-z]{{2,4}})?(?:[/.&#?]|$))", re.IGNORECASE)
    return bool(marker.search(target.strip())) and not marker.search(source.strip())


def _root(url: str) -> str:
    match = re.match(r"^([a-z][a-z0-9+.-]*://[^/?#]+)/?$", url, re.IGNORECASE)
    return match.group(1).lower() if match else url


def _blank_code(text: str) -> str:
    """The text with its Markdown code spans blanked out (same length, so offsets hold)."""
    spans = code_spans(text)
    if not spans:
        return text
    out, last = [], 0
    for code in spans:
        out.append(text[last:code.start])
        out.append(" " * (code.end - code.start))
        last = code.end
    out.append(text[last:])
    return "".join(out)


def _event_handler(name: str) -> bool:
    return len(name) > 2 and name.startswith("on") and name[2:].isalpha()


def _raw_lt(text: str) -> int:
    return text.count("<")


def _last(items, excess: Counter, key) -> list:
    """The last `excess[k]` items of each key k, in text order: the ones without a counterpart."""
    want = Counter(excess)
    picked = []
    for item in reversed(items):
        k = key(item)
        if want[k] > 0:
            want[k] -= 1
            picked.append(item)
    picked.reverse()
    return picked


def _pair_by_position(gone: list, new: list, src_len: int, tgt_len: int):
    """(old, new) pairs: a missing item and an added one at about the same place of
    their texts are one change; the rest stand alone (None on the other side)."""
    if not gone or not new:
        yield from ((g, None) for g in gone)
        yield from ((None, n) for n in new)
        return
    if len(gone) == len(new):
        yield from zip(gone, new)
        return
    left = list(new)
    for g in gone:
        if not left:
            yield g, None
            continue
        where = g.start / max(1, src_len)
        best = min(left, key=lambda n: abs(n.start / max(1, tgt_len) - where))
        left.remove(best)
        yield g, best
    yield from ((None, n) for n in left)


def _q(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


@hookimpl
def tqa_register_checks():
    return [Markup]
