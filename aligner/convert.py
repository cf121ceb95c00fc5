"""Read an existing alignment, a TMX translation memory or this tool's TSV, and re-export it.

A translation memory holds segments, not sentences, and says nothing of the
documents' structure: each side of a unit becomes one segment (numbered from
0 in file order) of a document made of paragraphs, and each unit one bead
(1-1, or 1-0 / 0-1 when a unit has one language only). Once read, an
alignment is exported like any other (TEI, XLSX, ...) and gets a divergence
list; a file that records no similarities, as CAT tools' memories do not, is
scored with the embedding model first, so that unusually dissimilar units
can be flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np

from aligner.checks import run_checks
from aligner.document import Alignment
from aligner.embed import Embedder, embed_unique, load_embedder
from aligner.errors import InputError
from aligner.findings import Comparison
from aligner.formats import DEFAULT_FORMATS, output_paths, shows_findings, tmx, tsv, write_outputs
from aligner.formats import pairs as pairs_format
from aligner.pipeline import PairResult
from aligner.read.document import read_bytes
from aligner.read.sniff import Format, sniff
from aligner.settings import DEFAULT_MODEL


def convert(
    path: Path,
    out_dir: Path,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    model: str = DEFAULT_MODEL,
    formats: Iterable[str] = DEFAULT_FORMATS,
    pairs: bool = False,
    threshold: float | None = None,
) -> PairResult:
    """Read an alignment file, score it if needed, list its divergences and export it.

    With ``pairs`` (``aligner compare``), plain ``source<TAB>target`` lines are
    read too; ``threshold`` replaces the per-document low-similarity fence
    (see :func:`aligner.checks.run_checks`).
    """
    formats = list(formats)
    stem = path.stem
    if any(output.resolve() == path.resolve() for output in output_paths(out_dir, stem, formats)):
        raise InputError(
            f"{path}: converting it into {out_dir} would overwrite it; choose another folder with -o"
        )
    embedder = load_embedder(model)
    alignment = with_similarities(read_alignment(path, src_lang, tgt_lang, pairs=pairs), embedder)
    comparison = run_checks(alignment, embedder, threshold) if shows_findings(formats) else None
    files = write_outputs(alignment, comparison or Comparison(), out_dir, stem, formats)
    return PairResult(stem, alignment, comparison, files)


def read_alignment(
    path: Path, src_lang: str | None = None, tgt_lang: str | None = None, *, pairs: bool = False
) -> Alignment:
    """An alignment read from a TMX file or from this tool's TSV, told apart by content;
    with ``pairs``, also from plain ``source<TAB>target`` lines (one pair per line, no header)."""
    data = read_bytes(path)
    file_format = sniff(data)
    if file_format is Format.TMX:
        return tmx.read(path, src_lang, tgt_lang)
    if file_format is Format.TSV:
        return tsv.read(data, path, src_lang, tgt_lang)
    if pairs and file_format is Format.TEXT:
        return pairs_format.read(data, path, src_lang, tgt_lang)
    raise InputError(
        f"{path}: is a {file_format}, not an alignment; convert reads TMX files and the TSV "
        "that aligner writes (to align two documents, use aligner align)"
    )


def with_similarities(alignment: Alignment, embedder: Embedder) -> Alignment:
    """The alignment itself when every matched bead has a similarity; else every matched
    bead scored with ``embedder``, so that all similarities come from one model."""
    matched = [bead for bead in alignment.beads if bead.is_match]
    if all(bead.similarity is not None for bead in matched):
        return alignment
    sources = embed_unique(embedder, [alignment.side_text(bead, "src") for bead in matched])
    targets = embed_unique(embedder, [alignment.side_text(bead, "tgt") for bead in matched])
    cosines = np.sum(sources * targets, axis=1)
    scores = {id(bead): round(float(cosine), 4) for bead, cosine in zip(matched, cosines, strict=True)}
    beads = [replace(bead, similarity=scores[id(bead)]) if bead.is_match else bead for bead in alignment.beads]
    return replace(alignment, beads=beads, model=embedder.name)
