"""Clauses and words said on one side only: the leave-one-out tests with the bundled model."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.checks.clauses import check_pairs, clause_spans, unsaid_words, without
from aligner.embed import load_embedder

OMITTED = (
    "Les ministres ont discuté de la menace persistante que représente le terrorisme — et d’autres formes "
    "d’extrémisme violent — pour leurs collectivités.",
    "Ministers discussed the persistent threat that terrorism poses to their communities.",
)
FAITHFUL = (
    "Les ministres ont convenu de renforcer l’échange de renseignements, notamment sur les combattants "
    "terroristes étrangers, et de protéger les infrastructures essentielles.",
    "Ministers agreed to strengthen intelligence sharing, including on foreign terrorist fighters, "
    "and to protect critical infrastructure.",
)
ADDED = (
    "Le groupe de travail présentera son rapport au printemps.",
    "The working group, which includes representatives of the private sector, will present its report in the spring.",
)


@pytest.fixture(scope="module")
def embedder():
    return load_embedder()


def test_clauses_are_cut_at_the_punctuation_that_marks_them() -> None:
    text = OMITTED[0]
    assert [text[a:b] for a, b in clause_spans(text)] == [
        "Les ministres ont discuté de la menace persistante que représente le terrorisme",
        "et d’autres formes d’extrémisme violent",
        "pour leurs collectivités.",
    ]
    assert without("un, deux trois, quatre", (4, 14)) == "un, quatre"
    assert clause_spans("Attributions") == []


def test_a_clause_missing_from_the_english_is_found_and_quoted(embedder) -> None:
    omitted, faithful, added = check_pairs([OMITTED, FAITHFUL, ADDED], embedder)
    assert [(u.side, OMITTED[0][u.start : u.end]) for u in omitted.unsaid] == [
        ("src", "et d’autres formes d’extrémisme violent")
    ]
    assert faithful.unsaid == ()
    assert [(u.side, ADDED[1][u.start : u.end]) for u in added.unsaid] == [
        ("tgt", "which includes representatives of the private sector")
    ]
    assert omitted.gain > faithful.gain


def test_unsaid_words_cover_the_missing_words_and_little_else(embedder) -> None:
    (src_spans, _tgt_spans), (faithful_src, faithful_tgt) = unsaid_words([OMITTED, FAITHFUL], embedder)
    marked = " ".join(OMITTED[0][a:b] for a, b in src_spans)
    assert "extrémisme" in marked
    assert len(marked) < len(OMITTED[0]) * 2 / 3
    assert sum(b - a for a, b in faithful_src + faithful_tgt) < sum(map(len, FAITHFUL)) / 4


def test_the_laws_omissions_and_planted_clauses_are_found() -> None:
    """The divergence benchmark's two laws-fr-en DEV sets, as a guard against regressions.

    The figures themselves are the benchmark's (make bench-divergence); the
    floors here sit well below them.
    """
    from tests.conftest import bench_module, shared_path

    shared_path("data/laws-fr-en-dev/omissions.tsv")
    divergence_bench = bench_module("divergence_bench")
    unmatched = divergence_bench.unmatched_scores()
    assert unmatched["correct"] == unmatched["expected"] == unmatched["found"]
    planted = divergence_bench.partial_scores()
    assert planted["planted"] >= 20
    assert planted["recall"] >= 0.35 and planted["precision"] >= 0.5


# A provision whose English lost words that make no clause of the French, among faithful ones.
CUT = (
    "Le Musée ne peut disposer de ses biens qu’aux conditions fixées pour leur acquisition ou leur détention "
    "par le conseil d’administration et approuvées au préalable par le Conseil du Trésor.",
    "The Museum may not deal with its property.",
)
FAITHFUL_LAWS = [
    ("Le ministre peut conclure des accords avec les provinces.",
     "The Minister may enter into agreements with the provinces."),
    ("Le président est nommé à titre amovible.", "The President holds office during pleasure."),
    ("Le siège de l’Agence est fixé à Ottawa.", "The head office of the Agency is in Ottawa."),
    ("Le conseil se réunit au moins deux fois par an.", "The Board shall meet at least twice a year."),
    ("La présente loi lie Sa Majesté du chef du Canada.", "This Act is binding on Her Majesty in right of Canada."),
    ("Le ministre dépose un rapport annuel au Parlement.", "The Minister shall table an annual report in Parliament."),
    ("Les membres reçoivent la rémunération fixée par le gouverneur en conseil.",
     "Members shall be paid the remuneration fixed by the Governor in Council."),
    ("Le conseil peut prendre des règlements administratifs.", "The Board may make by-laws."),
    ("Le vérificateur général vérifie les comptes de l’Agence.",
     "The Auditor General shall audit the accounts of the Agency."),
]


def _document_findings(pairs: list[tuple[str, str]], threshold: float | None) -> list:
    from pathlib import Path

    from aligner.checks import run_checks
    from aligner.document import Alignment, Bead, Block, Document, Sentence

    def document(texts: list[str], lang: str) -> Document:
        blocks = [Block("p", text, text) for text in texts]
        return Document(Path(f"act.{lang}"), lang, blocks, [Sentence(i, t, i) for i, t in enumerate(texts)])

    source, target = document([fr for fr, _ in pairs], "fr"), document([en for _, en in pairs], "en")
    beads = [Bead((i,), (i,), 0.8) for i in range(len(pairs))]
    alignment = Alignment(source, target, beads, "use")
    comparison = run_checks(alignment, load_embedder(), threshold, checks=("clauses",))
    return [finding for finding in comparison.findings if finding.kind.startswith("partial")]


def test_words_a_document_says_on_one_side_only_are_a_partial_omission() -> None:
    findings = _document_findings([*FAITHFUL_LAWS, CUT], threshold=None)
    assert [(f.kind, f.src) for f in findings] == [("partial_omission", (len(FAITHFUL_LAWS),))]
    assert "fence" in findings[0].evidence
    quoted = " ".join(CUT[0][start:end] for start, end in findings[0].src_spans)
    assert "Trésor" in quoted and "Musée" not in quoted


def test_pairs_from_no_one_document_are_not_judged_by_a_document_fence() -> None:
    findings = _document_findings([*FAITHFUL_LAWS, CUT], threshold=0.5)
    assert not [f for f in findings if "fence" in f.evidence]


def test_a_heading_line_of_an_unstructured_document_is_not_tested_for_clauses() -> None:
    from pathlib import Path

    from aligner.checks.base import AlignedPair
    from aligner.document import Alignment, Bead, Block, Document, Sentence
    from aligner.embed.cache import EmbeddingCache

    pairs = [("Dispositions transitoires", "Transitional Provisions"), FAITHFUL_LAWS[0]]

    def document(texts: list[str], lang: str) -> Document:
        blocks = [Block("p", text, text) for text in texts]
        return Document(Path(f"act.{lang}"), lang, blocks, [Sentence(i, t, i) for i, t in enumerate(texts)])

    source, target = document([fr for fr, _ in pairs], "fr"), document([en for _, en in pairs], "en")
    alignment = Alignment(source, target, [Bead((0,), (0,), 0.8), Bead((1,), (1,), 0.9)], "use")
    within_a_document = AlignedPair(alignment, EmbeddingCache(load_embedder()))
    assert within_a_document.read_as_headings == [True, False]
    # Pairs from no one document (compare) are judged as they stand.
    assert AlignedPair(alignment, EmbeddingCache(load_embedder()), 0.5).read_as_headings == [False, False]


# --- The other side's words as a lexicon (aligner.checks.cover) ---------------------------

# The English lost an inner clause of four words or more.
CUT_INNER = (
    "Le ministre peut, avec l’approbation du gouverneur en conseil et après consultation des provinces, "
    "conclure des accords avec tout gouvernement étranger.",
    "The Minister may enter into agreements with any foreign government.",
)


def test_a_clause_whose_words_the_other_side_does_not_render_is_unsaid() -> None:
    from aligner.checks.cover import UNSAID, clause_covers

    french = CUT_INNER[0]
    (covers,) = clause_covers([CUT_INNER], [clause_spans(french)], ("fr", "en"), load_embedder())
    unsaid = [french[c.start : c.end] for c in covers if UNSAID.holds(c)]
    assert unsaid == ["avec l’approbation du gouverneur en conseil et après consultation des provinces"]
    faithful = FAITHFUL_LAWS[0]
    (covers,) = clause_covers([faithful], [clause_spans(faithful[0])], ("fr", "en"), load_embedder())
    assert not any(UNSAID.holds(c) for c in covers)


def test_each_word_of_the_other_side_renders_one_word_only() -> None:
    from aligner.checks.cover import clause_covers

    # "the Minister" said once does not cover « ministre » twice: the clause's words choose last.
    pair = ("Le ministre, ou le ministre délégué, signe l’accord.", "The Minister signs the agreement.")
    (covers,) = clause_covers([pair], [clause_spans(pair[0])], ("fr", "en"), load_embedder())
    middle = next(c for c in covers if pair[0][c.start : c.end] == "ou le ministre délégué")
    assert middle.unrendered == 2 and middle.rest_rendered == middle.rest_words == 3


class _TableEmbedder:
    """Word vectors given by hand, so that a test sets the cosines it needs exactly."""

    name = "table"

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        self.vectors = vectors

    def encode(self, texts):
        return np.array([self.vectors[text] for text in texts], dtype=np.float32)


def test_a_word_is_rendered_by_its_closest_counterpart_not_by_a_neighbour_written_first() -> None:
    from aligner.checks.cover import ClauseCover, clause_covers

    # "entry" renders « entrée » (0.88) better than « suivant » (0.43), both over the floor: the closest pair
    # goes first, however the text orders the words, and the clause « entrée » is rendered.
    vectors = {
        "entry": [1.0, 0.0, 0.0],
        "entrée": [0.88, float(np.sqrt(1 - 0.88**2)), 0.0],
        "suivant": [0.43, 0.0, float(np.sqrt(1 - 0.43**2))],
    }
    pair = ("suivant entrée", "entry")
    (covers,) = clause_covers([pair], [[(8, 14)]], ("fr", "en"), _TableEmbedder(vectors))
    assert covers == [ClauseCover(8, 14, words=1, unrendered=0, rest_words=1, rest_rendered=0)]


def test_a_pointing_word_after_a_determiner_needs_no_rendering() -> None:
    from aligner.checks.cover import clause_covers

    # « la présente loi » is "this Act": « présente » points, as "this" (a function word) does; after a noun
    # it means what it says.
    pair = ("Le ministre applique la présente loi, conformément aux règlements.",
            "The Minister administers this Act in accordance with the regulations.")
    (covers,) = clause_covers([pair], [clause_spans(pair[0])], ("fr", "en"), load_embedder())
    assert [(c.words, c.unrendered) for c in covers] == [(3, 0), (2, 0)]


def test_a_clause_of_the_leave_one_out_test_stands_only_with_some_of_its_own_words_unrendered() -> None:
    # Cutting « dont le texte figure à l'annexe » raises the similarity, and « Pour l'application » has a
    # word unrendered ("In this Act"); but "set out in the schedule" renders the clause itself.
    pair = (
        "Pour l’application de la présente loi, Convention s’entend de la convention conclue entre le "
        "gouvernement du Canada et le gouvernement du Royaume de Norvège, dont le texte figure à l’annexe.",
        "In this Act, Convention means the Convention between the Government of Canada and the Government of "
        "the Kingdom of Norway set out in the schedule.",
    )
    assert not _document_findings([*FAITHFUL_LAWS, pair], threshold=None)
    # A clause the English lacks is still found by the same test (CUT_INNER, above).
    assert _document_findings([*FAITHFUL_LAWS, CUT_INNER], threshold=None)


def test_a_clause_of_the_leave_one_out_test_reworded_but_for_one_word_stands_not(monkeypatch) -> None:
    import aligner.checks.clauses as clauses

    # « texte » has no rendering in "as follows", « suit » has: one word of the clause, a rewording.
    pair = ("Est édictée la Loi canadienne sur l’épargne-invalidité, dont le texte suit :",
            "The Canada Disability Savings Act is enacted as follows:")
    assert not _document_findings([*FAITHFUL_LAWS, pair], threshold=None)
    monkeypatch.setattr(clauses, "OWN_UNRENDERED", 1)
    assert "dont le texte suit" in _document_findings([*FAITHFUL_LAWS, pair], threshold=None)[0].evidence


def test_a_sum_in_words_is_rendered_by_the_same_sum_in_figures() -> None:
    from aligner.checks.cover import clause_covers

    pair = (
        "Le ministre peut verser la somme de deux cent cinquante dollars à toute personne admissible.",
        "The Minister may pay the sum of 250 dollars to any eligible person.",
    )
    (covers,) = clause_covers([pair], [clause_spans(pair[0])], ("fr", "en"), load_embedder())
    assert [c.unrendered for c in covers] == [0]


def test_a_document_reports_a_source_clause_the_target_does_not_render() -> None:
    findings = _document_findings([*FAITHFUL_LAWS, CUT_INNER], threshold=None)
    omissions = [f for f in findings if f.kind == "partial_omission" and f.src == (len(FAITHFUL_LAWS),)]
    assert any("gouverneur en conseil" in f.evidence for f in omissions)
    assert not [f for f in findings if f.src != (len(FAITHFUL_LAWS),)]


def test_a_bead_too_long_to_cover_is_left_to_the_similarity_test() -> None:
    from aligner.checks.cover import MAX_COVER_WORDS, clause_covers

    long_french = ", ".join(f"le ministre numéro {n} signe" for n in range(MAX_COVER_WORDS // 2))
    pairs = [(long_french, "The Minister signs."), CUT_INNER]
    spans = [clause_spans(french) for french, _ in pairs]
    long_covers, short_covers = clause_covers(pairs, spans, ("fr", "en"), load_embedder())
    assert long_covers is None and short_covers


# --- A side that lacks a clause is shorter (aligner.checks.clauses.SHORTER_BY) ------------------

# The same French, its clause unrendered word for word, but the English as long as the document's
# translations run: words stand where the clause stood, a rewording rather than an omission.
REWORDED = (
    CUT_INNER[0],
    "The Minister may, in the manner and on the terms that Parliament has laid down for such matters from "
    "time to time, enter into agreements with any foreign government.",
)


def test_a_target_as_long_as_the_document_predicts_lacks_no_clause() -> None:
    findings = _document_findings([*FAITHFUL_LAWS, REWORDED], threshold=None)
    assert not [f for f in findings if f.kind == "partial_omission"]
    # The shorter English of the same French keeps its finding (see above). Pairs from no one document
    # have no document ratio and are judged by the leave-one-out test as they stand: each clause is said
    # on one side only.
    compared = _document_findings([*FAITHFUL_LAWS, REWORDED], threshold=0.5)
    assert {(f.kind, f.src) for f in compared} <= {(kind, (len(FAITHFUL_LAWS),)) for kind in
                                                   ("partial_omission", "partial_addition")}
    assert compared


def test_the_length_test_reads_omissions_and_additions_the_opposite_way() -> None:
    from aligner.checks.clauses import SHORTER_BY, _length_agrees
    from aligner.findings import Finding

    def finding(kind: str) -> Finding:
        return Finding(
            kind=kind, src=(0,), tgt=(0,), src_text="", tgt_text="", evidence="", severity="medium", score=1.0
        )

    french = "x" * 100
    short, usual, long = "y" * 60, "y" * 100, "y" * 160
    assert SHORTER_BY is not None
    assert _length_agrees(finding("partial_omission"), (french, short), ratio=1.0)
    assert not _length_agrees(finding("partial_omission"), (french, usual), ratio=1.0)
    assert not _length_agrees(finding("partial_addition"), (french, usual), ratio=1.0)
    assert _length_agrees(finding("partial_addition"), (french, long), ratio=1.0)
    # The ratio is the document's: English running 20% longer makes 100 characters a short rendering of 100.
    assert _length_agrees(finding("partial_omission"), (french, usual), ratio=1.2)


# --- A clause cut takes its comma with it (aligner.checks.clauses.COMMA_CLAUSE_WORDS) ------------------

CUT_COMMA = (
    "Le président convoque les réunions du conseil, fixe leur ordre du jour et les préside.",
    "The Chairperson calls the meetings of the Board and presides over them.",
)


def test_a_clause_set_off_by_a_comma_the_target_lacks_needs_fewer_unrendered_words(monkeypatch) -> None:
    import aligner.checks.clauses as clauses

    # Three content words of four unrendered (« fixe leur ordre du jour »), and the English lost the comma.
    found = _document_findings([*FAITHFUL_LAWS, CUT_COMMA], threshold=None)
    assert [f.kind for f in found if f.src == (len(FAITHFUL_LAWS),)] == ["partial_omission"]
    assert "fixe leur ordre du jour" in found[0].evidence
    # With the commas agreeing, or without the rule, the clause needs UNSAID's four words.
    kept_comma = (CUT_COMMA[0], CUT_COMMA[1].replace("Board and", "Board, and"))
    assert not _document_findings([*FAITHFUL_LAWS, kept_comma], threshold=None)
    monkeypatch.setattr(clauses, "COMMA_CLAUSE_WORDS", None)
    assert not _document_findings([*FAITHFUL_LAWS, CUT_COMMA], threshold=None)
