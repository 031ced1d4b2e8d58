"""Omissions and additions: paragraphs, sentences and content the translation drops
or adds.

On an aligned document (`tqa check --source A --target B`, or an XLIFF written by
`tqa align`), every unit carries its link (`align:link`): a source paragraph linked
to nothing (1-0) is an omission, a target paragraph linked to nothing (0-1) an
addition. Runs of consecutive omitted paragraphs are one finding, with the headings
they span; an added paragraph is told apart as a repeat of another target
paragraph, a caption or publisher's line, or plain added text.

On every bilingual unit (XLIFF, PO, TMX, aligned paragraphs), the source's sentences
are aligned with the target's to find a sentence with no counterpart; the length of
the target is judged against the language pair's length model, calibrated on the
document itself; numbers, acronyms, URLs and code the source has and the target lacks
are evidence of content dropped inside a sentence; a target that stops short, without
the sentence end its source has, is reported as truncated.

Few false alarms is the promise: every threshold was set on clean data first
(docs/omission.md has the figures and the commands).
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from tqa_plugins.omission import signals
from tqa_plugins.omission.partial import PartialOmission
from tqa_plugins.omission.signals import excerpt

from qa_core import Check, Option, Rule, Severity, Span, hookimpl
from qa_core.align import lexicon
from qa_core.sentences import split_sentences

#: a finished sentence: its last character (before closing quotes, brackets, tags, spaces) ends one
_COMPLETE = re.compile(r"[.!?:;…。！？؟।](?:[\s\"'”’»)\]]|</\w+>)*$")


#: a sentence end inside a text (for the document's count of sentence ends on both sides)
_SENTENCE_END = re.compile(r"[.!?…。！？؟।][\"'”’»)\]]*(?=\s|$)")
#: the share of a document's units of two sentences or more whose target ends as many
#: sentences as the source, at and above which a target's count of finished sentences is
#: evidence that none was dropped (gnome-help's paragraphs: 0.885; the TED talks of the
#: segments bench, whose subtitle translators split and join sentences freely: a median
#: of 0.69, 0.17-0.90)
_COUNT_AGREEMENT = 0.85


def _all_rendered(target: str, src_spans, tgt_spans) -> bool:
    """The target has as many finished sentences as the source has sentences: each was
    rendered (joined to a neighbour, glossed, condensed), none dropped; a last fragment cut
    off mid-sentence is not a finished one."""
    return sum(1 for span in tgt_spans if _COMPLETE.search(target, span.start, span.end)) >= len(src_spans)

LINK = "align:link"
#: the rules that `_segment` keeps lengths, sentences and anchors for, made by `_lengths`
SEGMENT_RULES = frozenset({"OMI005", "OMI006", "OMI007", "OMI008", "OMI009"})
#: length decisions wait for the document's own calibration; until then units whose
#: length is this far off under the pair's model are kept as candidates
_CANDIDATE_Z = 2.0
#: at most this many candidates are kept (the most extreme when there are more)
_MAX_CANDIDATES = 20_000
#: units of several sentences this far short (or less) are kept for sentence alignment
_SENTENCE_CANDIDATE_Z = -0.3
#: the lexicon for aligning sentences is learnt from this many units of the document
_LEXICON_SAMPLE = 3000
#: a lexicon learnt from this many units or more is trusted on one word: a neighbour that
#: holds one of an unlinked sentence's learnt words and is longer than its own source
#: predicts took that sentence in (from fewer, a talk of 40 paragraphs, learnt pairs are
#: mostly chance: the words must then be more than chance, signals._worded_into_neighbour)
_LENGTH_CARRY_UNITS = 100


_INDENT = re.compile(r"\n[ \t]+")


def _length(text: str) -> int:
    """The text's length for the length model: the ends' whitespace and the indentation
    that continues a line (a Lisp or C string wrapped and indented in its source file:
    audacity's `~%~\n                        For the current track`) do not count."""
    text = text.strip()
    if "\n " in text or "\n\t" in text:
        text = _INDENT.sub("\n", text)
    return len(text)


def _quote(text: str, limit: int = 70) -> str:
    return f"'{excerpt(text, limit)}'"


def _lines(value: str | None) -> list[int]:
    return [int(x) for x in (value or "").split(",") if x.strip().isdigit()]


@dataclass
class _Paragraph:
    """A paragraph omitted, added or linked across the two sides of a unit, for the report."""

    unit: Any
    kind: str  # "omitted", "added", "linked"
    text: str = ""
    source_lines: list[int] = field(default_factory=list)
    target_lines: list[int] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)
    confidence: float = 1.0
    source_words: int = 0
    source_count: int = 0  # source paragraphs of the link
    chrome: bool = False


@dataclass
class _Candidate:
    """A unit that may have lost text (its length, a sentence end, content anchors or
    several sentences), judged once the whole file's lengths are known."""

    unit: Any
    source_len: int
    target_len: int
    truncated: bool  # the target lacks the sentence end its source has
    spans: tuple | None = None  # the sentences of both sides, when the source has several
    missing: list[str] = field(default_factory=list)  # content anchors the target lacks


class Omission(Check):
    """Omitted and added paragraphs, omitted sentences, length outliers, dropped
    content anchors and truncated targets."""

    name = "omission"
    needs_target = False  # 1-0 links have no target, and they are the omissions
    rules = (
        Rule("OMI001", "omitted-paragraphs", Severity.MAJOR, "Accuracy/Omission",
             "A source paragraph, or a run of consecutive ones, has no counterpart in the translation."),
        Rule("OMI002", "added-paragraph", Severity.MINOR, "Accuracy/Addition",
             "A target paragraph has no counterpart in the source."),
        Rule("OMI003", "repeated-paragraph", Severity.MINOR, "Accuracy/Addition",
             "A target paragraph with no counterpart repeats another paragraph of the translation."),
        Rule("OMI004", "caption-or-boilerplate", Severity.MINOR, "Accuracy/Addition",
             "A target-only paragraph looks like a photo caption, a credit or a publisher's line."),
        Rule("OMI005", "omitted-sentence", Severity.MAJOR, "Accuracy/Omission",
             "A sentence of the source has no counterpart in the unit's translation.",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
        Rule("OMI006", "target-too-short", Severity.MINOR, "Accuracy/Omission",
             "The target is much shorter than the length model of the language pair expects.",
             profiles=("document",)),  # off on software strings: pooled first-sight precision < 0.75 (docs/precision.md)
        Rule("OMI007", "target-too-long", Severity.MINOR, "Accuracy/Addition",
             "The target is much longer than the length model of the language pair expects.",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
        Rule("OMI008", "content-missing", Severity.MAJOR, "Accuracy/Omission",
             "Numbers, acronyms, URLs or code of the source are missing from the target: part of it was dropped.",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
        Rule("OMI009", "truncated-target", Severity.MAJOR, "Accuracy/Omission",
             "The target stops short: no sentence end where the source has one, and much shorter than expected.",
             profiles=("document",)),  # off on software strings: pooled first-sight precision < 0.75 (docs/precision.md)
        Rule("OMI010", "page-chrome", Severity.MINOR, "Accuracy/Addition",
             "A block of the target is web-page chrome (menus, share, byline, read-more, newsletter or contact "
             "lines) with no counterpart in the source."),
        Rule("OMI011", "source-chrome-set-aside", Severity.INFO, "Accuracy/Omission",
             "A block of the source looks like web-page chrome and was set aside, not compared with the target."),
    )
    options = (
        Option("min-source-chars", 40, "Segment-level rules (OMI005-OMI009) skip sources shorter than this."),
        Option("sentence-confidence", 0.7, "OMI005 reports a source sentence linked to nothing only when the "
               "sentence alignment is at least this sure (0-1)."),
        Option("sentence-z", 0.5, "OMI005 looks for an omitted sentence only in targets at least this many "
               "standard deviations shorter than the calibrated length model expects."),
        Option("min-sentence-chars", 20, "OMI005 ignores omitted sentences shorter than this (interjections, "
               "'Thank you.')."),
        Option("short-z", 4.0, "OMI006: how many standard deviations of the calibrated length model below the "
               "expected length a target must be."),
        Option("long-z", 5.0, "OMI007: how many standard deviations above the expected length."),
        Option("truncated-z", 2.0, "OMI009: how many standard deviations below the expected length a target "
               "without its source's sentence end must be."),
        Option("anchor-z", 1.5, "OMI008 with a single missing anchor also needs the target this many standard "
               "deviations short; two missing anchors suffice on their own."),
        Option("critical-paragraphs", 3, "OMI001 is critical from this many consecutive omitted paragraphs."),
        Option("critical-chars", 1000, "OMI001 is critical from this many omitted characters."),
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self._paragraphs: list[_Paragraph] = []
        self._target_seen: dict[str, list[int]] = {}  # normalised target paragraph -> its lines
        self._source_lens = array("f")
        self._target_lens = array("f")
        self._candidates: list[_Candidate] = []
        self._model = None
        self._pair_model = None
        self._hook = None
        #: the first units' (source, target) texts, tokenised (`_tokenised`) only when a
        #: document-level decision needs the lexicon (few documents do)
        self._sample: list[tuple[str, str]] = []
        # units of the sample whose source ends two sentences or more, and of those the
        # ones whose target ends as many: how far sentence counts are evidence here
        self._counted = 0
        self._same_count = 0
        #: whether a segment-level rule (`SEGMENT_RULES`) is on for this document; None
        #: until the first unit asks
        self._segments: bool | None = None

    # ----- units -------------------------------------------------------------

    def check_unit(self, unit, ctx):
        if not unit.translate:
            return
        link = unit.get(LINK)
        if link is not None:
            self._remember(unit, link)
            if link in ("1-0", "0-1"):
                return
        if unit.fuzzy and not ctx.config.check_fuzzy:
            return  # an outdated translation: BAS006 reports it once, and its length must not calibrate the model
        source = unit.source.text
        target = unit.target.text if unit.target is not None else ""
        if not target.strip() or not source.strip():
            return  # untranslated: BAS001's
        segments = self._segments
        if segments is None:
            segments = self._segments = any(ctx.is_enabled(rule.id) for rule in self.rules
                                            if rule.id in SEGMENT_RULES)
        if segments:
            # with none of them on (the software profile of PO files), what `_segment` keeps
            # feeds no finding: `_lengths` makes only theirs
            self._segment(unit, ctx, source, target)
        return
        yield  # noqa: the findings come at the end of the document (check_document)

    def _remember(self, unit, link: str) -> None:
        source_lines = _lines(unit.get("align:source-lines"))
        target_lines = _lines(unit.get("align:target-lines"))
        try:
            confidence = float(unit.get("align:confidence") or 1.0)
        except ValueError:
            confidence = 1.0
        chrome = unit.get("align:chrome") == "yes"
        source_numbers = _lines(unit.get("align:source-paragraphs"))
        words = len(unit.source.text.split())
        if link == "1-0":
            self._paragraphs.append(_Paragraph(unit, "omitted", unit.source.text, source_lines, [], source_numbers,
                                               confidence, words, max(1, len(source_numbers)), chrome))
            return
        target = unit.target.text if unit.target is not None else ""
        # the aligner joins a link's paragraphs with a newline, but a paragraph may hold
        # newlines of its own (hard-wrapped text): split only links of several paragraphs
        texts = [target] if len(target_lines) <= 1 else signals.split_paragraphs(target)
        for line, text in zip(target_lines or [None] * len(texts), texts):
            self._target_seen.setdefault(signals.normalised(text), []).append(line)
        kind = "added" if link == "0-1" else "linked"
        count = len(source_numbers) if source_numbers else (0 if kind == "added" else 1)
        self._paragraphs.append(_Paragraph(unit, kind, target, source_lines, target_lines,
                                           _lines(unit.get("align:target-paragraphs")), confidence, words, count, chrome))

    # ----- segment level -----------------------------------------------------

    def _segment(self, unit, ctx, source: str, target: str) -> None:
        """Keep what the document-level decision needs: lengths, a sample for the
        lexicon, and the units that may hold an omission."""
        settings = self.settings
        if len(source.strip()) < int(settings["min-source-chars"]):
            return
        slang, tlang = ctx.source_lang, ctx.target_lang
        if self._pair_model is None:
            self._pair_model = signals.pair_model(slang, tlang)
            self._hook = ctx.hook
        source_len, target_len = _length(source), _length(target)
        self._source_lens.append(source_len)
        self._target_lens.append(target_len)
        if len(self._source_lens) in (50, 200, 1000, 5000, 20000):
            # copies, not views: a view kept alive by the model would make the next append
            # fail with BufferError ("cannot resize an array that is exporting buffers")
            import numpy as np  # here, at the 50th unit: a short file never needs it

            self._model = signals.calibrate(np.array(self._source_lens, dtype=np.float32),
                                            np.array(self._target_lens, dtype=np.float32), self._pair_model)
        # lengths are judged now against the model so far, to keep only candidates;
        # every decision waits for the document's own calibration (check_document)
        z = signals.delta(self._model or self._pair_model, source_len, target_len)
        if len(self._sample) < _LEXICON_SAMPLE:
            self._sample.append((source, target))
            ends = len(_SENTENCE_END.findall(source))
            if ends >= 2:
                self._counted += 1
                self._same_count += ends == len(_SENTENCE_END.findall(target))
        missing = signals.missing_anchors(source, target, slang, tlang)
        spans = None
        if (self._model is None or z <= _SENTENCE_CANDIDATE_Z) and signals.may_hold_sentences(source):
            src_spans = split_sentences(source, slang, ctx.hook)
            if len(src_spans) >= 2:
                spans = (src_spans, split_sentences(target, tlang, ctx.hook))
        truncated = signals.ends_a_sentence(source) and (
            not signals.ends_a_sentence(target) or (signals.ends_with_ellipsis(target) and not signals.ends_with_ellipsis(source))
        )
        if spans is not None or missing or abs(z) >= _CANDIDATE_Z or (truncated and z <= -1.0):
            self._candidates.append(_Candidate(unit, source_len, target_len, truncated, spans, missing))
            if len(self._candidates) > _MAX_CANDIDATES:
                self._prune()

    def _content_missing(self, ctx, unit, missing: list[str], z: float | None):
        missing = list(dict.fromkeys(missing))  # a repeated anchor is one problem
        listed = ", ".join(f"'{m}'" for m in missing[:6]) + (" …" if len(missing) > 6 else "")
        why = "" if z is None else f", and the target is {abs(z):.1f} standard deviations shorter than expected"
        return ctx.finding(
            "OMI008",
            f"The target lacks {listed} of the source{why}: part of the source may have been dropped.",
            unit=unit,
            source=Span(0, len(unit.source.text)),
            data={"missing": missing, "z": None if z is None else round(z, 2)},
        )

    def _prune(self) -> None:
        model = self._model or self._pair_model
        self._candidates.sort(key=lambda c: -abs(signals.delta(model, c.source_len, c.target_len)))
        del self._candidates[_MAX_CANDIDATES // 2 :]

    # ----- document level ----------------------------------------------------

    def check_document(self, document, ctx):
        yield from self._lengths(ctx)
        yield from self._omitted_runs(ctx)
        yield from self._added(ctx)

    def _lengths(self, ctx):
        if not self._candidates:
            return
        import numpy as np

        # copies, not views: a live view of an array.array makes its next append raise BufferError
        model = signals.calibrate(np.array(self._source_lens, dtype=np.float32),
                                  np.array(self._target_lens, dtype=np.float32), self._pair_model)
        settings = self.settings
        short_z, long_z = float(settings["short-z"]), float(settings["long-z"])
        truncated_z, sentence_z = float(settings["truncated-z"]), float(settings["sentence-z"])
        learnt = None
        anchor_z = float(settings["anchor-z"])
        counts = self._counts_hold()
        for candidate in self._candidates:
            unit = candidate.unit
            z = signals.delta(model, candidate.source_len, candidate.target_len)
            rendered = False  # every source sentence has a finished target sentence: condensed, not cut
            if candidate.spans is not None and z <= -sentence_z:
                rendered = counts and _all_rendered(unit.target.text, *candidate.spans)
                if learnt is None:
                    sample = self._tokenised()
                    learnt = lexicon.learn([a for a, _ in sample], [b for _, b in sample],
                                           [(k, k) for k in range(len(sample))])
                    condensing = signals.Condensing(
                        self._target_share(sample), self._pair_support(sample),
                        model.c if len(sample) >= _LENGTH_CARRY_UNITS else None)
                if not rendered:
                    found = list(self._sentences(ctx, unit, candidate.spans, learnt, condensing))
                    if found:
                        yield from found
                        continue  # the shortfall is explained: one omission, one finding
            if len(candidate.missing) >= 2:
                yield self._content_missing(ctx, unit, candidate.missing, None)
                continue
            if candidate.missing and z <= -anchor_z:
                yield self._content_missing(ctx, unit, candidate.missing, z)
                continue
            if rendered:
                continue  # a shorter paragraph whose every sentence is there, in short
            expected = round(model.c * candidate.source_len)
            confidence = round(1.0 - signals.two_sided(z), 4)
            data = {"z": round(z, 2), "expected_length": expected, "length": candidate.target_len,
                    "ratio": round(model.c, 3), "confidence": confidence}
            if candidate.truncated and z <= -truncated_z:
                yield ctx.finding(
                    "OMI009",
                    f"The target stops at {_quote(_tail(unit.target.text), 45)} without the sentence end its source has, "
                    f"at {candidate.target_len} of about {expected} characters expected: the rest may be missing.",
                    unit=unit, target=Span(len(unit.target.text), len(unit.target.text)), data=data,
                )
            elif z <= -short_z:
                yield ctx.finding(
                    "OMI006",
                    f"The target has {candidate.target_len} characters where about {expected} are expected for "
                    f"{_quote(unit.source.text, 50)} ({abs(z):.1f} standard deviations short, confidence {confidence:.2f}): "
                    "part of the source may be missing.",
                    unit=unit, data=data,
                )
            elif z >= long_z and not signals.is_keyword_list(unit.source.text):
                yield ctx.finding(
                    "OMI007",
                    f"The target has {candidate.target_len} characters where about {expected} are expected for "
                    f"{_quote(unit.source.text, 50)} ({z:.1f} standard deviations long, confidence {confidence:.2f}): "
                    "it may add text the source does not have.",
                    unit=unit, data=data,
                )

    def _counts_hold(self) -> bool:
        """Whether a target's count of finished sentences says anything in this document:
        its translators keep their sources' sentence counts (the share of units of two
        sentences or more whose target ends as many is `_COUNT_AGREEMENT` or more), or
        too few units tell (under 20: trusted, as for a short file)."""
        if self._counted < 20:
            return True
        return self._same_count >= _COUNT_AGREEMENT * self._counted

    def _tokenised(self) -> list[tuple[set, set]]:
        """The sample's words (`lexicon.tokens` of each side)."""
        return [(lexicon.tokens(source), lexicon.tokens(target)) for source, target in self._sample]

    @staticmethod
    def _target_share(sample: list[tuple[set, set]]) -> dict[str, float]:
        """The share of the sampled target units that hold each word: the chance of
        meeting it in a target sentence that does not translate it."""
        held: Counter = Counter()
        for _, words in sample:
            held.update(words)
        n = len(sample) or 1
        return {word: count / n for word, count in held.items()}

    @staticmethod
    def _pair_support(sample: list[tuple[set, set]]):
        """support(source word, target word): how many sampled units hold both."""
        src_units: dict[str, set] = {}
        tgt_units: dict[str, set] = {}
        for k, (a, b) in enumerate(sample):
            for w in a:
                src_units.setdefault(w, set()).add(k)
            for w in b:
                tgt_units.setdefault(w, set()).add(k)
        empty: set = set()
        return lambda w, t: len(src_units.get(w, empty) & tgt_units.get(t, empty))

    def _sentences(self, ctx, unit, spans, learnt, condensing):
        """OMI005 for the source sentences of a unit (not all rendered) linked to nothing."""
        settings = self.settings
        source, target = unit.source.text, unit.target.text
        src_spans, tgt_spans = spans
        for miss in signals.missing_sentences(source, target, ctx.source_lang, ctx.target_lang, self._hook,
                                              src_spans, tgt_spans, known_lexicon=learnt or None,
                                              condensing=condensing):
            sentence = source[miss.start : miss.end]
            if (miss.confidence < float(settings["sentence-confidence"]) or len(sentence) < int(settings["min-sentence-chars"])
                    or not signals.has_letters(sentence)):
                continue
            where = f"before {_quote(miss.before, 40)}" if miss.before is not None else "at the end of the target"
            yield ctx.finding(
                "OMI005",
                f"The source sentence {_quote(sentence)} has no counterpart in the target; it belongs {where}.",
                unit=unit,
                source=Span(miss.start, miss.end),
                target=Span(miss.insert_at, miss.insert_at),
                data={"omitted": sentence, "confidence": miss.confidence, "insert_at": miss.insert_at},
            )

    def _omitted_runs(self, ctx):
        items = self._paragraphs
        total_paragraphs = sum(p.source_count for p in items if not p.chrome)
        total_words = sum(p.source_words for p in items if p.kind != "added" and not p.chrome)
        index = 0
        while index < len(items):
            if items[index].kind != "omitted":
                index += 1
                continue
            start = index
            chrome = items[index].chrome
            run = []
            # a run goes on across target paragraphs that are not linked either (the DP
            # may interleave "omitted" and "added"): only a linked paragraph ends it
            while index < len(items) and items[index].kind in ("omitted", "added"):
                if items[index].kind == "omitted":
                    if items[index].chrome != chrome:
                        break
                    run.append(items[index])
                index += 1
            if chrome:
                yield self._run_finding(ctx, "OMI011", run, "source", self._chrome_message(run, "source"), None, {})
                continue
            if not any(signals.has_letters(p.text) for p in run):
                continue
            before = next((p for p in reversed(items[:start]) if p.kind == "linked"), None)
            after = next((p for p in items[index:] if p.kind == "linked"), None)
            yield self._omission(ctx, run, before, after, total_paragraphs, total_words, self._last_line(ctx, before))

    @staticmethod
    def _last_line(ctx, p: _Paragraph | None) -> int | None:
        """The last line of a linked paragraph's target (a paragraph may run over several)."""
        if p is None or not p.target_lines:
            return None
        text = p.unit.target.text if p.unit.target is not None else ""
        place = ctx.location(p.unit, None, Span(0, len(text))).target
        if place is not None and place.end_line is not None and place.end_line >= p.target_lines[-1]:
            return place.end_line
        return p.target_lines[-1]

    def _run_finding(self, ctx, rule: str, run: list[_Paragraph], side: str, message: str, severity, data: dict):
        """One finding for a run of consecutive units: its location on `side` runs from
        the first unit's first character to the last unit's last."""
        first, last = run[0].unit, run[-1].unit
        text = first.source.text if side == "source" else first.target.text
        span = Span(0, len(text))
        finding = ctx.finding(rule, message, unit=first, source=span if side == "source" else None,
                              target=span if side == "target" else None, severity=severity, data=data)
        if last is first:
            return finding
        last_text = last.source.text if side == "source" else last.target.text
        end = ctx.location(last, Span(0, len(last_text)) if side == "source" else None,
                           Span(0, len(last_text)) if side == "target" else None)
        end_side = end.source if side == "source" else end.target
        here = finding.location.source if side == "source" else finding.location.target
        if here is None or end_side is None:
            return finding
        end_line = end_side.end_line if end_side.end_line is not None else end_side.line
        stretched = replace(here, end_line=end_line, end_column=end_side.end_column)
        location = replace(finding.location, **{side: stretched})
        return replace(finding, location=location)

    @staticmethod
    def _chrome_message(run: list[_Paragraph], side: str) -> str:
        lines = [line for p in run for line in (p.source_lines if side == "source" else p.target_lines)]
        where = (f"line {lines[0]}" if len(set(lines)) == 1 else f"lines {lines[0]}-{lines[-1]}") if lines else ""
        shown = ", ".join(_quote(p.text, 30) for p in run[:3]) + (" …" if len(run) > 3 else "")
        many = len(run) > 1
        if side == "source":
            return (f"{len(run)} source paragraph{'s' if many else ''} at {where} look{'' if many else 's'} like web-page "
                    f"chrome ({shown}) and {'were' if many else 'was'} set aside, not compared with the translation.")
        return (f"{len(run)} target paragraph{'s' if many else ''} at {where} {'are' if many else 'is'} web-page chrome "
                f"({shown}) with no counterpart in the source: remove {'them' if many else 'it'} unless the client wants "
                "the page's furniture translated.")

    def _omission(self, ctx, run: list[_Paragraph], before, after, total_paragraphs: int, total_words: int,
                  before_end: int | None):
        first = run[0]
        lines = [line for p in run for line in p.source_lines]
        numbers = [n for p in run for n in p.paragraphs]
        chars = sum(len(p.text) for p in run)
        words = sum(p.source_words for p in run)
        headings = [excerpt(p.text, 60) for p in run if signals.looks_like_heading(p.text)]
        count = len(numbers) or len(run)
        share = 100.0 * words / total_words if total_words else 0.0
        stops = before is not None and after is None
        shown_share = f"{share:.0f} %" if share >= 1 or words == 0 else "<1 %"
        of = f"{count} of {total_paragraphs}, {shown_share} of the words"
        if stops:
            span = f"{numbers[0]}-{numbers[-1]}" if len(numbers) > 1 else str(numbers[0]) if numbers else "?"
            what = (f"The translation stops after target line {before_end}; source paragraph"
                    f"{'s' if count > 1 else ''} {span} ({of}) {'have' if count > 1 else 'has'} no translation, "
                    f"from {_quote(first.text, 50)}" + (f" to {_quote(run[-1].text, 50)}" if count > 1 else ""))
            where = None
        else:
            where = "at the start of the target" if before is None else f"after target line {before_end}"
            if count == 1:
                what = (f"Source paragraph {_place(numbers, lines)} has no translation: "
                        f"{_quote(first.text)} is missing ({shown_share} of the source's words)")
            else:
                place = _place(numbers, lines)
                place = place[:-1] + f"; {of})" if place.endswith(")") else f"{place} ({of})"
                what = (f"{count} consecutive source paragraphs {place} have no "
                        f"translation, from {_quote(first.text, 50)} to {_quote(run[-1].text, 50)}")
        if headings:
            what += "; headings: " + ", ".join(f"'{h}'" for h in headings[:5]) + (" …" if len(headings) > 5 else "")
        message = f"{what}." if where is None else f"{what}; it belongs {where}."
        critical = count >= int(self.settings["critical-paragraphs"]) or chars >= int(self.settings["critical-chars"])
        data = {
            "count": count,
            "paragraphs": count,
            "words": words,
            "characters": chars,
            "source_paragraphs_total": total_paragraphs,
            "source_words_total": total_words,
            "first_paragraph": numbers[0] if numbers else None,
            "last_paragraph": numbers[-1] if numbers else None,
            "source_lines": [lines[0], lines[-1]] if lines else [],
            "headings": headings,
            "run": [{"paragraph": p.paragraphs[0] if p.paragraphs else None,
                     "line": p.source_lines[0] if p.source_lines else None,
                     "excerpt": excerpt(p.text), "confidence": p.confidence} for p in run],
            "after_target_line": before_end,
            "before_target_line": after.target_lines[0] if after is not None else None,
        }
        if stops:
            data["stops_after_target_line"] = before_end
        return self._run_finding(ctx, "OMI001", run, "source", message, Severity.CRITICAL if critical else None, data)

    def _added(self, ctx):
        items = self._paragraphs
        index = 0
        while index < len(items):
            p = items[index]
            if p.kind != "added":
                index += 1
                continue
            start = index
            while index < len(items) and items[index].kind in ("added", "omitted"):
                index += 1
            run = [x for x in items[start:index] if x.kind == "added" and signals.has_letters(x.text)]
            if not run:
                continue
            lines = [line for x in run for line in x.target_lines]
            if all(x.chrome for x in run):
                data = {"paragraphs": len(run), "target_lines": [lines[0], lines[-1]] if lines else [],
                        "excerpts": [excerpt(x.text, 60) for x in run]}
                yield self._run_finding(ctx, "OMI010", run, "target", self._chrome_message(run, "target"), None, data)
            elif len(run) == 1:
                yield self._added_one(ctx, run[0])
            else:
                yield self._added_run(ctx, run, lines)

    def _added_run(self, ctx, run: list[_Paragraph], lines: list[int]):
        chars = sum(len(x.text) for x in run)
        looks = [signals.looks_like_caption(x.text) for x in run]
        repeats = sum(1 for x in run if [y for y in self._target_seen.get(signals.normalised(x.text), [])
                                         if y not in x.target_lines])
        notes = []
        chrome = sum(1 for x in run if x.chrome)
        if chrome:
            notes.append(f"{chrome} of them web-page chrome")
        if repeats:
            notes.append(f"{repeats} repeat other target paragraphs")
        if any(looks):
            notes.append(f"{sum(1 for x in looks if x)} look like captions or publisher lines")
        data = {"paragraphs": len(run), "characters": chars, "target_lines": [lines[0], lines[-1]] if lines else [],
                "chrome": chrome, "excerpts": [excerpt(x.text, 60) for x in run]}
        message = (f"{len(run)} consecutive target paragraphs (lines {lines[0]}-{lines[-1]}, {chars} characters) have no "
                   f"counterpart in the source, from {_quote(run[0].text, 50)} to {_quote(run[-1].text, 50)}"
                   + (f" ({'; '.join(notes)})" if notes else "")
                   + ": text was added, or the source paragraphs they translate are missing.")
        return self._run_finding(ctx, "OMI002", run, "target", message, Severity.MAJOR if chars >= 100 else None, data)

    def _added_one(self, ctx, p: _Paragraph):
        line = p.target_lines[0] if p.target_lines else None
        at = f"Target paragraph (line {line})" if line is not None else "A target paragraph"
        others = [x for x in self._target_seen.get(signals.normalised(p.text), []) if x != line]
        data = {"line": line, "excerpt": excerpt(p.text), "paragraphs": 1}
        if others:
            return ctx.finding(
                "OMI003",
                f"{at} {_quote(p.text, 50)} repeats target line {others[0]} word for word and has no "
                "counterpart of its own in the source: delete the repeat.",
                unit=p.unit, data={**data, "repeats_line": others[0]},
            )
        look = signals.looks_like_caption(p.text)
        if look is not None:
            return ctx.finding(
                "OMI004",
                f"{at} {_quote(p.text, 60)} has no counterpart in the source and looks like a "
                f"{'photo caption or credit' if look == 'caption' else 'publisher line'}: keep it only if the "
                "client wants it.",
                unit=p.unit, data={**data, "looks_like": look},
            )
        severity = Severity.MAJOR if len(p.text) >= 100 else None
        return ctx.finding(
            "OMI002",
            f"{at} {_quote(p.text)} has no counterpart in the source: text was added, or the source "
            "paragraph it translates is missing.",
            unit=p.unit, severity=severity, data=data,
        )


def _tail(text: str, size: int = 40) -> str:
    """The last words of a text, '…' first when they do not start it."""
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    cut = text[-size:]
    space = cut.find(" ")
    return "…" + (cut[space + 1 :] if 0 <= space < size - 5 else cut)


def _place(numbers: list[int], lines: list[int]) -> str:
    if not numbers:
        return f"(line {lines[0]})" if lines else ""
    if len(numbers) == 1:
        return f"{numbers[0]} (line {lines[0]})" if lines else str(numbers[0])
    return f"{numbers[0]}-{numbers[-1]} (lines {lines[0]}-{lines[-1]})" if lines else f"{numbers[0]}-{numbers[-1]}"


@hookimpl
def tqa_register_checks():
    return [Omission, PartialOmission]
