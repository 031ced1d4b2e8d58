"""Length limits: the maximum the file declares for a unit (XLIFF 1.2 maxwidth with
size-unit char or byte, maxbytes; XLIFF 2 slr:sizeRestriction and
slr:storageRestriction; ITS storageSize), and a configurable band of target/source
length ratios per language pair."""

from __future__ import annotations

import codecs

from qa_core import Check, Option, Rule, Severity, Span, hookimpl

from tqa_plugins.everyday.common import config_error, primary, quote, translated

#: (property, what it counts) - codepoints or bytes in an encoding
_LIMITS = (
    ("slr:sizeRestriction", "chars"),
    ("slr:storageRestriction", "bytes"),
    ("its:storageSize", "bytes"),
    ("maxbytes", "bytes"),
)


def _number(value: str | None) -> int | None:
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None


class LengthLimits(Check):
    """The target must fit the space the file declares, and its length stay in proportion."""

    name = "length"
    rules = (
        Rule("LEN001", "length-limit-exceeded", Severity.MAJOR, "Design and markup/Truncation/text expansion",
             "The target is longer than the maximum the file declares for the unit (characters or bytes)."),
        Rule("LEN002", "length-ratio", Severity.MINOR, "Design and markup/Truncation/text expansion",
             "The target is much longer or shorter than the source, outside the configured band for the "
             "language pair.", default=False),
    )
    options = (
        Option("ratio", {"*": [0.25, 4.0]}, "Target/source length bands per language pair: {\"en-vi\": [0.8, 1.8], "
               "\"*\": [0.25, 4.0]} (keys 'src-tgt', 'src-*', '*-tgt' or '*'; each [min, max]).", type="object"),
        Option("min-source-chars", 20, "LEN002 compares sources at least this long."),
    )

    def check_unit(self, unit, ctx):
        if not translated(unit):
            return
        target = unit.target.text
        declared = []
        width, size_unit = _number(unit.get("maxwidth")), (unit.get("size-unit") or "pixel")
        if width is not None and size_unit in ("char", "byte"):
            declared.append(("maxwidth", width, "chars" if size_unit == "char" else "bytes"))
        for name, kind in _LIMITS:
            limit = _number(unit.get(name))
            if limit is not None:
                declared.append((name, limit, kind))
        encoding = unit.get("its:storageEncoding") or "utf-8"
        try:
            codecs.lookup(encoding)
        except LookupError:
            encoding = "utf-8"
        for name, limit, kind in declared:
            size = len(target) if kind == "chars" else len(target.encode(encoding, errors="replace"))
            if size > limit:
                cut = _cut(target, limit, kind, encoding)
                yield ctx.finding(
                    "LEN001",
                    f"The target has {size} {'characters' if kind == 'chars' else f'bytes ({encoding})'}, "
                    f"more than the {limit} its {name} allows: {quote(target)}.",
                    target=Span(cut, len(target)),
                    data={"limit": limit, "size": size, "unit": kind, "attribute": name},
                )
        if not ctx.is_enabled("LEN002"):
            return
        source = unit.source.text.strip()
        if len(source) < int(self.settings["min-source-chars"]):
            return
        band = _band(self.settings["ratio"], primary(ctx.source_lang), primary(ctx.target_lang))
        if band is None:
            return
        low, high = band
        ratio = len(target.strip()) / len(source)
        if ratio < low or ratio > high:
            yield ctx.finding(
                "LEN002",
                f"The target is {ratio:.2f} times as long as the source, outside the band {low}–{high} for "
                f"{primary(ctx.source_lang) or '*'}-{primary(ctx.target_lang) or '*'}.",
                target=Span(0, len(target)),
                data={"ratio": round(ratio, 3), "band": [low, high]},
            )


def _cut(text: str, limit: int, kind: str, encoding: str) -> int:
    if kind == "chars":
        return min(limit, len(text))
    used = 0
    for index, ch in enumerate(text):
        used += len(ch.encode(encoding, errors="replace"))
        if used > limit:
            return index
    return len(text)


def _band(bands: dict, source: str, target: str):
    for key in (f"{source}-{target}", f"{source}-*", f"*-{target}", "*"):
        if key in bands:
            low, high = bands[key]
            return float(low), float(high)
    return None


@hookimpl
def tqa_configure(config):
    """Refuse a ratio band that is not two numbers, naming the setting and its line."""
    settings = config.checks.get("length") or {}
    bands = settings.get("ratio")
    if bands is None:
        return
    for key, band in bands.items():
        ok = isinstance(band, (list, tuple)) and len(band) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in band)
        if not ok or band[0] > band[1] or band[0] < 0:
            raise config_error(config, "length", "ratio",
                               f"the band for {key!r} must be [min, max], two numbers with min <= max (got {band!r})")
    value = settings.get("min-source-chars")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise config_error(config, "length", "min-source-chars", f"must be a whole number (got {value!r})")


@hookimpl
def tqa_register_checks():
    return [LengthLimits]
