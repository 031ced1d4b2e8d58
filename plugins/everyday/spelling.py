"""Spelling with the Hunspell dictionaries found on the machine (Debian's hunspell-*,
LibreOffice's, $DICPATH, `--dictionary DIR`), read by spylls (Hunspell in pure
Python). Placeholders, code, URLs, names, acronyms, identifiers, the source's own
words and the configured words are not misspellings. No dictionary for the target
language: one info finding per document, never a failure."""

from __future__ import annotations

import codecs
import os
import re
from functools import lru_cache

from qa_core import Check, Option, Rule, Severity, Span, hookimpl
from qa_core.lazy import lazy_module
from qa_core.text import fold_diacritics, nfc

from tqa_plugins.everyday.common import c_format, config_error, primary, prose, translated

#: imported when dictionaries are looked for, not by every run
glob = lazy_module("glob", globals(), "glob")

#: where Hunspell dictionaries live on Debian/Ubuntu, Fedora, LibreOffice, macOS
SYSTEM_DIRS = (
    "/usr/share/hunspell",
    "/usr/share/myspell",
    "/usr/share/myspell/dicts",
    "/usr/local/share/hunspell",
    "/usr/lib/libreoffice/share/extensions/dict-*",
    "/opt/libreoffice*/share/extensions/dict-*",
    "/Applications/LibreOffice.app/Contents/Resources/extensions/dict-*",
    "~/Library/Spelling",
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;…\n]\s*|[\"'“‘«(\[]\s*)$")
# Vietnamese tone-mark placement has two conventions (hoà/hòa, thuý/thúy); a
# dictionary knows one of them: look the other up too
_NEW_TO_OLD = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}
_OLD_TO_NEW = {v: k for k, v in _NEW_TO_OLD.items()}
_MAX_SUGGESTIONS = 25  # per document


def search_dirs(extra=()) -> list[str]:
    dirs = [os.path.expanduser(d) for d in extra]
    dirs += [d for d in os.environ.get("DICPATH", "").split(os.pathsep) if d]
    for pattern in SYSTEM_DIRS:
        dirs.extend(sorted(glob.glob(os.path.expanduser(pattern))))
    return [d for d in dirs if os.path.isdir(d)]


def find_dictionary(lang: str | None, dirs: list[str]) -> str | None:
    """The path (without extension) of the best dictionary for `lang` ('vi', 'fr-CA')."""
    if not lang:
        return None
    lang = lang.replace("-", "_")
    base = lang.split("_")[0].lower()
    wanted = [lang, base + "_" + base.upper(), base]
    for directory in dirs:
        for name in wanted:
            for candidate in (name, name.lower()):
                path = os.path.join(directory, candidate)
                if os.path.isfile(path + ".dic") and os.path.isfile(path + ".aff"):
                    return path
    for directory in dirs:
        found = sorted(glob.glob(os.path.join(directory, base + "_*.dic")) + glob.glob(os.path.join(directory, base + "-*.dic")))
        for dic in found:
            if os.path.isfile(dic[:-4] + ".aff"):
                return dic[:-4]
    return None


@lru_cache(maxsize=8)
def load_dictionary(path: str):
    """A spylls Dictionary; ValueError with the reason when it cannot be read."""
    try:
        from spylls.hunspell import Dictionary
    except ImportError as error:  # pragma: no cover - spylls is a dependency
        raise ValueError(f"the spylls library is not installed ({error})") from None
    _check_encoding(path)
    try:
        return Dictionary.from_files(path)
    except (UnicodeError, LookupError, ValueError, IndexError, KeyError, OSError) as error:
        raise ValueError(f"{path}.dic/.aff cannot be read: {type(error).__name__}: {error}") from None


def _check_encoding(path: str) -> None:
    """Hunspell files must decode in the encoding the .aff declares (SET, default
    ISO8859-1); spylls would silently drop what does not."""
    try:
        with open(path + ".aff", "rb") as handle:
            aff = handle.read()
        with open(path + ".dic", "rb") as handle:
            dic = handle.read()
    except OSError as error:
        raise ValueError(f"{path}.dic/.aff cannot be read: {error.strerror}") from None
    declared = re.search(rb"^SET\s+(\S+)", aff, re.MULTILINE)
    encoding = declared.group(1).decode("ascii", "replace") if declared else "ISO8859-1"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ValueError(f"{path}.aff cannot be read: unknown encoding {encoding!r} in its SET line") from None
    for name, data in ((".aff", aff), (".dic", dic)):
        try:
            data.decode(encoding)
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ValueError(f"{path}{name} cannot be read: line {line} is not {encoding}") from None


def _variants(word: str) -> list[str]:
    out = [word]
    lower = word.lower()
    for table in (_NEW_TO_OLD, _OLD_TO_NEW):
        changed = lower
        for a, b in table.items():
            if lower.endswith(a):
                changed = lower[: -len(a)] + b
        if changed != lower:
            out.append(changed)
    return out


class Spelling(Check):
    """Words of the target that the target language's Hunspell dictionary does not know."""

    name = "spelling"
    rules = (
        Rule("SPL001", "misspelling", Severity.MINOR, "Linguistic conventions/Spelling",
             "A word of the target is not in the target language's dictionary (Vietnamese: often missing "
             "diacritics, 'Thoat' for 'Thoát').", default=False),
        Rule("SPL002", "no-dictionary", Severity.INFO, "Other",
             "No Hunspell dictionary was found for the target language, so spelling was not checked (once per "
             "document).", default=False),
    )
    options = (
        Option("dictionaries", [], "Folders with Hunspell .dic/.aff files, searched before the system's "
               "(also --dictionary DIR).", type="array"),
        Option("words", [], "Words to accept in every language (product names, jargon).", type="array"),
        Option("max-per-unit", 3, "Report at most this many misspelt words per unit."),
    )

    def __init__(self, settings=None) -> None:
        super().__init__(settings)
        self._dictionary = None
        self._english = None
        self._looked = False
        self._problem: str | None = None
        self._accept = {w.casefold() for w in self.settings["words"]}
        self._known: dict[str, bool] = {}
        self._hints: dict[str, str | None] = {}
        self._suggested = 0

    def _load(self, lang: str | None):
        if self._looked:
            return self._dictionary
        self._looked = True
        path = find_dictionary(lang, search_dirs(self.settings["dictionaries"]))
        if path is None:
            self._problem = f"no Hunspell dictionary for '{lang}' in {', '.join(search_dirs(self.settings['dictionaries'])) or 'the usual folders'}"
            return None
        try:
            self._dictionary = load_dictionary(path)
        except ValueError as error:
            self._problem = str(error)
        if self._dictionary is not None and primary(lang) != "en":
            # English words left in a translation (jargon: commit, blob, byte) are not misspellings
            english = find_dictionary("en_US", search_dirs(self.settings["dictionaries"]))
            try:
                self._english = load_dictionary(english) if english else None
            except ValueError:
                self._english = None
        return self._dictionary

    def _ok(self, word: str, initial: bool) -> bool:
        key = word
        if key in self._known:
            return self._known[key]
        d = self._dictionary
        candidates = _variants(word)
        if initial and word[:1].isupper():
            candidates += _variants(word[0].lower() + word[1:])
        ok = any(d.lookup(c) for c in candidates)
        if not ok and self._english is not None and word.isascii():
            ok = self._english.lookup(word) or self._english.lookup(word.lower())
        self._known[key] = ok
        return ok

    def check_unit(self, unit, ctx):
        if not translated(unit):
            return
        if self._load(ctx.target_lang) is None:
            return
        target = nfc(unit.target.text)
        if len(target) != len(unit.target.text):
            return  # decomposed text: spans would not match; rare
        source_words = {w.casefold() for w in _WORD.findall(unit.source.text)}
        folded_source = {fold_diacritics(w) for w in source_words}
        text = prose(target, c_format=c_format(unit))
        reported = 0
        for m in _WORD.finditer(text):
            word = m.group()
            if len(word) < 2 or word.casefold() in self._accept or word.casefold() in source_words:
                continue
            if word.isascii() and any(w.startswith(word.casefold()) for w in source_words):
                continue  # the source's word without its ending: blob for "blobs"
            if any(ch.isupper() for ch in word[1:]):
                continue  # an acronym or CamelCase name: GNOME, iPhone
            initial = bool(_SENTENCE_START.search(text[: m.start()]))
            if word[0].isupper() and not initial:
                continue  # a name in the middle of a sentence
            before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
            if before in "-_/.@#$%\\" and before or after in "-_/@\\(" and after:
                continue  # part of an identifier, option or path: --force, foo_bar, name()
            if self._ok(word, initial):
                continue
            if fold_diacritics(word.casefold()) in folded_source and word.isascii():
                continue  # the source's word, written without its accents on purpose?
            hint = self._hint(word)
            yield ctx.finding(
                "SPL001",
                f"'{word}' is not in the {primary(ctx.target_lang)} dictionary" + (f"; did you mean '{hint}'?" if hint else "."),
                target=Span(m.start(), m.end()),
                suggestion=hint,
                data={"word": word},
            )
            reported += 1
            if reported >= int(self.settings["max-per-unit"]):
                return

    def _hint(self, word: str) -> str | None:
        """A correction that only adds diacritics (Thoat -> Thoát). Hunspell's suggestions
        are slow (a fraction of a second a word): asked for a few words per document only."""
        if word in self._hints:
            return self._hints[word]
        if self._suggested >= _MAX_SUGGESTIONS:
            return None
        self._suggested += 1
        self._hints[word] = None
        try:
            for i, suggestion in enumerate(self._dictionary.suggest(word)):
                if fold_diacritics(suggestion).casefold() == fold_diacritics(word).casefold():
                    self._hints[word] = suggestion
                    return suggestion
                if i >= 4:
                    break
        except Exception:  # noqa: BLE001 - a hint is optional
            return None
        return None

    def check_document(self, document, ctx):
        if self._problem and ctx.is_enabled("SPL002"):
            yield ctx.finding("SPL002", f"Spelling not checked: {self._problem}.", unit=None)


@hookimpl
def tqa_add_options(parser):
    parser.add_argument("--dictionary", dest="spelling.dictionaries", action="append", metavar="DIR",
                        help="a folder of Hunspell .dic/.aff dictionaries for the spelling check; repeatable")


@hookimpl
def tqa_configure(config):
    """Refuse a dictionary folder that does not exist or holds an unreadable dictionary."""
    settings = config.checks.get("spelling") or {}
    for folder in settings.get("dictionaries") or []:
        path = os.path.expanduser(str(folder))
        if not os.path.isdir(path):
            raise config_error(config, "spelling", "dictionaries", f"folder {folder!r} does not exist", needle=str(folder))
        dics = sorted(glob.glob(os.path.join(path, "*.dic")))
        if not dics:
            raise config_error(config, "spelling", "dictionaries", f"folder {folder!r} holds no Hunspell .dic file", needle=str(folder))
        for dic in dics:
            if not os.path.isfile(dic[:-4] + ".aff"):
                raise config_error(config, "spelling", "dictionaries", f"{dic} has no .aff file beside it", needle=str(folder))
            try:
                load_dictionary(dic[:-4])
            except ValueError as error:
                raise config_error(config, "spelling", "dictionaries", str(error), needle=str(folder)) from None
    value = settings.get("max-per-unit")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise config_error(config, "spelling", "max-per-unit", f"must be a whole number (got {value!r})")


@hookimpl
def tqa_register_checks():
    return [Spelling]
