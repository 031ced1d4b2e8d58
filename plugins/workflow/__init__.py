"""Workflow states as findings: what the bilingual file itself says about a segment
(unconfirmed, needs review, an unedited fuzzy or machine translation, a locked segment
edited, do-not-translate content changed), mapped from each flavour's attributes. The
mapping is one table, documented in docs/workflow.md; PO's `fuzzy` stays BAS006.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa_core import Check, Rule, Severity, Span, hookimpl

SDL_NS = "{http://sdl.com/FileTypes/SdlXliff/1.0}"

#: state-qualifier values of XLIFF 1.2 that say where an unreviewed target came from
_FUZZY_QUALIFIERS = frozenset({"fuzzy-match", "tm-suggestion", "leveraged-tm"})
_MT_QUALIFIERS = frozenset({"leveraged-mt", "mt-suggestion"})
_XLIFF1_UNCONFIRMED = frozenset({"new", "needs-translation", "needs-l10n", "needs-adaptation"})
_MQ_UNCONFIRMED = frozenset({"NotStarted", "Edited", "PartiallyEdited", "Pretranslated"})
_SDL_UNCONFIRMED = frozenset({"Draft"})
_SDL_REJECTED = frozenset({"RejectedTranslation", "RejectedSignOff"})
_SDL_MT = frozenset({"mt", "nmt", "machine-translation", "automatic-translation"})


@dataclass(frozen=True, slots=True)
class State:
    """What one segment's attributes say, whatever the flavour: a rule id (WFS001-004)
    or None, and the words that justify it (quoted in the message)."""

    rule: str | None
    said: str


def segment_state(segment, unit, format: str = "xliff2") -> State:
    """The workflow finding one segment calls for (the table of docs/workflow.md).
    PO and other translate-toolkit formats: none (a fuzzy entry is BAS006)."""
    sub = segment.sub_state or ""
    flavour, _, value = sub.partition(":") if ":" in sub else ("", "", sub)
    if flavour in ("po", "ttk"):
        return State(None, "")
    attrs = dict(segment.attrs)
    qualifier = unit.get("state-qualifier") or ""
    if flavour == "sdl" or f"{SDL_NS}origin" in attrs:
        origin = attrs.get(f"{SDL_NS}origin", "")
        percent = _int(attrs.get(f"{SDL_NS}percent"))
        conf = value if flavour == "sdl" else ""
        if conf in _SDL_REJECTED:
            return State("WFS002", f"sdl conf=\"{conf}\"")
        if origin == "tm" and percent is not None and percent < 100:
            return State("WFS003", f"sdl origin=\"tm\" percent=\"{percent}\"")
        if origin in _SDL_MT and conf not in ("ApprovedTranslation", "ApprovedSignOff"):
            return State("WFS004", f"sdl origin=\"{origin}\"")
        if conf in _SDL_UNCONFIRMED or (flavour == "sdl" and not conf):
            return State("WFS001", f"sdl conf=\"{conf or 'none'}\"")
        return State(None, "")
    if flavour == "mq":
        percent = _int(unit.get("mq:percent"))
        if value == "Rejected":
            return State("WFS002", 'mq:status="Rejected"')
        if value == "MachineTranslated":
            return State("WFS004", 'mq:status="MachineTranslated"')
        if value == "Pretranslated" and percent is not None and percent < 100:
            return State("WFS003", f'mq:status="Pretranslated" mq:percent="{percent}"')
        if value in _MQ_UNCONFIRMED:
            return State("WFS001", f'mq:status="{value}"')
        return State(None, "")
    if flavour == "xliff1":
        unreviewed = value in _XLIFF1_UNCONFIRMED or value.startswith("needs-review")
        if qualifier.startswith("rejected-"):
            return State("WFS002", f'state-qualifier="{qualifier}"')
        if unreviewed and qualifier in _FUZZY_QUALIFIERS:
            return State("WFS003", f'state="{value}" state-qualifier="{qualifier}"')
        if unreviewed and qualifier in _MT_QUALIFIERS:
            return State("WFS004", f'state="{value}" state-qualifier="{qualifier}"')
        if value.startswith("needs-review"):
            return State("WFS002", f'state="{value}"')
        if value in _XLIFF1_UNCONFIRMED:
            return State("WFS001", f'state="{value}"')
        return State(None, "")
    if format != "xliff2":
        return State(None, "")  # aligned documents, TMX, Qt...: their states are not a workflow's
    # XLIFF 2: state, and a subState of any tool ("my:needs-review")
    if "needs-review" in value or "needs-review" in sub:
        return State("WFS002", f'subState="{sub}"')
    if segment.state == "initial":
        return State("WFS001", 'state="initial"')
    return State(None, "")


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _locked(segment, unit) -> str | None:
    """How the file says the segment is locked, or None."""
    attrs = dict(segment.attrs)
    if attrs.get(f"{SDL_NS}locked") == "true":
        return 'sdl locked="true"'
    if unit.get("mq:locked") in ("locked", "true", "yes"):
        return f'mq:locked="{unit.get("mq:locked")}"'
    return None


class WorkflowStates(Check):
    """Segments the file itself marks as not finished, and protected content changed."""

    name = "workflow"
    needs_target = False
    rules = (
        Rule("WFS001", "unconfirmed-segment", Severity.INFO, "Other",
             "A segment has a target but the file marks it unconfirmed: draft, new, needs translation, not started."),
        Rule("WFS002", "segment-needs-review", Severity.INFO, "Other",
             "The file marks the segment as needing review, or a reviewer rejected it."),
        Rule("WFS003", "unedited-fuzzy-match", Severity.MAJOR, "Accuracy/Mistranslation",
             "The target is a fuzzy translation-memory match (under 100 %) that nobody edited."),
        Rule("WFS004", "unedited-machine-translation", Severity.INFO, "Other",
             "The target is machine translation that nobody edited or confirmed."),
        Rule("WFS005", "locked-segment-edited", Severity.MAJOR, "Other",
             "A locked segment carries a status that says it was edited or is still a draft."),
        Rule("WFS006", "do-not-translate-changed", Severity.MAJOR, "Accuracy/Do not translate",
             "A unit marked translate=\"no\" has a target that differs from its source."),
    )

    def check_unit(self, unit, ctx):
        target = unit.target
        if target is None:
            return
        if not unit.translate:
            if "xliff" not in ctx.document.format:
                return  # only XLIFF's translate="no" says "keep as it is" (a resource file's obsolete key does not)
            if " ".join(target.text.split()) != " ".join(unit.source.text.split()) and target.text.strip():
                yield ctx.finding(
                    "WFS006",
                    f"The unit is marked translate=\"no\" but its target {_quote(target.text)} differs from its source "
                    f"{_quote(unit.source.text)}: restore the source text.",
                    source=Span(0, len(unit.source.text)), target=Span(0, len(target.text)),
                )
            return
        if unit.untranslated_copy:
            return  # a copy of the source marked not translated yet: untranslated, BAS001 reports it
        start = 0
        for segment in unit.segments:
            content = segment.target
            if content is None and segment.ignorable:
                content = segment.source
            length = len(content.text) if content is not None else 0
            span = Span(start, start + length)
            start += length
            if segment.ignorable or content is None or not content.text.strip():
                continue
            yield from self._segment(unit, segment, span, content.text, ctx)

    def _segment(self, unit, segment, span, text, ctx):
        state = segment_state(segment, unit, ctx.document.format)
        if state.rule is None:
            return  # a finished segment (every PO entry): nothing to say, locked or not (WFS005 needs WFS001/WFS002)
        locked = _locked(segment, unit)
        where = f"segment {segment.id} " if segment.id and len(unit.segments) > 1 else ""
        if locked and state.rule in ("WFS001", "WFS002"):
            yield ctx.finding(
                "WFS005",
                f"The locked {where or 'segment '}({locked}) is marked {state.said}: it was changed after it was locked; "
                "compare it with the approved translation.",
                target=span, data={"locked": locked, "state": state.said},
            )
            return
        messages = {
            "WFS001": f"The {where or 'segment '}is not confirmed ({state.said}): {_quote(text)} has not been accepted by a translator.",
            "WFS002": f"The {where or 'segment '}needs review ({state.said}): {_quote(text)}.",
            "WFS003": f"The {where or 'segment '}is an unedited fuzzy match ({state.said}): {_quote(text)} was taken from "
                      "the translation memory for a different source and nobody changed it.",
            "WFS004": f"The {where or 'segment '}is unedited machine translation ({state.said}): {_quote(text)}.",
        }
        yield ctx.finding(state.rule, messages[state.rule], target=span, data={"state": state.said})


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text if len(text) <= limit else text[: limit - 1] + '…'}'"


@hookimpl
def tqa_register_checks():
    return [WorkflowStates]
