"""Names and proper nouns that one version of a sentence has and the other lacks.

« Royaume-Uni » and "United Kingdom" name the same country, « l'ONU » and
"the UN" the same organisation, « Daech » and "Daesh" the same group: none is
a divergence. "Daesh" in the English only is one.

A name is a capitalised word that is not a common word of its language
(simplemma's lexicon tells: "Ministers" at a sentence start or in a Title Case
heading is a common word, "Ottawa" is not), an acronym, or a country or
organisation from the tables below. A name counts as present on the other side
when anything there matches it: the same word in any case or accent, inside a
compound, a close spelling (a cognate), the same country in the other
language (CLDR names, shipped with Babel), or the same organisation. The checks
lean towards finding a match: a false "name missing" costs a reviewer more
than a missed one.
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from simplemma.strategies import DefaultDictionaryFactory
from stop_words import StopWordError, get_stop_words

from aligner.checks.words import PairWords, WordMatch
from aligner.findings import Finding
from aligner.text import function_words, sentence_starts

if TYPE_CHECKING:
    from aligner.checks.base import AlignedPair, Severity

#: Two spellings at least this similar (difflib ratio, accents and case
#: folded) are the same name: « Daech » / "Daesh" is 0.8.
FUZZY_MIN = 0.8
#: Spellings that share a beginning this long, and this share of the
#: shorter one, are one name or derived from it (« canadienne » / "Canada").
PREFIX_MIN = 5
PREFIX_SHARE = 0.8
#: Shorter names are only matched whole: "Al" inside "Alberta" is no evidence.
SUBSTRING_MIN = 4
#: A text with more upper-case letters than this share is written in capitals
#: (a heading), where every word looks like an acronym.
ALL_CAPS_SHARE = 0.6

#: A country named as "… of Canada", « … du Canada » (see _names).
_OF_COUNTRY = re.compile(r"(?:\bof\s+(?:the\s+)?|\b(?:du|des|de\s+la|de\s+l['’]|de)\s*)$", re.IGNORECASE)
#: A word, hyphenated compounds kept whole (« Royaume-Uni », "Jean-Pierre").
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
#: French acronyms keep their accents (« AÉCG », « ALÉNA »).
_ACRONYM = re.compile(r"(?:[A-ZÀ-ÖØ-Ý]{2,}|[A-Z]\d{1,2})s?")
#: Roman numerals, French ordinal ones too (« XIXe »): numbers, not names.
_ROMAN = re.compile(r"[IVXLCDM]+(?:e|er|re|ème)?")
#: Lower-case words that may join the capitalised words of one name
#: (« Conseil de sécurité des Nations Unies », "Bank of Canada", "Van Gogh").
_CONNECTORS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et"}) | frozenset(
    {"of", "the", "and", "for", "van", "von", "der", "da", "di"}
)
#: A run of capitalised words, connectors allowed, that may spell an acronym out.
_CAPITALISED_RUN = re.compile(
    r"[A-ZÀ-Ý][\w'-]*(?:\s+(?:(?:" + "|".join(_CONNECTORS) + r")\s+)*[A-ZÀ-Ý][\w'-]*)+"
)
#: Words by which a text may name a country it has just named, or the
#: federation it is the law of: « le gouvernement fédéral » is "the
#: Government of Canada", « l'évolution du pays » "the evolution of Canada".
_COUNTRY_STAND_INS = ("pays", "federa", "countr", "nation", "land", "bund")
#: Labels of the tables that are not countries.
_NOT_COUNTRIES = frozenset({"UN", "EU", "EZ", "QO"})
#: Languages that capitalise every noun: there a capital says nothing of a name.
_NOUN_CAPITALISING = frozenset({"de", "lb"})

#: Organisations whose acronym differs between French and English, keyed by
#: one shared label. Acronyms that read the same in both (OSCE, G7) need no
#: entry. Kept short on purpose: these are the ones international and
#: Canadian federal texts use; an unknown pair of acronyms is never reported
#: (see compare_names).
ORGANISATIONS = {
    "UN": ("ONU", "UN", "Nations Unies", "United Nations"),
    "NATO": ("OTAN", "NATO"),
    "EU": ("UE", "EU", "Union européenne", "European Union"),
    "NGO": ("ONG", "NGO"),
    "FATF": ("GAFI", "FATF"),
    "WHO": ("OMS", "WHO"),
    "IMF": ("FMI", "IMF"),
    "OECD": ("OCDE", "OECD"),
    "WTO": ("OMC", "WTO"),
    "ICC": ("CPI", "ICC"),
    "RCMP": ("GRC", "RCMP"),
    "CSIS": ("SCRS", "CSIS"),
    "CBSA": ("ASFC", "CBSA"),
    "ISIS": ("EI", "EIIL", "ISIS", "ISIL", "Daech", "Daesh", "État islamique", "Islamic State"),
    "US": ("US", "USA", "U.S.", "É.-U."),
    "GB": ("UK", "U.K.", "R.-U.", "Grande-Bretagne", "Great Britain"),
    # Names French and English spell apart that Canadian federal statutes use, where the words of one
    # do not match the other's: « Croix-Rouge » is no "Red" and no "Cross" to the word matches.
    "RedCross": ("Croix-Rouge", "Red Cross"),
    "StLawrence": ("Saint-Laurent", "St-Laurent", "St. Lawrence", "Saint Lawrence"),
}
#: Canada's provinces and territories whose French and English names share no word that the word matches
#: read alike (ISO 3166-2:CA gives both; CLDR, the source of the country names, has no regions). The
#: others are spelt alike or nearly (« Québec », « Alberta », « territoires du Nord-Ouest » / "Northwest
#: Territories"). Abbreviations only where they spell nothing else ("N.B." is also nota bene).
REGIONS = {
    "CA-BC": ("Colombie-Britannique", "C.-B.", "British Columbia", "B.C."),
    "CA-NB": ("Nouveau-Brunswick", "New Brunswick"),
    "CA-NL": ("Terre-Neuve-et-Labrador", "Newfoundland and Labrador", "Terre-Neuve", "Newfoundland"),
    "CA-NS": ("Nouvelle-Écosse", "Nova Scotia"),
    "CA-PE": ("Île-du-Prince-Édouard", "Î.-P.-É.", "Prince Edward Island", "P.E.I."),
}


@dataclass(frozen=True)
class NameDifference:
    """Names one side has and the other lacks, with where they stand in their text."""

    only_src: tuple[str, ...]
    only_tgt: tuple[str, ...]
    src_spans: tuple[tuple[int, int], ...]  # every occurrence of an only_src name, [start, end)
    tgt_spans: tuple[tuple[int, int], ...]

    def __bool__(self) -> bool:
        return bool(self.only_src or self.only_tgt)

    def __str__(self) -> str:
        def side(names: tuple[str, ...]) -> str:
            return ", ".join(f"« {name} »" for name in names) or "—"

        return f"names on one side only: source {side(self.only_src)}; target {side(self.only_tgt)}"


@dataclass(frozen=True)
class _Name:
    """One name found in a text: its words, where it stands, and its table label when it has one."""

    text: str
    span: tuple[int, int]
    words: tuple[str, ...]  # the words that must be found on the other side, one is enough
    key: str | None  # country code or ORGANISATIONS label
    acronym: bool


def fold(text: str) -> str:
    """``text`` lower-cased without accents, one character for one, so offsets still hold."""
    for char in set(text):
        if ord(char) not in _FOLDED:
            base = unicodedata.normalize("NFD", char.lower())[0]
            _FOLDED[ord(char)] = "'" if base == "’" else "-" if base in "‐‑–" else " " if base.isspace() else base
    return text.translate(_FOLDED)


#: ``str.translate``'s table for :func:`fold`, filled as characters are met. A plain dict
#: that holds every character of the text is what makes translate fast (0.2 s for a lexicon).
_FOLDED: dict[int, str] = {}


@cache
def _lexicon(lang: str) -> frozenset[str] | None:
    """The folded words of ``lang``: simplemma's forms and lemmas, and the stop words it leaves out ("her", « au »).

    None for a language simplemma lacks. Building it reads simplemma's whole
    dictionary (about a second a language), so it is kept as a word list in
    the user's cache folder and read from there afterwards.
    """
    cached = _lexicon_cache(lang)
    if cached.is_file():
        try:
            return frozenset(cached.read_text(encoding="utf-8").split("\n"))
        except (OSError, UnicodeDecodeError):
            pass
    try:
        forms = DefaultDictionaryFactory().get_dictionary(lang)
    except (ValueError, KeyError, OSError):
        return None
    try:
        stop = get_stop_words(lang)
    except StopWordError:
        stop = []
    lemmas = [lemma.decode() if isinstance(lemma, bytes) else lemma for lemma in forms.values()]
    # Folded, because capitals often lose their accent (« Ecritures »); all words in one
    # translate call, which is many times faster than one call a word.
    words = "\0".join([*forms.keys(), *lemmas, *stop])
    lexicon = frozenset(fold(words).split("\0"))
    _keep(cached, "\n".join(sorted(word for word in lexicon if "\n" not in word)))
    return lexicon


def _lexicon_cache(lang: str) -> Path:
    """Where the folded lexicon of ``lang`` is kept, named after the versions it was built from."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "aligner"
    return root / f"lexicon-{lang}-simplemma{version('simplemma')}-stopwords{version('stop-words')}.txt"


def _keep(path: Path, text: str) -> None:
    """Write a cache file whole (through a temporary file and a rename), or not at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.part")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass  # an unwritable cache only costs the next run the time to build it again


#: Ordinary words simplemma's dictionary lacks. Its French holds the forms that differ from their lemma,
#: and the lemmas they point to, so a noun the same in the singular and the plural is missing (« le Corps
#: féminin de la Marine royale », « Avis au ministre ») and so are the abbreviations of a title or of a
#: company's form (« Mme », « Ltée »); its English lacks "Supt." (Superintendent).
MISSING_WORDS = {
    "fr": frozenset(fold(word) for word in (
        "abus", "accès", "avis", "blocus", "bonus", "bras", "cas", "choix", "colis", "consensus", "corps", "corpus",
        "croix", "devis", "débours", "décès", "dépens", "engrais", "gaz", "héros", "jus", "laps", "legs", "mépris",
        "moeurs", "mœurs", "nez", "noix", "os", "paix", "palais", "paradis", "pays", "poids", "pouls", "printemps",
        "processus", "procès", "progrès", "propos", "prospectus", "puits", "rabais", "rebours", "refus", "relais",
        "remous", "repas", "repos", "riz", "succès", "talus", "tas", "taux", "temps", "univers", "velours", "virus",
        "voix", "époux", "mme", "mmes", "mlle", "mlles", "mgr", "ltée", "cie",
    )),
    "en": frozenset(["supt"]),
}


def is_common_word(word: str, lang: str) -> bool:
    """Whether ``word`` is an ordinary word of ``lang``, so that a capital on it is no sign of a name.

    Each part of a hyphenated compound is looked at: « Sous-ministre » is
    common, « Jean-Pierre » is not (« pierre » is, « jean » is not).
    """
    lexicon = _lexicon(lang)
    if lexicon is None:
        return True
    missing = MISSING_WORDS.get(lang, frozenset())
    return all(fold(part) in lexicon or fold(part) in missing for part in word.split("-"))


@cache
def _known_names(lang: str) -> dict[str, str]:
    """Folded country, region and organisation names of ``lang`` → their label."""
    names: dict[str, str] = {}
    try:
        territories: Mapping[str, str] = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        territories = {}
    for code, name in territories.items():
        if not code.isdigit() and "(" not in name:
            names[fold(name)] = code
    for label, forms in [*ORGANISATIONS.items(), *REGIONS.items()]:
        for form in forms:
            names[fold(form)] = label
    return names


@cache
def _known_pattern(langs: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern for every known name of ``langs`` in folded text, longest first."""
    names = sorted({name for lang in langs for name in _known_names(lang)}, key=len, reverse=True)
    # A hyphen may end a line in text taken from a PDF (« Nouvelle- Écosse »).
    alternatives = "|".join(re.escape(name).replace(r"\-", r"-\s*") for name in names)
    return re.compile(r"(?<![\w.])(?:" + alternatives + r")(?![\w-])")


def _known_in(text: str, langs: tuple[str, ...]) -> Iterator[tuple[str, tuple[int, int]]]:
    """The countries and organisations named in ``text``, as (label, span); a name must start with a capital."""
    labels = {name: label for lang in langs for name, label in _known_names(lang).items()}
    for match in _known_pattern(langs).finditer(fold(text)):
        words = [w for w in _WORD.findall(text[match.start() : match.end()]) if w.lower() not in _CONNECTORS]
        # « la réunion » is a meeting, « La Réunion » the island.
        if words and words[0][0].isupper():
            yield labels[re.sub(r"-\s+", "-", match.group(0))], match.span()


def _is_acronym(word: str, lang: str) -> bool:
    """Whether ``word`` is written as an acronym: capitals, not a Roman numeral, not a shouted word ("NOW")."""
    if not _ACRONYM.fullmatch(word) or _ROMAN.fullmatch(word):
        return False
    # Two-letter acronyms are often words as well ("US", « UN »): kept.
    return len(word) <= 2 or not is_common_word(word, lang)


def _names(text: str, lang: str) -> list[_Name]:
    """The names of ``text``: known countries and organisations, acronyms, and runs of capitalised words."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > ALL_CAPS_SHARE * len(letters):
        return []
    starts = sentence_starts(text)
    elsewhere = {m.group(0) for m in _WORD.finditer(text) if m.start() not in starts}
    found: list[_Name] = []
    taken: list[tuple[int, int]] = []
    for label, span in _known_in(text, (lang,)):
        taken.append(span)
        surface = text[span[0] : span[1]]
        words = [w for w in _WORD.findall(surface) if w.lower() not in _CONNECTORS]
        if len(words) == 1 and "-" not in words[0] and is_common_word(words[0], lang):
            # A single word that is also an ordinary word (« Réunion »,
            # "Turkey") may be either: it is not taken for a name.
            continue
        if _OF_COUNTRY.search(text, 0, span[0]):
            # "the Government of Canada", "the official languages of Canada":
            # the French often leaves the country implicit (« le gouvernement
            # fédéral », « les langues officielles »).
            continue
        found.append(_Name(surface, span, (), label, False))
    run: list[re.Match[str]] = []
    for match in [*_WORD.finditer(text), None]:
        inside = match is not None and not any(a <= match.start() < b for a, b in taken)
        if match is not None and inside and run and text[run[-1].end() : match.start()].strip():
            # Punctuation between two words ends a name ("Nadelhorn, Dürrenhorn").
            found.extend(_run_names(text, lang, run, starts, elsewhere))
            run = []
        if match is not None and inside and match.group(0)[0].isupper():
            run.append(match)
            continue
        if match is not None and inside and run and match.group(0) in _CONNECTORS:
            run.append(match)
            continue
        found.extend(_run_names(text, lang, run, starts, elsewhere))
        run = []
    return sorted(found, key=lambda name: name.span)


def _is_proper_word(word: str, lang: str) -> bool:
    """Whether a capitalised ``word`` is a name rather than an ordinary word, a Roman numeral or an initial.

    In German every noun is capitalised and compounds (« Seillänge ») are
    missing from any lexicon, so there no word is taken for a name on its
    capital alone: only acronyms and the tables count.
    """
    return (
        len(word) > 1
        and word[0].isupper()
        and lang not in _NOUN_CAPITALISING
        and not _ROMAN.fullmatch(word)
        and not is_common_word(word, lang)
    )


def _run_names(
    text: str, lang: str, run: list[re.Match[str]], starts: set[int], elsewhere: set[str]
) -> list[_Name]:
    """The names in one run of capitalised words: each acronym, and the stretch of uncommon words.

    A run made of common words only (« Sécurité publique », "Emergency
    Preparedness") is a translated title, not a name: it cannot be checked
    without a dictionary, so it is left out. ``elsewhere`` holds the words
    of ``text`` seen away from a sentence start.
    """
    names = []
    proper = []
    # A run with an ordinary word in capitals is shouted (« SA MAJESTÉ »), and its short words no acronyms.
    shouted = any(m.group(0).isupper() and len(m.group(0)) > 2 and is_common_word(m.group(0), lang) for m in run)
    # A function word in capitals that opens a sentence is lettering: statutes enact « SA Majesté … décrète »
    # and "HER Majesty … enacts".
    lettering = run[0].start() in starts and run[0].group(0).lower() in function_words(lang) if run else False
    for n, match in enumerate(run):
        word = match.group(0)
        if _is_acronym(word, lang) and not shouted and not (n == 0 and lettering):
            names.append(_Name(word, match.span(), (word.removesuffix("s"),), None, True))
        # The lexicon misses words (« Avis »): a sentence's capitalised
        # first word counts only when capitalised elsewhere too.
        elif _is_proper_word(word, lang) and (match.start() not in starts or word in elsewhere):
            proper.append(match)
    if proper:
        start, end = proper[0].start(), proper[-1].end()
        names.append(_Name(text[start:end], (start, end), tuple(m.group(0) for m in proper), None, False))
    return names


def _similar(a: str, b: str) -> bool:
    """Whether two folded words are one name: close spellings, one derived from the other, or the
    same name as French and English spell it (« Salamanque » / "Salamanca", « Alphonse » / "Alfonso")."""
    prefix = len(os.path.commonprefix([a, b]))  # noqa: RUF071 - a and b are words: their common letters are meant
    if prefix >= PREFIX_MIN and prefix >= PREFIX_SHARE * min(len(a), len(b)):
        return True
    if SequenceMatcher(None, a, b, autojunk=False).ratio() >= FUZZY_MIN:
        return True
    a, b = _spoken(a), _spoken(b)
    return min(len(a), len(b)) >= PREFIX_MIN and SequenceMatcher(None, a, b, autojunk=False).ratio() >= FUZZY_MIN


#: Spellings of one sound that French and English write differently, in the order they are replaced.
_SOUNDS = (("ph", "f"), ("qu", "k"), ("ck", "k"), ("c", "k"), ("w", "v"), ("y", "i"))


def _spoken(word: str) -> str:
    """A folded name as it sounds, near enough: one spelling per sound, doubled letters once, without the
    endings French and English give the same name (-e, -a, -o, -s)."""
    for written, sound in _SOUNDS:
        word = word.replace(written, sound)
    word = re.sub(r"(.)\1+", r"\1", word)
    return word.rstrip("eaos")


def _word_present(word: str, other: str, other_words: list[str]) -> bool:
    """Whether ``word`` stands in the other text: whole, in any case, inside a compound, or spelled alike."""
    folded = fold(word)
    if len(folded) >= SUBSTRING_MIN and re.search(r"(?<!\w)" + re.escape(folded), fold(other)):
        return True
    joined = [a + b for a, b in itertools.pairwise(other_words)]
    return any(_similar(folded, candidate) for candidate in [*other_words, *joined])


def _initials_match(acronym: str, other: str) -> bool:
    """Whether ``other`` spells ``acronym`` out: the initials of a run of capitalised words, in any order."""
    for run in _CAPITALISED_RUN.finditer(other):
        initials = [w[0] for w in run.group(0).split() if w not in _CONNECTORS]
        for size in range(len(acronym), len(initials) + 1):
            for first in range(len(initials) - size + 1):
                if sorted(initials[first : first + size]) == sorted(acronym.upper()):
                    return True
    return False


def _present(name: _Name, other: str, other_labels: set[str], other_words: list[str]) -> bool:
    """Whether ``name`` has a counterpart anywhere in the other side's text."""
    if name.key is not None:
        return (
            name.key in other_labels
            or _word_present(name.text, other, other_words)
            or (
                len(name.key) == 2
                and name.key not in _NOT_COUNTRIES
                and any(word.startswith(_COUNTRY_STAND_INS) for word in other_words)
            )
        )
    if name.acronym:
        acronym = name.words[0]
        label = _known_names("en").get(fold(acronym))
        return (
            re.search(rf"(?<!\w){re.escape(acronym)}s?(?!\w)", other) is not None
            or (label is not None and label in other_labels)
            or _initials_match(acronym, other)
        )
    return any(_word_present(word, other, other_words) for word in name.words)


def _missing(names: list[_Name], other: str, other_lang: str, lang: str) -> list[_Name]:
    """The names of one side with no counterpart in ``other``."""
    labels = {label for label, _ in _known_in(other, (other_lang, lang, "en"))}
    words = [fold(w) for w in _WORD.findall(other)]
    return [name for name in names if not _present(name, other, labels, words)]


def compare_names(src_text: str, src_lang: str, tgt_text: str, tgt_lang: str) -> NameDifference:
    """The names (people, places, organisations, acronyms) that only one side of a bead has."""
    only_src = _missing(_names(src_text, src_lang), tgt_text, tgt_lang, src_lang)
    only_tgt = _missing(_names(tgt_text, tgt_lang), src_text, src_lang, tgt_lang)
    # Two acronyms left over, one on each side, are most likely one
    # organisation under its French and English initials (SCRS / CSIS): only
    # acronyms the other side has no candidate for are reported.
    if any(n.acronym for n in only_src) and any(n.acronym for n in only_tgt):
        only_src = [n for n in only_src if not n.acronym]
        only_tgt = [n for n in only_tgt if not n.acronym]
    return NameDifference(
        tuple(dict.fromkeys(n.text for n in only_src)),
        tuple(dict.fromkeys(n.text for n in only_tgt)),
        tuple(n.span for n in only_src),
        tuple(n.span for n in only_tgt),
    )


#: A name on one side only: a person, place or body that the other version does not mention.
SEVERITY: Severity = "medium"
#: A name one side lacks is translated all the same when its words match the
#: other side's this well: exonyms reach 0.75 to 0.94 with the bundled model
#: (Angleterre/England, Grande-Bretagne/Great Britain, Suède/Swedish), two
#: different places or people at most 0.66 (Ottawa/Toronto, Trudeau/Harper).
NAME_MATCH_FLOOR = 0.74


def run(pair: AlignedPair) -> list[Finding]:
    """Names, places, organisations and acronyms that one side of a matched bead has and the other lacks.

    The name tables cannot hold every exonym; a name whose words all match
    the other side's words (« Angleterre » / "England") is not reported.
    """
    src_lang, tgt_lang = pair.alignment.src.lang, pair.alignment.tgt.lang
    findings = []
    for bead, (src_text, tgt_text), words in zip(pair.matched, pair.texts, pair.words, strict=True):
        difference = compare_names(src_text, src_lang, tgt_text, tgt_lang)
        if difference and not _translated(difference, words):
            findings.append(
                pair.finding(
                    bead,
                    "name",
                    SEVERITY,
                    str(difference),
                    src_spans=difference.src_spans,
                    tgt_spans=difference.tgt_spans,
                )
            )
    return findings


def _translated(difference: NameDifference, words: PairWords) -> bool:
    """Whether every name of a difference has its translation on the other side."""
    spans = [(span, words.src) for span in difference.src_spans] + [(span, words.tgt) for span in difference.tgt_spans]

    def translated(start: int, end: int, side: tuple[WordMatch, ...]) -> bool:
        overlapping = [word.best for word in side if word.start < end and start < word.end]
        return bool(overlapping) and min(overlapping) >= NAME_MATCH_FLOOR

    return bool(spans) and all(translated(start, end, side) for (start, end), side in spans)
