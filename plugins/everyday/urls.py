"""URLs, e-mail addresses, file paths, @mentions and #hashtags must come through the
translation unchanged: a changed link sends the reader elsewhere."""

from __future__ import annotations

import re
from collections import Counter

from qa_core import Check, Option, Rule, Severity, Span, hookimpl

from tqa_plugins.everyday.common import EMAIL, HASHTAG, MENTION, URL, quote, translated, trim_url

_PATH = re.compile(r"(?<![\w/~.<\-])(?:~|\.{1,2})?(?:/[A-Za-z0-9_.+-]+){2,}/?(?![\w>])|(?<![\w\\])[A-Za-z]:\\(?:[A-Za-z0-9_ .+-]+\\)*[A-Za-z0-9_.+-]+")
_HEX = re.compile(r"#[0-9a-fA-F]{3,8}$")
#: scheme, language label and the rest of the host: https://en.wikipedia.org/...
_LANG_HOST = re.compile(r"(https?://)(?:([a-z]{2,3})\.)?([\w-]+(?:\.[\w-]+)+)(?=[/?#]|$)", re.IGNORECASE)
_LANG_SEGMENT = re.compile(r"(?<=[/=._-])[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?(?=[/&._-]|$)")

#: a language code in the part a target URL adds to the source's: /vi/, .vi, index.vi.html, ?lang=vi
_LANG_TAIL = re.compile(r"(?:[/._=-])([a-z]{2,3}(?:[-_][a-z]{2,4})?)(?:[/.&#]|$)")
_CREDITS = frozenset({"translator-credits", "translator-credits:", "your-name", "translators"})
_TRANSLATED_PATH = re.compile(r"(?:/[\w.-]*[^\W\x00-\x7f][\w.-]*){1,}")
_EXAMPLE = re.compile(r"[@./](?:example|exemple|beispiel|ejemplo|esempio|voorbeeld|przyklad|пример|ví_dụ|vidu)\.", re.IGNORECASE)


def _example(value: str) -> bool:
    """An address of the reserved example domains (RFC 2606), which translators localise."""
    return bool(_EXAMPLE.search(value + "."))


KINDS = ("url", "email", "path", "mention", "hashtag")
_NAMES = {"url": "URL", "email": "e-mail address", "path": "file path", "mention": "@mention", "hashtag": "#hashtag"}


def items(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, text, start, end) of every URL, e-mail address, path, mention and hashtag."""
    out: list[tuple[str, str, int, int]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for kind, pattern, hint in _PATTERNS:
        if not hint(text):
            continue  # the pattern cannot match: most texts hold no address at all
        for m in pattern.finditer(text):
            value = trim_url(m.group()) if kind in ("url", "path") else m.group()
            start, end = m.start(), m.start() + len(value)
            if kind == "hashtag" and _HEX.match(value):
                continue
            if kind == "url" and value.lower().rstrip("/") in ("http:", "https:", "www."):
                continue
            if kind == "path" and _headings(value):
                continue  # /SS/df/MS/F: column headings joined by slashes, not a file path
            if free(start, end):
                taken.append((start, end))
                out.append((kind, value, start, end))
    return sorted(out, key=lambda x: x[2])


_WWW = re.compile(r"www\.", re.IGNORECASE)
#: each kind's pattern with a test true of every text it can match (a URL holds "://" or
#: "www.", an e-mail address and a mention "@", a path "/" or "\\", a hashtag "#")
_PATTERNS = (
    ("url", URL, lambda text: "://" in text or _WWW.search(text) is not None),
    ("email", EMAIL, lambda text: "@" in text),
    ("path", _PATH, lambda text: "/" in text or "\\" in text),
    ("mention", MENTION, lambda text: "@" in text),
    ("hashtag", HASHTAG, lambda text: "#" in text),
)


def _headings(value: str) -> bool:
    """A run of slash-joined abbreviations, most of one or two characters ("/SS/df/MS/F",
    "km/h/s"): headings or units in a list, not a path (a path's segments are names)."""
    segments = [s for s in re.split(r"[/\\]", value) if s]
    return len(segments) >= 3 and sum(len(s) <= 2 for s in segments) * 2 > len(segments)


#: a URL template: its host is a metavariable ("irc://server:port/channel", "afc://uuid:port-number"),
#: not a host name; its parts are names for the reader, which translators translate
_TEMPLATE_HOST = re.compile(r"[a-z][a-z0-9+.-]*://(?:[^\W\d_][\w-]*@)?([^\W\d_][\w-]*)(?=[:/?#]|$)", re.IGNORECASE)


def _template(a: str, b: str) -> bool:
    m = _TEMPLATE_HOST.match(a)
    if m is None or m.group(1).lower() == "localhost" or "." in m.group(1):
        return False
    return b.lower().startswith(a[: a.index("://") + 3].lower())


def _key(kind: str, value: str) -> str:
    if kind == "url":
        return value.rstrip("/").lower()
    if kind in ("email", "hashtag", "mention"):
        return value.lower()
    return value


def _localised(a: str, b: str, source_lang: str, target_lang: str) -> bool:
    """The same URL with the language code changed: /en/ -> /vi/, hl=en -> hl=vi."""
    codes = {c for c in (source_lang, target_lang) if c}
    if not codes:
        return False
    norm = lambda u: _LANG_SEGMENT.sub(lambda m: "{lang}" if m.group().split("-")[0].split("_")[0].lower() in codes else m.group(), u)
    if norm(a.lower()) == norm(b.lower()):
        return True
    base, longer = a.lower().rstrip("/"), b.lower()
    if longer.startswith(base) and target_lang and target_lang != source_lang and any(
            re.split(r"[-_]", m.group(1))[0] == target_lang for m in _LANG_TAIL.finditer(longer[len(base):])):
        return True  # help.gnome.org/users/gedit/stable/ -> …/stable/index.html.vi: the page in the reader's language
    # the target language's edition of the same site (en.wikipedia.org/wiki/X -> vi.wikipedia.org/wiki/Y):
    # its page has its own path, the translator chose the reader's language on purpose
    ha, hb = _LANG_HOST.match(a), _LANG_HOST.match(b)
    if not (ha and hb and target_lang and ha.group(1).lower() == hb.group(1).lower()):
        return False
    if ((hb.group(2) or "").lower() == target_lang and (ha.group(2) or "").lower() in (source_lang, "www", "")
            and ha.group(3).lower() == hb.group(3).lower()):
        return True
    # the site's edition for the target language's country (www.google.com -> www.google.com.vn)
    country = _country(target_lang)
    if not country or (ha.group(2) or "").lower() != (hb.group(2) or "").lower():
        return False
    host_a, host_b = ha.group(3).lower(), hb.group(3).lower()
    return host_b in (f"{host_a}.{country}", f"{host_a.rsplit('.', 1)[0]}.{country}", f"{host_a.rsplit('.', 1)[0]}.com.{country}")


def _country(lang: str) -> str | None:
    """The country code top-level domain of a language's likely country (CLDR): vi -> vn."""
    try:
        from babel.core import get_global

        likely = get_global("likely_subtags").get(lang)
    except Exception:  # pragma: no cover - Babel is a dependency
        return None
    if not likely:
        return None
    parts = likely.split("_")
    region = next((p for p in parts[1:] if len(p) == 2 and p.isupper()), None)
    return region.lower() if region else None


class Addresses(Check):
    """URLs, e-mail addresses, paths, mentions and hashtags changed, dropped or added."""

    name = "addresses"
    rules = (
        Rule("URL001", "address-mismatch", Severity.MAJOR, "Design and markup/Link/cross-reference",
             "A URL, e-mail address, file path, @mention or #hashtag of the source is changed or missing in the "
             "target, or the target adds one.",
             profiles=("document",)),  # off on software strings: docs/precision.md, "Checking profiles"
    )
    options = (
        Option("kinds", ["url", "email", "path"], "Which kinds to compare: url, email, path, mention, hashtag "
               "(mentions and hashtags only matter in social-media text: add them there).", type="array"),
        Option("report-added", True, "Also report addresses the target adds (a translator's credit URL, say)."),
    )

    def check_unit(self, unit, ctx):
        if not translated(unit):
            return
        source, target = unit.source.text, unit.target.text
        if not any(ch in source + target for ch in "/@#:\\"):
            return
        if source.strip().lower().replace("_", "-") in _CREDITS:
            return  # the translators' names and addresses
        kinds = set(self.settings["kinds"])
        src = [i for i in items(source) if i[0] in kinds]
        tgt = [i for i in items(target) if i[0] in kinds]
        if not src and not tgt:
            return
        missing = Counter(_key(k, v) for k, v, _, _ in src) - Counter(_key(k, v) for k, v, _, _ in tgt)
        added = Counter(_key(k, v) for k, v, _, _ in tgt) - Counter(_key(k, v) for k, v, _, _ in src)
        lost = _pick(src, missing)
        new = _pick(tgt, added)
        slang = (ctx.source_lang or "").split("-")[0].lower()
        tlang = (ctx.target_lang or "").split("-")[0].lower()
        for item in list(lost):
            partner = next((n for n in new if n[0] == item[0]), None)
            if partner is None:
                continue
            lost.remove(item)
            new.remove(partner)
            if item[0] == "url" and _localised(item[1], partner[1], slang, tlang):
                continue
            if _example(item[1]):
                continue  # you@example.com -> vous@exemple.com: an example, localised
            if item[0] == "url" and _template(item[1], partner[1]):
                continue  # irc://server:port/channel -> irc://máy:cổng/kênh: the template's names, translated
            yield ctx.finding(
                "URL001",
                f"The {_NAMES[item[0]]} '{item[1]}' became '{partner[1]}' in the target.",
                source=Span(item[2], item[3]), target=Span(partner[2], partner[3]),
                suggestion=item[1], data={"kind": "changed", "type": item[0], "source": item[1], "target": partner[1]},
            )
        for kind, value, start, end in lost:
            if kind != "url" and value in target:
                continue  # present, only glued to other text
            if kind == "path" and _TRANSLATED_PATH.search(target):
                continue  # /path/to/directory -> /đường/dẫn/tới/thư/mục: an example path, translated
            if _example(value) and ("@" if kind == "email" else "/") in target:
                continue  # an example address, written the target language's way (bạn@ví_dụ.com)
            yield ctx.finding(
                "URL001",
                f"The {_NAMES[kind]} '{value}' of the source is missing from the target {quote(target)}.",
                source=Span(start, end), target=Span(0, len(target)),
                data={"kind": "missing", "type": kind, "source": value},
            )
        if not self.settings["report-added"]:
            return
        appended = _appended_lines(source, target)
        for kind, value, start, end in new:
            if value in source:
                continue
            if start >= appended:
                continue  # a line the translator appended (the team's address for translation bugs): a note, not the text
            yield ctx.finding(
                "URL001",
                f"The target adds the {_NAMES[kind]} '{value}', which the source does not have.",
                target=Span(start, end),
                data={"kind": "added", "type": kind, "target": value},
            )


def _appended_lines(source: str, target: str) -> int:
    """Where the lines the target appends after its translation of the source's lines
    begin (len(target) when it appends none): gettext translators of the Translation
    Project add a line with their team's address to a program's bug-report message."""
    source_lines = source.rstrip("\n").count("\n") + 1
    lines = target.rstrip("\n").split("\n")
    if len(lines) <= source_lines:
        return len(target)
    return sum(len(line) + 1 for line in lines[:source_lines])


def _pick(found, tally: Counter) -> list:
    left = Counter(tally)
    out = []
    for item in found:
        k = _key(item[0], item[1])
        if left[k] > 0:
            left[k] -= 1
            out.append(item)
    return out


@hookimpl
def tqa_register_checks():
    return [Addresses]
