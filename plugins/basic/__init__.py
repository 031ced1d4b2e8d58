"""Checks every bilingual file needs: something was translated, the translation is
not a copy of the source, and the variables and inline codes of the source survive.

pofilter strips inline codes before it checks, so a dropped or renumbered XLIFF code
is invisible to it; here codes are compared as the XLIFF model keeps them.
"""

from __future__ import annotations

import re
from collections import Counter, deque

from qa_core import Check, Option, Rule, Severity, Span, hookimpl
from qa_core.model import Code, CodeKind, Content, Unit
from .plurals import PluralForms
from qa_core.text import Placeholder, PrintfSpec, has_letters, is_strftime, placeholders, printf_spec, unit_placeholder_styles

_URLISH = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+|(?:[\w.-]+/)+[\w.-]*|[\w-]+\.(?:com|org|net|vn|gov|edu|io)\b)",
    re.IGNORECASE,
)
_IDENTIFIER = re.compile(r"^[A-Za-z_][\w.]*(?:[A-Z_][\w.]*)+$|^[a-z]+(?:_[a-z0-9]+)+$|^[\w.-]+\.[a-z]{2,4}$")
_CONNECTORS = {"of", "and", "the", "for", "de", "du", "la", "le", "von", "van", "in", "on", "to", "at", "or", "&", "-", "–"}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


_BRACE_FORMATS = frozenset({"python-brace-format", "csharp-format", "javascript-format", "qt-format", "kde-format"})
#: gettext flags of formats whose directives start with '~' (`~a`, `~%` a line break): a
#: '%' there is literal text, never a printf conversion
_TILDE_FORMATS = frozenset({"lisp-format", "scheme-format"})
#: a directive of those formats: `~a`, `~S`, `~%` (a line break), `~&`
_TILDE_DIRECTIVE = re.compile(r"~[A-Za-z%&*^|]")


_C_SOURCE = re.compile(r"\.c(?::\d+)?$")


def _from_c_sources(unit: Unit) -> bool:
    """A PO message every reference of which is a C source file (`#: misc/tune2fs.c:2900`):
    the program formats it with printf or not at all, so braces ({device}) are literal text,
    often a command's metavariable the translator may translate. Not C++ (`.cpp`, `.h`):
    Qt, Godot and fmt format with braces."""
    refs = unit.get("references")
    return bool(refs) and all(_C_SOURCE.search(ref) for ref in refs.split())


def _c_format(unit: Unit) -> bool:
    return "c-format" in unit.flags


def _strip_noise(text: str) -> str:
    """The source without URLs, e-mail addresses, placeholders and paths."""
    text = _URLISH.sub(" ", text)
    for ph in reversed(placeholders(text)):
        text = text[: ph.start] + " " + text[ph.end :]
    return text


# what is not prose in a source: markup whose content is code, attributes, options,
# metavariables, synopsis brackets (Mallard <input>, `external ref='…' md5='…'`, `[--all] <path>`)
_CODE_ELEMENTS = re.compile(r"<(input|output|code|cmd|sys|file|var|key|keyseq|app|command|screen)\b[^>]*>.*?</\1>", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
_ATTRIBUTE = re.compile(r"[\w:-]+=(?:'[^']*'|\"[^\"]*\"|\S+)")
_OPTION = re.compile(r"(?<![\w-])--?\[?[\w][\w\[\]-]*(?:=\S*)?")
_METAVAR = re.compile(r"<[^<>\s][^<>]*>")
_SYNOPSIS = re.compile(r"(?<![\w-])--?\w|<[\w-]+>|\[[^\]\s]|\s\|\s|\w\|\w")
_ALTERNATIVES = re.compile(r"[\w<>.-]+(?:\|[\w<>.-]+)+|\b\w+_\w+\b")
_CODE_OPERATOR = re.compile(r"\s(?:!=|==|&&|\|\||<=|>=)\s|\w\)?->%?\w")
_INTERNAL_PREFIX = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+(?:\(\))?:\s")
_FILE_EXTENSION = re.compile(r"(?<![\w])\.[a-z0-9]{1,5}(?:\.[a-z0-9]{1,5})*\b")
#: a name written with a dot between letters, no space: a service or domain ("Last.fm", "audio.com"),
#: a module or file ("os.path", "Thumbs.db")
_DOTTED_NAME = re.compile(r"(?<![\w.])[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)+(?![\w.])")
_SENTENCE_END = re.compile(r"(?<!\.)[.!?](?!\.)(?:\s|$)")
_PROSE_WORD = re.compile(r"^[a-zà-ỹđ][a-zà-ỹđ'’]+$")


def _prose_words(source: str) -> list[str]:
    """The lowercase words of running text in `source`: no names (capitalised words), no
    markup code, attributes, options, metavariables, placeholders, URLs or paths."""
    text = _CODE_ELEMENTS.sub(" ", source)
    text = _TAG.sub(" ", text)
    text = _ATTRIBUTE.sub(" ", text)
    text = _OPTION.sub(" ", text)
    text = _METAVAR.sub(" ", text)
    text = _ALTERNATIVES.sub(" ", text)
    text = _FILE_EXTENSION.sub(" ", text)
    text = _DOTTED_NAME.sub(" ", text)
    text = _strip_noise(text)
    words = []
    for word in _WORD.findall(text):
        if word.lower() in _CONNECTORS or _IDENTIFIER.match(word):
            continue
        if _PROSE_WORD.match(word):  # a capitalised first word may be a name: it does not count
            words.append(word)
    return words


def _program(ctx) -> str | None:
    """The program a PO file translates (the first word of Project-Id-Version), lowercased."""
    for key, value in ctx.document.properties:
        if key == "project" and value.strip():
            return value.split()[0].lower()
    return None


def _primary(lang: str | None) -> str | None:
    return lang.split("-")[0].split("_")[0].lower() if lang else None


class Completeness(Check):
    """Targets that are missing, empty, or copies of the source."""

    name = "completeness"
    needs_target = False
    rules = (
        Rule("BAS001", "untranslated", Severity.MAJOR, "Accuracy/Untranslated",
             "The source has text but the target is missing or empty."),
        Rule("BAS002", "target-same-as-source", Severity.MINOR, "Accuracy/Untranslated",
             "The target is a copy of the source although the source has words to translate."),
        Rule("BAS006", "fuzzy-translation", Severity.MAJOR, "Accuracy/Untranslated",
             "The translation is marked fuzzy (outdated): programs will not use it."),
    )
    options = (
        Option("min-words", 2, "BAS002 only flags sources with at least this many words (single words are "
               "often legitimately the same: Insulin, Internet, ASEAN)."),
        Option("allow", [], "Sources that may stay untranslated (exact text), e.g. product names.", type="array"),
    )

    def check_unit(self, unit, ctx):
        if not unit.translate or not unit.source.text.strip():
            return
        if unit.get("align:link") == "1-0":
            return  # a source paragraph the aligner found no counterpart for: the omission check reports it (OMI001)
        target = unit.target
        if target is None or not target.text.strip():
            if target is not None and target.codes and not has_letters(unit.source.text):
                return  # a code-only source with its codes copied over is done
            if target is None:
                message = f"No translation: the target of {_quote(unit.source.text)} is missing."
            else:
                message = f"No translation: the target of {_quote(unit.source.text)} is empty."
            yield ctx.finding("BAS001", message, source=Span(0, len(unit.source.text)),
                              target=Span(0, len(target.text)) if target is not None else None)
            return
        if unit.untranslated_copy:
            yield ctx.finding("BAS001", f"No translation: the target of {_quote(unit.source.text)} is a copy of the "
                              f"source that the file marks {_marked(unit)} (not translated yet).",
                              source=Span(0, len(unit.source.text)), target=Span(0, len(target.text)))
            return
        if unit.fuzzy:
            yield ctx.finding(
                "BAS006",
                f"The translation of {_quote(unit.source.text)} is marked fuzzy: gettext shows the source "
                f"instead until it is reviewed and the flag removed.",
                source=Span(0, len(unit.source.text)),
                target=Span(0, len(target.text)),
            )
            return
        if _primary(ctx.source_lang) and _primary(ctx.source_lang) == _primary(ctx.target_lang):
            return  # a revision or a same-language pair: identical is expected
        if unit.get("resource:format"):
            return  # resource files: RES003 judges copies, with exceptions for UI strings
        if _normalise(target.text) != _normalise(unit.source.text):
            return
        if self._may_stay(unit.source.text, _program(ctx), tilde=bool(_TILDE_FORMATS & set(unit.flags))):
            return
        yield ctx.finding(
            "BAS002",
            f"The target repeats the source {_quote(unit.source.text)} untranslated.",
            source=Span(0, len(unit.source.text)),
            target=Span(0, len(target.text)),
        )

    def _may_stay(self, source: str, program: str | None = None, tilde: bool = False) -> bool:
        if source.strip() in self.settings["allow"]:
            return True
        if tilde:  # a Lisp or Scheme format: `~a`, `~s`, `~%` are directives ("~ah ~am" is hours and minutes)
            source = _TILDE_DIRECTIVE.sub(" ", source)
        token = source.strip()
        if not any(ch.isspace() for ch in token) and not token.isalpha():
            return True  # one token that is not a word: a keyword list ("yard,yards,yd"), a code
        minimum = max(1, int(self.settings["min-words"]))
        if _CODE_OPERATOR.search(source) or _INTERNAL_PREFIX.match(token):
            return True  # code or an internal diagnostic: "fd (%d) != fileno", "start_pipeline: pgrp pipe"
        prose = _prose_words(source)
        if minimum == 1 and not prose and _PROSE_WORD.match(token.lower()) and token[1:].islower():
            prose = [token]  # asked to flag single words: "Cancel" counts
        if len(set(prose)) < minimum:
            # names, product and partition-type names, markup references, key=value dumps; one
            # word repeated is one word: a list of values and their unit ("12 fps\n24 fps", "8 bit\n16 bit")
            return True
        first = token.split()[0].lower()
        command = program is not None and (first == program or first.startswith(program + "-"))
        synopsis = _SYNOPSIS.search(source) is not None
        # a sentence ends with one stop; a synopsis's "..." repeats what comes before it
        if not _SENTENCE_END.search(token) and ((len(prose) <= 3 and (synopsis or command)) or (synopsis and command)):
            return True  # a command line or synopsis: "git reflog list", "scalar delete <enlistment>"
        text = _strip_noise(source)
        words = _WORD.findall(text)
        if len(words) < minimum:
            return True
        if _IDENTIFIER.match(source.strip()):
            return True
        # names and titles: every word capitalised (Peace Corps, Fulbright University Vietnam)
        significant = [w for w in words if w.lower() not in _CONNECTORS]
        if 2 <= len(significant) <= 6 and all(w[0].isupper() for w in significant):
            return True
        return False


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _marked(unit) -> str:
    """How the file marks an untranslated copy: `state="needs-translation"` (XLIFF 1.2) or
    `state="initial"` (XLIFF 2)."""
    for segment in unit.segments:
        if not segment.ignorable and segment.sub_state:
            return f'state="{segment.sub_state.partition(":")[2]}"'
    return 'state="initial"'


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


class Placeholders(Check):
    """Variables of format strings must survive translation, each as many times."""

    name = "placeholders"
    rules = (
        Rule("BAS003", "placeholder-mismatch", Severity.MAJOR, "Design and markup/Markup tag",
             "A placeholder of the source is missing from the target, or the target adds one."),
    )
    options = (
        Option("styles", ["printf", "brace", "double-brace", "percent-name", "dollar-brace", "qt", "ruby"],
               "Placeholder syntaxes to compare when the file does not say (its PO format flags, XLIFF "
               "datatype/restype or resource format decide otherwise).", type="array"),
    )

    def check_unit(self, unit, ctx):
        target = unit.target
        if not unit.translate or target is None or not target.text.strip():
            return
        if not any(ch in text for text in (unit.source.text, target.text) for ch in "%{$:"):
            return  # every placeholder style starts with one of these (see qa_core.text.placeholders)
        styles = unit_placeholder_styles(unit) or frozenset(self.settings["styles"])
        flags = unit.flags
        if "no-c-format" in flags or flags & _TILDE_FORMATS or (
                "c-format" not in flags and (is_strftime(unit.source.text) or is_strftime(target.text))):
            # `#, no-c-format` says the % signs are not printf (and `#, lisp-format` that
            # `~%` is a line break); a strftime/strptime format
            # ('%Y-%m-%d', '%a %e %b') may be reordered and reworded by the translator
            styles = styles - {"printf"}
        c_format = "c-format" in flags
        if (c_format or _from_c_sources(unit)) and not flags & _BRACE_FORMATS:
            # a C format string: braces ({device}) and ${x} are literal text there
            styles = styles & {"printf"}
            if not styles:
                return  # a strftime format in a C program: nothing to compare
        # ICU `=0`/`offset:` keys are syntax a translation may change: not compared
        src = [p for p in placeholders(unit.source.text, c_format=c_format, styles=styles) if p.style != "icu-key"]
        tgt = [p for p in placeholders(target.text, c_format=c_format, styles=styles) if p.style != "icu-key"]
        if tgt and not any(p.style == "apple-var" for p in src):
            # an Apple substitution (`%#@count@`) the target brings where the source needed
            # none stands for plural forms the target language needs, each checked as a unit
            tgt = [p for p in tgt if p.style != "apple-var"]
        if not src and not tgt:
            return
        if len(src) == len(tgt) and _same_placeholders(src, tgt):
            return  # the same placeholders in the same order (most units): nothing _compare or _printf can report
        single = unit.get("plural-single") == "yes"
        yield from self._compare(unit, ctx, [p for p in src if p.style != "printf"], [p for p in tgt if p.style != "printf"])
        yield from self._printf(unit, ctx, [p for p in src if p.style == "printf"], [p for p in tgt if p.style == "printf"], single)

    def _compare(self, unit, ctx, src: list[Placeholder], tgt: list[Placeholder]):
        """Named and indexed placeholders ({name}, {{ x }}, %name%, ${x}): each as many times."""
        src_count = Counter(p.key for p in src)
        tgt_count = Counter(p.key for p in tgt)
        if _pipe_plural(unit.source.text) and _pipe_plural(unit.target.text):
            # Symfony "one|many" plurals: the target language may have more (or fewer)
            # forms, each repeating the placeholder: compare which ones occur, not how often
            src_count = Counter(set(src_count))
            tgt_count = Counter(set(tgt_count))
        whole = Span(0, len(unit.target.text))
        last_src = {p.key: p for p in src}  # the last of each key, found once
        last_tgt = {p.key: p for p in tgt}
        for key, count in (src_count - tgt_count).items():
            yield self._missing(ctx, last_src[key], whole, count, src_count[key])
        for key, count in (tgt_count - src_count).items():
            yield self._added(ctx, last_tgt[key], count, src_count[key], tgt_count[key])

    def _missing(self, ctx, example: Placeholder, whole: Span, count: int, total: int):
        times = "" if count == 1 else f" ({count} of {total})"
        return ctx.finding(
            "BAS003",
            f"Placeholder '{example.text}' of the source is missing from the target{times}.",
            source=Span(example.start, example.end), target=whole,
            data={"kind": "missing", "placeholder": example.text, "count": count},
        )

    def _added(self, ctx, example: Placeholder, count: int, in_source: int = 0, in_target: int = 0):
        times = "" if count == 1 else f" ({count} times)"
        message = f"Placeholder '{example.text}' in the target is not in the source{times}."
        if in_source:
            message = (f"Placeholder '{example.text}' occurs {in_target} times in the target "
                       f"but {in_source} {'time' if in_source == 1 else 'times'} in the source.")
        return ctx.finding(
            "BAS003",
            message,
            target=Span(example.start, example.end),
            data={"kind": "added", "placeholder": example.text, "count": count},
        )

    def _printf(self, unit, ctx, src: list[Placeholder], tgt: list[Placeholder], single: bool):
        """printf conversions compared argument by argument, as the C library reads them:
        unnumbered ones take the arguments in order (a `*` width or precision takes one
        too), numbered ones (`%2$s`) name theirs, so `%s %s` -> `%2$s %1$s` is the same
        call. Per argument: present, same type, same flags, width, precision and length."""
        if not src and not tgt:
            return
        src_args, tgt_args = _arguments(src), _arguments(tgt)
        whole = Span(0, len(unit.target.text))
        src_seq = [a for a in src_args if a.placeholder.positional is False and not a.star]
        tgt_seq = [a for a in tgt_args if a.placeholder.positional is False and not a.star]
        by_slot_src: dict[str, list[_Arg]] = {}
        by_slot_tgt: dict[str, list[_Arg]] = {}
        for arg in src_args:
            by_slot_src.setdefault(arg.slot, []).append(arg)
        for arg in tgt_args:
            by_slot_tgt.setdefault(arg.slot, []).append(arg)
        # unnumbered on both sides with the same types in another order: one finding, the swap
        if (
            len(src_seq) >= 2 and len(src_seq) == len(src_args) and len(tgt_seq) == len(tgt_args)
            and sorted(a.kind for a in src_seq) == sorted(a.kind for a in tgt_seq)
            and [a.kind for a in src_seq] != [a.kind for a in tgt_seq]
        ):
            first = next(i for i, (a, b) in enumerate(zip(src_seq, tgt_seq)) if a.kind != b.kind)
            a, b = tgt_seq[first].placeholder, src_seq[first].placeholder
            yield ctx.finding(
                "BAS003",
                f"Unnumbered placeholders change order ('{b.text}' is now '{a.text}'); use numbered ones such as "
                f"'%1$s' to reorder.",
                source=Span(b.start, b.end), target=Span(a.start, a.end), severity=Severity.CRITICAL,
                data={"kind": "order"},
            )
            return
        missing: list[_Arg] = []
        added: list[_Arg] = []
        reported: set[tuple[str, str]] = set()
        for slot in sorted(set(by_slot_src) | set(by_slot_tgt), key=_slot_order):
            befores, afters = by_slot_src.get(slot, []), by_slot_tgt.get(slot, [])
            if not afters:
                missing.extend(befores)
                continue
            if not befores:
                added.extend(afters)
                continue
            before, after = befores[0], afters[0]
            if slot.startswith("%(") and len(afters) != len(befores):
                # a named Python argument may be used any number of times, but each use counts
                if len(afters) < len(befores):
                    missing.extend(befores[len(afters):])
                else:
                    added.extend(afters[len(befores):])
            changed = next((a for a in afters if a.kind != before.kind), None)
            if changed is not None:
                yield ctx.finding(
                    "BAS003",
                    f"Placeholder '{before.placeholder.text}' became '{changed.placeholder.text}' in the target: "
                    f"the argument type changes.",
                    source=_span(before.placeholder), target=_span(changed.placeholder),
                    severity=Severity.CRITICAL,
                    data={"kind": "type-changed", "source": before.placeholder.text, "target": changed.placeholder.text},
                )
                continue
            reformed = next((a for a in afters if a.form != before.form), None)
            if reformed is not None and (before.placeholder.text, reformed.placeholder.text) not in reported:
                reported.add((before.placeholder.text, reformed.placeholder.text))
                yield ctx.finding(
                    "BAS003",
                    f"Placeholder '{before.placeholder.text}' became '{reformed.placeholder.text}' in the target: "
                    f"{_form_difference(before, reformed)}.",
                    source=_span(before.placeholder), target=_span(reformed.placeholder),
                    data={"kind": "format-changed", "source": before.placeholder.text, "target": reformed.placeholder.text},
                )
        if single:
            # a plural form used for one n only may leave the number out ("một tệp"), as msgfmt allows
            missing = []
        for arg in missing:
            key = ("m", arg.placeholder.text)
            if key in reported:
                continue
            reported.add(key)
            same = [a for a in missing if a.placeholder.text == arg.placeholder.text]
            total = sum(1 for a in src_args if a.placeholder.text == arg.placeholder.text)
            yield self._missing(ctx, same[-1].placeholder, whole, len(same), total)
        for arg in added:
            key = ("a", arg.placeholder.text)
            if key in reported:
                continue
            reported.add(key)
            same = [a for a in added if a.placeholder.text == arg.placeholder.text]
            yield self._added(ctx, same[-1].placeholder, len(same))


def _same_placeholders(src: list[Placeholder], tgt: list[Placeholder]) -> bool:
    """Whether the two sides hold the same placeholders in the same order: as written,
    with the same key, style and numbering (only their places differ). Both comparisons
    then find nothing: the same keys as often, the same printf arguments in the same order."""
    return all(a.text == b.text and a.key == b.key and a.style == b.style and a.positional == b.positional
               for a, b in zip(src, tgt))


def _pipe_plural(text: str) -> bool:
    """Whether `text` may be a Symfony pipe plural ("one apple|%count% apples",
    "{0} none|]1,Inf[ many"): variants separated by '|'. Checked on both sides."""
    return "|" in text


class _Arg:
    """One argument a printf format consumes: its slot, type and how it is formatted."""

    __slots__ = ("slot", "kind", "form", "placeholder", "star", "spec")

    def __init__(self, slot: str, kind: str, form: str, placeholder: Placeholder, star: bool, spec: PrintfSpec | None) -> None:
        self.slot, self.kind, self.form, self.placeholder, self.star, self.spec = slot, kind, form, placeholder, star, spec


def _arguments(found: list[Placeholder]) -> list[_Arg]:
    """The arguments a list of printf placeholders consumes, in order."""
    out: list[_Arg] = []
    following = 1
    for p in found:
        spec = printf_spec(p.text)
        if spec is None:
            out.append(_Arg(p.key, p.key, "", p, False, None))
            continue
        if spec.name:
            out.append(_Arg(f"%({spec.name})", spec.kind, spec.form, p, False, spec))
            continue
        if spec.pos:
            out.append(_Arg(spec.pos, spec.kind, spec.form, p, False, spec))
            continue
        for star in (spec.width == "*", spec.precision == "*"):
            if star:
                out.append(_Arg(str(following), "int", "*", p, True, spec))
                following += 1
        out.append(_Arg(str(following), spec.kind, spec.form, p, False, spec))
        following += 1
    return out


def _slot_order(slot: str) -> tuple[int, str]:
    return (int(slot), "") if slot.isdigit() else (1 << 30, slot)


def _span(p: Placeholder) -> Span:
    return Span(p.start, p.end)


def _form_difference(before: _Arg, after: _Arg) -> str:
    a, b = before.spec, after.spec
    if a is None or b is None or before.star or after.star:
        return "the width or precision argument changes"
    parts = []
    if "".join(sorted(set(a.flags))) != "".join(sorted(set(b.flags))):
        parts.append(f"flags '{a.flags}' became '{b.flags}'" if a.flags and b.flags else
                     (f"flag '{a.flags}' dropped" if a.flags else f"flag '{b.flags}' added"))
    if (a.width or "") != (b.width or ""):
        parts.append(f"width {a.width or 'none'} became {b.width or 'none'}")
    if a.precision != b.precision:
        parts.append(f"precision {a.precision if a.precision is not None else 'none'} became "
                     f"{b.precision if b.precision is not None else 'none'}")
    if (a.length or "") != (b.length or ""):
        parts.append(f"length modifier '{a.length or ''}' became '{b.length or ''}'")
    return ", ".join(parts) or "the formatting changes"


class InlineCodes(Check):
    """XLIFF inline codes (formatting, links, variables) must survive translation."""

    name = "inline-codes"
    rules = (
        Rule("BAS004", "inline-code-mismatch", Severity.MAJOR, "Design and markup/Markup tag",
             "An inline code of the source is missing, added, or renumbered in the target."),
    )

    def check_unit(self, unit, ctx):
        target = unit.target
        if not unit.translate or target is None:
            return
        if not target.text.strip() and not target.codes:
            return  # untranslated: BAS001's business
        src = _code_tokens(unit.source)
        tgt = _code_tokens(target)
        if not src and not tgt:
            return
        src_keys = Counter(key for key, _ in src)
        tgt_keys = Counter(key for key, _ in tgt)
        missing = src_keys - tgt_keys
        extra = tgt_keys - src_keys
        renumbered = _renumbered(src, tgt, missing, extra)
        for code_src, code_tgt in renumbered:
            missing[_key(code_src)] -= 1
            extra[_key(code_tgt)] -= 1
            yield ctx.finding(
                "BAS004",
                f"Inline code {_show(code_src)} was renumbered to {_show(code_tgt)} in the target.",
                source=Span(code_src.pos, code_src.pos), target=Span(code_tgt.pos, code_tgt.pos),
                data={"kind": "renumbered", "source_id": code_src.id, "target_id": code_tgt.id},
            )
        for code in _codes_for(src, missing):
            yield ctx.finding(
                "BAS004",
                f"Inline code {_show(code)} of the source is missing from the target.",
                source=Span(code.pos, code.pos), target=Span(0, len(target.text)),
                data={"kind": "missing", "id": code.id, "code": code.kind.value},
            )
        for code in _codes_for(tgt, extra):
            yield ctx.finding(
                "BAS004",
                f"Inline code {_show(code)} in the target is not in the source.",
                target=Span(code.pos, code.pos),
                data={"kind": "added", "id": code.id, "code": code.kind.value},
            )


def _key(code: Code) -> tuple[str, str | None]:
    kind = code.kind.value.lstrip("/")
    return (("/" if code.kind is CodeKind.PC_CLOSE else "") + kind, code.id)


def _code_tokens(content: Content) -> list[tuple[tuple[str, str | None], Code]]:
    # a paired code counts once, by its opening half; closings follow from XML nesting
    return [(_key(c), c) for c in content.inline_codes if c.kind is not CodeKind.PC_CLOSE]


def _codes_for(tokens, tally: Counter) -> list[Code]:
    left = Counter({k: v for k, v in tally.items() if v > 0})
    out = []
    for key, code in tokens:
        if left[key] > 0:
            left[key] -= 1
            out.append(code)
    return out


def _renumbered(src, tgt, missing: Counter, extra: Counter) -> list[tuple[Code, Code]]:
    """Codes of the same kind and native data whose id changed: each lost code takes
    the first added code of its kind whose data is the same or unknown (either side
    None). Linear: queues per (kind, data), per (kind, no data) and per kind, each
    code leaving each queue once (1M <ph/> in a unit must not cost 10^12 steps)."""
    lost = _codes_for(src, missing)
    added = _codes_for(tgt, extra)
    by_data: dict[tuple, deque] = {}
    by_kind: dict = {}
    for index, code in enumerate(added):
        by_data.setdefault((code.kind, code.data), deque()).append(index)
        by_kind.setdefault(code.kind, deque()).append(index)
    used: set[int] = set()

    def first(queue: deque | None) -> int | None:
        while queue and queue[0] in used:
            queue.popleft()
        return queue[0] if queue else None

    pairs = []
    for code in lost:
        if code.data is None:
            choice = first(by_kind.get(code.kind))
        else:
            candidates = [i for i in (first(by_data.get((code.kind, code.data))), first(by_data.get((code.kind, None)))) if i is not None]
            choice = min(candidates) if candidates else None
        if choice is not None:
            used.add(choice)
            pairs.append((code, added[choice]))
    return pairs


def _show(code: Code) -> str:
    name = {CodeKind.PC_OPEN: "pc", CodeKind.SC: "sc", CodeKind.EC: "ec", CodeKind.PH: "ph"}.get(code.kind, code.kind.value)
    native = f" ({code.data!r})" if code.data else ""
    return f"<{name} id=\"{code.id}\">{native}" if code.id is not None else f"<{name}>{native}"


class Whitespace(Check):
    """Leading and trailing whitespace carries layout in software strings."""

    name = "whitespace"
    rules = (
        Rule("BAS005", "boundary-whitespace", Severity.MINOR, "Design and markup/Layout",
             "The target starts or ends with different whitespace than the source."),
        Rule("BAS009", "space-after-final-stop", Severity.MINOR, "Design and markup/Layout",
             "A space after the last sentence's end mark (. ! ? …) that the source does not have.",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
    )

    def check_unit(self, unit, ctx):
        target = unit.target
        if not unit.translate or target is None or not target.text.strip():
            return
        source = unit.source.text
        text = target.text
        for where, src_ws, tgt_ws, span in (
            ("starts", _lead(source), _lead(text), Span(0, len(_lead(text)))),
            ("ends", _trail(source), _trail(text), Span(len(text) - len(_trail(text)), len(text))),
        ):
            if _ws_class(src_ws) != _ws_class(tgt_ws):
                if _padding(src_ws, tgt_ws) and _columns(source, where) and _columns(text, where):
                    continue  # both lines laid out in columns: the spaces at the end pad a column
                # a space the target adds after the last sentence's end mark (no line break on
                # either side) is a rule of its own, off on software strings: it never shows
                # there. A space the source has and the target drops stays BAS005: the string
                # that follows at run time is glued on (8 of git's real fixes restored one)
                final = (where == "ends" and not src_ws and "\n" not in tgt_ws
                         and _final_stop(source) and _final_stop(text))
                yield ctx.finding(
                    "BAS009" if final else "BAS005",
                    f"The source {where} with {_describe(src_ws)} but the target {where} with {_describe(tgt_ws)}.",
                    target=span,
                    data={"where": where},
                )


def _lead(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trail(text: str) -> str:
    return text[len(text.rstrip()) :]


#: a sentence's end mark (. ! ? … and the CJK full-width forms) before the trailing whitespace,
#: past closing quotes and brackets
_FINAL_STOP = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s*$")


def _final_stop(text: str) -> bool:
    """Whether the text's last visible character ends a sentence (`Done.`, `Really?"`)."""
    return _FINAL_STOP.search(text) is not None


#: a gap of two or more spaces between two visible characters: text laid out in columns
_COLUMN_GAP = re.compile(r"\S {2,}\S")


def _columns(text: str, where: str) -> bool:
    """Whether the line at that end of the text ("starts": the first, "ends": the last)
    is laid out in columns (`type  :q<Enter>     to exit`)."""
    line = text.split("\n", 1)[0] if where == "starts" else text.rsplit("\n", 1)[-1]
    return _COLUMN_GAP.search(line) is not None


def _padding(*sides: str) -> bool:
    """Whitespace of spaces only (no line break, no tab): what pads a column."""
    return all(ch == " " for ws in sides for ch in ws)


def _ws_class(ws: str) -> tuple[int, bool]:
    """Compare newlines exactly and spaces only as present or not. Around line breaks only
    the spaces after the last one show (the indentation of the first line, or what a
    concatenated string follows); a space before a line break or between two ends a
    line and is never seen, so it does not count."""
    visible = ws[ws.rfind("\n") + 1 :]
    return (ws.count("\n"), bool(visible))


def _describe(ws: str) -> str:
    """Whitespace in words, naming what lies between line breaks: 'a line break, a space
    and a line break' rather than '2 line breaks' when a space sits between them."""
    if not ws:
        return "no whitespace"
    names = {" ": "a space", "\t": "a tab", "\n": "a line break", "\u00a0": "a no-break space", "\r": "a carriage return"}
    runs: list[tuple[str, int]] = []
    for ch in ws:
        if runs and runs[-1][0] == ch:
            runs[-1] = (ch, runs[-1][1] + 1)
        else:
            runs.append((ch, 1))
    if len(runs) == 1 and ws == "\n" * len(ws):
        return "a line break" if len(ws) == 1 else f"{len(ws)} line breaks"
    parts = []
    for ch, count in runs:
        name = names.get(ch, repr(ch))
        if count == 1:
            parts.append(name)
        else:
            plural = {"a space": "spaces", "a tab": "tabs", "a line break": "line breaks",
                      "a no-break space": "no-break spaces", "a carriage return": "carriage returns"}.get(name, f"× {name}")
            parts.append(f"{count} {plural}")
    if len(parts) > 4:
        return repr(ws)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@hookimpl
def tqa_register_checks():
    return [Completeness, Placeholders, InlineCodes, Whitespace, PluralForms]
