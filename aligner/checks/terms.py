"""Terminology and consistency: how recurring source terms and sentences are rendered.

A translator reviewing an official translation wants to know whether the
same thing was always said the same way. :func:`terminology` finds the
recurring source terms (word n-grams, multi-word ones included) and, in the
target side of each matched bead where a term occurs, the phrase that renders
it. :func:`consistency_findings` turns the table into findings: terms
rendered more than one way, the same source sentence translated differently,
and different source terms collapsed into one target term.

Finding a rendering is done in two steps, because embedding is the costly
part (about 1 ms per short phrase with the bundled model):

1. co-occurrence: the target n-grams that keep turning up in the beads where
   a term occurs are its likely renderings; only a few of them per term are
   embedded and kept when they are close enough in meaning to the term;
2. a bead whose target holds none of those renderings is searched by
   embedding all its target n-grams (one batch for all such beads), since
   that is where a different rendering, if any, hides.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise, product
from typing import TYPE_CHECKING, Literal

import numpy as np

from aligner.document import Alignment, Bead
from aligner.embed import Embedder, embed_unique
from aligner.findings import CorpusTerm, Finding, Term
from aligner.text import DETERMINERS, JOINER, function_words, points, sentence_starts

if TYPE_CHECKING:
    from aligner.checks.base import AlignedPair

#: Longest source term, in content words (stopwords inside a term are free):
#: official names are long, « ministère de la Sécurité publique et de la
#: Protection civile » has five, and a shorter limit would make terms of their
#: truncations.
MAX_TERM_WORDS = 6
#: Longest term that is no long phrase, in content words. Renderings of a longer term (a clause
#: repeated as boilerplate: « entrent en vigueur à la date fixée par décret ») that share a run of
#: half their content words are one translation cut at different places ("come into force on a
#: day to be fixed" / "force on a day to be fixed by order of the Governor in Council"); a short
#: term's renderings that differ in a word differ in how it was said ("health systems" / "health
#: services").
MAX_SHORT_TERM_WORDS = 3
#: A rendering may have one content word more than its term (English or French
#: sometimes needs one); more would let a phrase that also renders the
#: neighbouring words win (« Protection civile » as "Public Safety and Emergency").
RENDERING_SLACK = 1
MAX_RENDERING_WORDS = MAX_TERM_WORDS + RENDERING_SLACK
#: Longest n-gram in tokens, stopwords included, so that a long run of
#: function words cannot make a candidate.
MAX_NGRAM_TOKENS = 14
#: A term must occur in at least this many matched beads to be recurring.
MIN_TERM_BEADS = 2
#: Terms kept, best first by beads x content words: bounds the work on long documents.
MAX_TERMS = 200
#: Longer beads are left out of the table: a sentence this long is a run cut by length, not prose.
MAX_BEAD_CHARS = 1500
#: Likely renderings embedded per term, chosen by co-occurrence (Dice).
SHORTLIST = 6
#: A shortlisted rendering must co-occur with its term in at least this many beads.
MIN_SHORTLIST_BEADS = 2
#: Cosine above which a target phrase is taken as a rendering of the term: on
#: the bundled model true renderings score 0.6-0.95 (« ministre » / "Minister"
#: 0.90, « combattants terroristes étrangers » / "foreign terrorist fighters"
#: 0.87) and phrases merely about the same subject 0.4-0.6.
MIN_SIMILARITY = 0.6
#: A phrase that co-occurs with a term of several words in almost every bead
#: (Dice at least STRONG_DICE) is accepted from this lower cosine: legal names
#: translate loosely (« Protection civile » / "Emergency Preparedness" scores 0.43).
MIN_SIMILARITY_COOCCURRING = 0.4
STRONG_DICE = 0.8
#: A phrase found outside the usual renderings is a different rendering, the
#: kind of claim a finding rests on, so it must be closer: single words drift
#: (« attributions » / "incurred" 0.66), real variants stay above (« fonctionnaire »
#: / "officer" 0.72, « conseil » / "Council" 0.80).
MIN_RESIDUAL_SIMILARITY = 0.7
#: A rendering takes along a word that renders a neighbour of the term, which the source writes within
#: this many content words of it: « entrée en vigueur de la présente loi », "this Act comes into force".
NEIGHBOUR_WORDS = 3
#: How much co-occurrence adds to cosine when two known renderings compete in
#: one bead: the more specific phrase co-occurs better ("Deputy Solicitor
#: General" over "Solicitor General" for « sous-solliciteur général »).
DICE_WEIGHT = 0.5
#: What each content word short of the term, or past its one word of slack, costs a rendering: it
#: breaks near-ties in favour of the whole name over a truncation of it.
LENGTH_WEIGHT = 0.05
#: Two words are one inflected when they share at least STEM_LETTERS letters
#: and the shorter differs by at most INFLECTION_LETTERS at its end
#: ("child" / "children", "safe" / "safety"); English and French inflect by suffixes.
STEM_LETTERS = 4
INFLECTION_LETTERS = 3
#: Suffixes that make one part of speech of another ("manage", "management", "managerial";
#: « gérer », « gestion »), longest first. A translator picks the part of speech the sentence's
#: construction needs (« la vente de » is "the sale of" or "to sell"), so renderings that differ
#: only so are one rendering. Agent nouns ("-er", "-ee", « -eur ») are left out: a manager is a person.
DERIVATIONS = {
    "en": ("ational", "erial", "ation", "ition", "ially", "ment", "ally", "able", "ible", "ness", "ing", "ial",
           "ive", "ion", "ity", "al", "ed", "ly", "e"),
    "fr": ("ements", "ement", "ations", "ation", "ables", "able", "ions", "ion", "ité", "ées", "ive", "ée", "if",
           "er", "ir", "re", "és", "é", "e"),
}
#: Nouns made from a verb by a change of vowel, which no suffix shows, by the verb they come from.
VOWEL_CHANGES = {
    "en": {"sale": "sell", "loan": "lend", "gift": "give", "proof": "prove", "loss": "lose", "speech": "speak",
           "choice": "choose", "sight": "see", "seat": "sit"},
}
#: Prefixes that make a verb of a noun ("empower", "entitle"), tried only against a word without them.
VERB_PREFIXES = {"en": ("em", "en"), "fr": ()}
#: A word fused onto a prefix still counts as that word from this many letters on ("terrorism"
#: in "counterterrorism"); shorter endings match by chance ("ion", "ment").
COMPOUND_LETTERS = 6
#: Two source sentences are near-identical from this word-level ratio on (the
#: rest must be a word or two, e.g. an article or a plural) ...
NEAR_IDENTICAL = 0.9
#: ... and their targets differ markedly when their ratio falls this far below
#: the sources' ratio (the same rewording on both sides is no inconsistency).
TARGET_DROP = 0.15
#: Sentences shorter than this many words (headings such as « Ministre ») are
#: left to the term table: their targets are single words whose variation the
#: table already shows.
MIN_SENTENCE_WORDS = 4
#: Target ratio below which two renderings of one sentence are a different
#: translation rather than a rewording: the finding is then of medium severity.
DIFFERENT_TRANSLATION = 0.5

#: Prepositions after which French writes a noun, never an adjective without its noun (« dotation en
#: personnel », "staffing"; « à titre personnel » puts the noun between).
NOUN_PREPOSITIONS = {
    "fr": frozenset(["en", "de", "d", "à", "par", "pour", "sans", "avec", "sur", "sous", "dans", "entre"]),
}

#: Adjectives French writes before the noun (« une seule société », « le nouveau conseil »): a word right
#: after one of them is a noun, not an adjective after its noun (see _uses).
BEFORE_NOUN = {
    "fr": frozenset(
        form
        for stem in (
            "seul", "premier/première", "dernier/dernière", "prochain", "nouveau/nouvel/nouvelle", "ancien/ancienne",
            "grand", "petit", "bon/bonne", "mauvais/mauvaise", "jeune", "vieux/vieil/vieille", "haut", "gros/grosse",
            "long/longue", "beau/bel/belle", "moindre", "meilleur", "simple", "véritable", "principal/principaux",
        )
        for word in stem.split("/")
        for form in (word, word + "s", word + "e", word + "es", word + "x")
    ),
}

#: Words that open a subordinate clause: a term or its rendering is a noun phrase and runs over none
#: (« Loi sur la taxe d’accise si la taxe imposée »). A relative clause may finish a noun phrase ("day on
#: which this section comes into force"), and so may a negation ("fine not exceeding"): both stay out.
CLAUSE_WORDS = {
    "fr": frozenset(["si", "lorsque", "lorsqu", "quand", "parce", "car", "mais", "que", "qu"]),
    "en": frozenset(["if", "unless", "until", "while", "because", "whether", "but"]),
}

#: Numbers written as words, which count as figures do (a token without letters): a quantity, not a
#: term, and often said with a figure on the other side (« deux pensions », "both pensions"; « une ou
#: plusieurs personnes », "one or more"). The value checks compare them. "per cent" is a number's
#: unit, as « pour cent » is a number (no 'cent' rendering « dollars » beside "ninety per cent").
NUMBER_WORDS = {
    "fr": frozenset([
        "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize",
        "quatorze", "quinze", "seize", "vingt", "trente", "quarante", "cinquante", "soixante", "cent", "cents",
        "mille",
    ]),
    "en": frozenset([
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "twenty", "thirty", "forty", "fifty", "sixty", "hundred",
        "thousand", "cent", "cents", "percent",
    ]),
}

#: The verbs of locutions with a bare noun (« a droit », « donne lieu »).
HAVE_OR_GIVE = (
    "a|ont|avoir|aura|auront|aurait|auraient|ait|aient|ayant|avait|avaient|eu|donne|donnent|donner|donnant"
    "|ouvre|ouvrent|ouvrant|ouvrir"
)
#: Locutions that hold a noun emptied of its meaning: a compound preposition (« au nom de » "on behalf
#: of", « à l’égard de », « en vertu de », « en application de » "under"), a verb with a bare noun
#: (« a droit » "is entitled", « font partie de », « a lieu »), or a fixed phrase (« droits de la
#: personne » "human rights"; « jusqu'à concurrence d'un montant de » "not exceeding", whose amount
#: English leaves unsaid). The noun, marked ``*``, is no occurrence of the term there: « nom » rendered
#: "names" and "behalf", or « droit » "right" and "entitled", are two words that share a spelling, not
#: one term said two ways. It stays a word of its sentence, whose rendering is no rendering of a term
#: beside it ("Subject" says « sous réserve »). ``|`` separates the forms one place may take, ``?`` marks
#: a place that may be left out (a negation, an adjective). Other languages have none.
LOCUTIONS = {
    "fr": tuple(
        pattern.replace("DE", "de|du|des|d").replace("À", "à|au|aux").replace("NOT", "pas|plus?")
        for pattern in (
            "au *nom DE", "en mon|ton|son|notre|votre|leur *nom", "à l *égard DE", "cet *égard", "eu *égard",
            "tous|certains *égards", "en *vertu DE",
            "au|à *titre DE", "en *matière DE", "en *cas DE", "au *sens DE", "en *raison DE", "au *moyen DE",
            "en *fonction DE", "au *cours DE", "à la *suite DE", "sous *réserve DE", "à l *exception DE",
            "à l *appui DE", "à l *encontre DE", "au *lieu DE", "en *faveur DE", "au *profit DE",
            "à l *intention DE", "en *vue DE", "pour l *application DE", "en *application DE", "à la *demande DE",
            "à|par-dessus *bord", "en *partie", "à *concurrence DE", "jusqu? à concurrence DE un? *montant|montants DE",
            "droit|droits fondamental|fondamentaux? de la *personne",
            f"{HAVE_OR_GIVE} NOT *droit", f"{HAVE_OR_GIVE} NOT le *droit",
            "font|fait|faire|faisant|fera|feront|ferait|feraient|faisait|faisaient NOT *partie DE|intégrante",
            f"{HAVE_OR_GIVE}|y *lieu",
        )
    ),
}
#: A word written before a figure or a numeral in capitals, with nothing but a space or a bracket
#: between, is the label of a division of a text (« partie 2 », « paragraphe (1) », « annexe III »,
#: "Part 2"): a reference, whose number the value checks compare, not the common noun (« partie » of
#: "Part 2" and "a portion of"), as the noun of a locution is none.
_LABEL_NUMBER = re.compile(r"[0-9][0-9.]*|[IVXLC]+(?:\.[0-9]+)?")

_WORD = re.compile(r"[^\W_]+(?:[-‐‑][^\W_]+)*")


@dataclass(frozen=True)
class _Token:
    """A word of a text: its normalised key, where it stands, and what it is."""

    key: str
    start: int
    end: int
    #: A function word (or a number), which cannot start or end a term.
    weak: bool
    #: Punctuation, or a word that opens a clause, stands between this word and the previous one.
    after_break: bool
    #: The noun of a locution or a label (LOCUTIONS, _LABEL_NUMBER): no occurrence of a term.
    fixed: bool = False


@dataclass(frozen=True)
class _Ngram:
    """An n-gram of one text: its key, its span and how many content words it has."""

    key: str
    start: int
    end: int
    words: int
    #: It opens or ends on a fixed word (_Token.fixed): no occurrence of a term, though it holds the terms
    #: inside it as a phrase that opens no term does (see _ranked_terms).
    fixed: bool = False


def normalise(word: str) -> str:
    """The comparison key of a word: case-folded, singular by a simple plural rule.

    The rule is crude but symmetric, so « étranger » and « étrangers »,
    "policy" and "policies", "Minister" and "ministers" share a key.
    """
    word = word.casefold().replace("’", "'")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65_536)
def tokens(text: str, lang: str) -> tuple[_Token, ...]:
    """The words of ``text`` with their keys and spans; apostrophes split elisions (« l’autorité »).

    Cached: the same sentences are looked at once per term.
    """
    stop = function_words(lang)
    numbers = NUMBER_WORDS.get(lang, frozenset())
    clause = CLAUSE_WORDS.get(lang, frozenset())
    found: list[_Token] = []
    previous_end = 0
    opens_clause = False
    for match in _WORD.finditer(text):
        surface = match.group(0)
        folded = surface.casefold()
        gap = text[previous_end : match.start()]
        # « présente » counted as a content word would make « présente loi » a term of two words, and a
        # rendering of two content words ('Act comes', 'force of this Act') would be sought for it.
        pointing = bool(found) and points(folded, found[-1].key, gap, lang)
        number = not any(c.isalpha() for c in folded) or all(part in numbers for part in _compound_parts(folded))
        weak = folded in stop or len(folded) == 1 or number or pointing
        after_break = bool(found) and (opens_clause or JOINER.fullmatch(gap) is None)
        found.append(_Token(normalise(surface), match.start(), match.end(), weak, after_break))
        previous_end = match.end()
        opens_clause = folded in clause
    fixed = _in_locutions(text, found, lang) | _labels(text, found)
    return tuple(replace(token, fixed=True) if i in fixed else token for i, token in enumerate(found))


@lru_cache(maxsize=8)
def _locutions(lang: str) -> tuple[tuple[tuple[frozenset[str], ...], int], ...]:
    """LOCUTIONS of ``lang`` as the forms each word may take, and where the noun stands."""
    parsed = []
    for pattern in LOCUTIONS.get(lang, ()):
        written = pattern.split()
        for kept in product(*[(True, False) if place.endswith("?") else (True,) for place in written]):
            places = [place.rstrip("?") for place, keep in zip(written, kept, strict=True) if keep]
            noun = next(i for i, place in enumerate(places) if place.startswith("*"))
            parsed.append((tuple(frozenset(place.lstrip("*").split("|")) for place in places), noun))
    return tuple(parsed)


@lru_cache(maxsize=8)
def _locutions_by_first_word(lang: str) -> dict[str, tuple[tuple[tuple[frozenset[str], ...], int], ...]]:
    """The LOCUTIONS of ``lang`` (:func:`_locutions`) that each word may open: a text's words are looked up
    once each, not tried against every locution."""
    opening: dict[str, list[tuple[tuple[frozenset[str], ...], int]]] = {}
    for places, noun in _locutions(lang):
        for form in places[0]:
            opening.setdefault(form, []).append((places, noun))
    return {form: tuple(found) for form, found in opening.items()}


def _in_locutions(text: str, words: list[_Token], lang: str) -> set[int]:
    """Where in ``words`` a noun stands inside one of the LOCUTIONS (no punctuation between its words)."""
    folded = [text[word.start : word.end].casefold().replace("’", "'") for word in words]
    opening = _locutions_by_first_word(lang)
    found = set()
    for first, form in enumerate(folded):
        for places, noun in opening.get(form, ()):
            if first + len(places) > len(words):
                continue
            if all(folded[first + i] in forms for i, forms in enumerate(places)) and not any(
                word.after_break for word in words[first + 1 : first + len(places)]
            ):
                found.add(first + noun)
    return found


def _labels(text: str, words: list[_Token]) -> set[int]:
    """Where in ``words`` a word is the label before a number (see _LABEL_NUMBER)."""
    return {
        i
        for i, (word, number) in enumerate(pairwise(words))
        if not word.weak
        and text[word.end : number.start].strip() in ("", "(")
        and _LABEL_NUMBER.fullmatch(text[number.start : number.end])
    }


def ngrams(words: Sequence[_Token], max_words: int) -> list[_Ngram]:
    """The n-grams of up to ``max_words`` content words that start and end with one and cross no punctuation."""
    found = []
    for first, token in enumerate(words):
        if token.weak:
            continue
        content = 0
        for last in range(first, min(len(words), first + MAX_NGRAM_TOKENS)):
            if last > first and words[last].after_break:
                break
            if not words[last].weak:
                content += 1
                if content > max_words:
                    break
                key = " ".join(w.key for w in words[first : last + 1])
                fixed = token.fixed or words[last].fixed
                found.append(_Ngram(key, token.start, words[last].end, content, fixed))
    return found


def _key(phrase: str, lang: str) -> str:
    """The comparison key of a whole phrase."""
    return " ".join(token.key for token in tokens(phrase, lang))


def find_phrase(text: str, phrase: str, lang: str) -> list[tuple[int, int]]:
    """Character spans ``[start, end)`` of ``phrase`` in ``text``, compared by key (case, plural)."""
    wanted = [token.key for token in tokens(phrase, lang)]
    words = tokens(text, lang)
    size = len(wanted)
    if not size:
        return []
    return [
        (words[i].start, words[i + size - 1].end)
        for i in range(len(words) - size + 1)
        if [w.key for w in words[i : i + size]] == wanted
        and not any(w.after_break for w in words[i + 1 : i + size])
    ]


@dataclass
class _Side:
    """The n-grams of every matched bead on one side, and which beads each key occurs in."""

    grams: list[list[_Ngram]]
    beads_of: dict[str, set[int]]
    surfaces: dict[str, Counter[str]]
    words: dict[str, int]


def _index(texts: Sequence[str], lang: str, max_words: int) -> _Side:
    """N-grams of each text, the beads each key occurs in, and the surfaces seen for each key."""
    grams = []
    beads_of: dict[str, set[int]] = defaultdict(set)
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    words: dict[str, int] = {}
    for index, text in enumerate(texts):
        found = ngrams(tokens(text, lang), max_words)
        grams.append(found)
        for gram in found:
            beads_of[gram.key].add(index)
            surfaces[gram.key][text[gram.start : gram.end]] += 1
            words[gram.key] = gram.words
    return _Side(grams, beads_of, surfaces, words)


def _after_determiners(texts: Sequence[str], lang: str) -> frozenset[str]:
    """The keys of the words written right after a determiner somewhere in ``texts``: nouns, and the
    adjectives French writes before one."""
    determiners = DETERMINERS.get(lang, frozenset())
    return frozenset(
        word.key
        for text in texts
        for previous, word in pairwise(tokens(text, lang))
        if not word.after_break and previous.key in determiners
    )


def _openers(texts: Sequence[str], lang: str, nouns: frozenset[str]) -> frozenset[str] | None:
    """The keys of the words written after a determiner (``nouns``), or with a capital, somewhere in
    ``texts``: those that may open a term; None where any may (a language without
    ``aligner.text.DETERMINERS``).

    A term of several words names a thing, and a document names a thing after a determiner somewhere; a
    word it never writes after one (nor with a capital: a name, a heading) is a participle, a verb or the
    fixed part of a locution, which opens no term: « liés à la sécurité publique », « vertu de l’article »
    (from « en vertu de »), « visé au paragraphe », "referred to in". Such a phrase keeps its occurrences
    all the same, so that its words are no terms there either."""
    if lang not in DETERMINERS:
        return None
    capitals = {word.key for text in texts for word in tokens(text, lang) if text[word.start].isupper()}
    return nouns | capitals


def _surface(side: _Side, key: str) -> str:
    """How a key is most often written."""
    counts = side.surfaces[key]
    return max(counts, key=counts.__getitem__)


@dataclass(frozen=True)
class _Rendering:
    """A target phrase found for a term in one bead."""

    key: str
    score: float


@dataclass
class _Lexicon:
    """What this document renders a source word by: the target word it pairs with most, by Dice over the
    beads where it is written, and that pairs with it most in turn (:func:`_usual_partner` both ways).
    One-sided partners are the topic's words (« personne » and "care" in an Act on care)."""

    sides: tuple[_Side, _Side]
    forth: dict[tuple[str, int], str | None] = field(default_factory=dict)
    back: dict[tuple[str, int], str | None] = field(default_factory=dict)

    def partner(self, word: str, words: int) -> str | None:
        """The target phrase of ``words`` content words that the document pairs most with a source word."""
        return _usual_partner(word, words, self.sides, self.forth)

    def rendering(self, word: str) -> str | None:
        """The target word that the document renders a source word by, if any."""
        partner = self.partner(word, 1)
        if partner is None:
            return None
        again = self.source_of(partner)
        return partner if again is not None and same_word(again, word) else None

    def source_of(self, word: str) -> str | None:
        """The source word that the document pairs most with a target word."""
        source, target = self.sides
        return _usual_partner(word, 1, (target, source), self.back)


def terminology(alignment: Alignment, embedder: Embedder) -> list[Term]:
    """Recurring source terms with the target renderings found in their aligned sentences.

    Terms come most recurring (and longest) first; each rendering is counted
    once per matched bead where the term occurs, and an occurrence whose
    target holds nothing close enough in meaning counts as not found.
    """
    # Beads past MAX_BEAD_CHARS (unpunctuated runs cut by length) hold thousands of n-grams and no usable term.
    matched = [
        bead
        for bead in alignment.beads
        if bead.is_match and max(len(alignment.side_text(bead, side)) for side in ("src", "tgt")) <= MAX_BEAD_CHARS
    ]
    src_lang, tgt_lang = alignment.src.lang, alignment.tgt.lang
    source_texts = [alignment.side_text(b, "src") for b in matched]
    source = _index(source_texts, src_lang, MAX_TERM_WORDS)
    target = _index([alignment.side_text(b, "tgt") for b in matched], tgt_lang, MAX_RENDERING_WORDS)
    words = source.words
    nouns = _after_determiners(source_texts, src_lang)
    beads_of = _ranked_terms(source, words, _openers(source_texts, src_lang, nouns))
    keys = list(beads_of)
    if not keys:
        return []
    shortlists = {key: _shortlist(sorted(beads_of[key]), target, words[key]) for key in keys}
    term_text = {key: _surface(source, key) for key in keys}
    phrases = list(term_text.values()) + [_surface(target, k) for s in shortlists.values() for k in s]
    vectors = dict(zip(phrases, embed_unique(embedder, phrases), strict=True))

    known = {key: _known(key, shortlists[key], vectors, term_text, words, target) for key in keys}
    avoid = _renderings_of_others(keys, known, term_text, src_lang, target)
    lexicon = _Lexicon((source, target))
    renderings: dict[str, dict[int, _Rendering | None]] = {}
    residual: list[tuple[str, int]] = []
    for key in keys:
        candidates = {k: score for k, score in known[key].items() if not _contains_any(k, avoid[key])}
        own = {r for word in _content(key, src_lang) if (r := lexicon.rendering(word)) is not None}
        term_words = (_parts(term_text[key], src_lang), own)
        usable = _whole_phrases(candidates, shortlists[key], (target, tgt_lang), term_words)
        renderings[key] = {}
        for bead in sorted(beads_of[key]):
            present = [k for k in usable if bead in target.beads_of[k]]
            if present:
                best = max(present, key=lambda k: (usable[k], k))
                renderings[key][bead] = _Rendering(best, usable[best])
            else:
                residual.append((key, bead))
    _search_residual(residual, renderings, term_text, words, avoid, target, vectors, embedder)
    _trim_words_of_neighbours(renderings, term_text, (source, target), (src_lang, tgt_lang), vectors, embedder)
    _drop_renderings_of_neighbours(renderings, term_text, lexicon, vectors, embedder)
    _drop_renderings_short_of_a_word(renderings, term_text, lexicon, src_lang)
    _name_by_shared_phrase(renderings, term_text, target, tgt_lang, vectors, embedder)
    _take_usual_where_written(renderings, lexicon)

    terms = []
    for key in keys:
        for beads, written in _uses(key, beads_of[key], renderings[key], (source_texts, src_lang), nouns):
            found = {bead: renderings[key].get(bead) for bead in beads}
            term = _term(key, beads, found, source, target, matched, alignment)
            terms.append(replace(term, source=written) if written else term)
    return terms


def _name_by_shared_phrase(
    renderings: dict[str, dict[int, _Rendering | None]],
    term_text: dict[str, str],
    target: _Side,
    lang: str,
    vectors: dict[str, np.ndarray],
    embedder: Embedder,
) -> None:
    """Renderings of a term that share a phrase which says the term at least as well as each of them,
    renamed to that phrase.

    'purpose of this Act' and 'apply in this Act' for « présente loi » both say "this Act": they differ
    in the neighbouring words each took along, where the phrase was cut, not in how the term was
    rendered. Where the shared words say the term less well than a rendering does ("health" of "health
    systems" and "health services" for « systèmes de santé »), the renderings differ in a word that
    renders the term, and stay apart. A shared phrase may open with function words ("this Act"): they
    may render a word of the term (« présente »).
    """
    shared: dict[str, list[tuple[str, str, str]]] = {}
    written: dict[str, str] = {}  # each shared phrase as the first rendering holding it writes it
    for key, found in renderings.items():
        names = sorted({r.key for r in found.values() if r is not None})
        shared[key] = []
        for n, a in enumerate(names):
            for b in names[n + 1 :]:
                if not _same_rendering(a, b, lang) and (run := _common_run(target, a, b, lang)) is not None:
                    shared[key].append((a, b, run[0]))
                    written.setdefault(*run)

    def surface(key: str) -> str:
        return _surface(target, key) if key in target.surfaces else written[key]

    _embed_missing(vectors, {surface(k) for pairs in shared.values() for pair in pairs for k in pair}, embedder)
    for key, pairs in shared.items():
        says = {k: float(vectors[surface(k)] @ vectors[term_text[key]]) for pair in pairs for k in pair}
        renamed = {}
        for a, b, common in pairs:
            if says[common] >= max(says[a], says[b]):
                renamed[a] = renamed[b] = common
                if common not in target.surfaces:  # the table names a rendering by how the target writes it
                    target.surfaces[common][written[common]] += 1
        for bead, rendering in renderings[key].items():
            if rendering is not None and rendering.key in renamed:
                renderings[key][bead] = _Rendering(renamed[rendering.key], rendering.score)


def _uses(
    key: str,
    beads: frozenset[int],
    found: dict[int, _Rendering | None],
    source: tuple[Sequence[str], str],
    nouns: frozenset[str],
) -> list[tuple[frozenset[int], str | None]]:
    """The beads of a term, and how the term is written there where that is not as it is most often
    (None): one row, or two for a word used two ways, each rendered its own way.

    A word the document uses two ways, whose renderings in one use are none of those in the other, is
    two words that share a spelling, not one term said two ways: a noun and an adjective
    (:func:`_noun_or_adjective`), or a name's word and the common noun (:func:`_name_or_common`).
    """
    texts, lang = source
    whole: list[tuple[frozenset[int], str | None]] = [(beads, None)]
    if " " in key:
        return whole
    for split in (_noun_or_adjective, _name_or_common):
        uses = split(key, beads, texts, lang, nouns)
        if uses is None:
            continue
        first, second = uses
        said = [{r.key for bead in use if (r := found.get(bead)) is not None} for use in uses]
        if not said[0] or not said[1] or said[0] & said[1]:
            continue
        # A bead where the word is used both ways, or neither, goes with the second use when that use's
        # renderings hold its own, and stays with the first otherwise.
        apart = frozenset(second) | {
            bead for bead in beads - first - second if (r := found.get(bead)) is not None and r.key in said[1]
        }
        # The common noun's row is named as written there (« tribunal »), not by a name's capital.
        rest = _written(key, beads - apart, texts, lang) if split is _name_or_common else None
        return [(beads - apart, rest), (apart, _written(key, apart, texts, lang))]
    return whole


def _written(key: str, beads: Iterable[int], texts: Sequence[str], lang: str) -> str | None:
    """How a term is most often written in ``beads``."""
    written = Counter(
        text[start:end] for text in (texts[bead] for bead in beads) for start, end in find_phrase(text, key, lang)
    )
    return max(written, key=written.__getitem__, default=None)


def _noun_or_adjective(
    key: str, beads: frozenset[int], texts: Sequence[str], lang: str, nouns: frozenset[str]
) -> tuple[set[int], set[int]] | None:
    """The beads where a word is used as a noun, and those where as an adjective; None for a language
    without ``aligner.text.DETERMINERS``.

    French writes a noun after a determiner (« le personnel », "staff"), a preposition (« dotation en
    personnel », "staffing"; NOUN_PREPOSITIONS) or one of the few adjectives placed before a noun
    (BEFORE_NOUN), and other adjectives right after their noun (« renseignements
    personnels », "personal"), a word the document writes after a determiner somewhere (``nouns``; not
    « sauf demande »).
    """
    determiners = DETERMINERS.get(lang)
    if determiners is None:
        return None
    noun_openers = determiners | BEFORE_NOUN.get(lang, frozenset()) | NOUN_PREPOSITIONS.get(lang, frozenset())
    noun: set[int] = set()
    adjective: set[int] = set()
    for bead in beads:
        kinds = {
            before.key in noun_openers
            for before, word in pairwise(tokens(texts[bead], lang))
            if word.key == key and not word.fixed and not word.after_break
            and (before.key in noun_openers or (not before.weak and before.key in nouns))
        }
        if len(kinds) == 1:
            (noun if kinds.pop() else adjective).add(bead)
    return noun, adjective


def _name_or_common(
    key: str, beads: frozenset[int], texts: Sequence[str], lang: str, nouns: frozenset[str]
) -> tuple[set[int], set[int]]:
    """The beads where a word is written in lower case, and those where with a capital inside its
    sentence: the common noun (« des conseils », "advice"; « devant un tribunal », "before a court") and
    a name's word (« les membres du Conseil », "the Council"; « le Tribunal »). A capital at the start of
    a sentence or a heading says neither. (``nouns`` is unused: both splits of :func:`_uses` take it.)"""
    common: set[int] = set()
    name: set[int] = set()
    for bead in beads:
        text = texts[bead]
        starts = sentence_starts(text)
        kinds = {
            text[word.start].isupper()
            for word in tokens(text, lang)
            if word.key == key and not word.fixed and word.start not in starts
        }
        if len(kinds) == 1:
            (name if kinds.pop() else common).add(bead)
    return common, name


def _take_usual_where_written(renderings: dict[str, dict[int, _Rendering | None]], lexicon: _Lexicon) -> None:
    """In a bead whose target writes the term's usual rendering, the term is rendered that way.

    Another phrase chosen there took along a neighbour ('aboard a fishing' beside "fishing vessel" for
    « bateau de pêche », 'peace or judge' beside "justice of the peace" for « juge de paix ») or says
    the term in a word the sentence needed elsewhere; the translator did write the usual rendering.
    The usual rendering is the one found in more beads than any other, unless the document renders
    another word by it: the term's own beads are a few of those where its word is written, the others
    being beads of longer terms (« décret ou règlement », "order or regulation"), and two where the target
    writes "provisions" (« dispositions ») beside "regulations" do not make « règlement » 'provisions'.
    Then, or on a tie, it is the rendering the document renders the word by (``lexicon``), where found.
    """
    target = lexicon.sides[1]
    for key, found in renderings.items():
        counts = Counter(r.key for r in found.values() if r is not None)
        if len(counts) < 2:
            continue
        (first, most), (_, next_most) = counts.most_common(2)
        usual = first if most > next_most else None
        own = lexicon.rendering(key) if " " not in key else None
        if own in counts and (usual is None or _renders_another_word(usual, key, lexicon)):
            usual = own
        if usual is None:
            continue
        for bead, rendering in found.items():
            if rendering is not None and rendering.key != usual and bead in target.beads_of.get(usual, ()):
                found[bead] = _Rendering(usual, rendering.score)


def _renders_another_word(rendering: str, word: str, lexicon: _Lexicon) -> bool:
    """Whether a one-word rendering is what the document pairs with another source word than ``word``."""
    other = lexicon.source_of(rendering) if " " not in rendering else None
    return other is not None and not same_word(other, word)


def _embed_missing(vectors: dict[str, np.ndarray], phrases: set[str], embedder: Embedder) -> None:
    """Add to ``vectors`` the phrases not embedded yet, in one batch."""
    missing = list(phrases - vectors.keys())
    if missing:
        vectors.update(zip(missing, embed_unique(embedder, missing), strict=True))


def _common_run(target: _Side, a: str, b: str, lang: str) -> tuple[str, str] | None:
    """The key of the longest run of words two rendering keys share, ending with a content word and
    holding one at least, and the run as ``a`` writes it."""
    words_a, words_b = a.split(), b.split()
    match = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).find_longest_match()
    written = tokens(surface := _surface(target, a), lang)
    run = list(written[match.a : match.a + match.size]) if len(written) == len(words_a) else []
    while run and run[-1].weak:
        run.pop()
    if not any(not token.weak for token in run):
        return None
    return " ".join(token.key for token in run), surface[run[0].start : run[-1].end]


def _ranked_terms(
    source: _Side, words: dict[str, int], openers: frozenset[str] | None
) -> dict[str, frozenset[int]]:
    """Recurring maximal source n-grams, best first by beads x content words, at most MAX_TERMS,
    each with the beads where it occurs on its own.

    An occurrence inside a longer recurring term belongs to that term: « sécurité »
    in « sécurité publique » is rendered as part of "Public Safety", not as
    "security" or "Safety" on its own, and « Protection civile » only ever inside
    the Department's name is no term of its own. Longer terms are settled first,
    so an occurrence goes to the longest recurring term that holds it. A phrase that cannot open a term
    (:func:`_opens_term`), or opens or ends on a locution's noun or a label, still holds its occurrences.
    """
    recurring = {key for key, beads in source.beads_of.items() if len(beads) >= MIN_TERM_BEADS}
    spans: list[dict[str, list[_Ngram]]] = []  # per bead: where each recurring term occurs
    for grams in source.grams:
        found: dict[str, list[_Ngram]] = defaultdict(list)
        for gram in grams:
            if gram.key in recurring:
                found[gram.key].append(gram)
        spans.append(found)
    own: dict[str, frozenset[int]] = {}
    held: list[list[tuple[int, int]]] = [[] for _ in source.grams]  # spans of the terms settled so far, per bead

    def free(key: str, bead: int) -> list[_Ngram]:
        return [g for g in spans[bead][key] if not any(s <= g.start and g.end <= e for s, e in held[bead])]

    for key in sorted(recurring, key=lambda key: (-words[key], key)):
        unheld = {bead: grams for bead in source.beads_of[key] if (grams := free(key, bead))}
        beads = frozenset(unheld)
        if len(beads) >= MIN_TERM_BEADS:
            # A locution's noun or a label (_Token.fixed) is no occurrence of the term, but it holds its words.
            term_beads = frozenset(bead for bead, grams in unheld.items() if any(not g.fixed for g in grams))
            if _opens_term(key, openers) and len(term_beads) >= MIN_TERM_BEADS:
                own[key] = term_beads
            for bead in beads:
                held[bead].extend((g.start, g.end) for g in spans[bead][key])
    kept = sorted(own, key=lambda key: (-len(own[key]) * words[key], key))[:MAX_TERMS]
    return {key: own[key] for key in kept}


def _opens_term(key: str, openers: frozenset[str] | None) -> bool:
    """Whether a phrase may be a term by its first word; a single word may be one whatever it is: a verb
    or an adjective rendered two ways (« modifier » amend / change) is an inconsistency too."""
    first, _, rest = key.partition(" ")
    return openers is None or not rest or first in openers


def _shortlist(beads: list[int], target: _Side, words: int) -> dict[str, float]:
    """The target keys that co-occur most with a term, with their Dice coefficient."""
    together: Counter[str] = Counter()
    for bead in beads:
        together.update({gram.key for gram in target.grams[bead] if gram.words <= words + RENDERING_SLACK})
    dice = {
        key: 2 * count / (len(beads) + len(target.beads_of[key]))
        for key, count in together.items()
        if count >= MIN_SHORTLIST_BEADS
    }
    best = sorted(dice, key=lambda key: (-dice[key], -len(key), key))[:SHORTLIST]
    return {key: dice[key] for key in best}


def _known(
    key: str,
    shortlist: dict[str, float],
    vectors: dict[str, np.ndarray],
    term_text: dict[str, str],
    words: dict[str, int],
    target: _Side,
) -> dict[str, float]:
    """The shortlisted phrases close enough in meaning to the term, scored by cosine and co-occurrence."""
    term_vector = vectors[term_text[key]]
    known = {}
    for candidate, dice in shortlist.items():
        cosine = float(vectors[_surface(target, candidate)] @ term_vector)
        # A name co-occurring whole is specific to its term; a single word always found beside
        # the same neighbours co-occurs with their renderings as much as with its own.
        loose_name = words[key] > 1 and dice >= STRONG_DICE and cosine >= MIN_SIMILARITY_COOCCURRING
        if cosine >= MIN_SIMILARITY or loose_name:
            gap = _length_gap(_words(target, candidate), words[key])
            known[candidate] = cosine + DICE_WEIGHT * dice - LENGTH_WEIGHT * gap
    return known


def _length_gap(rendering_words: int, term_words: int) -> int:
    """How many content words a rendering has beyond the one word more that a translation
    may need (RENDERING_SLACK: « sous-ministre » is "Deputy Minister"), or short of the term."""
    return max(0, rendering_words - term_words - RENDERING_SLACK, term_words - rendering_words)


def _whole_phrases(
    known: dict[str, float], dice: dict[str, float], side: tuple[_Side, str], term: tuple[int, set[str]]
) -> dict[str, float]:
    """The known renderings that are not part of a better one, or of one that says no more than the term
    and is found with it as often.

    "dangerous" co-occurs with « délinquant dangereux » as often as "dangerous
    offender" does; where only "dangerous" is found, the translation says
    something else, which the search by embedding should name. A part embeds
    closer to the term than the whole at times ("Title" to « Titre abrégé »,
    "Solicitor General of Canada" to « sous-solliciteur général du Canada »):
    when the whole stands wherever the part does, with no more words than the
    term's ``parts`` (its content words, compounds by their parts), the whole is
    the rendering. A whole with more words may say a neighbour too ("Deputy"
    beside « solliciteur général »), unless the term has several words and the whole one more, that
    the document renders one of the term's words by (``term``: its parts and those renderings): "Royal
    Canadian Mounted Police Act" for « Loi sur la Gendarmerie royale du Canada », whose « Loi » is "Act".
    """
    target, lang = side
    parts, own = term

    def covers(whole: str, part: str) -> bool:
        if whole == part or not _contains_any(whole, [part]):
            return False
        if known[whole] > known[part]:
            return True
        if dice[whole] < dice[part]:
            return False
        if target.words[whole] <= parts:
            return True
        beyond = set(_content(whole, lang)) - set(_content(part, lang))
        return parts > 1 and target.words[whole] <= parts + RENDERING_SLACK and beyond <= own

    return {key: score for key, score in known.items() if not any(covers(other, key) for other in known)}


def _parts(term: str, lang: str) -> int:
    """The content words of a term, a compound counted by its parts (« sous-solliciteur » is two)."""
    return sum(len(_compound_parts(word)) for word in _content(term, lang))


def _compound_parts(word: str) -> list[str]:
    """The parts of a hyphenated word (« sous-ministre »: « sous », « ministre »); a plain word alone."""
    return re.split("[-‐‑]", word)


def _renderings_of_others(
    keys: list[str], known: dict[str, dict[str, float]], term_text: dict[str, str], lang: str, target: _Side
) -> dict[str, set[str]]:
    """For each term, the usual renderings of terms that share no content word with it.

    A phrase holding one of them renders that other term too, so it is no
    rendering of this one: "Public Safety and Emergency" is not what « Protection
    civile » means, as "Public Safety" renders « Sécurité publique ». Only names of
    two content words or more count: one word often translates several source words
    ("development" renders « élaboration » and « développement »), a name only its term.
    """
    usual = {
        key: best
        for key in keys
        if known[key] and target.words[best := max(known[key], key=lambda k: (known[key][k], k))] >= 2
    }
    # Hyphenated words count by their parts too: « sous-ministre » shares « ministre ».
    content = {
        key: {part for word in _content(term_text[key], lang) for part in (word, *_compound_parts(word))}
        for key in keys
    }
    return {
        key: {rendering for other, rendering in usual.items() if not content[key] & content[other]}
        for key in keys
    }


def _words(side: _Side, key: str) -> int:
    """How many content words a key of this side holds."""
    return side.words[key]


def _contains_any(phrase: str, parts: Iterable[str]) -> bool:
    """True when one of ``parts`` is a run of whole words of ``phrase`` (keys compared)."""
    padded = f" {phrase} "
    return any(f" {part} " in padded for part in parts)


def _search_residual(
    residual: list[tuple[str, int]],
    renderings: dict[str, dict[int, _Rendering | None]],
    term_text: dict[str, str],
    words: dict[str, int],
    avoid: dict[str, set[str]],
    target: _Side,
    vectors: dict[str, np.ndarray],
    embedder: Embedder,
) -> None:
    """Look for a rendering in beads where no usual one was found, by embedding their target n-grams."""
    options = {
        (key, bead): [
            gram.key
            for gram in target.grams[bead]
            if gram.words <= words[key] + RENDERING_SLACK and not _contains_any(gram.key, avoid[key])
        ]
        for key, bead in residual
    }
    phrases = {_surface(target, k) for found in options.values() for k in found}
    _embed_missing(vectors, phrases, embedder)
    for (key, bead), found in options.items():
        term_vector = vectors[term_text[key]]
        best = max(((float(vectors[_surface(target, k)] @ term_vector), k) for k in found), default=None)
        if best is None or best[0] < MIN_RESIDUAL_SIMILARITY:
            renderings[key][bead] = None
        else:
            renderings[key][bead] = _Rendering(best[1], best[0])


def _drop_renderings_of_neighbours(
    renderings: dict[str, dict[int, _Rendering | None]],
    term_text: dict[str, str],
    lexicon: _Lexicon,
    vectors: dict[str, np.ndarray],
    embedder: Embedder,
) -> None:
    """Forget a rendering that renders another source word of its bead rather than the term.

    Such a phrase is closer in meaning to that word than to the term: « réputé » "deemed" beside
    « relativement », « millions » "million" beside « montant », « nécessaires » "necessary" beside
    « prendre ». Or, found with the term in one bead only (a rendering that rests on that bead), the
    document pairs it with that word more than with the term, by Dice over beads, and at least
    MIN_SHORTLIST_BEADS times where the term is not: "pursuant" is what « en application de » says
    throughout an Act, and where it stands once beside « établir », it says that still. Single-word
    cosines miss many such pairs ("pursuant" is closer to « établir », 0.72, than to « application »,
    0.57). A rendering found with its term in several beads is the term's, however often the topic's
    words (« taux », « pension ») come with it, unless it is not the term's usual rendering and is that
    other word's own, the phrase the document pairs most with it (:func:`_usual_partner`): "section"
    beside « l'article 166 » renders « article », not « partie ». The term's own words, inflected or
    compounded (« comités » in « sous-comités »), are no rivals.

    A rendering other than the term's usual one that the model does not vouch for either (a cosine with
    the term under MIN_RESIDUAL_SIMILARITY, what a phrase found by the model alone must reach) is
    another word's, wherever that word stands, when the document renders that word by it, both ways
    (:meth:`_Lexicon.rendering`): 'purpose' for « fournir » (0.61) in « peut fournir du soutien aux
    autres musées … à vocation complémentaire », "may support other museums … that have a purpose",
    is how the Act renders « mission ». (Without the model's word, the rule took real variants along:
    "request" for « demande », "restrict" for « limiter ».)
    """
    source, target = lexicon.sides
    rivals: dict[tuple[str, int], tuple[_Rendering, set[str]]] = {
        (key, bead): (rendering, _other_words(source, key, bead))
        for key, found in renderings.items()
        for bead, rendering in found.items()
        if rendering is not None
    }
    phrases = {_surface(target, r.key) for found in renderings.values() for r in found.values() if r is not None}
    phrases |= {_surface(source, word) for _, words_of_bead in rivals.values() for word in words_of_bead}
    _embed_missing(vectors, phrases, embedder)
    usual = {
        key: Counter(r.key for r in found.values() if r is not None).most_common(1)[0][0]
        for key, found in renderings.items()
        if any(r is not None for r in found.values())
    }
    def partner(word: str, rendering: str) -> str | None:
        return lexicon.partner(word, target.words[rendering])

    for (key, bead), (rendering, words_of_bead) in rivals.items():
        phrase = vectors[_surface(target, rendering.key)]
        says = float(phrase @ vectors[term_text[key]])
        found = target.beads_of[rendering.key]
        once = len(found & source.beads_of[key]) < MIN_SHORTLIST_BEADS
        with_term = _dice(found, source.beads_of[key])
        if any(
            float(vectors[_surface(source, word)] @ phrase) > says
            or (
                len(found & source.beads_of[word] - source.beads_of[key]) >= MIN_SHORTLIST_BEADS
                and _dice(found, source.beads_of[word]) > with_term
                and (once or (rendering.key != usual[key] and partner(word, rendering.key) == rendering.key))
            )
            for word in words_of_bead
        ) or (
            rendering.key != usual[key] and says < MIN_RESIDUAL_SIMILARITY
            and _owned_by_another(rendering.key, key, lexicon)
        ):
            renderings[key][bead] = None


def _owned_by_another(rendering: str, key: str, lexicon: _Lexicon) -> bool:
    """Whether a one-word rendering is the document's own rendering of a source word that is none of the term's."""
    other = lexicon.source_of(rendering) if " " not in rendering else None
    return other is not None and not _of_term(other, key.split()) and lexicon.rendering(other) == rendering


def _drop_renderings_short_of_a_word(
    renderings: dict[str, dict[int, _Rendering | None]],
    term_text: dict[str, str],
    lexicon: _Lexicon,
    lang: str,
) -> None:
    """Forget a rendering of a term of several words that leaves out the rendering of one of them which
    its bead's target writes.

    A rendering renders the whole term. Where the target holds the word that the document renders a word
    of the term by, and the rendering does not, the phrase was cut at the wrong place: 'committed the
    offence' for « infraction à la présente loi » in "an offence has been committed under this Act",
    'legislation to implement any provision' for « dispositions de la présente loi »; reported, it would
    be an inconsistency of the cut, not of the translation. A term found rendered one way throughout
    reports nothing, and its row keeps that phrase ('police' for « services de police », from "police
    services" and "police and security services"). A word's rendering is the document's (``lexicon``). A
    target that writes that word for another purpose ("the date of the request" beside "the day on which
    this Act comes into force") loses the bead's count; the term's other beads still say how it is
    rendered.
    """
    target = lexicon.sides[1]
    for key, found in renderings.items():
        content = [token.key for token in tokens(term_text[key], lang) if not token.weak]
        if len(content) < 2 or len({r.key for r in found.values() if r is not None}) < 2:
            continue
        said = [partner for word in content if (partner := lexicon.rendering(word)) is not None]
        for bead, rendering in found.items():
            if rendering is None:
                continue
            written = rendering.key.split()
            if any(
                bead in target.beads_of[partner] and not any(same_word(partner, word) for word in written)
                for partner in said
            ):
                found[bead] = None


def _usual_partner(
    word: str, words: int, sides: tuple[_Side, _Side], cache: dict[tuple[str, int], str | None]
) -> str | None:
    """The target phrase of ``words`` content words that the document pairs most with the source ``word``,
    by Dice over beads: the word's own rendering in this document. Remembered in ``cache``."""
    if (word, words) not in cache:
        source, target = sides
        beads = source.beads_of[word]
        candidates = {gram.key for bead in beads for gram in target.grams[bead] if gram.words == words}
        cache[(word, words)] = max(candidates, key=lambda k: (_dice(beads, target.beads_of[k]), k), default=None)
    return cache[(word, words)]


def _dice(a: set[int], b: set[int]) -> float:
    """How much two sets of beads overlap: 1 when they are the same, 0 when they share none."""
    return 2 * len(a & b) / (len(a) + len(b))


def _other_words(source: _Side, key: str, bead: int) -> set[str]:
    """The keys of the source words of a bead that are no word of the term: what else its target may
    render. The term's own words, inflected or compounded (« comités » in « sous-comités »), are none of
    them."""
    own = key.split()
    return {gram.key for gram in source.grams[bead] if gram.words == 1 and not _of_term(gram.key, own)}


def _of_term(word: str, own: list[str]) -> bool:
    """Whether a word key is one of the term's words ``own``, inflected or compounded."""
    return any(same_word(word, w) or _compound_of(word, w) for w in own)


def _near_words(source: _Side, key: str, bead: int) -> set[str]:
    """The source words of a bead, as written, that stand within NEIGHBOUR_WORDS content words of the term
    and are no word of it."""
    own = key.split()
    words = [gram for gram in source.grams[bead] if gram.words == 1]
    places = [(gram.start, gram.end) for gram in source.grams[bead] if gram.key == key]
    near = set()
    for start, end in places:
        first = next(i for i, word in enumerate(words) if word.start >= start)
        last = max(i for i, word in enumerate(words) if word.end <= end)
        for word in words[max(0, first - NEIGHBOUR_WORDS) : first] + words[last + 1 : last + 1 + NEIGHBOUR_WORDS]:
            if not _of_term(word.key, own):
                near.add(_surface(source, word.key))
    return near


def _trim_words_of_neighbours(
    renderings: dict[str, dict[int, _Rendering | None]],
    term_text: dict[str, str],
    sides: tuple[_Side, _Side],
    langs: tuple[str, str],
    vectors: dict[str, np.ndarray],
    embedder: Embedder,
) -> None:
    """Cut from a rendering's ends the words that render another source word of its bead rather than a
    word of the term.

    A rendering is cut from the target by its number of words, so it may take a neighbour along: 'Act
    comes' for « présente loi » (from "this Act comes into force", where "comes" renders « entrée »),
    'patent in respect' for « demande de brevet », 'Majesty by this Act'. Such a word is closer in
    meaning to a source word near the term than to any word of the term, and as close as a rendering is
    to its term (MIN_SIMILARITY: "Board" is no rendering of « loi » at 0.42); and the phrase without it
    says the term at least as well. Only the ends are cut, and never the last content word: inside a
    phrase, a word renders the term however loosely ("Emergency Preparedness" for « Protection civile »).
    """
    source, target = sides
    src_lang, tgt_lang = langs
    cuts = {
        (key, bead): rendering
        for key, found in renderings.items()
        for bead, rendering in found.items()
        if rendering is not None and target.words[rendering.key] > 1
    }
    own = {key: _written_content(term_text[key], src_lang) for key, _ in cuts}
    others = {(key, bead): _near_words(source, key, bead) for key, bead in cuts}
    written = {r.key: _surface(target, r.key) for r in cuts.values()}
    words_of_terms = {word for words in own.values() for word in words}
    words_of_renderings = {word for text in written.values() for word in _written_content(text, tgt_lang)}
    _embed_missing(vectors, words_of_renderings | words_of_terms | set().union(*others.values()), embedder)

    def renders_neighbour(word: str, key: str, bead: int) -> bool:
        bar = max(MIN_SIMILARITY, *(float(vectors[word] @ vectors[w]) for w in own[key]))
        return any(float(vectors[word] @ vectors[w]) > bar for w in others[(key, bead)])

    def says_term(text: str, words: list[_Token], key: str) -> float:
        return float(vectors[text[words[0].start : words[-1].end]] @ vectors[term_text[key]])

    kept = {place: list(tokens(written[r.key], tgt_lang)) for place, r in cuts.items() if own[place[0]]}
    pending = set(kept)
    while pending:  # one word off an end per round, each round's phrases embedded in one batch
        options: dict[tuple[str, int], list[list[_Token]]] = {}
        for key, bead in pending:
            words, text = kept[(key, bead)], written[cuts[(key, bead)].key]
            if sum(not w.weak for w in words) > 1:
                options[(key, bead)] = [
                    _without_edge(words, end)
                    for end in (0, -1)
                    if renders_neighbour(text[words[end].start : words[end].end], key, bead)
                ]
        _embed_missing(
            vectors,
            {
                written[cuts[place].key][w[0].start : w[-1].end]
                for place, shorter in options.items()
                for w in (*shorter, kept[place])
            },
            embedder,
        )
        pending = set()
        for (key, bead), shorter in options.items():
            text = written[cuts[(key, bead)].key]
            best = max(shorter, key=lambda words: says_term(text, words, key), default=None)
            if best is not None and says_term(text, best, key) >= says_term(text, kept[(key, bead)], key):
                kept[(key, bead)] = best
                pending.add((key, bead))
    for (key, bead), words in kept.items():
        trimmed = " ".join(word.key for word in words)
        if trimmed != cuts[(key, bead)].key and trimmed in target.surfaces:
            renderings[key][bead] = _Rendering(trimmed, cuts[(key, bead)].score)


def _without_edge(words: list[_Token], end: int) -> list[_Token]:
    """A phrase's words less the first (``end`` 0) or the last (-1) and the function words left at that end."""
    rest = words[1:] if end == 0 else words[:-1]
    while rest[end].weak:
        rest = rest[1:] if end == 0 else rest[:-1]
    return rest


def _written_content(text: str, lang: str) -> list[str]:
    """The content words of a text, as written."""
    return [text[token.start : token.end] for token in tokens(text, lang) if not token.weak]


def _term(
    key: str,
    beads: frozenset[int],
    found: dict[int, _Rendering | None],
    source: _Side,
    target: _Side,
    matched: list[Bead],
    alignment: Alignment,
) -> Term:
    """The table row of one term: where it occurs and its renderings counted per bead."""
    found_keys = Counter(r.key for r in found.values() if r is not None)
    counts = _merged_variants(found_keys, alignment.tgt.lang, source.words[key])
    ranked = sorted(counts, key=lambda k: (-counts[k], k))
    ids = sorted(
        {
            sentence
            for bead in beads
            for sentence in _sentences_with(alignment, matched[bead], key)
        }
    )
    return Term(
        source=_surface(source, key),
        src=tuple(ids),
        renderings=tuple((_surface(target, k), counts[k]) for k in ranked),
    )


def same_word(a: str, b: str) -> bool:
    """True when two word keys are one word inflected ("child" / "children",
    "protection" / "protecting"): they share all but the last few letters of the shorter."""
    common = len(os.path.commonprefix([a, b]))  # noqa: RUF071 - a and b are words: their common letters are meant
    return a == b or (common >= STEM_LETTERS and common >= min(len(a), len(b)) - INFLECTION_LETTERS)


def _stem(word: str, lang: str) -> str:
    """A word key less its derivational suffixes (DERIVATIONS), taken off one after another while
    STEM_LETTERS letters stay: "management" and "managerial" are both "manag"."""
    word = VOWEL_CHANGES.get(lang, {}).get(word, word)
    suffixes = DERIVATIONS.get(lang, ())
    while not word.endswith("ee") and (
        suffix := next((s for s in suffixes if word.endswith(s) and len(word) - len(s) >= STEM_LETTERS), None)
    ):
        word = word[: -len(suffix)]
    return word


def derived(a: str, b: str, lang: str) -> bool:
    """True when two word keys are one word in two parts of speech ("sell" / "sale", "powers" /
    "empowered", "management" / "managerial"): their stems (:func:`_stem`) are the same. Stems are
    short, so the slack of :func:`same_word` would join unrelated ones ("detent" / "determin")."""
    stem_a, stem_b = _stem(a, lang), _stem(b, lang)
    for prefix in VERB_PREFIXES.get(lang, ()):
        if stem_a.startswith(prefix) and not stem_b.startswith(prefix):
            stem_a = _stem(stem_a[len(prefix) :], lang)
        elif stem_b.startswith(prefix) and not stem_a.startswith(prefix):
            stem_b = _stem(stem_b[len(prefix) :], lang)
    return stem_a == stem_b


def _compound_of(a: str, b: str) -> bool:
    """True when one word key is the other with a prefix fused on ("counterterrorism" /
    "terrorism", "cybersecurity" / "security"): the prefix renders a neighbouring source
    word (« lutte contre le terrorisme »), not the term."""
    shorter, longer = sorted((a, b), key=len)
    if longer == shorter:
        return False
    # A hyphen marks the join whatever the length: "Canada-Costa Rica" for « Costa Rica ».
    return (len(shorter) >= COMPOUND_LETTERS and longer.endswith(shorter)) or shorter in _compound_parts(longer)


def _variants(a: str, b: str, lang: str) -> bool:
    """True when two rendering keys hold the same words up to inflection, derivation or a fused
    prefix, in any order ("online child" / "children online": English moves the modifier, French
    does not)."""
    words_a, unmatched = a.split(), b.split()
    if len(words_a) != len(unmatched):
        return False
    for word in words_a:
        match = next((other for other in unmatched if _one_word(word, other, lang)), None)
        if match is None:
            return False
        unmatched.remove(match)
    return True


def _one_word(a: str, b: str, lang: str) -> bool:
    """Whether two word keys of renderings are one word: inflected, derived or with a prefix fused on."""
    return same_word(a, b) or _compound_of(a, b) or derived(a, b, lang)


def _merged_variants(counts: Counter[str], lang: str, term_words: int) -> Counter[str]:
    """Renderings that are one rendering counted together, under the most frequent of them (the
    shortest on a tie: "terrorism" rather than "counterterrorism").

    Two renderings are one when their content words are the same up to inflection or a
    fused prefix (``_variants``: function words vary freely, "approval of the Treasury
    Board" / "approval of Treasury Board"), or when the content words of one are a run of
    the other's: the same words were chosen, and the difference is where the phrase was
    cut, a neighbouring word taken along ("obligation of the Government of Canada" for
    « gouvernement du Canada ») or a word left out, which the omission checks report.
    For a term longer than MAX_SHORT_TERM_WORDS, a shared run of half the content words
    of each will do (``_cut_apart``). Such a group is named by its member whose number of
    content words is closest to the term's.
    """
    merged: Counter[str] = Counter()
    long_term = term_words > MAX_SHORT_TERM_WORDS
    for key in sorted(counts, key=lambda k: (-counts[k], len(k), k)):
        same = (
            kept for kept in merged if _same_rendering(kept, key, lang) or (long_term and _cut_apart(kept, key, lang))
        )
        head = next(same, None)
        if head is None:
            merged[key] = counts[key]
            continue
        if abs(len(_content(key, lang)) - term_words) < abs(len(_content(head, lang)) - term_words):
            merged[key] = merged.pop(head)  # the better-cut name takes the group, first place kept
            head = key
        merged[head] += counts[key]
    return merged


def _cut_apart(a: str, b: str, lang: str) -> bool:
    """Whether two rendering keys share a run of at least half the content words of each: one
    translation of a long phrase, cut at different places."""
    words_a, words_b = _content(a, lang), _content(b, lang)
    run = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).find_longest_match().size
    return 2 * run >= max(len(words_a), len(words_b)) > 0


def _content(key: str, lang: str) -> list[str]:
    """The content words of a term or a rendering, as keys."""
    return [token.key for token in tokens(key, lang) if not token.weak]


def _same_rendering(a: str, b: str, lang: str) -> bool:
    """Whether two rendering keys are one rendering (see :func:`_merged_variants`)."""
    words_a, words_b = _content(a, lang), _content(b, lang)
    if not words_a or not words_b:
        return a == b
    shorter, longer = sorted((words_a, words_b), key=len)
    return _variants(" ".join(words_a), " ".join(words_b), lang) or _contains_any(" ".join(longer), [" ".join(shorter)])


def _sentences_with(alignment: Alignment, bead: Bead, key: str) -> list[int]:
    """The source sentences of a bead that hold the term; all of them if it straddles two."""
    if len(bead.src) == 1:
        return list(bead.src)
    lang = alignment.src.lang
    holding = [
        i
        for i in bead.src
        if any(g.key == key for g in ngrams(tokens(alignment.src.sentences[i].text, lang), MAX_TERM_WORDS))
    ]
    return holding or list(bead.src)


def consistency_findings(alignment: Alignment, terms: list[Term], embedder: Embedder) -> list[Finding]:
    """Terms rendered more than one way, the same source sentence translated differently,
    different source terms collapsed into one target term."""
    bead_of = {i: bead for bead in alignment.beads if bead.is_match for i in bead.src}
    senses = _usual_senses(terms, alignment, bead_of, embedder)
    return (
        [item for term in senses if (item := _term_finding(alignment, term, bead_of))]
        + _sentence_findings(alignment)
        + _collapsed_findings(alignment, terms, bead_of)
    )


def _usual_senses(
    terms: list[Term], alignment: Alignment, bead_of: dict[int, Bead], embedder: Embedder
) -> list[Term]:
    """Each term with only the renderings that mean what its usual (most frequent) rendering means.

    An inconsistency is one thing said two ways. Renderings that do not say the same thing,
    by the measure that accepts a rendering of the term (MIN_SIMILARITY), render the word in
    another sense: « avis » is "notice" and, in « sur l’avis du conseil », "advice". So do a rendering
    the target writes as a name, one it writes as a common noun and one written only inside longer names
    (:func:`_written_as`).
    """
    texts = [text for term in terms if not term.consistent for text, _ in term.renderings]
    vectors = dict(zip(texts, embed_unique(embedder, texts), strict=True)) if texts else {}
    senses = []
    for term in terms:
        if term.consistent:
            senses.append(term)
            continue
        usual = term.renderings[0][0]
        close = [(text, n) for text, n in term.renderings if float(vectors[text] @ vectors[usual]) >= MIN_SIMILARITY]
        if len(close) > 1:
            beads = _beads_with(term, bead_of)
            written = {text: _written_as(alignment, beads, text) for text, _ in close}
            close = [(t, n) for t, n in close if None in (written[t], written[usual]) or written[t] == written[usual]]
        senses.append(replace(term, renderings=tuple(close)))
    return senses


#: How the target writes a one-word rendering (:func:`_written_as`).
Written = Literal["name", "common noun", "within a name"]


def _written_as(alignment: Alignment, beads: Iterable[Bead], rendering: str) -> Written | None:
    """How the target writes a rendering of one word in the term's beads: as a name, as a common noun, or
    as a word of a longer name; None where its case says nothing or the ways differ.

    English capitalises what a text refers to as one thing it names or defines, where French writes a
    common noun: « la présente loi » is "this Act" and « force de loi » "the force of law"; « le conseil »
    of a corporation is "the Board", a board in general "a board". A capital at the start of a sentence or
    line says nothing, nor does one in a line of title case (a heading: "Powers and Duties of Commission").
    After a capitalised word the rendering is a word of a longer name ("Governor in Council", "Public
    Safety", "Treasury Board"), which translates as a whole: a rendering written only there renders the
    name, not the word. A phrase's first capital may be a name's that is always written so ("Canada and
    internationally"), so only a word is judged.
    """
    lang = alignment.tgt.lang
    if len(tokens(rendering, lang)) != 1:
        return None
    kinds: set[Written] = set()
    for text in (alignment.tgt.sentences[j].text for bead in beads for j in bead.tgt):
        places = find_phrase(text, rendering, lang)
        if not places:
            continue
        starts = sentence_starts(text)
        words = [word for word in tokens(text, lang) if not word.weak]
        title_case = all(text[word.start].isupper() for word in words)
        for start, _ in places:
            if text[start].islower():
                kinds.add("common noun")
            elif start not in starts and not title_case:
                before = [word for word in words if word.end <= start]
                # A name runs on over function words ("Governor in Council"), not over a comma ("Board, Centre").
                within = before and text[before[-1].start].isupper() and _LETTERS_AND_SPACES.fullmatch(
                    text, before[-1].end, start
                )
                kinds.add("within a name" if within else "name")
    if len(kinds) > 1:
        # Inside longer names ("the Currency Act") the word is written as it is on its own ("this Act").
        kinds.discard("within a name")
    return kinds.pop() if len(kinds) == 1 else None


_LETTERS_AND_SPACES = re.compile(r"[^\W\d_\s]*(?:\s+[^\W\d_]*)*")


def _beads_with(term: Term, bead_of: dict[int, Bead]) -> list[Bead]:
    """The matched beads where a term occurs, in order."""
    return list(dict.fromkeys(bead_of[i] for i in term.src if i in bead_of))


def _rendering_in(alignment: Alignment, bead: Bead, renderings: Sequence[str]) -> str | None:
    """Which of ``renderings`` a bead's target holds, the least frequent first (it is the one to show)."""
    text = alignment.side_text(bead, "tgt")
    for rendering in reversed(renderings):
        if find_phrase(text, rendering, alignment.tgt.lang):
            return rendering
    return None


def _finding(
    alignment: Alignment,
    beads: Iterable[Bead],
    src_phrases: Sequence[str],
    tgt_phrases: Sequence[str],
    **fields: object,
) -> Finding:
    """A consistency finding over some beads, with spans on the given phrases in their joined texts."""
    src = tuple(sorted({i for bead in beads for i in bead.src}))
    tgt = tuple(sorted({i for bead in beads for i in bead.tgt}))
    src_text = " ".join(alignment.src.sentences[i].text for i in src)
    tgt_text = " ".join(alignment.tgt.sentences[i].text for i in tgt)
    return Finding(
        kind="consistency",
        src=src,
        tgt=tgt,
        src_text=src_text,
        tgt_text=tgt_text,
        src_spans=_spans(src_text, src_phrases, alignment.src.lang),
        tgt_spans=_spans(tgt_text, tgt_phrases, alignment.tgt.lang),
        **fields,  # type: ignore[arg-type]
    )


def _spans(text: str, phrases: Iterable[str], lang: str) -> tuple[tuple[int, int], ...]:
    """Sorted spans of every occurrence of the phrases in ``text``."""
    return tuple(sorted({span for phrase in phrases for span in find_phrase(text, phrase, lang)}))


def _counts(renderings: Iterable[tuple[str, int]]) -> str:
    """'a' (3×) and 'b' (1×)."""
    parts = [f"'{text}' ({count}×)" for text, count in renderings]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


def _term_finding(alignment: Alignment, term: Term, bead_of: dict[int, Bead]) -> Finding | None:
    """A term rendered more than one way, shown with one bead per rendering.

    Medium severity when two renderings share no word (a different word was
    chosen), low when one extends or trims the other ("terrorist fighters" /
    "foreign terrorist fighters").
    """
    if term.consistent or term.renderings[0][1] < MIN_TERM_BEADS:
        # Each rendering once (« prendre »: 'make', 'take'): no usual rendering to depart from,
        # which is what an inconsistency is; a common word's sense shifts with its context.
        return None
    names = [text for text, _ in term.renderings]
    examples: dict[str, Bead] = {}
    for bead in _beads_with(term, bead_of):
        rendering = _rendering_in(alignment, bead, names)
        if rendering is not None:
            examples.setdefault(rendering, bead)
    lang = alignment.tgt.lang
    content = [[t.key for t in tokens(name, lang) if not t.weak] for name in names]
    unrelated = any(not any(same_word(x, y) for x in a for y in b) for a in content for b in content)
    total = sum(count for _, count in term.renderings)
    return _finding(
        alignment,
        examples.values(),
        [term.source],
        names,
        severity="medium" if unrelated else "low",
        evidence=f"« {term.source} » is rendered {_counts(term.renderings)}",
        score=round(1 - term.renderings[0][1] / total, 3),
    )


def _normalised_words(text: str, lang: str) -> list[str]:
    """A sentence as keys, for comparing sentences regardless of case, punctuation and plurals."""
    return [token.key for token in tokens(text, lang)]


def _ratio(a: Sequence[str], b: Sequence[str]) -> float:
    """Word-level similarity of two sentences, 1 for the same words in the same order."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _numbers(words: Sequence[str]) -> list[str]:
    """The figures of a sentence, which near-identical sentences must share."""
    return [word for word in words if any(c.isdigit() for c in word)]


def _sentence_findings(alignment: Alignment) -> list[Finding]:
    """Near-identical source sentences whose aligned targets differ markedly.

    Candidates pairs are found through their rarest word, so long documents
    are not compared pair by pair.
    """
    matched = [bead for bead in alignment.beads if bead.is_match]
    src = [_normalised_words(alignment.side_text(b, "src"), alignment.src.lang) for b in matched]
    tgt = [_normalised_words(alignment.side_text(b, "tgt"), alignment.tgt.lang) for b in matched]
    frequency = Counter(word for words in src for word in set(words))
    by_rarest: dict[str, list[int]] = defaultdict(list)
    for index, words in enumerate(src):
        if len(words) >= MIN_SENTENCE_WORDS:
            by_rarest[min(words, key=lambda w: (frequency[w], w))].append(index)
    findings = []
    for group in by_rarest.values():
        for position, a in enumerate(group):
            for b in group[position + 1 :]:
                item = _sentence_pair(alignment, matched[a], matched[b], (src[a], src[b]), (tgt[a], tgt[b]))
                if item is not None:
                    findings.append(item)
    return findings


def _sentence_pair(
    alignment: Alignment,
    first: Bead,
    second: Bead,
    src: tuple[list[str], list[str]],
    tgt: tuple[list[str], list[str]],
) -> Finding | None:
    """A finding when two near-identical source sentences were translated markedly differently."""
    src_ratio = _ratio(*src)
    if src_ratio < NEAR_IDENTICAL or _numbers(src[0]) != _numbers(src[1]):
        return None
    tgt_ratio = _ratio(*tgt)
    if tgt_ratio > src_ratio - TARGET_DROP:
        return None
    shorter, longer = sorted(tgt, key=len)
    if _contains_any(" ".join(longer), [" ".join(shorter)]):
        # One translation holds the other whole and adds words ("This Act may be cited as the
        # X Act." / "X Act"): the same words were chosen; what is added is an addition, not a
        # second translation.
        return None
    texts = [alignment.side_text(bead, "tgt") for bead in (first, second)]
    differing = _differing_words(texts, alignment.tgt.lang)
    return _finding(
        alignment,
        (first, second),
        (),
        differing,
        severity="medium" if tgt_ratio < DIFFERENT_TRANSLATION else "low",
        evidence=(
            f"the same source sentence (sentences {first.src[0]} and {second.src[0]}) is translated "
            f"two ways ({tgt_ratio:.0%} of the words alike)"
        ),
        score=round(1 - tgt_ratio, 3),
    )


def _differing_words(texts: Sequence[str], lang: str) -> list[str]:
    """The words of two texts that the other one lacks, to point at in the finding."""
    words = [tokens(text, lang) for text in texts]
    keys = [[t.key for t in ws] for ws in words]
    matcher = difflib.SequenceMatcher(None, keys[0], keys[1], autojunk=False)
    differing = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "equal":
            differing += [texts[0][t.start : t.end] for t in words[0][a0:a1]]
            differing += [texts[1][t.start : t.end] for t in words[1][b0:b1]]
    return differing


def _collapsed_findings(alignment: Alignment, terms: list[Term], bead_of: dict[int, Bead]) -> list[Finding]:
    """Different source names (sharing no word, inflections aside) whose usual rendering is the same target phrase.

    Names only, terms of two content words or more: one target word often renders
    several source words (« demande » and « application » as "application"), which
    is translation, not a distinction lost; two names rendered as one (« Conseil du
    Trésor » and « Commission des finances » both "Treasury Board") is. Only beads
    holding one of the two terms count: where both occur, one target phrase cannot
    be told apart as the rendering of either.
    """
    lang = alignment.src.lang
    by_rendering: dict[str, list[Term]] = defaultdict(list)
    for term in terms:
        name = len(_content(term.source, lang)) > 1
        if name and term.renderings and term.renderings[0][1] >= MIN_TERM_BEADS:
            by_rendering[_key(term.renderings[0][0], alignment.tgt.lang)].append(term)
    findings = []
    for group in by_rendering.values():
        for position, a in enumerate(group):
            for b in group[position + 1 :]:
                words_a = {t.key for t in tokens(a.source, lang) if not t.weak}
                words_b = {t.key for t in tokens(b.source, lang) if not t.weak}
                beads_a, beads_b = set(_beads_with(a, bead_of)), set(_beads_with(b, bead_of))
                # One word inflected (« province » / « provinciaux », « Canada » / « canadien ») is one term.
                if any(same_word(x, y) for x in words_a for y in words_b):
                    continue
                if not (beads_a - beads_b) or not (beads_b - beads_a):
                    continue
                rendering = a.renderings[0][0]
                examples = [
                    min(beads_a - beads_b, key=lambda bd: bd.src),
                    min(beads_b - beads_a, key=lambda bd: bd.src),
                ]
                findings.append(
                    _finding(
                        alignment,
                        examples,
                        [a.source, b.source],
                        [rendering],
                        severity="low",
                        evidence=(
                            f"« {a.source} » ({a.renderings[0][1]}×) and « {b.source} » "
                            f"({b.renderings[0][1]}×) are both rendered '{rendering}'"
                        ),
                        score=0.0,
                    )
                )
    return findings


# --- Across a corpus -------------------------------------------------------------


def corpus_terms(tables: dict[str, list[Term]], src_lang: str, tgt_lang: str) -> list[CorpusTerm]:
    """Terms that two or more documents share, with each document's renderings; inconsistent ones first.

    A term each document renders one way can still be rendered differently
    from one document to the next, which no single report shows.
    """
    by_key: dict[str, dict[str, Term]] = defaultdict(dict)
    for stem, terms in tables.items():
        for term in terms:
            by_key[_key(term.source, src_lang)].setdefault(stem, term)
    shared = []
    for documents in by_key.values():
        if len(documents) < 2:
            continue
        first = next(iter(documents.values()))
        counts: Counter[str] = Counter()
        surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        for term in documents.values():
            for text, count in term.renderings:
                counts[_key(text, tgt_lang)] += count
                surfaces[_key(text, tgt_lang)][text] += count
        merged = _merged_variants(counts, tgt_lang, len(_content(first.source, src_lang)))
        renderings = tuple(
            (surfaces[key].most_common(1)[0][0], count)
            for key, count in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        shared.append(
            CorpusTerm(
                first.source, tuple((stem, term.renderings) for stem, term in sorted(documents.items())), renderings
            )
        )
    return sorted(shared, key=lambda term: (term.consistent, -len(term.documents), term.source.casefold()))


def run(pair: AlignedPair) -> list[Finding]:
    """The consistency findings of an aligned pair (severities: see each kind's function above)."""
    return consistency_findings(pair.alignment, pair.terms, pair.embedder)
