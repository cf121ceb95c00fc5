"""``aligner export``: a reviewed pair written out as its reviewer corrected it.

The corrected beads carry the reviewer's checks and comments, the findings
their decisions. Findings are recomputed only where the alignment changed:
the checks run on the corrected alignment, and a finding that concerns a bead
the corrections made comes from that run (taking on the decision recorded for
its key, so that a dismissed finding found again stays dismissed), while a
finding that concerns unchanged beads only is kept as the review showed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from aligner.document import Alignment, Bead
from aligner.embed import Embedder
from aligner.errors import InputError
from aligner.findings import Comparison, findings_per_bead
from aligner.formats import shows_findings, write_outputs
from aligner.review.store import ReviewStore
from aligner.settings import DEFAULT_MODEL

#: Where ``aligner export`` writes by default, inside the pair's output folder.
EXPORT_FOLDER = "reviewed"


def export_folder(target: Path) -> Path:
    """The default folder of the pair ``target``'s (``OUT/NAME``) export: ``OUT/reviewed/``."""
    return target.parent / EXPORT_FOLDER


def export(
    target: Path, out_dir: Path, formats: Iterable[str], *, model: str | Embedder = DEFAULT_MODEL
) -> list[Path]:
    """Write the pair ``target`` (``OUT/NAME``) as its review corrected it into ``out_dir``, in the
    chosen formats, all or nothing; return the files written. The embedding ``model`` scores the
    beads the corrections made and runs the checks, when beads changed or a format shows findings.
    Refuses ``OUT`` itself, where the pair's own outputs, which the review was loaded from, are."""
    formats = list(formats)
    if out_dir.resolve() == target.parent.resolve():
        raise InputError(
            f"{out_dir}: holds the outputs {target.name} was reviewed from, which an export would overwrite; "
            f"choose another folder, such as {export_folder(target)}"
        )
    with ReviewStore.open(target, model=model) as store:
        alignment, comparison, changed = store.corrected()
    if changed or shows_findings(formats):
        from aligner.checks import run_checks
        from aligner.embed import load_embedder

        embedder = load_embedder(model)
        alignment = scored(alignment, changed, embedder)
        comparison = rechecked(comparison, run_checks(alignment, embedder), alignment.beads, changed)
    return write_outputs(alignment, comparison, out_dir, target.name, formats)


def scored(alignment: Alignment, changed: set[int], embedder: Embedder) -> Alignment:
    """The alignment with the matched beads at the ``changed`` positions scored with ``embedder``."""
    from aligner.convert import with_similarities

    positions = sorted(changed)
    part = with_similarities(replace(alignment, beads=[alignment.beads[n] for n in positions]), embedder, rescore=True)
    beads = list(alignment.beads)
    for position, bead in zip(positions, part.beads, strict=True):
        beads[position] = bead
    return replace(alignment, beads=beads)


def rechecked(stored: Comparison, fresh: Comparison, beads: list[Bead], changed: set[int]) -> Comparison:
    """The findings of ``stored`` that concern unchanged beads only, and those of ``fresh`` (the
    checks run again on ``beads``) that concern a changed bead, most serious first; the terms,
    pair scores and picture of ``fresh``."""
    from aligner.checks.base import sort_findings

    def concerning_changed(comparison: Comparison) -> set[int]:
        per_bead = findings_per_bead(beads, comparison.findings)
        return {id(finding) for position in changed for finding in per_bead[position]}

    old, new = concerning_changed(stored), concerning_changed(fresh)
    findings = [finding for finding in stored.findings if id(finding) not in old]
    findings += [finding for finding in fresh.findings if id(finding) in new]
    return Comparison(sort_findings(findings), fresh.terms, fresh.pairs, fresh.picture)
