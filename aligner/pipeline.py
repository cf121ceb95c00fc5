"""The whole chain for one pair of documents, and the pairing of a corpus folder."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from aligner.align import align_sentences, engine_label
from aligner.checks import compare
from aligner.embed import Embedder, load_embedder
from aligner.errors import InputError
from aligner.formats import write_corpus_terms, write_outputs
from aligner.settings import DEFAULT_FORMATS, DEFAULT_MODEL, AlignParams
from aligner.document import Alignment, Document
from aligner.findings import Comparison, Finding
from aligner.read.document import guess_language, read_document
from aligner.segment import segment
from aligner.checks.terms import corpus_terms

#: In a corpus folder, where the official addresses of documents are recorded.
SOURCES_FILE = "sources.json"
#: Beside a fetched document ``X.txt``, the record of where it came from (see aligner.fetch).
PROVENANCE_SUFFIX = ".source.json"


def load_document(path: Path, lang: str | None = None, *, presplit: bool = False) -> Document:
    """Read and segment one file; its language is detected when not given."""
    return segment(read_document(path, lang, presplit=presplit), presplit=presplit)


def align_documents(
    source: Document,
    target: Document,
    model: str | Embedder = DEFAULT_MODEL,
    params: AlignParams = AlignParams(),
) -> Alignment:
    """Embed both documents' sentences and align them.

    ``model`` is a model name or path, or an already loaded :class:`Embedder`.
    """
    embedder = load_embedder(model) if isinstance(model, str) else model
    beads = align_sentences(
        embedder,
        source.texts,
        target.texts,
        params,
        src_headings=source.headings,
        tgt_headings=target.headings,
    )
    return Alignment(src=source, tgt=target, beads=beads, model=embedder.name, engine=engine_label(params.engine))


#: Languages the bundled model was trained on (Yang et al. 2019).
BUNDLED_MODEL_LANGUAGES = frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh".split())
#: Beyond this ratio of characters, two files are unlikely to be translations.
LENGTH_RATIO_LIMIT = 3.0


def pair_warnings(source: Document, target: Document, model: str = DEFAULT_MODEL) -> list[str]:
    """What looks wrong with a pair: files that repaired, languages, lengths."""
    warnings = [f"{document.path}: {note}" for document in (source, target) for note in document.notes]
    detected = [_detected_language(document) for document in (source, target)]
    for document, language in zip((source, target), detected, strict=True):
        if language and language != document.lang:
            warnings.append(f"{document.path}: looks {language}, not {document.lang}")
    if detected == [target.lang, source.lang] and source.lang != target.lang:
        warnings.append("the two files look swapped: give the source file first, or swap --src-lang and --tgt-lang")
    elif detected[0] and detected[0] == detected[1]:
        warnings.append(f"both files look {detected[0]}: is this really a translation pair?")
    if model == DEFAULT_MODEL:
        for document in (source, target):
            if document.lang not in BUNDLED_MODEL_LANGUAGES:
                warnings.append(
                    f"{document.path}: the bundled model was not trained on {document.lang!r}; "
                    "alignment may be poor (a multilingual model such as LaBSE can be given with --model)"
                )
    src_chars = sum(len(text) for text in source.texts)
    tgt_chars = sum(len(text) for text in target.texts)
    ratio = max(src_chars, 1) / max(tgt_chars, 1)
    if not 1 / LENGTH_RATIO_LIMIT <= ratio <= LENGTH_RATIO_LIMIT:
        longer, shorter = (source, target) if ratio > 1 else (target, source)
        factor = ratio if ratio > 1 else 1 / ratio
        warnings.append(
            f"{longer.path} is {factor:.1f} times longer than {shorter.path}: "
            "check that one is a translation of the other"
        )
    return warnings


def _detected_language(document: Document) -> str | None:
    return guess_language(" ".join(document.texts))


@dataclass
class PairResult:
    """What aligning one pair produced; prints as the summary a user reads."""

    stem: str
    alignment: Alignment
    comparison: Comparison
    files: list[Path] = field(default_factory=list)
    #: What the user should check: repairs made while reading, suspicious pairs.
    warnings: list[str] = field(default_factory=list)

    @property
    def divergences(self) -> list[Finding]:
        """The findings, most serious first."""
        return self.comparison.findings

    def __str__(self) -> str:
        source, target = self.alignment.src, self.alignment.tgt
        beads = ", ".join(f"{kind} {count}" for kind, count in self.alignment.counts().items())
        count = lambda *kinds: sum(1 for item in self.divergences if item.kind in kinds)
        lines = [
            f"{self.stem}: {len(source.sentences)} {source.lang} / "
            f"{len(target.sentences)} {target.lang} sentences -> {len(self.alignment.beads)} beads ({beads})",
            f"  divergences: {count('omission', 'addition')} unmatched sentence(s), "
            f"{count('partial_omission', 'partial_addition')} clause(s) on one side only, "
            f"{count('number', 'date', 'name')} number/date/name difference(s), "
            f"{count('meaning_drift')} low-similarity bead(s), {count('form', 'structure')} form/structure "
            f"and {count('consistency')} consistency finding(s)",
        ]
        if self.files:
            suffixes = ",".join(path.name.removeprefix(self.stem + ".") for path in self.files)
            lines.append(f"  wrote {self.files[0].parent}/{self.stem}.{{{suffixes}}}")
        return "\n".join(lines)


def process_pair(
    src_path: Path,
    tgt_path: Path,
    out_dir: Path,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    presplit: bool = False,
    model: str | Embedder = DEFAULT_MODEL,
    params: AlignParams = AlignParams(),
    stem: str | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
) -> PairResult:
    """Read, segment, embed, align, list divergences and export one pair."""
    source = load_document(src_path, src_lang, presplit=presplit)
    target = load_document(tgt_path, tgt_lang, presplit=presplit)
    warnings = pair_warnings(source, target, model if isinstance(model, str) else model.name)
    embedder = load_embedder(model) if isinstance(model, str) else model
    alignment = align_documents(source, target, embedder, params)
    comparison = compare(alignment, embedder)
    name = stem or pair_name(src_path, tgt_path)
    files = write_outputs(alignment, comparison, out_dir, name, formats)
    return PairResult(name, alignment, comparison, files, warnings)


def write_corpus_terminology(results: list[PairResult], out_dir: Path) -> str:
    """Write the terminology the corpus's documents share; returns the line that tells the user."""
    tables = {result.stem: result.comparison.terms for result in results}
    source, target = results[0].alignment.src, results[0].alignment.tgt
    terms = corpus_terms(tables, source.lang, target.lang)
    files = write_corpus_terms(terms, out_dir)
    differing = sum(not term.consistent for term in terms)
    return (
        f"corpus terminology: {len(terms)} term(s) shared by several documents, {differing} rendered differently; "
        f"wrote {files[0].parent}/corpus.terms.{{json,md}}"
    )


def pair_name(src_path: Path, tgt_path: Path) -> str:
    """The stem of a pair's output files: the shared file stem, else both stems."""
    if src_path.stem == tgt_path.stem:
        return src_path.stem
    return f"{src_path.stem}-{tgt_path.stem}"


@dataclass(frozen=True)
class CorpusPairs:
    """The files of a corpus folder paired by stem, and those that cannot be aligned."""

    pairs: list[tuple[Path, Path]]
    #: Files with no counterpart, with what to do: not an error.
    unpaired: list[str]
    #: Files refused (a link leading out of the corpus folder): an error.
    refused: list[str]


def _texts_in(folder: Path, root: Path, refused: list[str]) -> dict[str, Path]:
    """The text files of one language folder by stem.

    Hidden files, READMEs and the provenance records ``aligner fetch`` writes are skipped.
    """
    if not folder.is_dir():
        return {}
    texts = {}
    inside = root.resolve()
    for path in sorted(folder.iterdir()):
        if (
            path.name.startswith(".")
            or path.name.upper().startswith("README")
            or path.name.endswith(PROVENANCE_SUFFIX)
            or not path.is_file()
        ):
            continue
        if not path.resolve().is_relative_to(inside):
            # A corpus folder may come from someone else: a link must not
            # make the tool read (and export) a file from elsewhere.
            refused.append(f"{path}: is a link to a file outside {root}; copy the file into the corpus instead")
            continue
        texts[path.stem] = path
    return texts


def pair_corpus(root: Path, src_lang: str = "fr", tgt_lang: str = "en") -> CorpusPairs:
    """Pair ``root/<src_lang>/X.*`` with ``root/<tgt_lang>/X.*`` by stem X."""
    if not root.is_dir():
        raise InputError(f"{root}: is not a folder; give the corpus folder holding {src_lang}/ and {tgt_lang}/")
    refused: list[str] = []
    sources = _texts_in(root / src_lang, root, refused)
    targets = _texts_in(root / tgt_lang, root, refused)
    if not sources and not targets and not refused:
        raise InputError(
            f"{root}: holds no files in {src_lang}/ or {tgt_lang}/; put paired files "
            f"there as {src_lang}/NAME.txt and {tgt_lang}/NAME.txt"
        )
    official = _official_sources(root)
    pairs = [(sources[stem], targets[stem]) for stem in sorted(sources.keys() & targets.keys())]
    unpaired = []
    for stem in sorted(sources.keys() ^ targets.keys()):
        lack = tgt_lang if stem in sources else src_lang
        path = (sources if stem in sources else targets)[stem]
        message = f"{path}: has no {lack} counterpart {root / lack / stem}.*"
        url = official.get(stem, {}).get(lack)
        if url:
            message += (
                f"; its official {lack} version is published at {url}: fetch it with "
                f"`aligner fetch {url} --lang {lack} --name {stem} -o {root}` or save its text as "
                f"{root / lack / (stem + '.txt')}"
            )
        else:
            message += f"; add the {lack} version as {root / lack / (stem + '.txt')}"
        unpaired.append(message + " and run again")
    return CorpusPairs(pairs, unpaired, refused)


def _official_sources(root: Path) -> dict[str, dict[str, str]]:
    path = root / SOURCES_FILE
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as error:
        raise InputError(f"{path}: is not valid JSON ({error}); fix or remove it") from error
