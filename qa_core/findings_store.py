"""Findings kept compact from the checks to the report: batches of findings pickled and
compressed (`FindingStore`), in memory up to a budget and then in an anonymous
temporary file (`Spool`), deduplicated and sorted as streams (`dedupe_stream`,
`sort_findings`: an external merge sort of sorted runs), so that a run's memory does
not grow with its findings. A store reads like a sequence of `Finding`s (length,
iteration, indexing), made objects a batch at a time while it is read.

A run whose findings fit in `SORT_RUN` stays a plain list, as before; only larger
ones take the compact path (`TQA_SORT_RUN` sets the size, for tests and comparisons)."""

from __future__ import annotations

import os
import zlib
from array import array
from typing import Callable, Iterable, Iterator

from qa_core.findings import Finding, dedupe_keys
from qa_core.lazy import lazy_module

#: imported when a batch is sealed or runs are merged: a small run (most runs) does neither
pickle = lazy_module("pickle", globals(), "pickle")
heapq = lazy_module("heapq", globals(), "heapq")

#: findings sorted in memory at once; more are sorted in runs of this size and merged
SORT_RUN = 16_384
#: compressed bytes a spool keeps in memory before later batches go to a temporary file
#: (~12,000 findings; 16 MiB before: the parent of a 1M-unit run held ~14 bytes a unit
#: read in it, the one slope of its reading that was not a check's own)
SPOOL_BUDGET = 1 << 20


def sort_run() -> int:
    value = os.environ.get("TQA_SORT_RUN", "")
    return max(1, int(value)) if value.isdigit() else SORT_RUN


class Spool:
    """Where the sealed batches of a run's stores live: in memory up to `budget`
    compressed bytes, then appended to an anonymous temporary file (deleted when
    closed, or when the process ends). One spool serves many stores."""

    def __init__(self, budget: int | None = None) -> None:
        self.budget = SPOOL_BUDGET if budget is None else budget
        self.held = 0
        self._file = None
        self._end = 0

    def keep(self, data: bytes):
        """`data` itself while the budget lasts, else its place in the file (offset, length)."""
        if self.held + len(data) <= self.budget:
            self.held += len(data)
            return data
        if self._file is None:
            import tempfile  # on first use: a short run never spills (and start-up stays lean)

            self._file = tempfile.TemporaryFile(prefix="tqa-findings-")
        self._file.seek(self._end)
        self._file.write(data)
        place = (self._end, len(data))
        self._end += len(data)
        return place

    def read(self, place: tuple[int, int]) -> bytes:
        self._file.seek(place[0])
        return self._file.read(place[1])

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class FindingStore:
    """Findings kept compact: every `BATCH` findings are pickled and compressed together
    (a few hundred bytes a finding instead of its objects, which hold the unit's texts).
    Reads like a sequence: `len`, iteration (a batch made objects at a time), `store[i]`
    (the batch of `i` made objects, the last one kept for the next index). A batch that
    cannot be pickled (a third-party check's data) is kept as it is. With a `spool`, the
    sealed batches go to it (and past its budget, to its temporary file).

    A batch is sealed only once the stores of the process hold more than `LOOSE`
    findings as objects: a small run (most runs) never pickles its findings to keep
    them, and a large one holds at most about that many as objects, as before. A store
    sent to another process (a worker's result) travels sealed all the same."""

    BATCH = 256
    #: findings the stores of one process may hold as objects before they seal batches
    LOOSE = 4096
    #: findings held as objects now by the stores of this process (open batches)
    loose = 0
    __slots__ = ("_sealed", "_counts", "_open", "_count", "_spool", "_cached")

    def __init__(self, findings: Iterable[Finding] = (), spool: Spool | None = None) -> None:
        self._sealed: list = []  # bytes, a list kept as it was, or a (offset, length) in the spool
        #: of each sealed batch, what `counts` tells (None: not known)
        self._counts: list[dict | None] = []
        self._open: list[Finding] = []
        self._count = 0
        self._spool = spool
        self._cached: tuple[int, list] | None = None
        self.extend(findings)

    def append(self, finding: Finding) -> None:
        self._open.append(finding)
        self._count += 1
        FindingStore.loose += 1
        if len(self._open) >= self.BATCH and FindingStore.loose > self.LOOSE:
            self._seal()

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.append(finding)

    def _seal(self) -> None:
        """The open findings sealed a `BATCH` at a time (fewer stay open)."""
        batch = self.BATCH
        whole = len(self._open) - len(self._open) % batch
        for start in range(0, whole, batch):
            findings = self._open[start:start + batch]
            sealed = _pack(findings)
            if not isinstance(sealed, list) and self._spool is not None:
                sealed = self._spool.keep(sealed)
            self._sealed.append(sealed)
            self._counts.append(_count(findings))
        del self._open[:whole]
        FindingStore.loose -= whole

    def _load(self, batch) -> list[Finding]:
        if isinstance(batch, list):
            return batch
        if isinstance(batch, tuple):
            batch = self._spool.read(batch)
        return pickle.loads(zlib.decompress(batch))

    @property
    def spool(self) -> Spool | None:
        """Where this store's sealed batches live (shared with the stores made from it)."""
        return self._spool

    def __len__(self) -> int:
        return self._count

    def counts(self) -> dict[tuple, int] | None:
        """How many findings of each (severity, category, rule id), the keys in the order
        of their first finding, without reading the sealed batches back (a report counts
        its findings before it writes them: a pass that made every finding an object
        again); None when a batch came from elsewhere without its counts."""
        total: dict[tuple, int] = {}
        for counts in self._counts:
            if counts is None:
                return None
            for key, number in counts.items():
                total[key] = total.get(key, 0) + number
        for key, number in _count(self._open).items():
            total[key] = total.get(key, 0) + number
        return total

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[Finding]:
        for batch in self._sealed:
            yield from self._load(batch)
        yield from self._open

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("finding index out of range")
        number, offset = divmod(index, self.BATCH)
        if number >= len(self._sealed):
            return self._open[index - len(self._sealed) * self.BATCH]
        if self._cached is None or self._cached[0] != number:
            self._cached = (number, self._load(self._sealed[number]))
        return self._cached[1][offset]

    def __eq__(self, other) -> bool:
        if isinstance(other, (FindingStore, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FindingStore({self._count} findings)"

    def drain(self) -> list[Finding]:
        """Every finding as an object, the store emptied batch by batch as it goes: the
        compressed batches are not kept beside the objects made of them."""
        return list(self.consume())

    def consume(self) -> Iterator[Finding]:
        """Every finding, the store emptied as it is read: each batch is let go once made
        objects, so reading it through holds one batch at a time."""
        sealed, self._sealed = self._sealed, []
        self._counts = []
        last, self._open = self._open, []
        self._count, self._cached = 0, None
        FindingStore.loose -= len(last)
        sealed.reverse()  # popped from the end: the first batch first, each let go once read
        while sealed:
            yield from self._load(sealed.pop())
        yield from last

    def __getstate__(self):
        # a spooled batch travels as its bytes (a worker's findings sent to the parent),
        # the open findings sealed: the parent holds them compact
        sealed = [self._spool.read(b) if isinstance(b, tuple) else b for b in self._sealed]
        batch = self.BATCH
        whole = len(self._open) - len(self._open) % batch
        sealed += [_pack(self._open[start:start + batch]) for start in range(0, whole, batch)]
        counts = self._counts + [_count(self._open[start:start + batch]) for start in range(0, whole, batch)]
        return (sealed, counts, self._open[whole:], self._count)

    def __setstate__(self, state) -> None:
        self._sealed, self._counts, self._open, self._count = state
        self._spool = None
        self._cached = None
        FindingStore.loose += len(self._open)

    def __del__(self) -> None:
        try:
            FindingStore.loose -= len(self._open)
        except (AttributeError, TypeError):  # never filled, or the interpreter is ending
            pass


def _count(findings: list[Finding]) -> dict[tuple, int]:
    """(severity, category, rule id) -> findings, in the order of their first finding."""
    counts: dict[tuple, int] = {}
    for finding in findings:
        key = (finding.severity, finding.category, finding.rule_id)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _pack(findings: list[Finding]) -> bytes | list[Finding]:
    """A batch pickled and compressed, or kept as it is when it cannot be pickled (a
    third-party check's data)."""
    try:
        return zlib.compress(pickle.dumps(findings, pickle.HIGHEST_PROTOCOL), 1)
    except Exception:  # noqa: BLE001 - unpicklable findings stay objects
        return findings


class SeenHashes:
    """A set of 64-bit hashes that grows by 8 bytes a hash: the latest `RECENT` in a
    Python set (~70 bytes a hash with its int), the older ones in one sorted numpy
    array, searched by bisection. `dedupe_stream` keeps two a finding: as a set alone,
    ~30 MB for the ~220k findings of a 1M-unit run, held at the end of the run."""

    #: hashes held in the Python set before they are moved into the sorted array
    RECENT = 1 << 16

    __slots__ = ("recent", "older")

    def __init__(self) -> None:
        self.recent: set[int] = set()
        self.older = None  # a sorted numpy array of int64, once the set first fills

    def __contains__(self, value: int) -> bool:
        if value in self.recent:
            return True
        older = self.older
        if older is None:
            return False
        at = older.searchsorted(value)
        return at < len(older) and older[at] == value

    def add(self, value: int) -> None:
        self.recent.add(value)
        if len(self.recent) >= self.RECENT:
            import numpy  # on first use: most runs never hold this many findings

            moved = numpy.fromiter(self.recent, dtype=numpy.int64, count=len(self.recent))
            moved.sort()  # the bisection needs the array sorted
            older = self.older
            if older is None:
                self.older = moved
            else:
                # put in place, in one pass over the array (union1d sorted the whole anew each
                # time: the moves of 2M hashes took ~25 s, a cost that grew as the square of
                # the findings); a hash the array holds already is not put in twice
                at = older.searchsorted(moved)
                held = older[numpy.minimum(at, len(older) - 1)] == moved
                if held.any():
                    moved, at = moved[~held], at[~held]
                self.older = numpy.insert(older, at, moved)
            self.recent = set()

    def __len__(self) -> int:
        return len(self.recent) + (0 if self.older is None else len(self.older))


class Deduper:
    """`dedupe_stream`'s memory of the problems it has let through: `keep(finding)` says
    whether a finding is the first of its problem (and notes it)."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen = SeenHashes()

    def keep(self, finding: Finding) -> bool:
        keys = dedupe_keys(finding)
        if keys is None:
            return True
        span, said = hash(keys[0]), hash(keys[1])
        seen = self.seen
        if span in seen or said in seen:
            return False  # the same rule saying the same thing about the same unit: one problem
        seen.add(span)
        seen.add(said)
        return True


def dedupe_stream(findings: Iterable[Finding], deduper: Deduper | None = None) -> Iterator[Finding]:
    """`qa_core.findings.dedupe` as a stream: the same findings in the same order, the
    `dedupe_keys` it has seen kept as 64-bit hashes instead of tuples of strings
    (`SeenHashes`: 16 bytes a finding). Two different keys share a hash with a
    probability of about n²/2⁶⁵ (~10⁻⁹ at a million findings). A `deduper` given
    carries on from the findings it has already seen."""
    keep = (deduper or Deduper()).keep
    for finding in findings:
        if keep(finding):
            yield finding


def sort_findings(pieces: Iterable[Iterable[Finding]], key: Callable[[Finding], tuple] = Finding.sort_key,
                  run: int | None = None) -> list[Finding] | FindingStore:
    """The findings of `pieces`, in order, sorted by `key` (stably, as `list.sort`): a
    list when there are at most `run` of them; else a `FindingStore` made by an external
    merge sort (runs of `run` findings sorted in memory and kept compact, then merged a
    batch of each run at a time), whose memory is that of its compact batches, which
    past the spool's budget live in a temporary file."""
    run = run or sort_run()
    spool: Spool | None = None
    runs: list[FindingStore] = []
    chunk: list[Finding] = []
    for piece in pieces:
        for finding in piece:
            chunk.append(finding)
            if len(chunk) >= run:
                chunk.sort(key=key)
                if spool is None:
                    spool = Spool()
                runs.append(FindingStore(chunk, spool))
                chunk = []
    chunk.sort(key=key)
    if not runs:
        return chunk
    runs.append(FindingStore(chunk, spool))
    del chunk
    out = FindingStore(spool=spool)
    # heapq.merge is stable: of equal keys, the earlier run's finding first, as one sort
    out.extend(heapq.merge(*(r.consume() for r in runs), key=key))
    return out
