"""What every stage knows of text: where a sentence ends, which words are function words.

Kept apart from the stages so that each can use them without importing another
stage (reading rebuilds paragraphs from sentence ends, the aligner tells a
heading from a sentence, the checks skip function words).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from contextlib import suppress
from functools import lru_cache

from text_to_num import alpha2digit

#: A space, no-break space or comma between a digit and a group of three: a thousands separator.
_THOUSANDS = re.compile(r"(?<=\d)[ ,\u00a0\u202f](?=\d{3}(?!\d))")


def digit_runs(text: str) -> list[str]:
    """The numbers written in figures in ``text``, sorted, as runs of digits once thousands separators are
    removed: « 25 755 000 $ » and "$25,755,000" give the same, as « 2,5 » and "2.5" do."""
    return sorted(re.findall(r"\d+", _THOUSANDS.sub("", text)))


@lru_cache(maxsize=65_536)
def figures(text: str, lang: str | None) -> tuple[str, ...]:
    """The numbers of ``text`` as :func:`digit_runs` gives them, those written in words read too when the
    language is one text2num reads: « cent six millions de dollars » and "one hundred and six million
    dollars" are 106000000 as "$106,000,000" is, and so is "$106 million". Numbers are not translated, but
    one version may spell a sum the other writes in figures, or both spell it; three and under stay words
    ("one of the members")."""
    text = whole_sums(text)
    if lang is not None:
        with suppress(ValueError):  # a language text2num does not read: figures only
            text = number_words_as_digits(text, lang)
    return tuple(digit_runs(text))


#: A sum in figures and a word for a power of a thousand: "$130.3 million", « 2,5 milliards ».
_LARGE = re.compile(r"(?<![\d.,])(\d+)(?:[.,](\d{1,2}))?\s+(million|billion|milliard)s?\b", re.IGNORECASE)
_POWERS = {"million": 10**6, "billion": 10**9, "milliard": 10**9}


def whole_sums(text: str) -> str:
    """``text`` with each sum written as a figure and a power of a thousand in figures alone: "$130.3 million"
    is "$130300000", as « 130 300 000 $ » says."""
    return _LARGE.sub(_whole, text)


def _whole(match: re.Match[str]) -> str:
    """The number a figure and a power word write, in figures: "130.3 million" is 130300000."""
    units, decimals, power = match.group(1), match.group(2) or "", match.group(3).lower()
    return str(int(units + decimals) * _POWERS[power] // 10 ** len(decimals))


#: The number words of which others are made, by language ("twenty-one", "two hundred", « deux cent »).
CARDINALS = {
    "en": (
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
        "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
    ),
    "fr": (
        "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
        "treize", "quatorze", "quinze", "seize", "vingt", "trente", "quarante", "cinquante", "soixante", "cent",
    ),
}
#: Number words text2num reads, by language: the cardinals, their plurals and the powers of a thousand; a run of
#: them is one number.
_NUMBER_WORDS = {
    "en": "|".join((*CARDINALS["en"], "million", "millions", "billion", "billions")),
    "fr": "|".join((*CARDINALS["fr"], "vingts", "cents", "mille", "million", "millions", "milliard", "milliards")),
}
_JOINS = {"fr": "et", "en": "and"}
#: Longer runs of number words are no one number (the longest below a trillion, « neuf cent quatre-vingt-dix-neuf
#: milliards neuf cent quatre-vingt-dix-neuf millions … », has about 170 characters); reading them costs time.
MAX_NUMBER_CHARS = 250
#: A number in figures, a power word after it or its thousands grouped ("$830 million", "85,626,000").
_FIGURE = re.compile(rf"{_LARGE.pattern}|\d{{1,3}}(?:[ ,\u00a0\u202f]\d{{3}})+(?!\d)|\d+", re.IGNORECASE)


@lru_cache(maxsize=8)
def _number_run(lang: str) -> re.Pattern[str] | None:
    words = _NUMBER_WORDS.get(lang)
    if words is None:
        return None
    return re.compile(rf"\b(?:{words})(?:(?:[\s-]+|\s+{_JOINS[lang]}\s+)(?:{words}))*\b", re.IGNORECASE)


def number_words_as_digits(text: str, lang: str, threshold: float = 3.0) -> str:
    """``text`` with its numbers in words written in digits by text2num (those of ``threshold`` or under stay
    words), a run of number words longer than any one number left unread (``_without_long_number_runs``)."""
    return alpha2digit(_without_long_number_runs(text, lang), lang, threshold=threshold)


def _without_long_number_runs(text: str, lang: str) -> str:
    """``text`` with each run of number words longer than any one number blanked out (the same length, so that
    spans hold): text2num reads such a run in time that grows with its square (100,000 words: 30 s)."""
    run = _number_run(lang)
    if run is None or len(text) <= MAX_NUMBER_CHARS:
        return text
    return run.sub(lambda m: " " * len(m.group()) if len(m.group()) > MAX_NUMBER_CHARS else m.group(), text)


def number_spans(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Where ``text`` writes a number, in figures or in words, with its digits: "$85,626,000" and « quatre-vingt-cinq
    millions six cent vingt-six mille » are both 85626000, "$830 million" is 830000000. Number words are read
    only as a whole number (« un », « trente-six et trente-sept » stay words)."""
    spans = [(m.start(), m.end(), digit_runs(whole_sums(m.group()))[0]) for m in _FIGURE.finditer(text)]
    run = _number_run(lang)
    starts = [start for start, _, _ in spans]
    for match in run.finditer(text) if run is not None else ():
        # A word run may hold the power word of a figure ("830 million"): the figure has it.
        n = bisect_left(starts, match.end())
        if (n and spans[n - 1][1] > match.start()) or match.end() - match.start() > MAX_NUMBER_CHARS:
            continue
        digits = alpha2digit(match.group(), lang)
        if digits.isdigit():
            spans.append((match.start(), match.end(), digits))
    return sorted(spans)


#: A line ends a sentence when it ends with one of these, closing quotes and
#: brackets aside, and the dash that older texts set after a colon ("shall be:—").
TERMINAL = re.compile(r"[.!?:;…](?:[\s\u00a0]*[»\"”’')\]—])*\s*$")

#: Function words, which neither start nor end a term or rendering. Kept
#: here because the lists installed with other packages are frequency lists
#: that also hold content words (jusText's French list has « ministre », « loi »,
#: « droit »; scikit-learn's English one "system", "bill", "fire").
STOPWORDS_FR = frozenset(
    [
        "a", "à", "afin", "ai", "aie", "aient", "ainsi", "alors", "après", "as", "au", "aucun", "aucune", "auquel",
        "aussi", "autre", "autres", "aux", "auxquelles", "auxquels", "avaient", "avait", "avant", "avec", "avez",
        "avoir", "avons", "ayant", "c", "ça", "car", "ce", "ceci", "cela", "celle", "celles", "celui", "ces", "cet",
        "cette", "ceux", "chacun", "chacune", "chaque", "chez", "ci", "comme", "comment", "contre", "d", "dans", "de",
        "depuis", "des", "desquelles", "desquels", "dessus", "dont", "du", "duquel", "elle", "elles", "en", "encore",
        "entre", "es", "est", "et", "étaient", "était", "étant", "été", "être", "eu", "eux", "fait", "faire", "fois",
        "font", "hors", "ici", "il", "ils", "j", "jusqu", "jusque", "l", "la", "laquelle", "le", "lequel", "les",
        "lesquelles", "lesquels", "leur", "leurs", "lors", "lorsqu", "lorsque", "lui", "m", "ma", "mais", "me", "même",
        "mêmes", "mes", "moi", "moins", "mon", "n", "ne", "ni", "non", "nos", "notre", "nous", "on", "ont", "or", "ou",
        "où", "par", "parce", "parmi", "pas", "peu", "peut", "peuvent", "plus", "pour", "pourquoi", "qu", "quand",
        "que", "quel", "quelle", "quelles", "quels", "qui", "quoi", "s", "sa", "sans", "se", "selon", "ses", "si",
        "sien", "soi", "soit", "son", "sont", "sous", "suis", "sur", "t", "ta", "tandis", "te", "tel", "telle",
        "telles", "tels", "tes", "toi", "ton", "tous", "tout", "toute", "toutes", "très", "tu", "un", "une", "unes",
        "uns", "vers", "via", "vos", "votre", "vous", "y", "doit", "doivent", "sera", "seront", "serait", "ceux-ci",
        "celle-ci", "celui-ci", "celles-ci", "ceux-là", "celui-là", "p", "ex", "etc", "notamment", "également",
    ]
)
STOPWORDS_EN = frozenset(
    [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
        "do", "does", "doing", "down", "during", "each", "either", "few", "for", "from", "further", "had", "has",
        "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in",
        "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most", "must", "my", "myself",
        "neither", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "others", "our", "ours",
        "ourselves", "out", "over", "own", "same", "shall", "she", "should", "so", "some", "such", "than", "that",
        "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through",
        "thus", "to", "too", "under", "unless", "until", "up", "upon", "very", "was", "we", "were", "what", "when",
        "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without",
        "would", "you", "your", "yours", "yourself", "s", "e", "g", "eg", "ie", "etc", "including", "also",
        # The preposition of marginal notes ("Orders re Article 14-13"): a capital after it starts no sentence.
        "re",
    ]
)
STOPWORDS = {"fr": STOPWORDS_FR, "en": STOPWORDS_EN}


#: Words that open a noun phrase.
DETERMINERS = {
    "fr": frozenset([
        "le", "la", "les", "l", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces", "son", "sa",
        "ses", "leur", "leurs", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "chaque", "tout", "toute",
        "tous", "toutes", "aucun", "aucune", "quelque", "quelques", "tel", "telle", "tels", "telles",
    ]),
    "en": frozenset([
        "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "your", "my",
        "any", "each", "every", "no", "such", "all", "some", "another",
    ]),
}

#: Adjectives that point, as a determiner does, when a determiner comes before them, and that the other
#: language says with a function word: « la présente loi » is "this Act", « le présent article » "this
#: section". After a noun they mean what they say (« conseillers présents », "councillors present").
POINTING_WORDS = {"fr": frozenset(["présent", "présente", "présents", "présentes"])}
#: What may stand between two words of one phrase (a determiner and the word it opens, two words of a
#: term): spaces, or the apostrophe of an elision.
JOINER = re.compile(r"[\s'’]*")


def points(word: str, previous: str, gap: str, lang: str) -> bool:
    """Whether ``word`` (lower-cased) is a pointing word right after the determiner ``previous``, only ``gap``
    between them: « présente » in « la présente loi », "this Act"."""
    return (
        word in POINTING_WORDS.get(lang, ())
        and previous in DETERMINERS.get(lang, ())
        and JOINER.fullmatch(gap) is not None
    )


#: Where a sentence, line, quotation or bullet item begins, past an elision
#: (« L’ »): the first word there is capitalised whatever it is.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;•-]\s|\n|[«“\"(—–])[\s\u00a0\u202f]*(?:\w{1,5}['’])?")


def sentence_starts(text: str) -> set[int]:
    """Offsets of the first word of each sentence, line, quotation or bullet item, past an elision (« L’ »):
    a capital there says nothing of the word."""
    return {m.end() for m in _SENTENCE_START.finditer(text)}


def function_words(lang: str) -> frozenset[str]:
    """The function words of ``lang``: French or English, both for another language."""
    return STOPWORDS.get(lang, STOPWORDS_FR | STOPWORDS_EN)


def is_content_word(word: str, stops: frozenset[str]) -> bool:
    """Whether a word carries meaning: it holds a digit, or it is no function word of ``stops`` and longer
    than one letter."""
    bare = word.lower().strip("'’")
    return any(character.isdigit() for character in word) or (len(bare) > 1 and bare not in stops)
