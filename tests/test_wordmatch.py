"""Words with no counterpart on the other side, by their best cross-lingual match."""

from __future__ import annotations

import pytest

from aligner.checks import run_checks
from aligner.checks.words import MATCH_FLOOR, match_words
from aligner.convert import read_alignment
from aligner.embed import load_embedder


@pytest.fixture(scope="module")
def embedder():
    return load_embedder()


def _unmatched(text: str, spans) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_a_faithful_pair_has_no_unmatched_word(embedder) -> None:
    french = "Les ministres se sont réunis à Ottawa pour discuter de la sécurité nationale."
    english = "The ministers met in Ottawa to discuss national security."
    (pair,) = match_words([(french, english)], ("fr", "en"), embedder)
    assert pair.shortfall == 0
    assert pair.spans() == ((), ())
    ottawa = next(word for word in pair.src if french[word.start : word.end] == "Ottawa")
    assert ottawa.best == 1.0  # the same word on the other side


def test_words_only_one_side_says_are_found(embedder) -> None:
    french = "Les ministres ont condamné les attentats de Manchester et de Londres."
    english = "The ministers condemned the attacks."
    (pair,) = match_words([(french, english)], ("fr", "en"), embedder)
    src_spans, tgt_spans = pair.spans()
    # The two names and the function words between them make one run.
    assert _unmatched(french, src_spans) == ["Manchester", "et", "de", "Londres."]
    assert tgt_spans == ()
    assert pair.shortfall > 0
    assert all(word.best >= MATCH_FLOOR for word in pair.tgt if word.content)


def test_a_side_without_words_leaves_every_word_unmatched(embedder) -> None:
    (pair,) = match_words([("Le rapport annuel", "—")], ("fr", "en"), embedder)
    assert pair.tgt == ()
    assert [word.best for word in pair.src] == [0.0, 0.0, 0.0]


def test_a_translated_place_name_is_not_a_name_difference(tmp_path, embedder) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        "Il est né en Angleterre et a vécu en Suède.\tHe was born in England and lived in Sweden.\n"
        "Il est né à Ottawa.\tHe was born in Toronto.\n",
        encoding="utf-8",
    )
    comparison = run_checks(read_alignment(pairs, "fr", "en", pairs=True), embedder, threshold=10.0)
    names = [item for item in comparison.findings if item.kind == "name"]
    assert [(item.src, item.tgt) for item in names] == [((1,), (1,))]
