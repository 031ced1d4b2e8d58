"""The XML readers' duplicate-id memory (`SeenIds`): ids kept as hashes, in a set and a
sorted array, answer as a set of the ids would, up to the limit and past it."""

import random

from qa_core.readers._xml import SeenIds


def test_seen_ids_answer_as_a_set_through_the_sorted_array_and_past_the_limit(monkeypatch):
    monkeypatch.setattr(SeenIds, "RECENT", 64)  # many moves into the sorted array
    rng = random.Random(7)
    ids = [f"unit-{rng.randrange(10**9)}-{n}" for n in range(3000)]
    seen, held = SeenIds(limit=2000), set()
    for ident in ids + rng.sample(ids, 500) + [f"new-{n}" for n in range(200)]:
        expected = ident in held
        if len(held) < 2000:
            held.add(ident)
        assert seen.add(ident) is expected, ident
    assert seen.count == 2000 and seen.older is not None and len(seen.older) + len(seen.recent) == 2000
