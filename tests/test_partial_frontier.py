"""bench/partial_frontier.py's walk down the scores: the most recall at the precision asked, and the
precision once the recall asked is reached."""

import pytest

from .conftest import bench_module


@pytest.fixture(scope="module")
def frontier():
    return bench_module("partial_frontier").frontier


def test_the_most_recall_at_precision_0_60_and_the_precision_at_recall_0_80(frontier):
    # Ten planted cuts, two of them never scored (in a heading, say): recall counts them as misses.
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05]
    positive = [True, True, False, True, True, False, True, False, True, True]
    result = frontier(scores, positive, planted=10)
    # Down to 0.3: 5 found of 7 flagged (P 0.71); down to 0.05: 7 of 10 (P 0.70); never R 0.80 (8 of 10).
    assert result["recall_at_p60"] == pytest.approx(0.7)
    assert result["threshold"] == 0.05
    assert result["precision_at_r80"] == 0.0
    assert frontier(scores, positive, planted=8)["precision_at_r80"] == pytest.approx(7 / 10)
