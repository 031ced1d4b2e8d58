"""Partial omissions inside a unit (OMI012): a word or a phrase of the source left
out of a translation that is otherwise complete.

Two kinds of evidence, each precise on its own (docs/omission.md has the figures):

- **names the pair keeps**: a capitalised word in the middle of a source sentence
  (Latin, Cyrillic or Greek script; or a Latin-script word in a Chinese, Japanese,
  Hindi… source) that the languages' word-frequency lists say is written the same way
  in the target language (a name, or a loan word: "Kolonko", "Trump", "Gigawatt"; not
  "Regierung" or "Noruega", which are translated), and that no word of the target
  matches, once diacritics are stripped and Cyrillic transliterated. When the target
  has capitalised words of its own that no source word explains ("Norway" for a source
  name the lists did not know), the source name may be translated there: no finding.
- **a hole in an English target**: an article or a preposition followed directly by
  a punctuation mark, the end of the sentence or an auxiliary verb ("imported from
  are duty free", "the of"): what followed it was dropped.

The frequency lists come from the `wordfreq` package (its own bundled data; nothing is
downloaded). A language it has no list for gets no name findings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from qa_core import Check, Option, Rule, Severity, Span
from qa_core.text import fold_diacritics

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: what may stand before a sentence's first word: quotes, brackets, dashes, bullets
_OPENERS = " \t\n\"'«»„“”‘’()[]-–—•*"
_SENTENCE_END = ".!?:;…。！？"
_CASED = re.compile(r"[A-Za-zÀ-ɏͰ-ϿЀ-ӿ]")  # Latin, Greek, Cyrillic letters
_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")

#: the word-frequency list used: "small" (words seen at least once per million) loads fast
_WORDLIST = "small"
_ROMAN = re.compile(r"^(?:[IVXLC]{2,}[a-z]{0,3}|[IVX](?:e|er|re|o|a))$")
#: the ordinal of a metavariable: "the Nth directory", "the Kth entry" (the target writes "thứ N")
_VARIABLE_ORDINAL = re.compile(r"^[A-Z](?:th|st|nd|rd)$")
_SAME_SOUND = str.maketrans({"c": "k", "w": "v", "q": "k", "x": "ks"})
#: capitalised in English where other languages write them in lower case: no name of the source
_ENGLISH_CAPITALS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december i".split()
)
#: languages whose sentences write common nouns, titles and institutions mostly in lower case,
#: so that a capital mid-sentence is a sign of a name (measured on DEMETR's pl, cs, ru, fr,
#: es, it; the other Slavic and Romance languages alike). Elsewhere (German nouns, English
#: user-interface words, Vietnamese syllables of titles: "Chương trình") the frequency lists
#: decide whether the word is kept by the language pair
_LOWER_CASE_NOUNS = frozenset("pl cs sk ru uk be bg sr hr sl mk fr es it pt ro ca gl".split())
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLE = re.compile(r"(.)\1+")

# English closed classes for the holes an omission leaves
_DETERMINERS = frozenset("the a an its their our my your every".split())
_PREPOSITIONS = frozenset(
    "of in on at from with by for into about between under over after before during without through against among "
    "toward towards across within upon via than".split()
)
#: prepositions that are never adverbial particles ("catch on", "came in", "blame us for" end a clause)
_STRICT_PREPOSITIONS = frozenset("of from into between among via than during toward towards with at".split())
#: verbs that end a clause with a particle ("catch on", "came in", "stood by"): no hole after them
_PARTICLE_VERBS = frozenset(
    "come came comes coming catch caught go goes went gone get gets got give gave take took taken turn turns log sign "
    "hand hold held keep kept move carry set put look check break broke stand stood hang fill join stay drop cut pass "
    "weigh chime pitch step kick sink sank settle call let run ran show fit built".split()
)
_REPORTING_VERBS = frozenset(
    "said says told added wrote noted stated explained announced reported estimated argued claimed suffered".split()
)
_SUBJECT_PRONOUNS = frozenset("he she they we i".split())
_VERBLESS = frozenset("the a an his her their our my its this these those".split())
#: prepositions that end a clause as adverbs or particles as often as not ("seen it before", "roll over")
_ADVERB_PARTICLES = frozenset("on over about before after through upon without along around off up down".split())
#: words that open a clause whose preposition may stand at its end: wh-words, and the
#: pronouns of a relative clause without one ("the surfaces we've looked at")
_WH_WORDS = frozenset("what where which who whom whose whatever wherever how we you they i we've you've they've "
                      "i've we're you're they're i'm".split())
_AUXILIARIES = frozenset("is are was were has have had will would can could should may might must".split())
#: words that stand between a subject and its verb ("he also said"): the verb may follow them
_PRE_VERB_ADVERBS = frozenset(
    "also then still now later recently already often never just first finally quickly immediately once even only "
    "soon subsequently again always repeatedly previously further".split()
)
#: the words that open a clause after "that": with no verb before "that", the verb that took the clause is gone
_CLAUSE_OPENERS = _VERBLESS | _SUBJECT_PRONOUNS | frozenset("it there this these those some many most all no".split())
_MODALS = frozenset("will would can could should must might shall".split())
#: what may stand before "will" or "can" as nouns: "the will of", "free will", "a can of"
_NOUN_MARKERS = _DETERMINERS | frozenset("his her this that free own good political ill".split())
#: words that take an infinitive: "able to", "in order to", "wanted to"; "to" then an article is a dropped verb
_INFINITIVE_TAKERS = frozenset(
    "able unable order want wants wanted try tries tried trying need needs decided decide decides intend intends "
    "intended refuse refused refuses fail failed fails manage managed manages seek seeks sought aims aimed wish "
    "wishes wished".split()
)
_DO = frozenset("do does did".split())
#: verbs whose "that" opens a clause with its own subject: "announced that was canceling" lost "it"
_CLAUSE_VERBS = frozenset(
    "said says announced stated reported noted added claimed explained believed knew learned learnt found showed "
    "revealed confirmed admitted argued insisted warned estimated hoped demanded ensured assured realized realised "
    "expected suggested indicated".split()
)
#: adjectives that stand for a noun after "the" ("the same.", "the poor", "the latter"): no noun dropped after them
_NOMINAL_ADJECTIVES = frozenset(
    "same following latter former best worst most least first last next only other above below whole opposite "
    "contrary reverse elderly poor rich young old dead wounded injured unknown obvious impossible inevitable "
    "unthinkable unexpected wealthy sick blind deaf homeless unemployed brave free living previous present "
    "aforementioned sudden few many several much little more less enough deep".split()
)
#: nouns that take a clause with no "that" ("the year the war ended", "the way a bird flies")
_TIME_NOUNS = frozenset(
    "year years day days time times way moment reason place week weeks month months night morning evening minute "
    "minutes hour hours thing things season decade century instant".split()
)
_QUOTES = "\"“”'‘’«»„"
#: endings of adjectives: such a word alone after "the" is no noun the lexicon missed ("the desktop")
_ADJECTIVE_ENDING = re.compile(r"(?:[^e]al|ic|ous|ive|ful|less|[ai]ble|ary|[^e]en|most)$")
#: modals that open the messages of programs with no subject: "Could not load…", "Must contain a digit"
_MESSAGE_MODALS = frozenset("can could must should may cannot".split())
#: degree words before an adjective that is a complement, not a noun's modifier ("at their most frail.", "a little sticky.")
_DEGREE_WORDS = frozenset("most more less least very so too as little bit tad lot quite rather pretty fairly somewhat "
                          "really".split())
#: words the lexicon also lists as nouns that are no subject before an article ("that the", "all the", "what a")
_FUNCTION_WORDS = _CLAUSE_OPENERS | _DETERMINERS | _PREPOSITIONS | frozenset(
    "that which what who whom whose all both each half either neither none one ones such and or but nor yet so".split()
)
#: conjunctions that open a clause with a subject: "since are often the most critical audience" lost one
_SUBORDINATORS = frozenset("since because although though whereas unless".split())
#: words after which a modal comes before its subject: "nor could the", "so will the", "how can a"
_INVERTERS = frozenset("nor so neither only than as rarely never seldom hardly how what where why when which who "
                       "whether if".split())
#: auxiliaries that cannot follow "'s" (which may itself be "is" or "has"): "Hamas's have been" lost a noun
_POSSESSED_AUXILIARIES = frozenset("have had were are will would can could should must might".split())
_HOLE_TOKEN = re.compile(r"[^\W_]+(?:[.,:][0-9]+)*(?:['’][A-Za-z]+)?|[,.;:!?)]")
_CLOSERS = frozenset(",.;:)!?")


@dataclass(frozen=True, slots=True)
class MissingName:
    """A run of source names no target word matches."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Hole:
    """Where an English target reads as if a word was dropped after `word`."""

    at: int  # offset in the target just after `word`
    word: str
    following: str  # the token after it ("" at the end)


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _frequencies(lang: str) -> dict[str, float] | None:
    """wordfreq's list for `lang`, or None when it has none. Importing wordfreq and
    unpacking a list costs ~0.35 s of CPU a run; the lists are kept in tqa's cache
    (keyed by wordfreq's version) as marshal data, which a run reads back 3-4 times
    faster than JSON (~7 ms for English's 29,000 words, against ~28 ms)."""
    import marshal

    from qa_core import cache
    from qa_core.distributions import version

    key = [version("wordfreq") or "", _WORDLIST, marshal.version]
    if key[0]:
        stored = cache.load("wordfreq", lang, key, raw=True)
        if stored is not None:
            try:
                words = marshal.loads(stored)
            except (EOFError, ValueError, TypeError):
                words = False
            if words is None or type(words) is dict:
                return words
    try:
        from wordfreq import available_languages, get_frequency_dict
    except ImportError:  # pragma: no cover - a dependency
        return None
    words = get_frequency_dict(lang, _WORDLIST) if lang in available_languages(_WORDLIST) else None
    if key[0]:
        if words:  # one float object for each of the ~370 values: marshal writes it once
            shared: dict[float, float] = {}
            words = {word: shared.setdefault(value, value) for word, value in words.items()}
        cache.store("wordfreq", lang, key, marshal.dumps(words), raw=True)
    return words


def _zipf(frequencies: dict[str, float], word: str) -> float:
    value = frequencies.get(word)
    return math.log10(value * 1e9) if value else 0.0


def fold(word: str) -> str:
    """Lower case, diacritics stripped, other scripts transliterated: 'Москвы' -> 'moskvy'."""
    folded = fold_diacritics(word)
    if not folded.isascii():
        from anyascii import anyascii

        folded = anyascii(folded)
    return folded.lower()


def _skeleton(word: str) -> str:
    """The consonants, with the spellings transliteration confuses made one: moskv ~ moscow."""
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", word.replace("ts", "c").translate(_SAME_SOUND)))


class _Words:
    """The folded words of one side, indexed for `_matches`."""

    __slots__ = ("words", "known", "starts", "_skeletons")

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.known = set(words)
        self.starts = {w[:4] for w in words if len(w) >= 4}
        self._skeletons: set[str] | None = None

    @property
    def skeletons(self) -> set[str]:
        if self._skeletons is None:
            self._skeletons = {k[:3] for k in map(_skeleton, self.words) if len(k) >= 3}
        return self._skeletons


def _matches(name: str, side: _Words) -> bool:
    """Whether a folded word of the other side writes `name` (folded): the same start
    (inflected names: Obamy ~ obama), a close spelling, or the same consonants
    (transliterated: tramp ~ trump)."""
    if "-" in name:  # Git-only ~ chỉ-Git: any part of a compound
        return any(part in side.known or (len(part) >= 3 and _matches(part, side)) for part in name.split("-") if part)
    if name in side.known or (len(name) >= 4 and name[:4] in side.starts):
        return True
    skeleton = _skeleton(name)
    if len(skeleton) >= 3 and skeleton[:3] in side.skeletons:
        return True
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    # the cut-off a little lower, then checked: rapidfuzz's own rounding drops 0.6 exactly
    best = process.extractOne(name, side.words, scorer=Levenshtein.normalized_similarity, score_cutoff=0.59)
    return best is not None and best[1] >= 0.6 - 1e-9


@lru_cache(maxsize=1)
def _capital_word() -> re.Pattern:
    """`_WORD`, only the words that start with a capital letter (any script)."""
    capitals = "".join(sorted({chr(c) for c in range(0x10000) if chr(c).isupper()}))
    return re.compile(r"(?<![^\W\d_])[" + re.escape(capitals) + r"][^\W\d_]*(?:['’-][^\W\d_]+)*")


def _mid_sentence_capitals(text: str, acronyms: bool = False) -> list[re.Match]:
    """Words starting with a capital that do not start a sentence; acronyms left out
    (OMI008 weighs those) unless `acronyms`."""
    out = []
    for match in _capital_word().finditer(text):
        word = match.group()
        start = match.start()
        if start >= 2 and text[start - 1] in "'’-" and text[start - 2].isalpha():
            continue  # inside a word: anti-Trump, l'Italia (as _WORD reads them)
        if not word[0].isupper() or (not acronyms and ((len(word) > 1 and word.isupper())
                                                        or (word[-1] == "s" and word[:-1].isupper()))):
            continue  # acronyms, also plural (CPUs): OMI008 weighs those
        if _ROMAN.match(word) or _VARIABLE_ORDINAL.match(word):
            continue  # a century or a rank: XIVe, IIe; the Nth item
        if start and text[start - 1] == "\t":
            continue  # a table's cell starts after a tab: "-n\tSuppresses the…" (an option's description)
        if match.start() and not (text[match.start() - 1].isspace() or text[match.start() - 1] in _OPENERS):
            continue  # part of a path or a compound: I/O-scheduling, %sName
        at = match.start() - 1
        while at >= 0 and text[at] in _OPENERS:
            at -= 1
        if at < 0 or text[at] in _SENTENCE_END:
            continue
        out.append(match)
    return out


def _kept_across(word: str, source_lang: str, target_lang: str) -> bool | None:
    """Whether the frequency lists say `word` is written the same in the target
    language (a name or a loan word) rather than translated; None without lists."""
    source_list, target_list = _frequencies(source_lang), _frequencies(target_lang)
    if source_list is None or target_list is None:
        return None
    lower = word.lower()
    source_zipf = _zipf(source_list, lower)
    if source_lang == "en" and source_zipf >= 3.0:
        return False  # English capitalises the names of UI elements and titles: 'the Save button', 'Recovery Mode'
    if source_lang == "en" and _common_english_parts(lower, source_list):
        return False  # a common word's possessive or a compound of common words: Black's, High-resolution
    if source_lang == "en" and re.fullmatch(r"[A-Z][A-Z][a-z]{2,}", word) and _zipf(source_list, lower[1:]) >= 3.0:
        return False  # an initial and a common word, a term's short form: MMap (memory map), the target spells it out
    if source_zipf == 0.0 and source_lang != "en" and len(word) >= 8 and _compound_of_known(lower, source_list):
        return False  # an inflected form or a compound of the source language's words: Waffenausbildung
    return _zipf(target_list, fold(word)) >= source_zipf - 1.0


def _common_english_parts(word: str, frequencies: dict[str, float]) -> bool:
    """An English possessive of a common word (`black's`: the chess side) or a hyphenated
    compound whose every part is a common word (`high-resolution`): words of the language
    in title case, which the target translates, not names."""
    base = re.sub(r"['’]s?$", "", word)
    parts = [part for part in re.split(r"[-‐]", base) if part]
    if base == word and len(parts) < 2:
        return False
    return bool(parts) and all(_zipf(frequencies, part) >= 3.0 for part in parts)


def _compound_of_known(word: str, frequencies: dict[str, float]) -> bool:
    """A word the list lacks that ends with a common word of its language (five
    letters or more: a compound, Waffenausbildung), or is one with an ending added
    (an inflected form): not a name."""
    for size in range(5, len(word) - 2):
        if _zipf(frequencies, word[-size:]) >= 3.0:
            return True
    plain = fold_diacritics(word)  # Gebräuche ~ Gebrauch: an umlaut of the plural
    return any(_zipf(frequencies, form[:-cut]) >= 3.0 for form in {word, plain} for cut in (1, 2, 3)
               if len(form) - cut >= 5)


#: a quoted or marked-up stretch: “Fit to Printable Area”, <i>Change Passphrase…</i>, <gui>Save As</gui>
_LABEL = re.compile(r"[“\"‘«„]([^“”\"‘’«»„\n]{2,80})[”\"’»“]|<(\w+)[^<>]*>([^<>\n]{2,80})</\2>")
#: the short words a title leaves in lower case
_TITLE_SMALL = frozenset("a an the and or of to in on for at by with from as into vs".split())


def _title_case_labels(text: str) -> list[tuple[int, int]]:
    """Spans of quoted or marked-up labels in title case (every word but the small
    ones capitalised): the names of menu items and options, which the target translates."""
    spans = []
    for match in _LABEL.finditer(text):
        group = 1 if match.group(1) is not None else 3
        words = _WORD.findall(match.group(group))
        if len(words) >= 2 and all(w[0].isupper() or w.lower() in _TITLE_SMALL for w in words):
            spans.append((match.start(group), match.end(group)))
    return spans


def missing_names(source: str, target: str, source_lang: str | None, target_lang: str | None,
                  words: list[str] | None = None) -> list[MissingName]:
    """The source's names (and kept loan words) no word of the target writes. `words`:
    the source's words (`_WORD.findall(source)`) when the caller has them already."""
    if not source_lang or not target_lang or not _LATIN.search(target):
        return []
    slang, tlang = source_lang.split("-")[0].lower(), target_lang.split("-")[0].lower()
    if slang == tlang:
        return []
    if words is None:
        words = _WORD.findall(source)
    if not words:
        return []
    # (an ASCII source's words are all Latin letters, so all cased: the count needs no match)
    cased_words = len(words) if source.isascii() else len(words) - list(map(_CASED.match, words)).count(None)
    mostly_other = cased_words < 0.5 * len(words)
    if mostly_other:
        # Chinese, Japanese, Hindi…: its Latin-script capitalised words are names kept as they are
        candidates = [m for m in _WORD.finditer(source) if _LATIN.match(m.group()) and m.group()[0].isupper()
                      and not (len(m.group()) > 1 and m.group().isupper())]
    else:
        if len(words) < 5:
            return []  # a label (asked before its capitals are looked for: most PO units are short)
        candidates = _mid_sentence_capitals(source)
        if len(candidates) > len(words) / 3:
            return []  # a label or a title in title case: its capitals are not names
    if not candidates:
        return []
    labels = _title_case_labels(source)
    candidates = [m for m in candidates if not any(a <= m.start() < b for a, b in labels)]
    if not candidates:
        return []
    target_words = _Words([part for w in _WORD.findall(target) for part in fold(w).split("-")])
    unmatched = []
    for match in candidates:
        word = match.group()
        name = fold(word)
        if len(name) < 2 or _matches(name, target_words):
            continue
        if not mostly_other and slang not in _LOWER_CASE_NOUNS:
            kept = _kept_across(word, slang, tlang)
            if not kept:
                continue
        elif not mostly_other:
            kept = _kept_across(word, slang, tlang)
            if kept is None:
                continue
        unmatched.append(match)
    if not unmatched:
        return []
    # capitalised target words no source word explains: the names may be translated there
    source_words = _Words([fold(w) for w in words])
    unexplained = [m for m in _mid_sentence_capitals(target, acronyms=True)
                   if not (tlang == "en" and m.group().lower() in _ENGLISH_CAPITALS)
                   and not _matches(fold(m.group()), source_words)]
    runs: list[list[re.Match]] = []
    for match in unmatched:
        if runs and not source[runs[-1][-1].end() : match.start()].strip(" -'’"):
            runs[-1].append(match)
        else:
            runs.append([match])
    # a name written in several words in the source, in one in the target: Việt Nam ~ Vietnam
    runs = [run for run in runs if len(run) == 1 or "".join(fold(m.group()) for m in run) not in target_words.known]
    if not runs or len(unexplained) >= len(runs):
        return []
    return [MissingName(run[0].start(), run[-1].end(), source[run[0].start() : run[-1].end()]) for run in runs]


# ---------------------------------------------------------------------------
# Conjunctions
# ---------------------------------------------------------------------------

#: the word for "and" per language, where it is one short word with no other common use
#: (Chinese 和 and Japanese と are also "with"; left out)
_AND = {
    "en": r"\band\b|&(?![\w#])", "de": r"\bund\b", "nl": r"\ben\b", "fr": r"\bet\b", "es": r"\b[ye]\b",
    "it": r"\b(?:e|ed)\b", "pt": r"\be\b", "ro": r"\bși\b|\bşi\b", "pl": r"\bi\b", "cs": r"\b[ai]\b",
    "sk": r"\ba\b", "ru": r"(?<!\w)и(?!\w)", "uk": r"(?<!\w)[ій](?!\w)", "hi": r"(?<!\w)और(?!\w)",
}


#: other ways an English target joins items: with one of them the count says nothing
_OTHER_COORDINATORS = re.compile(r"\b(?:or|nor|as well as|along with|together with|plus|both|but)\b|\w/\w", re.IGNORECASE)


def _count_commas(text: str) -> int:
    return sum(text.count(mark) for mark in ",;，、；")


@lru_cache(maxsize=32)
def _and_pattern(lang: str) -> re.Pattern | None:
    pattern = _AND.get(lang)
    return re.compile(pattern, re.IGNORECASE) if pattern else None


def conjunctions(source: str, target: str, source_lang: str | None, target_lang: str | None) -> tuple[int, int] | None:
    """How many times the source and the target say "and", when the source says it
    more often (a coordinated item dropped with its conjunction); None otherwise or
    when either language's word is not known."""
    if not source_lang or not target_lang or target_lang.split("-")[0].lower() != "en":
        return None  # measured on English targets only; translators elsewhere write "/", "sowie", "als auch"
    src = _and_pattern(source_lang.split("-")[0].lower())
    tgt = _and_pattern("en")
    if src is None or src is tgt:
        return None
    have = len(src.findall(source))
    if not have:
        return None
    written = len(tgt.findall(target))
    if have <= written or _OTHER_COORDINATORS.search(target):
        return None
    # "A und B" rendered "A, B" (or "A; B"): the items are all there, joined otherwise
    if have + _count_commas(source) <= written + _count_commas(target):
        return None
    return have, written


# ---------------------------------------------------------------------------
# Holes in an English target
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _may_have_hole() -> re.Pattern:
    """One pass over the target before the token loop: every hole `holes` reports
    matches it (most targets do not)."""
    def one_of(words) -> str:
        return "(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")"

    small = _DETERMINERS | _PREPOSITIONS | {"to", "and", "or"}
    after_det = _PREPOSITIONS | _DETERMINERS | _AUXILIARIES | {"and", "or"}
    return re.compile(
        rf"\b{one_of(small)}\W*?(?:[,.;:!?)]|$)"
        rf"|\b{one_of(_DETERMINERS)}\W+{one_of(after_det)}\b"
        rf"|\b{one_of(_STRICT_PREPOSITIONS)}\W+{one_of(_AUXILIARIES)}\b"
        rf"|(?:^|[.!?;:])\W*{one_of(_AUXILIARIES | _REPORTING_VERBS)}\b"
        rf"|\b{one_of(_SUBJECT_PRONOUNS)}\W+(?:{one_of(_PRE_VERB_ADVERBS)}\W+)?{one_of(_VERBLESS)}\b"
        # the verb holes of `_verb_hole`
        rf"|\bthat\W+(?:{one_of(_CLAUSE_OPENERS)}\b|\d)|\b(?:which|whose)\b"
        rf"|\b{one_of(_MODALS)}\W+(?:not\W+)?{one_of(_DETERMINERS | _PREPOSITIONS)}\b"
        rf"|n[o'’]t\W+{one_of(_DETERMINERS)}\b|\bto\W+{one_of(_DETERMINERS)}\b"
        rf"|['’]s?\W+{one_of(_POSSESSED_AUXILIARIES | {'is', 'was'})}\b"
        rf"|\b{one_of(_SUBORDINATORS | {'that', 'which'})}\W+{one_of(_AUXILIARIES)}\b"
        rf"|^\W*[^\W\d_]+(?: [^\W\d_]+){{0,3}} (?:the|an?)\b|[.!?:;]\W*[^\W\d_]+(?: [^\W\d_]+){{0,3}} (?:the|an?)\b"
        rf"|\b{one_of(_DETERMINERS)}\W+(?:[a-z-]+\W+){{0,2}}[a-z0-9]+(?:\W*(?:[,.;:)]|$)|\W+(?:{one_of(_DETERMINERS | _PREPOSITIONS | _AUXILIARIES)}\b|\d))",
    )


#: marks left around a dropped word or phrase: a sentence that opens with a comma ("In an
#: interview, he said" → ", he said"), a comma doubled or closed at once (",," ",."), words that
#: need what follows them ("according.", "depending,")
_PUNCTUATION_HOLE = re.compile(
    r"(?:^|[.!?]\s)\s*(?P<open>[,;])|(?<=[^\W\d_]),\s*(?P<double>[,.;])(?![.,])"
    r"|\b(?P<needy>[Aa]ccording|[Dd]epending|[Rr]egardless|[Oo]wing)\s*(?P<after>[,.;:!?)]|$)"
)
#: quotation marks with nothing between them
_EMPTY_QUOTES = re.compile(r"(?<!\S)([\"“„«])\s*([\"”»])")
_QUOTED = re.compile(r"[\"“„«][^\"“”„«»]*?[^\W_][^\"“”„«»]*?[\"”»]")


#: inline code, markup and placeholders: "the `...` syntax", "Delete the %s.", "via <>...</>" hold a word there
_CODE = re.compile(r"`[^`\n]+`|<[^<>\n]*>|%(?:\([^)\n]*\))?[-+ #0]*\d*(?:\.\d+)?[a-zA-Z@]|\{[^{}\s]*\}|\$\{?\w+\}?")


def _punctuation_holes(target: str, source: str | None) -> list[Hole]:
    out = []
    for match in _PUNCTUATION_HOLE.finditer(target):
        if match.group("open"):
            out.append(Hole(match.start("open"), "", match.group("open")))
        elif match.group("double"):
            out.append(Hole(match.start() + 1, ",", match.group("double")))
        else:
            out.append(Hole(match.end("needy"), match.group("needy"), match.group("after")))
    empty = list(_EMPTY_QUOTES.finditer(target))
    if empty and source and _QUOTED.search(source):
        # the source quotes something, the target quotes nothing: "an interview with "" in January"
        out.extend(Hole(m.start() + 1, m.group(1), m.group(2)) for m in empty)
    return out


#: the words `_verb_hole` looks at, and the words after them: any other token is passed by at once
_VERB_HOLE_WORDS = (_SUBJECT_PRONOUNS | _DETERMINERS | _MODALS | _DO | _SUBORDINATORS
                    | frozenset("that which to have has had don't doesn't didn't don’t doesn’t didn’t".split()))
_VERB_HOLE_FOLLOWERS = _POSSESSED_AUXILIARIES | frozenset("the a an is was".split())


_HOLE_WORDS = (_VERB_HOLE_WORDS | _DETERMINERS | _PREPOSITIONS | _SUBJECT_PRONOUNS | _AUXILIARIES | _REPORTING_VERBS
               | frozenset("to and or".split()))


def holes(target: str, target_lang: str | None, source: str | None = None) -> list[Hole]:
    """Places where an English target reads as if a word was dropped: an article or a
    preposition followed by a punctuation mark, the end, or an auxiliary verb; a verb
    or a subject gone (see `_verb_hole`); punctuation left around a gap."""
    if not target_lang or target_lang.replace("_", "-").split("-")[0].lower() != "en":  # en, en-GB, en_GB
        return []
    target = _CODE.sub(lambda code: "x" * len(code.group()), target)  # code and placeholders read as words
    out = _punctuation_holes(target, source)
    if not _may_have_hole().search(target.lower()):
        return out
    tokens = list(_HOLE_TOKEN.finditer(target))
    lows = [token.group().lower() for token in tokens]
    question = target.rstrip().endswith("?")
    size = len(tokens)
    for index, match in enumerate(tokens):
        word = lows[index]
        following_low = lows[index + 1] if index + 1 < size else ""
        if word not in _HOLE_WORDS and following_low not in _VERB_HOLE_FOLLOWERS and not match.group()[:1].isupper():
            continue  # most words: nothing below looks at them
        starts = index == 0 or (tokens[index - 1].group() in (".", "!", "?", ";", ":") and match.group()[0].isupper())
        if starts and not question and index + 1 < len(tokens):
            following = tokens[index + 1].group()
            # a sentence that starts with its verb lost its subject: "Were apparently domesticated",
            # "Said France would…" (a question or "Said to be…" is no hole)
            # "Had the Allies failed", "Were it not", "Should you need": a conditional, no hole
            inverted = word in ("had", "were", "should") and following.lower() in _VERBLESS or following.lower() in _SUBJECT_PRONOUNS | {"it", "you", "there"}
            # "Could not load the file", "Must contain a digit": a message's style, not a subject dropped
            if (word in _AUXILIARIES - _MESSAGE_MODALS and match.group()[0].isupper() and not inverted
                    and following.lower() != "not") or (
                    word in _REPORTING_VERBS and (following.lower() == "that" or following[:1].isupper())):
                # "Said France would…", "Added that…"; not "Added keyboard shortcuts will…"
                out.append(Hole(match.start(), "", match.group()))
                continue
        gate = match.group()[:1].isupper() or word in _VERB_HOLE_WORDS or following_low in _VERB_HOLE_FOLLOWERS
        verb = None if question or not gate else _verb_hole(target, tokens, lows, index, starts)
        if verb is not None:
            out.append(verb)
            continue
        if word in _SUBJECT_PRONOUNS and index + 1 < len(tokens) and tokens[index + 1].group().lower() in _VERBLESS:
            # "several people verified the discovery" → "he the discovery": a subject, then an object
            out.append(Hole(match.end(), match.group(), tokens[index + 1].group()))
            continue
        is_det, is_prep = word in _DETERMINERS, word in _PREPOSITIONS or word == "to"
        if not (is_det or is_prep or word in ("and", "or")):
            continue
        if index + 1 < len(tokens):
            following = tokens[index + 1].group()
            if following in (")", "!", "?") and not is_det:
                continue
        else:
            following = ""
        low = following.lower()
        if (is_det or low in _DETERMINERS) and "A" in (match.group(), following) and not starts:
            continue  # "Patient A had", "the A students": a letter, not an article
        if match.start() and target[match.start() - 1] in _QUOTES or (
                following in _CLOSERS and target[tokens[index + 1].start() - 1] in _QUOTES):
            continue  # quoted: from "a" to "z", files with "." at the start, "OR"
        if match.group().isupper() and len(match.group()) > 1:
            continue  # "Exclusive OR": an operator's name
        if following == "." and target[tokens[index + 1].end() : tokens[index + 1].end() + 1].isalnum():
            continue  # "a.m.", "A.D.": an abbreviation
        if low in _AUXILIARIES and following[:1].isupper():
            low = ""  # "the end of May", "Will Smith": a name, not an auxiliary
        end = following == "" or following in _CLOSERS
        if is_det:
            hole = end or low in _PREPOSITIONS or low in _DETERMINERS or low in _AUXILIARIES or low in ("and", "or")
        elif is_prep:
            previous = tokens[index - 1].group().lower() if index else ""
            if end and (word in _ADVERB_PARTICLES or previous in _PARTICLE_VERBS or previous.endswith("ing")
                        or (previous == "so" and word == "on")):
                continue  # a particle: "caught on", "what's going on", "fall in", "and so on", "seen it before"
            if (end or low in _AUXILIARIES) and _stranded(tokens, index):
                continue  # "what we are talking about", "where it comes from", "what you are left with are"
            if following == ":":
                continue  # "replace this import with:", "used for: %s" introduce what follows
            if following == "" and _infinitive_before(lows, index):
                continue  # "The format to display numbers in", "Select folder to search in"
            hole = (end and following not in (")",)) if word not in _STRICT_PREPOSITIONS else (end or low in _AUXILIARIES)
        else:
            # "Or, for example, …" opens a sentence; "and, if anything, …" opens an aside (closed by a comma)
            aside = following == "," and (any(t.group() == "," for t in tokens[index + 2 : index + 8])
                                          or (index > 0 and tokens[index - 1].group() == ","))
            hole = end and following != ")" and not aside and not starts
        if hole and following and target[tokens[index + 1].end() : tokens[index + 1].end() + 1] == "-":
            hole = False  # "the before-tax income": the next word is the start of a compound
        if hole:
            out.append(Hole(match.end(), match.group(), following))
    return out


def _verb_hole(target: str, tokens: list[re.Match], lows: list[str], index: int, starts: bool) -> Hole | None:
    """A verb dropped at `index`: what is left around the gap is no English clause.

    - a subject, then "that" opening a clause, with no verb between: "He also that the
      walls…", "Catri that 85 %…" (said, learned, reported dropped);
    - a modal, or "do not", then an article or a preposition: "will through Monday",
      "do not a typical…";
    - a verb that takes an infinitive, "to", then an article: "unable to the harmful…";
    - "has that the…", an article before "that" or "which", a possessive before an
      auxiliary ("the villagers' were")."""
    word = tokens[index].group()
    low = lows[index]
    size = len(tokens)

    def lower(at: int) -> str:
        return lows[at] if 0 <= at < size else ""

    def opens_clause(at: int) -> bool:
        following = tokens[at].group() if at < size else ""
        return bool(following) and (following.lower() in _CLAUSE_OPENERS or following[0].isdigit())

    def hole(after: int) -> Hole:
        return Hole(tokens[after].end(), tokens[after].group(), tokens[after + 1].group() if after + 1 < size else "")

    # a subject (a pronoun or a name), perhaps an adverb, then "that" + a clause, or an article
    subject = (low in _SUBJECT_PRONOUNS and (low != "i" or word == "I")) or (
        word[0].isupper() and not starts and len(word) > 1 and not word.isupper() and low not in _ENGLISH_CAPITALS
        and _opens_name_run(tokens, index))
    if starts and word[0].isupper() and not word.isupper():
        # "Pal Shah the Asiad stadium", "Angel the continuity": a name opens the sentence, its verb is gone
        english = _frequencies("en") or {}
        at = index
        while at + 1 < size and tokens[at + 1].group()[:1].isupper():
            at += 1
        if at > index and lower(at + 1) in ("the", "a", "an") and all(  # two words or more: "Unmount the" is a verb
                _zipf(english, lows[k]) < 3.0 and not lows[k].endswith("ing") and "VERB" not in _lemmas(lows[k])
                for k in range(index, at + 1)):  # "Mutating an object is okay": a verb's -ing form
            return hole(at)
    if (lower(index + 1) in ("the", "a", "an") and low.isalpha() and word[0].islower() and low not in _TIME_NOUNS
            and low not in _FUNCTION_WORDS and lower(index + 2) not in _TIME_NOUNS  # "dollars a year"
            and not target[tokens[index].end():tokens[index + 1].start()].strip()  # "person (an object)"
            and set(_lemmas(low)) == {"NOUN"} and _opens_clause_as_subject(tokens, index)):
        return hole(index)  # "In early February, several people the discovery…": the verb is gone
    if subject:
        at = index + 1
        if lower(at) in _PRE_VERB_ADVERBS:
            at += 1
        if lower(at) == "that" and opens_clause(at + 1) and target[tokens[at].end():tokens[at].end() + 1] != "-":
            return hole(at - 1)
        if at > index + 1 and low in _SUBJECT_PRONOUNS and lower(at) in _VERBLESS:
            return hole(at - 1)  # "we also a new illustration"
        return None
    previous = lower(index - 1)
    following = lower(index + 1)
    if following in _AUXILIARIES and tokens[index + 1].group()[0].islower() and (
            (low == "that" and previous in _CLAUSE_VERBS)
            or (low == "which" and previous in _PREPOSITIONS and previous not in ("of", "than"))
            or (low in _SUBORDINATORS and not starts)):
        return hole(index)  # the subject of the clause is gone: "announced that was canceling"
    if low in _DETERMINERS and low != "every":
        found = _word_class_hole(target, tokens, lows, index)
        if found is not None:
            return found
    if low in _MODALS and not starts and previous not in _NOUN_MARKERS and previous not in _INVERTERS:
        at = index + 2 if lower(index + 1) == "not" else index + 1
        following = lower(at)
        # "than they can in real life", "as it did in 2010": a verb phrase left out on purpose
        elided = any(lower(back) in ("than", "as", "like") for back in range(index - 4, index))
        if not elided and (following in _DETERMINERS
                           or (following in _PREPOSITIONS and following not in ("than", "about"))):
            return hole(at - 1)
        return None
    if low in _DO or low in ("don't", "doesn't", "didn't", "don’t", "doesn’t", "didn’t"):
        at = index + 2 if lower(index + 1) == "not" else index + 1
        if (at == index + 2 or "n" in low[2:]) and lower(at) in _DETERMINERS and previous not in _INVERTERS:
            return hole(at - 1)
        return None
    if (low == "to" and previous in _INFINITIVE_TAKERS and lower(index + 1) in _DETERMINERS
            and (previous != "order" or lower(index - 2) == "in")):  # "the order to the kitchen"
        return hole(index)
    if low in ("have", "has", "had") and lower(index + 1) == "that" and opens_clause(index + 2):
        return hole(index)
    if (low in _DETERMINERS and low != "every" and lower(index + 1) in ("that", "which", "whose")
            and lower(index + 2) not in _CLOSERS | {"", "and", "or"}):  # "the this and the that"
        return hole(index)
    if lower(index + 1) in _POSSESSED_AUXILIARIES or lower(index + 1) in ("is", "was"):
        end = tokens[index].end()
        plural = low.endswith("s") and target[end:end + 1] in ("'", "’") and target[end + 1:end + 2].isspace()
        opened = tokens[index].start() and target[tokens[index].start() - 1] in "'‘"
        if plural and not opened:
            return Hole(end + 1, word + target[end], tokens[index + 1].group())
        if low.endswith(("'s", "’s")) and low not in ("let's", "let’s") and lower(index + 1) in _POSSESSED_AUXILIARIES:
            return hole(index)
    return None


@lru_cache(maxsize=8192)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """The parts of speech an English word form can have (NOUN, VERB, ADJ, ADV…) with
    its lemmas for each, from lemminflect's lexicon (bundled with the package; loaded
    on the first call, ~0.2 s of CPU once per run); empty for a word it does not know."""
    try:
        from lemminflect import getAllLemmas
    except ImportError:  # pragma: no cover - a dependency
        return {}
    return dict(getAllLemmas(word.lower()))


def _word_class_hole(target: str, tokens: list[re.Match], lows: list[str], index: int) -> Hole | None:
    """After an article, a word that is only ever a verb ("The opened in 1985": the
    subject is gone); or adjectives, the last only ever an adjective, before a
    punctuation mark or a preposition ("with a bad.", "their true marital.", "the
    harmful of Rydzyk"), or a year that ends the sentence ("on the 2020."): their
    noun is gone."""
    size = len(tokens)
    if index + 2 > size:
        return None

    def ends(at: int) -> tuple[str, bool]:
        after = tokens[at].group() if at < size else ""
        return after, after == "" or (after in _CLOSERS and after != ",")  # "a jolly, happy soul"

    word = tokens[index + 1].group()
    low = word.lower()
    if low.isdigit() and len(low) == 4 and low[:2] in ("18", "19", "20") and tokens[index].group().lower() == "the":
        after, closes = ends(index + 2)
        if closes and after != ")" and not target[tokens[index + 1].end():].startswith(("s", "'s", "’s")):
            return Hole(tokens[index + 1].end(), word, after)
        return None
    if not low.isalpha() or (word[0].isupper() and index > 0 and tokens[index].group()[0].islower()):
        return None  # a name ("the Bad Boys") or a number
    if target[tokens[index + 1].end():tokens[index + 1].end() + 1] == "-":
        return None  # "the built-in values": a compound
    classes = _lemmas(low)
    after, closes = ends(index + 2)
    after_low = after.lower()
    if (set(classes) == {"VERB"} and low not in _AUXILIARIES and not low.endswith(("ing", "s")) and low not in classes["VERB"]
            and (closes or after_low in _PREPOSITIONS or after_low in _DETERMINERS or after_low in _AUXILIARIES
                 or after[:1].isdigit())):
        # a past form of a verb only ("opened", "fled"): the lexicon lists some nouns' base forms and
        # plurals as verbs only ("dam", "act", "edits"), and "-ing" forms are nouns too ("the founding of")
        return Hole(tokens[index].end(), tokens[index].group(), word)
    # up to two modifiers ("an extra nightly.", "a specially designated."), then the adjective
    at = index + 1
    while (at + 1 < size and at < index + 3 and set(_lemmas(tokens[at].group())) & {"ADJ", "ADV"}
           and tokens[at].group().lower() not in _DEGREE_WORDS  # "a little sticky.": an adjective as complement
           and tokens[at + 1].group().isalpha() and tokens[at + 1].group()[0].islower()
           and "ADJ" in _lemmas(tokens[at + 1].group())):
        at += 1
    word = tokens[at].group()
    low = word.lower()
    if not low.isalpha() or (word[0].isupper() and at > index + 1):
        return None
    classes = _lemmas(low) if at > index + 1 else classes
    after, closes = ends(at + 1)
    after_low = after.lower()
    # after "the" or a possessive, a lone adjective may be a noun the lexicon does not know ("on the
    # desktop.", "from the remote."): there, two words before a full stop ("their true marital.")
    # (or an adjective by its ending: "the financial.", "the harmful of", "the wooden of")
    indefinite = lows[index] in ("a", "an") or at > index + 1 or _ADJECTIVE_ENDING.search(low) is not None
    if ("ADJ" in classes and set(classes) <= {"ADJ", "ADV"} and classes["ADJ"] == (low,)
            and low not in _NOMINAL_ADJECTIVES and indefinite
            and (closes or (after_low in _PREPOSITIONS and (lows[index] in ("a", "an") or after_low == "of")))
            and after_low not in ("as", "to", "than", "for", "in")):
        return Hole(tokens[at].end(), word, after)
    return None


def _infinitive_before(lows: list[str], index: int) -> bool:
    """Whether "to" and a verb stand in the few words before `index`: the preposition
    ends an infinitive clause whose object came first ("numbers to display in")."""
    for back in range(index - 1, max(0, index - 7), -1):
        if lows[back - 1] == "to" and lows[back] not in _DETERMINERS and lows[back].isalpha():
            return True
    return False


def _opens_clause_as_subject(tokens: list[re.Match], index: int) -> bool:
    """Whether the noun at `index` ends a noun phrase (articles, numbers, adjectives,
    other nouns) that opens a sentence or follows a comma: a subject."""
    at = index
    while at > 0 and index - at < 4:
        previous = tokens[at - 1].group()
        low = previous.lower()
        if previous in (".", "!", "?", ";", ":", ","):
            return True
        if not (low in _DETERMINERS or low in ("this", "these", "those", "several", "some", "many", "two", "three")
                or previous[:1].isdigit()
                or (previous.isalpha() and previous[0].islower() and set(_lemmas(low)) and set(_lemmas(low)) <= {"ADJ", "NOUN"})):
            return False
        at -= 1
    return at == 0


def _opens_name_run(tokens: list[re.Match], index: int) -> bool:
    """Whether the capitalised word at `index` ends a run of capitalised words that
    opens a sentence or a clause (after a comma): a name that is a subject, not the
    object of "on Twitter" or "named Hafiz"."""
    at = index
    while at > 0 and tokens[at - 1].group()[:1].isupper():
        at -= 1
    return at == 0 or tokens[at - 1].group() in (".", "!", "?", ";", ":", ",")


def _stranded(tokens: list[re.Match], index: int) -> bool:
    """Whether the preposition at `index` ends a clause that a wh-word opened: its
    object went to the front ("what you are looking at")."""
    for back in range(index - 1, max(-1, index - 12), -1):
        word = tokens[back].group().lower()
        if word in _WH_WORDS:
            return True
        if word in _CLOSERS or word in (".", "!", "?"):
            return False
    return False


# ---------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text if len(text) <= limit else text[: limit - 1] + '…'}'"


def _hole_message(hole: Hole) -> str:
    """'The target reads …: a word seems to be missing …', worded for where the hole is."""
    if not hole.word:  # at the start of a sentence: ", he said", "Were apparently domesticated"
        return f"The target reads '{hole.following}' where a sentence starts: a word seems to be missing before it"
    if hole.word in "\"“„«'‘" and hole.following:  # quotes with nothing between them
        return f"The target reads '{hole.word}{hole.following}': the words between the quotation marks seem to be missing"
    if not hole.following:
        return f"The target reads '{hole.word}' at the end: a word seems to be missing after '{hole.word}'"
    space = "" if hole.following[0] in _CLOSERS else " "
    return (f"The target reads '{hole.word}{space}{hole.following}': a word seems to be missing after "
            f"'{hole.word}'")


class PartialOmission(Check):
    """A name, or the word after an article or a preposition, missing inside a unit
    whose translation is otherwise there."""

    name = "partial-omission"
    rules = (
        Rule("OMI012", "partial-omission", Severity.MAJOR, "Accuracy/Omission",
             "A name of the source is missing from the target, or the target reads as if a word was dropped.",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
    )
    options = (
        Option("min-source-chars", 20, "OMI012 skips sources shorter than this (labels, menu items)."),
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        #: the words the document's sources write in lower case and its targets translate: a
        #: capitalised word among them is a common noun in title case (`Terminal Emulator`
        #: beside "a terminal emulator"), not a name
        self._lower: set[str] = set()
        self._names: list = []  # name findings, held until every source has been read
        #: source words as written that add nothing to `_lower`: their lower case is in it
        #: already (it only grows), or they do not start in lower case
        self._idle: set[str] = set()

    def check_document(self, document, ctx):
        for finding in self._names:
            words = [w.lower() for w in _WORD.findall(finding.data["missing"])]
            if not all(w in self._lower or w + "s" in self._lower or w + "es" in self._lower for w in words):
                yield finding

    def check_unit(self, unit, ctx):
        if not unit.translate or unit.target is None or (unit.fuzzy and not ctx.config.check_fuzzy):
            return
        source, target = unit.source.text, unit.target.text
        words = _WORD.findall(source)  # (found once: missing_names reads the same words)
        blank = not target.strip()
        if words and not blank:
            # a lower-case word this unit's target translates (no word of it writes it): a
            # common noun; a name written in lower case stays in the target ("a new thunar
            # window", `project.godot`, `xfce;session;`) and is no evidence.
            # Words already collected change nothing whatever the target holds: the target
            # is read only when a word is new (few are, once a document's vocabulary is in).
            # The words as written that can add nothing (collected already, or not starting
            # in lower case) are kept too, and set aside with one set difference in C.
            new = set(words)
            new -= self._idle
            if new:
                fresh = set()
                idle, collected = self._idle, self._lower
                for word in new:
                    low = word.lower() if word[0].islower() else None
                    if low is None or low in collected:
                        idle.add(word)
                    else:
                        fresh.add(low)
                if fresh:
                    fresh.difference_update(map(str.lower, _WORD.findall(target)))
                    collected |= fresh
        if blank or len(source.strip()) < int(self.settings["min-source-chars"]):
            return
        source_lang, target_lang = ctx.source_lang, ctx.target_lang  # (properties: asked once)
        for name in missing_names(source, target, source_lang, target_lang, words):
            self._names.append(ctx.finding(
                "OMI012",
                f"The source's {_quote(name.text, 40)} is not in the target: no word of it writes that name, "
                "and it is not one the language pair translates; part of the source may have been dropped.",
                source=Span(name.start, name.end),
                target=Span(0, len(target)),
                data={"missing": name.text, "evidence": "name"},
            ))
        counts = conjunctions(source, target, source_lang, target_lang)
        if counts is not None:
            have, written = counts
            yield ctx.finding(
                "OMI012",
                f"The source joins words with 'and' {have} time{'s' if have > 1 else ''}, the target {written} "
                f"time{'s' if written != 1 else ''}: an item of an enumeration may have been dropped; compare the "
                f"source {_quote(source)}.",
                source=Span(0, len(source)),
                target=Span(0, len(target)),
                data={"source_and": have, "target_and": written, "evidence": "conjunction"},
            )
        found = sorted(holes(target, target_lang, source), key=lambda hole: hole.at)
        if found and source_lang and source_lang.replace("_", "-").split("-")[0].lower() == "en":
            # an English source with the same hole ("…cannot contain #, or /" into en_GB): the text is so
            in_source = {(hole.word.lower(), hole.following.lower()) for hole in holes(source, "en")}
            found = [hole for hole in found if (hole.word.lower(), hole.following.lower()) not in in_source]
        if found:
            hole = found[0]
            yield ctx.finding(
                "OMI012",
                f"{_hole_message(hole)}; compare the source {_quote(source)}.",
                source=Span(0, len(source)),
                target=Span(hole.at, hole.at),
                data={"after": hole.word, "following": hole.following, "evidence": "hole",
                      "holes": len(found)},
            )
