"""The bundled samples give the reports kept in samples/expected/.

Each expected report is the text `tqa check` prints (exit code on the first line),
run from the project root with `--isolated` so that no user or project configuration
changes it. When a change to a check changes a sample's findings on purpose, write
the new reports and read the difference before committing them:

    python tests/test_samples.py            # rewrites samples/expected/*.txt
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "samples" / "expected"

# report name -> arguments of `tqa check` (paths relative to the project root)
RUNS: dict[str, list[str]] = {
    "joint-statement.vi-en": ["samples/joint-statement.vi-en.xlf"],
    "app-strings.en-vi": ["samples/app-strings.en-vi.xlf"],
    "joint-statement.txt-pair": [
        "--source", "samples/joint-statement.vi.txt", "--target", "samples/joint-statement.en.txt",
        "--source-lang", "vi", "--target-lang", "en",
    ],
    "partnership-page.txt-pair": [
        "--source", "samples/partnership-page.vi.txt", "--target", "samples/partnership-page.en.txt",
        "--source-lang", "vi", "--target-lang", "en",
    ],
    "terminology-vn-official": ["--profile", "vn-official", "samples/terminology-vn-official.vi-en.xlf"],
    "terminology-us-official": ["--profile", "us-official", "samples/terminology-us-official.vi-en.xlf"],
    # a localization repository: every resource layout, paired by key (its tqa.toml adds one layout)
    "l10n-repo": ["--config", "samples/l10n-repo/tqa.toml", "samples/l10n-repo"],
}


def run(args: list[str]) -> str:
    """The text `tqa check ARGS` prints, preceded by its exit code."""
    from qa_core.cli import main

    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", "--isolated", "--no-entry-points", "--color", "never", *args])
    finally:
        os.chdir(cwd)
    assert not err.getvalue().strip(), err.getvalue()
    return f"exit {code}\n{out.getvalue()}"


@pytest.mark.parametrize("name", sorted(RUNS))
def test_sample_report(name):
    expected = (EXPECTED / f"{name}.txt").read_text(encoding="utf-8")
    assert run(RUNS[name]) == expected, f"samples/expected/{name}.txt differs: python tests/test_samples.py rewrites it"


def test_every_expected_report_has_a_run():
    assert sorted(p.stem for p in EXPECTED.glob("*.txt")) == sorted(RUNS)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    EXPECTED.mkdir(exist_ok=True)
    for name, args in RUNS.items():
        (EXPECTED / f"{name}.txt").write_text(run(args), encoding="utf-8")
        print(f"wrote samples/expected/{name}.txt")
