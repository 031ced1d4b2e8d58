"""The fuzzing suite's short run (part of the normal test command): hypothesis picks a
seed input and a list of byte mutations for each target (every reader, glossary
loader, the configuration loader, `tqa report`'s JSON input); each mutated input must
give a clean run or a one-line TqaError, never another exception.

Why hypothesis and not atheris: it is pure Python (atheris needs a libFuzzer build
that must match the interpreter), runs inside pytest with the same fixtures, shrinks a
failing input to a small one, and a fixed seed (`derandomize`) keeps the short run
repeatable in CI. Coverage guidance matters less here than structure-aware mutations
(tokens the parsers care about, mutations inside .docx packages), which we control.

Sizes: TQA_FUZZ_EXAMPLES (default 15 per target and seed group) for the short run;
tests/fuzz/long_run.py is the long run (random, for minutes or hours).
"""

from __future__ import annotations

import os

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.fuzz import harness  # noqa: E402

EXAMPLES = int(os.environ.get("TQA_FUZZ_EXAMPLES", "15"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,  # hangs are the long run's business (it has a per-input guard)
    derandomize=True,  # the same inputs on every run: a CI failure is reproducible
    database=None,
    suppress_health_check=list(HealthCheck),
)

OPERATIONS = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 1 << 20), st.integers(0, 4096), st.integers(0, 255)),
    min_size=1,
    max_size=6,
)


def _seeds(kind: str, shared: bool) -> list:
    paths = harness.shared_seeds() if shared else harness.project_seeds()
    return [p for p in paths if harness.kind_of(p.name) == kind]


def _fuzz(seeds, data, tmp_path):
    seed = data.draw(st.sampled_from(seeds), label="seed")
    operations = data.draw(OPERATIONS, label="mutations")
    raw = seed.read_bytes()
    mutated = harness.mutate_docx(raw, operations) if seed.suffix.lower() == ".docx" else harness.mutate(raw, operations)
    harness.feed(mutated, "input" + seed.suffix.lower(), str(tmp_path))


@pytest.mark.parametrize("kind", ["bilingual", "document", "glossary"])
def test_fuzz_project_inputs(kind, tmp_path_factory):
    seeds = _seeds(kind, shared=False)
    assert seeds, f"no project seed of kind {kind}"
    folder = tmp_path_factory.mktemp("fuzz")

    @SETTINGS
    @given(st.data())
    def run(data):
        _fuzz(seeds, data, folder)

    run()


@pytest.mark.parametrize("kind", ["bilingual", "document", "glossary"])
def test_fuzz_shared_data(kind, tmp_path_factory):
    if not harness.SHARED.is_dir():
        pytest.skip(f"shared data {harness.SHARED} is absent (set TQA_SHARED_DATA or put shared/ beside the repo)")
    seeds = _seeds(kind, shared=True)
    if not seeds:
        pytest.skip(f"no {kind} file in {harness.SHARED}")
    folder = tmp_path_factory.mktemp("fuzz")

    @SETTINGS
    @given(st.data())
    def run(data):
        _fuzz(seeds, data, folder)

    run()


CONFIG_SEED = b"""[tool.tqa]
select = ["ALL"]
ignore = ["BAS005"]
fail-on = "major"
source-lang = "en"
target-lang = "vi"

[tool.tqa.terminology]
glossary = []
"""


def test_fuzz_config_loader(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")

    @SETTINGS
    @given(OPERATIONS)
    def run(operations):
        harness.feed(harness.mutate(CONFIG_SEED, operations), "pyproject.toml", str(folder))

    run()


def test_fuzz_report_json(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    seed = harness.report_seed()

    @SETTINGS
    @given(OPERATIONS)
    def run(operations):
        harness.feed(harness.mutate(seed, operations), "report.json", str(folder))

    run()


@pytest.mark.parametrize("path", harness.project_seeds(), ids=lambda p: p.name)
def test_every_seed_as_it_is(path, tmp_path):
    """The seeds themselves (regression inputs included) never crash."""
    harness.feed(path.read_bytes(), "input" + path.suffix.lower(), str(tmp_path))
