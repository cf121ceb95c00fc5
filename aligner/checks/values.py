"""Numbers, percentages, ordinals and dates in a sentence, as values comparable across languages.

« 150 000 pays » and "150,000 countries" hold the same number, « 5 % » and
"5%" the same percentage, « 1er » and "1st" the same ordinal, « 26 juin
2017 » and "June 26, 2017" the same date. Numbers written in words are read
with text2num (« quatre » = "four" = 4), French Roman-numeral ordinals as
ordinals (« XIXe siècle » = "19th century"). Dates are found by their month
names: dateparser, tried first, reads "18%" as a date and misses ranges such
as « les 13 et 14 mars ».

How each language writes them comes from Babel's locale data (CLDR), read
once per language tag: its decimal and group separators (German « 1.000,5 »
is French « 1 000,5 »), its month names, wide and abbreviated (« 3. März »,
« 3. Jan. »), the words of its long dates (Spanish « 3 de marzo de 2017 »)
and the word after the hour in its times (German « 4.45 Uhr »). French and
English numbers are read in every language, and are all that a language
Babel does not know gets."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from aligner.document import Bead
from aligner.findings import Finding, Spans, merged_spans
from aligner.text import CARDINALS, number_words_as_digits, whole_sums

if TYPE_CHECKING:
    from aligner.checks.base import AlignedPair, Severity

#: Group separators: space, no-break space, narrow no-break space, thin space.
_SPACES = " \u00a0\u202f\u2009"
#: Swiss group separators (« 1'000.50 »): the apostrophe and its typographic form.
_APOSTROPHES = "'\u2019"
_PERCENT_WORDS = {
    "fr": re.compile(r"\bpour\s+cent\b", re.IGNORECASE),
    "en": re.compile(r"\bper\s?cent\b", re.IGNORECASE),
}
#: The languages whose numbers in words text2num reads.
_WORD_NUMBER_LANGUAGES = {"fr", "en", "de", "es", "pt", "it", "nl"}
#: Numbers under this are often written in words in one version and not the
#: other ("deux fois" / "twice"): they are left as words, unless the other
#: version has the figure (« deux résolutions » / "the 2 resolutions").
WORD_NUMBER_THRESHOLD = 3
#: A cardinal of each language, as a pattern's alternatives.
_EN_CARDINAL, _FR_CARDINAL = "|".join(CARDINALS["en"]), "|".join(CARDINALS["fr"])
#: An English number word, cardinal or ordinal ("four", "third", "fifth").
_EN_NUMBER_WORD = rf"(?:{_EN_CARDINAL}|first|second|third|[a-z]+th)"
#: An English number word joined to the word it qualifies ("four-week period", "third-largest", "twenty-five-year"),
#: which text2num reads only apart: the hyphen becomes a space (same length, so spans hold).
_NUMBER_COMPOUND = re.compile(rf"\b((?:{_EN_NUMBER_WORD}-)?{_EN_NUMBER_WORD})-(?!{_EN_NUMBER_WORD}\b)(?=[a-z])",
                              re.IGNORECASE)
#: Words that hold a number word but state no value, taken out before numbers are read: a "third party" is
#: French « tiers »; a fraction of halves, thirds or quarters is said in words in both languages and often
#: otherwise in each (« au tiers » / "one third", « la moitié » / "one half", « deux tiers » / "two-thirds"),
#: French having no ordinal for them; « à cent pour cent » is "wholly" (« filiale à cent pour cent »,
#: "wholly-owned subsidiary"); text2num reads the "o" of "three o'clock" as a zero. Each pattern comes with the
#: words one of which a text holds when it can match.
_NOT_VALUES = {
    "en": (
        re.compile(
            rf"\bo['’]clock\b|\bthird[- ](?:part(?:y|ies)|persons?)\b"
            rf"|\b(?:{_EN_CARDINAL}|a)[- ](?:thirds?|quarters?|half|halves)\b",
            re.IGNORECASE,
        ),
        ("third", "quarter", "half", "halves", "clock"),
    ),
    "fr": (
        re.compile(
            r"\b(?:une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)[- ](?:tiers|quarts?|demie?s?)\b"
            r"|\bà cent pour cent\b",
            re.IGNORECASE,
        ),
        ("tiers", "quart", "demi", "cent pour cent"),
    ),
}
#: The powers of a thousand in words, one of which a text holds when _NUMBER_COMMA can match it.
_POWER_WORDS = ("thousand", "million", "billion", "mille", "milliard")
#: A comma after a power of a thousand in words, then more number words, within one number: "thirty-one million,
#: two hundred and four thousand dollars", « deux cent soixante et six mille, cent cinquante et un pieds ».
_NUMBER_COMMA = re.compile(
    rf"\b(?:{_EN_CARDINAL}|{_FR_CARDINAL})[\s-]+(?:thousand|million|billion|mille|millions?"
    rf"|milliards?),(?=\s+(?:and\s+)?(?:{_EN_CARDINAL}"
    rf"|{_FR_CARDINAL})\b)",
    re.IGNORECASE,
)
#: A range of years whose second gives only its last two digits: "1982-87" is 1982 to 1987.
_SHORT_YEAR_RANGE = re.compile(r"\b(1[6-9]|20)(\d\d)([-–])(\d\d)\b")
#: A French collective numeral (« une cinquantaine de mètres », "fifty meters"): about that many.
#: « quarantaine » and « quinzaine » are left out, being as often a quarantine and a fortnight.
_COLLECTIVES = {"dizaine": 10, "douzaine": 12, "vingtaine": 20, "trentaine": 30, "cinquantaine": 50,
                "soixantaine": 60, "centaine": 100}
#: An adjective of years is a number: « examen quinquennal » is a "five-year review", « recensement décennal »
#: a "decennial census".
_YEARS_ADJECTIVES = {"tri": 3, "quadri": 4, "quadr": 4, "quinqu": 5, "sex": 6, "sept": 7, "déc": 10, "dec": 10}
_YEARS_ADJECTIVE = re.compile(
    rf"\b({'|'.join(_YEARS_ADJECTIVES)})enn(?:al|ale|aux|ales|ial|ially)\b", re.IGNORECASE
)
_COLLECTIVE = re.compile(rf"\b(?<=une )({'|'.join(_COLLECTIVES)})\b", re.IGNORECASE)
#: French « second(e) », the ordinal 2 (« la seconde pension », "the second pension"), which text2num leaves as a
#: word (it is also a unit of time): read as text2num reads its small words, only under a threshold of 2 or less.
_FR_SECOND = re.compile(r"\bseconde?s?\b", re.IGNORECASE)
#: A French ordinal in Roman numerals: « XIXe siècle », « la Ve République ».
#: Only I, V and X, so that « Ce » and « Le » are never read as numbers.
_ROMAN_ORDINAL = re.compile(r"\b(?P<roman>[IVX]{1,6})(?:e|er|re|ème)\b")
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10}
#: Digits with one comma before three more: a decimal or a thousand, depending on the language.
_COMMA_BEFORE_THREE = re.compile(r"\d{1,3},\d{3}")


@dataclass(frozen=True)
class NumberStyle:
    """How a language groups thousands and marks decimals: « 1 000,5 », "1,000.5", « 1.000,5 »."""

    #: The characters that may separate groups of three digits.
    group: str
    decimal: str

    def grouped(self) -> str:
        """A pattern for a number written with groups in this style."""
        return rf"\d{{1,3}}(?:[{re.escape(self.group)}]\d{{3}})+(?:{re.escape(self.decimal)}\d+)?"


#: The styles read in every language, in this order: French and English. A
#: number in the other language's style is still read (a French text quoting
#: "$1,000,000"), and so are the numbers of a language Babel does not know.
_COMMON_STYLES = (NumberStyle(_SPACES, ","), NumberStyle(",", "."))
_DAY = r"\d{1,2}(?:er|re|e|st|nd|rd|th|\.)?"
#: Words between the days of a run (« les 13 et 14 mars », "June 3 to 5"), to which each language adds its "and".
_DAY_LINKS = ("et", "and", "und", "au", "à", "to", "bis", "-", "–")
#: The ordinals of the first nineteen days, from which the others are made ("twenty-first", « vingt-deuxième »).
_EN_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
)
_FR_ORDINALS = (
    "premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième", "huitième", "neuvième",
    "dixième", "onzième", "douzième", "treizième", "quatorzième", "quinzième", "seizième", "dix-septième",
    "dix-huitième", "dix-neuvième",
)
#: French days are cardinals but the first (« le premier mai », « le treize juillet »).
_FR_DAYS = (
    "premier", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize",
    "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf",
)
#: The days in words of each language's dates, and the words between a day and its month in formal dates:
#: statutes and deeds say "the thirtieth day of December, 1974", « le premier jour de mai », « le treize juillet ».
_DAY_WORDS = {
    "fr": {
        **{word: day for day, word in enumerate(_FR_ORDINALS, start=1)},
        "vingt et unième": 21, **{f"vingt-{word}": 20 + day for day, word in enumerate(_FR_ORDINALS[1:9], start=2)},
        "vingtième": 20, "trentième": 30, "trente et unième": 31,
        **{word: day for day, word in enumerate(_FR_DAYS, start=1)},
        "vingt et un": 21, **{f"vingt-{word}": 20 + day for day, word in enumerate(_FR_DAYS[1:9], start=2)},
        "vingt": 20, "trente": 30, "trente et un": 31,
    },
    "en": {
        **{word: day for day, word in enumerate(_EN_ORDINALS, start=1)},
        **{f"twenty-{word}": 20 + day for day, word in enumerate(_EN_ORDINALS[:9], start=1)},
        "twentieth": 20, "thirtieth": 30, "thirty-first": 31,
    },
}
_DAY_OF = {"en": r"day\s+of\s+", "fr": r"jour\s+d(?:e\s+|['’])"}


@dataclass(frozen=True)
class Conventions:
    """How one language writes numbers and dates, from Babel's locale data (CLDR)."""

    #: The language subtag (``fr`` for ``fr-CA``), for what is kept per language rather than per locale.
    language: str
    #: The language's own style when it is not one of the common ones (German « 1.000,5 »).
    style: NumberStyle | None
    #: Whether the language marks decimals with a comma (« 15,075 francs »).
    decimal_comma: bool
    number: re.Pattern[str]
    #: Month names, wide and abbreviated, lower-cased without their final dot: the month's number.
    months: dict[str, int]
    #: Whether the language writes month names with a capital ("May"), so that "section 4 may" names none.
    capital_months: bool
    #: Days written in words in its dates ("the first day of July"): the day's number.
    day_words: dict[str, int]
    date: re.Pattern[str] | None


@cache
def conventions(lang: str) -> Conventions:
    """The conventions of the language tag ``lang`` (``de``, ``fr-CA``, ``de_CH``).

    A language Babel does not know gets the common number styles and no dates.
    """
    tag = lang.strip().replace("-", "_")  # Babel's form: fr_CA
    locale = _locale(tag)
    if locale is None:
        return Conventions(tag.split("_")[0].lower(), None, False, _number_pattern(None, None), {}, False, {}, None)
    style = NumberStyle(_group_characters(get_group_symbol(locale)), get_decimal_symbol(locale))
    own = None if style in _COMMON_STYLES else style
    months = _month_names(locale)
    number = _number_pattern(own, _clock_word(locale))
    capital = all(name[:1].isupper() for name in locale.months["format"]["wide"].values())
    day_words = _DAY_WORDS.get(locale.language, {})
    date = _date_pattern(locale, months, day_words)
    return Conventions(locale.language, own, style.decimal == ",", number, months, capital, day_words, date)


def _locale(tag: str) -> Locale | None:
    """Babel's locale for ``tag``, else for its language alone (``de_XX`` is ``de``), None for neither."""
    for identifier in (tag, tag.split("_")[0]):
        try:
            return Locale.parse(identifier)
        except (ValueError, UnknownLocaleError):
            continue
    return None


def _group_characters(symbol: str) -> str:
    """The characters that stand for the group ``symbol`` in text: any space for a space, either apostrophe for one."""
    if symbol in _SPACES:
        return _SPACES
    if symbol in _APOSTROPHES:
        return _APOSTROPHES
    return symbol


def _clock_word(locale: Locale) -> str | None:
    """The word after the hour in a time of day (German "Uhr", from "HH 'Uhr'"), None for none."""
    skeleton = locale.datetime_skeletons.get("H")
    words = re.findall(r"'([^']+)'", skeleton.pattern) if skeleton is not None else []
    return words[0].strip() if words else None


def _number_pattern(own: NumberStyle | None, clock_word: str | None) -> re.Pattern[str]:
    styles = ([] if own is None else [own]) + list(_COMMON_STYLES)
    forms = [style.grouped() for style in styles] + [r"\d+(?:[.,]\d+)?"]  # 1 000,5 / 1,000.5 / 12 / 12,5 / 12.5
    if clock_word is not None:
        # « 4.45 Uhr » is a quarter to five, as "4:45" and « 4 h 45 » are: the hours and the minutes.
        forms.insert(0, rf"(?P<hours>\d{{1,2}})\.(?P<minutes>\d{{2}})(?=\s*{re.escape(clock_word)}\b)")
    ordinal_suffix = r"(?:\s?(?:er|re|e|ème|eme|st|nd|rd|th)\b)?"
    return re.compile(rf"(?<![\w.,])(?:{'|'.join(forms)}){ordinal_suffix}(?:[{_SPACES}]?%)?")


def _month_names(locale: Locale) -> dict[str, int]:
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                names.setdefault(name.lower().rstrip("."), number)
    return names


def _date_pattern(locale: Locale, months: dict[str, int], day_words: dict[str, int]) -> re.Pattern[str] | None:
    if not months:
        return None
    # Longest first, so that "June" is not read as "Jun".
    month = "|".join(re.escape(name) for name in sorted(months, key=len, reverse=True))
    # The words of the long date format: Spanish « 3 de marzo de 2017 » ("d 'de' MMMM 'de' y").
    long_format = locale.date_formats["long"].pattern
    before_month = _quoted_words(long_format, r"d+(.*?)M{3,}")
    before_year = _quoted_words(long_format, r"M{3,}(.*?)y")
    and_word = locale.list_patterns["standard"]["2"].replace("{0}", "").replace("{1}", "").strip()
    links = "|".join(re.escape(link) for link in dict.fromkeys([*_DAY_LINKS, and_word]) if link)
    # Longest first, so that "twenty-first" is not read as "twenty".
    day = "|".join([_DAY, *sorted(day_words, key=len, reverse=True)])
    days = rf"(?:{day})(?:\s*(?:,|{links})\s*(?:{day}))*"
    day_of = rf"(?:{_DAY_OF[locale.language]})?" if locale.language in _DAY_OF else ""
    # « les 13 et 14 mars 2024 », "13 March 2024", "March 13 and 14, 2024", « 3 de marzo de 2017 »,
    # "the 1st day of July, 2020".
    return re.compile(
        rf"(?:\b(?P<days>{days})\s+{day_of}{before_month}(?P<month>{month})\.?"
        rf"|\b(?P<month2>{month})\.?\s+(?P<days2>{days})(?!\d))"
        rf"(?:,?\s+{before_year}(?P<year>\d{{4}}))?\b",
        re.IGNORECASE,
    )


def _quoted_words(pattern: str, between: str) -> str:
    """A pattern for the optional words quoted in the part of a CLDR ``pattern`` that ``between`` captures."""
    found = re.search(between, pattern)
    words = re.findall(r"'([^']+)'", found.group(1)) if found else []
    return "".join(rf"(?:{re.escape(word.strip())}\s+)?" for word in words if word.strip())


@dataclass(frozen=True)
class Value:
    """One value found in a text: what it is, its normalised form, and the text it was read from."""

    kind: str  # "number", "percent" or "ordinal"
    value: float
    text: str
    #: The value if a comma read as the decimal mark groups thousands instead, when it may.
    as_thousands: float | None = None


def _to_float(digits: str, style: NumberStyle | None) -> float:
    """The value of ``digits``, read in the language's own ``style`` when they are grouped that way."""
    digits = re.sub(f"[{_SPACES}]", "", digits)
    if style is not None and re.fullmatch(style.grouped(), digits):
        return float(re.sub(f"[{re.escape(style.group)}]", "", digits).replace(style.decimal, "."))
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
    local = conventions(lang)
    # The patterns of words are long alternations, tried at every position of a text: each runs only on a
    # text that holds what it must match.
    lowered = text.lower()
    not_values, needed = _NOT_VALUES.get(local.language, (None, ()))
    if not_values is not None and any(word in lowered for word in needed):
        text = not_values.sub(lambda match: " " * len(match.group(0)), text)
    percent = _PERCENT_WORDS.get(local.language)
    if percent is not None:
        text = percent.sub("%", text)
    text = _SHORT_YEAR_RANGE.sub(_whole_years, whole_sums(text))
    values = []
    if local.language == "fr":
        values += [
            Value("ordinal", float(_roman_value(match.group("roman"))), match.group(0))
            for match in _ROMAN_ORDINAL.finditer(text)
        ]
    if local.language in _WORD_NUMBER_LANGUAGES:
        if local.language == "en" and "-" in text:
            text = _NUMBER_COMPOUND.sub(r"\1 ", text)
        if local.language == "fr":
            text = _COLLECTIVE.sub(lambda match: str(_COLLECTIVES[match.group(1).lower()]), text)
            if word_threshold <= 2:
                text = _FR_SECOND.sub("2e", text)
        text = _YEARS_ADJECTIVE.sub(lambda match: str(_YEARS_ADJECTIVES[match.group(1).lower()]), text)
        if "," in text and any(power in lowered for power in _POWER_WORDS):
            text = _NUMBER_COMMA.sub(lambda match: match.group(0)[:-1] + " ", text)
        text = number_words_as_digits(text, local.language, threshold=word_threshold)
    for match in local.number.finditer(text):
        if match.groupdict().get("hours") is not None:
            values += [Value("number", float(match.group(part)), match.group(part)) for part in ("hours", "minutes")]
            continue
        surface = match.group(0).strip()
        leading = re.match(rf"[\d{_SPACES}{_APOSTROPHES},.]+", surface)
        assert leading is not None  # every number starts with a digit
        digits = leading.group(0).rstrip(_SPACES + _APOSTROPHES + ",.")
        kind = "percent" if surface.endswith("%") else "ordinal" if surface[-1].isalpha() else "number"
        value, as_thousands = _to_float(digits, local.style), None
        if local.decimal_comma and _COMMA_BEFORE_THREE.fullmatch(digits):
            # A language that writes decimals with a comma groups thousands otherwise (« 15,075 francs »,
            # « 0,005 »), yet a statute may write an amount the English way (« $1,200 »): the other side
            # tells which.
            value, as_thousands = float(digits.replace(",", ".")), value
        values.append(Value(kind, value, surface, as_thousands))
    return values


def _whole_years(match: re.Match[str]) -> str:
    century, first, dash, last = match.groups()
    # "1999-00": the second year is in the next century.
    last_century = century if last >= first else str(int(century) + 1)
    return f"{century}{first}{dash}{last_century}{last}"


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


def dates(text: str, lang: str) -> list[DateValue]:
    """The dates named in ``text`` with a month and days (« 12 mai », "June 26, 2017", « les 13 et 14 mars »).

    A month named without a day is left out: too often it is something else
    ("the Minister may").
    """
    local = conventions(lang)
    if local.date is None:
        return []
    values = []
    for match in local.date.finditer(text):
        month = match.group("month") or match.group("month2")
        if local.capital_months and not month[0].isupper():
            continue  # "under section 3 or 4 may use": a verb
        month = month.lower()
        days_text = (match.group("days") or match.group("days2")).lower()
        days = frozenset(
            int(day) if day.isdigit() else local.day_words[day]
            for day in re.findall(r"\d{1,2}|[^\W\d_]+(?:(?:-| et )[^\W\d_]+)?", days_text)
            if day.isdigit() or day in local.day_words
        )
        year = int(match.group("year")) if match.group("year") else None
        # .get: a name matched regardless of case may lower-case to another spelling (Turkish « İ »).
        month_number = local.months.get(month)
        if month_number is not None and all(1 <= day <= 31 for day in days):
            values.append(DateValue(month_number, days, year, match.group(0)))
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
    """The numbers that one side states and the other does not, values in ``ignore`` aside.

    A value both sides state is not missing from either, however often each states it: one version may
    repeat it where the other refers back to it (« ce troisième anniversaire » / "that anniversary").
    """
    src_values = [v for v in numbers(src, src_lang) if v.value not in ignore]
    tgt_values = [v for v in numbers(tgt, tgt_lang) if v.value not in ignore]
    # Values are compared, not kinds: an ordinal and a plain number are the
    # same fact ("le 1er mai" / "May 1").
    src_values = _as_the_other_reads(src_values, tgt_values)
    tgt_values = _as_the_other_reads(tgt_values, src_values)
    src_plain = Counter(v.value for v in src_values)
    tgt_plain = Counter(v.value for v in tgt_values)
    missing_tgt = _without_small_words(_not_in(src_plain, tgt_plain), tgt, tgt_lang, ignore)
    missing_src = _without_small_words(_not_in(tgt_plain, src_plain), src, src_lang, ignore)
    surface = {**{v.value: v.text for v in tgt_values}, **{v.value: v.text for v in src_values}}
    return ValueDifference(
        sorted(surface[value] for value in missing_tgt.elements()),
        sorted(surface[value] for value in missing_src.elements()),
    )


def _as_the_other_reads(values: list[Value], other: list[Value]) -> list[Value]:
    """``values``, each read as thousands where that reading, and not the decimal one, is the other side's."""
    stated = {v.value for v in other}
    return [
        replace(v, value=v.as_thousands)
        if v.as_thousands is not None and v.value not in stated and v.as_thousands in stated
        else v
        for v in values
    ]


def _not_in(values: Counter, other: Counter) -> Counter:
    """The values of ``values`` that ``other`` does not hold, as often as ``values`` holds each."""
    return Counter({value: count for value, count in values.items() if value not in other})


def _without_small_words(missing: Counter, other: str, other_lang: str, ignore: AbstractSet[float]) -> Counter:
    """``missing`` less the small numbers that ``other`` writes in words."""
    if not any(value < WORD_NUMBER_THRESHOLD for value in missing):
        return missing
    in_words = Counter(v.value for v in numbers(other, other_lang, word_threshold=0) if v.value not in ignore)
    small = Counter({value: count for value, count in missing.items() if value < WORD_NUMBER_THRESHOLD})
    return missing - (small & in_words)


def compare_dates(src: str, src_lang: str, tgt: str, tgt_lang: str) -> ValueDifference:
    """The dates (month and day) that only one side names: a date both name is in both, however often each
    names it ("on or before that December 31" / « à cette date »)."""
    src_dates = dates(src, src_lang)
    tgt_dates = dates(tgt, tgt_lang)
    missing_tgt = {d.key() for d in src_dates} - {d.key() for d in tgt_dates}
    missing_src = {d.key() for d in tgt_dates} - {d.key() for d in src_dates}
    return ValueDifference(
        [d.text for d in src_dates if d.key() in missing_tgt],
        [d.text for d in tgt_dates if d.key() in missing_src],
    )


#: A value replaced by another is likely a mistake.
REPLACED_SEVERITY: Severity = "high"
#: A value on one side only may be a value left out, or rewording.
ONE_SIDE_SEVERITY: Severity = "medium"
#: Numbers on one side only that all belong to references to provisions ("Agreements referred to in subsection
#: (1)" / « Les accords d'indemnisation »): statutes name a provision in one version and leave it implicit in the
#: other as a matter of style, so these come after every other value finding.
REFERENCE_SEVERITY: Severity = "low"
#: A reference to a provision: its name, then its numbers ("subsections 4.1(2), (4) and (6)", « l'alinéa (3)b) »,
#: "Part III", « articles 3 ou 4 »).
_PROVISION = (
    r"(?i:(?:sub)?(?:sections?|paragraphs?|subparagraphs?|clauses?|subclauses?|parts?|schedules?|articles?"
    r"|divisions?|paragraphes?|(?:sous-)?alinéas?|parties?|annexes?))"
)
_PROVISION_NUMBER = r"(?:\d+(?:[.-]\d+)*(?:\(\w{1,4}\))*|(?:\(\w{1,4}\))+(?:\w{1,4}\))*|[IVXLC]+\b)"
_REFERENCE = re.compile(
    rf"\b{_PROVISION}\s+{_PROVISION_NUMBER}(?:(?:\s*,\s*|\s+(?i:and|or|to|et|ou|à)\s+){_PROVISION_NUMBER})*"
)


def differences(src: str, src_lang: str, tgt: str, tgt_lang: str) -> list[tuple[str, ValueDifference]]:
    """The dates, then the numbers, that one of two texts has and the other lacks, each kind with its difference."""
    found = []
    date_difference = compare_dates(src, src_lang, tgt, tgt_lang)
    if date_difference:
        found.append(("date", date_difference))
    # A day or year already reported inside a date is not reported again as a number.
    in_dates = {v.value for surface in date_difference.only_src for v in numbers(surface, src_lang)}
    in_dates |= {v.value for surface in date_difference.only_tgt for v in numbers(surface, tgt_lang)}
    number_difference = compare_numbers(src, src_lang, tgt, tgt_lang, ignore=in_dates)
    if number_difference:
        found.append(("number", number_difference))
    return found


def run(pair: AlignedPair) -> list[Finding]:
    """Dates, then numbers, that one side of a matched bead has and the other lacks."""
    src_lang, tgt_lang = pair.alignment.src.lang, pair.alignment.tgt.lang
    return [
        _finding(pair, bead, kind, difference, src_text, tgt_text)
        for bead, (src_text, tgt_text) in zip(pair.matched, pair.texts, strict=True)
        for kind, difference in differences(src_text, src_lang, tgt_text, tgt_lang)
    ]


def _finding(
    pair: AlignedPair, bead: Bead, kind: str, difference: ValueDifference, src_text: str, tgt_text: str
) -> Finding:
    src_lang, tgt_lang = pair.alignment.src.lang, pair.alignment.tgt.lang
    severity = severity_of(kind, difference, src_text, src_lang, tgt_text, tgt_lang)
    return pair.finding(
        bead,
        kind,
        severity,
        f"{kind}s differ: {difference}",
        src_spans=_spans_of(src_text, difference.only_src),
        tgt_spans=_spans_of(tgt_text, difference.only_tgt),
    )


def severity_of(kind: str, difference: ValueDifference, src: str, src_lang: str, tgt: str, tgt_lang: str) -> Severity:
    """How serious a ``kind`` ("number" or "date") of ``difference`` between ``src`` and ``tgt`` is."""
    if difference.only_src and difference.only_tgt:
        return REPLACED_SEVERITY
    if kind == "number" and _in_references(difference.only_src, src, src_lang) and (
        _in_references(difference.only_tgt, tgt, tgt_lang)
    ):
        return REFERENCE_SEVERITY
    return ONE_SIDE_SEVERITY


def _in_references(surfaces: list[str], text: str, lang: str) -> bool:
    """Whether every number of ``surfaces`` is read in ``text`` only inside references to provisions."""
    outside = _REFERENCE.sub(lambda match: " " * len(match.group(0)), text)
    left = {v.value for v in numbers(outside, lang)}
    return not any(v.value in left for surface in surfaces for v in numbers(surface, lang))


def _spans_of(text: str, surfaces: Iterable[str]) -> Spans:
    """Where each surface form first occurs in ``text``."""
    spans = []
    for surface in surfaces:
        start = text.find(surface)
        if start >= 0:
            spans.append((start, start + len(surface)))
    return merged_spans(spans)
