"""The install lines of docs/ci.md, run (issue 21.3): tqa is not on the package index,
so each documented way installs it from the repository. Each line is taken from the
page as written and run with pip in a fresh virtual environment: the folder variant on
a copy of this checkout, the git variant with the address replaced by this repository
at its current commit. The dependencies come from the test environment (a .pth file)
and `--no-deps` keeps it fast (pip fetches only the build backend, setuptools, as for
any user; offline, the test skips at once): what is tested is that
the line installs tqa from the repository and `tqa` then runs."""

from __future__ import annotations

import re
import shlex
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "ci.md"
HANG_GUARD = 600  # a hang guard, not a speed assertion


def install_lines() -> list[str]:
    lines = []
    for match in re.finditer(r"^\s*(?:-\s+run:\s+|-\s+)?(pip install .+?)\s*(?:#.*)?$", PAGE.read_text(encoding="utf-8"), re.M):
        line = match.group(1)
        if line.startswith("pip install tqa") and "`" in line:
            continue  # the prose saying what does not work
        lines.append(line)
    return lines


def test_the_page_documents_no_index_install():
    lines = install_lines()
    assert len(lines) >= 3
    for line in lines:
        target = shlex.split(line)[2]
        assert target.startswith("./") or re.match(r"tqa @ git\+https://\S+@<commit>$", target), line


def _git_head() -> str | None:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _one_of_each_kind() -> list[str]:
    """Each way of installing once (the folder, a git URL): the page repeats the git
    way for GitLab, and each install costs an isolated build."""
    kinds: dict[str, str] = {}
    for line in install_lines():
        kinds.setdefault("git" if "git+" in line else "folder", line)
    return list(kinds.values())


@pytest.mark.parametrize("line", _one_of_each_kind())
def test_install_line_installs_tqa(line, tmp_path):
    if shutil.which("git") is None and "git+" in line:
        pytest.skip("git is not installed")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False, system_site_packages=False)
    sites = list(env_dir.glob("lib/python*/site-packages"))
    assert sites
    (sites[0] / "test-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    target = shlex.split(line)[2]
    workdir = tmp_path / "work"
    workdir.mkdir()
    if target.startswith("./"):
        shutil.copytree(ROOT, workdir / target[2:], ignore=shutil.ignore_patterns(".venv", ".git", "*.egg-info", "__pycache__", "build"))
    else:
        head = _git_head()
        if head is None:
            pytest.skip("not a git checkout")
        status = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout
        target = f"tqa @ git+file://localhost{ROOT}@{head}"  # pip 23 refuses file:/// with a revision
        if status.strip():
            pytest.skip("uncommitted changes: the git variant installs the committed tree")
    python = env_dir / "bin" / "python"
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--timeout", "5", "--retries", "0", target],
        cwd=workdir, capture_output=True, text=True, timeout=HANG_GUARD,
    )
    if result.returncode != 0 and re.search(r"NewConnectionError|Could not find a version that satisfies the requirement setuptools|No matching distribution found for setuptools", result.stderr):
        pytest.skip("the package index is unreachable: the build backend (setuptools) cannot be fetched")
    assert result.returncode == 0, result.stderr[-2000:]
    version = subprocess.run([str(env_dir / "bin" / "tqa"), "--version"], capture_output=True, text=True, timeout=HANG_GUARD, cwd=workdir)
    assert version.returncode == 0 and version.stdout.startswith("tqa "), version.stderr
