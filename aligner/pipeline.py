"""The whole chain for one pair of documents, and the pairing of a corpus folder."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from aligner.align import AlignParams, align_embedded, embed_side
from aligner.diverge import find_divergences
from aligner.embed import DEFAULT_MODEL, OverlapEncoder, load_embedder
from aligner.errors import InputError
from aligner.export import DEFAULT_FORMATS, write_outputs
from aligner.model import Alignment, Divergence, Document
from aligner.read import read_document
from aligner.segment import segment

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
    model: str = DEFAULT_MODEL,
    params: AlignParams = AlignParams(),
) -> Alignment:
    """Embed both documents' sentences and align them."""
    encoder = OverlapEncoder(load_embedder(model))
    beads = align_embedded(
        embed_side(encoder, source.texts, params),
        embed_side(encoder, target.texts, params),
        params,
        src_headings=source.headings,
        tgt_headings=target.headings,
    )
    return Alignment(source=source, target=target, beads=beads, model=encoder.model_name)


@dataclass
class PairResult:
    """What aligning one pair produced; prints as the summary a user reads."""

    stem: str
    alignment: Alignment
    divergences: list[Divergence]
    files: list[Path] = field(default_factory=list)

    def __str__(self) -> str:
        source, target = self.alignment.source, self.alignment.target
        beads = ", ".join(f"{kind} {count}" for kind, count in self.alignment.counts().items())
        unmatched = sum(1 for item in self.divergences if item.kind in ("omission", "addition"))
        low = sum(1 for item in self.divergences if item.kind == "meaning_drift")
        lines = [
            f"{self.stem}: {len(source.sentences)} {source.lang} / "
            f"{len(target.sentences)} {target.lang} sentences -> {len(self.alignment.beads)} beads ({beads})",
            f"  divergences: {unmatched} unmatched sentence(s), {low} low-similarity bead(s)",
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
    model: str = DEFAULT_MODEL,
    params: AlignParams = AlignParams(),
    stem: str | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
) -> PairResult:
    """Read, segment, embed, align, list divergences and export one pair."""
    source = load_document(src_path, src_lang, presplit=presplit)
    target = load_document(tgt_path, tgt_lang, presplit=presplit)
    alignment = align_documents(source, target, model, params)
    divergences = find_divergences(alignment)
    name = stem or pair_name(src_path, tgt_path)
    files = write_outputs(alignment, divergences, out_dir, name, formats)
    return PairResult(name, alignment, divergences, files)


def pair_name(src_path: Path, tgt_path: Path) -> str:
    """The stem of a pair's output files: the shared file stem, else both stems."""
    if src_path.stem == tgt_path.stem:
        return src_path.stem
    return f"{src_path.stem}-{tgt_path.stem}"


@dataclass(frozen=True)
class CorpusPairs:
    """The files of a corpus folder paired by stem, and those left without a partner."""

    pairs: list[tuple[Path, Path]]
    unpaired: list[str]


def _texts_in(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    files = [
        path
        for path in sorted(folder.iterdir())
        if path.is_file()
        and not path.name.startswith(".")
        and not path.name.upper().startswith("README")
        and not path.name.endswith(PROVENANCE_SUFFIX)
    ]
    return {path.stem: path for path in files}


def pair_corpus(root: Path, src_lang: str = "fr", tgt_lang: str = "en") -> CorpusPairs:
    """Pair ``root/<src_lang>/X.*`` with ``root/<tgt_lang>/X.*`` by stem X."""
    if not root.is_dir():
        raise InputError(f"{root}: is not a folder; give the corpus folder holding {src_lang}/ and {tgt_lang}/")
    sources = _texts_in(root / src_lang)
    targets = _texts_in(root / tgt_lang)
    if not sources and not targets:
        raise InputError(
            f"{root}: holds no files in {src_lang}/ or {tgt_lang}/; put paired files "
            f"there as {src_lang}/NAME.txt and {tgt_lang}/NAME.txt"
        )
    official = _official_sources(root)
    pairs = [(sources[stem], targets[stem]) for stem in sorted(sources.keys() & targets.keys())]
    unpaired = []
    for stem in sorted(sources.keys() ^ targets.keys()):
        have, lack = (src_lang, tgt_lang) if stem in sources else (tgt_lang, src_lang)
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
    return CorpusPairs(pairs, unpaired)


def _official_sources(root: Path) -> dict[str, dict[str, str]]:
    path = root / SOURCES_FILE
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as error:
        raise InputError(f"{path}: is not valid JSON ({error}); fix or remove it") from error
