"""Split blocks into sentences with the Moses-style rules of ``sentence-splitter``.

Its per-language lists of non-breaking prefixes keep « M. », « p. ex. »,
"Mr.", "U.S." and "e.g." inside their sentences. A heading is one segment
whatever its punctuation; paragraphs and list items are split.
"""

from __future__ import annotations

import warnings
from functools import cache

from sentence_splitter import SentenceSplitter, SentenceSplitterWarning

from aligner.model import Document, Sentence

#: Rules used for a language the splitter has no list for.
FALLBACK_LANGUAGE = "en"


@cache
def splitter_for(lang: str) -> SentenceSplitter:
    """The sentence splitter for ``lang``, English rules where it has none."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SentenceSplitterWarning)
        try:
            return SentenceSplitter(language=lang)
        except Exception:  # the library raises a bare Exception for unknown languages
            return SentenceSplitter(language=FALLBACK_LANGUAGE)


def split_sentences(text: str, lang: str) -> list[str]:
    """Split one block of text into sentences."""
    return [sentence.strip() for sentence in splitter_for(lang).split(text) if sentence.strip()]


def segment(document: Document, *, presplit: bool = False) -> Document:
    """Fill ``document.sentences`` from its blocks.

    In presplit mode each block (line) is one sentence, kept as it is, empty
    lines included, so that sentence ids are line numbers.
    """
    sentences: list[Sentence] = []
    for block_index, block in enumerate(document.blocks):
        if presplit or block.kind == "head":
            pieces = [block.text]
        else:
            pieces = split_sentences(block.text, document.lang)
        for piece in pieces:
            sentences.append(Sentence(len(sentences), piece, block_index))
    document.sentences = sentences
    return document
