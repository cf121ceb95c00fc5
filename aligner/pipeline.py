"""The whole chain for one pair of documents: read, segment, embed, align, check, write."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aligner.align import align_sentences, engine_label
from aligner.checks import run_checks
from aligner.document import Alignment, Document
from aligner.embed import Embedder, load_embedder
from aligner.errors import shown
from aligner.findings import Comparison, Finding
from aligner.formats import DEFAULT_FORMATS, output_contents, shows_findings
from aligner.formats.files import write_files
from aligner.languages import language
from aligner.read.document import guess_language, read_document
from aligner.segment import segment
from aligner.settings import DEFAULT_MODEL, AlignParams


def load_document(path: Path, lang: str | None = None, *, presplit: bool = False) -> Document:
    """Read and segment one file; its language is detected when not given."""
    return segment(read_document(path, lang, presplit=presplit), presplit=presplit)


def align_documents(
    src: Document,
    tgt: Document,
    model: str | Embedder = DEFAULT_MODEL,
    params: AlignParams = AlignParams(),
) -> Alignment:
    """Embed both documents' sentences and align them.

    ``model`` is a model name or path, or an already loaded :class:`Embedder`.
    """
    embedder = load_embedder(model)
    aligned = align_sentences(
        embedder, src.texts, tgt.texts, params, src_headings=src.headings, tgt_headings=tgt.headings,
        langs=(src.lang, tgt.lang),
    )
    return Alignment(
        src,
        tgt,
        aligned.beads,
        model=embedder.name,
        engine=engine_label(params.engine),
        src_vectors=aligned.src_vectors,
        tgt_vectors=aligned.tgt_vectors,
    )


#: Languages the bundled model was trained on (Yang et al. 2019).
BUNDLED_MODEL_LANGUAGES = frozenset(
    ["ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"]
)
#: Beyond this ratio of characters, two files are unlikely to be translations.
LENGTH_RATIO_LIMIT = 3.0


def pair_warnings(source: Document, target: Document, model: str = DEFAULT_MODEL) -> list[str]:
    """What looks wrong with a pair: files that repaired, languages, lengths."""
    warnings = [f"{document.path}: {note}" for document in (source, target) for note in document.notes]
    # Detection and the model know languages, not regions: fr-CA is French to both.
    languages = [language(document.lang) for document in (source, target)]
    detected = [_detected_language(document) for document in (source, target)]
    for document, lang, found in zip((source, target), languages, detected, strict=True):
        if found and found != lang:
            warnings.append(f"{document.path}: looks {found}, not {document.lang}")
    if detected == languages[::-1] and languages[0] != languages[1]:
        warnings.append("the two files look swapped: give the source file first, or swap --src-lang and --tgt-lang")
    elif detected[0] and detected[0] == detected[1]:
        warnings.append(f"both files look {detected[0]}: is this really a translation pair?")
    if model == DEFAULT_MODEL:
        for document, lang in zip((source, target), languages, strict=True):
            if lang not in BUNDLED_MODEL_LANGUAGES:
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
    #: What the checks found; None when no chosen format shows findings, so no check ran.
    comparison: Comparison | None
    files: list[Path] = field(default_factory=list)
    #: What the user should check: repairs made while reading, suspicious pairs.
    warnings: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        """The findings, most serious first (none when no check ran)."""
        return self.comparison.findings if self.comparison else []

    def __str__(self) -> str:
        source, target = self.alignment.src, self.alignment.tgt
        beads = ", ".join(f"{kind} {count}" for kind, count in self.alignment.counts().items())

        kinds = Counter(finding.kind for finding in self.findings) if self.comparison else None
        lines = [
            f"{shown(self.stem)}: {len(source.sentences)} {source.lang} / "
            f"{len(target.sentences)} {target.lang} sentences -> {len(self.alignment.beads)} beads ({beads})",
            findings_line(kinds, "divergences", "report, xlsx or jsonl"),
        ]
        if self.files:
            lines.append(wrote_line(self.stem, self.files))
        return "\n".join(lines)


def wrote_line(stem: str, files: list[Path]) -> str:
    """The line that says where a pair's files were written."""
    suffixes = ",".join(path.name.removeprefix(stem + ".") for path in files)
    return f"  wrote {shown(str(files[0].parent))}/{shown(stem)}.{{{suffixes}}}"


def findings_line(kinds: Counter[str] | None, title: str, formats: str) -> str:
    """The summary's line of findings by kind; ``kinds`` is None when no check ran (``formats`` would run them)."""
    if kinds is None:
        return f"  {title}: not checked (ask for --format {formats} to list them)"

    def count(*names: str) -> int:
        return sum(kinds[name] for name in names)

    return (
        f"  {title}: {count('omission', 'addition')} unmatched sentence(s), "
        f"{count('partial_omission', 'partial_addition')} clause(s) on one side only, "
        f"{count('number', 'date', 'name')} number/date/name difference(s), "
        f"{count('meaning_drift')} low-similarity bead(s), {count('form', 'structure')} form/structure "
        f"and {count('consistency')} consistency finding(s)"
    )


@dataclass(frozen=True)
class PairSettings:
    """How a pair is read, aligned and written: what travels with every pair of a run."""

    src_lang: str | None = None
    tgt_lang: str | None = None
    presplit: bool = False
    #: A model name or path, or an already loaded embedder.
    model: str | Embedder = DEFAULT_MODEL
    params: AlignParams = AlignParams()
    formats: tuple[str, ...] = DEFAULT_FORMATS
    #: The date the outputs bear; None for now.
    when: datetime | None = None


def process_pair(
    src_path: Path, tgt_path: Path, out_dir: Path, settings: PairSettings = PairSettings(), *, stem: str | None = None
) -> PairResult:
    """Read, segment, embed, align, check and write one pair."""
    result, contents = prepare_pair(src_path, tgt_path, out_dir, settings, stem=stem)
    write_files(contents, out_dir)
    return result


def prepare_pair(
    src_path: Path, tgt_path: Path, out_dir: Path, settings: PairSettings = PairSettings(), *, stem: str | None = None
) -> tuple[PairResult, dict[Path, bytes]]:
    """Read, segment, embed, align and check one pair: its result, and its files' contents by the
    path each will have in ``out_dir``, not yet written (a corpus worker hands them to the driver)."""
    model = settings.model
    source = load_document(src_path, settings.src_lang, presplit=settings.presplit)
    target = load_document(tgt_path, settings.tgt_lang, presplit=settings.presplit)
    warnings = pair_warnings(source, target, model if isinstance(model, str) else model.name)
    embedder = load_embedder(model)
    alignment = align_documents(source, target, embedder, settings.params)
    comparison = run_checks(alignment, embedder) if shows_findings(settings.formats) else None
    name = stem or pair_name(src_path, tgt_path)
    contents = output_contents(alignment, comparison or Comparison(), out_dir, name, settings.formats, settings.when)
    return PairResult(name, alignment, comparison, list(contents), warnings), contents


def pair_name(src_path: Path, tgt_path: Path) -> str:
    """The stem of a pair's output files: the shared file stem, else both stems."""
    if src_path.stem == tgt_path.stem:
        return src_path.stem
    return f"{src_path.stem}-{tgt_path.stem}"
