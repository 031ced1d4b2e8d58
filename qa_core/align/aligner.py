"""Banded, anchored dynamic programming over two lists of paragraphs.

A link joins 0-2 source paragraphs to 0-2 target paragraphs (1-1, 1-2, 2-1, 2-2,
1-0, 0-1). Its cost is the link type's prior, the length model's cost, a reward for
the anchors both sides share and a smaller charge for anchors only one side has
(all anchors weighted by rarity in the document), plus the plugins' similarity.

A second pass adds a lexicon learnt from the first pass's 1-1 links (see
`lexicon.py`), so that paragraphs whose words translate each other attract.

Time and memory stay linear in the length of the documents: grids of up to
3 million cells are searched whole; larger ones are coarsened (4 paragraphs to a
block, recursively), the path found on the coarse grid is projected back and only
a band of `band` paragraphs around it is searched. If the best path runs along the
band's edge, the band is widened and the search redone.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from . import lexicon
from .anchors import KIND_WEIGHT, anchors
from .lengths import LengthModel, length_cost, length_model, primary
from qa_core.sentences import split_sentences

INF = float("inf")
KINDS = ("start", "1-1", "1-0", "2-1", "1-2", "2-2")
_STEPS = {1: (1, 1), 2: (1, 0), 3: (2, 1), 4: (1, 2), 5: (2, 2)}
#: anchor kinds strong enough to fix a point of the path when unique on both sides
#: keys in more paragraphs than this (per side, on average) are ignored
_MAX_DF = 40
#: grids up to this many cells are searched whole; larger ones coarse-to-fine
_FULL_LIMIT = 3_000_000


@dataclass(frozen=True, slots=True)
class AnchorKey:
    """An anchor a plugin contributes: a language-neutral `key` and its `weight`."""

    key: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Link:
    """Source paragraphs `source` (indices, maybe none) aligned with target paragraphs
    `target`; `confidence` in [0, 1]."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float = 1.0

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """Parameters of the cost (chosen on the IWSLT'15 dev talks, see docs/alignment.md)."""

    band: int = 12
    anchor_reward: float = 3.0
    anchor_charge: float = 2.0
    similarity_weight: float = 6.0
    prior_11: float = 0.0
    prior_10: float = 3.5
    prior_21: float = 4.5
    prior_22: float = 6.0
    max_rounds: int = 3
    lexicon: bool = True
    #: cost per unit of difference in sentence count, '?' count and '!' count
    #: between the two sides of a link (see `features`)
    sentence_weight: float = 1.0
    question_weight: float = 1.0
    exclaim_weight: float = 1.0
    sentence_norm: float = 0.0
    #: the learnt lexicon as a similarity: cost lex_weight * (lex_center - Dice of the
    #: two sides' translated words); 0 keeps the older use as weak anchors
    lex_weight: float = 12.0
    lex_center: float = 0.15
    lex_sentences: bool = True
    lex_rounds: int = 1

    def __post_init__(self) -> None:
        if self.band < 1:
            raise ValueError(f"'band' must be at least 1 (got {self.band})")


@dataclass
class Alignment:
    links: list[Link]
    cells: int = 0
    rounds: int = 0
    stats: dict[str, Any] = field(default_factory=dict)


class _Side:
    """Lengths, anchor bags and their total weights of one side's paragraphs."""

    def __init__(self, lengths: np.ndarray, bags: list[Counter], features: np.ndarray | None = None) -> None:
        self.n = len(bags)
        self.lengths = lengths
        self.bags = bags
        self.weights = np.zeros(self.n)
        self.features = features if features is not None else np.zeros((self.n, 0))


def _feature_cost(fw: np.ndarray, fsrc: np.ndarray, ftgt: np.ndarray, norm: float) -> np.ndarray:
    """Weighted differences of the counts of a link's two sides; the sentence count's
    difference is taken relative to the square root of the sentences involved."""
    diff = np.abs(fsrc - ftgt)
    if norm:
        diff[..., 0] = diff[..., 0] / np.sqrt(np.maximum(fsrc[..., 0] + ftgt[..., 0], 1.0)) ** norm
    return diff @ fw


def _bitsets(concepts: Sequence[np.ndarray], size: int) -> np.ndarray:
    words = (size + 63) // 64
    bits = np.zeros((len(concepts), words), dtype=np.uint64)
    for row, ids in enumerate(concepts):
        if len(ids):
            np.bitwise_or.at(bits[row], ids // 64, np.left_shift(np.uint64(1), (ids % 64).astype(np.uint64)))
    return bits


_BYTE_COUNTS = np.array([bin(k).count("1") for k in range(256)], dtype=np.uint8)


def _popcount(bits: np.ndarray) -> np.ndarray:
    """Set bits per 64-bit word (numpy >= 2 has it built in)."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(bits)
    return _BYTE_COUNTS[bits.view(np.uint8)].reshape(*bits.shape, 8).sum(axis=-1)


def features(texts: Sequence[str], lang, hook=None) -> np.ndarray:
    """Counts a translation keeps: sentences, question marks, exclamation marks."""
    out = np.zeros((len(texts), 3))
    for index, text in enumerate(texts):
        out[index, 0] = max(1, len(split_sentences(text, lang, hook)))
        out[index, 1] = text.count("?") + text.count("？")
        out[index, 2] = text.count("!") + text.count("！")
    return out


def _bags(texts: Sequence[str], lang, same: bool, hook, extra_weight: dict[str, float]) -> list[Counter]:
    bags = [anchors(t, lang, same) for t in texts]
    if hook is not None:
        for answer in hook.tqa_alignment_anchors(texts=list(texts), lang=lang) or []:
            if answer is None:
                continue
            for bag, keys in zip(bags, answer):
                for item in keys or ():
                    bag["x:" + item.key] += 1
                    extra_weight["x:" + item.key] = float(item.weight)
    return bags


class _Scorer:
    def __init__(self, src_lengths, tgt_lengths, src_bags, tgt_bags, model: LengthModel, options: AlignOptions,
                 extra_weight: dict[str, float] | None = None, src_features=None, tgt_features=None) -> None:
        self.options = options
        self.model = model
        extra_weight = extra_weight or {}
        self.src = _Side(src_lengths, src_bags, src_features)
        self.tgt = _Side(tgt_lengths, tgt_bags, tgt_features)
        self.feature_weights = np.array([options.sentence_weight, options.question_weight, options.exclaim_weight])
        if self.src.features.shape[1] == 0 or self.tgt.features.shape[1] == 0 or not self.feature_weights.any():
            self.src.features = np.zeros((self.src.n, 0))
            self.tgt.features = np.zeros((self.tgt.n, 0))
            self.feature_weights = np.zeros(0)
        # rarity: a key found in many paragraphs says little about which two belong together
        df_s: Counter = Counter(k for bag in src_bags for k in bag)
        df_t: Counter = Counter(k for bag in tgt_bags for k in bag)
        self.key_ids: dict[str, int] = {}
        weights: list[float] = []
        for key in set(df_s) & set(df_t):
            df = (df_s[key] + df_t[key]) / 2.0
            if df > _MAX_DF:
                continue  # weighs next to nothing, costs time
            base = extra_weight.get(key, KIND_WEIGHT.get(key[0], 0.5))
            self.key_ids[key] = len(weights)
            weights.append(base * min(1.0, 1.0 / df))
        self.key_weight = np.array(weights) if weights else np.zeros(0)
        for side in (self.src, self.tgt):
            for index, bag in enumerate(side.bags):
                side.weights[index] = sum(count * self.key_weight[self.key_ids[key]] for key, count in bag.items() if key in self.key_ids)
        self.src_keys = [[(self.key_ids[k], c) for k, c in bag.items() if k in self.key_ids] for bag in src_bags]
        postings: dict[int, list[tuple[int, int]]] = {}
        for t, bag in enumerate(tgt_bags):
            for key, count in bag.items():
                kid = self.key_ids.get(key)
                if kid is not None:
                    postings.setdefault(kid, []).append((t, count))
        self.postings = {k: (np.array([t for t, _ in v]), np.array([c for _, c in v], dtype=float)) for k, v in postings.items()}
        self.similarity: dict[tuple[int, int], float] = {}
        self.lex_src: list[np.ndarray] | None = None

    def set_lexicon(self, src_concepts: list[np.ndarray], tgt_concepts: list[np.ndarray]) -> None:
        """Each paragraph's translated-word ids (source words through the lexicon,
        target words that are the image of one): their Dice is the lexical similarity."""
        self.lex_src = src_concepts
        self.lex_src_sets = [set(c.tolist()) for c in src_concepts]
        self.lex_tgt_sets = [set(c.tolist()) for c in tgt_concepts]
        self.lex_n_src = np.array([len(c) for c in src_concepts], dtype=float)
        self.lex_n_tgt = np.array([len(c) for c in tgt_concepts], dtype=float)
        # concept sets as bit sets: a row's matches are one AND and a popcount
        size = 1 + max((int(c.max()) for c in list(src_concepts) + list(tgt_concepts) if len(c)), default=0)
        self.lex_src_bits = _bitsets(src_concepts, size)
        self.lex_tgt_bits = _bitsets(tgt_concepts, size)

    def lex_matches(self, s: int, start: int, stop: int) -> np.ndarray:
        """Translated words source paragraph s shares with targets start..stop-1."""
        out = np.zeros(max(0, stop - start))
        if s < 0 or stop <= start or self.lex_src is None:
            return out
        a, b = max(0, start), min(stop, len(self.lex_tgt_bits))
        if a < b:
            out[a - start : b - start] = _popcount(self.lex_tgt_bits[a:b] & self.lex_src_bits[s]).sum(axis=1)
        return out

    def lex_cost(self, matched, n_s, n_t):
        o = self.options
        total = n_s + n_t
        dice = np.where(total > 0, 2.0 * matched / np.maximum(total, 1.0), o.lex_center)
        return o.lex_weight * (o.lex_center - dice)

    # ----- anchors over a range of targets ---------------------------------

    def matches(self, s: int, start: int, stop: int) -> np.ndarray:
        """Matched anchor weight of source paragraph s with targets start..stop-1."""
        out = np.zeros(max(0, stop - start))
        if s < 0 or stop <= start:
            return out
        for kid, count in self.src_keys[s]:
            positions, counts = self.postings[kid]
            a = bisect.bisect_left(positions, start) if len(positions) < 64 else int(np.searchsorted(positions, start))
            b = bisect.bisect_left(positions, stop) if len(positions) < 64 else int(np.searchsorted(positions, stop))
            if a < b:
                out[positions[a:b] - start] += self.key_weight[kid] * np.minimum(counts[a:b], count)
        return out

    def similarities(self, s: int, start: int, stop: int) -> np.ndarray | None:
        if not self.similarity or s < 0:
            return None
        return np.array([self.similarity.get((s, t), 0.5) for t in range(start, stop)])

    def ask_similarity(self, hook, texts, langs, lo: np.ndarray, hi: np.ndarray) -> None:
        """Ask the similarity hook, once, about every (source, target) pair of the band."""
        pairs = [(i - 1, t) for i in range(1, len(lo)) for t in range(max(0, int(lo[i]) - 2), int(hi[i]))
                 if (i - 1, t) not in self.similarity]
        if not pairs:
            return
        answers = [a for a in hook.tqa_similarity(
            source_texts=list(texts[0]), target_texts=list(texts[1]), pairs=pairs,
            source_lang=langs[0], target_lang=langs[1],
        ) if a is not None]
        if not answers:
            return
        for index, pair in enumerate(pairs):
            self.similarity[pair] = float(sum(answer[index] for answer in answers) / len(answers))

    # ----- the cost of one link, for confidences ---------------------------

    def cost(self, source: tuple[int, ...], target: tuple[int, ...]) -> float:
        o = self.options
        ws = float(sum(self.src.weights[s] for s in source))
        wt = float(sum(self.tgt.weights[t] for t in target))
        if not target or not source:
            return o.prior_10
        matched = 0.0
        a: Counter = Counter()
        for s in source:
            for kid, count in self.src_keys[s]:
                a[kid] += count
        b: Counter = Counter()
        for t in target:
            for key, count in self.tgt.bags[t].items():
                kid = self.key_ids.get(key)
                if kid is not None:
                    b[kid] += count
        for kid in a.keys() & b.keys():
            matched += self.key_weight[kid] * min(a[kid], b[kid])
        prior = {(1, 1): o.prior_11, (2, 1): o.prior_21, (1, 2): o.prior_21, (2, 2): o.prior_22}.get((len(source), len(target)), o.prior_22 * 2)
        lengths = float(length_cost(self.model, sum(self.src.lengths[s] for s in source), sum(self.tgt.lengths[t] for t in target)))
        value = prior + lengths + o.anchor_charge * (ws + wt) - (o.anchor_reward + 2 * o.anchor_charge) * matched
        if self.lex_src is not None:
            matched_lex = float(sum(len(self.lex_src_sets[s] & self.lex_tgt_sets[t]) for s in source for t in target))
            value += float(self.lex_cost(matched_lex, sum(self.lex_n_src[s] for s in source), sum(self.lex_n_tgt[t] for t in target)))
        if len(self.feature_weights):
            value += float(_feature_cost(self.feature_weights, self.src.features[list(source)].sum(axis=0),
                                         self.tgt.features[list(target)].sum(axis=0), o.sentence_norm))
        if self.similarity:
            sims = [self.similarity.get((s, t), 0.5) for s in source for t in target]
            value += o.similarity_weight * (1.0 - sum(sims) / len(sims))
        return value


def _normalise_band(lo: np.ndarray, hi: np.ndarray, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Clip a band to the grid and make it a path's corridor: both edges non-decreasing,
    each row reachable from the one before."""
    lo = np.clip(lo, 0, m).astype(np.int64)
    hi = np.clip(hi, 0, m).astype(np.int64)
    lo[0] = 0
    hi[n] = m
    lo = np.minimum.accumulate(lo[::-1])[::-1].copy()
    hi = np.maximum.accumulate(hi)
    for i in range(1, n + 1):
        if lo[i] > hi[i - 1] + 1:
            lo[i] = hi[i - 1] + 1
    return lo, hi


def _corridor(path, n: int, m: int, scale: int, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """The band around a path found on a grid `scale` times coarser, `radius` wide."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    i = j = 0
    for source, target in path:
        i2, j2 = i + len(source), j + len(target)
        r0, r1 = min(i * scale, n), min(i2 * scale, n)
        c0, c1 = min(j * scale, m), min(j2 * scale, m)
        lo[r0 : r1 + 1] = np.minimum(lo[r0 : r1 + 1], c0)
        hi[r0 : r1 + 1] = np.maximum(hi[r0 : r1 + 1], c1)
        i, j = i2, j2
    return _normalise_band(lo - radius, hi + radius, n, m)


def _window(row: np.ndarray | None, row_lo: int, start: int, stop: int) -> np.ndarray:
    """Values of a DP row (stored from column row_lo) for columns start..stop-1, inf outside."""
    out = np.full(stop - start, INF)
    if row is None:
        return out
    a = max(start, row_lo)
    b = min(stop, row_lo + len(row))
    if a < b:
        out[a - start : b - start] = row[a - row_lo : b - row_lo]
    return out


def _run(scorer: _Scorer, lo: np.ndarray, hi: np.ndarray):
    o = scorer.options
    n, m = scorer.src.n, scorer.tgt.n
    ls, lt = scorer.src.lengths, scorer.tgt.lengths
    ws, wt = scorer.src.weights, scorer.tgt.weights
    model = scorer.model
    kappa = o.anchor_reward + 2 * o.anchor_charge
    ins = np.full(m, o.prior_10)  # cost of each 0-1 link
    rows: list[np.ndarray] = []
    origins: list[np.ndarray] = []
    choices: list[np.ndarray] = []
    cells = 0
    lt_pad = np.concatenate([[0.0, 0.0], lt])  # lt_pad[t + 2] = lt[t], 0 for t < 0
    fw = scorer.feature_weights
    use_f = len(fw) > 0
    fs = scorer.src.features
    ft_pad = np.concatenate([np.zeros((2, fs.shape[1])), scorer.tgt.features]) if use_f else None
    use_lex = scorer.lex_src is not None and o.lex_weight > 0
    if use_lex:
        ns_lex = scorer.lex_n_src
        nt_pad = np.concatenate([[0.0, 0.0], scorer.lex_n_tgt])
    wt_pad = np.concatenate([[0.0, 0.0], wt])
    ins_pad = np.concatenate([[0.0], ins])  # ins_pad[j] = cost of the 0-1 link that ends at column j
    for i in range(n + 1):
        a, b = int(lo[i]), int(hi[i]) + 1
        width = b - a
        cells += width
        js = np.arange(a, b)
        x = np.full(width, INF)
        choice = np.zeros(width, dtype=np.int8)
        if i == 0:
            if a == 0:
                x[0] = 0.0
        else:
            prev, prev_lo = rows[i - 1], int(lo[i - 1])
            prev2, prev2_lo = (rows[i - 2], int(lo[i - 2])) if i >= 2 else (None, 0)
            s1 = i - 1
            t1 = js - 1
            t2 = js - 2
            valid1 = t1 >= 0
            valid2 = t2 >= 0
            m1 = scorer.matches(s1, a - 2, b - 1)  # index t - (a - 2)
            m1_t1, m1_t2 = m1[1:], m1[:-1]
            len_t1 = lt_pad[js + 1]
            len_t2 = lt_pad[js]
            w_t1 = wt_pad[js + 1]
            w_t2 = wt_pad[js]
            sim1 = scorer.similarities(s1, a - 2, b - 1)
            if use_f:
                f_t1 = ft_pad[js + 1]
                f_t2 = ft_pad[js]
            if use_lex:
                x1 = scorer.lex_matches(s1, a - 2, b - 1)
                x1_t1, x1_t2 = x1[1:], x1[:-1]
                n_t1 = nt_pad[js + 1]
                n_t2 = nt_pad[js]
            # 1-1
            cost = o.prior_11 + length_cost(model, ls[s1], len_t1) + o.anchor_charge * (ws[s1] + w_t1) - kappa * m1_t1
            if use_f:
                cost += _feature_cost(fw, np.broadcast_to(fs[s1], f_t1.shape), f_t1, o.sentence_norm)
            if use_lex:
                cost += scorer.lex_cost(x1_t1, ns_lex[s1], n_t1)
            if sim1 is not None:
                cost += o.similarity_weight * (1.0 - sim1[1:])
            cand = _window(prev, prev_lo, a - 1, b - 1) + np.where(valid1, cost, INF)
            better = cand < x
            x[better], choice[better] = cand[better], 1
            # 1-0
            cand = _window(prev, prev_lo, a, b) + o.prior_10
            better = cand < x
            x[better], choice[better] = cand[better], 2
            # 1-2
            matched = np.minimum(m1_t1 + m1_t2, np.minimum(ws[s1], w_t1 + w_t2))
            cost = o.prior_21 + length_cost(model, ls[s1], len_t1 + len_t2) + o.anchor_charge * (ws[s1] + w_t1 + w_t2) - kappa * matched
            if use_f:
                cost += _feature_cost(fw, np.broadcast_to(fs[s1], f_t1.shape), f_t1 + f_t2, o.sentence_norm)
            if use_lex:
                cost += scorer.lex_cost(x1_t1 + x1_t2, ns_lex[s1], n_t1 + n_t2)
            if sim1 is not None:
                cost += o.similarity_weight * (1.0 - (sim1[1:] + sim1[:-1]) / 2)
            cand = _window(prev, prev_lo, a - 2, b - 2) + np.where(valid2, cost, INF)
            better = cand < x
            x[better], choice[better] = cand[better], 4
            if i >= 2:
                s2 = i - 2
                m2 = scorer.matches(s2, a - 2, b - 1)
                m2_t1, m2_t2 = m2[1:], m2[:-1]
                sim2 = scorer.similarities(s2, a - 2, b - 1)
                if use_lex:
                    x2 = scorer.lex_matches(s2, a - 2, b - 1)
                    x2_t1, x2_t2 = x2[1:], x2[:-1]
                w_s = ws[s1] + ws[s2]
                l_s = ls[s1] + ls[s2]
                # 2-1
                matched = np.minimum(m1_t1 + m2_t1, np.minimum(w_s, w_t1))
                cost = o.prior_21 + length_cost(model, l_s, len_t1) + o.anchor_charge * (w_s + w_t1) - kappa * matched
                if use_f:
                    cost += _feature_cost(fw, np.broadcast_to(fs[s1] + fs[s2], f_t1.shape), f_t1, o.sentence_norm)
                if use_lex:
                    cost += scorer.lex_cost(x1_t1 + x2_t1, ns_lex[s1] + ns_lex[s2], n_t1)
                if sim1 is not None and sim2 is not None:
                    cost += o.similarity_weight * (1.0 - (sim1[1:] + sim2[1:]) / 2)
                cand = _window(prev2, prev2_lo, a - 1, b - 1) + np.where(valid1, cost, INF)
                better = cand < x
                x[better], choice[better] = cand[better], 3
                # 2-2
                matched = np.minimum(m1_t1 + m1_t2 + m2_t1 + m2_t2, np.minimum(w_s, w_t1 + w_t2))
                cost = o.prior_22 + length_cost(model, l_s, len_t1 + len_t2) + o.anchor_charge * (w_s + w_t1 + w_t2) - kappa * matched
                if use_f:
                    cost += _feature_cost(fw, np.broadcast_to(fs[s1] + fs[s2], f_t1.shape), f_t1 + f_t2, o.sentence_norm)
                if use_lex:
                    cost += scorer.lex_cost(x1_t1 + x1_t2 + x2_t1 + x2_t2, ns_lex[s1] + ns_lex[s2], n_t1 + n_t2)
                if sim1 is not None and sim2 is not None:
                    cost += o.similarity_weight * (1.0 - (sim1[1:] + sim1[:-1] + sim2[1:] + sim2[:-1]) / 4)
                cand = _window(prev2, prev2_lo, a - 2, b - 2) + np.where(valid2, cost, INF)
                better = cand < x
                x[better], choice[better] = cand[better], 5
        # 0-1 links within the row: D[j] = min over k <= j of X[k] + ins[k+1..j]
        steps = ins_pad[js]
        steps[0] = 0.0
        cumulative = np.cumsum(steps)
        shifted = x - cumulative
        best = np.minimum.accumulate(shifted)
        origin = np.maximum.accumulate(np.where(shifted <= best, np.arange(width), 0))
        rows.append(best + cumulative)
        origins.append(origin.astype(np.int32))
        choices.append(choice)
    return rows, origins, choices, cells


def _backtrack(n: int, m: int, lo: np.ndarray, origins, choices) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i, j = n, m
    while i > 0 or j > 0:
        a = int(lo[i])
        k = int(origins[i][j - a]) + a
        for t in range(j - 1, k - 1, -1):
            links.append(((), (t,)))
        j = k
        kind = int(choices[i][j - a])
        if kind == 0:
            if i == 0 and j == 0:
                break
            raise RuntimeError(f"alignment path broken at ({i}, {j})")  # pragma: no cover
        ds, dt = _STEPS[kind]
        links.append((tuple(range(i - ds, i)), tuple(range(j - dt, j))))
        i, j = i - ds, j - dt
    links.reverse()
    return links


def _touches_edge(path: list[tuple[tuple[int, ...], tuple[int, ...]]], lo: np.ndarray, hi: np.ndarray, m: int) -> bool:
    i = j = 0
    for source, target in path:
        i += len(source)
        j += len(target)
        if (lo[i] > 0 and j <= lo[i]) or (hi[i] < m and j >= hi[i]):
            return True
    return False


def _confidence(margin: float) -> float:
    return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, margin)) / 2.0)), 2)


def _confidences(scorer: _Scorer, path) -> list[Link]:
    """A link's confidence is how much it beats its nearest alternative: for a link,
    leaving its paragraphs unaligned; for an unaligned paragraph, joining the link
    next to it."""
    links = []
    for index, (source, target) in enumerate(path):
        cost = scorer.cost(source, target)
        if source and target:
            alone = sum(scorer.cost((s,), ()) for s in source) + sum(scorer.cost((), (t,)) for t in target)
            margin = alone - cost
        else:
            margin = 30.0
            for neighbour in (index - 1, index + 1):
                if not 0 <= neighbour < len(path):
                    continue
                other_s, other_t = path[neighbour]
                if not other_s or not other_t:
                    continue
                merged_s = tuple(sorted(other_s + source))
                merged_t = tuple(sorted(other_t + target))
                if len(merged_s) > 2 or len(merged_t) > 2:
                    continue
                joined = scorer.cost(merged_s, merged_t)
                margin = min(margin, joined - (cost + scorer.cost(other_s, other_t)))
        links.append(Link(source, target, _confidence(margin)))
    return links


def _coarsen(lengths: np.ndarray, bags: list[Counter], factor: int) -> tuple[np.ndarray, list[Counter]]:
    out_bags = []
    for k in range(0, len(bags), factor):
        merged: Counter = Counter()
        for bag in bags[k : k + factor]:
            merged.update(bag)
        out_bags.append(merged)
    pad = (-len(lengths)) % factor
    sums = np.concatenate([lengths, np.zeros(pad)]).reshape(-1, factor).sum(axis=1)
    return sums, out_bags


def _search(scorer: _Scorer, radius: int, max_rounds: int, lo=None, hi=None, depth: int = 0):
    """The best path over the scorer's grid: whole when small, else around the path
    found on a grid coarsened 4 times (recursively); widened while it hugs the band."""
    n, m = scorer.src.n, scorer.tgt.n
    cells = 0
    if lo is None:
        if (n + 1) * (m + 1) <= _FULL_LIMIT or min(n, m) < 8:
            lo, hi = np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
        else:
            factor = 4
            src_len, src_bags = _coarsen(scorer.src.lengths, scorer.src.bags, factor)
            tgt_len, tgt_bags = _coarsen(scorer.tgt.lengths, scorer.tgt.bags, factor)
            coarse = _Scorer(src_len, tgt_len, src_bags, tgt_bags, scorer.model, scorer.options)
            coarse_path, coarse_cells, _ = _search(coarse, radius, max_rounds, depth=depth + 1)
            cells += coarse_cells
            lo, hi = _corridor(coarse_path, n, m, factor, radius + factor)
    rounds = 0
    while True:
        rounds += 1
        rows, origins, choices, used = _run(scorer, lo, hi)
        cells += used
        path = _backtrack(n, m, lo, origins, choices)
        del rows, origins, choices
        full = bool(np.all(lo == 0) and np.all(hi == m))
        if full or rounds >= max_rounds or not _touches_edge(path, lo, hi, m):
            return path, cells, rounds
        radius *= 4
        lo, hi = _corridor(path, n, m, 1, radius)


def _lexicon_scorer(path, source, target, source_lang, target_lang, hook, src_tokens, tgt_tokens,
                    src_len, tgt_len, src_bags, tgt_bags, model, options, extra, src_feat, tgt_feat, stats):
    """A scorer that also knows the lexicon learnt from `path`'s 1-1 links (None when
    nothing could be learnt)."""
    linked = [(s[0], t[0]) for s, t in path if len(s) == 1 and len(t) == 1]
    if options.lex_sentences:
        learn_src, learn_tgt, linked = lexicon.sentence_pairs(source, target, linked, source_lang, target_lang, hook,
                                                               src_feat[:, 0], tgt_feat[:, 0])
    else:
        learn_src, learn_tgt = src_tokens, tgt_tokens
    learnt = lexicon.learn(learn_src, learn_tgt, linked)
    stats["lexicon"] = len(learnt)
    if not learnt:
        return None
    image = set(learnt.values())
    if options.lex_weight > 0:
        ids = {w: k for k, w in enumerate(sorted(image))}
        scorer = _Scorer(src_len, tgt_len, src_bags, tgt_bags, model, options, extra, src_feat, tgt_feat)
        scorer.set_lexicon(
            [np.array(sorted({ids[learnt[w]] for w in words if w in learnt}), dtype=np.int64) for words in src_tokens],
            [np.array(sorted({ids[w] for w in words if w in image}), dtype=np.int64) for words in tgt_tokens],
        )
        return scorer
    src_bags = [bag + Counter({"t:" + learnt[w]: 1 for w in words if w in learnt}) for bag, words in zip(src_bags, src_tokens)]
    tgt_bags = [bag + Counter({"t:" + w: 1 for w in words if w in image}) for bag, words in zip(tgt_bags, tgt_tokens)]
    return _Scorer(src_len, tgt_len, src_bags, tgt_bags, model, options, extra, src_feat, tgt_feat)


def align(
    source: Sequence[str],
    target: Sequence[str],
    source_lang: str | None = None,
    target_lang: str | None = None,
    *,
    hook: Any = None,
    options: AlignOptions | None = None,
) -> Alignment:
    """Align two lists of paragraphs (or sentences). Every index of each side appears
    in exactly one link, in order. `hook` is the plugin manager's hook relay, for
    plugins' anchors and similarity scores."""
    options = options or AlignOptions()
    n, m = len(source), len(target)
    if n == 0 or m == 0:
        links = [Link((s,), ()) for s in range(n)] + [Link((), (t,)) for t in range(m)]
        return Alignment(links)
    model = length_model(source_lang, target_lang)
    same = bool(primary(source_lang)) and primary(source_lang) == primary(target_lang)
    extra: dict[str, float] = {}
    src_bags = _bags(source, source_lang, same, hook, extra)
    tgt_bags = _bags(target, target_lang, same, hook, extra)
    src_len = np.array([max(1, len(t)) for t in source], dtype=float)
    tgt_len = np.array([max(1, len(t)) for t in target], dtype=float)
    src_feat = features(source, source_lang, hook)
    tgt_feat = features(target, target_lang, hook)
    scorer = _Scorer(src_len, tgt_len, src_bags, tgt_bags, model, options, extra, src_feat, tgt_feat)
    path, cells, rounds = _search(scorer, options.band, options.max_rounds)
    stats: dict[str, Any] = {"lexicon": 0}
    passes = options.lex_rounds if options.lexicon and not same else 0
    src_tokens = [lexicon.tokens(t) for t in source] if passes else []
    tgt_tokens = [lexicon.tokens(t) for t in target] if passes else []
    asked = False
    for _ in range(passes):
        # another pass: words that translate each other, learnt from the last pass's 1-1 links
        learnt_scorer = _lexicon_scorer(path, source, target, source_lang, target_lang, hook, src_tokens, tgt_tokens,
                                        src_len, tgt_len, src_bags, tgt_bags, model, options, extra, src_feat, tgt_feat, stats)
        if learnt_scorer is None:
            break
        scorer = learnt_scorer
        lo, hi = _corridor(path, n, m, 1, options.band)
        if hook is not None:
            scorer.ask_similarity(hook, (source, target), (source_lang, target_lang), lo, hi)
            asked = True
        path, more, _ = _search(scorer, options.band, options.max_rounds, lo, hi)
        cells += more
    if hook is not None and not asked:
        lo, hi = _corridor(path, n, m, 1, options.band)
        scorer.ask_similarity(hook, (source, target), (source_lang, target_lang), lo, hi)
        if scorer.similarity:
            path, more, _ = _search(scorer, options.band, options.max_rounds, lo, hi)
            cells += more
    links = _confidences(scorer, path)
    return Alignment(links, cells=cells, rounds=rounds, stats=stats)
