"""Official-name near misses: "Peace Program" for the Peace Corps program, "Fulbright
Vietnam program" for the Fulbright Program in Vietnam, "Peace Corp", "Comprehensive
Strategy Partnership".

Exact glossary matching never sees these. The search here keeps false alarms low by
looking only where a name could be and by scoring what differs:

1. Candidates. In English, a candidate is a name-like run: capitalised words and
   acronyms, with "of/and/for/the/in…" between them and optionally a lower-case head
   noun at the end ("Fulbright Vietnam program"); in Vietnamese, a window of syllables
   that starts with a capital. Words already claimed by an exact official name are
   left out, so "Peace Corps program" is not a near miss of anything.
2. Anchors. Only names that share a distinctive word (allowing a typo) with the
   candidate are compared, through an index of their words.
3. Score. Words weigh 1 (distinctive: "Peace", "Fulbright", "Corps"), 0.5 (generic:
   "Program", "Partnership", "Vietnam") or 0 (function words). Words pair up across
   the two (order ignored), a pair scoring its Levenshtein similarity when at least
   0.8, or 0.85 for a shared stem ("Strategy"/"Strategic"). The score is the Dice
   coefficient of the paired weight. A head noun of the name's kind ("Program" for
   the Peace Corps, a program) pairs with the name's implicit kind word.
4. Not a near miss: the same words as an accepted name, in the same order (function
   words and punctuation aside: "Mekong-US Partnership"); a shortening (every word of the candidate in
   the name, in order, nothing else: "Strategic Partnership", "Fulbright University");
   a longer name that contains the name's words in order ("Fulbright Scholar Program").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import namedtuple
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from qa_core.glossary import Concept, Glossary, Term, primary_lang
from tqa_plugins.terminology.matcher import Mention, _TONE_RE, _tone, fold

TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’][sS]\b)?")
_ASCII_DIGIT = re.compile(r"[0-9]")
_GAP_OK = re.compile(r"^[ \t\u00a0\-‐‑‒–—/&]*\n?[ \t\u00a0]*$")

STOP = {
    "en": {"of", "the", "in", "for", "and", "on", "to", "at", "a", "an", "with", "by", "s"},
    "vi": {"của", "và", "về", "các", "ở", "tại", "vì", "cho", "những", "với", "trong"},
}
GENERIC = {
    "en": {
        "program", "programme", "programs", "partnership", "agreement", "framework", "initiative", "center",
        "centre", "centers", "corporation", "commission", "forum", "summit", "declaration", "convention",
        "organization", "organisation", "association", "network", "meeting", "university", "national",
        "international", "united", "states", "us", "vietnam", "viet", "nam", "america", "american", "asean",
        "group", "nations", "council", "agency", "fund", "code", "strategy", "plan", "project",
        # place words that ordinary prose uses on their own ("Southeast Asia")
        "asia", "asian", "southeast", "east", "pacific",
    },
    "vi": {
        "chương", "trình", "đối", "tác", "quan", "hệ", "hiệp", "định", "tổ", "chức", "trung", "tâm", "diễn",
        "đàn", "hội", "nghị", "tuyên", "bố", "việt", "nam", "hoa", "kỳ", "quốc", "tế", "gia", "nhóm", "khuôn",
        "khổ", "đại", "học", "ủy", "ban", "cấp", "cao", "bộ", "công", "ước", "asean",
    },
}
# head nouns that name a concept's kind: "Peace Program" reads as the Peace Corps program
KIND_HEADS = {
    "program": {"program", "programme", "initiative", "project"},
    "partnership": {"partnership"},
    "organization": {"organization", "organisation", "agency", "corporation", "center", "centre"},
    "agreement": {"agreement", "accord", "treaty", "pact"},
    "framework": {"framework"},
    "forum": {"forum"},
    "summit": {"summit"},
    "university": {"university"},
    "commission": {"commission"},
    "declaration": {"declaration"},
    "convention": {"convention"},
    "code": {"code"},
    "meeting": {"meeting"},
    "strategy": {"strategy"},
    "group": {"group"},
}
_LOWER_HEADS = set().union(*KIND_HEADS.values()) | {"programs", "partnerships", "agreements"}

DEFAULT_THRESHOLD = 0.7
MAX_RUN = 14


def _norm_token(token: str) -> str:
    token = _TONE_RE.sub(_tone, unicodedata.normalize("NFC", token).lower())
    token = token.replace(".", "")
    if token.endswith(("'s", "’s")):
        token = token[:-2]
    return token


def _weight(token: str, lang: str) -> float:
    if token in STOP.get(lang, ()):
        return 0.0
    if token in GENERIC.get(lang, ()) or fold(token) in GENERIC.get(lang, ()):
        return 0.5
    if token.isdigit():
        return 0.5
    return 1.0


@lru_cache(maxsize=262144)
def similarity(a: str, b: str) -> float:
    """How alike two normalised words are, 0 when too different to pair."""
    if a == b:
        return 1.0
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return 0.95
    if min(len(fa), len(fb)) < 4:
        return 0.0
    from rapidfuzz.distance import OSA  # here: a run that never compares two words does not load rapidfuzz

    sim = OSA.normalized_similarity(fa, fb)  # a transposition ("Crops") is one edit
    if sim >= 0.8:
        return sim
    common = 0
    for x, y in zip(fa, fb):
        if x != y:
            break
        common += 1
    shorter, longer = sorted((len(fa), len(fb)))
    if common >= 5 and (common >= 0.7 * longer or (common == shorter and shorter >= 0.6 * longer)):
        return 0.85  # one stem: strategy/strategic, transport/transportation
    return 0.0


@dataclass(frozen=True, slots=True)
class Name:
    """An accepted form of an official name, as words with weights."""

    concept: Concept
    term: Term
    words: tuple[str, ...]
    weights: tuple[float, ...]
    #: the words that carry weight (function words left out), worked out once
    content: tuple[str, ...] = field(init=False, compare=False, repr=False)
    #: those words with their weights, the weights' sum, and the head nouns of the name's kind
    weighted: tuple[tuple[str, float], ...] = field(init=False, compare=False, repr=False)
    total: float = field(init=False, compare=False, repr=False)
    heads: frozenset[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "content", tuple(w for w, k in zip(self.words, self.weights) if k > 0))
        object.__setattr__(self, "weighted", tuple((w, k) for w, k in zip(self.words, self.weights) if k > 0))
        object.__setattr__(self, "total", sum(k for _, k in self.weighted))
        object.__setattr__(self, "heads", frozenset(KIND_HEADS.get(self.concept.kind or "", ())))


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A span of a text (start, end) that almost is an official name, and how close (score)."""

    start: int
    end: int
    name: Name
    score: float


#: A word of the text: text and norm (str), start and end (int), weight (float), capital
#: and initial (bool; initial: the first word of a sentence, False unless given). A named
#: tuple: millions are made, a frozen dataclass is three times slower to build; made by
#: collections.namedtuple, not typing.NamedTuple, whose string annotations (this module
#: reads its annotations as strings) typing compiles at every start-up (~1 M instructions).
_Tok = namedtuple("_Tok", ("text", "norm", "start", "end", "weight", "capital", "initial"), defaults=(False,))


class NearMissFinder:
    """Official names of a glossary, indexed by their distinctive words."""

    #: at most this many words of texts are kept with the names they could anchor (`_may_hold`)
    HELD_SIZE = 200_000

    def __init__(self, glossary: Glossary, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self.names: dict[str, list[Name]] = {}
        self.accepted: dict[str, set[tuple[str, ...]]] = {}
        self.anchors: dict[str, dict[str, list[Name]]] = {}
        for concept in glossary.concepts:
            if not concept.official:
                continue
            for term in concept.terms:
                if not term.accepted or term.is_acronym:
                    continue
                lang = term.language
                words = tuple(_norm_token(m.group()) for m in TOKEN.finditer(term.text))
                weights = tuple(_weight(w, lang) for w in words)
                name = Name(concept, term, words, weights)
                if len(name.content) < 2:
                    continue
                self.names.setdefault(lang, []).append(name)
                self.accepted.setdefault(lang, set()).add(name.content)
                for word, weight in zip(words, weights):
                    if weight == 1.0:
                        self.anchors.setdefault(lang, {}).setdefault(fold(word), []).append(name)
        self._anchor_words = {lang: list(index) for lang, index in self.anchors.items()}
        self._anchor_cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self._anchor_prefixes: dict[str, dict[str, list[int]]] = {}
        # the same words meet the same names again and again (in a file, "Hòa bình tái
        # khẳng định" against every name that "tái" and "bình" anchor): scores are kept
        # by (the span's content words, which of them other concepts explain, the name)
        self._score_cache: dict[tuple, float] = {}
        # per name, its distinctive words (folded) and how many a Vietnamese window needs
        self._wanted: dict[int, tuple[frozenset[str], int]] = {}
        self._by_id = {id(name): name for names in self.names.values() for name in names}
        # the first word of each accepted name's content words, by language
        self._accepted_firsts = {lang: frozenset(words[0] for words in accepted)
                                 for lang, accepted in self.accepted.items()}
        for names in self.names.values():
            for name in names:
                wanted = frozenset(fold(w) for w, k in zip(name.words, name.weights) if k == 1.0)
                self._wanted[id(name)] = (wanted, min(2, len(wanted)))
        # the names' content words by language, to find which of them a word of a text
        # can pair with at all (`_partners`)
        self._vocab: dict[str, tuple[list[str], dict[str, list[str]], dict[str, list[str]]]] = {}
        for lang, names in self.names.items():
            words = sorted({w for name in names for w in name.content})
            by_fold: dict[str, list[str]] = {}
            by_prefix: dict[str, list[str]] = {}
            for w in words:
                by_fold.setdefault(fold(w), []).append(w)
                by_prefix.setdefault(fold(w)[:5], []).append(w)
            self._vocab[lang] = (list(by_fold), by_fold, by_prefix)
        self._partner_cache: dict[tuple[str, str], frozenset[str]] = {}
        # (list, language, a word's length) -> the list's words of a length that can come within
        # 0.75 of edit similarity of it, and their places in the list (`_of_near_length`)
        self._lengths: dict[tuple, tuple[list[str], list[int]]] = {}
        # per language, a word as written -> the names it could anchor (`_may_hold`), and
        # the words of it that anchor some name (the text's words are intersected with it)
        self._held: dict[str, dict[str, tuple[int, ...]]] = {}
        self._holding: dict[str, set[str]] = {}
        # per language, a word as written -> (its normalised form, the names' words it pairs
        # with), or None for a function word (`_reachable`)
        self._content: dict[str, dict[str, tuple[str, frozenset[str]] | None]] = {}
        # (language, a distinctive word's normalised form) -> the names it could anchor (`_in_run`)
        self._names_of: dict[tuple[str, str], tuple[Name, ...]] = {}
        # (text, lang, the text's distinct words that anchor a name, its distinct words):
        # what `_may_hold` read, for `_reachable` to ask of the same text
        self._last_words: tuple[str, str, set[str], set[str]] | None = None
        # the terminology check asks twice about one text (once more for the concepts
        # its source names): its tokens are kept for the next call
        self._last_tokens: tuple[str, str, list[_Tok]] | None = None

    def _anchored(self, lang: str, word: str) -> tuple[str, ...]:
        """Anchor words (folded) of `lang` that `word` could be, typos allowed."""
        key = (lang, word)
        found = self._anchor_cache.get(key)
        if found is None:
            folded = fold(word)
            index = self.anchors.get(lang, {})
            if folded in index:
                found = (folded,)
            elif len(folded) >= 4:
                found = self._close_anchors(lang, folded)
            else:
                found = ()
            if len(self._anchor_cache) < 200_000:
                self._anchor_cache[key] = found
        return found

    def _close_anchors(self, lang: str, folded: str) -> tuple[str, ...]:
        """The anchor words `similarity` pairs with `folded`, in the anchors' order. The
        candidates come from rapidfuzz (edit similarity near 0.8 or more, in C; the float cut-off is set a little low) and a shared
        five-letter beginning (the one-stem rule); `similarity` then decides."""
        words = self._anchor_words.get(lang, ())
        if not words:
            return ()
        by_prefix = self._anchor_prefixes.get(lang)
        if by_prefix is None:
            by_prefix = self._anchor_prefixes[lang] = {}
            for index, word in enumerate(words):
                by_prefix.setdefault(word[:5], []).append(index)
        from rapidfuzz import process as _fuzzy
        from rapidfuzz.distance import OSA

        near, at = _of_near_length(self._lengths, ("anchors", lang), words, len(folded))
        candidates = {at[index] for _, _, index in _fuzzy.extract(folded, near, scorer=OSA.normalized_similarity, score_cutoff=0.75, limit=None)}
        if len(folded) >= 5:
            candidates.update(by_prefix.get(folded[:5], ()))
        return tuple(words[i] for i in sorted(candidates) if similarity(folded, words[i]) > 0)

    def _partners(self, lang: str, word: str) -> frozenset[str]:
        """The content words of `lang`'s names that `similarity` pairs with `word` (gives
        more than 0): words of the same folded spelling, words rapidfuzz finds within
        0.75 of edit similarity (`similarity` needs 0.8) and words of the same first five
        folded letters (its one-stem rule), kept when `similarity` agrees."""
        key = (lang, word)
        found = self._partner_cache.get(key)
        if found is None:
            folds, by_fold, by_prefix = self._vocab.get(lang, ((), {}, {}))
            folded = fold(word)
            candidates = set(by_fold.get(folded, ()))
            if len(folded) >= 4 and folds:
                from rapidfuzz import process as _fuzzy
                from rapidfuzz.distance import OSA

                near, _at = _of_near_length(self._lengths, ("folds", lang), folds, len(folded))
                for close, _, _ in _fuzzy.extract(folded, near, scorer=OSA.normalized_similarity, score_cutoff=0.75, processor=None,
                                                  limit=None):
                    candidates.update(by_fold[close])
            if len(folded) >= 5:
                candidates.update(by_prefix.get(folded[:5], ()))
            found = frozenset(w for w in candidates if similarity(w, word) > 0)
            if len(self._partner_cache) < 200_000:
                self._partner_cache[key] = found
        return found

    def find(self, text: str, lang: str | None, claimed: list[Mention] = (), threshold: float | None = None,
             only: set[str] | None = None) -> list[NearMiss]:
        """Near misses of official names in `text`. `claimed` are exact mentions whose
        words are not candidates; `only` limits the names to some concept ids."""
        lang = primary_lang(lang) or "en"
        if lang not in self.names:
            return []
        if text.islower() and (_ASCII_DIGIT.search(text) is None if text.isascii() else not any(map(str.isdigit, text))):
            # every span compared starts on a token that starts with a capital or a digit
            # (English runs and Vietnamese windows alike): a text with neither has none
            # (the digits of an ASCII text are 0-9: one search instead of a call a character)
            return []
        if not self._may_hold(text, lang):
            return []
        limit = self.threshold if threshold is None else threshold
        live = self._reachable(text, lang, limit, only)
        if not live:
            return []
        last = self._last_tokens
        if last is not None and last[0] == text and last[1] == lang:
            tokens = last[2]
        else:
            tokens = _tokens(text, lang)
            self._last_tokens = (text, lang, tokens)
        if not tokens:
            return []
        blocked = [(m.start, m.end) for m in claimed if m.concept is not None and m.concept.official and len(m.term.text.split()) > 1]
        explained = [(m.start, m.end, m.concept.id) for m in claimed if m.concept is not None]
        runs = _runs(text, tokens, lang, blocked)
        found: list[NearMiss] = []
        for run in runs:
            found.extend(self._in_run(run, lang, limit, only, explained, live))
        return found

    def _may_hold(self, text: str, lang: str) -> bool:
        """Whether any span of `text` can be compared with a name at all: in English a
        run needs a distinctive word that anchors a name (`_in_run`), in Vietnamese a
        window needs `need` words anchoring one name (`_windows`). Read from the words
        alone (the anchors of a word are kept), so most texts skip the tokens, runs and
        windows; the answer is exact, not a guess: where it says no, `find` finds none.
        (The text's distinct words are met with the words known to anchor a name as sets,
        in C; a word is looked up in Python once per run, or once per text past the
        table's size. In Vietnamese, a word's positions are counted (`list.count`) only
        for the few words that anchor a name: a name's count is the positions of the
        words that anchor it, each position once, as a walk over the positions counts.)"""
        index = self.anchors.get(lang)
        if not index:
            return False
        held = self._held.get(lang)
        if held is None:
            held = self._held[lang] = {}
            self._holding[lang] = set()
        holding = self._holding[lang]
        raws = TOKEN.findall(text)
        distinct = set(raws)
        hit = distinct & holding
        for raw in distinct.difference(held):
            names = self._names_held(lang, raw)
            if len(held) < self.HELD_SIZE:
                held[raw] = names
                if names:
                    holding.add(raw)
            if names:
                hit.add(raw)
        self._last_words = (text, lang, hit, distinct)
        if not hit:
            return False
        if lang == "en":
            return True
        wanted = self._wanted
        counts: dict[int, int] = {}
        for raw in hit:
            times = raws.count(raw)
            names = held.get(raw)
            for key in (names if names is not None else self._names_held(lang, raw)):
                count = counts[key] = counts.get(key, 0) + times
                if count >= wanted[key][1]:
                    return True
        return False

    def _reachable(self, text: str, lang: str, limit: float, only: set[str] | None) -> frozenset[int]:
        """The names (by id) that a word of `text` anchors and that could score `limit`
        against some span of the text: `_reach`, from every content word of the text (a
        span's are some of them), is at least `_best_score` of every span, which `_in_run`
        asks before it scores a name; the others are never scored. Exact, like `_may_hold`:
        where none is left, `find` finds none. (Most texts that hold an anchor, in
        Vietnamese a common syllable, come nowhere near the names it anchors.) The text's
        words are `_may_hold`'s when it read this text last, each distinct word once."""
        last = self._last_words
        if last is not None and last[0] == text and last[1] == lang:
            hit, distinct = last[2], last[3]
        else:
            distinct = set(TOKEN.findall(text))
            hit = distinct
        held = self._held[lang]
        keys: set[int] = set()
        for raw in hit:
            names = held.get(raw)
            keys.update(names if names is not None else self._names_held(lang, raw))
        if not keys:
            return frozenset()
        # each distinct word's (normalised form, partners), None for a function word: kept
        # per word as written, so that a known word costs a lookup in C, not two calls
        content = self._content.get(lang)
        if content is None:
            content = self._content[lang] = {}
        made = []
        for raw in distinct.difference(content):
            norm, weight = _word(raw, lang)
            info = (norm, self._partners(lang, norm)) if weight != 0 else None
            if len(content) < self.HELD_SIZE:
                content[raw] = info
            elif info is not None:
                made.append(info)
        infos = [*filter(None, map(content.get, distinct)), *made]
        words = set(map(itemgetter(0), infos))
        pairable = frozenset().union(*map(itemgetter(1), infos))
        by_id = self._by_id
        return frozenset(key for key in keys if (only is None or by_id[key].concept.id in only)
                         and _reach(by_id[key], pairable, words) >= limit - 1e-6)

    def _names_held(self, lang: str, raw: str) -> tuple[int, ...]:
        """The names (by id) a word of a text could anchor, each once: none unless the
        word is distinctive (weight 1)."""
        norm, weight = _word(raw, lang)
        if weight != 1.0:
            return ()
        return tuple(map(id, self._anchored_names(lang, norm)))

    def _anchored_names(self, lang: str, norm: str) -> tuple[Name, ...]:
        """The names a distinctive word could anchor, each once, in the order of its anchors
        and of their names (kept per word by `_in_run`, which filters them by concept)."""
        names: dict[int, Name] = {}
        for anchor in self._anchored(lang, norm):
            for name in self.anchors[lang][anchor]:
                names[id(name)] = name
        return tuple(names.values())

    def _windows(self, run: list[_Tok], lang: str, names) -> set[tuple[int, int]]:
        """Vietnamese windows: as many content words as a candidate name has (one fewer
        or one more), starting on a capital, holding two of the name's distinctive
        words (syllables such as "bình" or "công" alone anchor nothing: they are
        everywhere)."""
        out: set[tuple[int, int]] = set()
        n = len(run)
        # where a window may start (a capital that is no function word) and may end (no
        # function word): the same for every name, so found once per run
        starts = [a for a, tok in enumerate(run) if tok.capital and tok.weight != 0]
        if not starts:
            return out
        ends = [tok.weight != 0 for tok in run]
        anchors = [(p, self._anchored(lang, tok.norm)) for p, tok in enumerate(run) if tok.weight == 1.0]
        anchors = [(p, found) for p, found in anchors if found]
        for name in names:
            wanted, need = self._wanted[id(name)]
            hits = [p for p, found in anchors if any(a in wanted for a in found)]  # in run order
            if len(hits) < need:
                continue
            size = len(name.content)
            for length in (size - 1, size, size + 1):
                if length < 2:
                    continue
                for a in starts:
                    b = a + length
                    if b > n:
                        break  # (starts ascend: no later one fits either)
                    # the hits inside [a, b), counted by bisection in the sorted positions
                    if ends[b - 1] and bisect.bisect_left(hits, b) - bisect.bisect_left(hits, a) >= need:
                        out.add((a, b))
        return out

    def _in_run(self, run: list[_Tok], lang: str, limit: float, only: set[str] | None,
                explained: list[tuple[int, int, str]] = (), live: frozenset[int] = frozenset()) -> list[NearMiss]:
        """Near misses in one run, of the names in `live` (`_reachable`) among those its
        words anchor."""
        # the names each word could anchor
        anchored: list[tuple[Name, ...]] = []
        any_name = False
        kept = self._names_of
        for tok in run:
            names = ()
            if tok.weight == 1.0:
                key = (lang, tok.norm)
                names = kept.get(key)
                if names is None:
                    names = self._anchored_names(lang, tok.norm)
                    if len(kept) < self.HELD_SIZE:
                        kept[key] = names
                if only is not None and names:
                    names = tuple(name for name in names if name.concept.id in only)
            anchored.append(names)
            any_name = any_name or bool(names)
        if not any_name:
            return []
        scored: list[NearMiss] = []
        accepted = self.accepted.get(lang, set())
        if lang == "en":
            spans = list(_spans(run, lang))
        else:
            spans = sorted(self._windows(run, lang, {id(x): x for names in anchored for x in names}.values()))
        # spans that are an accepted name once function words are set aside
        # ("Declaration on Conduct of Parties…") hide the names inside them
        n = len(run)
        # (a span starts on a content word, the first of its content words: one that begins
        # no accepted name is none, without the tuple of its words)
        firsts = self._accepted_firsts.get(lang, frozenset())
        exact = [
            (i, j) for i in range(n) if run[i].weight > 0 and run[i].norm in firsts
            for j in range(i + 2, min(n, i + MAX_RUN) + 1)
            if tuple(t.norm for t in run[i:j] if t.weight > 0) in accepted
        ] if lang == "en" else [(i, j) for i, j in spans if run[i].norm in firsts
                                and tuple(t.norm for t in run[i:j] if t.weight > 0) in accepted]
        cache = self._score_cache
        if len(cache) > 20_000:
            cache.clear()
        others_of: dict[str, list[tuple[int, int]]] = {}
        for i, j in spans:
            if any(i < b and a < j for a, b in exact):
                continue
            names = {id(x): x for names in anchored[i:j] for x in names if id(x) in live}
            if not names:
                continue  # (`_reachable`: the names left out score below `limit` on every span)
            span = run[i:j]
            content = [t for t in span if t.weight > 0]
            if len(content) < 2:
                continue
            words = tuple((t.norm, t.weight) for t in content)
            span_total = sum(k for _, k in words)
            head, head_weight = words[-1]
            pairable = None
            for name in names.values():
                if lang != "en" and len(content) > len(name.content) + 1:
                    continue
                if pairable is None:
                    pairable = frozenset().union(*(self._partners(lang, w) for w, _ in words))
                if _best_score(name, pairable, span_total, head_weight if head in name.heads else 0.0) < limit - 1e-9:
                    continue  # too few of the name's words can pair with the span's to reach `limit`
                # the words the name shares must not all be another concept's exact term
                # ("Tensions in the South China Sea" is not the Code of Conduct)
                others = others_of.get(name.concept.id)
                if others is None:
                    others = others_of[name.concept.id] = [(a, b) for a, b, cid in explained if cid != name.concept.id]
                free = tuple(not any(a <= t.start and t.end <= b for a, b in others) for t in content) if others else None
                key = (words, free, id(name))
                score = cache.get(key)
                if score is None:
                    score = cache[key] = _score(span, name, lang, others)
                if score >= limit:
                    scored.append(NearMiss(span[0].start, span[-1].end, name, score))
        # best first; keep non-overlapping
        scored.sort(key=lambda m: (-m.score, -(m.end - m.start), m.start))
        kept: list[NearMiss] = []
        for miss in scored:
            if any(miss.start < k.end and k.start < miss.end for k in kept):
                continue
            kept.append(miss)
        return kept


def _of_near_length(kept: dict, which: tuple, words, length: int) -> tuple[list[str], list[int]]:
    """The words of `words` whose length l can have an edit similarity of 0.75 or more with a
    word of `length` L, and their indices in `words`: rapidfuzz's normalised OSA similarity
    is 1 - d / max(L, l), and the distance d is at least |L - l| (only an insertion or a
    deletion changes a length, by one), so 4 |L - l| <= max(L, l) is needed. The others
    cannot pass the cut-off: rapidfuzz is not given them (a third to a half of the list).
    Kept per list and length."""
    key = (*which, length)
    found = kept.get(key)
    if found is None:
        at = [i for i, w in enumerate(words) if 4 * abs(length - len(w)) <= max(length, len(w))]
        found = kept[key] = ([words[i] for i in at], at)
    return found


def _spans(run: list[_Tok], lang: str):
    """The (start, end) token ranges of a run to compare with names. English runs are
    name-like already: the whole run, and the run without weak edges (function words,
    generic words like "U.S." or "Vietnam", a sentence-initial capital) — never a
    stretch that drops a distinctive word, so "Southeast Asia Peace Program" is not
    read as "Peace Program". Vietnamese windows start on a capital."""
    n = len(run)
    if lang == "en":
        starts = {0}
        i = 0
        while i < n - 1 and (run[i].weight < 1.0 or run[i].initial):
            i += 1
            starts.add(i)
        ends = {n}
        j = n
        while j > 1 and run[j - 1].weight < 1.0:
            j -= 1
            ends.add(j)
        # a function word may also join two names: "the Peace Program and the Fulbright
        # Vietnam program", "Comprehensive Strategy Partnership in September"
        for k, tok in enumerate(run):
            if tok.weight == 0:
                starts.add(k + 1)
                ends.add(k)
        for a in starts:
            for b in ends:
                if b - a >= 2 and run[a].weight > 0 and run[b - 1].weight > 0:
                    yield a, b
        return
    for a in range(n):
        if run[a].weight == 0 or not run[a].capital:
            continue
        for b in range(a + 2, min(n, a + MAX_RUN) + 1):
            if run[b - 1].weight > 0:
                yield a, b


_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[\"“(]\s*)$")


def _tokens(text: str, lang: str) -> list[_Tok]:
    out = []
    english = lang == "en"  # only English runs look at sentence-initial capitals
    for m in TOKEN.finditer(text):
        raw = m.group()
        norm, weight = _word(raw, lang)
        start = m.start()
        initial = english and _SENTENCE_START.search(text, max(0, start - 3), start) is not None
        out.append(_Tok(raw, norm, start, m.end(), weight, raw[:1].isupper() or raw[:1].isdigit(), initial))
    return out


@lru_cache(maxsize=65536)
def _word(raw: str, lang: str) -> tuple[str, float]:
    """A token's normalised form and weight (words repeat: worked out once)."""
    norm = _norm_token(raw)
    return norm, _weight(norm, lang)


def _runs(text: str, tokens: list[_Tok], lang: str, blocked: list[tuple[int, int]]) -> list[list[_Tok]]:
    """Sequences of tokens that could hold a name: joined by spaces or hyphens only,
    outside exact official names; in English, capitalised words with function words
    between them and an optional lower-case head noun at the end."""
    runs: list[list[_Tok]] = []
    current: list[_Tok] = []

    def close() -> None:
        nonlocal current
        while current and current[-1].weight == 0:
            current.pop()
        if len(current) >= 2:
            runs.append(current)
        current = []

    previous: _Tok | None = None
    for tok in tokens:
        if any(tok.start < b and a < tok.end for a, b in blocked):
            close()
            previous = None
            continue
        joined = previous is not None and _GAP_OK.match(text[previous.end:tok.start]) is not None
        if not joined:
            close()
        if lang == "en":
            if tok.capital:
                current.append(tok)
            elif tok.weight == 0 and current:
                current.append(tok)
            elif tok.norm in _LOWER_HEADS and current and current[-1].capital:
                current.append(tok)
                close()
            else:
                close()
        else:
            current.append(tok)
            if len(current) > 3 * MAX_RUN:
                close()
        previous = tok
    close()
    if lang != "en":
        # long Vietnamese stretches: cut at lower-case generic words that follow a stop word
        return runs
    # a run never starts with a function word
    out = []
    for run in runs:
        while run and run[0].weight == 0:
            run = run[1:]
        if len(run) >= 2:
            out.append(run)
    return out


def _score(span: list[_Tok], name: Name, lang: str, others: list[tuple[int, int]] = ()) -> float:
    content = [t for t in span if t.weight > 0]
    words = [(t.norm, t.weight) for t in content]
    free = [not any(a <= t.start and t.end <= b for a, b in others) for t in content]
    target = [(w, k) for w, k in zip(name.words, name.weights) if k > 0]
    # a longer name that holds this one's words in order, or a plain shortening of it
    if _in_order([w for w, _ in target], [w for w, _ in words]) or _in_order([w for w, _ in words], [w for w, _ in target]):
        return 0.0
    used = [False] * len(words)
    matched = 0.0
    distinctive = False
    pairs: list[tuple[int, int]] = []  # (position in the name, position in the span)
    for position, (word, weight) in enumerate(target):
        best, best_sim = -1, 0.0
        for index, (other, _) in enumerate(words):
            if used[index]:
                continue
            sim = similarity(word, other)
            if sim > best_sim:
                best, best_sim = index, sim
        if best >= 0:
            used[best] = True
            pairs.append((position, best))
            matched += min(weight, words[best][1]) * best_sim
            if weight == 1.0 and free[best]:
                distinctive = True
    if not distinctive or _moves(pairs) > 1:
        return 0.0
    total_name = sum(k for _, k in target)
    total_span = sum(k for _, k in words)
    head, head_weight = words[-1]
    heads = KIND_HEADS.get(name.concept.kind or "", ())
    if not used[-1] and head in heads:
        used[-1] = True
        matched += head_weight
        total_name += head_weight
    return 2 * matched / (total_name + total_span)


def _best_score(name: Name, pairable: frozenset[str], span_total: float, head_weight: float) -> float:
    """The most `_score` can give a span against `name`, where `pairable` holds every word
    of the name that some word of the span pairs with, the span's content words weigh
    `span_total`, and its last one is a head noun of the name's kind weighing `head_weight`
    (else 0). Each pair adds at most its name word's weight and its span word's, so the
    paired weight is at most both the weight of the name's pairable words and the span's;
    a head noun left unpaired adds its weight to the paired weight and to the name."""
    reach = sum(k for w, k in name.weighted if w in pairable)
    best = 2 * min(reach, span_total) / (name.total + span_total)
    if head_weight:
        best = max(best, 2 * (min(reach, span_total - head_weight) + head_weight)
                   / (name.total + head_weight + span_total))
    return best


def _reach(name: Name, pairable: frozenset[str], words: set[str]) -> float:
    """The most `_best_score` gives `name` against a span of some of `words` (content
    words), `pairable` holding every word of the name that one of them pairs with. With
    R the weight of the name's pairable words (R <= T, the name's weight) and S the span's,
    a span's bound is 2 min(R, S) / (T + S), at most 2 R / (T + R) (at S = R); with a
    head noun of weight h <= 1 at its end, 2 (min(R, S - h) + h) / (T + h + S), at most
    2 (R + h) / (T + R + 2 h) (at S - h = R), which grows with h and is the first when
    h = 0: this last figure with h = 1 when one of `words` is a head noun of the name's
    kind, else with h = 0."""
    reach = sum(k for w, k in name.weighted if w in pairable)
    head = 1.0 if name.heads and not name.heads.isdisjoint(words) else 0.0
    return 2 * (reach + head) / (name.total + reach + 2 * head)


def _moves(pairs: list[tuple[int, int]]) -> int:
    """How many matched words must move to put the span in the name's order (pairs
    minus their longest common order): one moved word ("Fulbright Vietnam program",
    "Vietnam Fulbright University") is a garble, more is another phrase."""
    order = [span for _, span in sorted(pairs)]
    tails: list[int] = []
    for value in order:
        index = bisect.bisect_left(tails, value)
        if index == len(tails):
            tails.append(value)
        else:
            tails[index] = value
    return len(order) - len(tails)


def _in_order(needle: list[str], hay: list[str]) -> bool:
    """All of `needle` appears in `hay` in order (a subsequence), exactly."""
    if not needle or len(needle) > len(hay) or needle == hay:
        return False
    it = iter(hay)
    return all(any(word == other for other in it) for word in needle)
