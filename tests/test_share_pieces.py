"""The order in which the parent puts the shares' findings back (`runner._pieces`): the
runs of all the shares sorted by (part, unit, check position), as one process makes
them, from runs kept as 32-bit or 64-bit numbers."""

import random
from array import array

from qa_core.runner import DocumentResult, InputSummary, _pieces


def _by_tuples(shares):
    """The order as tuples sorted in Python (what `assemble` did before the array)."""
    pieces = []
    for number, result in enumerate(shares):
        start = 0
        runs = result.runs if result.runs is not None else ()
        for i in range(0, len(runs), 4):
            end = runs[i + 3]
            pieces.append((runs[i], runs[i + 1], runs[i + 2], number, start, end))
            start = end
    pieces.sort()
    return pieces


def _share(typecode, runs):
    return DocumentResult(InputSummary("f.xlf", "xliff1"), [], {}, array(typecode, runs) if runs is not None else None)


def test_the_shares_runs_come_back_in_the_order_one_process_makes_them():
    rng = random.Random(14)
    units = list(range(1, 400))
    shares = []
    for number, typecode in enumerate(("i", "q", "i")):
        runs, end = [], 0
        for unit in sorted(rng.sample(units, 120)):  # units in order, each share its own
            for position in sorted(rng.sample(range(-1, 12), rng.randrange(1, 3))):
                end += rng.randrange(1, 4)
                runs.extend((0, unit, position, end))
        for position in sorted(rng.sample(range(12), 3)):  # the document-level parts last
            end += 2
            runs.extend((1, 0, position, end))
        shares.append(_share(typecode, runs))
    shares.append(_share("i", None))  # a share that found nothing
    got = [tuple(row) for row in _pieces(shares).tolist()]
    assert got == _by_tuples(shares)
    assert _pieces([_share("i", [])]).shape == (0, 6)


def test_shares_past_the_narrow_limit_keep_their_runs_wide_and_assemble_the_same(monkeypatch):
    """Past `_NARROW` units or findings a share's runs go on as 64-bit numbers (forced
    here with a limit of 5): the same findings as one process."""
    from tests.test_split import ROOT, _said, _split_by_hand

    from qa_core import runner

    monkeypatch.setattr(runner, "_NARROW", 5)
    whole, assembled, shares = _split_by_hand(str(ROOT / "samples/joint-statement.vi-en.xlf"), 2, 1)
    assert {share.runs.typecode for share in shares} == {"q"}
    assert _said(assembled.findings) == _said(whole.findings)
    monkeypatch.setattr(runner, "_NARROW", 1 << 30)
    _, _, narrow = _split_by_hand(str(ROOT / "samples/joint-statement.vi-en.xlf"), 2, 1)
    assert {share.runs.typecode for share in narrow} == {"i"}
