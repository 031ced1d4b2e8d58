"""The throughput benchmark builds the same corpus from the same seed and measures tqa."""

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "throughput.py"


SAMPLE = BENCH.parents[1] / "samples" / "app-strings.en-vi.xlf"


def load_bench(name: str = "throughput"):
    """bench/NAME.py as a module."""
    spec = importlib.util.spec_from_file_location(name, BENCH.with_name(name + ".py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_corpora_are_deterministic_and_readable(tmp_path, open_doc):
    bench = load_bench()
    for builder, name in bench.BUILDERS.values():
        first, second = tmp_path / ("a-" + name.format(size=300)), tmp_path / ("b-" + name.format(size=300))
        builder(first, 300, 7)
        builder(second, 300, 7)
        assert first.read_bytes() == second.read_bytes()
        units = list(open_doc(first).units())
        assert len(units) == 300
        assert any(u.target is None for u in units)  # some defects: untranslated units
        assert any("VND" in u.target.text for u in units if u.target is not None)


def test_bench_runs_tqa_and_reports(tmp_path, capsys):
    bench = load_bench()
    assert bench.main(["--sizes", "200", "--formats", "po", "--no-pofilter", "--work", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("corpus-200.po"))
    assert row.split()[1:3] == ["200", "tqa"]
    assert float(row.split()[4]) > 0


def test_state_memory_prints_its_figures(capsys):
    module = load_bench("state_memory")
    assert module.main(["--groups", "3000", "--runs", "1000"]) == 0
    out = capsys.readouterr().out
    assert "3,000 groups" in out and "1,000 runs" in out


def test_shared_work_prints_each_helper(capsys):
    module = load_bench("shared_work")
    assert module.main([str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines() if line.startswith("  placeholders of a text")]
    asked, computed = int(rows[0][-4]), int(rows[0][-3])
    assert 0 < computed <= asked  # the placeholders of the sample's texts, each found once
    from qa_core import text
    assert not hasattr(text._placeholders.__wrapped__, "__wrapped__")  # the helpers are put back


def test_ceiling_prints_the_budget_from_its_three_runs(capsys):
    module = load_bench("ceiling")
    assert module.main([str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    seconds = {line.split("  ")[1].strip(): float(line.split()[-6])
               for line in out.splitlines() if line.endswith("us a unit") and " s " in line}
    floor, whole = seconds["tqa -j 1 --select TQA (no check)"], seconds["tqa -j 1, every default check"]
    assert 0 < floor < whole  # the checks cost something over reading and the report
    ratios = [float(line.split()[-2][:-1]) for line in out.splitlines() if line.endswith("x pofilter")]
    assert len(ratios) == 7 and ratios == sorted(ratios)  # cheaper checks, never a lower ratio
