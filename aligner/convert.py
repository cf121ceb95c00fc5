"""Read an existing alignment, a TMX translation memory or this tool's TSV, and re-export it.

A translation memory holds segments, not sentences, and says nothing of the
documents' structure: each side of a unit becomes one segment (numbered from
0 in file order) of a document made of paragraphs, and each unit one bead
(1-1, or 1-0 / 0-1 when a unit has one language only). Once read, an
alignment is exported like any other (TEI, XLSX, ...) and gets a divergence
list; a file that records no similarities, as CAT tools' memories do not, is
scored with the embedding model first, so that unusually dissimilar units
can be flagged.

A file of more than :data:`CHUNK_UNITS` units is never held whole: it is
read as a stream, and cut into chunks of at most that many units, each
scored, checked and appended to the outputs in turn (TMX, TSV and JSONL,
which :data:`aligner.formats.STREAMED` can write chunk by chunk). Sentence
ids and bead numbers are those of the whole file; what the checks compare
within a document (the low-similarity fence, term consistency) is compared
within a chunk.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from tqdm import tqdm

from aligner.checks import run_checks
from aligner.document import Alignment
from aligner.embed import Embedder, embed_unique, load_embedder
from aligner.embed.cache import EmbeddingCache
from aligner.errors import InputError, shown
from aligner.findings import Comparison
from aligner.formats import (
    DEFAULT_FORMATS,
    FORMATS,
    STREAMED,
    jsonl,
    output_paths,
    shows_findings,
    tei,
    tmx,
    tsv,
    write_outputs,
    xlsx,
)
from aligner.formats import pairs as pairs_format
from aligner.formats.fields import alignment_time
from aligner.formats.files import StagedFiles
from aligner.formats.units import Position, Unit, UnitFile
from aligner.pipeline import PairResult, findings_line, wrote_line
from aligner.read.document import read_bytes
from aligner.read.sniff import HEAD_BYTES, Format, sniff
from aligner.settings import DEFAULT_MODEL

#: The most units checked and written at once. A file with more is converted chunk by chunk,
#: in chunks of equal size (so that none is too small for the low-similarity fence's quartiles).
CHUNK_UNITS = 2000


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
) -> PairResult | StreamedResult:
    """Read an alignment file, score it if needed, list its divergences and export it.

    With ``pairs`` (``aligner compare``), plain ``source<TAB>target`` lines are
    read too; ``threshold`` replaces the per-document low-similarity fence
    (see :func:`aligner.checks.run_checks`). A file of more than
    :data:`CHUNK_UNITS` units is converted chunk by chunk, into the formats of
    :data:`aligner.formats.STREAMED` only, with a progress bar on stderr.
    """
    formats = list(formats)
    # The name of the pair: "rapport.tei.xml" converts to "rapport.tmx", as "rapport.tmx" does.
    stem = path.name.removesuffix(tei.SUFFIX) if path.name.endswith(tei.SUFFIX) else path.stem
    if any(output.resolve() == path.resolve() for output in output_paths(out_dir, stem, formats)):
        raise InputError(
            f"{path}: converting it into {out_dir} would overwrite it; choose another folder with -o"
        )
    source = open_alignment(path, src_lang, tgt_lang, pairs=pairs)
    if source.count > CHUNK_UNITS:
        whole = [name for name in formats if name not in STREAMED]
        if whole:
            raise InputError(
                f"{path}: holds {source.count:,} units, more than one chunk ({CHUNK_UNITS:,}), and "
                f"{', '.join(whole)} {'needs' if len(whole) == 1 else 'need'} the whole alignment in memory; "
                f"a file this large is written chunk by chunk as {', '.join(STREAMED)} only: ask for them "
                f"with --format {','.join(STREAMED)}"
            )
        return _convert_in_chunks(path, source, load_embedder(model), out_dir, stem, formats, threshold)
    # One cache for scoring and checking: each segment goes through the model once.
    embedder = EmbeddingCache(load_embedder(model))
    alignment = with_similarities(source.read(), embedder)
    # A reviewer's verdicts travel with the findings they judge: a file holding some is checked
    # whatever the formats, or converting it to TMX alone would drop them.
    check = shows_findings(formats) or bool(alignment.decisions)
    comparison = run_checks(alignment, embedder, threshold) if check else None
    files = write_outputs(alignment, comparison or Comparison(), out_dir, stem, formats)
    return PairResult(stem, alignment, comparison, files, list(source.warnings))


def read_alignment(
    path: Path, src_lang: str | None = None, tgt_lang: str | None = None, *, pairs: bool = False
) -> Alignment:
    """An alignment read from a TMX file or from this tool's TSV, JSONL, XLSX or TEI, told apart by
    content: from this tool's files, the very beads, sentence ids and texts, the reviewer's word on
    each bead and the decisions on findings (``Alignment.decisions``), and from its TEI the blocks;
    with ``pairs``, also from plain ``source<TAB>target`` lines (one pair per line, no header)."""
    return open_alignment(path, src_lang, tgt_lang, pairs=pairs).read()


def open_alignment(
    path: Path, src_lang: str | None = None, tgt_lang: str | None = None, *, pairs: bool = False
) -> UnitFile:
    """An alignment file, told apart by content, after a first pass over it (see
    :class:`~aligner.formats.units.UnitFile`): TMX and this tool's TSV are read as streams, its
    JSONL, XLSX and TEI whole, as are ``source<TAB>target`` lines (with ``pairs``)."""
    head = read_bytes(path, HEAD_BYTES)
    file_format = sniff(head)
    if head.startswith(b"PK\x03\x04") or file_format is Format.HTML:  # what tells them apart may come later
        file_format = sniff(read_bytes(path))
    if file_format is Format.TMX:
        return tmx.open_units(path, src_lang, tgt_lang)
    if file_format is Format.TSV:
        return tsv.open_units(path, src_lang, tgt_lang)
    if file_format is Format.JSONL:
        return jsonl.open_units(read_bytes(path), path, src_lang, tgt_lang)
    if file_format is Format.TEI:
        return tei.open_units(path, src_lang, tgt_lang)
    if file_format is Format.XLSX:
        return xlsx.open_units(read_bytes(path), path, src_lang, tgt_lang)
    if pairs and file_format is Format.TEXT:
        return _in_memory(pairs_format.read(read_bytes(path), path, src_lang, tgt_lang))
    raise InputError(
        f"{path}: is a {file_format}, not an alignment; convert reads TMX files and the TSV, JSONL, XLSX "
        "and TEI that aligner writes (to align two documents, use aligner align)"
    )


def with_similarities(alignment: Alignment, embedder: Embedder, *, rescore: bool | None = None) -> Alignment:
    """The alignment itself when every matched bead has a similarity; else every matched
    bead scored with ``embedder``, so that all similarities come from one model.

    ``rescore`` makes that choice for a chunk of a larger file, where it is the
    whole file's: True scores every matched bead, False none.
    """
    matched = [bead for bead in alignment.beads if bead.is_match]
    if rescore is None:
        rescore = not all(bead.similarity is not None for bead in matched)
    if not rescore:
        return alignment
    sources = embed_unique(embedder, [alignment.side_text(bead, "src") for bead in matched])
    targets = embed_unique(embedder, [alignment.side_text(bead, "tgt") for bead in matched])
    cosines = np.sum(sources * targets, axis=1)
    scores = {id(bead): round(float(cosine), 4) for bead, cosine in zip(matched, cosines, strict=True)}
    beads = [replace(bead, similarity=scores[id(bead)]) if bead.is_match else bead for bead in alignment.beads]
    return replace(alignment, beads=beads, model=embedder.name)


@dataclass
class StreamedResult:
    """What converting a file chunk by chunk produced; prints as the summary a user reads.

    It keeps counts, not the alignment, which was never held whole.
    """

    stem: str
    src_lang: str
    tgt_lang: str
    src_sentences: int = 0
    tgt_sentences: int = 0
    chunks: int = 0
    #: How many beads of each type.
    beads: Counter[str] = field(default_factory=Counter)
    #: How many findings of each kind; None when no chosen format shows findings, so no check ran.
    findings: Counter[str] | None = None
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, alignment: Alignment, comparison: Comparison | None) -> None:
        """Count one chunk in."""
        self.chunks += 1
        self.src_sentences += len(alignment.src.sentences)
        self.tgt_sentences += len(alignment.tgt.sentences)
        self.beads.update(bead.kind for bead in alignment.beads)
        if comparison is not None:
            self.findings = (self.findings or Counter()) + Counter(item.kind for item in comparison.findings)

    def __str__(self) -> str:
        beads = ", ".join(f"{kind} {count}" for kind, count in sorted(self.beads.items(), key=lambda i: (-i[1], i[0])))
        lines = [
            f"{shown(self.stem)}: {self.src_sentences} {self.src_lang} / {self.tgt_sentences} {self.tgt_lang} "
            f"sentences -> {self.beads.total()} beads ({beads}), in {self.chunks} chunks",
            findings_line(self.findings, f"divergences (per chunk of at most {CHUNK_UNITS} units)", "jsonl"),
        ]
        if self.files:
            lines.append(wrote_line(self.stem, self.files))
        return "\n".join(lines)


def _convert_in_chunks(
    path: Path,
    source: UnitFile,
    embedder: Embedder,
    out_dir: Path,
    stem: str,
    formats: list[str],
    threshold: float | None,
) -> StreamedResult:
    """Score, check and write ``source`` chunk by chunk into temporary files, renamed into place at the end."""
    when = alignment_time()
    check = shows_findings(formats)
    chosen = [name for name in STREAMED if name in formats]
    paths = {name: out_dir / f"{stem}{FORMATS[name].suffixes[0]}" for name in chosen}
    result = StreamedResult(
        stem, source.src_lang, source.tgt_lang, files=list(paths.values()), warnings=list(source.warnings)
    )
    start = Position()
    tails: dict[str, bytes] = {}
    with (
        StagedFiles(list(paths.values()), out_dir) as staged,
        tqdm(total=source.count, desc=shown(stem), unit=" units", disable=None, file=sys.stderr) as progress,
    ):
        for units in _chunks(source, path):
            # A cache a chunk: each segment goes through the model once, and memory stays bounded.
            cache = EmbeddingCache(embedder)
            alignment = with_similarities(source.alignment(units), cache, rescore=source.unscored)
            comparison = run_checks(alignment, cache, threshold) if check else None
            for name, output in paths.items():
                if name not in tails:
                    head, tails[name] = STREAMED[name].frame(alignment, when)
                    staged.write(output, head)
                staged.write(output, STREAMED[name].units(alignment, comparison or Comparison(), start))
            start = start.after(alignment)
            result.add(alignment, comparison)
            progress.update(len(units))
        for name, output in paths.items():
            staged.write(output, tails[name])
        staged.commit()
    return result


def _chunks(source: UnitFile, path: Path) -> Iterator[list[Unit]]:
    """The file's units cut into the fewest chunks of at most :data:`CHUNK_UNITS`, their sizes
    differing by one at most (a last chunk of a few units would be too few for quartiles)."""
    pieces = max(1, math.ceil(source.count / CHUNK_UNITS))
    size, larger = divmod(source.count, pieces)
    stream = iter(source.units())
    for piece in range(pieces):
        chunk = list(itertools.islice(stream, size + (piece < larger)))
        if len(chunk) < size + (piece < larger):
            break
        yield chunk
    else:
        if next(stream, None) is None:
            return
    raise InputError(f"{path}: changed while it was being converted; convert it again once it is complete")


def _in_memory(alignment: Alignment) -> UnitFile:
    """An alignment already read whole, as a unit file."""
    notes = [f"{document.path}: {note}" for document in (alignment.src, alignment.tgt) for note in document.notes]
    return UnitFile.of(alignment, notes)
