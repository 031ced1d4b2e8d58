"""A word-translation lexicon the user learns from their own bilingual files and
gives the aligner (`tqa lexicon learn`, `tqa check --lexicon LEX`).

The per-document lexicon of `lexicon.py` is learnt from the 30-60 paragraphs of the
two documents being aligned: mostly function words and the document's topic words.
A lexicon learnt from thousands of translated units (a translation memory, the
project's PO or XLIFF files) knows the words of the paragraph in question, which is
what places a deleted paragraph among neighbours of similar length
(docs/omission.md, "A lexicon from the user's files").

The file holds facts, not text: word pairs with how often they were seen together
and their Dice coefficient, never a sentence.

    # tqa lexicon 1
    # source-lang: vi
    # target-lang: en
    # units: 3378
    nhạc<TAB>music<TAB>12<TAB>0.857

Words are those of `lexicon.tokens` (lowered runs of two letters or more; a
Vietnamese syllable is a word).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Iterable, Sequence

from qa_core.errors import InputError, UsageError

from . import lexicon
from .lengths import primary

MAGIC = "# tqa lexicon 1"
#: defaults of `learn` (chosen on the IWSLT dev talks, docs/omission.md)
MIN_COUNT = 2
MIN_DICE = 0.3
MAX_SHARE = 0.15
#: units tokenised at once while counting pairs (bounds the memory of one step)
_CHUNK = 20_000


@dataclass(frozen=True, slots=True)
class WordPair:
    """A source word and a target word seen together in `count` units, with the Dice
    coefficient of their unit counts."""

    source: str
    target: str
    count: int
    dice: float


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word pairs learnt from `units` translated units of `source_lang` into `target_lang`."""

    source_lang: str
    target_lang: str
    pairs: tuple[WordPair, ...]
    units: int = 0

    def mapping(self, source_lang: str | None, target_lang: str | None) -> dict[str, str] | None:
        """Source word -> its best target word for aligning `source_lang` with
        `target_lang` (the lexicon read backwards when the documents are the other way
        round); None when the lexicon is for another language pair."""
        src, tgt = primary(source_lang), primary(target_lang)
        mine = primary(self.source_lang), primary(self.target_lang)
        if (src, tgt) == mine:
            keyed = ((p.source, p.target, p) for p in self.pairs)
        elif (tgt, src) == mine:
            keyed = ((p.target, p.source, p) for p in self.pairs)
        else:
            return None
        best: dict[str, tuple[float, int, str]] = {}
        for key, value, pair in keyed:
            # the highest Dice, then the most often seen, then the first in alphabetical order
            held = best.get(key)
            if held is None or (pair.dice, pair.count) > held[:2] or ((pair.dice, pair.count) == held[:2] and value < held[2]):
                best[key] = (pair.dice, pair.count, value)
        return {key: value for key, (_, _, value) in best.items()}


def learn(
    units: Iterable[tuple[str, str]],
    source_lang: str,
    target_lang: str,
    *,
    min_count: int = MIN_COUNT,
    min_dice: float = MIN_DICE,
    max_share: float = MAX_SHARE,
) -> Lexicon:
    """Word pairs from (source text, target text) units: every pair of a source word
    and a target word seen together in at least `min_count` units with a Dice
    coefficient of at least `min_dice`. Words in more than `max_share` of the units
    (function words) are left out."""
    if min_count < 1:
        raise ValueError(f"'min_count' must be at least 1 (got {min_count})")
    if not 0.0 < min_dice <= 1.0:
        raise ValueError(f"'min_dice' must be in (0, 1] (got {min_dice})")
    if not 0.0 < max_share <= 1.0:
        raise ValueError(f"'max_share' must be in (0, 1] (got {max_share})")
    import numpy as np

    src_vocab: dict[str, int] = {}
    tgt_vocab: dict[str, int] = {}
    src_ids: list[np.ndarray] = []
    tgt_ids: list[np.ndarray] = []
    for source, target in units:
        a = sorted(lexicon.tokens(source))
        b = sorted(lexicon.tokens(target))
        if not a or not b:
            continue
        src_ids.append(np.array([src_vocab.setdefault(w, len(src_vocab)) for w in a], dtype=np.int64))
        tgt_ids.append(np.array([tgt_vocab.setdefault(w, len(tgt_vocab)) for w in b], dtype=np.int64))
    n = len(src_ids)
    if n == 0:
        return Lexicon(source_lang, target_lang, (), 0)
    df_s = np.bincount(np.concatenate(src_ids), minlength=len(src_vocab))
    df_t = np.bincount(np.concatenate(tgt_ids), minlength=len(tgt_vocab))
    limit = max(min_count, max_share * n)
    keep_s = (df_s >= min_count) & (df_s <= limit)
    keep_t = (df_t >= min_count) & (df_t <= limit)
    width = np.int64(len(tgt_vocab))
    joint = np.zeros(0, np.int64)
    counts = np.zeros(0, np.int64)
    for start in range(0, n, _CHUNK):
        codes = []
        for a, b in zip(src_ids[start : start + _CHUNK], tgt_ids[start : start + _CHUNK]):
            a, b = a[keep_s[a]], b[keep_t[b]]
            if len(a) and len(b):
                codes.append((a[:, None] * width + b[None, :]).ravel())
        if not codes:
            continue
        step, step_counts = np.unique(np.concatenate(codes), return_counts=True)
        # merge with what earlier chunks counted
        both, inverse = np.unique(np.concatenate([joint, step]), return_inverse=True)
        counts = np.bincount(inverse, weights=np.concatenate([counts, step_counts]), minlength=len(both)).astype(np.int64)
        joint = both
    v, e = joint // width, joint % width
    dice = 2.0 * counts / (df_s[v] + df_t[e]) if len(joint) else np.zeros(0)
    good = (counts >= min_count) & (dice >= min_dice)
    src_words = list(src_vocab)
    tgt_words = list(tgt_vocab)
    order = np.lexsort((-dice[good], v[good]))
    v, e, c, d = v[good][order], e[good][order], counts[good][order], dice[good][order]
    pairs = tuple(WordPair(src_words[int(x)], tgt_words[int(y)], int(k), round(float(z), 3))
                  for x, y, k, z in zip(v, e, c, d))
    return Lexicon(source_lang, target_lang, pairs, n)


def learn_from_documents(documents: Iterable, source_lang: str | None = None, target_lang: str | None = None,
                         skipped: list[str] | None = None, **thresholds) -> tuple[Lexicon, int]:
    """A lexicon from the translated units of bilingual documents (what the readers
    open: PO, XLIFF, TMX, ...). Fuzzy, empty and untranslated (target = source) units
    are left out. Every document must be of one language pair: the first's, or, when
    both languages are given, that one (a document of another pair is then left out
    and its path added to `skipped`); a unit of the reverse pair (a vi->en file among
    en->vi ones) is read the other way round. Returns the lexicon and the documents read."""
    pair: list[str | None] = [source_lang, target_lang]
    given = bool(source_lang and target_lang)
    count = 0
    collected: list[tuple[str, str]] = []
    for document in documents:
        count += 1
        mine: list[tuple[str, str]] = []
        other = False
        for unit in document.units():
            target = unit.target
            langs = (unit.file.source_lang or document.source_lang, unit.file.target_lang or document.target_lang)
            reverse = (None not in langs and None not in pair and primary(pair[0]) != primary(pair[1])
                       and (primary(langs[0]), primary(langs[1])) == (primary(pair[1]), primary(pair[0])))
            for side in () if reverse else (0, 1):
                if not langs[side]:
                    continue
                if pair[side] is None:
                    pair[side] = langs[side]
                elif primary(langs[side]) != primary(pair[side]):
                    if given:
                        other = True
                        break
                    name = ("source", "target")[side]
                    raise InputError(document.path, f"its {name} language is {langs[side]}, not {pair[side]} as the "
                                     f"files before it (learn one lexicon per language pair, or give --source-lang "
                                     f"and --target-lang to leave the others out)")
            if other:
                break
            if target is None or unit.fuzzy:
                continue
            src_text, tgt_text = unit.source.text, target.text
            if src_text.strip() and tgt_text.strip() and src_text != tgt_text:
                mine.append((tgt_text, src_text) if reverse else (src_text, tgt_text))
        if other:
            if skipped is not None:
                skipped.append(document.path)
            continue
        collected.extend(mine)
    if pair[0] is None or pair[1] is None:
        raise UsageError("the files do not say their languages: give --source-lang and --target-lang")
    return learn(collected, pair[0], pair[1], **thresholds), count


# ---------------------------------------------------------------------------
# The file
# ---------------------------------------------------------------------------


def dumps(lex: Lexicon, sources: Sequence[str] = ()) -> str:
    """The lexicon as the text of a lexicon file."""
    lines = [MAGIC, f"# source-lang: {lex.source_lang}", f"# target-lang: {lex.target_lang}", f"# units: {lex.units}"]
    lines.extend(f"# learnt from: {name}" for name in sources)
    lines.append("# source word<TAB>target word<TAB>units seen together<TAB>Dice coefficient")
    lines.extend(f"{p.source}\t{p.target}\t{p.count}\t{p.dice:.3f}" for p in lex.pairs)
    return "\n".join(lines) + "\n"


def load(path: str) -> Lexicon:
    """Read a lexicon file; a file that is not one is an InputError naming the line."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise InputError(path, f"cannot read the lexicon: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"a lexicon file is UTF-8 text (byte {error.start} is not)") from None
    return loads(text, path)


def loads(text: str, path: str = "<lexicon>") -> Lexicon:
    lines = text.splitlines()
    if not lines or lines[0].strip() != MAGIC:
        raise InputError(path, f"not a tqa lexicon file (its first line must be {MAGIC!r}; "
                         "make one with `tqa lexicon learn FILES -o LEX`)", 1)
    header: dict[str, str] = {}
    pairs: list[WordPair] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep and key.strip() in ("source-lang", "target-lang", "units"):
                header[key.strip()] = value.strip()
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise InputError(path, f"a word pair is 4 tab-separated fields: source word, target word, count, Dice "
                             f"(got {len(fields)})", number)
        source, target, count, dice = fields
        for name, word in (("source word", source), ("target word", target)):
            if not word or word != word.strip() or " " in word:
                raise InputError(path, f"'{name}' must be one word without spaces (got {word!r})", number)
        try:
            seen = int(count)
            score = float(dice)
        except ValueError:
            raise InputError(path, f"count and Dice must be numbers (got {count!r}, {dice!r})", number) from None
        if seen < 1 or not (0.0 <= score <= 1.0) or math.isnan(score):
            raise InputError(path, f"count must be at least 1 and Dice in [0, 1] (got {count}, {dice})", number)
        pairs.append(WordPair(source, target, seen, score))
    for key in ("source-lang", "target-lang"):
        if not header.get(key):
            raise InputError(path, f"the header does not say '# {key}: LANG'", 1)
    try:
        units = int(header.get("units", "0"))
    except ValueError:
        raise InputError(path, f"'units' must be a whole number (got {header['units']!r})") from None
    return Lexicon(header["source-lang"], header["target-lang"], tuple(pairs), units)


def mapping_for(path: str, source_lang: str | None, target_lang: str | None) -> dict[str, str]:
    """The lexicon file at `path` as the aligner wants it for this language pair; an
    InputError when it is for another pair."""
    lex = load(path)
    found = lex.mapping(source_lang, target_lang)
    if found is None:
        raise InputError(path, f"the lexicon is for {lex.source_lang}->{lex.target_lang}, the documents are "
                         f"{source_lang}->{target_lang}")
    return found


# ---------------------------------------------------------------------------
# The tables tqa ships
# ---------------------------------------------------------------------------

#: the `--lexicon` value (and configuration `lexicon` value) that asks for the table tqa
#: ships for the language pair, counted beside the document's own lexicon
BUILTIN = "builtin"
#: the value that leaves the shipped table out: the document's own lexicon only
NONE = "none"


def aligner_inputs(value: str | None, source_lang: str | None, target_lang: str | None) -> tuple[dict[str, str] | None, bool]:
    """What a `--lexicon` value gives the aligner: (the user's table or None, whether
    to count the shipped table). No value: the shipped table when tqa ships one for the
    pair (the default since 5 December 2026: docs/omission.md); `none`: the document's
    own lexicon only; `builtin`: the shipped table, refused for a pair without one; a
    path: a lexicon file."""
    if not value:
        return None, shipped(source_lang, target_lang) is not None
    if value == NONE:
        return None, False
    if value == BUILTIN:
        if shipped(source_lang, target_lang) is None:
            raise UsageError(f"--lexicon builtin: tqa ships no word table for {source_lang}->{target_lang} "
                             "(learn one from your own files: tqa lexicon learn FILES -o LEX)")
        return None, True
    return mapping_for(value, source_lang, target_lang), False


#: word tables shipped with tqa, learnt by `bench/default_lexicon.py` from CLDR and
#: permissively licensed interface strings (sources and licences in data/NOTICE.md)
SHIPPED_DIR = "data"


def shipped(source_lang: str | None, target_lang: str | None) -> dict[str, str] | None:
    """The shipped word table for this language pair (read either way round) as the
    aligner wants it, or None when tqa ships none for the pair."""
    src, tgt = primary(source_lang), primary(target_lang)
    if not src or not tgt or src == tgt:
        return None
    return _shipped_mapping(src, tgt)


@functools.lru_cache(maxsize=8)
def _shipped_mapping(src: str, tgt: str) -> dict[str, str] | None:
    for name in _shipped_names():
        stem = name[: -len(".lex")]
        if set(stem.split("-")) != {src, tgt}:
            continue
        from importlib.resources import files

        text = files("qa_core.align").joinpath(SHIPPED_DIR, name).read_text(encoding="utf-8")
        return loads(text, name).mapping(src, tgt)
    return None


@functools.lru_cache(maxsize=1)
def _shipped_names() -> tuple[str, ...]:
    from importlib.resources import files

    folder = files("qa_core.align").joinpath(SHIPPED_DIR)
    if not folder.is_dir():
        return ()
    return tuple(sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".lex")))
