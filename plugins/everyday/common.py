"""Helpers the everyday checks share: the parts of a text that are not prose
(placeholders, URLs, e-mail addresses, paths, inline code), languages, quoting."""

from __future__ import annotations

import re
from functools import lru_cache

from qa_core.text import placeholders

#: URLs, e-mail addresses, paths, @mentions, #hashtags - one pattern per kind
URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'“”‘’«»（）()\[\]{}]+", re.IGNORECASE)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
PATH = re.compile(r"(?<![\w/~.])(?:~|\.{1,2})?(?:/[\w.+-]+){2,}/?|(?<![\w\\])[A-Za-z]:\\(?:[\w .+-]+\\)*[\w.+-]+")
MENTION = re.compile(r"(?<![\w@./])@[A-Za-z_][A-Za-z0-9_]{2,30}(?![\w.@-])")
HASHTAG = re.compile(r"(?<![\w&#/])#[A-Za-z_][\w]*[A-Za-z_][\w]*\b")
CODE = re.compile(r"`[^`\n]+`|<[a-zA-Z/][^<>\n]*>|&[a-zA-Z]+;|&#\d+;")

#: a mark or spaces standing alone between an opening and a closing quote or bracket are
#: the character shown, not punctuation or typing: `Colon « : »`, a tab as `«    »`
_SHOWN_OPEN = re.compile(r"[«“\"'‘(\[「‹][ \u00a0\u202f]*$")
_SHOWN_CLOSE = re.compile(r"[ \u00a0\u202f]*[»”\"'’)\]」›]")


def shown_alone(text: str, start: int, end: int) -> bool:
    """text[start:end] stands alone between quotes or brackets (spaces around it allowed):
    the character shown or named, as in `« : »` or `«    »`."""
    return bool(_SHOWN_OPEN.search(text, 0, start) and _SHOWN_CLOSE.match(text, end))


def standalone(text: str, word: str, joiners: str = "") -> int:
    r"""Where `word` first stands alone in `text` (-1 if nowhere): no word character (a
    letter, digit or "_") nor one of `joiners` just before or after it. The same answer as
    `re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text)` (joiners "-") without
    compiling a pattern for each word: checks ask this of a unit's own tokens, most of
    them seen once, and compiling was most of the cost (a word character is what `\w`
    matches: `str.isalnum()` or "_")."""
    if not word:
        return _first_gap(text, joiners)
    size = len(word)
    at = text.find(word)
    while at >= 0:
        before = text[at - 1] if at else ""
        after = text[at + size:at + size + 1]
        if not (before and (before.isalnum() or before == "_" or before in joiners)) and \
                not (after and (after.isalnum() or after == "_" or after in joiners)):
            return at
        at = text.find(word, at + 1)
    return -1


def _first_gap(text: str, joiners: str) -> int:
    """Where an empty word first stands alone: the first place with no word character or
    joiner on either side (what the pattern finds for an empty word)."""
    for at in range(len(text) + 1):
        before = text[at - 1] if at else ""
        after = text[at:at + 1]
        if not (before and (before.isalnum() or before == "_" or before in joiners)) and \
                not (after and (after.isalnum() or after == "_" or after in joiners)):
            return at
    return -1


def trim_url(text: str) -> str:
    """A URL without the sentence punctuation that follows it."""
    return text.rstrip(".,;:!?…")


def protected_spans(text: str, *, c_format: bool = False) -> list[tuple[int, int]]:
    """Spans of `text` that are not prose: placeholders, URLs, e-mails, paths, code.
    Several checks ask for the same unit's text: the answer is kept for the last texts."""
    return list(_protected_spans(text, c_format))


def protected_spans_shared(text: str, *, c_format: bool = False) -> tuple[tuple[int, int], ...]:
    """`protected_spans` as the kept tuple itself, for a caller that only reads it."""
    return _protected_spans(text, c_format)


@lru_cache(maxsize=4096)
def _protected_spans(text: str, c_format: bool) -> tuple[tuple[int, int], ...]:
    spans = [(p.start, p.end) for p in placeholders(text, c_format=c_format)]
    if _ANY_HINT.search(text) is not None:  # (most texts hold none of the hints: one scan, no test each)
        for pattern, hint in _HINTED:
            if hint(text):
                spans.extend(m.span() for m in pattern.finditer(text))
    return tuple(sorted(spans))


_WWW = re.compile(r"www\.", re.IGNORECASE)
#: each pattern with a test that is true of every text the pattern can match (a URL has
#: "://" or "www.", an e-mail address "@", a path "/" or "\\", code "`", "<" or "&"),
#: so that most texts skip the scans
_HINTED = (
    (URL, lambda text: "://" in text or _WWW.search(text) is not None),
    (EMAIL, lambda text: "@" in text),
    (PATH, lambda text: "/" in text or "\\" in text),
    (CODE, lambda text: "`" in text or "<" in text or "&" in text),
)
#: true of a text where any of `_HINTED`'s tests is
_ANY_HINT = re.compile(r"://|www\.|[@/\\`<&]", re.IGNORECASE)


def mask(text: str, spans: list[tuple[int, int]], fill: str = " ") -> str:
    """`text` with every span replaced by `fill` characters (offsets are kept)."""
    if not spans:
        return text
    pieces: list[str] = []
    done = 0  # text[:done] is in pieces
    for start, end in sorted(spans):
        start, end = max(start, done), min(end, len(text))
        if end <= start:
            continue
        pieces.append(text[done:start])
        blank = text[start:end]
        if len(fill) == 1 and "\n" not in blank:
            pieces.append(fill * (end - start))
        else:
            pieces.append("".join(ch if ch == "\n" else fill for ch in blank))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


@lru_cache(maxsize=4096)
def _prose(text: str, c_format: bool) -> str:
    spans = _protected_spans(text, c_format)
    return mask(text, list(spans)) if spans else text  # (`mask` gives the text itself for no spans)


def prose(text: str, *, c_format: bool = False) -> str:
    """`text` with the non-prose parts blanked out, same length."""
    return _prose(text, c_format)


@lru_cache(maxsize=1024)
def primary(lang: str | None) -> str:
    """'vi-VN' -> 'vi', 'pt_BR' -> 'pt', None -> ''. (Kept per tag: the checks ask it
    of every unit, and a run has a few tags.)"""
    return lang.replace("_", "-").split("-")[0].lower() if lang else ""


_VIETNAMESE = frozenset("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯ")


def guess_language(text: str) -> str:
    """A language for a file that does not declare one, from letters only its script
    has: 'vi' for Vietnamese, 'zh'/'ja' for Han and kana; '' when unsure."""
    if any(ch in _VIETNAMESE for ch in text):
        return "vi"
    if any("\u3040" <= ch <= "\u30ff" for ch in text):
        return "ja"
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return "zh"
    return ""


def c_format(unit) -> bool:
    return "c-format" in unit.flags


def quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


#: (unit, answer) of the last unit asked: a dozen checks ask about each unit in turn. The
#: unit is held, so no other object can have its identity; units are frozen.
_LAST_TRANSLATED: tuple = (None, False)


def translated(unit) -> bool:
    """The unit has a target worth checking: not an omitted or added paragraph of an
    aligned pair (`align:link` 1-0 or 0-1), which the omission check reports."""
    global _LAST_TRANSLATED
    last = _LAST_TRANSLATED
    if last[0] is unit:
        return last[1]
    answer = unit.get("align:link") not in ("1-0", "0-1") and bool(
        unit.translate and unit.target is not None and unit.target.text.strip())
    _LAST_TRANSLATED = (unit, answer)
    return answer


def config_error(config, check: str, key: str, message: str, needle: str | None = None):
    """A ConfigError naming the setting `[tool.tqa.<check>] key`, with the config file
    and the line of the key when the setting comes from a file."""
    from qa_core.errors import ConfigError

    path = getattr(config, "path", None)
    line = None
    if path:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines()
        except OSError:
            lines = []
        in_table = False
        for number, text in enumerate(lines, start=1):
            stripped = text.strip()
            if stripped.startswith("["):
                in_table = stripped.strip("[]").strip().split(".")[-1].strip('"') == check
                continue
            if line is None and in_table and re.match(rf'"?{re.escape(key)}"?\s*=', stripped):
                line = number
                if not needle or needle in text:
                    break
            elif line is not None and needle and needle in text:
                line = number  # the line of the offending item inside a multi-line array
                break
    return ConfigError(path or "command line", f"'{check}.{key}': {message}", line)
