"""Split blocks into sentences with the Moses-style rules of ``sentence-splitter``.

Its per-language lists of non-breaking prefixes keep « M. », « p. ex. »,
"Mr.", "U.S." and "e.g." inside their sentences. A heading is one segment
whatever its punctuation; paragraphs and list items are split.
"""

from __future__ import annotations

import tempfile
import warnings
from functools import cache
from pathlib import Path

import sentence_splitter
from sentence_splitter import SentenceSplitter, SentenceSplitterWarning

from aligner.document import Document, Sentence

#: Rules used for a language the splitter has no list for.
FALLBACK_LANGUAGE = "en"
#: Abbreviations a language's list lacks: the French titles « Mme », « Mlle » and « Mgr », which older
#: texts write with a dot (« Mme. Harrington, Dorchester »), as the list's « M. » and "Mrs." are.
EXTRA_PREFIXES = {"fr": ("Mme", "Mmes", "Mlle", "Mlles", "Mgr")}


@cache
def splitter_for(lang: str) -> SentenceSplitter:
    """The sentence splitter for ``lang``, English rules where it has none."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SentenceSplitterWarning)
        try:
            return _splitter(lang)
        except Exception:  # the library raises a bare Exception for unknown languages
            return SentenceSplitter(language=FALLBACK_LANGUAGE)


def _splitter(lang: str) -> SentenceSplitter:
    """The splitter with the library's list of prefixes for ``lang`` and EXTRA_PREFIXES'."""
    extra = EXTRA_PREFIXES.get(lang)
    if extra is None:
        return SentenceSplitter(language=lang)
    # The splitter reads its prefixes from one file: the library's list and ours, written together.
    own = Path(sentence_splitter.__file__).parent / "non_breaking_prefixes" / f"{lang}.txt"
    try:
        with tempfile.TemporaryDirectory() as folder:
            merged = Path(folder) / f"{lang}.txt"
            merged.write_text(own.read_text(encoding="utf-8") + "\n" + "\n".join(extra) + "\n", encoding="utf-8")
            return SentenceSplitter(language=lang, non_breaking_prefix_file=str(merged))
    except OSError:  # no temporary folder to write in: the library's list alone
        return SentenceSplitter(language=lang)


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
