"""A word-translation lexicon learned from the document pair itself (after Moore 2002).

A first alignment on lengths and anchors links most paragraphs 1-1. Words that keep
appearing together in linked paragraphs ("nhạc" with "music", "vĩ" and "cầm" with
"violin") are taken as translations (Dice coefficient over the links); the second
alignment then rewards paragraphs whose words translate each other. No dictionary,
no model, nothing from outside the two documents.
"""

from __future__ import annotations

import re
import string
from typing import Sequence

_TOKEN = re.compile(r"[^\W\d_]{2,}")
#: never a letter: stripped from the ends of a whitespace-separated chunk before it is
#: looked at (a joiner - ' ’ at a chunk's end has no letter after it to join)
NOT_LETTERS = string.punctuation + string.digits + "“”‘’«»…–—"


def tokens(text: str) -> set[str]:
    """The distinct words (runs of two letters or more) of `text`, lowered."""
    low = text.lower()
    if len(low) != len(text) or "Σ" in text:
        # a letter that lowers to two (İ) or as its neighbours say (Σ): word by word
        return set(map(str.lower, set(_TOKEN.findall(text))))
    # every other letter lowers to one letter (and a non-letter to a non-letter:
    # tests/test_align.py checks the whole Unicode table), so the words of the lowered
    # text are the lowered words; most chunks between spaces are one word once their
    # punctuation is stripped, and only the others need the regular expression
    found: set[str] = set()
    for chunk in set(low.split()):
        core = chunk.strip(NOT_LETTERS)
        if core.isalpha():
            if len(core) > 1:
                found.add(core)
        elif core:
            found.update(_TOKEN.findall(core))
    return found


def learn(
    source: Sequence[set[str]],
    target: Sequence[set[str]],
    pairs: Sequence[tuple[int, int]],
    *,
    min_count: int = 2,
    min_dice: float = 0.5,
    max_share: float = 0.25,
    max_pairs: int = 3000,
    groups: Sequence[int] | None = None,
    single: dict[str, int] | None = None,
) -> dict[str, str]:
    """Source word -> its most associated target word, from the linked `pairs`
    (source index, target index). Words in more than `max_share` of the links
    (function words) and pairs seen fewer than `min_count` times are left out.

    `groups` (one per pair: the paragraph link a sentence pair comes from) and
    `single`: filled with the target words whose every learnt pair was seen in one
    group only, mapped to that group. A word pair learnt from the sentences of one
    paragraph link is no evidence for that link: a wrong link's own words would
    confirm it."""
    if len(pairs) > max_pairs:
        step = len(pairs) / max_pairs
        chosen = [int(k * step) for k in range(max_pairs)]
        pairs = [pairs[k] for k in chosen]
        if groups is not None:
            groups = [groups[k] for k in chosen]
    if len(pairs) < 4:
        return {}
    import numpy as np  # here: the omission check imports this module for `tokens` alone

    src_vocab: dict[str, int] = {}
    tgt_vocab: dict[str, int] = {}
    # sorted: set order varies with the process's hash seed, and ties must not
    src_ids = [np.array([src_vocab.setdefault(w, len(src_vocab)) for w in sorted(source[s])], dtype=np.int64) for s, _ in pairs]
    tgt_ids = [np.array([tgt_vocab.setdefault(w, len(tgt_vocab)) for w in sorted(target[t])], dtype=np.int64) for _, t in pairs]
    df_s = np.bincount(np.concatenate(src_ids), minlength=len(src_vocab)) if src_vocab else np.zeros(0)
    df_t = np.bincount(np.concatenate(tgt_ids), minlength=len(tgt_vocab)) if tgt_vocab else np.zeros(0)
    limit = max(min_count, max_share * len(pairs))
    keep_s = (df_s >= min_count) & (df_s <= limit)
    keep_t = (df_t >= min_count) & (df_t <= limit)
    width = len(tgt_vocab)
    codes = []
    for a, b in zip(src_ids, tgt_ids):
        a, b = a[keep_s[a]], b[keep_t[b]]
        if len(a) and len(b):
            codes.append((a[:, None] * width + b[None, :]).ravel())
    if not codes:
        return {}
    joint, counts = np.unique(np.concatenate(codes), return_counts=True)
    v, e = joint // width, joint % width
    dice = 2.0 * counts / (df_s[v] + df_t[e])
    good = (counts >= min_count) & (dice >= min_dice)
    v, e, dice = v[good], e[good], dice[good]
    order = np.lexsort((-dice, v))  # by source word, best first
    src_words = list(src_vocab)
    tgt_words = list(tgt_vocab)
    lexicon: dict[str, str] = {}
    chosen: list[tuple[int, int]] = []
    for index in order:
        word = src_words[v[index]]
        if word not in lexicon:
            lexicon[word] = tgt_words[e[index]]
            chosen.append((int(v[index]), int(e[index])))
    if single is not None and groups is not None and chosen:
        _single_groups(src_ids, tgt_ids, groups, chosen, tgt_words, single)
    return lexicon


def _single_groups(src_ids, tgt_ids, groups, chosen, tgt_words: list[str], single: dict[str, int]) -> None:
    """Fill `single` (see `learn`): target word -> the one group all its learnt pairs
    come from (the pairs where both words occur, found through postings of the
    chosen words only)."""
    wanted_s = {a for a, _ in chosen}
    wanted_t = {b for _, b in chosen}
    post_s: dict[int, set[int]] = {}
    post_t: dict[int, set[int]] = {}
    for index, (a, b) in enumerate(zip(src_ids, tgt_ids)):
        for word in a.tolist():
            if word in wanted_s:
                post_s.setdefault(word, set()).add(index)
        for word in b.tolist():
            if word in wanted_t:
                post_t.setdefault(word, set()).add(index)
    seen: dict[int, set[int]] = {}
    for a, b in chosen:
        seen.setdefault(b, set()).update(groups[k] for k in post_s.get(a, set()) & post_t.get(b, set()))
    for b, found in seen.items():
        if len(found) == 1:
            single[tgt_words[b]] = next(iter(found))


def sentence_pairs(source, target, linked, src_spans, tgt_spans, groups: list[int] | None = None,
                   src_tokens=None, tgt_tokens=None):
    """Finer evidence to learn from: the sentences (`*_spans`, per paragraph) of
    linked paragraphs that have as many sentences on both sides, paired in order
    (other links stay whole). `groups`, when given, gets each pair's index in `linked`.
    `*_tokens`, when given, are the paragraphs' `tokens` already read."""
    src_out: list[set[str]] = []
    tgt_out: list[set[str]] = []
    pairs: list[tuple[int, int]] = []
    for index, (s, t) in enumerate(linked):
        a, b = src_spans[s], tgt_spans[t]
        if len(a) == len(b) and len(a) > 1:
            for x, y in zip(a, b):
                if groups is not None:
                    groups.append(index)
                pairs.append((len(src_out), len(tgt_out)))
                src_out.append(tokens(source[s][x.start : x.end]))
                tgt_out.append(tokens(target[t][y.start : y.end]))
            continue
        if groups is not None:
            groups.append(index)
        pairs.append((len(src_out), len(tgt_out)))
        src_out.append(src_tokens[s] if src_tokens is not None else tokens(source[s]))
        tgt_out.append(tgt_tokens[t] if tgt_tokens is not None else tokens(target[t]))
    return src_out, tgt_out, pairs
