"""Numbers, percentages, ordinals and dates in a sentence, as values comparable across French and English.

« 150 000 pays » and "150,000 countries" hold the same number, « 5 % » and
"5%" the same percentage, « 1er » and "1st" the same ordinal, « 26 juin
2017 » and "June 26, 2017" the same date. Numbers written in words are read
with text2num (« quatre » = "four" = 4), French Roman-numeral ordinals as
ordinals (« XIXe siècle » = "19th century"). Dates are found by their month
names: dateparser, tried first, reads "18%" as a date and misses ranges such
as « les 13 et 14 mars ».
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from text_to_num import alpha2digit

from aligner.document import Bead
from aligner.findings import Finding, Spans, merged_spans

if TYPE_CHECKING:
    from aligner.checks.base import AlignedPair, Severity

#: Group separators: space, no-break space, narrow no-break space, thin space.
_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(
    rf"""(?<![\w.,])(?:
        \d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:,\d+)?     # 1 000 000,5 (French groups)
      | \d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?              # 1,000,000.5 (English groups)
      | \d+(?:[.,]\d+)?                               # 12 / 12,5 / 12.5
    )(?:\s?(?:er|re|e|ème|eme|st|nd|rd|th)\b)?        # ordinal suffix
    (?:[{_SPACES}]?%)?""",
    re.VERBOSE,
)
_PERCENT_WORDS = {
    "fr": re.compile(r"\bpour\s+cent\b", re.IGNORECASE),
    "en": re.compile(r"\bper\s?cent\b", re.IGNORECASE),
}
#: Numbers under this are often written in words in one version and not the
#: other ("deux fois" / "twice"): they are left as words, unless the other
#: version has the figure (« deux résolutions » / "the 2 resolutions").
WORD_NUMBER_THRESHOLD = 3
#: A French ordinal in Roman numerals: « XIXe siècle », « la Ve République ».
#: Only I, V and X, so that « Ce » and « Le » are never read as numbers.
_ROMAN_ORDINAL = re.compile(r"\b(?P<roman>[IVX]{1,6})(?:e|er|re|ème)\b")
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10}


@dataclass(frozen=True)
class Value:
    """One value found in a text: what it is, its normalised form, and the text it was read from."""

    kind: str  # "number", "percent" or "ordinal"
    value: float
    text: str


def _to_float(digits: str, lang: str) -> float:
    digits = re.sub(f"[{_SPACES}]", "", digits)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", digits):
        return float(digits.replace(",", ""))
    if "," in digits and "." not in digits:
        # "12,5" is a decimal in French; in English "12,5" is unusual, read it the same.
        return float(digits.replace(",", "."))
    return float(digits)


def numbers(text: str, lang: str, *, word_threshold: int = WORD_NUMBER_THRESHOLD) -> list[Value]:
    """The numbers, percentages and ordinals of ``text``, figures and words alike.

    Numbers written in words are read from ``word_threshold`` up.
    """
    percent = _PERCENT_WORDS.get(lang)
    if percent is not None:
        text = percent.sub("%", text)
    values = []
    if lang == "fr":
        values += [
            Value("ordinal", float(_roman_value(match.group("roman"))), match.group(0))
            for match in _ROMAN_ORDINAL.finditer(text)
        ]
    if lang in {"fr", "en", "de", "es", "pt", "it", "nl"}:
        text = alpha2digit(text, lang, threshold=word_threshold)
    for match in _NUMBER.finditer(text):
        surface = match.group(0).strip()
        leading = re.match(rf"[\d{_SPACES},.]+", surface)
        assert leading is not None  # every _NUMBER match starts with a digit
        digits = leading.group(0).rstrip(_SPACES + ",.")
        kind = "percent" if surface.endswith("%") else "ordinal" if surface[-1].isalpha() else "number"
        values.append(Value(kind, _to_float(digits, lang), surface))
    return values


def _roman_value(roman: str) -> int:
    digits = [_ROMAN_DIGITS[letter] for letter in roman]
    # A digit smaller than the next one is subtracted (IV = 4, XIX = 19).
    return sum(
        -digit if digit < following else digit for digit, following in zip(digits, [*digits[1:], 0], strict=True)
    )


@dataclass(frozen=True)
class DateValue:
    """A calendar date or run of dates: a month, its days, and the year when the text gives one."""

    month: int
    days: frozenset[int]
    year: int | None
    text: str

    def key(self) -> tuple[int, frozenset[int]]:
        """What must match across versions; years are compared as numbers."""
        return (self.month, self.days)


#: Month names, in calendar order.
MONTHS = {
    "fr": [
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ],
    "en": [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ],
    "de": [
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    ],
}
_DAY = r"\d{1,2}(?:er|re|e|st|nd|rd|th|\.)?"
_DAYS = rf"{_DAY}(?:\s*(?:,|et|and|und|au|à|to|bis|-|–)\s*{_DAY})*"


@cache
def _date_pattern(lang: str) -> re.Pattern[str] | None:
    months = MONTHS.get(lang)
    if months is None:
        return None
    month = "|".join(months)
    # « les 13 et 14 mars 2024 », "13 March 2024", "March 13 and 14, 2024".
    return re.compile(
        rf"(?:\b(?P<days>{_DAYS})\s+(?P<month>{month})|\b(?P<month2>{month})\s+(?P<days2>{_DAYS})(?!\d))"
        rf"(?:,?\s+(?P<year>\d{{4}}))?\b",
        re.IGNORECASE,
    )


def dates(text: str, lang: str) -> list[DateValue]:
    """The dates named in ``text`` with a month and days (« 12 mai », "June 26, 2017", « les 13 et 14 mars »).

    A month named without a day is left out: too often it is something else
    ("the Minister may").
    """
    pattern = _date_pattern(lang)
    if pattern is None:
        return []
    names = [name.lower() for name in MONTHS[lang]]
    values = []
    for match in pattern.finditer(text):
        month = (match.group("month") or match.group("month2")).lower()
        days = frozenset(int(day) for day in re.findall(r"\d{1,2}", match.group("days") or match.group("days2")))
        year = int(match.group("year")) if match.group("year") else None
        if all(1 <= day <= 31 for day in days):
            values.append(DateValue(names.index(month) + 1, days, year, match.group(0)))
    return values


@dataclass(frozen=True)
class ValueDifference:
    """Values one side has and the other lacks, as evidence."""

    only_src: list[str]
    only_tgt: list[str]

    def __bool__(self) -> bool:
        return bool(self.only_src or self.only_tgt)

    def __str__(self) -> str:
        parts = []
        if self.only_src:
            parts.append("source only: " + ", ".join(self.only_src))
        if self.only_tgt:
            parts.append("target only: " + ", ".join(self.only_tgt))
        return "; ".join(parts)


def compare_numbers(
    src: str, src_lang: str, tgt: str, tgt_lang: str, *, ignore: AbstractSet[float] = frozenset()
) -> ValueDifference:
    """The numbers that one side has more often than the other, values in ``ignore`` aside."""
    src_values = [v for v in numbers(src, src_lang) if v.value not in ignore]
    tgt_values = [v for v in numbers(tgt, tgt_lang) if v.value not in ignore]
    # Values are compared, not kinds: an ordinal and a plain number are the
    # same fact ("le 1er mai" / "May 1").
    src_plain = Counter(v.value for v in src_values)
    tgt_plain = Counter(v.value for v in tgt_values)
    missing_tgt = _without_small_words(src_plain - tgt_plain, tgt, tgt_lang, ignore)
    missing_src = _without_small_words(tgt_plain - src_plain, src, src_lang, ignore)
    surface = {**{v.value: v.text for v in tgt_values}, **{v.value: v.text for v in src_values}}
    return ValueDifference(
        sorted(surface[value] for value in missing_tgt.elements()),
        sorted(surface[value] for value in missing_src.elements()),
    )


def _without_small_words(missing: Counter, other: str, other_lang: str, ignore: AbstractSet[float]) -> Counter:
    """``missing`` less the small numbers that ``other`` writes in words."""
    if not any(value < WORD_NUMBER_THRESHOLD for value in missing):
        return missing
    in_words = Counter(v.value for v in numbers(other, other_lang, word_threshold=0) if v.value not in ignore)
    small = Counter({value: count for value, count in missing.items() if value < WORD_NUMBER_THRESHOLD})
    return missing - (small & in_words)


def compare_dates(src: str, src_lang: str, tgt: str, tgt_lang: str) -> ValueDifference:
    """The dates (month and day) that only one side names."""
    src_dates = dates(src, src_lang)
    tgt_dates = dates(tgt, tgt_lang)
    missing_tgt = Counter(d.key() for d in src_dates) - Counter(d.key() for d in tgt_dates)
    missing_src = Counter(d.key() for d in tgt_dates) - Counter(d.key() for d in src_dates)
    return ValueDifference(
        [d.text for d in src_dates if d.key() in missing_tgt],
        [d.text for d in tgt_dates if d.key() in missing_src],
    )


#: A value replaced by another is likely a mistake.
REPLACED_SEVERITY: Severity = "high"
#: A value on one side only is often rewording ("subsection (1)" spelled out in one version only).
ONE_SIDE_SEVERITY: Severity = "medium"


def run(pair: AlignedPair) -> list[Finding]:
    """Dates, then numbers, that one side of a matched bead has and the other lacks."""
    src_lang, tgt_lang = pair.alignment.src.lang, pair.alignment.tgt.lang
    findings = []
    for bead, (src_text, tgt_text) in zip(pair.matched, pair.texts, strict=True):
        date_difference = compare_dates(src_text, src_lang, tgt_text, tgt_lang)
        if date_difference:
            findings.append(_finding(pair, bead, "date", date_difference, src_text, tgt_text))
        # A day or year already reported inside a date is not reported again as a number.
        in_dates = {v.value for surface in date_difference.only_src for v in numbers(surface, src_lang)}
        in_dates |= {v.value for surface in date_difference.only_tgt for v in numbers(surface, tgt_lang)}
        number_difference = compare_numbers(src_text, src_lang, tgt_text, tgt_lang, ignore=in_dates)
        if number_difference:
            findings.append(_finding(pair, bead, "number", number_difference, src_text, tgt_text))
    return findings


def _finding(
    pair: AlignedPair, bead: Bead, kind: str, difference: ValueDifference, src_text: str, tgt_text: str
) -> Finding:
    severity = REPLACED_SEVERITY if difference.only_src and difference.only_tgt else ONE_SIDE_SEVERITY
    return pair.finding(
        bead,
        kind,
        severity,
        f"{kind}s differ: {difference}",
        src_spans=_spans_of(src_text, difference.only_src),
        tgt_spans=_spans_of(tgt_text, difference.only_tgt),
    )


def _spans_of(text: str, surfaces: Iterable[str]) -> Spans:
    """Where each surface form first occurs in ``text``."""
    spans = []
    for surface in surfaces:
        start = text.find(surface)
        if start >= 0:
            spans.append((start, start + len(surface)))
    return merged_spans(spans)
