"""A corpus folder: its files paired by stem, and the terminology its documents share."""

from __future__ import annotations

import errno
import json
import os
from dataclasses import dataclass
from pathlib import Path

from aligner.checks.terms import corpus_terms
from aligner.errors import InputError
from aligner.findings import Term
from aligner.formats.report import write_corpus_terms

#: In a corpus folder, where the official addresses of documents are recorded.
SOURCES_FILE = "sources.json"
#: Beside a fetched document ``X.txt``, the record of where it came from (see aligner.fetch).
PROVENANCE_SUFFIX = ".source.json"
#: The files of the whole corpus are named ``corpus.*`` (corpus.tmx, corpus.manifest.jsonl, …).
CORPUS_STEM = "corpus"


def is_corpus_name(stem: str) -> bool:
    """Whether a file stem names the files of the whole corpus (``corpus``, ``corpus.manifest``, …)."""
    return stem == CORPUS_STEM or stem.startswith(f"{CORPUS_STEM}.")


def write_corpus_terminology(reports: dict[str, Path], src_lang: str, tgt_lang: str, out_dir: Path) -> str:
    """Write the terminology the corpus's documents share, from each pair's divergence report
    (``.divergences.json``, by pair name); returns the line that tells the user."""
    tables = {pair: _terms_in(path) for pair, path in reports.items()}
    terms = corpus_terms(tables, src_lang, tgt_lang)
    files = write_corpus_terms(terms, out_dir)
    differing = sum(not term.consistent for term in terms)
    return (
        f"corpus terminology: {len(terms)} term(s) shared by several documents, {differing} rendered differently; "
        f"wrote {files[0].parent}/corpus.terms.{{json,md}}"
    )


def _terms_in(report: Path) -> list[Term]:
    """The terms of a pair's JSON report (see :func:`aligner.formats.report.write_json`)."""
    payload = json.loads(report.read_text(encoding="utf-8"))
    return [
        Term(term["source"], tuple(term["src"]), tuple((each["text"], each["count"]) for each in term["renderings"]))
        for term in payload["terms"]
    ]


@dataclass(frozen=True)
class CorpusPairs:
    """The files of a corpus folder paired by stem, and those that cannot be aligned."""

    pairs: list[tuple[Path, Path]]
    #: Files with no counterpart, with what to do: not an error.
    unpaired: list[str]
    #: Files refused (a link leading out of the corpus folder): an error.
    refused: list[str]
    #: Links that lead nowhere (one line per loop of links, or per broken link): a warning.
    skipped: list[str]


def _texts_in(folder: Path, root: Path, refused: list[str], skipped: dict[frozenset[Path], str]) -> dict[str, Path]:
    """The text files of one language folder by stem.

    Hidden files, READMEs and the provenance records ``aligner fetch`` writes are skipped;
    so are links leading nowhere, with a word in ``skipped``.
    """
    if not folder.is_dir():
        return {}
    texts = {}
    inside = root.resolve()
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name.upper().startswith("README") or path.name.endswith(PROVENANCE_SUFFIX):
            continue
        if path.is_symlink() and not path.exists():
            loop = _loop_of_links(path)
            skipped.setdefault(
                loop or frozenset({path}),
                f"{path}: is a link in a loop of links; skipped" if loop
                else f"{path}: is a link to {os.readlink(path)}, which does not exist; skipped",
            )
            continue
        if not path.is_file():
            continue
        if not path.resolve().is_relative_to(inside):
            # A corpus folder may come from someone else: a link must not
            # make the tool read (and export) a file from elsewhere.
            refused.append(f"{path}: is a link to a file outside {root}; copy the file into the corpus instead")
            continue
        texts[path.stem] = path
    return texts


def _loop_of_links(path: Path) -> frozenset[Path] | None:
    """The links of the loop that ``path`` leads into, or None if it does not lead into one."""
    try:
        path.stat()
        return None
    except OSError as error:
        if error.errno != errno.ELOOP:
            return None
    followed: list[Path] = []
    link = path
    while link.is_symlink() and link not in followed:
        followed.append(link)
        link = Path(os.path.normpath(link.parent / os.readlink(link)))
    # The walk ends where it comes back to a link it followed; a loop through a folder's
    # link (a/x where a -> a) ends elsewhere: then the path stands for its own loop.
    return frozenset(followed[followed.index(link):]) if link in followed else frozenset({path})


def pair_corpus(root: Path, src_lang: str = "fr", tgt_lang: str = "en") -> CorpusPairs:
    """Pair ``root/<src_lang>/X.*`` with ``root/<tgt_lang>/X.*`` by stem X."""
    if not root.is_dir():
        raise InputError(f"{root}: is not a folder; give the corpus folder holding {src_lang}/ and {tgt_lang}/")
    refused: list[str] = []
    skipped: dict[frozenset[Path], str] = {}
    sources = _texts_in(root / src_lang, root, refused, skipped)
    targets = _texts_in(root / tgt_lang, root, refused, skipped)
    if not sources and not targets and not refused:
        raise InputError(
            f"{root}: holds no files in {src_lang}/ or {tgt_lang}/; put paired files "
            f"there as {src_lang}/NAME.txt and {tgt_lang}/NAME.txt"
        )
    official = _official_sources(root)
    for stem in sorted(sources.keys() & targets.keys()):
        if is_corpus_name(stem):
            # Its outputs would overwrite the corpus-level files, or be overwritten by them.
            refused.append(
                f"{sources.pop(stem)}: the name {stem!r} is kept for the files of the whole corpus "
                f"({CORPUS_STEM}.tmx, {CORPUS_STEM}.summary.json, …); rename this pair's two files"
            )
            targets.pop(stem)
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
    return CorpusPairs(pairs, unpaired, refused, list(skipped.values()))


def _official_sources(root: Path) -> dict[str, dict[str, str]]:
    path = root / SOURCES_FILE
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as error:
        raise InputError(f"{path}: is not valid JSON ({error}); fix or remove it") from error
