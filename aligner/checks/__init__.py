"""What one version says that the other does not: the checks on an aligned pair, and their registry.

Each check is a module with one entry point, ``run(pair) -> list[Finding]``,
and its severities declared beside it (see :mod:`aligner.checks.base`).
:func:`run_checks` runs every check of :data:`CHECKS` on one aligned pair and
returns a :class:`~aligner.findings.Comparison`: the findings, most serious
first, the terms, each matched bead's score and the alignment picture.
"""

from __future__ import annotations

from collections.abc import Iterable

from aligner.checks import clauses, drift, form, names, omissions, structure, terms, values
from aligner.checks.base import AlignedPair, Check, sort_findings
from aligner.checks.picture import alignment_picture
from aligner.checks.scores import pair_scores
from aligner.document import Alignment
from aligner.embed import Embedder
from aligner.embed.cache import EmbeddingCache
from aligner.findings import Comparison, with_decisions

#: Every check by name. Within one bead, findings of equal severity and score
#: are listed in this order.
CHECKS: dict[str, Check] = {
    "values": values.run,
    "names": names.run,
    "form": form.run,
    "structure": structure.run,
    "omissions": omissions.run,
    "drift": drift.run,
    "clauses": clauses.run,
    "consistency": terms.run,
}


def run_checks(
    alignment: Alignment,
    embedder: Embedder,
    threshold: float | None = None,
    checks: Iterable[str] = tuple(CHECKS),
) -> Comparison:
    """The ``checks`` (by default all) on an aligned pair, most serious first, with the terms,
    pair scores and the picture.

    A matched bead drifts in meaning when its similarity is unusually low for
    its document; pairs that come from no one document (``aligner compare``)
    are held to a fixed ``threshold`` on their divergence score instead.
    """
    pair = AlignedPair(alignment, EmbeddingCache.for_alignment(embedder, alignment), threshold)
    findings = sort_findings([finding for name in checks for finding in CHECKS[name](pair)])
    findings = with_decisions(findings, alignment.decisions)  # a dismissed finding found again stays dismissed
    return Comparison(findings, pair.terms, pair_scores(pair, findings), alignment_picture(alignment, pair.embedder))
