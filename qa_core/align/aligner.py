"""Banded, anchored dynamic programming over two lists of paragraphs.

A link joins 0-2 source paragraphs to 0-2 target paragraphs (1-1, 1-2, 2-1, 2-2,
1-0, 0-1). Its cost is the link type's prior, the length model's cost, a reward for
the anchors both sides share and a smaller charge for anchors only one side has
(all anchors weighted by rarity in the document), a charge per sentence, question
mark and exclamation mark that one side has more than the other, plus the plugins'
similarity.

A second pass adds a lexicon learnt from the sentences of the first pass's 1-1
links (see `lexicon.py`): the Dice coefficient of the two sides' translated words
is a similarity, so that paragraphs whose words translate each other attract.

Time and memory stay linear in the length of the documents: grids of up to
3 million cells are searched whole; larger ones are coarsened (4 paragraphs to a
block, recursively), the path found on the coarse grid is projected back and only
a band of `band` paragraphs around it is searched. If the best path runs along the
band's edge, the band is widened there and the search redone. The lexicon pass
searches a band as wide as `band` only near the first path's links that are not
1-1, three paragraphs elsewhere. The costs of a block of rows are computed with
whole-block numpy operations (anchor postings and learnt words joined by one sorted
search); only the recursion goes row by row.
"""

from __future__ import annotations

import bisect
import copy
import math
from collections import Counter
from itertools import chain
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from qa_core.sentences import split_sentences

from . import lexicon
from .anchors import KIND_WEIGHT, anchors
from .lengths import LengthModel, calibrated, length_cost, length_cost_one, length_model, primary

INF = float("inf")
KINDS = ("start", "1-1", "1-0", "2-1", "1-2", "2-2")
_STEPS = {1: (1, 1), 2: (1, 0), 3: (2, 1), 4: (1, 2), 5: (2, 2)}
#: anchor kinds strong enough to fix a point of the path when unique on both sides
#: keys in more paragraphs than this (per side, on average) are ignored
_MAX_DF = 40
#: anchor kinds whose absence from the other side counts when charge_unshared is on
_UNSHARED_KINDS = frozenset("nauc")
#: anchor kinds that count as evidence for or against a link (not quotes, brackets,
#: small numbers, which any two paragraphs may share)
#: a shipped table's word found in more of a side's paragraphs than this share is left out
#: learnt concepts in more than this share of the paragraphs are counted by bit masks
#: (at most `_MASK_BITS` of them; see `_Scorer.set_lexicon`)
_MASK_SHARE = 0.05
_MASK_BITS = 64
_EVIDENCE_KINDS = frozenset("ndawgucxtlm")
#: with neither a usable lexicon nor anchors that tell unrelated pairs apart, the
#: evidence pass undoes only strays (see `_unsupported`)
_BLIND_STRAYS_ONLY = True
#: the learnt lexicon counts as evidence only from this many word pairs
_EVIDENCE_MIN_LEXICON = 20
#: added to the weighted sizes of a link's two sides in its evidence score
_EVIDENCE_SMOOTHING = 4.0
_EVIDENCE_WEIGHTED = True
#: a run of at most this many links amid unlinked paragraphs of both sides, with at
#: least _STRAY_SOURCE unlinked source paragraphs around it, is a stray (see `_strays`)
_STRAY_LINKS = 2
_STRAY_SOURCE = 2
#: links at the edges of a stretch undone go only when weak enough on their own (see `_trimmed`)
_TRIM_EDGES = True
#: the share of weak links assumed among a translation's links next to an omission
_EDGE_F0 = 0.1
#: the evidence score of a link with nothing to judge by on either side
_NOTHING = -1e9
#: the first estimate of the share of weak links in a correct alignment is at most this
_EVIDENCE_F0_CAP = 0.2
#: log-likelihood ratio an unlinked paragraph adds to a stretch of weak links
_GAP_STEP = 0.5
#: the lexicon is learnt from at most this many 1-1 links (spread over the document)
_LEARN_LINKS = 1500
#: how much a paragraph and its translation typically differ in each count of
#: `features` (sentences, '?', '!', commas, quotation marks: the mean over the gold 1-1
#: links of the IWSLT dev talks, the '?' and '!' ones floored); a document whose
#: first-pass 1-1 links differ more has the count's weight lowered in proportion
#: (`_Scorer.calibrate_features`), drawn towards the typical as if `_FEATURE_PRIOR` more
#: links had it
_FEATURE_TYPICAL = (0.33, 0.05, 0.05, 0.98, 0.15)
_FEATURE_PRIOR = 10.0
_CALIBRATE_FEATURES = True
_FEATURE_MAX_SCALE = 1.0
#: grids up to this many cells are searched whole; larger ones coarse-to-fine
_FULL_LIMIT = 3_000_000
#: coarse grids (only there to place the band of the finer one) are searched whole up to this
_COARSE_FULL_LIMIT = 100_000


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
    anchor_charge: float = 1.5
    similarity_weight: float = 6.0
    prior_11: float = 0.0
    prior_10: float = 3.0
    prior_21: float = 4.5
    prior_22: float = 7.0
    max_rounds: int = 3
    lexicon: bool = True
    #: cost per unit of difference in sentence count, '?' count and '!' count
    #: between the two sides of a link (see `features`)
    sentence_weight: float = 1.0
    question_weight: float = 1.0
    exclaim_weight: float = 1.0
    #: the same for commas and quotation marks (a translation keeps most of its
    #: source's: on the IWSLT dev talks a paragraph and its translation differ by 1.0
    #: comma and 0.2 quotation mark on average, neighbouring paragraphs by 3.5 and 0.7);
    #: they place a deletion among paragraphs of similar length (docs/omission.md)
    comma_weight: float = 0.2
    quote_weight: float = 0.1
    #: the learnt lexicon as a similarity: cost lex_weight * (lex_center - Dice of the
    #: two sides' translated words); 0 falls back on the older use as weak anchors;
    #: learnt from sentence pairs (lex_sentences) or whole paragraphs, lex_rounds times
    lex_weight: float = 12.0
    lex_center: float = 0.15
    lex_sentences: bool = True
    lex_rounds: int = 1
    #: words found in more than this share of the first pass's links (sentence pairs)
    #: are left out of the document's lexicon; with the shipped table (`shipped_lexicon`)
    #: `lex_max_share_shipped`: it keeps the talk's common words ("ta" of "chúng ta" =
    #: "we"), which tell neighbouring paragraphs apart (clean deletions 0.951/0.960 ->
    #: 0.962/0.962 on tst2011-12). Without the table they also hold links between an
    #: untranslated paragraph and another article's teaser (the sample
    #: partnership-page: two paragraphs of its untranslated half; messy dev talks 0.991
    #: -> 0.972 of omitted paragraphs found): 0.25 there (docs/omission.md)
    lex_max_share: float = 0.25
    lex_max_share_shipped: float = 0.5
    #: the word table tqa ships for the language pair (`lexicon_file.shipped`: CLDR
    #: and permissively licensed interface strings) counted beside the document's own
    #: learnt lexicon in the lexicon pass; a table given by the user (`table`) replaces both.
    #: Off by default (`--lexicon builtin` turns it on): on the held-out talks it lifts clean
    #: deletion recall 0.931 -> 0.951 but kept paragraphs reported missing in messy pages
    #: 1.7 % -> 2.0 % (docs/omission.md), and messy documents come first. With the counts
    #: fitted to the translator (`calibrate_features`) it gives 0.962/0.962 and 1.5 %
    shipped_lexicon: bool = False
    #: charge anchors (numbers, acronyms, URLs, code) that the other side lacks
    #: altogether; off for documents (tuned without), on for sentences inside a unit
    charge_unshared: bool = False
    #: no link without evidence: a stretch of links whose two sides share no more
    #: anchors and learnt words than unrelated paragraphs do is undone into "source
    #: omitted" + "target added" when it is too long to be chance (see `_unsupported`);
    #: `evidence_alpha` is the chance of undoing a stretch of a correct alignment
    evidence: bool = True
    evidence_alpha: float = 0.02

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


def _join(ptr: np.ndarray, kid: np.ndarray, cnt: np.ndarray, post_key: np.ndarray, post_cnt: np.ndarray,
          weight: np.ndarray, stride: int, sources: np.ndarray, starts: np.ndarray, widths: np.ndarray) -> np.ndarray:
    """What each source shares with a run of targets, for many rows at once, flat: row r
    is source sources[r] (none when negative) against targets starts[r] ..
    starts[r] + widths[r] - 1, the rows one after the other. Source s's keys are
    kid[ptr[s]:ptr[s + 1]] (counts cnt); the targets' postings are sorted by
    key * stride + target (counts post_cnt); a key shared adds weight[key] times the
    smaller count. One sorted search for every (row, key), no loop per row."""
    rows = len(sources)
    cells = int(widths.sum())
    out = np.zeros(cells)
    valid = sources >= 0
    src = np.where(valid, sources, 0)
    lens = np.where(valid, ptr[src + 1] - ptr[src], 0)
    total = int(lens.sum())
    if total == 0 or len(post_key) == 0:
        return out
    row_of = np.repeat(np.arange(rows), lens)
    first = np.cumsum(lens) - lens
    entry = ptr[src][row_of] + (np.arange(total) - first[row_of])
    key = kid[entry]
    base = key * stride + 2  # targets are stored from -2 (t + 2 >= 0)
    low = np.searchsorted(post_key, base + starts[row_of] - 2 + 0, side="left")
    high = np.searchsorted(post_key, base + starts[row_of] - 2 + widths[row_of], side="left")
    counts = high - low
    hits = int(counts.sum())
    if hits == 0:
        return out
    which = np.repeat(np.arange(total), counts)
    pos = np.repeat(low, counts) + (np.arange(hits) - np.repeat(np.cumsum(counts) - counts, counts))
    r = row_of[which]
    col = (post_key[pos] - key[which] * stride) - starts[r]
    value = weight[key[which]] * np.minimum(post_cnt[pos], cnt[entry[which]])
    offsets = np.cumsum(widths) - widths
    return np.bincount(offsets[r] + col, weights=value, minlength=cells)


def features(texts: Sequence[str], lang, hook=None, spans: Sequence[Sequence] | None = None) -> np.ndarray:
    """Counts a translation keeps: sentences, question marks, exclamation marks,
    commas, quotation marks."""
    out = np.zeros((len(texts), 5))
    for index, text in enumerate(texts):
        out[index, 0] = max(1, len(spans[index] if spans is not None else split_sentences(text, lang, hook)))
        out[index, 1] = text.count("?") + text.count("？")
        out[index, 2] = text.count("!") + text.count("！")
        out[index, 3] = text.count(",") + text.count("，") + text.count("、")
        out[index, 4] = text.count('"') + text.count("“") + text.count("”") + text.count("«") + text.count("»")
    return out


def _bags(texts: Sequence[str], lang, same: bool, hook, extra_weight: dict[str, float]) -> list[Counter]:
    bags = [anchors(t, lang, same) for t in texts]
    if hook is not None:
        try:
            answers = hook.tqa_alignment_anchors(texts=list(texts), lang=lang) or []
        except Exception as error:  # noqa: BLE001 - go on with tqa's own anchors
            from qa_core.plugin_errors import warn_once

            warn_once(hook.tqa_alignment_anchors, "tqa_alignment_anchors", error, "aligning with tqa's own anchors only")
            answers = []
        for answer in answers:
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
        self.feature_weights = np.array([options.sentence_weight, options.question_weight, options.exclaim_weight,
                                         options.comma_weight, options.quote_weight])
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
        if options.charge_unshared:
            # an anchor the other side has nowhere (a number, a name) says its paragraph
            # may have no counterpart: charged when the paragraph is linked
            for side, other in ((self.src, df_t), (self.tgt, df_s)):
                for index, bag in enumerate(side.bags):
                    side.weights[index] += sum(
                        count * KIND_WEIGHT.get(key[0], 0.5) for key, count in bag.items()
                        if key not in other and key[0] in _UNSHARED_KINDS
                    )
        self.src_keys = [[(self.key_ids[k], c) for k, c in bag.items() if k in self.key_ids] for bag in src_bags]
        postings: dict[int, list[tuple[int, int]]] = {}
        for t, bag in enumerate(tgt_bags):
            for key, count in bag.items():
                kid = self.key_ids.get(key)
                if kid is not None:
                    postings.setdefault(kid, []).append((t, count))
        self.postings = {k: (np.array([t for t, _ in v]), np.array([c for _, c in v], dtype=float)) for k, v in postings.items()}
        # the same as flat arrays, for whole blocks of rows at once: source s's keys are
        # src_kid[src_ptr[s]:src_ptr[s + 1]]; the postings sorted by kid * stride + t
        lens = [len(keys) for keys in self.src_keys]
        self.src_ptr = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
        self.src_kid = np.array([k for keys in self.src_keys for k, _ in keys], dtype=np.int64)
        self.src_cnt = np.array([c for keys in self.src_keys for _, c in keys], dtype=float)
        self.stride = self.tgt.n + 8
        flat = sorted((kid * self.stride + t, c) for kid, v in postings.items() for t, c in v)
        self.post_key = np.array([k for k, _ in flat], dtype=np.int64)
        self.post_cnt = np.array([c for _, c in flat], dtype=float)
        self.similarity: dict[tuple[int, int], float] = {}
        self.lex_src: list[set[int]] | None = None
        self.lex_size = 0
        #: learnt words whose every learnt pair comes from one first-pass link
        #: (source paragraph, target paragraph): no evidence for that link
        self.lex_single: dict[int, tuple[int, int]] = {}
        self._feature_lists: tuple[list, list, list] | None = None
        self._cost_lists: tuple[list, list, list] | None = None

    def calibrate_features(self, pairs: list[tuple[int, int]]) -> np.ndarray | None:
        """The counts' weights fitted to the translator (see `_FEATURE_TYPICAL`): a
        weight stays as it is while the document's 1-1 `pairs` differ in a count by no
        more than the typical translation does, and falls in proportion when they
        differ more (a translator who writes one long sentence for three keeps no
        sentence count). Returns the new weights (None when there are none)."""
        if not len(self.feature_weights):
            return None
        typical = np.asarray(_FEATURE_TYPICAL[: len(self.feature_weights)])
        if pairs:
            s_idx = np.fromiter((s for s, _ in pairs), dtype=np.int64, count=len(pairs))
            t_idx = np.fromiter((t for _, t in pairs), dtype=np.int64, count=len(pairs))
            diff = np.abs(self.src.features[s_idx] - self.tgt.features[t_idx]).sum(axis=0)
        else:
            diff = np.zeros(len(typical))
        seen = (diff + _FEATURE_PRIOR * typical) / (len(pairs) + _FEATURE_PRIOR)
        scale = np.minimum(_FEATURE_MAX_SCALE, typical / np.maximum(seen, 1e-9))
        self.feature_weights = self.feature_weights * scale
        self._feature_lists = None
        return self.feature_weights

    def blank(self) -> "_Scorer":
        """A scorer with the same paragraphs, anchors and options, without this one's
        lexicon and similarity scores: what `_Scorer(...)` on the same arguments builds,
        without walking every anchor bag again."""
        other = copy.copy(self)
        other.similarity = {}
        other.lex_src = None
        other.lex_size = 0
        other.lex_single = {}
        for name in ("lex_src_sets", "lex_tgt_sets", "lex_n_src", "lex_n_tgt", "lex_ptr", "lex_kid", "lex_cnt", "lex_weight",
                     "lex_post_key", "lex_post_cnt"):
            other.__dict__.pop(name, None)
        return other

    def set_lexicon(self, src_concepts: list[set[int]], tgt_concepts: list[set[int]]) -> None:
        """Each paragraph's translated-word ids (source words through the lexicon,
        target words that are the image of one): their Dice is the lexical similarity."""
        self.lex_src = src_concepts
        self.lex_src_sets = src_concepts
        self.lex_tgt_sets = tgt_concepts
        src_lens = np.fromiter(map(len, src_concepts), dtype=np.int64, count=len(src_concepts))
        tgt_lens = np.fromiter(map(len, tgt_concepts), dtype=np.int64, count=len(tgt_concepts))
        self.lex_n_src = src_lens.astype(float)
        self.lex_n_tgt = tgt_lens.astype(float)
        src_flat = np.fromiter(chain.from_iterable(src_concepts), dtype=np.int64, count=int(src_lens.sum()))
        tgt_flat = np.fromiter(chain.from_iterable(tgt_concepts), dtype=np.int64, count=int(tgt_lens.sum()))
        size = 1 + int(max(src_flat.max(initial=0), tgt_flat.max(initial=0)))
        self.lex_weight = np.ones(size)
        src_para = np.repeat(np.arange(len(src_concepts), dtype=np.int64), src_lens)
        tgt_para = np.repeat(np.arange(len(tgt_concepts), dtype=np.int64), tgt_lens)
        self.lex_masks = None
        df = np.bincount(np.concatenate([src_flat, tgt_flat]), minlength=size)
        order = np.argsort(-df, kind="stable")[:_MASK_BITS]
        frequent = order[df[order] > _MASK_SHARE * (len(src_concepts) + len(tgt_concepts))]
        if len(frequent):
            bit = np.zeros(size, dtype=np.uint64)
            bit[frequent] = np.left_shift(np.uint64(1), np.arange(len(frequent), dtype=np.uint64))
            src_masks = np.zeros(len(src_concepts), dtype=np.uint64)
            np.bitwise_or.at(src_masks, src_para, bit[src_flat])
            # targets padded by 2 on each side (rows look at targets -2 .. m + 1)
            tgt_masks = np.zeros(len(tgt_concepts) + 4, dtype=np.uint64)
            np.bitwise_or.at(tgt_masks, tgt_para + 2, bit[tgt_flat])
            self.lex_masks = (src_masks, tgt_masks)
            keep_src, keep_tgt = bit[src_flat] == 0, bit[tgt_flat] == 0
            src_flat, src_para = src_flat[keep_src], src_para[keep_src]
            tgt_flat, tgt_para = tgt_flat[keep_tgt], tgt_para[keep_tgt]
        # a concept no paragraph of the other side has is never shared: it counts in the
        # Dice's denominator (lex_n_src, lex_n_tgt) but needs no search (with the shipped
        # table, a fifth of the source's entries)
        on_src, on_tgt = np.zeros(size, dtype=bool), np.zeros(size, dtype=bool)
        on_src[src_flat] = True
        on_tgt[tgt_flat] = True
        keep_src, keep_tgt = on_tgt[src_flat], on_src[tgt_flat]
        src_flat, src_para = src_flat[keep_src], src_para[keep_src]
        tgt_flat, tgt_para = tgt_flat[keep_tgt], tgt_para[keep_tgt]
        src_lens = np.bincount(src_para, minlength=len(src_concepts))
        # as the anchors: each source's concepts in one flat array, the targets' as
        # postings sorted by concept * stride + target (see `_join`)
        self.lex_ptr = np.concatenate([[0], np.cumsum(src_lens)]).astype(np.int64)
        self.lex_kid = src_flat
        self.lex_cnt = np.ones(len(src_flat))
        self.lex_post_key = np.sort(tgt_flat * self.stride + tgt_para)
        self.lex_post_cnt = np.ones(len(tgt_flat))

    def lex_ragged(self, sources: np.ndarray, starts: np.ndarray, widths: np.ndarray) -> np.ndarray:
        """Learnt words (concepts) two paragraphs share, for many rows at once, flat: row r
        (source sources[r]) against targets starts[r] .. starts[r] + widths[r] - 1 (0
        outside the document), the rows one after the other."""
        out = _join(self.lex_ptr, self.lex_kid, self.lex_cnt, self.lex_post_key, self.lex_post_cnt,
                    self.lex_weight, self.stride, sources, starts, widths)
        if self.lex_masks is not None and len(out):
            src_masks, tgt_masks = self.lex_masks
            rows = np.repeat(np.arange(len(sources)), widths)
            offsets = np.cumsum(widths) - widths
            targets = starts[rows] + (np.arange(len(out)) - offsets[rows]) + 2
            inside = (targets >= 0) & (targets < len(tgt_masks))
            mine = np.where(sources >= 0, src_masks[np.maximum(sources, 0)], np.uint64(0))[rows]
            both = mine & tgt_masks[np.clip(targets, 0, len(tgt_masks) - 1)]
            out += np.where(inside, np.bitwise_count(both), 0)
        return out

    def lex_cost(self, matched, n_s, n_t):
        o = self.options
        total = n_s + n_t
        dice = np.where(total > 0, 2.0 * matched / np.maximum(total, 1.0), o.lex_center)
        return o.lex_weight * (o.lex_center - dice)

    # ----- anchors over a range of targets ---------------------------------

    def matches_ragged(self, sources: np.ndarray, starts: np.ndarray, widths: np.ndarray) -> np.ndarray:
        """Matched anchor weight for many rows at once, flat: row r is source sources[r]
        (none when negative) against targets starts[r] .. starts[r] + widths[r] - 1,
        the rows one after the other."""
        return _join(self.src_ptr, self.src_kid, self.src_cnt, self.post_key, self.post_cnt,
                     self.key_weight, self.stride, sources, starts, widths)

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
        try:
            answers = [a for a in hook.tqa_similarity(
                source_texts=list(texts[0]), target_texts=list(texts[1]), pairs=pairs,
                source_lang=langs[0], target_lang=langs[1],
            ) if a is not None and len(a) == len(pairs)]
        except Exception as error:  # noqa: BLE001 - go on without the similarity scores
            from qa_core.plugin_errors import warn_once

            warn_once(hook.tqa_similarity, "tqa_similarity", error, "aligning without its similarity scores")
            answers = []
        if not answers:
            return
        for index, pair in enumerate(pairs):
            self.similarity[pair] = float(sum(answer[index] for answer in answers) / len(answers))

    # ----- the cost of one link, for confidences ---------------------------

    def cost(self, source: tuple[int, ...], target: tuple[int, ...]) -> float:
        o = self.options
        if not target or not source:
            return o.prior_10
        if self._cost_lists is None:
            # per target, its anchor ids and counts in its bag's order (as `src_keys`);
            # the weights as floats: the same sums, without numpy scalars
            tgt_keys = [[(self.key_ids[k], c) for k, c in bag.items() if k in self.key_ids] for bag in self.tgt.bags]
            self._cost_lists = (tgt_keys, self.src.weights.tolist(), self.tgt.weights.tolist())
        tgt_keys, src_weights, tgt_weights = self._cost_lists
        ws = float(sum(src_weights[s] for s in source))
        wt = float(sum(tgt_weights[t] for t in target))
        matched = 0.0
        # each id once per paragraph: one paragraph's are its own dict, in the same order
        if len(source) == 1:
            a = dict(self.src_keys[source[0]])
        else:
            a = Counter()
            for s in source:
                for kid, count in self.src_keys[s]:
                    a[kid] += count
        if len(target) == 1:
            b = dict(tgt_keys[target[0]])
        else:
            b = Counter()
            for t in target:
                for kid, count in tgt_keys[t]:
                    b[kid] += count
        for kid in a.keys() & b.keys():
            matched += self.key_weight[kid] * min(a[kid], b[kid])
        prior = {(1, 1): o.prior_11, (2, 1): o.prior_21, (1, 2): o.prior_21, (2, 2): o.prior_22}.get((len(source), len(target)), o.prior_22 * 2)
        lengths = length_cost_one(self.model, float(sum(self.src.lengths[s] for s in source)),
                                  float(sum(self.tgt.lengths[t] for t in target)))
        value = prior + lengths + o.anchor_charge * (ws + wt) - (o.anchor_reward + 2 * o.anchor_charge) * matched
        if self.lex_src is not None:
            matched_lex = float(sum(len(self.lex_src_sets[s] & self.lex_tgt_sets[t]) for s in source for t in target))
            total = float(sum(self.lex_n_src[s] for s in source) + sum(self.lex_n_tgt[t] for t in target))
            dice = 2.0 * matched_lex / max(total, 1.0) if total > 0 else o.lex_center
            value += o.lex_weight * (o.lex_center - dice)
        if len(self.feature_weights):
            if self._feature_lists is None:
                self._feature_lists = (self.src.features.tolist(), self.tgt.features.tolist(), self.feature_weights.tolist())
            fsrc, ftgt, fw = self._feature_lists
            for k, weight in enumerate(fw):
                value += weight * abs(sum(fsrc[s][k] for s in source) - sum(ftgt[t][k] for t in target))
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
    lo = [m] * (n + 1)  # Python ints: a few cells per link, cheaper than numpy slices
    hi = [0] * (n + 1)
    i = j = 0
    for source, target in path:
        i2, j2 = i + len(source), j + len(target)
        r0, r1 = min(i * scale, n), min(i2 * scale, n)
        c0, c1 = min(j * scale, m), min(j2 * scale, m)
        for r in range(r0, r1 + 1):
            if c0 < lo[r]:
                lo[r] = c0
            if c1 > hi[r]:
                hi[r] = c1
        i, j = i2, j2
    return _normalise_band(np.array(lo, dtype=np.int64) - radius, np.array(hi, dtype=np.int64) + radius, n, m)


_LEFT, _RIGHT = 2, 8  # INF cells stored on each side of a DP row, so that most windows are views


def _focused(path, n: int, m: int, radius: int, calm: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """The band for a second pass: `radius` wide within four rows of the links that
    are not 1-1 (where a first path is most often wrong), `calm` elsewhere; a path that runs
    along the edge widens it (see `_search`)."""
    lo, hi = _corridor(path, n, m, 1, calm)
    wide_lo, wide_hi = _corridor(path, n, m, 1, radius)
    near = np.zeros(n + 1, dtype=bool)
    i = 0
    for source, target in path:
        if len(source) != 1 or len(target) != 1:
            near[max(0, i - 4) : i + len(source) + 5] = True
        i += len(source)
    return _normalise_band(np.where(near, wide_lo, lo), np.where(near, wide_hi, hi), n, m)


def _window(row: np.ndarray | None, row_lo: int, start: int, stop: int) -> np.ndarray:
    """Values of a DP row (stored padded: `_LEFT` INF cells before column row_lo, `_RIGHT`
    after its end) for columns start..stop-1, INF outside."""
    if row is None:
        return np.full(stop - start, INF)
    a = start - row_lo + _LEFT
    b = stop - row_lo + _LEFT
    if a >= 0 and b <= len(row):
        return row[a:b]
    out = np.full(stop - start, INF)
    lo_, hi_ = max(a, 0), min(b, len(row))
    if lo_ < hi_:
        out[lo_ - a : hi_ - a] = row[lo_:hi_]
    return out


#: cost rows are computed this many cells at a time (bounds the memory of a whole grid)
_BLOCK_CELLS = 100_000
#: the order the link types are tried in; the first of equal costs wins
_ORDER = np.array([1, 2, 4, 3, 5], dtype=np.int8)


def _two_rows(join, first: np.ndarray, second: np.ndarray, starts: np.ndarray, widths: np.ndarray):
    """`join(first, starts, widths)` and `join(second, starts, widths)` (a `_Scorer`'s
    `*_ragged`), from one join that takes each distinct source once, against the run of
    targets covering all of its windows: a block's rows look at sources i - 1 and
    i - 2, so each source comes twice with windows one row apart, and the sorted
    search costs per (source, key). Each cell sums the same keys in the same order
    as the two joins would: the same numbers."""
    sources = np.concatenate([first, second])
    begin = np.concatenate([starts, starts])
    sizes = np.concatenate([widths, widths])
    unique, inverse = np.unique(sources, return_inverse=True)
    inverse = inverse.reshape(-1)
    lo = np.full(len(unique), np.iinfo(np.int64).max, dtype=np.int64)
    hi = np.full(len(unique), np.iinfo(np.int64).min, dtype=np.int64)
    np.minimum.at(lo, inverse, begin)
    np.maximum.at(hi, inverse, begin + sizes)
    span = hi - lo
    flat = join(unique, lo, span)
    # window k reads flat from its source's offset plus its start's distance from the run's
    first_cell = (np.cumsum(span) - span)[inverse] + (begin - lo[inverse])
    total = int(sizes.sum())
    index = np.repeat(first_cell - (np.cumsum(sizes) - sizes), sizes) + np.arange(total)
    out = flat[index]
    half = int(widths.sum())
    return out[:half], out[half:]


class _Costs:
    """The cost of every link type ending at every cell of a block of rows (r0..r1-1),
    computed with whole-block numpy operations (the DP recursion itself goes row by
    row). Only the band's cells: row i's are c11[offsets[i - r0] : offsets[i - r0 + 1]],
    columns lo[i] .. hi[i]."""

    def __init__(self, scorer: _Scorer, lo: np.ndarray, hi: np.ndarray, r0: int, r1: int) -> None:
        o = scorer.options
        n, m = scorer.src.n, scorer.tgt.n
        rows = np.arange(r0, r1)
        widths = (hi[r0:r1] - lo[r0:r1] + 1).astype(np.int64)
        offsets = np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)
        total = int(offsets[-1])
        R = np.repeat(rows, widths)  # the row of each cell
        local = np.arange(total) - np.repeat(offsets[:-1], widths)
        J = lo[R] + local  # the column of each cell
        Jc = np.minimum(J, m)
        s1_rows = np.clip(rows - 1, 0, max(n - 1, 0))
        s2_rows = np.clip(rows - 2, 0, max(n - 1, 0))
        has1 = R >= 1
        has2 = R >= 2
        valid1 = has1 & (J >= 1) & (J <= m)
        valid2 = has1 & (J >= 2) & (J <= m)

        def pad(values):  # [t + 2] = values[t]
            return np.concatenate([[0.0, 0.0], values])

        def per_cell(values):  # one value per row, repeated for the row's cells
            return np.repeat(values, widths)

        lt, wt = pad(scorer.tgt.lengths), pad(scorer.tgt.weights)
        ls, ws = scorer.src.lengths, scorer.src.weights
        len_t1, len_t2 = lt[Jc + 1], lt[Jc]
        w_t1, w_t2 = wt[Jc + 1], wt[Jc]
        l_s1, w_s1 = per_cell(ls[s1_rows]), per_cell(ws[s1_rows])
        l_s12, w_s12 = per_cell(ls[s1_rows] + ls[s2_rows]), per_cell(ws[s1_rows] + ws[s2_rows])
        # anchors matched: each row has one more entry than cells, from target lo[i] - 2;
        # cell k of a row reads entries k + 1 (target j - 1) and k (target j - 2)
        starts = lo[r0:r1] - 2
        m1, m2 = _two_rows(scorer.matches_ragged, rows - 1, rows - 2, starts, widths + 1)
        t2 = np.arange(total) + (R - r0)
        t1 = t2 + 1
        m1_t1, m1_t2, m2_t1, m2_t2 = m1[t1], m1[t2], m2[t1], m2[t2]
        kappa = o.anchor_reward + 2 * o.anchor_charge
        ch = o.anchor_charge
        model = scorer.model
        c11 = o.prior_11 + length_cost(model, l_s1, len_t1) + ch * (w_s1 + w_t1) - kappa * m1_t1
        c12 = (o.prior_21 + length_cost(model, l_s1, len_t1 + len_t2) + ch * (w_s1 + w_t1 + w_t2)
               - kappa * np.minimum(m1_t1 + m1_t2, np.minimum(w_s1, w_t1 + w_t2)))
        c21 = (o.prior_21 + length_cost(model, l_s12, len_t1) + ch * (w_s12 + w_t1)
               - kappa * np.minimum(m1_t1 + m2_t1, np.minimum(w_s12, w_t1)))
        c22 = (o.prior_22 + length_cost(model, l_s12, len_t1 + len_t2) + ch * (w_s12 + w_t1 + w_t2)
               - kappa * np.minimum(m1_t1 + m1_t2 + m2_t1 + m2_t2, np.minimum(w_s12, w_t1 + w_t2)))
        fw = scorer.feature_weights
        if len(fw):
            fs = scorer.src.features
            ft = np.concatenate([np.zeros((2, fs.shape[1])), scorer.tgt.features])
            for k, weight in enumerate(fw):
                if not weight:
                    continue
                f_t1, f_t2 = ft[Jc + 1, k], ft[Jc, k]
                f_s1 = per_cell(fs[s1_rows, k])
                f_s12 = per_cell(fs[s1_rows, k] + fs[s2_rows, k])
                c11 += weight * np.abs(f_s1 - f_t1)
                c12 += weight * np.abs(f_s1 - f_t1 - f_t2)
                c21 += weight * np.abs(f_s12 - f_t1)
                c22 += weight * np.abs(f_s12 - f_t1 - f_t2)
        if scorer.lex_src is not None and o.lex_weight > 0:
            x1, x2 = _two_rows(scorer.lex_ragged, s1_rows, s2_rows, starts, widths + 1)
            x1_t1, x1_t2, x2_t1, x2_t2 = x1[t1], x1[t2], x2[t1], x2[t2]
            nt = pad(scorer.lex_n_tgt)
            n_t1, n_t2 = nt[Jc + 1], nt[Jc]
            n_s1 = per_cell(scorer.lex_n_src[s1_rows])
            n_s12 = per_cell(scorer.lex_n_src[s1_rows] + scorer.lex_n_src[s2_rows])
            c11 += scorer.lex_cost(x1_t1, n_s1, n_t1)
            c12 += scorer.lex_cost(x1_t1 + x1_t2, n_s1, n_t1 + n_t2)
            c21 += scorer.lex_cost(x1_t1 + x2_t1, n_s12, n_t1)
            c22 += scorer.lex_cost(x1_t1 + x1_t2 + x2_t1 + x2_t2, n_s12, n_t1 + n_t2)
        if scorer.similarity:
            sim1 = np.concatenate([scorer.similarities(int(x), int(a), int(a) + int(w) + 1)
                                   for x, a, w in zip(s1_rows, starts, widths)])
            sim2 = np.concatenate([scorer.similarities(int(x), int(a), int(a) + int(w) + 1)
                                   for x, a, w in zip(s2_rows, starts, widths)])
            sw = o.similarity_weight
            c11 += sw * (1.0 - sim1[t1])
            c12 += sw * (1.0 - (sim1[t1] + sim1[t2]) / 2)
            c21 += sw * (1.0 - (sim1[t1] + sim2[t1]) / 2)
            c22 += sw * (1.0 - (sim1[t1] + sim1[t2] + sim2[t1] + sim2[t2]) / 4)
        self.r0 = r0
        self.r1 = r1
        self.offsets = offsets
        self.c11 = np.where(valid1, c11, INF)
        self.c12 = np.where(valid2, c12, INF)
        self.c21 = np.where(valid1 & has2, c21, INF)
        self.c22 = np.where(valid2 & has2, c22, INF)


def _blocks(lo: np.ndarray, hi: np.ndarray):
    """Row ranges (r0, r1) of about `_BLOCK_CELLS` cells each, covering rows 1..n."""
    n = len(lo) - 1
    cumulative = np.cumsum(hi - lo + 1)  # cells of rows 0..i
    r0 = 1
    while r0 <= n:
        r1 = int(np.searchsorted(cumulative, cumulative[r0 - 1] + _BLOCK_CELLS, side="right"))
        r1 = min(n + 1, max(r0 + 1, r1))
        yield r0, r1
        r0 = r1


#: bands at most this wide on average are searched row by row with Python lists (a dozen
#: numpy calls per row cost more than the few dozen cells of a narrow row); wider ones
#: (whole grids of small documents) with numpy. Both give the same numbers: the same
#: IEEE additions, the first of equal costs in `_ORDER` wins.
_NARROW = 64


def _list_window(row: list | None, row_lo: int, start: int, stop: int) -> list:
    """`_window` for a row stored as a list."""
    if row is None:
        return [INF] * (stop - start)
    a = start - row_lo + _LEFT
    b = stop - row_lo + _LEFT
    if a >= 0 and b <= len(row):
        return row[a:b]
    lo_, hi_ = max(a, 0), min(b, len(row))
    if lo_ >= hi_:
        return [INF] * (stop - start)
    return [INF] * (lo_ - a) + row[lo_:hi_] + [INF] * (b - hi_)


def _run_narrow(scorer: _Scorer, lo: np.ndarray, hi: np.ndarray):
    """`_run` for a narrow band (see `_NARROW`): one cell at a time in Python, the costs
    of a block of rows converted to lists at once."""
    o = scorer.options
    n = scorer.src.n
    prior_10 = float(o.prior_10)
    widths = hi - lo + 1
    cells = int(widths.sum())
    inserted = (np.arange(int(widths.max()) + 1) * o.prior_10).tolist()
    left, right = [INF] * _LEFT, [INF] * _RIGHT
    los = lo.tolist()
    his = hi.tolist()
    origins: list[list] = []
    choices: list[list] = []
    # row 0: the start, then 0-1 links
    width = his[0] - los[0] + 1
    x = [INF] * width
    if los[0] == 0:
        x[0] = 0.0
    rows: list[list] = []
    inf_row = [INF] * (int(widths.max()) + 1)
    for r0, r1 in chain([(0, 1)], _blocks(lo, hi)):
        if r0:
            costs = _Costs(scorer, lo, hi, r0, r1)
            l11, l12, l21, l22 = costs.c11.tolist(), costs.c12.tolist(), costs.c21.tolist(), costs.c22.tolist()
            offsets = costs.offsets.tolist()
        for i in range(r0, r1):
            a, b = los[i], his[i] + 1
            width = b - a
            if i:
                o0 = offsets[i - r0]
                o1 = o0 + width
                prev, prev_lo = rows[i - 1], los[i - 1]
                p11 = _list_window(prev, prev_lo, a - 1, b - 1)
                p10 = _list_window(prev, prev_lo, a, b)
                p12 = _list_window(prev, prev_lo, a - 2, b - 2)
                if i >= 2:
                    prev2, prev2_lo = rows[i - 2], los[i - 2]
                    p21 = _list_window(prev2, prev2_lo, a - 1, b - 1)
                    p22 = _list_window(prev2, prev2_lo, a - 2, b - 2)
                else:
                    p21 = p22 = inf_row  # INF + a cost is INF
                # the best link ending at each cell, then 0-1 links within the row
                # (D[j] = min over k <= j of X[k] + ins[k+1..j], as in `_run`), in one loop
                choice = []
                origin = []
                row = left.copy()
                add_choice, add_origin, add_value = choice.append, origin.append, row.append
                run = INF
                at = k = 0
                for v11, v10, v12, v21, v22, k11, k12, k21, k22, cumulative in zip(
                        p11, p10, p12, p21, p22, l11[o0:o1], l12[o0:o1], l21[o0:o1], l22[o0:o1], inserted):
                    best = v11 + k11
                    kind = 1
                    value = v10 + prior_10
                    if value < best:
                        best, kind = value, 2
                    value = v12 + k12
                    if value < best:
                        best, kind = value, 4
                    value = v21 + k21
                    if value < best:
                        best, kind = value, 3
                    value = v22 + k22
                    if value < best:
                        best, kind = value, 5
                    add_choice(kind)  # a cell on the path is never INF: no need to mark those
                    best -= cumulative
                    if best <= run:
                        run, at = best, k
                    add_value(run + cumulative)
                    add_origin(at)
                    k += 1
            else:
                choice = [0] * width
                row = left.copy()
                origin = []
                run = INF
                at = 0
                for k, (value, cumulative) in enumerate(zip(x, inserted)):
                    value -= cumulative
                    if value <= run:
                        run, at = value, k
                    row.append(run + cumulative)
                    origin.append(at)
            row += right
            rows.append(row)
            origins.append(origin)
            choices.append(choice)
    return origins, choices, cells


def _run(scorer: _Scorer, lo: np.ndarray, hi: np.ndarray):
    """The best path within the band lo..hi (inclusive columns per row) and the number
    of cells searched."""
    n, m = scorer.src.n, scorer.tgt.n
    if int((hi - lo + 1).sum()) <= _NARROW * len(lo):  # narrow on average (a few wide rows where it was widened)
        origins, choices, cells = _run_narrow(scorer, lo, hi)
        return _backtrack(n, m, lo, origins, choices), cells
    o = scorer.options
    origins: list[np.ndarray] = []
    choices: list[np.ndarray] = []
    rows: list[np.ndarray] = []
    cells = 0
    widths = hi - lo + 1
    # 0-1 links all cost prior_10: k of them in a row cost k * prior_10
    columns = np.arange(int(widths.max()) + 1)
    inserted = columns * o.prior_10
    columns32 = columns.astype(np.int32)  # origins are stored as int32: no conversion per row
    blocks = _blocks(lo, hi)
    costs: _Costs | None = None
    for i in range(n + 1):
        a, b = int(lo[i]), int(hi[i]) + 1
        width = b - a
        cells += width
        if i == 0:
            x = np.full(width, INF)
            if a == 0:
                x[0] = 0.0
            choice = np.zeros(width, dtype=np.int8)
        else:
            if costs is None or i >= costs.r1:
                costs = _Costs(scorer, lo, hi, *next(blocks))
            o0 = int(costs.offsets[i - costs.r0])
            prev, prev_lo = rows[i - 1], int(lo[i - 1])
            cands = np.empty((5, width))
            np.add(_window(prev, prev_lo, a - 1, b - 1), costs.c11[o0 : o0 + width], out=cands[0])
            np.add(_window(prev, prev_lo, a, b), o.prior_10, out=cands[1])
            np.add(_window(prev, prev_lo, a - 2, b - 2), costs.c12[o0 : o0 + width], out=cands[2])
            if i >= 2:
                prev2, prev2_lo = rows[i - 2], int(lo[i - 2])
                np.add(_window(prev2, prev2_lo, a - 1, b - 1), costs.c21[o0 : o0 + width], out=cands[3])
                np.add(_window(prev2, prev2_lo, a - 2, b - 2), costs.c22[o0 : o0 + width], out=cands[4])
            else:
                cands[3:] = INF
            best_kind = np.argmin(cands, axis=0)
            x = cands.min(axis=0)  # the value argmin points at, without take_along_axis's set-up
            choice = _ORDER[best_kind]
            choice[x == INF] = 0
        # 0-1 links within the row: D[j] = min over k <= j of X[k] + ins[k+1..j]
        cumulative = inserted[:width]
        shifted = x - cumulative
        best = np.minimum.accumulate(shifted)
        origin = np.maximum.accumulate(np.where(shifted <= best, columns32[:width], np.int32(0)))
        padded = np.full(width + _LEFT + _RIGHT, INF)
        np.add(best, cumulative, out=padded[_LEFT : _LEFT + width])
        rows.append(padded)
        origins.append(origin)
        choices.append(choice)
    return _backtrack(n, m, lo, origins, choices), cells


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


def _edge_rows(path: list[tuple[tuple[int, ...], tuple[int, ...]]], lo: np.ndarray, hi: np.ndarray, m: int) -> list[int]:
    """The rows where the path runs along the band's edge."""
    rows = []
    i = j = 0
    for source, target in path:
        i += len(source)
        j += len(target)
        if (lo[i] > 0 and j <= lo[i]) or (hi[i] < m and j >= hi[i]):
            rows.append(i)
    return rows


def _widened(path, n: int, m: int, radius: int, rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The band around the path, four times wider near the rows where it touched the
    edge (the rest of the band stays as narrow as before)."""
    lo, hi = _corridor(path, n, m, 1, radius)
    wide_lo, wide_hi = _corridor(path, n, m, 1, radius * 4)
    near = np.zeros(n + 1, dtype=bool)
    for row in rows:
        near[max(0, row - radius * 8) : row + radius * 8 + 1] = True
    return _normalise_band(np.where(near, wide_lo, lo), np.where(near, wide_hi, hi), n, m)


def _confidence(margin: float) -> float:
    return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, margin)) / 2.0)), 2)


def _confidences(scorer: _Scorer, path, stats: dict[str, Any] | None = None) -> list[Link]:
    """A link's confidence is how much it beats its nearest alternative: for a link,
    leaving its paragraphs unaligned; for an unaligned paragraph, joining the link
    next to it. The path's total cost goes into `stats["cost"]`."""
    links = []
    total = 0.0
    for index, (source, target) in enumerate(path):
        cost = scorer.cost(source, target)
        total += cost
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
    if stats is not None:
        stats["cost"] = total
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
        if (n + 1) * (m + 1) <= (_FULL_LIMIT if depth == 0 else _COARSE_FULL_LIMIT) or min(n, m) < 8:
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
        path, used = _run(scorer, lo, hi)
        cells += used
        full = bool(np.all(lo == 0) and np.all(hi == m))
        edges = [] if full or rounds >= max_rounds else _edge_rows(path, lo, hi, m)
        if not edges:
            return path, cells, rounds
        lo, hi = _widened(path, n, m, radius, edges)
        radius *= 4


def _use_lexicon(scorer: _Scorer, learnt: dict[str, str], src_tokens, tgt_tokens,
                 extra: dict[str, str] | None = None) -> dict[str, int]:
    """`extra`: a second lexicon (a table from other files) whose translated words are
    counted beside `learnt`'s, as concepts of their own."""
    image = set(learnt.values())
    ids = {w: k for k, w in enumerate(sorted(image))}
    scorer.lex_size = len(learnt)
    src_map = {w: (ids[v],) for w, v in learnt.items()}
    tgt_map = {w: (k,) for w, k in ids.items()}
    if extra:
        # its own concepts, function words included: "we" and "you", "và" and "and"
        # tell neighbouring paragraphs apart too (the document's lexicon leaves them out)
        extra_ids = {w: len(ids) + k for k, w in enumerate(sorted(set(extra.values())))}
        for w, v in extra.items():
            src_map[w] = src_map.get(w, ()) + (extra_ids[v],)
        for w, k in extra_ids.items():
            tgt_map[w] = tgt_map.get(w, ()) + (k,)
    src_keys, tgt_keys = src_map.keys(), tgt_map.keys()
    src_get, tgt_get = src_map.__getitem__, tgt_map.__getitem__
    scorer.set_lexicon(  # each paragraph's ids in the order its words list them
        [set().union(*map(src_get, words & src_keys)) for words in src_tokens],
        [set().union(*map(tgt_get, words & tgt_keys)) for words in tgt_tokens],
    )
    return ids


def _lexicon_scorer(path, source, target, src_spans, tgt_spans, src_tokens, tgt_tokens,
                    src_len, tgt_len, src_bags, tgt_bags, model, options, extra, src_feat, tgt_feat, stats,
                    base: _Scorer | None = None, table: dict[str, str] | None = None,
                    companion: dict[str, str] | None = None):
    """A scorer that also knows the lexicon learnt from `path`'s 1-1 links (None when
    nothing could be learnt). `base`: a scorer already built on the same arguments,
    copied rather than built again. `table`: a lexicon learnt from other files
    (`lexicon_file`), used instead of the document's own. `companion`: a general word
    table (the one tqa ships, `lexicon_file.shipped`) whose translated words count
    beside the document's own learnt words."""
    if table:
        stats["lexicon"] = len(table)
        scorer = base.blank() if base is not None else _Scorer(src_len, tgt_len, src_bags, tgt_bags, model, options, extra, src_feat, tgt_feat)
        _use_lexicon(scorer, table, src_tokens, tgt_tokens)
        return scorer
    linked = [(s[0], t[0]) for s, t in path if len(s) == 1 and len(t) == 1]
    if len(linked) > _LEARN_LINKS:  # learn() samples 3,000 pairs anyway: do not tokenise the rest
        step = len(linked) / _LEARN_LINKS
        linked = [linked[int(k * step)] for k in range(_LEARN_LINKS)]
    paragraph_links = linked
    groups: list[int] = []
    if options.lex_sentences:
        learn_src, learn_tgt, linked = lexicon.sentence_pairs(source, target, linked, src_spans, tgt_spans, groups,
                                                              src_tokens or None, tgt_tokens or None)
    else:
        learn_src, learn_tgt = src_tokens, tgt_tokens
        groups = list(range(len(linked)))
    single: dict[str, int] = {}
    learnt = lexicon.learn(learn_src, learn_tgt, linked, groups=groups, single=single,
                           max_share=options.lex_max_share_shipped if companion else options.lex_max_share)
    # a word pair seen in the sentences of one first-pass link only is no evidence:
    # when that link is a deletion placed one paragraph off (the deleted paragraph
    # linked to its neighbour's translation), its own words would keep it there
    learnt = {word: image for word, image in learnt.items() if image not in single}
    stats["lexicon"] = len(learnt)
    if not learnt:
        return None
    image = set(learnt.values())
    if options.lex_weight > 0:
        scorer = base.blank() if base is not None else _Scorer(src_len, tgt_len, src_bags, tgt_bags, model, options, extra, src_feat, tgt_feat)
        ids = _use_lexicon(scorer, learnt, src_tokens, tgt_tokens, companion)
        scorer.lex_single = {ids[word]: paragraph_links[group] for word, group in single.items() if word in ids}
        return scorer
    src_bags = [bag + Counter({"t:" + learnt[w]: 1 for w in words if w in learnt}) for bag, words in zip(src_bags, src_tokens)]
    tgt_bags = [bag + Counter({"t:" + w: 1 for w in words if w in image}) for bag, words in zip(tgt_bags, tgt_tokens)]
    return _Scorer(src_len, tgt_len, src_bags, tgt_bags, model, options, extra, src_feat, tgt_feat)


def _concept_sets(scorer: _Scorer) -> tuple[list[frozenset], list[frozenset]]:
    """Per paragraph, what can tie it to its translation: its anchor keys (numbers,
    dates, names, acronyms, URLs, code, glossary terms; also those the other document
    lacks altogether, which speak against any link), and (after a lexicon pass) its
    translated words."""
    # a lexicon learnt from a handful of links is mostly chance pairs ("nghiên" for
    # "new"): evidence only from one of some size
    use_lexicon = scorer.lex_src is not None and scorer.lex_size >= _EVIDENCE_MIN_LEXICON
    sets = []
    for side, lex in ((scorer.src, scorer.lex_src_sets if use_lexicon else None),
                      (scorer.tgt, scorer.lex_tgt_sets if use_lexicon else None)):
        out = []
        for index, bag in enumerate(side.bags):
            upper = "m:upper" in bag  # a heading in capitals: its words are not acronyms
            items: set = {key for key in bag if key[0] in _EVIDENCE_KINDS and not (upper and key[0] == "a")}
            if lex is not None:
                items |= lex[index]  # learnt words as ints, anchor keys as strings
            out.append(frozenset(items))
        sets.append(out)
    return sets[0], sets[1]


def _dice(a: frozenset, b: frozenset) -> float:
    total = len(a) + len(b)
    return 2.0 * len(a & b) / total if total else -1.0


def _unsupported(scorer: _Scorer, path, alpha: float, stats: dict[str, Any]):
    """No link without evidence. Each link's two sides are scored by what their
    concept sets (`_concept_sets`) share, each shared item weighted by its rarity
    (log of the paragraphs over the paragraphs that have it); the same score for pairs of
    paragraphs that are certainly unrelated (each source with the target linked half
    the document away) gives the "unrelated text" distribution and its 90th
    percentile q. A link at or below q is "weak". Under "unrelated" a link is weak
    with probability p_u (about 0.9), under "translation" with f0, the share of weak
    links among the links the document supports. The stretch of links (1-0 and 0-1
    links inside it count for nothing) with the largest log-likelihood ratio
    (Kadane's scan, linear) is undone when the ratio exceeds log(links / alpha): a
    stretch of a correct alignment that long and weak has a chance below alpha. An
    unlinked paragraph inside the stretch adds `_GAP_STEP`: a weak link amid omitted
    and added paragraphs is what a paragraph of another text matched by length alone
    looks like.
    Undone stretches become their source paragraphs (1-0), then their target
    paragraphs (0-1)."""
    linked = [k for k, (a, b) in enumerate(path) if a and b]
    if len(linked) < 6:
        return path
    src_sets, tgt_sets = _concept_sets(scorer)
    # what ties two paragraphs is weighed by rarity: a word or key that half the
    # paragraphs have ties nothing in particular
    df: Counter = Counter(chain.from_iterable(src_sets + tgt_sets))
    size = len(src_sets) + len(tgt_sets)
    weight = {c: math.log(size / count) for c, count in df.items()}

    single = scorer.lex_single if scorer.lex_src is not None and scorer.lex_size >= _EVIDENCE_MIN_LEXICON else {}
    weigh = weight.__getitem__  # sums below in the sets' own order, as a generator would
    src_mass = [sum(map(weigh, items)) for items in src_sets]
    tgt_mass = [sum(map(weigh, items)) for items in tgt_sets]

    def score(a, b) -> float:
        left = src_sets[a[0]] if len(a) == 1 else frozenset().union(*(src_sets[s] for s in a))
        right = tgt_sets[b[0]] if len(b) == 1 else frozenset().union(*(tgt_sets[t] for t in b))
        if not left and not right:
            return _NOTHING
        # a Dice coefficient of the weighted items, smoothed: two paragraphs that share
        # their only two common words are not "all shared"
        both = left & right
        if single:
            both = {c for c in both if not (type(c) is int and c in single and single[c][0] in a and single[c][1] in b)}
        if not _EVIDENCE_WEIGHTED:
            return 2.0 * len(both) / (len(left) + len(right))
        shared = sum(map(weigh, both))
        mass = (src_mass[a[0]] if len(a) == 1 else sum(map(weigh, left))) + (
            tgt_mass[b[0]] if len(b) == 1 else sum(map(weigh, right)))
        return 2.0 * shared / (mass + _EVIDENCE_SMOOTHING)

    scores = {k: score(*path[k]) for k in linked}
    half = len(linked) // 2
    unrelated = np.array([score(path[linked[i]][0], path[linked[(i + half) % len(linked)]][1]) for i in range(len(linked))])
    unrelated = unrelated[unrelated > _NOTHING]
    if len(unrelated) < 6:
        return path
    q = float(np.quantile(unrelated, 0.9))
    if _BLIND_STRAYS_ONLY and q <= 0.0 and not (scorer.lex_src is not None and scorer.lex_size >= _EVIDENCE_MIN_LEXICON):
        # blind: no lexicon to speak of and most paragraphs without an anchor, so that
        # nine unrelated pairs in ten share nothing. "Weak" would then mean "has no
        # anchor", which is what most correct links of a short talk look like (a talk of
        # 11 paragraphs with 5 deleted lost 4 correct links this way); only strays go
        stats["evidence"] = {"blind": True, "q": q}
        return _strays(path, src_sets, tgt_sets, stats, lambda link: score(*link) <= q)
    p_u = float(np.clip(np.mean(unrelated <= q), 0.5, 0.97))
    known = [k for k in linked if scores[k] > _NOTHING]
    # a link between two unlinked paragraphs was picked by the search as the best of
    # several candidates: it is weak unless it beats nearly every unrelated pair
    q_alone = float(np.quantile(unrelated, 0.99))

    def alone(k: int) -> bool:
        return all(0 <= n < len(path) and not (path[n][0] and path[n][1]) for n in (k - 1, k + 1))

    weak = {k for k in known if scores[k] <= (q_alone if alone(k) else q)}
    threshold = math.log(max(len(known), 2) / alpha)
    undone: list[tuple[int, int]] = []
    # the share of weak links in a correct alignment, first from the weak links that
    # stand alone (a stretch of weak links or gaps is what is being looked for)
    lonely = 0
    for k in weak:
        before = path[k - 1] if k > 0 else None
        after = path[k + 1] if k + 1 < len(path) else None
        if all(n is None or (n[0] and n[1] and (k + d) not in weak) for n, d in ((before, -1), (after, 1))):
            lonely += 1
    f0 = min(_EVIDENCE_F0_CAP, len(weak) / max(1, len(known)))
    for _ in range(3):
        f0 = float(np.clip(f0, 0.03, 0.6))
        up, down = math.log(p_u / f0), math.log((1 - p_u) / (1 - f0))
        undone = []
        run = best = 0.0
        start = best_end = None
        for k in range(len(path)):
            if k in scores:
                if scores[k] == _NOTHING:
                    continue  # nothing on either side to judge by
                step = up if k in weak else down
            else:
                step = _GAP_STEP * (len(path[k][0]) + len(path[k][1]))
            if run + step <= 0:
                if best >= threshold and start is not None:
                    undone.append((start, best_end))
                run, best, start, best_end = 0.0, 0.0, None, None
                continue
            if start is None:
                start = k
            run += step
            if run > best:
                best, best_end = run, k
        if best >= threshold and start is not None:
            undone.append((start, best_end))
        undone = [(a, b) for a, b in undone if any(k in weak for k in range(a, b + 1))]
        inside = {k for a, b in undone for k in known if a <= k <= b}
        outside = [k for k in known if k not in inside]
        new_f0 = len([k for k in outside if k in weak]) / max(1, len(outside))
        if abs(new_f0 - f0) < 1e-3:
            break
        f0 = new_f0
    if _TRIM_EDGES:
        f_edge = max(f0, _EDGE_F0)
        up_edge, down_edge = math.log(p_u / f_edge), math.log((1 - p_u) / (1 - f_edge))
        undone = [_trimmed(path, a, b, scores, weak, up_edge, down_edge, threshold) for a, b in undone]
        undone = [(a, b) for a, b in undone if any(k in weak for k in range(a, b + 1))]
    stats["evidence"] = {"weak": len(weak), "q": round(q, 3), "p_unrelated_weak": round(p_u, 3), "f0": round(f0, 3),
                         "undone": [(a, b) for a, b in undone]}
    if not undone:
        return _strays(path, src_sets, tgt_sets, stats, lambda link: score(*link) <= q)
    # a link far better supported than unrelated pairs ever are stays: the stretch is
    # undone on either side of it
    strong = float(np.max(unrelated))
    pieces: list[tuple[int, int]] = []
    for a, b in undone:
        begin = a
        for k in range(a, b + 1):
            if scores.get(k, _NOTHING) > strong:
                if begin < k:
                    pieces.append((begin, k - 1))
                begin = k + 1
        if begin <= b:
            pieces.append((begin, b))
    undone = [(a, b) for a, b in pieces if any(k in weak for k in range(a, b + 1))]
    stats["evidence"]["undone"] = undone
    return _strays(_undo(path, undone), src_sets, tgt_sets, stats, lambda link: score(*link) <= q)


def _trimmed(path, a: int, b: int, scores, weak, up: float, down: float, threshold: float) -> tuple[int, int]:
    """The stretch a..b without the links at its edges (before its first unlinked
    paragraph, after its last) unless they are weak enough to be undone on their
    own: the unlinked paragraphs of an omitted run say nothing about the links that
    lead up to it, and a translation's links right before an omission are as often
    weak as any others (short paragraphs, a merge)."""
    gaps = [k for k in range(a, b + 1) if not (path[k][0] and path[k][1])]
    if not gaps:
        return a, b

    def ratio(first: int, last: int) -> float:
        return sum(up if k in weak else down for k in range(first, last + 1) if scores.get(k, _NOTHING) > _NOTHING)

    if gaps[0] > a and ratio(a, gaps[0] - 1) < threshold:
        a = gaps[0]
    if gaps[-1] < b and ratio(gaps[-1] + 1, b) < threshold:
        b = gaps[-1]
    return a, b


def _undo(path, stretches):
    """`path` with each stretch (first, last index) of links turned into its source
    paragraphs (1-0), then its target paragraphs (0-1)."""
    out = []
    k = 0
    for a, b in stretches:
        out.extend(path[k:a])
        out.extend(((s,), ()) for link in path[a : b + 1] for s in link[0])
        out.extend(((), (t,)) for link in path[a : b + 1] for t in link[1])
        k = b + 1
    out.extend(path[k:])
    return out


def _strays(path, src_sets, tgt_sets, stats: dict[str, Any], weak=None):
    """A link or two with omitted source paragraphs on both sides is undone unless
    its two sides share an anchor (a number, a name, an acronym, a URL, a term) and,
    when no target paragraph around it is unlinked, unless it is better supported
    than unrelated pairs (`weak` says it is not): in a gap where source paragraphs
    are omitted and target paragraphs added, the search links the pair that happens
    to match best, and a reviewer gets one omitted run cut in two around a wrong
    link. Found with one scan (linear); a stray undone may leave another stray: a
    second scan."""
    def anchored(link) -> bool:
        left = frozenset().union(*(src_sets[s] for s in link[0]))
        right = frozenset().union(*(tgt_sets[t] for t in link[1]))
        return any(type(c) is not int for c in left & right)

    undone_all = []
    for _ in range(2):
        stretches = []
        k = 0
        n = len(path)
        while k < n:
            if not (path[k][0] and path[k][1]):
                k += 1
                continue
            end = k
            while end + 1 < n and path[end + 1][0] and path[end + 1][1]:
                end += 1
            if end - k < _STRAY_LINKS:
                counts = [0, 0, 0, 0]  # unlinked source before, target before, source after, target after
                j = k - 1
                while j >= 0 and not (path[j][0] and path[j][1]):
                    counts[0] += len(path[j][0])
                    counts[1] += len(path[j][1])
                    j -= 1
                j = end + 1
                while j < n and not (path[j][0] and path[j][1]):
                    counts[2] += len(path[j][0])
                    counts[3] += len(path[j][1])
                    j += 1
                # the source omitted on both sides of it, something added in the target
                # (or nothing, and the links no better than unrelated pairs)
                if (counts[0] and counts[2] and counts[0] + counts[2] >= _STRAY_SOURCE
                        and not any(anchored(path[x]) for x in range(k, end + 1))
                        and (counts[1] + counts[3] >= 1
                             or (weak is not None and all(weak(path[x]) for x in range(k, end + 1))))):
                    stretches.append((k, end))
            k = end + 1
        if not stretches:
            break
        undone_all.extend(stretches)
        path = _undo(path, stretches)
    if undone_all:
        stats.setdefault("evidence", {})["strays"] = len(undone_all)
    return path


def align(
    source: Sequence[str],
    target: Sequence[str],
    source_lang: str | None = None,
    target_lang: str | None = None,
    *,
    hook: Any = None,
    options: AlignOptions | None = None,
    known_lexicon: dict[str, str] | None = None,
    table: dict[str, str] | None = None,
) -> Alignment:
    """Align two lists of paragraphs (or sentences). Every index of each side appears
    in exactly one link, in order. `hook` is the plugin manager's hook relay, for
    plugins' anchors and similarity scores. `known_lexicon` (source word -> target
    word, as `lexicon.learn` makes) is used from the start instead of one learnt from a
    first pass: a checker aligning the few sentences of one unit learns it from the
    whole file. `table` (the same kind of mapping, learnt from the user's bilingual
    files by `tqa lexicon learn`, see `lexicon_file.py`) is used in the lexicon pass
    instead of the lexicon learnt from the document's own first-pass links: a
    document's 30-60 paragraphs teach mostly function words (docs/omission.md)."""
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
    src_spans = [split_sentences(t, source_lang, hook) for t in source]
    tgt_spans = [split_sentences(t, target_lang, hook) for t in target]
    src_feat = features(source, source_lang, spans=src_spans)
    tgt_feat = features(target, target_lang, spans=tgt_spans)
    scorer = _Scorer(src_len, tgt_len, src_bags, tgt_bags, model, options, extra, src_feat, tgt_feat)
    if known_lexicon and options.lex_weight > 0:
        _use_lexicon(scorer, known_lexicon, [lexicon.tokens(t) for t in source], [lexicon.tokens(t) for t in target])
    passes = options.lex_rounds if options.lexicon and not same and not known_lexicon else 0
    # with a lexicon pass to follow (which widens its own band where needed), the
    # first path only has to be good enough to learn from: one round
    path, cells, rounds = _search(scorer, options.band // 2 if passes else options.band, 1 if passes else options.max_rounds)
    stats: dict[str, Any] = {"lexicon": 0}
    src_tokens = [lexicon.tokens(t) for t in source] if passes else []
    tgt_tokens = [lexicon.tokens(t) for t in target] if passes else []
    asked = False
    base = scorer  # built on the same arguments as every lexicon pass's scorer
    companion = None
    if passes and not table and options.shipped_lexicon:
        from .lexicon_file import shipped

        companion = shipped(source_lang, target_lang)
    for _ in range(passes):
        # another pass: words that translate each other, learnt from the last pass's 1-1 links
        learnt_scorer = _lexicon_scorer(path, source, target, src_spans, tgt_spans, src_tokens, tgt_tokens,
                                        src_len, tgt_len, src_bags, tgt_bags, model, options, extra, src_feat, tgt_feat, stats,
                                        base=base, table=table, companion=companion)
        if learnt_scorer is None:
            break
        scorer = learnt_scorer
        # the translator's own length ratio, from the last pass's 1-1 links
        ones = [(s[0], t[0]) for s, t in path if len(s) == 1 and len(t) == 1]
        scorer.model = calibrated(model, [src_len[s] for s, _ in ones], [tgt_len[t] for _, t in ones])
        stats["length_ratio"] = round(scorer.model.c, 3)
        if _CALIBRATE_FEATURES:
            weights = scorer.calibrate_features(ones)
            if weights is not None:
                stats["feature_weights"] = [round(float(w), 3) for w in weights]
        lo, hi = _focused(path, n, m, options.band)
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
    if options.evidence and not same:
        path = _unsupported(scorer, path, options.evidence_alpha, stats)
    links = _confidences(scorer, path, stats)
    return Alignment(links, cells=cells, rounds=rounds, stats=stats)
