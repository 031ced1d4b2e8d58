"""Glossaries: concepts, their terms in each language, and policy profiles.

A `Glossary` is what a glossary loader (`tqa_load_glossary`) returns, whatever the
file looked like: TBX v3 (DCA or DCT style), TBX v2 "martif", CSV/TSV, or tqa's own
TOML/YAML format. It holds `Concept`s (a TBX `conceptEntry`: one meaning), each with
its `Term`s in any number of languages, every term with a status that says whether a
translation may use it.

Profiles are what TBX cannot say simply: which term of a concept a *client* wants
(the sea called "East Sea", "East Vietnam Sea" or "South China Sea"), which
official titles protect the words inside them, and which concept must carry a
gloss on its first mention. `Glossary.with_profile(name)` applies one.

Records are frozen and slotted; every field is plain data so glossaries pickle to
worker processes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, Iterator

from qa_core.errors import InputError, TqaError, UsageError

#: the statuses a term can have, best first. TBX's administrativeStatus and
#: usageStatus values map onto them (see `status_from_tbx`).
STATUSES = ("preferred", "admitted", "deprecated", "forbidden")
#: statuses a translation may use
ACCEPTED = frozenset({"preferred", "admitted"})
#: TBX termType values (TBX-Basic picklist) tqa knows; others are kept as given
TERM_TYPES = ("fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase")
CASES = ("sensitive", "insensitive")

_TBX_STATUS = {
    # TBX-Basic administrativeStatus
    "preferredterm-admn-sts": "preferred",
    "admittedterm-admn-sts": "admitted",
    "deprecatedterm-admn-sts": "deprecated",
    "supersededterm-admn-sts": "deprecated",
    "legalterm-admn-sts": "preferred",
    "regulatedterm-admn-sts": "preferred",
    "standardizedterm-admn-sts": "preferred",
    # TBX-Min usageStatus and the plain words
    "preferred": "preferred",
    "admitted": "admitted",
    "deprecated": "deprecated",
    "superseded": "deprecated",
    "notrecommended": "deprecated",
    "obsolete": "deprecated",
    "forbidden": "forbidden",
    "prohibited": "forbidden",
    "do not use": "forbidden",
}


def status_from_tbx(value: str | None) -> str | None:
    """A TBX administrativeStatus/usageStatus value as a tqa status, or None if unknown."""
    if value is None:
        return None
    return _TBX_STATUS.get(value.strip().lower())


@lru_cache(maxsize=1024)
def primary_lang(lang: str | None) -> str | None:
    """'en-US' -> 'en', 'vi_VN' -> 'vi'; None stays None."""
    if not lang:
        return None
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower() or None


_ACRONYM = re.compile(r"^(?=(?:[^a-z]*[A-Z]){2})[A-Z0-9&+./\-]+$")


def looks_like_acronym(text: str) -> bool:
    """'ASEAN', 'O-RAN', 'ADMM+', 'U.S.': two or more capitals and no lower-case letter."""
    return bool(_ACRONYM.match(text.strip())) and len(text.strip()) <= 12


@dataclass(frozen=True, slots=True)
class Term:
    """One designation of a concept in one language.

    `status` is one of `STATUSES`; `type` a TBX termType such as "fullForm" or
    "acronym"; `case` "sensitive" or "insensitive", or None to decide from the text
    (acronyms match case-sensitively, everything else does not). `inflect` lets an
    English term match its plural and possessive ("Partnerships", "Corps's").
    `line` is where the term stands in its glossary file.
    """

    text: str
    lang: str
    status: str = "admitted"
    type: str | None = None
    part_of_speech: str | None = None
    case: str | None = None
    inflect: bool = True
    note: str | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        if not self.text or not self.text.strip():
            raise ValueError(f"'text' must be a non-empty term (got {self.text!r})")
        if self.status not in STATUSES:
            raise ValueError(f"'status' must be one of {', '.join(STATUSES)} (got {self.status!r})")
        if self.case is not None and self.case not in CASES:
            raise ValueError(f"'case' must be one of {', '.join(CASES)} (got {self.case!r})")

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED

    @property
    def is_acronym(self) -> bool:
        return self.type in ("acronym", "abbreviation") or (self.type is None and looks_like_acronym(self.text))

    @property
    def case_sensitive(self) -> bool:
        if self.case is not None:
            return self.case == "sensitive"
        return looks_like_acronym(self.text)

    @property
    def language(self) -> str:
        """The primary language subtag ('en' for 'en-US')."""
        return primary_lang(self.lang) or self.lang


@dataclass(frozen=True, slots=True)
class Concept:
    """A TBX concept entry: one meaning and its terms in every language.

    `kind` says what the concept names (program, organization, agreement,
    partnership, document, place…); `official` marks official names, which the
    near-miss check compares spans against. `subject`, `definition` and `note` are
    kept for reports.
    """

    id: str
    terms: tuple[Term, ...]
    kind: str | None = None
    official: bool = False
    subject: str | None = None
    definition: str | None = None
    note: str | None = None
    line: int | None = None
    origin: str | None = None  # the glossary file it came from

    def terms_in(self, lang: str | None) -> tuple[Term, ...]:
        """The terms of one language (by primary subtag); all terms when `lang` is None."""
        want = primary_lang(lang)
        if want is None:
            return self.terms
        return tuple(t for t in self.terms if t.language == want)

    def preferred(self, lang: str | None) -> Term | None:
        """The term to suggest in `lang`: the preferred one, else the first admitted one,
        a full form before an acronym."""
        candidates = [t for t in self.terms_in(lang) if t.accepted]
        if not candidates:
            return None
        candidates.sort(key=lambda t: (t.status != "preferred", t.is_acronym))
        return candidates[0]

    @property
    def languages(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for term in self.terms:
            seen.setdefault(term.language, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class StatusRule:
    """A profile's say on one term: in concept `concept`, the term `text` of `lang` has
    `status` (the term is added to the concept when it is not there yet)."""

    concept: str
    lang: str
    text: str
    status: str
    line: int | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"'status' must be one of {', '.join(STATUSES)} (got {self.status!r})")


@dataclass(frozen=True, slots=True)
class FirstMention:
    """On its first mention in a document, a term of `concept` in `lang` must be followed,
    in the same sentence, by one of `gloss` (e.g. "South China Sea (Biển Đông)")."""

    concept: str
    lang: str
    gloss: tuple[str, ...]
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """A named policy: term statuses that override the concepts', phrases inside which
    nothing is flagged (official titles), and first-mention glosses."""

    name: str
    description: str = ""
    statuses: tuple[StatusRule, ...] = ()
    protected: tuple[Term, ...] = ()
    first_mentions: tuple[FirstMention, ...] = ()
    line: int | None = None
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class GlossaryWarning:
    """Something a loader accepted but the file's format does not allow (a TBX-Basic
    data category at the wrong level, a CSV row without a target term)."""

    message: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class GlossaryOptions:
    """What a loader may need to know: the languages of header-less CSV/TSV columns
    (first column `source_lang`, second `target_lang`), a format name the user chose
    instead of detection, and a text encoding."""

    source_lang: str | None = None
    target_lang: str | None = None
    format: str | None = None
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Glossary:
    """Concepts from one file (or several merged), with the profiles they define.

    `protected` and `first_mentions` are those of the profile applied (empty until
    `with_profile` is called); `profile` is its name.
    """

    path: str
    format: str
    concepts: tuple[Concept, ...]
    profiles: tuple[Profile, ...] = ()
    name: str | None = None
    warnings: tuple[GlossaryWarning, ...] = field(default=(), compare=False)
    protected: tuple[Term, ...] = ()
    first_mentions: tuple[FirstMention, ...] = ()
    profile: str | None = None

    def __len__(self) -> int:
        return len(self.concepts)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)

    @property
    def languages(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for concept in self.concepts:
            for lang in concept.languages:
                seen.setdefault(lang, None)
        return tuple(seen)

    def terms(self) -> Iterator[tuple[Concept, Term]]:
        for concept in self.concepts:
            for term in concept.terms:
                yield concept, term

    def concept(self, concept_id: str) -> Concept | None:
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept
        return None

    def get_profile(self, name: str) -> Profile | None:
        for profile in self.profiles:
            if profile.name == name:
                return profile
        return None

    def with_profile(self, name: str) -> Glossary:
        """This glossary with profile `name` applied: term statuses overridden (terms
        the profile names but the concept lacks are added), protected phrases and
        first-mention rules set. Raises UsageError naming the known profiles."""
        profile = self.get_profile(name)
        if profile is None:
            known = ", ".join(sorted(p.name for p in self.profiles)) or "none"
            from qa_core.suggest import did_you_mean

            hint = did_you_mean(name, [p.name for p in self.profiles])
            raise UsageError(f"'profile' must be one of the profiles the glossaries define: {known} (got {name!r}){hint}")
        by_concept: dict[str, list[StatusRule]] = {}
        for rule in profile.statuses:
            by_concept.setdefault(rule.concept, []).append(rule)
        missing = sorted(set(by_concept) - {c.id for c in self.concepts})
        if missing:
            where = f"{profile.origin}:{profile.line}" if profile.origin and profile.line else (profile.origin or self.path)
            raise UsageError(f"{where}: profile {name!r} names concepts no loaded glossary defines: {', '.join(missing)}")
        concepts = []
        for concept in self.concepts:
            rules = by_concept.get(concept.id)
            if not rules:
                concepts.append(concept)
                continue
            terms = list(concept.terms)
            for rule in rules:
                key = (primary_lang(rule.lang), _fold_key(rule.text))
                for index, term in enumerate(terms):
                    if (term.language, _fold_key(term.text)) == key:
                        terms[index] = replace(term, status=rule.status)
                        break
                else:
                    terms.append(Term(rule.text, rule.lang, rule.status, line=rule.line))
            concepts.append(replace(concept, terms=tuple(terms)))
        return replace(
            self,
            concepts=tuple(concepts),
            protected=profile.protected,
            first_mentions=profile.first_mentions,
            profile=profile.name,
        )


def _fold_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def merge(glossaries: Iterable[Glossary]) -> Glossary:
    """One glossary from several: concepts with the same id are joined (terms of the
    later file added), profiles of every file kept (a later profile of the same name
    replaces an earlier one)."""
    glossaries = list(glossaries)
    if len(glossaries) == 1:
        return glossaries[0]
    concepts: dict[str, Concept] = {}
    profiles: dict[str, Profile] = {}
    warnings: list[GlossaryWarning] = []
    for glossary in glossaries:
        for concept in glossary.concepts:
            old = concepts.get(concept.id)
            if old is None:
                concepts[concept.id] = concept
            else:
                known = {(t.language, _fold_key(t.text)) for t in old.terms}
                extra = tuple(t for t in concept.terms if (t.language, _fold_key(t.text)) not in known)
                concepts[concept.id] = replace(
                    old,
                    terms=old.terms + extra,
                    kind=old.kind or concept.kind,
                    official=old.official or concept.official,
                )
        for profile in glossary.profiles:
            profiles[profile.name] = profile
        warnings.extend(glossary.warnings)
    return Glossary(
        path=", ".join(g.path for g in glossaries),
        format="merged",
        concepts=tuple(concepts.values()),
        profiles=tuple(profiles.values()),
        warnings=tuple(warnings),
    )


def load_glossary(path: str | os.PathLike, hook, options: GlossaryOptions | None = None) -> Glossary:
    """Load one glossary file through the `tqa_load_glossary` hook.

    Raises InputError when the file is missing or empty, when it is broken (the
    loader names the line), or when no loader reads it.
    """
    from qa_core.formats import require_file

    path = os.fspath(path)
    require_file(path)
    try:
        glossary = hook.tqa_load_glossary(path=path, options=options or GlossaryOptions())
    except TqaError:
        raise
    except Exception as error:  # noqa: BLE001 - a loader's bug: named, with the file
        from qa_core.plugin_errors import describe

        raise InputError(path, describe(hook.tqa_load_glossary, "tqa_load_glossary", error)) from None
    if glossary is None:
        raise InputError(
            path,
            "no glossary loader reads this file; known glossary formats: TBX v3 and v2 (.tbx, .xml), "
            "CSV/TSV (.csv, .tsv, .txt), tqa TOML/YAML (.toml, .yaml, .yml)",
        )
    return glossary
