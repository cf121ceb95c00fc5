"""Split blocks into sentences with the Moses-style rules of ``sentence-splitter``.

Its per-language lists of non-breaking prefixes keep « M. », « p. ex. »,
"Mr.", "U.S." and "e.g." inside their sentences. A heading is one segment
whatever its punctuation; paragraphs and list items are split.
"""

from __future__ import annotations

import warnings
from functools import cache

from sentence_splitter import SentenceSplitter, SentenceSplitterWarning

from aligner.document import Document, Sentence

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


#: Longest segment kept whole. Longer "sentences" (a run of text with no
#: punctuation, a table flattened to one line) are cut at spaces near this
#: length, so that embedding and alignment stay bounded in time and memory.
MAX_SENTENCE_CHARS = 2000


def split_sentences(text: str, lang: str) -> list[str]:
    """Split one block of text into sentences."""
    return [sentence.strip() for sentence in splitter_for(lang).split(text) if sentence.strip()]


def cut_long(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """Cut an over-long sentence into pieces of at most ``limit`` characters, at spaces if any."""
    pieces = []
    while len(sentence) > limit:
        cut = sentence.rfind(" ", limit // 2, limit + 1)
        cut = cut if cut > 0 else limit
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    return [*pieces, sentence] if sentence else pieces


def segment(document: Document, *, presplit: bool = False) -> Document:
    """Fill ``document.sentences`` from its blocks.

    In presplit mode each block (line) is one sentence, kept as it is, empty
    and over-long lines included, so that sentence ids are line numbers.
    """
    sentences: list[Sentence] = []
    cut = 0
    for block_index, block in enumerate(document.blocks):
        if presplit:
            pieces = [block.text]
        else:
            whole = [block.text] if block.kind == "head" else split_sentences(block.text, document.lang)
            pieces = [piece for sentence in whole for piece in cut_long(sentence)]
            cut += len(pieces) - len(whole)
        for piece in pieces:
            sentences.append(Sentence(len(sentences), piece, block_index))
    if cut:
        document.notes.append(
            f"{cut} extra segment(s) made by cutting sentences longer than {MAX_SENTENCE_CHARS} characters"
        )
    document.sentences = sentences
    return document
