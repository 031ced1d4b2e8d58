"""Programs from outside the project that some tests hand tqa's output to: the
Microsoft SARIF Multitool (MIT; from the npm registry, with the SARIF 2.1.0 JSON
schema it ships) and Chromium (a Debian package). Nothing is copied into the
repository: the npm package is fetched once into a cache outside it, and tests skip
with a clear reason when a program cannot be had.

- TQA_SARIF_MULTITOOL: a folder holding Sarif.Multitool and sarif-2.1.0.json (an
  unpacked @microsoft/sarif-multitool-linux package); skips the fetch.
- TQA_TEST_FETCH=1: fetch the package (104 MB, once) when it is not in the cache. Off by
  default, so a plain `pytest` never downloads anything; .ci/run turns it on. The fetch
  fails fast (no retries, 20 s without an answer) when the registry cannot be reached.
- TQA_CHROMIUM: the Chromium binary (default: chromium on PATH).
- axe-core (MPL-2.0, Deque's accessibility rules engine, from the npm registry) is run
  inside the HTML report in Chromium; fetched once like the multitool, pinned by version
  and hash; TQA_AXE_CORE names an axe.min.js to use instead.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import tarfile
import tempfile
from functools import lru_cache
from pathlib import Path

MULTITOOL_PACKAGE = "@microsoft/sarif-multitool-linux"
MULTITOOL_VERSION = "5.7.0"
# sha256 of sarif-2.1.0.json in that version of the package, so a changed download is noticed
SCHEMA_SHA256 = "1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c"


def _cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tqa-tests" / f"sarif-multitool-linux-{MULTITOOL_VERSION}"


@lru_cache(maxsize=1)
def sarif_package() -> tuple[Path | None, str]:
    """The unpacked multitool package folder, or None and the reason it is missing.
    Test workers (pytest -n) fetch it once between them, under a file lock."""
    _cache().parent.mkdir(parents=True, exist_ok=True)
    with open(_cache().parent / ".lock", "w") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - Windows: no lock, fetches may race
            pass
        return _sarif_package()


def _sarif_package() -> tuple[Path | None, str]:
    given = os.environ.get("TQA_SARIF_MULTITOOL")
    if given:
        folder = Path(given)
        if (folder / "sarif-2.1.0.json").is_file():
            return folder, ""
        return None, f"TQA_SARIF_MULTITOOL={given} holds no sarif-2.1.0.json"
    folder = _cache() / "package"
    if (folder / "sarif-2.1.0.json").is_file():
        return folder, ""
    if os.environ.get("TQA_TEST_FETCH", "0") != "1":
        return None, (f"the SARIF Multitool ({MULTITOOL_PACKAGE}, 104 MB) is not in the cache; "
                      "set TQA_TEST_FETCH=1 to fetch it with npm once")
    npm = shutil.which("npm")
    if npm is None:
        return None, f"npm is not installed, so {MULTITOOL_PACKAGE} (SARIF schema and validator) cannot be fetched"
    with tempfile.TemporaryDirectory() as temp:
        try:
            subprocess.run(
                [npm, "pack", f"{MULTITOOL_PACKAGE}@{MULTITOOL_VERSION}", "--pack-destination", temp, "--silent",
                 "--fetch-retries=0", "--fetch-timeout=20000"],
                check=True, capture_output=True, timeout=600,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
            return None, f"npm pack {MULTITOOL_PACKAGE} failed: {error}"
        archive = next(Path(temp).glob("*.tgz"), None)
        if archive is None:
            return None, f"npm pack {MULTITOOL_PACKAGE} produced no archive"
        target = _cache()
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            try:
                tar.extractall(target, filter="data")
            except TypeError:  # Python without extraction filters
                tar.extractall(target)  # noqa: S202 - a registry package we pinned by version and hash
    schema = folder / "sarif-2.1.0.json"
    if not schema.is_file():
        return None, f"{MULTITOOL_PACKAGE} {MULTITOOL_VERSION} ships no sarif-2.1.0.json"
    digest = hashlib.sha256(schema.read_bytes()).hexdigest()
    if digest != SCHEMA_SHA256:
        return None, f"sarif-2.1.0.json of {MULTITOOL_PACKAGE} has sha256 {digest}, expected {SCHEMA_SHA256}"
    return folder, ""


def sarif_multitool() -> tuple[Path | None, str]:
    """The Sarif.Multitool executable, or None and why not."""
    folder, why = sarif_package()
    if folder is None:
        return None, why
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        return None, "the SARIF Multitool npm package used here is for Linux x86-64"
    tool = folder / "Sarif.Multitool"
    if not tool.is_file():
        return None, f"{tool} is missing"
    if not os.access(tool, os.X_OK):
        tool.chmod(0o755)
    return tool, ""


def chromium() -> str | None:
    given = os.environ.get("TQA_CHROMIUM")
    if given:
        return given if os.path.exists(given) else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"


@lru_cache(maxsize=1)
def axe_core() -> tuple[Path | None, str]:
    """axe.min.js of axe-core (fetched into the cache once, under a file lock), or None
    and the reason it is missing."""
    given = os.environ.get("TQA_AXE_CORE")
    if given:
        return (Path(given), "") if os.path.isfile(given) else (None, f"TQA_AXE_CORE={given} is not a file")
    base = _cache().parent / f"axe-core-{AXE_VERSION}"
    script = base / "package" / "axe.min.js"
    base.parent.mkdir(parents=True, exist_ok=True)
    with open(base.parent / ".lock", "w") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover
            pass
        if not script.is_file():
            if os.environ.get("TQA_TEST_FETCH", "1") == "0":
                return None, "TQA_TEST_FETCH=0 and axe-core is not in the cache"
            npm = shutil.which("npm")
            if npm is None:
                return None, "npm is not installed, so axe-core cannot be fetched"
            with tempfile.TemporaryDirectory() as temp:
                try:
                    subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", temp, "--silent"],
                                   check=True, capture_output=True, timeout=600)
                except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
                    return None, f"npm pack axe-core failed: {error}"
                archive = next(Path(temp).glob("*.tgz"), None)
                if archive is None:
                    return None, "npm pack axe-core produced no archive"
                base.mkdir(parents=True, exist_ok=True)
                with tarfile.open(archive) as tar:
                    member = tar.getmember("package/axe.min.js")
                    try:
                        tar.extractall(base, members=[member], filter="data")
                    except TypeError:  # Python without extraction filters
                        tar.extractall(base, members=[member])  # noqa: S202 - pinned by version and hash
    if not script.is_file():
        return None, f"axe-core {AXE_VERSION} ships no axe.min.js"
    digest = hashlib.sha256(script.read_bytes()).hexdigest()
    if digest != AXE_SHA256:
        return None, f"axe.min.js of axe-core {AXE_VERSION} has sha256 {digest}, expected {AXE_SHA256}"
    return script, ""
