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
from qa_core.text import Placeholder, has_letters, placeholders, unit_placeholder_styles

_URLISH = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+|(?:[\w.-]+/)+[\w.-]*|[\w-]+\.(?:com|org|net|vn|gov|edu|io)\b)",
    re.IGNORECASE,
)
_IDENTIFIER = re.compile(r"^[A-Za-z_][\w.]*(?:[A-Z_][\w.]*)+$|^[a-z]+(?:_[a-z0-9]+)+$|^[\w.-]+\.[a-z]{2,4}$")
_CONNECTORS = {"of", "and", "the", "for", "de", "du", "la", "le", "von", "van", "in", "on", "to", "at", "&", "-", "–"}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _c_format(unit: Unit) -> bool:
    return "c-format" in (unit.get("po:flags") or "")


def _strip_noise(text: str) -> str:
    """The source without URLs, e-mail addresses, placeholders and paths."""
    text = _URLISH.sub(" ", text)
    for ph in reversed(placeholders(text)):
        text = text[: ph.start] + " " + text[ph.end :]
    return text


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
        if self._may_stay(unit.source.text):
            return
        yield ctx.finding(
            "BAS002",
            f"The target repeats the source {_quote(unit.source.text)} untranslated.",
            source=Span(0, len(unit.source.text)),
            target=Span(0, len(target.text)),
        )

    def _may_stay(self, source: str) -> bool:
        if source.strip() in self.settings["allow"]:
            return True
        token = source.strip()
        if not any(ch.isspace() for ch in token) and not token.isalpha():
            return True  # one token that is not a word: a keyword list ("yard,yards,yd"), a code
        text = _strip_noise(source)
        words = _WORD.findall(text)
        if len(words) < max(1, int(self.settings["min-words"])):
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
        styles = unit_placeholder_styles(unit) or frozenset(self.settings["styles"])
        c_format = _c_format(unit)
        # ICU `=0`/`offset:` keys are syntax a translation may change: not compared
        src = [p for p in placeholders(unit.source.text, c_format=c_format, styles=styles) if p.style != "icu-key"]
        tgt = [p for p in placeholders(target.text, c_format=c_format, styles=styles) if p.style != "icu-key"]
        if not src and not tgt:
            return
        yield from self._compare(unit, ctx, src, tgt)

    def _compare(self, unit, ctx, src: list[Placeholder], tgt: list[Placeholder]):
        src_count = Counter(p.key for p in src)
        tgt_count = Counter(p.key for p in tgt)
        whole = Span(0, len(unit.target.text))
        missing = src_count - tgt_count
        extra = tgt_count - src_count
        # a printf placeholder whose type changed (%d -> %s) is worse than a missing one
        changed = _type_changes(src, tgt, missing, extra)
        for (before, after) in changed:
            missing[before.key] -= 1
            extra[after.key] -= 1
            yield ctx.finding(
                "BAS003",
                f"Placeholder '{before.text}' became '{after.text}' in the target: the argument type changes.",
                source=Span(before.start, before.end), target=Span(after.start, after.end),
                severity=Severity.CRITICAL, data={"kind": "type-changed", "source": before.text, "target": after.text},
            )
        last_src = {p.key: p for p in src}  # the last of each key, found once
        last_tgt = {p.key: p for p in tgt}
        for key, count in missing.items():
            if count <= 0:
                continue
            example = last_src[key]
            times = "" if count == 1 else f" ({count} of {src_count[key]})"
            yield ctx.finding(
                "BAS003",
                f"Placeholder '{example.text}' of the source is missing from the target{times}.",
                source=Span(example.start, example.end), target=whole,
                data={"kind": "missing", "placeholder": example.text, "count": count},
            )
        for key, count in extra.items():
            if count <= 0:
                continue
            example = last_tgt[key]
            times = "" if count == 1 else f" ({count} times)"
            yield ctx.finding(
                "BAS003",
                f"Placeholder '{example.text}' in the target is not in the source{times}.",
                target=Span(example.start, example.end),
                data={"kind": "added", "placeholder": example.text, "count": count},
            )
        if not missing and not extra and not changed:
            yield from self._order(unit, ctx, src, tgt)

    def _order(self, unit, ctx, src, tgt):
        """Unnumbered printf arguments are consumed in order: a swap breaks the program."""
        src_seq = [p for p in src if p.style == "printf" and not p.positional]
        tgt_seq = [p for p in tgt if p.style == "printf" and not p.positional]
        if len(src_seq) < 2 or [p.key for p in src_seq] == [p.key for p in tgt_seq]:
            return
        first = next(i for i, (a, b) in enumerate(zip(src_seq, tgt_seq)) if a.key != b.key)
        a, b = tgt_seq[first], src_seq[first]
        yield ctx.finding(
            "BAS003",
            f"Unnumbered placeholders change order ('{b.text}' is now '{a.text}'); use numbered ones such as "
            f"'%1$s' to reorder.",
            source=Span(b.start, b.end), target=Span(a.start, a.end), severity=Severity.CRITICAL,
            data={"kind": "order"},
        )


def _type_changes(src, tgt, missing: Counter, extra: Counter) -> list[tuple[Placeholder, Placeholder]]:
    """Pairs of a missing and an added printf placeholder for the same argument slot:
    each missing one takes the first added one of its slot still free. Linear: the
    free ones wait in a queue per slot, and one whose key is used up is dropped for
    good (counts only go down), so each is looked at a bounded number of times."""
    left, right = Counter(missing), Counter(extra)
    queues: dict[str | None, deque] = {}
    for after in tgt:
        if after.style == "printf" and right[after.key] > 0:
            queues.setdefault(_slot(after), deque()).append(after)
    pairs = []
    for before in src:
        if before.style != "printf" or left[before.key] <= 0:
            continue
        queue = queues.get(_slot(before))
        while queue and right[queue[0].key] <= 0:
            queue.popleft()
        if queue:
            after = queue.popleft()
            pairs.append((before, after))
            left[before.key] -= 1
            right[after.key] -= 1
    return pairs


def _slot(placeholder: Placeholder) -> str | None:
    """The argument a printf placeholder takes: '%2', '%(name' or None for unnumbered."""
    key = placeholder.key
    if "$" in key:
        return key.partition("$")[0]
    if key.startswith("%("):
        return key.partition(")")[0]
    return None


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
                yield ctx.finding(
                    "BAS005",
                    f"The source {where} with {_describe(src_ws)} but the target {where} with {_describe(tgt_ws)}.",
                    target=span,
                    data={"where": where},
                )


def _lead(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trail(text: str) -> str:
    return text[len(text.rstrip()) :]


def _ws_class(ws: str) -> tuple[int, bool]:
    """Compare newlines exactly and spaces only as present or not."""
    return (ws.count("\n"), bool(ws.replace("\n", "")))


def _describe(ws: str) -> str:
    if not ws:
        return "no whitespace"
    newlines = ws.count("\n")
    if newlines:
        return f"{newlines} line break{'s' if newlines > 1 else ''}"
    return "a space" if ws == " " else repr(ws)


@hookimpl
def tqa_register_checks():
    return [Completeness, Placeholders, InlineCodes, Whitespace]
