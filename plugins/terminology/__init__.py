"""Terminology and official names: glossary terms, policy profiles, near misses.

One check, `terminology`, reads the glossaries once per run (TBX, CSV/TSV, tqa
TOML/YAML through the `tqa_load_glossary` hook; by default the shipped termbase of
official names in Vietnam–US relations and the sea-name concept without a policy)
and reports:

- TRM001 a source term whose approved target term is missing (bilingual only);
- TRM002 a forbidden or deprecated term outside protected titles;
- TRM003 two variants of one term in one document;
- TRM004 a span that almost matches an official name;
- TRM005 an acronym next to the expansion of another name;
- TRM006 a first mention without the gloss a profile requires.

Everything but TRM001 works on a translation alone (`tqa check --target-only`).
"""

from __future__ import annotations

import os
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from qa_core import Check, Option, Rule, Severity, Span, hookimpl
from qa_core.errors import UsageError
from qa_core.glossary import Glossary, GlossaryOptions, load_glossary, looks_like_acronym, merge, primary_lang
from tqa_plugins.terminology.matcher import Mention, Prepared, TermMatcher, key_of
from tqa_plugins.terminology.nearmiss import DEFAULT_THRESHOLD, NearMissFinder

BUILTIN_GLOSSARIES = ("official-names.toml", "sea-names.toml")
#: with source evidence (the source names the concept, the target does not) a near
#: miss of that one concept needs less similarity
SOURCE_EVIDENCE_THRESHOLD = 0.55
#: a gloss starts at most this many characters after the mention it glosses:
#: "South China Sea (known in Vietnam as the East Sea)"
GLOSS_DISTANCE = 40
_VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_PAREN_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9&+./\-]*[A-Z0-9+])\s*\)")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
_CONSISTENCY_GROUPS = {None: "full", "fullForm": "full", "variant": "full", "acronym": "short", "abbreviation": "short"}


def guess_lang(text: str) -> str | None:
    """'vi' when the text has Vietnamese letters, else None (the caller decides)."""
    return "vi" if _VI_LETTERS.search(text) else None


@dataclass
class _Resources:
    """The glossaries of a run, merged, and what is built from them for matching."""

    glossary: Glossary
    matcher: TermMatcher
    nearmiss: NearMissFinder
    gloss_keys: dict[tuple[str, str], tuple[str, ...]]  # (concept, lang) -> padded gloss keys
    #: the ASCII digits no glossary text holds, and the one of them each is written as (see `_digit_table`)
    digits: tuple[re.Pattern, str] | None = None
    #: what the matcher and the near-miss search found in a text, by (text key, lang...)
    memo: dict = field(default_factory=dict)
    #: (concept id, language) -> whether the glossary has a translation to expect there
    expects: dict = field(default_factory=dict)


#: at most this many texts' mentions and near misses are kept (then the memo starts over)
_MEMO_SIZE = 16384


def _digit_table(glossary: Glossary) -> tuple[re.Pattern, str] | None:
    """A pattern of every ASCII digit no glossary text holds and the one such digit
    each is written as ("384" -> "000" when the glossary has only "5"), or None when
    the glossary holds all ten. (`Pattern.sub` with a plain replacement does what
    `str.translate` with a table would, two to three times faster.)

    What the matcher and the near-miss search find in a text depends on its digits
    only through their equality with characters of glossary texts (automaton keys,
    name words: Levenshtein distances, exact matches, set membership); a digit that
    no glossary text holds equals none of them, whichever it is, and the translated
    text has the same length, so the same offsets. Texts that differ only in such
    digits ("US$900 million", "US$649 million") have the same mentions and near
    misses, and those are worked out once."""
    used = set()
    texts = [term.text for _, term in glossary.terms()] + [term.text for term in glossary.protected]
    texts += [gloss for rule in glossary.first_mentions for gloss in rule.gloss]
    for text in texts:
        used.update(ch for ch in text if "0" <= ch <= "9")
    free = [d for d in "0123456789" if d not in used]
    if not free:
        return None
    return re.compile("[" + "".join(free) + "]"), free[0]


_ASCII_DIGIT = re.compile(r"[0-9]")


def _memo_key(text: str, res: _Resources) -> str:
    """The text with its free digits written as one (`_digit_table`): the key of what the
    matcher and the near-miss search find in it. Most texts hold no digit: those are
    their own key, without a translation of every character."""
    if res.digits is None or _ASCII_DIGIT.search(text) is None:
        return text
    pattern, digit = res.digits
    return pattern.sub(digit, text)


_CACHE: OrderedDict[tuple, _Resources] = OrderedDict()
_CACHE_SIZE = 4


def _builtin_paths() -> list[str]:
    import tqa_glossary

    folder = os.path.dirname(getattr(tqa_glossary, "__file__", None) or "")
    if not folder:  # not a plain folder (a zip import): ask importlib.resources
        from importlib import resources

        return [str(resources.files(tqa_glossary).joinpath(name)) for name in BUILTIN_GLOSSARIES]
    # a package in a folder: what importlib.resources.files() would give, without its
    # ~7 ms import (zipfile, tempfile) on every run
    return [os.path.join(folder, name) for name in BUILTIN_GLOSSARIES]


def _resolve_path(path: str, root: str | None) -> str:
    if os.path.isabs(path) or os.path.exists(path) or not root:
        return path
    candidate = os.path.join(root, path)
    return candidate if os.path.exists(candidate) else path


def _stamp(path: str) -> tuple:
    try:
        info = os.stat(path)
        return (path, info.st_mtime_ns, info.st_size)
    except OSError:
        return (path, None, None)


def load_resources(settings: dict[str, Any], hook, source_lang: str | None, target_lang: str | None, root: str | None) -> _Resources:
    """The glossaries the settings name, merged, with the profile applied, and the
    matchers built from them; cached per run inputs (paths, file stamps, options)."""
    paths = _builtin_paths() if settings.get("builtin", True) else []
    user = settings.get("glossary") or []
    if isinstance(user, str):
        user = [user]
    paths += [_resolve_path(str(p), root) for p in user]
    profile = settings.get("profile") or None
    fold_diacritics = bool(settings.get("diacritic-insensitive", False))
    threshold = float(settings.get("near-miss-threshold", DEFAULT_THRESHOLD))
    key = (tuple(_stamp(p) for p in paths), profile, fold_diacritics, threshold, source_lang, target_lang)
    cached = _CACHE.get(key)
    if cached is not None:
        _CACHE.move_to_end(key)
        return cached
    if not paths:
        raise UsageError("the terminology check has no glossary: set 'glossary' or keep 'builtin = true'")
    options = GlossaryOptions(source_lang=source_lang, target_lang=target_lang)
    glossary = merge([load_glossary(p, hook, options) for p in paths])
    if profile:
        glossary = glossary.with_profile(profile)
    gloss_keys = {
        (rule.concept, primary_lang(rule.lang) or rule.lang): tuple(key_of(text, True) for text in rule.gloss)
        for rule in glossary.first_mentions
    }
    built = _Resources(glossary, TermMatcher(glossary, fold_diacritics=fold_diacritics), NearMissFinder(glossary, threshold), gloss_keys,
                       _digit_table(glossary))
    _CACHE[key] = built
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return built


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


@dataclass
class _Variant:
    """One admitted variant of a concept met in a document: how often and where first."""

    text: str
    count: int
    unit: Any
    span: Span
    status: str


@dataclass
class _DocumentState:
    """What the check keeps over a document: the concepts seen, the variants used."""

    first_seen: set = field(default_factory=set)
    variants: dict = field(default_factory=dict)  # (concept id, lang, group) -> {key: _Variant}


class Terminology(Check):
    """Glossary terms, policy profiles and official names: missing, forbidden,
    inconsistent or garbled terms."""

    name = "terminology"
    needs_source = False  # TRM001 needs the source; the other rules lint a translation alone
    rules = (
        Rule("TRM001", "term-missing", Severity.MAJOR, "Terminology/Inconsistent with termbase",
             "A glossary term of the source has none of its approved translations in the target."),
        Rule("TRM002", "term-forbidden", Severity.MAJOR, "Terminology/Wrong term",
             "The target uses a forbidden or deprecated term outside a protected title."),
        Rule("TRM003", "term-inconsistent", Severity.MINOR, "Terminology/Inconsistent use of terminology",
             "One document names the same concept with two different admitted variants."),
        Rule("TRM004", "official-name-near-miss", Severity.MAJOR, "Terminology/Wrong term",
             "A span almost matches an official name but is not it (a garbled or invented name)."),
        Rule("TRM005", "acronym-mismatch", Severity.MAJOR, "Terminology/Wrong term",
             "An acronym stands next to the expansion of another name, or a name next to the wrong acronym."),
        Rule("TRM006", "first-mention-gloss-missing", Severity.MINOR, "Style/Organizational style",
             "The profile wants a gloss (the other name) on the first mention of a concept, and it is missing."),
    )
    options = (
        Option("glossary", [], "Glossary files to use (TBX, CSV/TSV, tqa TOML/YAML), relative to the working "
               "folder or to the configuration file; --glossary FILE on the command line.", type="array"),
        Option("builtin", True, "Load the shipped glossaries: official names in Vietnam–US relations and the "
               "sea-name concept (no policy until a profile is chosen)."),
        Option("profile", None, "A policy profile the glossaries define, e.g. vn-official, vn-media, us-official, "
               "neutral (--profile NAME). None: no sea-name policy.", type="string"),
        Option("diacritic-insensitive", False, "Match terms ignoring diacritics as well as case "
               "('Bien Dong' = 'Biển Đông')."),
        Option("near-miss-threshold", DEFAULT_THRESHOLD, "Similarity (0-1) from which TRM004 reports a span "
               "as a near miss of an official name; higher means fewer, surer findings.", type="number"),
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self._res: _Resources | None = None
        self._state = _DocumentState()

    # ----- set-up ---------------------------------------------------------

    def _resources(self, ctx) -> _Resources:
        if self._res is None:
            root = getattr(ctx.config, "root", None)
            self._res = load_resources(self.settings, ctx.hook, ctx.source_lang, ctx.target_lang, root)
        return self._res

    # ----- units -----------------------------------------------------------

    def check_unit(self, unit, ctx):
        target = unit.target
        if not unit.translate or target is None or not target.text.strip():
            return
        res = self._resources(ctx)
        text = target.text
        tlang = primary_lang(ctx.target_lang) or guess_lang(text) or "en"
        key = _memo_key(text, res)
        named = self._found(text, key, tlang, res)
        mentions, near = named.mentions, named.near
        source_mentions: list[Mention] = []
        bilingual = not ctx.document.monolingual and unit.source.text.strip()
        if bilingual:
            slang = primary_lang(ctx.source_lang) or guess_lang(unit.source.text) or ("en" if tlang == "vi" else "vi")
            if slang != tlang:
                source_mentions = self._source_mentions(unit.source.text, slang, res)
        if source_mentions and target.text.strip() == unit.source.text.strip():
            # A repeated sentence is BAS002's finding (untranslated); its terms would say it again.
            # A source that is the name alone, kept as is, is reported here: BAS002 lets names stay.
            whole = unit.source.text.strip()
            source_mentions = [m for m in source_mentions if unit.source.text[m.start:m.end].strip() == whole]
        if not mentions and not near and not source_mentions:
            return  # nothing named on either side (most units): no rule has work
        findings = []
        if named.first:
            findings.extend(self._first_mentions(unit, ctx, text, named.first, res))
        if named.forbidden:
            findings.extend(self._forbidden(ctx, text, tlang, named.forbidden, res))
        if named.variants:
            self._collect_variants(unit, named.variants)
        acronym_spans: list[tuple[int, int]] = []
        if named.acronyms:
            findings.extend(self._acronyms(ctx, text, tlang, mentions, res, acronym_spans))
        target_concepts = named.concepts
        missing = {}
        for m in source_mentions:
            concept = m.concept
            if concept.id in target_concepts or concept.id in missing:
                continue
            if not _expects_translation(res, concept, tlang):
                continue  # the glossary has no translation to expect
            missing[concept.id] = m
        reported: list[tuple[int, int]] = list(acronym_spans)
        if missing:
            near = _union(near, self._evidence_near(text, key, tlang, mentions, frozenset(missing), res))
        for miss in near:
            if any(miss.start < b and a < miss.end for a, b in reported):
                continue
            reported.append((miss.start, miss.end))
            source_mention = missing.pop(miss.name.concept.id, None)
            wanted = miss.name.term  # the accepted form it is closest to
            surface = text[miss.start:miss.end]
            findings.append(ctx.finding(
                "TRM004",
                f"{_quote(surface)} is not an official name: the closest one is {_quote(wanted.text)}"
                + (f", which the source names ({_quote(source_mention.term.text)})." if source_mention else "."),
                target=Span(miss.start, miss.end),
                source=Span(source_mention.start, source_mention.end) if source_mention else None,
                suggestion=wanted.text,
                data={"concept": miss.name.concept.id, "score": round(miss.score, 3)},
            ))
        for concept_id, m in missing.items():
            concept = m.concept
            wanted = concept.preferred(tlang)
            if wanted is None:
                # no term in the target language: only an acronym (JETP, USAID) is expected to
                # stay as written; an abbreviation of a word (U.S., US) is translated (США, USA)
                acronyms = [t for t in concept.terms if t.is_acronym and t.type != "abbreviation" and t.accepted]
                if not acronyms:
                    continue
                wanted = acronyms[0]
            findings.append(ctx.finding(
                "TRM001",
                f"The source term {_quote(unit.source.text[m.start:m.end])} has no approved translation in the target: "
                f"expected {_quote(wanted.text)}.",
                source=Span(m.start, m.end),
                suggestion=wanted.text,
                data={"concept": concept.id},
            ))
        yield from findings

    # ----- what a text holds, worked out once per text --------------------------

    @staticmethod
    def _memo(res: _Resources, key, compute):
        memo = res.memo
        found = memo.get(key)
        if found is None:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            found = memo[key] = compute()
        return found

    def _found(self, text: str, key: str, tlang: str, res: _Resources) -> _Named:
        """What a target text names (`_Named`): it depends on the text alone, not on
        the document; `key` is the text's `_memo_key` (see `_digit_table`)."""
        found = res.memo.get(("target", key, tlang))
        if found is None:
            found = self._memo(res, ("target", key, tlang), lambda: self._named(text, key, tlang, res))
        return found

    def _named(self, text: str, key: str, tlang: str, res: _Resources) -> _Named:
        mentions = tuple(res.matcher.find(text, tlang, Prepared(text, res.matcher.fold_diacritics)))
        near = tuple(res.nearmiss.find(text, tlang, mentions))
        if not mentions:  # (most texts of real files): no rule but TRM004 and TRM001 has anything to read
            return _Named((), frozenset(), near, frozenset(), (), (), (), False) if near else _NOTHING
        glosses = frozenset(self._glosses(text, tlang, mentions, res))
        forbidden, first, variants = [], [], []
        for m in mentions:
            if m.protected or m.concept is None or (m.start, m.end) in glosses or _inside_protected(m, mentions):
                continue
            if not m.term.accepted:
                forbidden.append(m)  # TRM002's (a deprecated or forbidden name: its advice is the only one)
                continue
            keys = res.gloss_keys.get((m.concept.id, tlang))
            if keys is not None:
                first.append((m, keys))  # TRM006's, when the concept is first mentioned
            group = _CONSISTENCY_GROUPS.get(m.term.type, None)
            if group is not None and m.term.language == tlang:  # TRM003's variants
                variants.append((m, (m.concept.id, tlang, group), " ".join(m.term.text.casefold().split())))
        # TRM005 looks at a bracketed acronym, or at an acronym followed by a bracket: the
        # key holds the same ones as the text (its digits differ only from digits)
        acronyms = _PAREN_ACRONYM.search(key) is not None or any(
            m.concept is not None and m.term.is_acronym and key[m.end:].lstrip().startswith("(") for m in mentions)
        return _Named(mentions, glosses, near, frozenset(m.concept.id for m in mentions if m.concept is not None),
                      tuple(forbidden), tuple(first), tuple(variants), acronyms)

    def _source_mentions(self, source: str, slang: str, res: _Resources):
        def compute():
            return tuple(m for m in res.matcher.find(source, slang)
                         if m.concept is not None and not m.protected and not _in_identifier(source, m.start, m.end))

        key = ("source", _memo_key(source, res), slang)
        found = res.memo.get(key)
        return found if found is not None else self._memo(res, key, compute)

    def _evidence_near(self, text: str, key: str, tlang: str, mentions, concepts: frozenset, res: _Resources):
        """Near misses, with less similarity, of the concepts the source names."""
        def compute():
            return tuple(res.nearmiss.find(text, tlang, mentions, SOURCE_EVIDENCE_THRESHOLD, set(concepts)))

        return self._memo(res, ("evidence", key, tlang, concepts), compute)

    # ----- TRM002 -------------------------------------------------------------

    def _forbidden(self, ctx, text, tlang, forbidden, res):
        """`forbidden`: the text's mentions of names that are not accepted, outside
        protected phrases and glosses (`_Named.forbidden`)."""
        profile = res.glossary.profile
        for m in forbidden:
            better = m.concept.preferred(tlang)
            status = m.term.status
            where = f"under profile {profile}" if profile else f"in the glossary ({os.path.basename(m.concept.origin or res.glossary.path)})"
            advice = f": use {_quote(better.text)}" if better else ""
            yield ctx.finding(
                "TRM002",
                f"{_quote(text[m.start:m.end])} is {status} {where}{advice}.",
                target=Span(m.start, m.end),
                suggestion=better.text if better else None,
                severity=Severity.MAJOR if status == "forbidden" else Severity.MINOR,
                data={"concept": m.concept.id, "status": status, "profile": profile},
            )

    # ----- TRM003 -------------------------------------------------------------

    def _collect_variants(self, unit, candidates):
        """`candidates`: (mention, group key, variant key) of the text's accepted names
        that count as variants (`_Named.variants`)."""
        state = self._state.variants
        for m, key, variant_key in candidates:
            variants = state.get(key)
            if variants is None:
                variants = state[key] = {}
            entry = variants.get(variant_key)
            if entry is None:
                variants[variant_key] = _Variant(m.term.text, 1, unit, Span(m.start, m.end), m.term.status)
            else:
                entry.count += 1

    def check_document(self, document, ctx):
        for (concept_id, lang, _group), variants in self._state.variants.items():
            if len(variants) < 2:
                continue
            ranked = sorted(variants.values(), key=lambda v: (v.status != "preferred", -v.count))
            keep = ranked[0]
            for other in ranked[1:]:
                # 'U.S.'/'US', 'Viet Nam'/'Vietnam': the same letters, a house-style choice
                # that no reader misreads: info, so that alone it never fails a run
                spelling = _letters(other.text) == _letters(keep.text)
                yield ctx.finding(
                    "TRM003",
                    f"{_quote(other.text)} ({other.count}×) and {_quote(keep.text)} ({keep.count}×) name the same "
                    f"concept in this document: use {_quote(keep.text)} throughout"
                    + (" (a spelling choice of the house style)." if spelling else "."),
                    unit=other.unit,
                    target=other.span,
                    suggestion=keep.text,
                    severity=Severity.INFO if spelling else None,
                    data={"concept": concept_id, "variants": {v.text: v.count for v in ranked}, "spelling": spelling},
                )

    # ----- TRM005 -------------------------------------------------------------

    def _acronyms(self, ctx, text, tlang, mentions, res, spans):
        by_start = {m.start: m for m in mentions}
        ends = {}
        for m in mentions:
            ends.setdefault(m.end, m)
        for paren in _PAREN_ACRONYM.finditer(text):
            acronym = paren.group(1)
            if not looks_like_acronym(acronym):
                continue
            before = text[:paren.start()].rstrip()
            named = ends.get(len(before))
            inside = by_start.get(paren.start(1))
            acronym_concepts = [m for m in mentions if m.start == paren.start(1) and m.end == paren.end(1) and m.concept is not None]
            if acronym_concepts:
                owners = {m.concept.id for m in acronym_concepts}
                if named is not None and named.concept is not None:
                    if named.concept.id in owners or named.term.is_acronym:
                        continue
                    own = [t for t in named.concept.terms if t.is_acronym and t.accepted]
                    right = res.glossary.concept(acronym_concepts[0].concept.id)
                    expansion = right.preferred(tlang) if right else None
                    spans.append((named.start, paren.end()))
                    yield ctx.finding(
                        "TRM005",
                        f"{_quote(text[named.start:paren.end()])}: {acronym} is the acronym of "
                        f"{_quote(expansion.text if expansion else acronym)}"
                        + (f"; this name's acronym is {own[0].text}." if own else "."),
                        target=Span(named.start, paren.end()),
                        suggestion=f"{text[named.start:named.end]} ({own[0].text})" if own else None,
                        data={"acronym": acronym, "name_concept": named.concept.id, "acronym_concept": acronym_concepts[0].concept.id},
                    )
                    continue
                # no known name before the acronym: a near miss of its own expansion?
                start_of_sentence = max(before.rfind("\n"), len(before) - 200, 0)
                window = text[start_of_sentence:len(before)]
                misses = res.nearmiss.find(window, tlang, [], SOURCE_EVIDENCE_THRESHOLD, owners)
                misses = [x for x in misses if start_of_sentence + x.end == len(before)]
                if misses:
                    miss = misses[0]
                    start = start_of_sentence + miss.start
                    expansion = miss.name.concept.preferred(tlang) or miss.name.term
                    spans.append((start, paren.end()))
                    yield ctx.finding(
                        "TRM005",
                        f"{_quote(text[start:paren.end()])}: {acronym} is the acronym of {_quote(expansion.text)}.",
                        target=Span(start, paren.end()),
                        suggestion=f"{expansion.text} ({acronym})",
                        data={"acronym": acronym, "acronym_concept": miss.name.concept.id},
                    )
                continue
            if inside is None and named is not None and named.concept is not None and not named.term.is_acronym:
                own = [t for t in named.concept.terms if t.is_acronym and t.accepted]
                if own and acronym not in {t.text for t in own}:
                    spans.append((named.start, paren.end()))
                    yield ctx.finding(
                        "TRM005",
                        f"{_quote(text[named.start:paren.end()])}: the acronym of {_quote(named.term.text)} is {own[0].text}, not {acronym}.",
                        target=Span(named.start, paren.end()),
                        suggestion=f"{text[named.start:named.end]} ({own[0].text})",
                        data={"acronym": acronym, "name_concept": named.concept.id},
                    )
        # ACRONYM (Expansion)
        for m in mentions:
            if m.concept is None or not m.term.is_acronym:
                continue
            rest = text[m.end:]
            stripped = rest.lstrip()
            if not stripped.startswith("("):
                continue
            offset = m.end + (len(rest) - len(stripped)) + 1
            inner = next((x for x in mentions if x.start >= offset and x.start - offset <= 1 and x.concept is not None
                          and not x.term.is_acronym), None)
            if inner is None or inner.concept.id == m.concept.id:
                continue
            if text[inner.end:].lstrip().startswith(")"):
                expansion = m.concept.preferred(tlang)
                spans.append((m.start, inner.end))
                yield ctx.finding(
                    "TRM005",
                    f"{_quote(text[m.start:inner.end + 1])}: {m.term.text} is the acronym of "
                    f"{_quote(expansion.text if expansion else m.term.text)}, not of {_quote(inner.term.text)}.",
                    target=Span(m.start, inner.end),
                    suggestion=expansion.text if expansion else None,
                    data={"acronym": m.term.text, "acronym_concept": m.concept.id, "name_concept": inner.concept.id},
                )

    # ----- TRM006 and glosses -------------------------------------------------

    def _glosses(self, text, tlang, mentions, res) -> set[tuple[int, int]]:
        """Spans of mentions that gloss an earlier mention of the same concept in the
        same sentence ('South China Sea (East Sea)'): exempt from TRM002/TRM003."""
        out: set[tuple[int, int]] = set()
        if not res.gloss_keys:
            return out
        for index, m in enumerate(mentions):
            keys = res.gloss_keys.get((m.concept.id, tlang)) if m.concept is not None else None
            if keys is None or not m.term.accepted:
                continue
            limit = min(_sentence_end(text, m.end), m.end + GLOSS_DISTANCE)
            for later in mentions[index + 1:]:
                if later.start >= limit:
                    break
                if later.concept is m.concept and key_of(later.term.text, True) in keys:
                    out.add((later.start, later.end))
                    break
        return out

    def _first_mentions(self, unit, ctx, text, candidates, res):
        """`candidates`: (mention, gloss keys) of the text's accepted names whose concept
        a profile wants glossed (`_Named.first`)."""
        for m, keys in candidates:
            if m.concept.id in self._state.first_seen:
                continue
            self._state.first_seen.add(m.concept.id)
            window = Prepared(text[m.end:min(_sentence_end(text, m.end), m.end + GLOSS_DISTANCE + 40)], True).norm
            if any(k in window for k in keys):
                continue
            rule = next(r for r in res.glossary.first_mentions if r.concept == m.concept.id)
            used = key_of(m.term.text, True)
            gloss = [g for g in rule.gloss if key_of(g, True) != used] or list(rule.gloss)
            yield ctx.finding(
                "TRM006",
                f"The first mention of {_quote(text[m.start:m.end])} has no gloss, which profile {res.glossary.profile} "
                f"requires: add one of {', '.join(_quote(g) for g in gloss)} after it.",
                target=Span(m.start, m.end),
                suggestion=f"{text[m.start:m.end]} ({gloss[0]})",
                data={"concept": m.concept.id, "profile": res.glossary.profile},
            )


@dataclass(slots=True)
class _Named:
    """What a target text names, worked out once per text key (`_memo_key`) with what
    each rule looks at among it, none of which depends on the document: the rules keep
    only their state (first mentions, variants seen) per unit. Shared: never changed."""

    mentions: tuple
    glosses: frozenset  # spans of mentions that gloss an earlier one
    near: tuple  # near misses of official names
    concepts: frozenset  # ids of the concepts the mentions name
    forbidden: tuple  # TRM002: mentions of names not accepted, outside protected phrases and glosses
    first: tuple  # TRM006: (mention, gloss keys) of the accepted names a profile wants glossed
    variants: tuple  # TRM003: (mention, group key, variant key) of the accepted names that count
    acronyms: bool  # TRM005: a bracketed acronym, or an acronym mention before a bracket


#: a text that names nothing and comes near no name
_NOTHING = _Named((), frozenset(), (), frozenset(), (), (), (), False)


def _expects_translation(res: _Resources, concept, tlang: str) -> bool:
    """Whether the glossary has a translation of `concept` to expect in `tlang` (an
    accepted term in that language, or an acronym): kept per concept and language."""
    key = (concept.id, tlang)
    found = res.expects.get(key)
    if found is None:
        found = res.expects[key] = any(t.accepted for t in concept.terms_in(tlang)) or any(
            t.is_acronym for t in concept.terms)
    return found


def _letters(text: str) -> str:
    """The letters and digits of a term, case-folded: 'U.S.' and 'US' give 'us'."""
    return "".join(char for char in text.casefold() if char.isalnum())


def _sentence_end(text: str, start: int) -> int:
    match = _SENTENCE_END.search(text, start)
    return match.start() + 1 if match else len(text)


def _in_identifier(text: str, start: int, end: int) -> bool:
    """A mention joined by '/' or '_' to a token that holds an underscore: part of an
    identifier or a path (the time zone `America/New_York`), which is not translated."""
    if text[start - 1:start] not in ("/", "_") and text[end:end + 1] not in ("/", "_"):
        return False
    left = start - len(re.search(r"\S*$", text[:start]).group())
    token = text[left:end + len(re.match(r"\S*", text[end:]).group())]
    return "_" in token or _ZONE_NAME.match(token) is not None  # America/Chicago: a time zone's name


#: a zoneinfo name: an area and a location joined by '/' (America/Chicago, Europe/Paris)
_ZONE_NAME = re.compile(r"(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc|US|Canada)"
                        r"/[A-Z][A-Za-z_+-]+")


def _inside_protected(m: Mention, mentions: list[Mention]) -> bool:
    """A mention that shares its span with a protected phrase (the matcher keeps both)."""
    return any(p.protected and p.start <= m.start and m.end <= p.end for p in mentions)


def _union(first, second):
    out = list(first)
    for miss in second:
        if not any(miss.start < o.end and o.start < miss.end for o in out):
            out.append(miss)
    return out


@hookimpl
def tqa_register_checks():
    return [Terminology]


@hookimpl
def tqa_add_options(parser):
    parser.add_argument("--glossary", dest="terminology.glossary", action="append", metavar="FILE",
                        help="a glossary for the terminology check (TBX, CSV/TSV, tqa TOML/YAML); repeatable")
    parser.add_argument("--profile", dest="terminology.profile", metavar="NAME",
                        help="policy profile of the glossaries, e.g. vn-official, vn-media, us-official, neutral")
    parser.add_argument("--diacritic-insensitive", dest="terminology.diacritic-insensitive", action="store_true",
                        default=None, help="match glossary terms ignoring diacritics ('Bien Dong' = 'Biển Đông')")
    parser.add_argument("--no-builtin-glossary", dest="terminology.builtin", action="store_false", default=None,
                        help="do not load the shipped glossaries (official names, sea names)")


class _BuiltinLoader:
    """Stands in for the hook relay when the shipped (TOML) glossaries are loaded
    outside a check, for the aligner."""

    @staticmethod
    def tqa_load_glossary(path, options):
        from qa_core.glossaries import tqa_load_glossary

        return tqa_load_glossary(path=path, options=options)


@hookimpl
def tqa_alignment_anchors(texts, lang):
    """One anchor per official name of the shipped glossaries found in a paragraph,
    keyed by its concept, so that "Đoàn Hòa bình" and "Peace Corps" anchor each
    other. Acronyms are left out: the aligner's own anchors already match them.
    (The hook receives no settings, so a user's glossaries are not used here.)"""
    from qa_core.align import AnchorKey

    res = load_resources({}, _BuiltinLoader, None, None, None)
    want = primary_lang(lang)
    out = []
    for text in texts:
        mentions = res.matcher.find(text, want or guess_lang(text) or "en") if text else []
        out.append([AnchorKey("term:" + m.concept.id, 1.0) for m in mentions
                    if m.concept is not None and not m.term.is_acronym])
    return out
