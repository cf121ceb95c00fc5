"""``aligner review`` and ``aligner export``: a reviewer corrects one pair's alignment and decides on
its findings, then exports the corrected pair.

:mod:`~aligner.review.load` reads what ``aligner align`` wrote for the pair;
:mod:`~aligner.review.store` keeps the review in one SQLite file beside the
outputs (corrections, decisions, undo and redo, conflicts between tabs);
:mod:`~aligner.review.edits` holds the corrections, as pure functions over
the beads; :mod:`~aligner.review.export` writes the corrected pair.
"""

from aligner.review.store import Conflict, ReviewStore

__all__ = ["Conflict", "ReviewStore"]
