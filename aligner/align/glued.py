"""Headings glued to a neighbouring line: give each to the bead whose line says it.

When one version runs a heading or marginal note into the line before it
("... of Canada. Federal institutions") or after it, the other version has
the heading on a line of its own (« Institutions fédérales »). The two ways
of cutting the beads then differ by two words against a whole provision,
which barely moves the embeddings' similarities, and the programme as often
as not gives the heading to the wrong neighbour.

The place of the words settles it: a heading glued to the end of a line is
said by that line's last words, one glued to its start by its first words.
A heading-like sentence at the edge of a bead is compared with the last
words of the line before it on the other side and with the first words of
the line after it; when one says the heading (cosine at least
``GLUED_FLOOR``) clearly better than the other (by ``GLUED_MARGIN``), the
heading moves into that bead. A translation that merely mentions the same
thing further inside a sentence does not count, nor does a line with no
break where the heading would end or its sentence start (no sentence end
before its last words, no capital or digit among its first words). A line that visibly ends
with a fragment after its last full stop (". Employees") has a heading
glued on: there the heading moves if those words say it at least as well as
the start of the line after, since a freely translated heading (« Postes »,
"Employees") resembles nothing much.

Two headings run together in one line ("DIVISION 2 Asian Infrastructure Investment Bank Agreement Act")
have no break between them at all: an unmatched heading joins the heading beside it when the other
side's line says both better than the one (:func:`join_run_on_headings`). A heading the programme
paired with another heading goes to the bead beside it when that bead's line runs in a heading that
says it better (:func:`pair_run_in_headings`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aligner.align.lines import Lines, lone_bead, side_ids, sides_of, unsaid_sum
from aligner.document import Bead
from aligner.embed import embed_unique
from aligner.text import TERMINAL, function_words, is_content_word

#: A heading's cosine with the words that say it must reach this.
GLUED_FLOOR = 0.5
#: ...and beat its cosine with the words at the other candidate place by this much.
GLUED_MARGIN = 0.1
#: A line with more words or characters than this, or with final punctuation, is no heading. French
#: headings run longer than English ones, in characters (« Présomption de remboursement — redevances sur
#: les combustibles », 63, for "Deemed rebate — fuel charges", 28) and in words: of the laws corpus's
#: French labels, 95% have 8 words at most and 98% 11 (« Non-application de la présente loi et de
#: l'Accord aux eaux », 10, for "Non-application of Act and Agreement to water", 7). Chosen over 8 on
#: every fold of DEV2 (``--grid aligner.align.glued.HEADING_WORDS=8,10``).
HEADING_WORDS = 10
HEADING_CHARS = 80
#: A stop that may end a sentence: final punctuation, a colon or a semicolon, then a space.
_STOP = re.compile(r"[.;:!?…][»”’)\]]*\s+")
#: Initials ("U.K.", « R.-U. », « É.-U. ») close with a full stop that ends no sentence: "Canada–U.K. Joint Committee".
_INITIALS = r"\b(?:[A-ZÀ-ÖØ-Þ]\.[-–]?){2,}"
#: Words that start a sentence when they have a capital: French and English function words.
_FUNCTION_WORDS = function_words("")
#: Articles: a noun phrase they open runs on past an adjective to its noun.
ARTICLES = frozenset(["the", "a", "an", "le", "la", "les", "l’", "un", "une", "des", "du"])
#: Capitalised words that open a provision, never a heading's second word, though no function words: the
#: prepositions and pronouns that legal drafting opens with (« Interdiction Sauf dans les cas prévus … »,
#: "Employees Nothing in this Act …").
PROVISION_OPENERS = frozenset(
    ["sauf", "malgré", "nul", "nulle", "quiconque", "rien", "except", "despite", "notwithstanding", "nothing", "every"]
)
#: Modal verbs, which a sentence has and a heading does not.
MODALS = frozenset(["may", "shall", "must", "peut", "peuvent", "doit", "doivent"])
#: Titles of address, after which a possessive keeps its capital inside a sentence.
_ADDRESSED = frozenset(["Majesty", "Majesté", "Excellency", "Excellence", "Honour", "Honneur"])


def reattach_glued_headings(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with every glued heading in the bead whose other side says it.

    Besides the known headings, any short line without final punctuation
    counts as a heading. A heading is looked at
    where the programme put it: first or last in a bead of two or more
    sentences on its side, unmatched between two matched beads, or unmatched
    beside an unmatched line of the other side, with the matched bead beyond
    that line. A line with one heading run into it, whose bead already pairs
    it with a heading at that edge, takes no second (« … visé à l'article 27.
    Peines » with "Sanctions", then "Offence": the French lost its note).
    """
    glue = _Glue(lines)
    beads = list(beads)
    for k in range(len(beads)):
        for x in (0, 1):
            if k + 1 < len(beads):
                beads[k], beads[k + 1] = glue.across(beads[k], beads[k + 1], x)
            if 0 < k < len(beads) - 1:
                beads[k - 1], beads[k], beads[k + 1] = glue.lone(beads[k - 1], beads[k], beads[k + 1], x)
            # An unmatched heading beside an unmatched line of the other side: the two may stand in either
            # order, so the heading may belong to the matched bead beyond that line.
            if k > 1 and lone_line(beads[k - 1], 1 - x) and side_ids(beads[k - 2], 1 - x):
                matched, heading, line = glue.lone(beads[k - 2], beads[k], beads[k - 1], x)
                if not (heading.src or heading.tgt):
                    beads[k - 2], beads[k - 1], beads[k] = matched, line, heading
            if k + 2 < len(beads) and lone_line(beads[k + 1], 1 - x) and side_ids(beads[k + 2], 1 - x):
                line, heading, matched = glue.lone(beads[k + 1], beads[k], beads[k + 2], x)
                if not (heading.src or heading.tgt):
                    beads[k], beads[k + 1], beads[k + 2] = line, heading, matched
    return [bead for bead in beads if bead.src or bead.tgt]


def glue_lone_heading(before: Bead, bead: Bead, after: Bead, x: int, lines: Lines) -> tuple[Bead, Bead, Bead]:
    """The three beads with ``bead``, an unmatched heading of side ``x`` between two matched beads, given to the
    one whose line says it, as :func:`reattach_glued_headings` gives it; unchanged when neither does."""
    return _Glue(lines).lone(before, bead, after, x)


def join_run_on_headings(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with an unmatched heading joined to a heading beside it (past an unmatched line of the other
    side, if need be) that the other side runs it into.

    Two headings joined in one line (a Part's label and its title, "DIVISION 2 Asian Infrastructure
    Investment Bank Agreement Act"; a heading and its marginal note, « Paiement Prélèvement sur le
    Trésor ») have no break between them, where :func:`reattach_glued_headings` looks for one. The other
    version has them on two lines, one paired with the joined line and the other left unmatched. The
    unmatched heading joins that pair when the joined line, a line of headings only, says both better
    than the one; a heading whose counterpart is lost adds nothing the line says ("Short Title" beside
    « Titre abrégé » / "Short title") and stays unmatched. (A margin of 0.02 or more on the cosine,
    tried on DEV2 and corpus-a, joined one of the four lines that no margin joins.) A line that visibly
    runs two headings, a capital after a lower-case content word (« Entrée en vigueur Décret »), takes
    the unmatched heading beside its bead of one heading even where the model knows neither rendering.
    """
    refined = list(beads)
    k = 0
    while k < len(refined):
        for x in (0, 1):
            joined = _run_on(refined, k, x, lines)
            if joined is not None:
                n, bead = joined
                refined[n] = bead
                del refined[k]
                k -= 1
                break
        k += 1
    return refined


def _run_on(beads: list[Bead], k: int, x: int, lines: Lines) -> tuple[int, Bead] | None:
    """Which neighbour bead ``k``, an unmatched heading of side ``x``, joins, and the joined bead; or None."""
    y = 1 - x
    if not lone_line(beads[k], x):
        return None
    (heading,) = side_ids(beads[k], x)
    if not _heading_line(lines, x, heading):
        return None
    best: tuple[float, int, Bead] | None = None
    for n in (k - 1, k + 1):
        # An unmatched line of the other side may stand between: a 1-0 and a 0-1 bead come in either order.
        if 0 <= n < len(beads) and 0 <= 2 * n - k < len(beads) and lone_line(beads[n], y):
            n = 2 * n - k
        if not 0 <= n < len(beads) or len(side_ids(beads[n], y)) != 1 or not side_ids(beads[n], x):
            continue
        ids, (line,) = side_ids(beads[n], x), side_ids(beads[n], y)
        if not all(_heading_line(lines, x, i) for i in ids):
            continue
        if not _runs_headings(lines.texts[y][line]) or len(ids) + 1 > lines.longest_run:
            continue
        if unsaid_sum(lines, x, heading, (line,)):
            continue  # a note that names a sum the line does not: another provision's (numbers.detach_by_numbers)
        joined = lines.measured(x, (*ids, heading) if n < k else (heading, *ids), (line,))
        gain = (joined.similarity or 0.0) - (beads[n].similarity or 0.0)
        # A heading and a line that visibly runs two: the model may know neither rendering (« Décret » /
        # "Order in council" 0.28), but the line holds a second heading and the bead only one.
        two = len(ids) == 1 and runs_two_headings(lines.texts[y][line])
        if (gain > 0 or two) and (best is None or gain > best[0]):
            best = (gain, n, joined)
    return None if best is None else (best[1], best[2])


def pair_lines_of_headings_with_headings(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with a line that runs two headings, paired with a line that is none, paired instead with the
    unmatched headings of the other side right before that line, when they say it better.

    A line of headings translates headings: « Loi sur le Bureau de transition … Édiction de la loi » says
    "Canadian Securities Regulation Regime Transition Office Act" and "Enactment of Act" (0.80), while the
    provision after them, "The … Act is enacted as follows:", names the same Act (0.75) and is left
    unmatched.
    """
    refined = list(beads)
    for k, bead in enumerate(refined):
        if bead.kind != "1-1":
            continue
        for x in (0, 1):
            (partner,), (line,) = sides_of(bead, x)
            if not runs_two_headings(lines.texts[1 - x][line]) or _heading_line(lines, x, partner):
                continue
            first = k
            while first > 0 and k - first < 2 and lone_line(refined[first - 1], x):
                first -= 1
            headings = tuple(side_ids(refined[n], x)[0] for n in range(first, k))
            if not headings or headings != tuple(range(partner - len(headings), partner)):
                continue
            if not all(_heading_line(lines, x, i) for i in headings):
                continue
            pair = lines.measured(x, headings, (line,))
            if (pair.similarity or 0.0) > (bead.similarity or 0.0):
                refined[first:k + 1] = [pair, *(Bead((), ()) for _ in headings[1:]), lone_bead(partner, x)]
                break
    return [bead for bead in refined if bead.src or bead.tgt]


def join_headings_run_into_items(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with an unmatched heading or lead-in joined to the pair after it, when the pair's line of
    the other side runs it into a list item.

    A list item opens in lower case in both versions ("receive and expend any moneys …"); its translation
    opening with a capital holds a note run into it (« Emploi d’argent recevoir et employer … »), which
    the note left unmatched before the pair translates. A lead-in (a line that ends with a colon, or a
    short one that introduces a list: :func:`introduces_list`) is run in the same way, when the line opens
    as a sentence does, with a function word ("It is recognized and declared that Canada and the United
    States have …" against « Les principes ci-après sont reconnus et proclamés : », « le Canada et les
    États-Unis ont … »): an item that opens with a name ("Canada and …") has a capital of its own.
    """
    refined = list(beads)
    texts = lines.texts
    for k in range(len(refined) - 1):
        for x in (0, 1):
            y = 1 - x
            lone, pair = refined[k], refined[k + 1]
            if not lone_line(lone, y) or pair.kind != "1-1":
                continue
            (heading,), ((line,), (item,)) = side_ids(lone, y), (side_ids(pair, x), side_ids(pair, y))
            if item != heading + 1:
                continue
            lead_in = texts[y][heading].rstrip().endswith(":") or introduces_list(texts[y], heading)
            opens_sentence = _opens_sentence(_bare(next(iter(texts[x][line].split()), "")))
            if not (_heading_line(lines, y, heading) or (lead_in and opens_sentence)):
                continue
            if not (_opens_lower(texts[y][item]) and _opens_upper(texts[x][line])):
                continue
            # A version that opens its items with a capital ("To succeed to …" against « succéder à … ») runs
            # no note into this one for that alone: the lines before, or after past a heading, tell.
            if _capitalises_items(lines, x, (line - 1, line + 1, line + 2), (heading - 1, item + 1, item + 2)):
                continue
            refined[k], refined[k + 1] = Bead((), ()), lines.measured(y, (heading, item), (line,))
    return [bead for bead in refined if bead.src or bead.tgt]


def _opens_upper(text: str) -> bool:
    return text.strip()[:1].isupper()


def _opens_lower(text: str) -> bool:
    return text.strip()[:1].islower()


def _capitalises_items(lines: Lines, x: int, places: Sequence[int], counterparts: Sequence[int]) -> bool:
    """Whether side ``x`` opens one of its lines at ``places`` with a capital where the other side's line at
    the same place of ``counterparts`` opens in lower case."""
    texts, other = lines.texts[x], lines.texts[1 - x]
    return any(
        0 <= i < len(texts) and 0 <= j < len(other) and _opens_upper(texts[i]) and _opens_lower(other[j])
        for i, j in zip(places, counterparts, strict=True)
    )


def pair_run_in_headings(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with a heading paired with a heading (or a provision) that says it less well than a heading
    run into the facing line of the bead beside it moved into that bead.

    A heading run into a line translates one heading ("… sections 352 to 358. Coming into Force" for « Entrée en
    vigueur »). When the programme paired the heading with another instead ("September 26, 2021", whose French
    was lost: 0.05), the run-in heading says it better (``GLUED_FLOOR`` at least, ``GLUED_MARGIN`` more than its
    partner, or as well when the partner is a full sentence). The partner left behind pairs with an unmatched
    heading of the other version beyond the bead, past an unmatched line of its own side if need be (« Contrôle
    d’application » for "Enforcement", once « Particuliers » joins "Individuals An individual who …"), or stays
    unmatched, for the glued headings' second look (:func:`reattach_glued_headings`). A provision left behind
    stays unmatched: the programme paired the heading with the provision after it ("Committee to advise
    designated Minister" with « Le ministre désigné peut constituer un comité … ») because the other version
    lost that provision's translation.
    """
    refined = list(beads)
    for k in range(len(refined)):
        for x in (0, 1):
            if _to_run_in(refined, k, x, lines):
                break
    return [bead for bead in refined if bead.src or bead.tgt]


def _to_run_in(beads: list[Bead], k: int, x: int, lines: Lines) -> bool:
    """Move side ``x``'s heading of the 1-1 heading pair ``k`` into a neighbour bead that runs it in, if one does."""
    y = 1 - x
    if beads[k].kind != "1-1":
        return False
    (heading,), (partner,) = sides_of(beads[k], x)
    if not _heading_line(lines, x, heading):
        return False
    # A heading paired with a provision that a run-in heading says better is no translation of it either.
    paired_with_heading = _heading_line(lines, y, partner)
    for n, far in ((k - 1, k + 1), (k + 1, k - 1)):
        if not 0 <= n < len(beads) or not beads[n].is_match:
            continue
        ids, other = sides_of(beads[n], x)
        edge = -1 if n < k else 0
        line = lines.texts[y][other[edge]]
        run_in = (closing_heading if n < k else _opening_heading)(line)
        # A line of two headings run together (« Dispositions transitoires, modifications corrélatives et
        # abrogation Dispositions transitoires ») runs in its second after the bead's own heading.
        second = n < k and not run_in and runs_two_headings(line)
        if second:
            run_in = _last_heading(line)
        # A line runs in one heading, and the bead's own heading at that edge, if any, is its.
        if not runs_one_heading(run_in) or len(ids) >= lines.longest_run:
            continue
        if _heading_line(lines, x, ids[edge]) and not second:
            continue
        says = embed_unique(lines.embedder, [lines.texts[x][heading], run_in, lines.texts[y][partner]])
        to_run_in, to_partner = float(says[0] @ says[1]), float(says[0] @ says[2])
        # A heading translates as a heading: against a full sentence, which may repeat the heading's words
        # ("… is authorized to construct and operate the bridge"), the run-in heading need only say it as well.
        margin = 0.0 if full_sentence(lines.texts[y][partner]) else GLUED_MARGIN
        if to_run_in < GLUED_FLOOR or to_run_in < to_partner + margin:
            continue
        beads[n] = lines.measured(x, (*ids, heading) if n < k else (heading, *ids), other)
        beads[k] = lone_bead(partner, y)
        # An unmatched line of the partner's side between them does not part them.
        for m in (far, 2 * far - k) if paired_with_heading else ():
            if not 0 <= m < len(beads):
                break
            if lone_line(beads[m], x) and _heading_line(lines, x, (beyond := sides_of(beads[m], x)[0])[0]):
                beads[m], beads[k] = Bead((), ()), lines.measured(x, beyond, (partner,))
                break
            if not lone_line(beads[m], y):
                break
        return True
    return False


def detach_lines_after_run_in_headings(beads: list[Bead], lines: Lines) -> list[Bead]:
    """The beads with the lines after a heading left unmatched where the other side ends with that heading
    run in and its next line is another heading.

    A heading is followed by its provision. A line that ends with a heading run in (« … dont le texte figure
    à l'annexe. Approbation ») before a line that is a heading (« Incompatibilité — principe ») lost that
    provision; the other version's heading ("Convention approved") pairs with the run-in one, and its
    provision ("The Convention is approved …"), which the model holds in the same bead for the words the two
    share, is the one the line lacks.
    """
    refined: list[Bead] = []
    for k, bead in enumerate(beads):
        for x in (0, 1):
            if (cut := _after_run_in_heading(beads, k, x, lines)) is not None:
                ids, other = sides_of(bead, x)
                refined += [lines.measured(x, ids[:cut], other), *(lone_bead(i, x) for i in ids[cut:])]
                break
        else:
            refined.append(bead)
    return refined


def _after_run_in_heading(beads: list[Bead], k: int, x: int, lines: Lines) -> int | None:
    """Where side ``x`` of bead ``k`` goes on past the heading that the other side's last line runs in at its
    end, its next line a heading (:func:`detach_lines_after_run_in_headings`); None when it does not."""
    y = 1 - x
    ids, other = sides_of(beads[k], x)
    if len(ids) < 3 or not other:
        return None
    run_in = closing_heading(lines.texts[y][other[-1]])
    # Past the bead, the other side's next line: after at most a lost line or two of side ``x``.
    following = next((side_ids(bead, y) for bead in beads[k + 1 : k + 4] if side_ids(bead, y)), ())
    if not runs_one_heading(run_in) or not following or not _heading_line(lines, y, following[0]):
        return None
    headings = [p for p, i in enumerate(ids) if _short_heading(lines, x, i)]
    # The last heading of the side, with a line before it and only lines that are no heading after it.
    heading = headings[-1] if headings else 0
    if not 0 < heading < len(ids) - 1:
        return None
    says = embed_unique(lines.embedder, [run_in, lines.texts[x][ids[heading]]])
    return heading + 1 if float(says[0] @ says[1]) >= GLUED_FLOOR else None


def _short_heading(lines: Lines, x: int, sentence: int) -> bool:
    """Whether sentence ``sentence`` of side ``x`` is a heading: known, or a short line read as one
    (:func:`_is_heading`); :func:`_heading_line` admits one of any length. A list's lead-in is none, though
    English writes it with no colon (:func:`introduces_list`)."""
    if sentence in lines.headings[x]:
        return True
    texts = lines.texts[x]
    return _is_heading(texts[sentence], sentence, lines.headings[x]) and not introduces_list(texts, sentence)


def introduces_list(texts: Sequence[str], sentence: int) -> bool:
    """Whether a short line is a list's lead-in: followed by a line in lower case, an item, and read as the
    start of a sentence, opening or ending with a function word ("A review panel must", "In sections 44 to
    48, agreement means"). A noun phrase there ("Criteria") is the heading of a list whose lead-in the
    version lacks."""
    words = texts[sentence].lower().split()
    sentence_start = bool(words) and (words[0] in _FUNCTION_WORDS or words[-1] in _FUNCTION_WORDS)
    return sentence + 1 < len(texts) and texts[sentence + 1][:1].islower() and sentence_start


def _heading_line(lines: Lines, x: int, sentence: int) -> bool:
    """Whether sentence ``sentence`` of side ``x`` is a heading, known or read as one, of any length: an Act's
    title or a list of bodies is longer than most (« Groupes spéciaux, comités, sous-comités, groupes de
    travail et groupes d’experts »)."""
    return sentence in lines.headings[x] or _runs_headings(lines.texts[x][sentence])


def _runs_headings(line: str) -> bool:
    """Whether a line holds headings only, perhaps two run together: a capital or digit first, no sentence
    end, no modal verb (« Le gouverneur en conseil peut établir des règlements … », a lead-in), and no more
    words or characters than two headings have."""
    line = line.strip()
    return (
        (line[:1].isupper() or line[:1].isdigit())
        and not ends_sentence(line)
        and not _has_modal(line.split())
        and word_count(line) <= 2 * HEADING_WORDS
        and len(line) <= 2 * HEADING_CHARS
    )


def lone_line(bead: Bead, x: int) -> bool:
    """Whether the bead is one sentence of side ``x``, unmatched."""
    return len(side_ids(bead, x)) == 1 and not side_ids(bead, 1 - x)


class _Glue:
    """Where each heading belongs, and the beads rebuilt around it."""

    def __init__(self, lines: Lines) -> None:
        self.lines = lines
        self.texts, self.embedder, self.headings = lines.texts, lines.embedder, lines.headings

    def across(self, before: Bead, after: Bead, x: int) -> tuple[Bead, Bead]:
        """Move the heading at the start of ``after`` to the end of ``before``, or back the other way."""
        y = 1 - x
        if not side_ids(before, y) or not side_ids(after, y):
            return before, after
        first, last = side_ids(after, x)[:1], side_ids(before, x)[-1:]
        if len(side_ids(after, x)) >= 2 and self._place(first[0], x, before, after) == "before":
            moved = self._rebuilt((before, side_ids(before, x) + first), (after, side_ids(after, x)[1:]), x=x)
            return (moved[0], moved[1]) if moved else (before, after)
        if len(side_ids(before, x)) >= 2 and self._place(last[0], x, before, after) == "after":
            moved = self._rebuilt((before, side_ids(before, x)[:-1]), (after, last + side_ids(after, x)), x=x)
            return (moved[0], moved[1]) if moved else (before, after)
        return before, after

    def lone(self, before: Bead, bead: Bead, after: Bead, x: int) -> tuple[Bead, Bead, Bead]:
        """Give an unmatched heading between two matched beads to the one whose line says it.

        Not beside an unmatched heading of the other side: the two translate each other however little the
        model sees it (« Plafonds », "Maximum liability"), and a line that opens on the heading's subject
        (« La responsabilité de Sa Majesté ne peut excéder : ») has none run into it.
        """
        y = 1 - x
        ids = side_ids(bead, x)
        if len(ids) != 1 or side_ids(bead, y) or not side_ids(before, y) or not side_ids(after, y):
            return before, bead, after
        if any(lone_line(b, y) and _short_heading(self.lines, y, side_ids(b, y)[0]) for b in (before, after)):
            return before, bead, after
        place = self._place(ids[0], x, before, after)
        if place == "before" and (rebuilt := self._rebuilt((before, side_ids(before, x) + ids), x=x)):
            return rebuilt[0], Bead((), ()), after
        if place == "after" and (rebuilt := self._rebuilt((after, ids + side_ids(after, x)), x=x)):
            return before, Bead((), ()), rebuilt[0]
        return self._inside(before, bead, after, x)

    def _inside(self, before: Bead, bead: Bead, after: Bead, x: int) -> tuple[Bead, Bead, Bead]:
        """Give an unmatched heading to the bead before it when the line before that bead's last one on the
        other side has the heading run in at its end: the line after a heading follows it, so it leaves the
        bead, unmatched (the provision the heading labels was lost on the heading's side).

        « … l'emportent sur celles de la présente loi. » and « Primauté de la présente loi » against "… between
        them. Conflict with Act" and "This Act prevails over any other federal law …": the model pairs the
        provision with both English lines, and the French heading is left alone.
        """
        y = 1 - x
        heading, others = side_ids(bead, x)[0], side_ids(before, y)
        if len(others) < 2 or not closing_heading(self.texts[y][others[-2]]):
            return before, bead, after
        cut = self.lines.measured(x, side_ids(before, x), others[:-1])
        if self._place(heading, x, cut, after) != "before":
            return before, bead, after
        rebuilt = self._rebuilt((cut, (*side_ids(before, x), heading)), x=x)
        return (rebuilt[0], lone_bead(others[-1], y), after) if rebuilt else (before, bead, after)

    def _place(self, heading: int, x: int, before: Bead, after: Bead) -> str | None:
        """Where the heading belongs: "before" when the end of ``before``'s other side says it, "after" when the
        start of ``after``'s does, None when neither clearly does."""
        y = 1 - x
        text = self.texts[x][heading]
        if not _short_heading(self.lines, x, heading):
            return None
        line_before, line_after = side_ids(before, y)[-1], side_ids(after, y)[0]
        # A heading run into a line translates one heading: when the bead already pairs that line with a
        # heading at that edge, a second one goes elsewhere, unless the line visibly runs two.
        tail, opening = closing_heading(self.texts[y][line_before]), _opening_heading(self.texts[y][line_after])
        taken_before = self._spoken_for(before, x, -1, heading, tail)
        taken_after = self._spoken_for(after, x, 0, heading, opening)
        glued_before = bool(tail) and not taken_before and not _short_heading(self.lines, y, line_before)
        glued_after = bool(opening) and not taken_after and not _short_heading(self.lines, y, line_after)
        # The text alone settles it when only one of the two lines has a heading run into it.
        if glued_before != glued_after:
            return "before" if glued_before else "after"
        words = len(text.split())
        # Without a break where a heading could end or a sentence start, no heading is run into a line.
        # A line that ends as a sentence has no heading run in at its end: a heading ends with no mark.
        may_before = glued_before or (
            not taken_before and not ends_sentence(self.texts[y][line_before])
            and _after_last_sentence(self.texts[y][line_before].strip())
        )
        # A note that says its own provision's first words ("Sections 410, 429 and 442") is said by any
        # translation of that provision's opening: only the text may glue it there.
        own = side_ids(after, x)
        opening_words = self.texts[y][line_after].split()
        says_own_opening = bool(own) and opens_with_words(self.texts[x][own[0]], text)
        may_after = glued_after or (
            not taken_after and not says_own_opening and not opens_with_own_label(self.texts[y][line_after])
            and any(not numbers_division(opening_words, k) for k in sentence_starts(self.texts[y][line_after], words))
        )
        windows = [_last(self.texts[y][line_before], words), _first(self.texts[y][line_after], words)]
        own_opening = _first(self.texts[x][own[0]], words) if own else text
        vectors = embed_unique(self.embedder, [text, *windows, own_opening])
        # Function words alone ("The" for « Décret ») translate no heading, whatever their cosine.
        end_of_before, start_of_after = (
            float(vectors[0] @ vectors[i]) if _has_content(windows[i - 1]) else -1.0 for i in (1, 2)
        )
        if may_before and self._says(line_before, y, end_of_before, start_of_after, glued=glued_before):
            return "before"
        # Opening words that say the heading's own provision's opening better are that opening ("Powers of the
        # Minister of Labour" against « Le ministre du Travail peut … », "The Minister of Labour may").
        if not glued_after and float(vectors[2] @ vectors[3]) > start_of_after:
            return None
        if may_after and self._says(line_after, y, start_of_after, end_of_before, glued=False):
            return "after"
        return None

    def _spoken_for(self, bead: Bead, x: int, edge: int, heading: int, glued: str) -> bool:
        """Whether side ``x`` of ``bead`` already has, at ``edge``, a heading other than ``heading`` facing the
        heading ``glued`` there on the other side, which runs no two headings."""
        ids = side_ids(bead, x)
        return (
            bool(ids) and ids[edge] != heading
            and _short_heading(self.lines, x, ids[edge])
            and runs_one_heading(glued)
        )

    def _says(self, line: int, y: int, says: float, rival: float, *, glued: bool) -> bool:
        """Whether sentence ``line`` of side ``y`` says the heading: ``says`` against the other place's ``rival``."""
        if _short_heading(self.lines, y, line):
            return False  # a heading of its own has nothing glued to it
        if says < rival:
            return False
        return glued or (says >= GLUED_FLOOR and says >= rival + GLUED_MARGIN)

    def _rebuilt(self, *changes: tuple[Bead, tuple[int, ...]], x: int) -> tuple[Bead, ...] | None:
        """Each bead with side ``x`` now the given ids, its similarity measured again.

        None when a bead would hold a run longer than any the embeddings hold.
        """
        rebuilt = []
        for bead, ids in changes:
            other = side_ids(bead, 1 - x)
            if max(len(ids), len(other)) > self.lines.longest_run:
                return None
            rebuilt.append(self.lines.measured(x, ids, other))
        return tuple(rebuilt)


def _is_heading(text: str, sentence_id: int, headings: frozenset[int]) -> bool:
    text = text.strip()
    if sentence_id in headings:
        return True
    short = len(text) <= HEADING_CHARS and word_count(text) <= HEADING_WORDS
    # "... une seule fois. Intérim" is a sentence with a heading run on, not a heading.
    return bool(text) and short and not ends_sentence(text) and not ends_with_heading(text)


#: "etc." closes the list of a marginal note ("Contracts, etc.", "Benefits cannot be charged, etc."), and
#: initials or a company's suffix close a name ("Payment out of C.R.F.", "Canada Health Infoway Inc."): neither
#: ends a sentence.
_ABBREVIATION_END = re.compile(rf"(?:\betc\.|\b(?:Inc|Ltd|Ltée)\.|{_INITIALS})\s*$")
_INITIALS_END = re.compile(rf"{_INITIALS}$")


def ends_with_stop(text: str) -> bool:
    """Whether ``text`` ends with final punctuation other than a marginal note's "etc." or initials."""
    text = text.strip()
    return TERMINAL.search(text) is not None and _ABBREVIATION_END.search(text) is None


def ends_sentence(text: str) -> bool:
    """Whether a line ends as a sentence or a clause does: with final punctuation (:func:`ends_with_stop`),
    or with a comma ("In this Act,"); a heading does not."""
    return ends_with_stop(text) or text.strip().endswith(",")


def word_count(text: str) -> int:
    """The words of ``text``; a dash or other mark standing alone is none."""
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


def ends_with_heading(line: str) -> bool:
    """Whether ``line`` ends with a heading glued after its last sentence (". Orders re Article XIII.18").

    The words after the last full stop (or semicolon...) and space start with a capital or a digit and
    make no sentence: no final punctuation, no more than twice a heading's words (a translated heading
    may be longer than the other version's).
    """
    return bool(closing_heading(line))


def closing_heading(line: str) -> str:
    """The heading glued after the last sentence of ``line`` (:func:`ends_with_heading`); "" when none."""
    line = line.strip()
    words = _after_last_sentence(line)
    if not words:
        return ""
    # A French marginal note may hold a spaced colon (« Conflits : présente loi »): it opens before the colon,
    # with its subject, not with a function word as a sentence does (« Le ministre peut : nommer … »).
    head = line[: len(line) - len(words)]
    subject = _after_last_sentence(head[:-3]) if head.endswith(" : ") else ""
    if subject and subject.split()[0].casefold() not in _FUNCTION_WORDS:
        words = f"{subject} : {words}"
    first = words.lstrip("\"“«‘'( ")[:1]  # a note may open with the term it defines: "Law of Canada" defined
    glued = (first.isupper() or first.isdigit()) and len(words.split()) <= 2 * HEADING_WORDS
    return words if glued and not ends_sentence(words) else ""


def _after_last_sentence(line: str) -> str:
    """The words of ``line`` after its last stop (final punctuation, a colon or a semicolon, then a space);
    "" when there are none."""
    ends = [stop.end() for stop in _STOP.finditer(line) if not _INITIALS_END.search(line[: stop.start() + 1])]
    return line[ends[-1] :] if ends else ""


def opens_with_heading(line: str) -> bool:
    """Whether ``line`` opens with a heading glued before its first sentence ("Décret Les articles ...").

    A function word with a capital ("Les", "The", "Sous", "For") starts a sentence: when one follows the
    first few words, those words are a heading run into the sentence. A title of address ("Her Majesty",
    « Sa Majesté ») is no sentence start.
    """
    return bool(_opening_heading(line))


def runs_heading_into_sentence(line: str) -> bool:
    """Whether ``line`` opens with a heading run into a sentence (:func:`opens_with_heading`) whose rest reads as
    a sentence's start ("Idem An agreement may include …"), not as a second heading ("Acquisition and holding
    of property Disposal of property", a heading and its note on one line)."""
    heading = _opening_heading(line)
    return bool(heading) and reads_as_sentence(line[len(heading) :].strip())


def opens_with_own_label(line: str) -> bool:
    """Whether ``line`` opens with a label of its own set off by a colon, a few words with a capital first, and
    its sentence goes on after it (« Titre abrégé : Loi sur … »).

    Such a label is the sentence's own wording ("This Act may be cited as"), not the other version's marginal
    note run in: a note run into a line is joined to it with no mark, and a note that holds a colon of its own
    is followed by its provision's first sentence (« Contenu : document visé à l'alinéa (1)d) Le document … »).
    """
    words = line.split()
    colon = next((k for k, word in enumerate(words[: HEADING_WORDS + 1]) if word.endswith(":")), None)
    if colon is None or colon + 1 >= len(words) or not words[0][:1].isupper():
        return False
    return not any(_opens_sentence(_bare(word)) for word in words[colon + 1 : colon + 1 + HEADING_WORDS])


def full_sentence(line: str) -> bool:
    """Whether a line is a sentence and nothing else: final punctuation, and no heading run in before it."""
    return ends_with_stop(line) and not opens_with_heading(line)


def reads_as_sentence(line: str) -> bool:
    """Whether a line reads as a sentence's start, as no heading does: its first word opens one
    (:func:`_opens_sentence`: "The Minister of Labour may", « Le ministre peut … : »), or it holds a modal verb
    ("Subject to subsection (2), the Minister shall")."""
    words = line.split()
    return bool(words) and (_opens_sentence(_bare(words[0])) or _has_modal(words))


def _opens_sentence(bare: str) -> bool:
    """Whether a word, its marks stripped (:func:`_bare`), opens a sentence: a function word or one of the
    PROVISION_OPENERS, with a capital."""
    return bare[:1].isupper() and (bare.lower() in _FUNCTION_WORDS or bare.lower() in PROVISION_OPENERS)


def _opening_heading(line: str) -> str:
    """The heading glued before the first sentence of ``line`` (:func:`opens_with_heading`); "" when none."""
    words = line.split()
    for k in range(1, min(len(words) - 1, HEADING_WORDS + 1)):
        word, following = words[k], words[k + 1]
        if ends_with_stop(words[k - 1]):
            return ""  # the opening words already make a sentence: no heading
        bare = _bare(word)
        if designation(word) or following in _ADDRESSED:
            continue
        if _opens_sentence(bare):
            return " ".join(words[:k])
        # A capital after a verb opens a name ("may support Indigenous bodies"), not a sentence: words with
        # a modal in them make a sentence's start, no heading.
        if _starts_anew(words, k) and not _has_modal(words[:k]):
            return " ".join(words[:k])
    return ""


def _bare(word: str) -> str:
    # A comma may follow a sentence's first word (« Quand, en vertu du contrat … »).
    return word.strip("«»“”\"'’(").rstrip(",;:").split("’")[0].split("'")[0]


def _starts_anew(words: list[str], k: int) -> bool:
    """Whether word ``k``, a capital right after a lower-case word that is no function word with no mark
    between, starts a new sentence or heading ("Travel, living and other expenses Members of those
    committees ...", « Entrée en vigueur Décret »): names come after an article or a preposition ("the
    Minister", "of Canada"), defined terms after a comma (« de la présente partie, Accord s'entend »),
    and neither after an adjective that an article or a comma opens ("of the new Act", « de la nouvelle Loi »,
    « l'accord fiscal Canada », "In sections 26 and 27, former Corporation means")."""
    bare, previous = _bare(words[k]), words[k - 1]
    after_content = previous[:1].islower() and previous.isalpha() and previous.lower() not in _FUNCTION_WORDS
    # An elided article opens its noun in the same word: « l'accord fiscal Canada — Koweït ».
    opener = words[k - 2].lower() if k >= 2 else ""
    in_name = opener in ARTICLES or opener[:2] in ("l’", "l'") or opener.endswith(",")
    return bare[:1].isupper() and bare.isalpha() and after_content and not in_name and not designation(words[k])


#: Words that name a division of an Act or a document: a number after one completes a reference.
DIVISIONS = frozenset([
    "section", "sections", "subsection", "subsections", "paragraph", "paragraphs", "subparagraph",
    "subparagraphs", "clause", "part", "schedule", "chapter", "item", "rule", "article", "articles", "paragraphe",
    "paragraphes", "alinéa", "alinéas", "sous-alinéa", "sous-alinéas", "partie", "annexe", "chapitre", "règle",
])


def numbers_division(words: list[str], k: int) -> bool:
    """Whether word ``k``, a number, numbers the division the word before it names ("subsection 16(2)",
    « l'alinéa 16(2) »): a reference, where no sentence starts."""
    named = re.split(r"[’']", words[k - 1])[-1].lower() if k else ""
    return words[k][:1].isdigit() and named in DIVISIONS


def designation(word: str) -> bool:
    """Whether a word is one capital letter that names a division ("section C", « annexe B »), not a sentence's
    first word: but for the article, « À » or "A" ("Offence A person who …"), and an elided one, which opens
    its noun in the same word (« Attributions de l'arbitre L'arbitre est investi … »)."""
    bare = word.strip("«»“”\"(),;:.")
    return len(bare) == 1 and bare not in "AÀ"


def runs_one_heading(glued: str) -> bool:
    """Whether a heading run into a line (:func:`closing_heading`) is one heading, not two run together: the
    one heading it translates on the other side."""
    return bool(glued) and not runs_two_headings(glued)


def runs_two_headings(line: str) -> bool:
    """Whether a line of headings runs two together (:func:`_starts_anew`): « Entrée en vigueur Décret »; or
    says a word twice in a row, which no heading does, a note that repeats its heading's last word run in
    after it ("Protected Loan Limit Limit"), or its first word again with a capital (:func:`_opens_again`)."""
    words = line.split()
    return _runs_headings(line) and bool(_heading_starts(words))


def _heading_starts(words: list[str]) -> list[int]:
    """Where, in a line of headings, a heading after the first starts (:func:`runs_two_headings`)."""
    anew = (_starts_anew, _said_again, _opens_again)
    return [k for k in range(1, len(words)) if any(starts(words, k) for starts in anew)]


def _last_heading(line: str) -> str:
    """The last of the headings a line runs together (:func:`runs_two_headings`)."""
    words = line.split()
    starts = _heading_starts(words)
    return " ".join(words[starts[-1] :]) if starts else ""


def _has_modal(words: list[str]) -> bool:
    """Whether some of ``words`` is a modal verb (``MODALS``), which makes a sentence, never a heading."""
    return any(word.lower() in MODALS for word in words)


def _said_again(words: list[str], k: int) -> bool:
    """Whether word ``k``, a word of letters, repeats the word before it, in the plural or not (« Décrets
    Décret : article 22.13 », a heading and its note)."""
    said, before = words[k].casefold(), words[k - 1].casefold()
    return words[k].isalpha() and said.removesuffix("s") == before.removesuffix("s")


def _opens_again(words: list[str], k: int) -> bool:
    """Whether word ``k``, a capitalised word of letters, says the line's first word again: a heading names
    its subject once, so the word opens a note run in after it (« Attributions du ministre Attributions »)."""
    return k >= 2 and words[k][:1].isupper() and words[k].isalpha() and words[k].casefold() == words[0].casefold()


def sentence_starts(line: str, heading_words: int) -> list[int]:
    """Where, among the first words of ``line``, a sentence could start after a heading of
    ``heading_words`` words translated a little longer: the positions of the words with a capital or
    a digit."""
    words = line.split()
    limit = min(len(words) - 1, 2 * heading_words + 3)
    return [k for k in range(1, limit + 1) if words[k][:1].isupper() or words[k][:1].isdigit()]


def _has_content(words: str) -> bool:
    """Whether some word of ``words``, its punctuation aside, carries meaning (:func:`is_content_word`)."""
    return any(is_content_word(word.strip(".,;:()«»“”\"'’—–-"), _FUNCTION_WORDS) for word in words.split())


def same_words(a: str, b: str) -> bool:
    """Whether two texts say the same words, case aside."""
    return a.split() != [] and [w.casefold() for w in a.split()] == [w.casefold() for w in b.split()]


def opens_with_words(text: str, label: str) -> bool:
    """Whether ``text`` opens with the words of ``label``, case aside (:func:`same_words`)."""
    return same_words(label, _first(text, len(label.split())))


def _last(text: str, words: int) -> str:
    return " ".join(text.split()[-words:])


def _first(text: str, words: int) -> str:
    return " ".join(text.split()[:words])
