"""Settings: the alignment parameters, which travel together, the bundled model's name, download bounds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: The name under which the bundled embedding model is chosen and recorded.
DEFAULT_MODEL = "use-multilingual-v3"
#: ``aligner fetch`` gives up on a download after this many seconds, all told.
FETCH_TIMEOUT = 20.0
#: ``aligner fetch`` refuses responses larger than this many bytes (20 MB):
#: official pages and PDFs are far smaller.
FETCH_MAX_BYTES = 20_000_000
#: A Word document's parts, or the streams of a PDF, may unpack to at most this many bytes
#: (256 MB): a 2,000-page document's XML is well under 100 MB, while a decompression bomb
#: unpacks 1,000 times its size on disk.
MAX_UNPACKED_BYTES = 256_000_000
#: The largest web page read, in characters: a whole statute as one page is 2 to 5 million.
#: Beyond, the main-text extraction slows down sharply: trafilatura asks libxml2 for
#: ``//p//text()``, whose time grows with the square of the page's paragraphs (4 MB: 0.7 s,
#: 8 MB: 3 s, 16 MB: 12 s, for each of its calls).
HTML_MAX_CHARS = 10_000_000
#: CPU seconds the main-text extraction of one page may take. A page built to be slow (removed
#: elements each followed by text: trafilatura rebuilds the text around every removal) grows
#: with the square of its size below the character limit too (0.5 MB: 34 s); a whole statute
#: takes a few seconds.
HTML_CPU_SECONDS = 60

#: BLAS threads for the numpy work (the model's network, the programme's scores). Its matrices
#: are small: on two shared cores one thread embeds 3 to 5 times faster than two, which spin
#: waiting for each other; a corpus runs in parallel as processes, not threads.
BLAS_THREADS = 1

#: The implementations of the alignment programme (``--engine``).
ENGINES = ("aligner", "bertalign")
Engine = Literal["aligner", "bertalign"]


@dataclass(frozen=True)
class AlignParams:
    """Bertalign's parameters, with its defaults, and our own."""

    #: Which implementation runs the dynamic programme: ``aligner`` (ours,
    #: numpy) or ``bertalign`` (the package's numba kernels, which load torch).
    #: With ``margin`` 0 or 1 both choose the same beads; Bertalign's kernels
    #: know no other margin weight.
    engine: Engine = "aligner"
    #: Most sentences in one bead, both sides together.
    max_align: int = 5
    #: Candidate target sentences per source sentence in the first pass.
    top_k: int = 3
    #: Half-width of the second pass's search band around the first path.
    win: int = 5
    #: Score of leaving a sentence unmatched; higher means more 1-0/0-1 beads.
    skip: float = -0.1
    #: Weight of the neighbours' mean similarity subtracted from a bead's
    #: similarity: 1 is Bertalign's margin score, 0 plain cosine. The whole
    #: margin punishes a sentence for resembling its neighbours (two headings,
    #: repeated wording) and merges good pairs; 0.4 keeps most of its
    #: correction for sentences that resemble everything (README, "Accuracy").
    margin: float = 0.4
    #: Penalise beads whose two sides' lengths are out of proportion.
    len_penalty: bool = True
    #: Embed each run of sentences as one text (Bertalign's way) even when the
    #: model can compose runs from per-sentence parts (the bundled one can).
    exact_overlaps: bool = False
    #: Take a second look at the beads: separate unrelated pairs and detach
    #: sentences the other side lacks (aligner.align.refine), give headings glued
    #: to a neighbouring line to the bead whose line says them (aligner.align.glued).
    refine: bool = True
    #: Longer documents are cut at confident 1-1 anchors into chunks of about
    #: this many sentences, aligned one after the other: memory stays bounded.
    chunk: int = 5000
