"""The alignment at a glance: every sentence pair's similarity, pooled into a picture of bounded size."""

from __future__ import annotations

import math

import numpy as np

from aligner.document import Alignment
from aligner.embed import Embedder, embed_unique
from aligner.findings import Picture

#: The alignment picture has at most this many cells a side.
PICTURE_CELLS = 400


def alignment_picture(alignment: Alignment, embedder: Embedder) -> Picture | None:
    """Sentence-by-sentence similarities, max-pooled to at most ``PICTURE_CELLS`` a side.

    The sentence vectors are the alignment's own when it kept them.
    """
    src_texts, tgt_texts = alignment.src.texts, alignment.tgt.texts
    if not src_texts or not tgt_texts:
        return None
    src_vectors = alignment.src_vectors if alignment.src_vectors is not None else embed_unique(embedder, src_texts)
    tgt_vectors = alignment.tgt_vectors if alignment.tgt_vectors is not None else embed_unique(embedder, tgt_texts)
    src_step = math.ceil(len(src_texts) / PICTURE_CELLS)
    tgt_step = math.ceil(len(tgt_texts) / PICTURE_CELLS)
    columns = math.ceil(len(tgt_texts) / tgt_step)
    rows = []
    # One band of source sentences at a time: a 20,000 x 20,000 matrix would not fit in memory.
    for start in range(0, len(src_texts), src_step):
        band = (src_vectors[start : start + src_step] @ tgt_vectors.T).max(axis=0)
        padded = np.pad(band, (0, columns * tgt_step - len(band)), constant_values=-1.0)
        rows.append(padded.reshape(columns, tgt_step).max(axis=1))
    return Picture(np.round(np.array(rows, dtype=np.float32), 3), src_step, tgt_step)
