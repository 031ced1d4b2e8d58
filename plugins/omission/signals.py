"""The evidence the omission check weighs, as small pure functions it and the
benchmark share: the length model's verdict on one unit, a robust per-document
calibration of it, sentence alignment inside a unit, the content anchors of a text,
and the look of captions, boilerplate and headings.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qa_core.align.anchors import _CODE, _URL  # the same URLs and inline code the aligner anchors on
from qa_core.align.lengths import LengthModel, length_model
from qa_core.quantities import extract
from qa_core.sentences import split_sentences
from qa_core.text import fold_diacritics

#: a sentence ends here (also inside the text: a unit with one of these before its last
#: characters may hold several sentences)
SENTENCE_MARKS = ".!?。！？…"
_TERMINAL = re.compile(r"[.!?。！？…:;]['\"’”»)\]]*\s*$")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)['\"’”»)\]]*\s*$")
_ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Z0-9&]*[A-Z](?:-[A-Z0-9]+)*)(?![\w$-])")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_SECTION = re.compile(r"^\s*(?:[IVXLC]+|[0-9]+(?:\.[0-9]+)*|[A-Za-z])[.)]\s+\S")
#: acronyms that are ordinary words or roman numerals, not content
_NOT_ACRONYMS = frozenset({"I", "A", "OK", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "AM", "PM", "TV"})
#: the start of captions, credits and publisher boilerplate (English and Vietnamese)
_CAPTION_START = re.compile(
    r"^\s*[(\[]?\s*(?:photo|photos|image|picture|figure|fig\.|caption|source|credit|credits|video|graphic|"
    r"ảnh|hình|hình ảnh|nguồn|clip|đồ họa|read more|see more|related|related news|more news|click|"
    r"subscribe|follow us|advertisement|sponsored|xem thêm|đọc thêm|tin liên quan|bài liên quan|"
    r"quảng cáo|theo dõi)\b",
    re.IGNORECASE,
)
#: a photo credit at the end of a line: "(Photo: VNA)", "(Ảnh: TTXVN)", "© Reuters"
_CREDIT = re.compile(r"(?:[(\[]\s*(?:photo|ảnh|image|hình|source|nguồn)\s*:[^)\]]*[)\]]\s*$|©)", re.IGNORECASE)


# ---------------------------------------------------------------------------
# Length
# ---------------------------------------------------------------------------


def delta(model: LengthModel, source_len: float, target_len: float) -> float:
    """How many standard deviations the target length is from what the model expects
    for this source (Gale and Church's statistic; negative = shorter)."""
    mean = (source_len + target_len / model.c) / 2.0
    return (target_len - model.c * source_len) / math.sqrt(model.s2 * max(mean, 1.0))


def two_sided(z: float) -> float:
    """P(|Z| >= |z|) for a standard normal Z."""
    return math.erfc(abs(z) / math.sqrt(2.0))


def pair_model(source_lang: str | None, target_lang: str | None) -> LengthModel:
    """The aligner's length model for the pair (measured, derived, or the default)."""
    return length_model(source_lang, target_lang)


def calibrate(source_lens: np.ndarray, target_lens: np.ndarray, fallback: LengthModel, minimum: int = 30) -> LengthModel:
    """The length model of one document, estimated robustly from its own units (median
    ratio; variance from the median absolute deviation, so the omissions being looked
    for do not widen it). With fewer than `minimum` units: `fallback`."""
    import numpy as np

    if len(source_lens) < minimum:
        return fallback
    s = np.asarray(source_lens, dtype=float)
    t = np.asarray(target_lens, dtype=float)
    # the arithmetic of `median(t / s)`, `(s + t / c) / 2`, `(t - c * s) / sqrt(mean)` and
    # `median(abs(residual - median(residual)))`, written into two work arrays (medians
    # sorted in place): at 1M units each temporary is 8 MB, and the expression form made
    # six at once, the parent's peak of a 1M-unit run (docs/performance.md)
    work = np.divide(t, s)
    c = _median_sorting(work)
    np.divide(t, c, out=work)
    work += s
    work /= 2.0
    np.sqrt(work, out=work)
    residual = np.multiply(s, c)
    np.subtract(t, residual, out=residual)
    residual /= work
    del work
    residual -= median(residual)
    np.abs(residual, out=residual)
    mad = _median_sorting(residual)
    s2 = (1.4826 * mad) ** 2
    # never tighter than half the measured pair's variance: a very regular document
    # (short UI strings translated by one hand) must not turn every wobble into a finding
    return LengthModel(c, max(s2, fallback.s2 / 2.0, 0.5))


def _median_sorting(values: np.ndarray) -> float:
    """`median` of a float array the caller no longer needs in its order: sorted in place
    rather than copied."""
    values.sort()
    return _middle(values)


def median(values: np.ndarray) -> float:
    """`float(np.median(values))` for a 1-D float array, without what np.median imports
    on its first call (numpy.ma, ~20 ms of a small file's run): the middle value of the
    sorted values, or the mean of the two middle ones, NaN when one value is NaN. The
    same arithmetic as np.median, so the same float."""
    import numpy as np

    return _middle(np.sort(np.asarray(values, dtype=float)))


def _middle(ordered: np.ndarray) -> float:
    """The median of values sorted ascending (NaN last, as np.sort puts it)."""
    import numpy as np

    size = ordered.shape[0]
    if size == 0:
        return float(np.median(ordered))  # NaN and numpy's warning, as before
    if np.isnan(ordered[-1]):  # np.sort puts NaN last
        return float("nan")
    half = size // 2
    if size % 2:
        return float(ordered[half])
    return float((ordered[half - 1] + ordered[half]) / 2.0)


# ---------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------


_TABLE_ROW = re.compile(r"^[ \t]+(?:-{1,2}\w|[A-Z_][A-Z0-9_]+\t|\w[\w-]*\t)", re.MULTILINE)


def may_hold_sentences(text: str) -> bool:
    """Cheap test before splitting: a sentence mark before the last characters, and not
    a help text laid out as a table of options or variables (rows the translator may
    merge or split: sentence alignment reads them wrongly)."""
    head = text[:-2]
    if not any(mark in head for mark in SENTENCE_MARKS):
        return False
    return len(_TABLE_ROW.findall(text)) < 3


@dataclass(frozen=True, slots=True)
class MissingSentence:
    """A source sentence the sentence alignment leaves without a counterpart."""

    start: int
    end: int
    confidence: float
    insert_at: int  # offset in the target where it belongs
    before: str | None  # the target sentence it would precede (None: at the end)


def missing_sentences(source: str, target: str, source_lang: str | None, target_lang: str | None, hook: Any = None,
                      src_spans=None, tgt_spans=None, known_lexicon: dict[str, str] | None = None,
                      condensing: Condensing | None = None) -> list[MissingSentence]:
    """Align the sentences of one unit (lengths, anchors, sentence and punctuation
    counts, and the lexicon learnt from the whole document when there is one: a unit
    is too short to learn one from) and return the source sentences linked to nothing.

    Two kinds of evidence overrule the alignment: lines (when source and target have
    the same number of lines and no source sentence runs across a line break, line i
    translates line i, so a line's only sentence is not missing and the sentences of a
    line are aligned with that line alone), and the hard tokens of a sentence
    (placeholders, numbers) found in a neighbouring target sentence whose own source
    lacks them (two sentences merged into one, not one dropped)."""
    src_spans = src_spans if src_spans is not None else split_sentences(source, source_lang, hook)
    if len(src_spans) < 2 or not target.strip():
        return []
    lines = _line_pairs(source, target, src_spans)
    if lines is not None:
        out = []
        for (s_start, s_end), (t_start, t_end) in lines:
            in_line = [sp for sp in src_spans if s_start <= sp.start and sp.end <= s_end]
            if len(in_line) < 2:
                continue
            line_target = target[t_start:t_end]
            line_spans = split_sentences(line_target, target_lang, hook)
            found = _align_missing(source, line_target, in_line, line_spans, source_lang, target_lang, known_lexicon,
                                   condensing)
            out.extend(MissingSentence(m.start, m.end, m.confidence, m.insert_at + t_start, m.before) for m in found)
        return out
    tgt_spans = tgt_spans if tgt_spans is not None else split_sentences(target, target_lang, hook)
    return _align_missing(source, target, src_spans, tgt_spans, source_lang, target_lang, known_lexicon, condensing)


def _line_pairs(source: str, target: str, src_spans) -> list | None:
    """(source line, target line) offset pairs when both sides have the same number (two
    or more) of non-empty lines and every source sentence lies within one line."""
    if "\n" not in source.strip() or "\n" not in target.strip():
        return None
    src_lines = _lines(source)
    tgt_lines = _lines(target)
    if len(src_lines) < 2 or len(src_lines) != len(tgt_lines):
        return None
    for sp in src_spans:
        if not any(a <= sp.start and sp.end <= b for a, b in src_lines):
            return None
    return list(zip(src_lines, tgt_lines))


def _lines(text: str) -> list[tuple[int, int]]:
    out, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((offset + lead, offset + len(line.rstrip())))
        offset += len(line) + 1
    return out


#: tokens a translation keeps as they are: printf and brace placeholders, numbers
_HARD_TOKEN = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlLqjzt]*[a-zA-Z]|\{[^{}\s]*\}|\d+")


def _hard_tokens(text: str) -> Counter:
    return Counter(_HARD_TOKEN.findall(text))


def _align_missing(source, target, src_spans, tgt_spans, source_lang, target_lang, known_lexicon,
                   condensing: Condensing | None = None) -> list[MissingSentence]:
    if len(src_spans) < 2 or not tgt_spans:
        return []
    src = [_calm(source[s.start : s.end]) for s in src_spans]
    tgt = [_calm(target[t.start : t.end]) for t in tgt_spans]
    from qa_core.align.aligner import AlignOptions, align  # with numpy: only for units of two sentences or more

    options = AlignOptions(lexicon=False, charge_unshared=True, evidence=False, comma_weight=0.0, quote_weight=0.0)
    result = align(src, tgt, source_lang, target_lang, options=options, known_lexicon=known_lexicon)
    links = list(result.links)
    out = []
    next_target = 0
    for index, link in enumerate(links):
        if link.target:
            next_target = link.target[-1] + 1
        if link.source and not link.target:
            if _merged_into_neighbour(links, index, src, tgt) or _worded_into_neighbour(
                    links, index, src, tgt, known_lexicon, condensing):
                continue
            span = src_spans[link.source[0]]
            if next_target < len(tgt_spans):
                insert_at, before = tgt_spans[next_target].start, tgt[next_target]
            else:
                insert_at, before = len(target.rstrip()), None
            out.append(MissingSentence(span.start, span.end, link.confidence, insert_at, before))
    return out


@dataclass(frozen=True)
class Condensing:
    """What the document says of its own words and lengths, for telling a sentence
    condensed into its neighbour from a dropped one (`_worded_into_neighbour`):
    `target_share`, the share of its target units holding each word; `support(w, t)`, the
    sampled units holding a source word and its learnt translation; `length_ratio`, its
    target/source length ratio, or None when the lexicon is learnt from too few units to
    trust one word."""

    target_share: dict[str, float]
    support: Any
    length_ratio: float | None = None


#: how unlikely by chance the words a neighbour shares with an unlinked sentence must be
_CONDENSED_CHANCE = 0.05
#: or the neighbouring target sentence must be longer than its own source predicts by this
#: share of the unlinked sentence's predicted length (it carries part of it)
_CONDENSED_LENGTH = 0.2


def _worded_into_neighbour(links, index: int, src: list[str], tgt: list[str], known_lexicon,
                           condensing: Condensing | None = None) -> bool:
    """The unlinked source sentence's words are translated in the target sentence of a
    neighbouring link, by the lexicon learnt from the whole document, beyond what that
    link's own source sentences account for: a quarter of the sentence's translations (of
    three or more words the lexicon knows), and at least one. A translator who condenses
    two sentences into one ("The item is removed completely. There is no way to recover
    it." -> one sentence) keeps some of the second one's words; a dropped sentence leaves
    none behind, but for chance. A lexicon learnt from a short document (a talk of 40
    paragraphs) maps many words to common ones ("were", "one", "so"), which any neighbour
    holds, and learns pairs from this very unit. So, with the document's figures
    (`condensing`):

    - a pair its `support` shows in fewer than three units (this unit and one other)
      would confirm itself, and does not count;
    - the words found must be more than chance would put there, by their `target_share`
      (`_rarest_tail` under `_CONDENSED_CHANCE`),
    - or else, with a `length_ratio`, the neighbour must be longer than its own source
      predicts by `_CONDENSED_LENGTH` of the unlinked sentence's predicted length: it
      carries part of that sentence.

    Without those figures (a caller with a lexicon alone) the words found are enough."""
    if not known_lexicon:
        return False
    from qa_core.align.lexicon import tokens

    known = [w for w in tokens(src[links[index].source[0]]) if w in known_lexicon]
    if len(known) < 3:
        return False
    own = {known_lexicon[w] for w in known}  # several source words learnt as one target word look for it once
    for near in (index - 1, index + 1):
        if not 0 <= near < len(links) or not links[near].source or not links[near].target:
            continue
        explained = {known_lexicon[w] for i in links[near].source for w in tokens(src[i]) if w in known_lexicon}
        there = set().union(*(tokens(tgt[j]) for j in links[near].target))
        sought = own - explained
        found = sought & there
        if condensing is None:
            if found and 4 * len(found) >= len(own):
                return True
            continue
        # a pair the document shows only here (this unit and one other) would confirm itself
        found = {t for t in found if any(known_lexicon[w] == t and condensing.support(w, t) >= 3 for w in known)}
        if not found or 4 * len(found) < len(own):
            continue
        tail = _rarest_tail(found, sought, condensing.target_share)
        excess = None
        length_ratio = condensing.length_ratio
        if length_ratio:
            own_len = length_ratio * sum(len(src[i]) for i in links[near].source)
            gone_len = length_ratio * len(src[links[index].source[0]])
            excess = (sum(len(tgt[j]) for j in links[near].target) - own_len) / gone_len
        if tail < _CONDENSED_CHANCE or (excess is not None and excess >= _CONDENSED_LENGTH):
            return True
    return False


def _rarest_tail(found: set[str], sought: set[str], share: dict[str, float]) -> float:
    """How likely chance alone finds words as rare as the found ones, rarity-weighted: for
    each found word's share s, the Poisson tail of finding at least as many of the sought
    words no more common than s as were found, their expected count the sum of their
    shares; the smallest of these (one rare word found, "tháo" in 0.3 % of the units, is
    evidence; one common word, "were" in 40 %, is not)."""
    best = 1.0
    for limit in {share.get(t, 0.0) for t in found}:
        rare = [share.get(t, 0.0) for t in sought if share.get(t, 0.0) <= limit]
        k = sum(1 for t in found if share.get(t, 0.0) <= limit)
        best = min(best, _poisson_tail(k, sum(rare)))
    return best


def _poisson_tail(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean)."""
    term = total = math.exp(-mean)
    for i in range(1, k):
        term *= mean / i
        total += term
    return max(0.0, 1.0 - total)


#: a word and what separates it from the next one on the same line
_WORD_GAP = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|[^\w\n]+|[\w]+|\n")


def emphasis_runs(text: str) -> list[tuple[int, int]]:
    """Spans of three or more words in capitals in a row on one line, one of five letters
    or more ("WITHOUT ANY WARRANTY", "KHÔNG CÓ BẢO HÀNH GÌ"): a phrase written in capitals
    for emphasis, whose words are no acronyms (acronyms stand alone, or short: GNU GPL FAQ)."""
    if sum(map(str.isupper, text)) < 6:
        return []
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []

    def close() -> None:
        if len(run) >= 3 and sum(1 for a, b in run if b - a >= 2) >= 3 and any(b - a >= 5 for a, b in run):
            out.append((run[0][0], run[-1][1]))
        run.clear()

    for m in _WORD_GAP.finditer(text):
        token = m.group()
        if token[0].isalpha():
            if token.isupper():
                run.append(m.span())
                continue
            close()
        elif token == "\n" or token[0].isdigit() or token.strip() not in ("", ",", ";", ":", "-", "–", "/"):
            close()
    close()
    return out


def _calm(text: str) -> str:
    """The text with its emphasis runs in lower case, for the aligner: words in capitals
    are acronyms to it, and acronyms the other side lacks count against a link."""
    for start, end in emphasis_runs(text):
        text = text[:start] + text[start:end].lower() + text[end:]
    return text


def _merged_into_neighbour(links, index: int, src: list[str], tgt: list[str]) -> bool:
    """The unlinked source sentence's placeholders or numbers are in the target sentence
    of a neighbouring link, beyond what that link's own source sentences hold: the
    translator joined the two sentences."""
    own = Counter()
    for i in links[index].source:
        own += _hard_tokens(src[i])
    if not own:
        return False
    for near in (index - 1, index + 1):
        if not 0 <= near < len(links) or not links[near].source or not links[near].target:
            continue
        linked_source = Counter()
        for i in links[near].source:
            linked_source += _hard_tokens(src[i])
        linked_target = Counter()
        for j in links[near].target:
            linked_target += _hard_tokens(tgt[j])
        if (linked_target - linked_source) & own:
            return True
    return False


# ---------------------------------------------------------------------------
# Content anchors
# ---------------------------------------------------------------------------


def _date_key(value) -> str:
    return "date:" + "-".join("" if part is None else str(part) for part in value)


def _keys_of(q) -> list[str]:
    """Comparable keys of one quantity, its own reading first."""
    if q.kind in ("number", "percent", "amount"):
        keys = [format(q.value.normalize(), "f")]
        keys += [format(alt.normalize(), "f") for _, alt in q.alternatives if not isinstance(alt, tuple)]
        return keys
    if q.kind == "date":
        keys = [_date_key(q.value)] + [_date_key(alt) for _, alt in q.alternatives if isinstance(alt, tuple)]
        return keys + ([str(q.value[0])] if q.value[0] else [])
    if q.kind == "time":
        return [f"time:{q.value[0]}:{q.value[1]:02d}"]
    return ["id:" + str(q.value)]


def quantity_values(text: str, lang: str | None) -> set[str]:
    """Every reading of every quantity of `text` (spelled-out numbers too), as keys;
    the currencies of its amounts as cur:USD."""
    keys = set()
    for q in extract(text, lang):
        keys.update(_keys_of(q))
        if q.kind == "amount" and q.unit:
            keys.update("cur:" + code for code in q.unit.split("|"))
    return keys


_DIGITS = re.compile(r"\d+")


def content_anchors(text: str, lang: str | None, target: str | None = None) -> dict[str, str]:
    """The anchors of a source text that any faithful translation keeps, key -> how
    it is written: numbers written with digits, acronyms, URLs and e-mail addresses,
    inline code. With `target`, numbers are read only when one of the source's runs of
    digits is not among the target's (30.000 and 30,000 share 30 and 000): reading
    numbers is most of the cost, and NUM001 reports a changed number anyway."""
    found: dict[str, str] = {}
    if _DIGIT.search(text) and (target is None or not set(_DIGITS.findall(text)) <= set(_DIGITS.findall(target))):
        for q in extract(text, lang):
            if q.hard:
                found.setdefault("q:" + _keys_of(q)[0], text[q.start : q.end])
    acronyms = [m.group(1) for m in _ACRONYM.finditer(text)]
    if acronyms and not _mostly_capitals(text):  # in a heading in capitals every word looks like an acronym
        for token in acronyms:
            if token not in _NOT_ACRONYMS and len(token) <= 12:
                found.setdefault("a:" + token, token)
    if "://" in text or "www." in text or "@" in text:
        for match in _URL.finditer(text):
            found.setdefault("u:" + match.group().lower().rstrip("/.,;:"), match.group())
    if "`" in text:
        for match in _CODE.finditer(text):
            if "'" in match.group(1):
                continue  # GNU-style quotes (`name' … `other'): the span runs between two quotations
            found.setdefault("c:" + match.group(1), match.group())
    return found


def _mostly_capitals(text: str) -> bool:
    letters = sum(map(str.isalpha, text))
    return letters >= 8 and sum(map(str.isupper, text)) > 0.5 * letters


# English function words written in capitals for emphasis ("content conflicts AND collides")
_CAPS_FUNCTION_WORDS = frozenset(
    "AND OR NOT NO ALL ANY ONLY NEVER ALWAYS MUST BEFORE AFTER IF THEN ELSE BUT WILL ARE IS BE DO DON'T NOR".split()
)
_CAPS_WORD = re.compile(r"(?<![\w-])[^\W\d_a-z]{2,}(?:[-_][^\W\d_a-z]{2,})*(?![\w-])")


def _caps_not_acronym(value: str, source: str, target: str) -> bool:
    """An ALL-CAPS anchor that is emphasis or a metavariable, not an acronym: a capitalised
    function word, a word in a synopsis slot (<FILE>, --file=FILE, -o FILE), or one of
    several when the target writes its own words in capitals (KONFLIKT, XUNG ĐỘT)."""
    if value in _CAPS_FUNCTION_WORDS:
        return True
    parts = value.split("-")
    if all(_REPEATED_LETTER.fullmatch(part) for part in parts) and (
            len(parts) > 1 or any(value in re.split(r"[-:/.]", m.group()) for m in _FORMAT_LETTERS.finditer(source))):
        return True  # a date or time format's letters (YYYY:MM:DD, HH:MM:SS): the translator may localise them
    if any(source[a:b].find(value) >= 0 for a, b in emphasis_runs(source)):
        return True  # "comes with ABSOLUTELY NO WARRANTY": a phrase in capitals for emphasis, translated
    if re.search(r"(?:<|=|\[|-[A-Za-z]\s|--[\w-]+\s)" + re.escape(value) + r"(?![\w])", source):
        return True
    if re.search(r"(?<![\w])" + re.escape(value.lower()) + r"(?![\w])", target):
        return True  # written in lower case in the target: FOR, WHILE -> for, while
    if len(value) >= 3 and any(word not in source for word in _CAPS_WORD.findall(target)):
        return True
    if len(value) >= 4 and _OPTION_ROW.search(source) and _english_word(value.lower()):
        return True  # option help names its metavariables in capitals: "append the user to the GROUPS"
    return False


#: one letter repeated (MM, DD, YYYY, HH, SS) and a run of such letters joined by separators:
#: a date or time format's pattern (YYYY:MM:DD, HH:MM:SS, dd/mm/yy)
_REPEATED_LETTER = re.compile(r"([A-Z])\1{1,3}")
_FORMAT_LETTERS = re.compile(r"(?<![\w-])([A-Za-z])\1{0,3}(?:[-:/.]([A-Za-z])\2{0,3})+(?![\w-])")
#: a line of option help: "  -a, --append   text", "--file=FILE  text"
_OPTION_ROW = re.compile(r"^[ \t]*-{1,2}[A-Za-z0-9]", re.MULTILINE)


def _english_word(word: str) -> bool:
    """A common English word (Zipf frequency 3 or more, the word or its singular): a
    metavariable in capitals is one (FILE, GROUPS, COMMAND), an acronym is not (GECOS)."""
    from plugins.omission.partial import _frequencies, _zipf

    frequencies = _frequencies("en")
    if not frequencies:
        return False
    return any(_zipf(frequencies, w) >= 3.0 for w in (word, word[:-1] if word.endswith("s") else word))


def is_keyword_list(text: str) -> bool:
    """A desktop-file keyword list ("Files;Folders;Browse;"): translators add variants by design."""
    stripped = text.strip()
    return stripped.endswith(";") and stripped.count(";") >= 2 and "\n" not in stripped and ". " not in stripped


def missing_anchors(source: str, target: str, source_lang: str | None, target_lang: str | None) -> list[str]:
    """How the source writes each of its content anchors the target lacks."""
    anchors = content_anchors(source, source_lang, target)
    if not anchors:
        return []
    target_values: set[str] | None = None
    folded_target = fold_diacritics(target)
    # digits in the target that the source lacks: a number was changed, not dropped
    # (the numbers check's NUM002), so missing numbers are not evidence of an omission
    changed = bool(set(_DIGITS.findall(target)) - set(_DIGITS.findall(source)))
    missing = []
    for key, written in anchors.items():
        kind, value = key[0], key[2:]
        if kind == "q":
            if changed:
                continue
            if target_values is None:
                target_values = quantity_values(target, target_lang)
            if value in target_values or (value.startswith("date:") and _date_in(value, target_values)):
                continue
        elif kind == "a":
            # a hyphen may join it to a word in the target: German "LZMA-Utils", "GNU- und *BSD-Systeme"
            if re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", folded_target):
                continue
            if value.isupper() and _caps_not_acronym(value, source, target):
                continue
            if len(value) == 3:  # a currency code the target writes as a symbol ($, ₫)
                if target_values is None:
                    target_values = quantity_values(target, target_lang)
                if "cur:" + value in target_values:
                    continue
        elif kind == "u":
            continue  # a URL or e-mail address changed or dropped is URL001's (everyday checks) precise finding
        elif value in target:
            continue
        missing.append(written)
    return missing


def _date_in(value: str, target_values: set[str]) -> bool:
    """A date of the source is kept when the target has it, or the same day and month
    with the year left out, or the same year and month."""
    parts = value[5:].split("-")
    for other in target_values:
        if not other.startswith("date:"):
            continue
        theirs = other[5:].split("-")
        if all(a == b or "" in (a, b) for a, b in zip(parts, theirs)):
            return True
    return False


# ---------------------------------------------------------------------------
# Paragraph looks
# ---------------------------------------------------------------------------


def has_letters(text: str) -> bool:
    return bool(_LETTER.search(text))


def ends_a_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def ends_with_ellipsis(text: str) -> bool:
    return bool(_ELLIPSIS_END.search(text))


def looks_like_heading(text: str) -> bool:
    """A heading: short, no sentence end, a section number or capitals."""
    stripped = " ".join(text.split())
    if not stripped or len(stripped) > 120:
        return False
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 4 and stripped.upper() == stripped:
        return True
    if _SECTION.match(stripped) and not ends_a_sentence(stripped):
        return True
    return len(stripped) <= 80 and not ends_a_sentence(stripped) and stripped[:1].isupper()


def looks_like_caption(text: str) -> str | None:
    """'caption' or 'boilerplate' when a target-only paragraph looks like a photo
    caption, a credit or a publisher's line; None otherwise."""
    stripped = " ".join(text.split())
    if not stripped or len(stripped) > 240:
        return None
    match = _CAPTION_START.match(stripped)
    if match:
        word = match.group(0).strip(" ([").lower()
        photo = ("photo", "photos", "image", "picture", "figure", "fig.", "caption", "credit", "credits", "video",
                 "graphic", "ảnh", "hình", "hình ảnh", "clip", "đồ họa")
        return "caption" if word in photo else "boilerplate"
    if _CREDIT.search(stripped):
        return "caption"
    return None


def excerpt(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def split_paragraphs(text: str) -> Sequence[str]:
    """The paragraphs of an aligned unit's side (joined with newlines by the aligner)."""
    return [p for p in text.split("\n") if p.strip()]
