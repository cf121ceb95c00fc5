"""Headings and lead-ins the other version lacks: leave them unmatched instead of inside a provision's bead.

Laws and reports give each provision a heading or marginal note, on a line
of its own. When one version lost a provision together with its note, or a
note alone, the programme hides the orphan note in the neighbouring
provision's bead (2-1, 1-2): a few words barely move the bead's similarity,
and a marginal note repeats its provision's words anyway. A heading that
the other version *does* have, but glued to a line, sits in the same kind
of bead; the text tells the two apart by where the heading's words are:

- a heading at the end of a bead is glued only if the other side's last
  line ends with it: a short fragment after its last sentence (". Federal
  institutions");
- a heading at the start of a bead is glued only if the other side's first
  line opens with it: some opening words, before a word with a capital or
  digit that starts the provision ("Décret La présente section ..."), say
  the heading at least as well as they say the opening words of the
  provision beside the heading (cosines, margin ``OPENING_MARGIN``), and
  the line without them says the provision at least as well. When the line
  opens straight into the provision, its opening words say the provision's
  opening words better, or are words the provision needs.

A list's lead-in or first item that the other version lost is hidden the
same way, with the other version's item or lead-in; where the other line
cannot hold it, it is left unmatched too (:func:`detach_orphan_lead_ins`). A first item held with its
lead-in against the other version's lead-in alone pairs with that version's first item, unmatched
after it (:func:`pair_items_after_lead_ins`).

Two headings left unmatched on either side of a 1-1 pair of provisions, one on each side, cross it:
each version lost a provision, and the headings pair instead (:func:`pair_crossed_headings`). Two
headings against one, beside an unmatched heading of the one's side, are two pairs
(:func:`split_heading_pairs`). Two unmatched headings side by side, one of each version, before a
provision, pair (:func:`pair_neighbouring_headings`), and so do two unmatched lead-ins side by side
(:func:`pair_neighbouring_lead_ins`). One heading paired with the second of
two that say the same words ("Short Title", "Short title") pairs with the first instead
(:func:`pair_first_of_twin_labels`). A heading paired with a line that is none, beside an unmatched line
of its side that says that line as well, is left unmatched (:func:`free_lines_from_headings`); one paired
with a full sentence, right after an unmatched heading of the sentence's version, goes to that heading, the
sentence left unmatched (:func:`give_headings_to_headings`). A run
of pairs shifted by one between two unmatched sentences, the
shift putting a heading against a line that is none, is paired unshifted (:func:`unshift_headings`).
A heading paired with a provision that neither says it nor resembles it is separated from it, before
and after glued headings are placed (:func:`separate_strangers`). An unmatched line takes the partner
of the 1-1 pair beside it when it says that partner better, negation agreeing
(:func:`give_pairs_to_closer_lines`).

A heading that is not glued is left unmatched (1-0 or 0-1). Only text that
looks like a heading counts (:func:`heading_like`); a line introducing a
list ("The Minister shall") is followed by a lower-case item and is no heading, nor is a line that
stops mid-sentence ("It is recognized and declared that").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numpy as np

from aligner.align.glued import (
    ARTICLES,
    GLUED_FLOOR,
    HEADING_CHARS,
    HEADING_WORDS,
    MODALS,
    closing_heading,
    designation,
    ends_sentence,
    ends_with_heading,
    ends_with_stop,
    full_sentence,
    glue_lone_heading,
    introduces_list,
    lone_line,
    numbers_division,
    opens_with_heading,
    opens_with_own_label,
    opens_with_words,
    reads_as_sentence,
    runs_heading_into_sentence,
    runs_one_heading,
    runs_two_headings,
    same_words,
    sentence_starts,
    word_count,
)
from aligner.align.lines import Lines, lone_bead, rewrite_runs, sides_of
from aligner.align.refine import DETACH_LENGTH_GAIN, MIN_CHARS, document_norms, length_z
from aligner.document import Bead
from aligner.embed import Embedder, embed_unique

#: Opening words that say the heading at least this well are a glued heading, whatever else they say.
OPENING_FLOOR = 0.6
#: Below it, they must say the heading better than they say the provision's opening words, by this margin.
OPENING_MARGIN = 0.0
#: Words that call for a noun after them, on which no heading ends: articles, determiners, prepositions, conjunctions.
CALL_FOR_NOUN = ARTICLES | frozenset([
    "this", "that", "these", "those", "its", "their", "any", "each", "every", "of", "to", "in", "for", "by", "with",
    "between", "under", "on", "from", "and", "or", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs",
    "tout", "toute", "tous", "toutes", "de", "d’", "à", "au", "aux", "en", "par", "pour", "sur", "sous", "entre", "et",
    "ou",
])


def heading_like(text: str) -> bool:
    """A short line with a capital or digit first and no final punctuation: a heading or marginal note."""
    text = text.strip()
    return (
        bool(text)
        and (text[0].isupper() or text[0].isdigit())
        and len(text) <= HEADING_CHARS
        and word_count(text) <= HEADING_WORDS
        and not ends_sentence(text)
        and not ends_with_heading(text)  # "... une seule fois. Intérim": a sentence with a heading run on
        and not runs_heading_into_sentence(text)  # "Idem An agreement may include": a heading run into a sentence
    )


def separate_strangers(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with every heading paired 1-1 with a provision that neither says it nor resembles it
    left unmatched, and the provision too (:func:`_heading_with_stranger`)."""
    norms = document_norms(beads, *lines.sides)
    if norms is None:
        return beads
    refined: list[Bead] = []
    for bead in beads:
        if _heading_with_stranger(bead, lines, norms.null_similarity):
            refined += [Bead(bead.src, ()), Bead((), bead.tgt)]
        else:
            refined.append(bead)
    return refined


def detach_orphan_headings(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with every edge heading that the other side does not say left unmatched."""
    refined: list[Bead] = []
    for bead in beads:
        if (split := _heading_beside_more(bead, lines) or _extra_heading(bead, lines)) is not None:
            refined += split
            continue
        before: list[Bead] = []
        after: list[Bead] = []
        for x in (0, 1):
            ids, other = sides_of(bead, x)
            if not other:
                continue
            # A heading and its note before the provision: the first is the other side's to lack when each would
            # be without the other (« Entrée en vigueur », « Décret » against "Section 297 comes into force …").
            while len(ids) > 2 and all(heading_at(lines, x, i) for i in ids[:2]) and all(
                _orphan((i, *ids[2:]), other, x, "first", lines) for i in ids[:2]
            ):
                before.append(lone_bead(ids[0], x))
                ids = ids[1:]
            if _orphan(ids, other, x, "first", lines):
                before.append(lone_bead(ids[0], x))
                ids = ids[1:]
            if _orphan(ids, other, x, "last", lines) or _second_of_two(ids, other, x, lines):
                after.insert(0, lone_bead(ids[-1], x))
                ids = ids[:-1]
            if ids != sides_of(bead, x)[0]:
                bead = lines.measured(x, ids, other)
        refined += [*before, bead, *after]
    return refined


def _second_of_two(ids: tuple[int, ...], other: tuple[int, ...], x: int, lines: Lines) -> bool:
    """Whether side ``x`` ends with two headings after its provision while the other side's line ends with one
    heading run into it that says the first at least as well as the second: the second is the other's to lack.

    A heading run into a line translates one heading (« … édicte : Titre abrégé » against "Short Title",
    "Short title"); two that say the same words are a heading and its note, and the heading comes first.
    """
    y = 1 - x
    if len(ids) < 3 or not all(heading_at(lines, x, i) for i in ids[-2:]) or heading_at(lines, x, ids[-3]):
        return False
    tail = closing_heading(lines.texts[y][other[-1]])
    if not runs_one_heading(tail):
        return False
    first, second = (lines.texts[x][i] for i in ids[-2:])
    if same_words(first, second):
        return True
    says = embed_unique(lines.embedder, [tail, first, second])
    return bool(says[0] @ says[1] >= says[0] @ says[2])


def _heading_with_stranger(bead: Bead, lines: Lines, null_similarity: float) -> bool:
    """Whether a 1-1 bead pairs a heading with a provision that neither says it nor resembles it.

    A heading translates as a heading; a provision (or a long lead-in) with no heading run into it, no more
    similar to the heading than sentences far apart in the document are to each other, is some other unit's.
    """
    if bead.kind != "1-1" or bead.similarity is None or bead.similarity >= null_similarity:
        return False
    (i,), (j,) = bead.src, bead.tgt
    src_heading, tgt_heading = heading_at(lines, 0, i), heading_at(lines, 1, j)
    if src_heading == tgt_heading:
        return False
    side, line = (1, j) if src_heading else (0, i)
    provision = lines.texts[side][line].strip()
    # Short or unfinished lines may be headings too ("Service on corporations, etc."), and a comma ends a
    # lead-in ("In this Act,"), not a provision; but a lead-in longer than any heading, which reads as a
    # sentence's start ("An individual is not eligible to be appointed … if the individual"), is none.
    sentence_start = (
        _lead_in(lines.texts[side], line) and reads_as_sentence(provision) and word_count(provision) > HEADING_WORDS
    )
    if len(provision.encode()) < MIN_CHARS or not (ends_with_stop(provision) or sentence_start):
        return False
    return not (opens_with_heading(provision) or ends_with_heading(provision))


def _heading_beside_more(bead: Bead, lines: Lines) -> list[Bead] | None:
    """A heading alone against a heading and a provision: the heading pairs with the heading, the provision
    is left unmatched, since a heading translates as a heading and holds no provision.

    Against two headings it may be both run into one line ("Short Title Short title"): that bead stands.
    """
    for x in (0, 1):
        y = 1 - x
        ids, other = sides_of(bead, x)
        if len(ids) != 1 or len(other) != 2 or not heading_at(lines, x, ids[0]):
            continue
        flags = [heading_at(lines, y, j) for j in other]
        if flags not in ([True, False], [False, True]):
            continue
        kept = flags.index(True)
        pair, lone = lines.measured(x, ids, (other[kept],)), lone_bead(other[1 - kept], y)
        return [pair, lone] if kept == 0 else [lone, pair]
    return None


def _extra_heading(bead: Bead, lines: Lines) -> list[Bead] | None:
    """Headings against a line that runs one heading fewer: the edge heading without which the bead is at
    least as similar is left unmatched. Three against a line that runs two (« Loi sur le recyclage des
    produits de la criminalité … Dispositions transitoires » against "Proceeds of Crime … Act",
    "Transitional Provisions", "Definitions"), or two against one heading ("Amendments Relating to Income
    Tax", "Application" against « Modifications relatives à l’impôt sur le revenu »)."""
    for x in (0, 1):
        y = 1 - x
        ids, other = sides_of(bead, x)
        if len(ids) not in (2, 3) or len(other) != 1 or not all(heading_at(lines, x, i) for i in ids):
            continue
        line = lines.texts[y][other[0]]
        if runs_two_headings(line) != (len(ids) == 3) or (len(ids) == 2 and not _one_heading(line, other[0], y, lines)):
            continue
        first, last = lines.measured(x, ids[1:], other), lines.measured(x, ids[:-1], other)
        best = max(first, last, key=lambda b: b.similarity or 0.0)
        if (best.similarity or 0.0) < (bead.similarity or 0.0):
            continue
        left = ids[0] if best is first else ids[-1]
        if len(ids) == 2 and _says_in_part(line, lines.texts[x][left], lines):
            continue
        return [lone_bead(ids[0], x), best] if best is first else [best, lone_bead(ids[-1], x)]
    return None


def _one_heading(line: str, sentence: int, y: int, lines: Lines) -> bool:
    """Whether side ``y``'s ``line`` is one heading, its second word in lower case: « Saisies Bateaux et objets
    saisis au Canada », "Interpretation Definition of "Minister"" run two headings where their versions have
    two lines (a name stands after an article or a preposition: « Paiement à la Nouvelle-Écosse »)."""
    words = line.split()
    return heading_at(lines, y, sentence) and not (len(words) > 1 and words[1][:1].isupper())


def _says_in_part(line: str, heading: str, lines: Lines) -> bool:
    """Whether ``line``, or a part of it cut before a capital, says ``heading`` as a glued heading must
    (``GLUED_FLOOR``): a line of headings may run two in a few words ("Expenses Payment of expenses",
    « Objet de la loi Objet »), which the test of two headings run together does not always see."""
    words = line.split()
    parts = [line]
    for k in range(1, len(words)):
        if words[k][:1].isupper():
            parts += [" ".join(words[:k]), " ".join(words[k:])]
    says = embed_unique(lines.embedder, [heading, *parts])
    return bool(np.max(says[1:] @ says[0]) >= GLUED_FLOOR)


def _lone_heading(bead: Bead, x: int, lines: Lines) -> bool:
    """Whether the bead is one heading of side ``x``, unmatched."""
    return lone_line(bead, x) and heading_at(lines, x, sides_of(bead, x)[0][0])


def heading_at(lines: Lines, x: int, sentence: int) -> bool:
    """Whether sentence ``sentence`` of side ``x`` is a heading: known as one, or read as one."""
    return _is_heading(lines.texts[x], sentence, lines.headings[x])


def _is_heading(texts: Sequence[str], sentence: int, known: frozenset[int]) -> bool:
    if sentence in known:
        return True
    return (
        heading_like(texts[sentence]) and not introduces_list(texts, sentence)
        and not _stops_mid_sentence(texts[sentence])
    )


#: Words that leave a sentence open: an article, a relative or subordinating word, a modal or a form of
#: "be" needs words after it. A heading is a noun phrase and never ends on one ("It is recognized and
#: declared that", « Le ministre peut »); it may end on a preposition or a conjunction ("Protest dispensed
#: with", « Deux infractions ou plus »), and on a capital letter that numbers it ("PART I", « SOUS-SECTION A »).
_OPEN_ENDS = ARTICLES | MODALS | frozenset([
    "that", "who", "whom", "whose", "which", "where", "when", "whether", "if", "is", "are", "be", "de", "que",
    "qui", "dont", "où", "lorsque", "si", "est", "sont",
])


def _stops_mid_sentence(text: str) -> bool:
    words = text.split()
    return bool(words) and words[-1] in _OPEN_ENDS


def _orphan(ids: tuple[int, ...], other: tuple[int, ...], x: int, edge: str, lines: Lines) -> bool:
    """Whether the heading at ``edge`` of side ``x``'s ``ids`` is one the other side's ``other`` does not say."""
    y = 1 - x
    if len(ids) < 2:
        return False
    heading, beside, line = (ids[0], ids[1], other[0]) if edge == "first" else (ids[-1], ids[-2], other[-1])
    if not heading_at(lines, x, heading) or heading_at(lines, x, beside):
        return False
    if heading_at(lines, y, line):
        return False  # a heading on both sides: the programme's pairing stands
    texts = lines.texts
    if edge == "last":
        return not ends_with_heading(texts[y][line])
    if opens_with_heading(texts[y][line]):
        return False
    # The second of twin labels ("Enactment of Act" twice), the first paired with the other version's one
    # label just before: the other version lacks this one, the note, unless its line opens with that label's
    # words again (« Rapport au Parlement Aussitôt que possible … »).
    if heading > 0 and same_words(texts[x][heading - 1], texts[x][heading]) and heading_at(lines, y, line - 1):
        return not opens_with_words(texts[y][line], texts[y][line - 1]) or opens_with_own_label(texts[y][line])
    return not _opening_says(texts[x][heading], texts[x][beside], texts[y][line], lines.embedder)


def _opening_says(heading: str, provision: str, line: str, embedder: Embedder) -> bool:
    """Whether ``line`` opens with words that say ``heading`` before it goes on with ``provision``."""
    # A note that says its provision's first words ("Sections 410, 429 and 442") is said by any translation of
    # the provision: the line's opening tells nothing.
    if opens_with_words(provision, heading) or opens_with_own_label(line):
        return False
    words = line.split()
    # A glued heading ends where the provision's first sentence starts, on no word that calls for a noun and
    # before no division's letter or number: "The purpose of the College …", "In the event of any inconsistency
    # between this Act …" and "The amount for the purpose of subsection 16(2) is …" run none in.
    # Where one may end, every opening up to a capital measures how well the line says the heading: the first
    # words of a freely translated note may say it best ("Unexpended appropriations for Medical Research
    # Council If …" for « Allocation de crédits »).
    cuts = sentence_starts(line, len(heading.split()))
    if all(words[k - 1].lower() in CALL_FOR_NOUN or designation(words[k]) or numbers_division(words, k) for k in cuts):
        return False
    opening = provision.split()
    texts = [heading, *(" ".join(words[:k]) for k in cuts), *(" ".join(opening[:k]) for k in cuts)]
    vectors = embed_unique(embedder, texts)
    heads, starts = vectors[1 : 1 + len(cuts)], vectors[1 + len(cuts) :]
    says_heading = heads @ vectors[0]
    says_provision = np.einsum("ij,ij->i", heads, starts)
    best = int(np.argmax(says_heading))
    # Unless they say the provision's own opening better still: a provision may open on its heading's subject
    # ("The first report that the new Agency submits …" against « Premiers rapports »).
    if says_heading[best] >= OPENING_FLOOR and says_heading[best] >= says_provision[best]:
        return True
    # An opening that says the provision's own opening better is the provision's, unless it says the heading
    # as a glued heading must: a note may repeat its provision (« Les membres de la Commission non plus que le
    # secrétaire ne peuvent être intéressés dans les entreprises Nul membre de la Commission … »).
    if says_heading[best] < says_provision[best] + OPENING_MARGIN and says_heading[best] < GLUED_FLOOR:
        return False
    # Opening words that mention the heading's subject may be the provision's own, in another clause order
    # ("There may be paid out of the Consolidated" against « Paiement maximal »): a glued heading's words
    # add nothing the provision says, so the line says the provision at least as well without them.
    whole, rest, said = embed_unique(embedder, [line, " ".join(words[cuts[best] :]), provision])
    return bool(rest @ said >= whole @ said)


def detach_orphan_lead_ins(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with a list's lead-in, or its first item, left unmatched where the other side cannot say it.

    A lead-in ("Dès la nomination d’un liquidateur :") starts a sentence that its lower-case items go on
    with. When one version lost a lead-in or an item, the programme puts the other version's lead-in and
    first item in one bead anyway, against a line that cannot hold both:

    - a line that opens in lower case is an item, with no sentence start for the lead-in, so the lead-in
      is left unmatched, unless the line says more with it than without and the lead-in is no plain
      sentence's start (one nested in an item, in lower case, or a short line that may be a note): the line
      then runs the lead-in into its item (« élabore une stratégie … qui, à la fois : » / "prepare a …
      strategy that contains …");
    - a lead-in on a line of its own, its items on the lines after it, holds no item, so the item is,
      provided the other version's first item pairs 1-1 in the bead after: otherwise it may be the item's
      translation (:func:`pair_items_after_lead_ins` pairs the two).

    A lead-in nested in an item opens in lower case; its colon marks it (« il est entendu : »). A heading
    before a lead-in stays with it: the other version may run the heading into its own lead-in
    (« Interdiction Sous réserve … : » / "Prohibition", "Subject to …, no person … shall … provide").
    """
    texts = lines.texts
    refined: list[Bead] = []
    for k, bead in enumerate(beads):
        for x in (0, 1):
            ids, other = sides_of(bead, x)
            heads = _leading_headings(texts[x], ids)
            start = ids[heads:]
            if len(start) < 2 or not other or not _lead_in(texts[x], start[0]) or not _item(texts[x][start[1]]):
                continue
            if _item(texts[1 - x][other[0]]) and not heads:
                lone, kept = ids[:1], ids[1:]
                without = lines.measured(x, kept, other).similarity or 0.0
                # A lead-in nested in an item may run into the line, and a short one may be a note ("As to Winnipeg
                # river and English river"); a sentence's start, with a capital, has no place in a line in lower
                # case, however much of it the item repeats.
                sentence = not _item(texts[x][start[0]]) and not heading_like(texts[x][start[0]])
                if not sentence and bead.similarity is not None and without < bead.similarity:
                    continue  # the line says more with the lead-in: it runs the lead-in into its item
            elif len(other) == 1 and _lead_in(texts[1 - x], other[0]) and not _runs_item_in(texts[1 - x][other[0]]):
                if not _first_item_paired(beads, k, 1 - x, other[0]):
                    continue  # the other version's first item may be the one this item translates
                lone, kept = (start[1],), tuple(i for i in ids if i != start[1])
            else:
                continue
            kept_bead = lines.measured(x, kept, other)
            unmatched = lone_bead(lone[0], x)
            refined += [unmatched, kept_bead] if lone == ids[:1] else [kept_bead, unmatched]
            break
        else:
            refined.append(bead)
    return refined


def _runs_item_in(text: str) -> bool:
    """Whether a lead-in runs its first item in after a colon of its own (« … sur les personnes suivantes :
    les personnes qui sont légalement détenues … : », the lines joined): that item's translation is no
    item the lead-in lacks."""
    return any(after.group(1).islower() for after in _AFTER_COLON.finditer(text.strip()[:-1]))


def _first_item_paired(beads: list[Bead], k: int, y: int, lead_in: int) -> bool:
    """Whether the bead after bead ``k`` pairs line ``lead_in`` + 1 of side ``y``, the first item after that
    lead-in, 1-1 with a line of the other side."""
    return k + 1 < len(beads) and beads[k + 1].kind == "1-1" and sides_of(beads[k + 1], y)[0] == (lead_in + 1,)


def _leading_headings(texts: Sequence[str], ids: Sequence[int]) -> int:
    """How many of the lines ``ids``, from the first, are headings; the last line never counts."""
    heads = 0
    while heads < len(ids) - 1 and _is_heading(texts, ids[heads], frozenset()):
        heads += 1
    return heads


def pair_items_after_lead_ins(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with a list's first item, held with the lead-in before it against the other version's
    lead-in alone, paired instead with that version's first item, unmatched right after the bead.

    A lead-in on a line of its own ends where its items begin: « … lorsque l’aide spéciale qu’il prévoit
    répond à l’un ou l’autre des critères suivants : » says none of them, so "the amount of the special
    assistance … does not exceed …", after "… is not required … where", is said by the French item after
    the lead-in (« elle ne dépasse pas le montant réglementaire; »), not by the lead-in.
    """
    texts = lines.texts
    refined = list(beads)
    for k in range(len(refined) - 1):
        bead, after = refined[k], refined[k + 1]
        for x in (0, 1):
            y = 1 - x
            ids, other = sides_of(bead, x)
            if len(ids) < 2 or not other or not lone_line(after, y):
                continue
            item, lone = ids[-1], sides_of(after, y)[0][0]
            if not (_item(texts[x][item]) and _lead_in(texts[x], ids[-2])):
                continue
            if not (_lead_in(texts[y], other[-1]) and _item(texts[y][lone]) and lone == other[-1] + 1):
                continue
            refined[k], refined[k + 1] = lines.measured(x, ids[:-1], other), lines.measured(x, (item,), (lone,))
            break
    return refined


def detach_extra_items(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with a list item that the other version lacks left unmatched.

    Items of a list against one line that holds one fewer (a single item, no semicolon before its end, or
    two run together, "…; or the navigable shipping channels …"): an edge item has no counterpart there,
    and the edge without which the bead is more similar is left unmatched, provided the rest is as similar
    to the line as all together. A line that runs two items together ("health care professionals; and
    people living with …") holds both.
    """
    texts = lines.texts
    refined: list[Bead] = []
    for bead in beads:
        for x in (0, 1):
            ids, other = sides_of(bead, x)
            runs = _items_run(texts[1 - x][other[0]]) if len(other) == 1 else 0
            if not runs or len(ids) != runs + 1:
                continue
            if not all(_item(texts[x][i]) for i in ids) or not _ends_item(texts[x][ids[0]]):
                continue
            first, last = lines.measured(x, ids[1:], other), lines.measured(x, ids[:-1], other)
            kept = first if (first.similarity or 0.0) > (last.similarity or 0.0) else last
            if bead.similarity is not None and (kept.similarity or 0.0) < bead.similarity:
                continue  # the line says more with all items: it runs them together in its own way
            refined += [lone_bead(ids[0], x), kept] if kept is first else [kept, lone_bead(ids[-1], x)]
            break
        else:
            refined.append(bead)
    return refined


def join_items_run_together(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with a list item joined to the pair beside it when that pair's other line runs two items
    together and says the item better than the item's own partner does (that partner is then left
    unmatched), or, the item unmatched, when the pair is more similar with it or the line's two parts say
    the two items in order (:func:`_says_items_in_parts`).

    A line that runs two items together ("receive unsolicited proposals …; support infrastructure projects
    …") holds both. The other version's second item (« soutenir les projets d’infrastructures … ») was
    paired instead with the line after it (0.35), an item that version lacks ("act as a centre of
    expertise …"), or left unmatched beside the pair (« au ministère des Relations Couronne-Autochtones et
    des Affaires du Nord; » before "the Department of Crown-Indigenous Relations and Northern Affairs; a
    department named in Schedule I …").
    """
    texts = lines.texts
    refined = list(beads)
    for k in range(len(refined) - 1):
        for x, (held, beside) in itertools.product((0, 1), ((k, k + 1), (k + 1, k))):
            bead, pair = refined[held], refined[beside]
            lone = lone_line(pair, x)
            if bead.kind != "1-1" or not (pair.kind == "1-1" or lone):
                continue
            ((mine,), (line,)), (item,) = sides_of(bead, x), sides_of(pair, x)[0]
            step = 1 if beside > held else -1
            if item != mine + step or not _runs_two_items(texts[1 - x][line]):
                continue
            if not (_single_item(texts[x][mine]) and _single_item(texts[x][item])):
                continue
            first, second = min(mine, item), max(mine, item)
            joined = lines.measured(x, (first, second), (line,))
            if (joined.similarity or 0.0) <= (bead.similarity or 0.0) and not _says_items_in_parts(
                texts[1 - x][line], [texts[x][first], texts[x][second]], lines
            ):
                continue
            if lone:
                refined[held], refined[beside] = joined, Bead((), ())
                break
            (partner,) = sides_of(pair, 1 - x)[0]
            said = lines.measured(x, (item,), (line,))
            if partner == line + step and (said.similarity or 0.0) > (pair.similarity or 0.0):
                refined[held], refined[beside] = joined, lone_bead(partner, 1 - x)
                break
    return [bead for bead in refined if bead.src or bead.tgt]


#: A semicolon inside a line before a word in lower case: where a line that runs two items cuts them.
_INNER_ITEM = re.compile(r";\s+(?:(?:and|or|et|ou)\s+)?[^\W\d_A-Z]")


def join_continued_lines(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with an unmatched line in lower case joined to the 1-1 pair before it, when the pair's other
    line holds both: the pair is at least as similar with it, and its length ratio comes closer to the
    document's by DETACH_LENGTH_GAIN (the gain that detaches a line, undone).

    A line in lower case goes on with the sentence before it: a sentence the layout cut (« … passer contrat
    avec toute personne pour la vente », « d'une rente … ») or a lead-in's first item, which the other
    version runs into one line ("… contract with any person for the sale of an immediate or deferred
    annuity …"). A short continuation barely moves the pair's similarity, so the programme left it out;
    the other line's length, far out of proportion without it, says it is there. Not when the other line
    ends with a colon: it is a lead-in, whose items follow it, and a line of its own side that lost words
    is short for that reason.
    """
    norms = document_norms(beads, *lines.sides)
    if norms is None:
        return beads
    src, tgt = lines.sides
    refined = list(beads)
    for k in range(1, len(refined)):
        pair, bead = refined[k - 1], refined[k]
        for x in (0, 1):
            if pair.kind != "1-1" or not lone_line(bead, x):
                continue
            (line,), ((mine,), other) = sides_of(bead, x)[0], sides_of(pair, x)
            if line != mine + 1 or not _item(lines.texts[x][line]) or heading_at(lines, x, mine):
                continue
            if lines.texts[1 - x][other[-1]].rstrip(" —").endswith(":"):
                continue  # a line that ends with a colon introduces its items and holds none
            joined = lines.measured(x, (mine, line), other)
            if (joined.similarity or 0.0) < (pair.similarity or 0.0):
                continue
            gain = length_z(src, pair.src, tgt, pair.tgt, norms) - length_z(src, joined.src, tgt, joined.tgt, norms)
            if gain >= DETACH_LENGTH_GAIN:
                refined[k - 1], refined[k] = joined, Bead((), ())
                break
    return [bead for bead in refined if bead.src or bead.tgt]


def _runs_two_items(text: str) -> bool:
    """Whether a line runs two list items together: in lower case, with a semicolon inside it before a word in
    lower case ("…; support infrastructure projects …")."""
    return _item(text) and _inner_item(text) is not None


def _inner_item(line: str) -> tuple[str, str] | None:
    """The line, stripped, cut in two at the inner semicolon that starts a second item (``_INNER_ITEM``; the
    semicolon that may end the line aside); None when it has none."""
    line = line.strip()
    cut = _INNER_ITEM.search(_ITEM_TAIL.sub("", line))
    return None if cut is None else (line[: cut.start()], line[cut.start() + 1 :])


def _items_run(line: str) -> int:
    """How many list items a line runs: one (:func:`_single_item`), two run together (:func:`_runs_two_items`),
    or none that can be told (0)."""
    return 1 if _single_item(line) else 2 if _runs_two_items(line) else 0


def _says_items_in_parts(line: str, items: list[str], lines: Lines) -> bool:
    """Whether a line that runs two items, cut at its inner semicolon, says the first of ``items`` in its first
    part and the second in its second, each better than the other part does.

    A short item barely moves the similarity of the long line it is run into ("… Review Agency Act; and the
    Intelligence Commissioner Act." against « la Loi sur le commissaire au renseignement. »); each item
    still says its own part of the line.
    """
    parts = _inner_item(line)
    if parts is None:
        return False
    vectors = embed_unique(lines.embedder, [*parts, *items])
    says = vectors[:2] @ vectors[2:].T
    return bool(says[0, 0] > says[1, 0] and says[1, 1] > says[0, 1])


def free_lines_from_headings(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with a line paired to a heading given instead to the unmatched line beside the heading.

    A heading translates as a heading. A heading paired 1-1 with a line that is none ("The Minister may"
    against « Pouvoirs du ministre »), beside an unmatched line of the heading's side that is no heading
    either and says that line at least as well (« Le ministre peut prendre les mesures suivantes : »),
    lost its counterpart: the line pairs with the line, and the heading is left unmatched. Two lead-ins
    pair whatever the model says: « Pouvoirs du ministre du Travail » is closer to "The Minister of Labour
    may" (0.65) than « Le ministre du Travail peut prendre les mesures suivantes : » is (0.62), since the
    three say one subject, but only the lead-ins say it as a sentence's start (:func:`_two_lead_ins`). Not
    when the other version's lead-in runs a heading in ("Powers Subject to …, the Minister may").
    """
    refined = list(beads)
    for k, bead in enumerate(refined):
        if bead.kind != "1-1" or bead.similarity is None:
            continue
        for x in (0, 1):
            (heading,), (line,) = sides_of(bead, x)
            mixed = heading_at(lines, x, heading) and not heading_at(lines, 1 - x, line)
            if mixed and _free_line(refined, k, x, lines):
                break
    return refined


def _free_line(beads: list[Bead], k: int, x: int, lines: Lines) -> bool:
    """Pair bead ``k``'s line with an unmatched line of side ``x`` beside it, in place, leaving the heading
    unmatched; False when no such line says it as well."""
    bead = beads[k]
    (heading,), other = sides_of(bead, x)
    for n in (k - 1, k + 1):
        if not 0 <= n < len(beads) or not lone_line(beads[n], x):
            continue
        (lone,) = sides_of(beads[n], x)[0]
        pair = lines.measured(x, (lone,), other)
        if heading_at(lines, x, lone):
            continue
        if not _two_lead_ins(lines, x, lone, other[0]) and (pair.similarity or 0.0) < (bead.similarity or 0.0):
            continue
        alone = lone_bead(heading, x)
        beads[min(n, k)], beads[max(n, k)] = (pair, alone) if n < k else (alone, pair)
        return True
    return False


def _two_lead_ins(lines: Lines, x: int, line: int, other: int) -> bool:
    """Whether sentence ``line`` of side ``x`` and ``other`` of the other side are both lead-ins that read as a
    sentence's start (:func:`reads_as_sentence`: a short line before an item may be the heading of a list
    whose lead-in was lost, « Non-application pendant un an »), and ``other`` runs no heading in."""
    texts = (lines.texts[x][line], lines.texts[1 - x][other])
    return (
        _lead_in(lines.texts[x], line) and _lead_in(lines.texts[1 - x], other)
        and all(reads_as_sentence(text) for text in texts) and not opens_with_heading(texts[1])
    )


def pair_crossed_headings(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with two unmatched headings that cross a 1-1 pair of provisions paired instead.

    A heading stands before its provision in both versions. An unmatched heading on one side, then a
    provision paired 1-1, then an unmatched heading on the other side, puts that side's provision under
    the previous heading and the first side's under the new one: the pair crosses a section boundary.
    Each version lost a unit, and the units lost are the provisions (a heading with no provision in its
    section would be no heading), so the headings pair and the provisions are left unmatched. Not when
    the first heading says the words of the heading before it: the two are a heading and its note (twin
    labels, « Titre abrégé », « Titre abrégé »), one of which the other version lacks, and
    :func:`pair_first_of_twin_labels` places them. Nor when each version lost a heading instead
    (:func:`_headings_lost`).
    """
    norms = document_norms(beads, *lines.sides)
    refined = list(beads)
    k = 0
    while k + 2 < len(refined):
        first, pair, last = refined[k : k + 3]
        crossed = pair.kind == "1-1" and not any(
            heading_at(lines, x, sides_of(pair, x)[0][0]) for x in (0, 1)
        )
        for x in (0, 1):
            if (
                crossed and _lone_heading(first, x, lines) and _lone_heading(last, 1 - x, lines)
                and not _second_twin(lines, x, sides_of(first, x)[0][0])
            ):
                (provision_x,), (provision_y,) = sides_of(pair, x)
                headings = lines.measured(x, sides_of(first, x)[0], sides_of(last, 1 - x)[0])
                if norms is not None and _headings_lost(pair, headings, provision_x, x, lines, norms.null_similarity):
                    break
                refined[k : k + 3] = [lone_bead(provision_y, 1 - x), headings, lone_bead(provision_x, x)]
                break
        k += 1
    return refined


def _headings_lost(pair: Bead, headings: Bead, provision: int, x: int, lines: Lines, null_similarity: float) -> bool:
    """Whether the headings crossing a pair of provisions are two that each version lost, and the provisions one:
    the headings say each other no better than sentences far apart in the document do, the provisions say each
    other better, and better than side ``x``'s provision says the line after the other side's heading, the
    provision it would translate were the headings one (« Appui aux organismes autochtones », then « Le
    ministre peut appuyer des organismes autochtones … », says "The Minister may support Indigenous bodies …"
    before "Delegation", not "The Minister may delegate …" after it)."""
    if not (headings.similarity or 0.0) < null_similarity <= (pair.similarity or 0.0):
        return False
    after = sides_of(headings, 1 - x)[0][0] + 1
    if after >= len(lines.texts[1 - x]) or heading_at(lines, 1 - x, after):
        return False
    return (pair.similarity or 0.0) > (lines.measured(x, (provision,), (after,)).similarity or 0.0)


def pair_neighbouring_headings(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with two unmatched headings side by side, one of each version, before a provision, paired.

    A heading labels the provision after it, and both versions label their provisions in the same order:
    two headings left unmatched side by side, one of each version, before a line that is no heading,
    stand in the same place and translate each other however freely worded (« Terminologie », "Indian Act
    definitions"); a short label's words say too little for the model to pair them. The provision after
    may be one version's alone: a version that lost a provision keeps the heading over it.

    Lines of the second heading's version alone may stand between the two, provisions that come before
    its heading in that version, under the heading before: the provision the other version lost (« Attributions »
    unmatched, then "For greater certainty, a person's status includes …" and "Powers, duties and functions"
    unmatched). A lone line of the first heading's version would follow that heading, and is what it labels.
    """
    refined = list(beads)
    k = 0
    while k + 2 < len(refined):
        for x in (0, 1):
            y = 1 - x
            if not _lone_heading(refined[k], x, lines):
                continue  # first, so that a run of lone lines is walked only from a heading before it
            n = k + 1
            while n < len(refined) and lone_line(refined[n], y) and not _lone_heading(refined[n], y, lines):
                n += 1
            if n + 1 >= len(refined):
                continue
            if not _lone_heading(refined[n], y, lines):
                continue
            heading_x, heading_y = sides_of(refined[k], x)[0], sides_of(refined[n], y)[0]
            pair, last = lines.measured(x, heading_x, heading_y), n
            # A line of headings may translate two, a heading and its note ("Coming into Force Order in council"
            # for « Entrée en vigueur », « Décret »): when it says both better than the first.
            if n + 2 < len(refined) and _lone_heading(refined[n + 1], y, lines):
                both = lines.measured(x, heading_x, (*heading_y, *sides_of(refined[n + 1], y)[0]))
                if (both.similarity or 0.0) > (pair.similarity or 0.0):
                    pair, last = both, n + 1
            if _holds_no_heading(refined[last + 1], lines):
                refined[k : last + 1] = [*refined[k + 1 : n], pair]
                break
        k += 1
    return refined


def give_headings_to_headings(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with a heading paired 1-1 with a full sentence given instead to the unmatched heading of the
    sentence's version right before it, the sentence left unmatched.

    A heading translates as a heading, and a full sentence (final punctuation, no heading run in) as a
    sentence: a heading paired with one is the programme's guess for a provision the other version lost.
    The unmatched heading right before that sentence labels it, and stands where the paired heading stands
    in its own version: « Approbation », then « L'Accord et les accords connexes sont approuvés. » paired with
    "Agreements approved" (0.67) are a note and its provision, and the English lost the provision. Only a
    heading before: a heading labels what follows it. That heading may also be the last of two headings or
    more that the programme paired with one heading of the other version (« Approbation et représentation au
    sein du Comité mixte », « Approbation » against "Approval and Representation on the CETA Joint
    Committee"): the note was run into the heading above it, which keeps the rest.
    """
    refined = list(beads)
    for k in range(1, len(refined)):
        bead = refined[k]
        if bead.kind != "1-1":
            continue
        for x in (0, 1):
            (heading,), (line,) = sides_of(bead, x)
            sentence = full_sentence(lines.texts[1 - x][line]) and not heading_at(lines, 1 - x, line)
            if not (heading_at(lines, x, heading) and sentence):
                continue
            before = refined[k - 1]
            if _lone_heading(before, 1 - x, lines):
                label = sides_of(before, 1 - x)[0]
                refined[k - 1 : k + 1] = [lines.measured(x, (heading,), label), lone_bead(line, 1 - x)]
                break
            if _headings_against_one(before, 1 - x, lines):
                (*rest, note), other = sides_of(before, 1 - x)
                refined[k - 1 : k + 1] = [
                    lines.measured(1 - x, tuple(rest), other),
                    lines.measured(x, (heading,), (note,)),
                    lone_bead(line, 1 - x),
                ]
                break
    return refined


def _headings_against_one(bead: Bead, x: int, lines: Lines) -> bool:
    """Whether the bead pairs two headings or more of side ``x`` with one heading of the other side."""
    ids, other = sides_of(bead, x)
    return (
        len(ids) >= 2 and len(other) == 1 and all(heading_at(lines, x, i) for i in ids)
        and heading_at(lines, 1 - x, other[0])
    )


def pair_neighbouring_lead_ins(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with two unmatched lead-ins side by side, one of each version, paired.

    A lead-in translates as a lead-in: two left unmatched side by side that both read as a sentence's start
    (:func:`_two_lead_ins`) open the same list, whatever the model says of them ("The Minister of Labour may",
    « Le ministre du Travail peut prendre les mesures suivantes : »), once the heading the programme paired
    with one has gone to the line that runs it in (:func:`aligner.align.glued.pair_run_in_headings`).
    """
    refined = list(beads)
    for k in range(len(refined) - 1):
        for x in (0, 1):
            if not (lone_line(refined[k], x) and lone_line(refined[k + 1], 1 - x)):
                continue
            (line,), (other,) = sides_of(refined[k], x)[0], sides_of(refined[k + 1], 1 - x)[0]
            if _two_lead_ins(lines, x, line, other):
                refined[k], refined[k + 1] = lines.measured(x, (line,), (other,)), Bead((), ())
                break
    return [bead for bead in refined if bead.src or bead.tgt]


def split_heading_pairs(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with two headings against one, beside an unmatched heading of the one's side, made two pairs.

    A heading translates as one heading. Two headings of one side in a bead with one of the other
    side, when another heading of that other side stands unmatched right before or after the bead (or
    past an unmatched line: of the first side, or of the other side and no heading, a provision the first
    side lost), are two pairs: the unmatched heading takes the nearer of
    the two ("Establishment of Department", « Mise en place »), the bead's heading the other.
    """
    refined = list(beads)
    for k, bead in enumerate(refined):
        for x in (0, 1):
            ids, other = sides_of(bead, x)
            two_against_one = len(ids) == 2 and _headings_against_one(bead, x, lines)
            # A line that runs two headings translates both (« Dispositions de coordination et entrée en vigueur
            # Entrée en vigueur »).
            two_against_one = two_against_one and not runs_two_headings(lines.texts[1 - x][other[0]])
            if two_against_one and _pair_with_heading_beside(refined, k, x, lines):
                break
    return refined


def _pair_with_heading_beside(beads: list[Bead], k: int, x: int, lines: Lines) -> bool:
    """Pair bead ``k``'s two headings of side ``x``, in place, with its heading and an unmatched one beside it;
    False when no unmatched heading of the other side stands beside it."""
    ids, other = sides_of(beads[k], x)
    for step, near, far in ((-1, ids[0], ids[1]), (1, ids[1], ids[0])):
        n = k + step
        # An unmatched line may stand between: a 1-0 and a 0-1 bead come in either order, and a provision
        # the side ``x`` lost stands under the heading it shares with the bead.
        if 0 <= n + step < len(beads) and _line_between(beads[n], x, lines):
            n += step
        if 0 <= n < len(beads) and _lone_heading(beads[n], 1 - x, lines):
            near_pair = lines.measured(x, (near,), sides_of(beads[n], 1 - x)[0])
            far_pair = lines.measured(x, (far,), other)
            between = beads[min(n, k) + 1 : max(n, k)]
            # A line of side ``x`` stands beyond the near heading in its version; one of the other side, between
            # the two headings of its own.
            outer = [line for line in between if lone_line(line, x)]
            inner = [line for line in between if not lone_line(line, x)]
            pairs = [*outer, near_pair, *inner, far_pair] if n < k else [far_pair, *inner, near_pair, *outer]
            beads[min(n, k) : max(n, k) + 1] = pairs
            return True
    return False


def _line_between(bead: Bead, x: int, lines: Lines) -> bool:
    """Whether the bead is one unmatched line that may stand between two headings to be paired: a line of
    side ``x``, or a line of the other side that is no heading."""
    return lone_line(bead, x) or (lone_line(bead, 1 - x) and not _lone_heading(bead, 1 - x, lines))


#: How many beads either side of a twin label its twin and their counterparts may stand.
TWIN_REACH = 3


def pair_twin_labels_in_order(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with twin labels (a heading and its marginal note in the same words, "Food Day in Canada"
    twice) paired in order with the other version's twins.

    Twins on both sides pair first with first and second with second; the programme, which cannot tell twins
    apart, may give both to one label and the other label to the provision beside them, which the other
    version lacks: that line is left unmatched.
    """
    refined = list(beads)
    for x in (0, 1):
        k = 0
        while k < len(refined):
            twin = _twin_of(lines, x, sides_of(refined[k], x)[0])
            if twin is not None and (rebuilt := _twins_in_order(refined, k, x, twin, lines)) is not None:
                span, pairs = rebuilt
                refined[span] = pairs
            k += 1
    return refined


def _twin_of(lines: Lines, x: int, ids: Sequence[int]) -> int | None:
    """The first of twin labels of side ``x``, one of which ``ids`` holds; None when it holds none."""
    for i in (i + step for i in ids for step in (0, -1)):
        if 0 <= i < len(lines.texts[x]) - 1 and _second_twin(lines, x, i + 1) and heading_at(lines, x, i + 1):
            return i
    return None


def _twins_in_order(
    beads: list[Bead], k: int, x: int, first: int, lines: Lines
) -> tuple[slice, list[Bead]] | None:
    """Side ``x``'s twins from ``first`` paired in order with the other side's twins that bead ``k`` or the next
    pairs with them, and the other lines of their beads left paired as they were or unmatched: the beads to
    replace and their replacement; None when there are no such twins or they already pair in order."""
    y = 1 - x
    twins = (first, first + 1)
    paired = [j for bead in beads[k : k + 2] if _holds(bead, x, twins) for j in sides_of(bead, x)[1]]
    counterpart = _twin_of(lines, y, paired)
    if counterpart is None:
        return None
    others = (counterpart, counterpart + 1)
    wanted = [(twins[:1], others[:1]), (twins[1:], others[1:])]
    # Twins and their counterparts stand within a few beads of bead ``k``: looking no further bounds the cost.
    near = range(max(0, k - TWIN_REACH), min(len(beads), k + TWIN_REACH + 1))
    touching = [n for n in near if _holds(beads[n], x, twins) or _holds(beads[n], y, others)]
    span = slice(touching[0], touching[-1] + 1)
    if [sides_of(bead, x) for bead in beads[span]] == wanted:
        return None
    before: list[Bead] = []
    after: list[Bead] = []
    for bead in beads[span]:
        ids, other = sides_of(bead, x)
        ids, other = tuple(i for i in ids if i not in twins), tuple(j for j in other if j not in others)
        earlier = [i < first for i in ids] + [j < counterpart for j in other]
        if not earlier:
            continue
        if any(earlier) != all(earlier):
            return None  # lines on both sides of the twins: no order holds
        if ids and other:
            rest = [lines.measured(x, ids, other)]
        else:
            rest = [lone_bead(i, x) for i in ids] + [lone_bead(j, y) for j in other]
        (before if all(earlier) else after).extend(rest)
    return span, [*before, *(lines.measured(x, a, b) for a, b in wanted), *after]


def _holds(bead: Bead, x: int, ids: Sequence[int]) -> bool:
    """Whether side ``x`` of the bead holds one of ``ids``."""
    return any(i in ids for i in sides_of(bead, x)[0])


def pair_first_of_twin_labels(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with one heading paired with the second of two headings that say the same words, and the
    first unmatched, paired with the first instead.

    A section's heading and its marginal note may say the same words ("Short Title", "Short title"), and
    the other version has one label for the two (« Titre abrégé »). The model then cannot tell which of
    the two is translated (both at 0.791), and a reader learns the same either way; structure decides:
    the heading, first, pairs with the heading, and the note before the provision is what the other
    version lacks. Unless the other version runs its second label into the line beside the one: the
    heading's label closing the line before it (« … adaptations sociales Titre abrégé »), which then
    takes the first of the two, or the note's opening the provision after it (« Titre abrégé Loi sur
    … »), which takes the second.

    The first twin may itself be run into the line before (« … édicte : Titre abrégé »), which then takes
    the one label (:func:`_twin_label_run_in_there`); with twins on both sides, the side that runs its
    first into the line before gives that line the other's first (:func:`_twin_label_run_in_before`).
    A heading and its note that say different words, right before a provision, count as twins when the
    heading says the one label as a glued heading must (``GLUED_FLOOR``): a marginal note is no part of
    the enactment and is what a version may lack.
    """
    refined = list(beads)
    for k in range(len(refined) - 1):
        for x in (0, 1):
            y = 1 - x
            if (
                _twin_label_run_in_before(refined, k, x, lines)
                or _twin_label_run_in_there(refined, k, x, lines)
                or _twin_label_run_into_provision(refined, k, x, lines)
            ):
                break
            lone, pair = refined[k], refined[k + 1]
            if not (_lone_heading(lone, y, lines) and pair.kind == "1-1"):
                continue
            first, ((label,), (second,)) = sides_of(lone, y)[0][0], sides_of(pair, x)
            heading = lines.measured(x, (label,), (first,))
            # Labels that say different words: the heading must say the one label as a glued heading would.
            noted = _heading_and_note(refined, k, y, first, second, lines) and heading_at(lines, x, label)
            said = noted and (heading.similarity or 0.0) >= GLUED_FLOOR
            if not (_twins(lines, y, first, second, label, x) or said):
                continue
            if k > 0 and (before := _taking_label(refined[k - 1], label - 1, x, first, lines, at_end=True)):
                refined[k - 1], refined[k] = before, Bead((), ())
                continue
            refined[k], refined[k + 1] = heading, lone_bead(second, y)
            if k + 2 < len(refined) and (after := _taking_label(refined[k + 2], label + 1, x, second, lines)):
                refined[k + 1], refined[k + 2] = Bead((), ()), after
            elif k + 2 < len(refined):
                # A note that says other words than its heading may be run into its provision all the same
                # ("Offence A person who …" against « Infractions », « Infraction »): glued as any heading is.
                refined[k : k + 3] = glue_lone_heading(refined[k], refined[k + 1], refined[k + 2], y, lines)
    return [bead for bead in refined if bead.src or bead.tgt]


def _twins(lines: Lines, y: int, first: int, second: int, label: int, x: int) -> bool:
    """Whether side ``y``'s lines ``first`` and ``second`` are twin labels, a heading and its note, and side
    ``x``'s ``label`` a heading too."""
    same = second == first + 1 and same_words(lines.texts[y][first], lines.texts[y][second])
    return same and heading_at(lines, x, label) and heading_at(lines, y, second)


def _second_twin(lines: Lines, x: int, heading: int) -> bool:
    """Whether side ``x``'s ``heading`` says the same words as the heading right before it."""
    return heading > 0 and heading_at(lines, x, heading - 1) and same_words(
        lines.texts[x][heading - 1], lines.texts[x][heading]
    )


def _heading_and_note(beads: list[Bead], k: int, y: int, first: int, second: int, lines: Lines) -> bool:
    """Whether side ``y``'s unmatched ``first`` and the ``second`` after it are a heading and its marginal
    note, right before a pair of provisions, the next bead."""
    return second == first + 1 and heading_at(lines, y, second) and _before_provisions(beads, k + 2, lines)


def _twin_label_run_in_before(beads: list[Bead], k: int, x: int, lines: Lines) -> bool:
    """Bead ``k`` pairs side ``x``'s label with the first of side ``y``'s twin labels, the second unmatched
    after it, while side ``x`` runs its own first twin into the end of the line before: that line's bead
    takes ``y``'s first twin, and the label the second. In place; False when the beads are not so."""
    y = 1 - x
    pair, lone = beads[k], beads[k + 1]
    if k == 0 or pair.kind != "1-1" or not _lone_heading(lone, y, lines):
        return False
    ((label,), (first,)), second = sides_of(pair, x), sides_of(lone, y)[0][0]
    if not _twins(lines, y, first, second, label, x):
        return False
    before = _taking_label(beads[k - 1], label - 1, x, first, lines, at_end=True)
    if before is None:
        return False
    beads[k - 1], beads[k], beads[k + 1] = before, Bead((), ()), lines.measured(x, (label,), (second,))
    return True


def _twin_label_run_into_provision(beads: list[Bead], k: int, x: int, lines: Lines) -> bool:
    """Side ``y``'s heading unmatched (bead ``k``), then its note paired with side ``x``'s heading, whose
    provision opens with that heading's words again: side ``x`` runs its note into its provision, which
    takes ``y``'s note, and its heading pairs with ``y``'s (« Définitions », « Définitions Les définitions
    qui suivent … » against "Interpretation", "Definitions", "The following definitions …"). In place;
    False when the beads are not so."""
    y = 1 - x
    if k + 2 >= len(beads) or not _lone_heading(beads[k], y, lines) or beads[k + 1].kind != "1-1":
        return False
    heading, ((label,), (note,)) = sides_of(beads[k], y)[0][0], sides_of(beads[k + 1], x)
    if note != heading + 1 or not (heading_at(lines, x, label) and heading_at(lines, y, note)):
        return False
    provision = beads[k + 2]
    if provision.kind != "1-1" or sides_of(provision, y)[0] != (note + 1,):
        return False
    if opens_with_words(lines.texts[y][note + 1], lines.texts[y][note]):
        return False
    taking = _taking_label(provision, label + 1, x, note, lines)
    if taking is None:
        return False
    beads[k], beads[k + 1], beads[k + 2] = lines.measured(x, (label,), (heading,)), Bead((), ()), taking
    return True


def _twin_label_run_in_there(beads: list[Bead], k: int, x: int, lines: Lines) -> bool:
    """Bead ``k + 1`` pairs side ``x``'s label with the second of side ``y``'s twin labels while bead ``k``'s
    line runs the first into its end: that bead takes the label, a heading's, and the second twin, the
    note, is left unmatched, or pairs with side ``x``'s own note. In place; False when the beads are not so."""
    y = 1 - x
    pair = beads[k + 1]
    if pair.kind != "1-1":
        return False
    (label,), (second,) = sides_of(pair, x)
    if not (heading_at(lines, y, second) and heading_at(lines, x, label)) or label == 0 or second == 0:
        return False
    # The line that runs the twin in is no heading, nor is the line before the label: a heading at either
    # place is a pair of headings of its own. Unless that line visibly runs two headings, the twin the second
    # (« Mise en oeuvre de l'accord et des accords connexes Approbation », then « Approbation », against
    # "Implementation of the Agreement …", "Approval" and the note "Agreements approved"), and side x has no
    # twins of its own, the first of which that line already holds ("Short Title", "Short title").
    runs_twin = runs_two_headings(lines.texts[y][second - 1]) and not same_words(
        lines.texts[x][label - 1], lines.texts[x][label]
    )
    if not runs_twin and (heading_at(lines, y, second - 1) or heading_at(lines, x, label - 1)):
        return False
    taking = _taking_label(beads[k], second - 1, y, label, lines, at_end=True)
    if taking is None or sides_of(beads[k], x)[0][-1:] != (label - 1,):
        return False
    beads[k], beads[k + 1] = taking, lone_bead(second, y)
    # The note left over goes to the provision after it when side x runs its own note into that provision,
    # or pairs with side x's own note when side x has twins too ("Definitions", "Definitions" against « … à
    # bâtir le Canada. Définitions », « Définitions »).
    if k + 2 < len(beads) and (after := _taking_label(beads[k + 2], label + 1, x, second, lines)):
        beads[k + 1], beads[k + 2] = Bead((), ()), after
    elif k + 2 < len(beads) and _own_twin(beads[k + 2], label, x, lines):
        beads[k + 1], beads[k + 2] = lines.measured(x, (label + 1,), (second,)), Bead((), ())
    return True


def _own_twin(bead: Bead, label: int, x: int, lines: Lines) -> bool:
    """Whether ``bead`` is side ``x``'s line after ``label``, unmatched, a heading saying the label's words."""
    return (
        _lone_heading(bead, x, lines)
        and sides_of(bead, x)[0] == (label + 1,)
        and same_words(lines.texts[x][label], lines.texts[x][label + 1])
    )


def _taking_label(bead: Bead, line: int, x: int, twin: int, lines: Lines, *, at_end: bool = False) -> Bead | None:
    """``bead`` with the other side's label ``twin`` added, when side ``x`` of the bead ends (``at_end``) or
    starts with ``line`` and that line runs in the label's words at that edge; else None."""
    y = 1 - x
    ids, other = sides_of(bead, x)
    if not ids or ids[-1 if at_end else 0] != line or not other or len(other) + 1 > lines.longest_run:
        return None
    label, words = lines.texts[x][line + (1 if at_end else -1)], lines.texts[x][line].split()
    size = len(label.split())
    edge = words[len(words) - size :] if at_end else words[:size]
    if len(words) <= size or not same_words(label, " ".join(edge)):
        return None
    return lines.measured(y, (*other, twin) if at_end else (twin, *other), ids)


#: The longest run of 1-1 pairs looked at between two unmatched sentences (:func:`unshift_headings`).
MAX_SHIFTED = 3


def unshift_headings(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with a run of 1-1 pairs shifted by one, between two unmatched sentences, paired unshifted.

    An unmatched sentence of one side, a few 1-1 pairs, then an unmatched sentence of the other side
    may be one run of translations shifted by one ("Powers, Duties and Functions of the Minister"
    unmatched, then « Attributions du ministre » / "Duties of the Minister", « Responsabilités du
    ministre » / "The Minister shall", then « Les responsabilités suivantes incombent au ministre : »
    unmatched). Headings are structure: when the shifted pairing puts a heading against a line that is
    none and the unshifted one pairs each heading with a heading, each pair better than chance, the
    run is paired unshifted and nothing is left unmatched. A run of headings only, before a pair of
    provisions, is paired unshifted whatever the similarities: a section's heading and marginal note
    stand in the same order in both versions, and a one-word note translated freely (« Prorogation » /
    "Extension of collective agreement", cosine 0.30) is unlike its counterpart to the model, while the
    French heading is like the English note ("Extension of Collective Agreement" / "… of collective
    agreement").
    """
    def unshifted(refined: list[Bead], k: int, null_similarity: float) -> tuple[int, list[Bead]] | None:
        for x in (0, 1):
            run = _unshifted(refined, k, x, lines, null_similarity)
            if run is not None:
                return len(run) + 1, run
        return None

    return rewrite_runs(beads, lines, unshifted)


def _unshifted(beads: list[Bead], k: int, x: int, lines: Lines, null_similarity: float) -> list[Bead] | None:
    """The unshifted pairs of the run that starts at bead ``k`` with an unmatched sentence of side 1 - x,
    or None when there is no such run or it should stay as it is."""
    y = 1 - x
    if not lone_line(beads[k], y):
        return None
    first_y = sides_of(beads[k], y)[0]
    for n in range(1, MAX_SHIFTED + 1):
        if k + n + 1 >= len(beads):
            return None
        pairs = beads[k + 1 : k + n + 1]
        if not all(b.kind == "1-1" for b in pairs):
            return None
        if not lone_line(beads[k + n + 1], x):
            continue
        xs = [sides_of(b, x)[0][0] for b in [*pairs, beads[k + n + 1]]]
        ys = [first_y[0]] + [sides_of(b, y)[0][0] for b in pairs]

        heading_x = [heading_at(lines, x, i) for i in xs]
        heading_y = [heading_at(lines, y, j) for j in ys]
        shifted_mixed = any(heading_x[i] != heading_y[i + 1] for i in range(n))
        labels = all(heading_x) and all(heading_y) and _before_provisions(beads, k + n + 2, lines)
        if not labels and (not shifted_mixed or heading_x != heading_y):
            return None
        unshifted = [lines.measured(x, (xs[i],), (ys[i],)) for i in range(n + 1)]
        if not labels and any((bead.similarity or 0.0) < null_similarity for bead in unshifted):
            return None
        return unshifted
    return None


def _before_provisions(beads: list[Bead], k: int, lines: Lines) -> bool:
    """Whether bead ``k`` pairs provisions, lines that are no headings on either side."""
    if k >= len(beads) or not beads[k].is_match:
        return False
    return _holds_no_heading(beads[k], lines)


def _holds_no_heading(bead: Bead, lines: Lines) -> bool:
    """Whether no line of the bead, on either side, is a heading."""
    return not any(heading_at(lines, x, i) for x in (0, 1) for i in sides_of(bead, x)[0])


#: What may follow the semicolon that ends an item ("…; and", « …; et »).
_ITEM_TAIL = re.compile(r";\s*(?:and|or|et|ou)?\s*$")
#: The first letter after a colon inside a line (lower case: an item opened by a lead-in).
_AFTER_COLON = re.compile(r":\s+(\w)")
#: A comma and a conjunction end an item too ("… comes into force, and"), never a lead-in.
_CONJOINED = re.compile(r",\s*(?:and|or|et|ou)\s*$")


def ends_open(text: str) -> bool:
    """Whether a line ends with no mark, neither a sentence's nor an item's ("…; or", "…, and"): a lead-in cut
    before its item ("… may not exceed", "No person shall")."""
    return not ends_sentence(text) and not _ends_item(text) and not _CONJOINED.search(text.strip())


def _ends_item(text: str) -> bool:
    """Whether a line ends as a list item does, with a semicolon (and a conjunction)."""
    return _ITEM_TAIL.search(text.strip()) is not None


def _single_item(text: str) -> bool:
    """Whether a line is one list item: in lower case, and no semicolon but the one that may end it."""
    text = _ITEM_TAIL.sub("", text.strip())
    return _item(text) and ";" not in text


def _item(text: str) -> bool:
    """Whether a line is a list item: it goes on with a sentence, in lower case."""
    return text.lstrip()[:1].islower()


def _lead_in(texts: Sequence[str], sentence: int) -> bool:
    """Whether a line starts a sentence that the next line, an item, goes on with, and holds no item itself:
    no semicolon ending one ("…; and"), no comma and conjunction ending one ("…, and"), no full stop. A
    line that ends with a colon holds none at its end; a semicolon before it joins two clauses of the
    lead-in (« … le participant autorisé; les conditions peuvent notamment exiger que … : »)."""
    text = texts[sentence].strip()
    followed = sentence + 1 < len(texts) and _item(texts[sentence + 1])
    # A colon introduces what follows even in a lead-in nested in an item (« il est entendu : »).
    opens = text[:1].isupper() or text.endswith(":")
    ends = text.endswith((".", "!", "?", "…")) or _CONJOINED.search(text) is not None
    return followed and opens and (";" not in text or text.endswith(":")) and not ends


def give_pairs_to_closer_lines(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with an unmatched line taking the partner of the 1-1 pair beside it when it says that
    partner better than the pair's own line does; the pair's line is left unmatched.

    When one version lost one of two neighbouring items or provisions that say much the same thing
    ("suspend rights or privileges ...", "modify or suspend the application ..."), the programme may pair the
    survivor's translation with the wrong one of the two. The two lines compete for one place: the one
    more similar to it takes it. Lines shorter than ``MIN_CHARS`` (headings, notes) are left as they are:
    their similarities are too close to rank ("Short Title" and "Short title" against « Titre abrégé »).
    """
    refined = list(beads)
    for k, bead in enumerate(refined):
        if bead.kind != "1-1" or bead.similarity is None:
            continue
        for x in (0, 1):
            if _give_partner(refined, k, x, lines):
                break
    return refined


def _give_partner(beads: list[Bead], k: int, x: int, lines: Lines) -> bool:
    """Pair bead ``k``'s other side, in place, with an unmatched line of side ``x`` beside it that says it
    better than the bead's own line, leaving that line unmatched; False when no such line stands there."""
    bead, texts = beads[k], lines.texts
    (mine,), (partner,) = sides_of(bead, x)
    for n in (k - 1, k + 1):
        if not 0 <= n < len(beads) or not lone_line(beads[n], x):
            continue
        (lone,) = sides_of(beads[n], x)[0]
        if min(len(texts[x][lone].encode()), len(texts[x][mine].encode())) < MIN_CHARS:
            continue
        negated = [_negated(texts[x][i]) for i in (mine, lone)]
        if negated[0] != negated[1] and negated[0] == _negated(texts[1 - x][partner]):
            continue  # "is permitted" / "is not permitted": the embeddings barely see a negation
        pair = lines.measured(x, (lone,), (partner,))
        if (pair.similarity or 0.0) > (bead.similarity or 0.0):
            beads[n], beads[k] = pair, lone_bead(mine, x)
            return True
    return False


#: Words that negate a clause, in French, English and German.
_NEGATION = re.compile(
    r"(?<!\w)(?:ne|n[’']|pas|aucune?|nulle?|jamais|sans|not|no|never|without|nor|cannot|nicht|kein(?:e[mnrs]?)?|nie|niemals|ohne)(?!\w)",
    re.IGNORECASE,
)


def _negated(text: str) -> bool:
    return _NEGATION.search(text) is not None
