"""Bad input, faults and hostile files: a clear one-line error or a valid result, never a traceback or half a file.

Each case runs the command line in-process with the fast stand-in embedder
(the cases test the plumbing, not alignment quality) and checks the exit
status, that stderr holds no traceback, and that the output folder holds
either nothing or the complete set of valid files. README's troubleshooting
table lists the same cases.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

import aligner.pipeline
from aligner.cli import EXIT_INPUT, EXIT_OK, main

from .conftest import HashEmbedder

FRENCH = "Les ministres se sont réunis à Ottawa.\n\nIls ont discuté de sécurité.\n"
ENGLISH = "The ministers met in Ottawa.\n\nThey discussed security.\n"
SUFFIXES = (".tmx", ".tei.xml", ".tsv", ".divergences.json", ".divergences.md", ".report.html")


@pytest.fixture(autouse=True)
def fast_embedder(monkeypatch, hash_embedder: HashEmbedder) -> None:
    monkeypatch.setattr(aligner.pipeline, "load_embedder", lambda _name: hash_embedder)


def align(tmp_path: Path, src: Path, tgt: Path, *options: str) -> tuple[int, list[str]]:
    out = tmp_path / "out"
    status = main(["align", str(src), str(tgt), "-o", str(out), "--src-lang", "fr", "--tgt-lang", "en", *options])
    written = sorted(p.name for p in out.iterdir()) if out.is_dir() else []
    return status, written


def check_clean_failure(status: int, written: list[str], capsys, message: str) -> None:
    err = capsys.readouterr().err
    assert status == EXIT_INPUT
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert written == []


def check_complete_output(tmp_path: Path, written: list[str], tmx_dtd) -> None:
    [stem] = {name.split(".")[0] for name in written}
    assert sorted(written) == sorted(stem + suffix for suffix in SUFFIXES)
    tmx = next(tmp_path.glob("out/*.tmx"))
    assert tmx_dtd.validate(etree.parse(str(tmx)))


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _zip_bytes(tmp_path: Path) -> bytes:
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("fr.txt", FRENCH)
    return archive.read_bytes()


# (case, content of the French file, the message expected on stderr)
REFUSED = [
    ("empty file", b"", "is empty"),
    ("whitespace only", b"  \n\t\n \n", "is empty"),
    # A PDF is read whatever its name; this one is only a header.
    ("a damaged PDF named .txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "is not a readable PDF"),
    ("a PNG image", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "is a PNG image"),
    ("binary data with NUL bytes", bytes(range(256)) * 8, "looks like a binary file"),
]


@pytest.mark.parametrize(("case", "content", "message"), REFUSED, ids=[case for case, _c, _m in REFUSED])
def test_unusable_files_are_refused_in_one_line(tmp_path, capsys, case, content, message) -> None:
    src = write(tmp_path / "fr.txt", content)
    tgt = write(tmp_path / "en.txt", ENGLISH)
    check_clean_failure(*align(tmp_path, src, tgt), capsys, f"{src}: {message}")


def test_a_zip_archive_is_refused(tmp_path, capsys) -> None:
    src = write(tmp_path / "fr.txt", _zip_bytes(tmp_path))
    check_clean_failure(*align(tmp_path, src, write(tmp_path / "en.txt", ENGLISH)), capsys, "is a ZIP archive")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--margin", "1.5"], "--margin 1.5: give a weight between 0 and 1"),
        (["--engine", "bertalign", "--margin", "0.4"], "--margin 0.4: Bertalign's kernels know only 0 and 1"),
    ],
)
def test_a_margin_weight_out_of_reach_is_refused(tmp_path, capsys, options, message) -> None:
    src, tgt = write(tmp_path / "fr.txt", FRENCH), write(tmp_path / "en.txt", ENGLISH)
    check_clean_failure(*align(tmp_path, src, tgt, *options), capsys, message)


def test_one_side_empty_is_refused(tmp_path, capsys) -> None:
    tgt = write(tmp_path / "en.txt", "\n\n")
    check_clean_failure(*align(tmp_path, write(tmp_path / "fr.txt", FRENCH), tgt), capsys, f"{tgt}: is empty")


def test_a_folder_or_a_missing_path_is_refused(tmp_path, capsys) -> None:
    tgt = write(tmp_path / "en.txt", ENGLISH)
    check_clean_failure(*align(tmp_path, tmp_path, tgt), capsys, "is not a regular file")
    check_clean_failure(*align(tmp_path, tmp_path / "nope.txt", tgt), capsys, "nope.txt: no such file")


def test_an_unreadable_file_is_refused(tmp_path, capsys, monkeypatch) -> None:
    src = write(tmp_path / "fr.txt", FRENCH)
    real_open = Path.open

    def denied(self: Path, *args, **kwargs):
        if self == src:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    # Tests run as root, for whom chmod 000 does not stop reading.
    monkeypatch.setattr(Path, "open", denied)
    check_clean_failure(
        *align(tmp_path, src, write(tmp_path / "en.txt", ENGLISH)), capsys, "cannot be read (Permission denied)"
    )


def test_one_sentence_each_side_aligns(tmp_path, capsys, tmx_dtd) -> None:
    src = write(tmp_path / "fr.txt", "Bonjour.")
    tgt = write(tmp_path / "en.txt", "Hello.")
    status, written = align(tmp_path, src, tgt)
    assert status == EXIT_OK
    check_complete_output(tmp_path, written, tmx_dtd)
    assert "1 fr / 1 en sentences -> 1 beads (1-1 1)" in capsys.readouterr().out


# (case, bytes of the French file, a warning expected on stderr or None)
ENCODED = [
    ("UTF-8 with BOM", b"\xef\xbb\xbf" + FRENCH.encode(), None),
    ("UTF-16 LE with BOM", b"\xff\xfe" + FRENCH.encode("utf-16-le"), None),
    ("UTF-16 BE with BOM", b"\xfe\xff" + FRENCH.encode("utf-16-be"), None),
    ("UTF-16 LE without BOM", FRENCH.encode("utf-16-le"), None),
    ("Windows-1252", (FRENCH + "Le coût : 5 € – « œuvre ».\n").encode("cp1252"), None),
    ("Latin-1", FRENCH.encode("latin-1"), None),
    ("CRLF line endings", FRENCH.replace("\n", "\r\n").encode(), None),
    ("CR line endings", FRENCH.replace("\n", "\r").encode(), None),
    ("mixed line endings", b"Les ministres se sont r\xc3\xa9unis.\r\n\rIls ont parl\xc3\xa9.\n", None),
    (
        "NUL bytes",
        FRENCH.replace("Ottawa", "Ott\x00awa").encode(),
        "replaced 1 character(s) not allowed in XML (U+0000)",
    ),
    (
        "invalid UTF-8 bytes",
        FRENCH.encode().replace(b"Ottawa", b"Ott\xff\xfeawa"),
        "2 invalid UTF-8 byte sequence(s) replaced",
    ),
    (
        "C0 controls and U+FFFF",
        FRENCH.replace("Ottawa", "Ott\x07a\x1bwa\uffff").encode(),
        "replaced 3 character(s) not allowed in XML",
    ),
    (
        "zero-width and bidi controls",
        FRENCH.replace("Ottawa", "Ott\u200ba\u202ewa\u2066").encode(),
        "removed 3 invisible format character(s)",
    ),
    (
        "NBSP, narrow NBSP, NFD accents",
        "Les ministres se sont re\u0301unis\u00a0: «\u202fOttawa\u202f».\n".encode(),
        None,
    ),
]


@pytest.mark.parametrize(("case", "content", "warning"), ENCODED, ids=[case for case, _c, _w in ENCODED])
def test_encodings_and_odd_characters_give_valid_exports(
    tmp_path, capsys, tmx_dtd, tei_schema, case, content, warning
) -> None:
    src = write(tmp_path / "fr.txt", content)
    status, written = align(tmp_path, src, write(tmp_path / "en.txt", ENGLISH))
    assert status == EXIT_OK
    check_complete_output(tmp_path, written, tmx_dtd)
    assert tei_schema.validate(etree.parse(str(tmp_path / "out/fr-en.tei.xml")))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if warning:
        assert warning in err
    tsv = (tmp_path / "out/fr-en.tsv").read_text(encoding="utf-8")
    assert "Les ministres se sont réunis" in tsv  # decoded right, NFC
    assert "\u200b" not in tsv and "\x00" not in tsv


def test_language_mix_ups_are_warned_about(tmp_path, capsys) -> None:
    french = write(tmp_path / "a.txt", FRENCH * 3)
    english = write(tmp_path / "b.txt", ENGLISH * 3)
    assert align(tmp_path, english, french)[0] == EXIT_OK
    assert "look swapped" in capsys.readouterr().err
    assert align(tmp_path, french, write(tmp_path / "c.txt", FRENCH * 2))[0] == EXIT_OK
    assert "both files look fr" in capsys.readouterr().err
    german = write(tmp_path / "d.txt", "Die Minister trafen sich in Ottawa. Sie sprachen über Sicherheit.\n" * 3)
    assert align(tmp_path, german, english)[0] == EXIT_OK
    assert "looks de, not fr" in capsys.readouterr().err


def test_an_untrained_language_is_warned_about(tmp_path, capsys) -> None:
    finnish = write(tmp_path / "fi.txt", "Ministerit tapasivat Ottawassa. He keskustelivat turvallisuudesta.\n")
    english = write(tmp_path / "en.txt", ENGLISH)
    status = main(["align", str(finnish), str(english), "-o", str(tmp_path / "out"), "--src-lang", "fi"])
    assert status == EXIT_OK
    assert "the bundled model was not trained on 'fi'" in capsys.readouterr().err


def test_a_target_ten_times_longer_is_warned_about(tmp_path, capsys, tmx_dtd) -> None:
    src = write(tmp_path / "fr.txt", FRENCH)
    tgt = write(tmp_path / "en.txt", ENGLISH + "\n".join(f"Other sentence number {i}." for i in range(60)))
    status, written = align(tmp_path, src, tgt)
    assert status == EXIT_OK
    check_complete_output(tmp_path, written, tmx_dtd)
    assert "times longer than" in capsys.readouterr().err


def test_a_one_megabyte_line_without_punctuation_is_cut(tmp_path, capsys, tmx_dtd) -> None:
    words = " ".join(f"mot{i % 5000}" for i in range(150_000))[:1_000_000]
    src = write(tmp_path / "fr.txt", words + "\n")
    tgt = write(tmp_path / "en.txt", words.replace("mot", "word") + "\n")
    status, written = align(tmp_path, src, tgt)
    assert status == EXIT_OK
    check_complete_output(tmp_path, written, tmx_dtd)
    assert "made by cutting sentences longer than 2000 characters" in capsys.readouterr().err


def test_an_output_folder_that_cannot_be_made_is_refused(tmp_path, capsys) -> None:
    blocker = write(tmp_path / "out", "a file where the output folder should be")
    status = main(["align", str(write(tmp_path / "fr.txt", FRENCH)), str(write(tmp_path / "en.txt", ENGLISH)),
                   "-o", str(blocker / "sub")])
    err = capsys.readouterr().err
    assert status == EXIT_INPUT and "cannot write the outputs" in err and err.count("\n") == 1
    assert blocker.read_text(encoding="utf-8") == "a file where the output folder should be"


def test_ctrl_c_while_writing_leaves_no_file(tmp_path, capsys, monkeypatch) -> None:
    import aligner.formats

    calls = []

    def interrupted(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(aligner.formats.files.os, "fsync", interrupted)
    status, written = align(tmp_path, write(tmp_path / "fr.txt", FRENCH), write(tmp_path / "en.txt", ENGLISH))
    assert status == 130
    assert written == []
    assert "interrupted; no partial output was written" in capsys.readouterr().err
    monkeypatch.undo()
    status, written = align(tmp_path, tmp_path / "fr.txt", tmp_path / "en.txt")
    assert status == EXIT_OK and len(written) == len(SUFFIXES)


@pytest.mark.parametrize("stem", ["with spaces", "ünïcödé-名前", "-leading-dash", "a..b"])
def test_corpus_stems_of_any_shape(tmp_path, capsys, stem, tmx_dtd) -> None:
    corpus = tmp_path / "corpora"
    write(corpus / "fr" / f"{stem}.txt", FRENCH)
    write(corpus / "en" / f"{stem}.txt", ENGLISH)
    assert main(["corpus", str(corpus), "-o", str(tmp_path / "out")]) == EXIT_OK
    pair_files = [p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("corpus.")]
    assert sorted(pair_files) == sorted(stem + s for s in (*SUFFIXES, ".jsonl"))  # corpus adds jsonl
    assert tmx_dtd.validate(etree.parse(str(tmp_path / "out" / f"{stem}.tmx")))


def test_corpus_refuses_links_leading_outside(tmp_path, capsys) -> None:
    secret = write(tmp_path / "elsewhere" / "secret.txt", "Mot de passe : hunter2.\n")
    corpus = tmp_path / "corpora"
    write(corpus / "fr" / "good.txt", FRENCH)
    write(corpus / "en" / "good.txt", ENGLISH)
    write(corpus / "en" / "leak.txt", ENGLISH)
    (corpus / "fr").joinpath("leak.txt").symlink_to(secret)
    # A link inside the corpus is fine.
    (corpus / "fr").joinpath("inside.txt").symlink_to(corpus / "fr" / "good.txt")
    write(corpus / "en" / "inside.txt", ENGLISH)
    status = main(["corpus", str(corpus), "-o", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert status == EXIT_INPUT
    assert "leak.txt: is a link to a file outside" in captured.err
    assert "hunter2" not in captured.out + captured.err
    assert not list((tmp_path / "out").glob("leak.*"))
    assert (tmp_path / "out" / "good.tmx").is_file() and (tmp_path / "out" / "inside.tmx").is_file()


def test_a_long_document_is_aligned_in_chunks_with_bounded_memory(tmp_path, hash_embedder) -> None:
    import tracemalloc

    from aligner.pipeline import PairSettings, process_pair
    from aligner.settings import AlignParams

    sentences = [f"Sentence {i} speaks of topic {i % 113} and item {i % 37}." for i in range(8_000)]
    src = write(tmp_path / "src.txt", "\n".join(sentences))
    tgt = write(tmp_path / "tgt.txt", "\n".join(s for i, s in enumerate(sentences) if i % 1000 != 500))
    tracemalloc.start()
    settings = PairSettings("en", "en", presplit=True, model=hash_embedder, params=AlignParams(chunk=1000))
    result = process_pair(src, tgt, tmp_path / "out", settings)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    beads = result.alignment.beads
    assert sorted(i for b in beads for i in b.src) == list(range(8_000))
    assert [b.src for b in beads if not b.tgt] == [(i,) for i in range(500, 8_000, 1000)]
    assert peak < 200 * 2**20


def test_an_internal_error_is_one_line_with_exit_1_and_debug_shows_the_traceback(tmp_path, capsys, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(aligner.pipeline, "run_checks", broken)
    src, tgt = write(tmp_path / "fr.txt", FRENCH), write(tmp_path / "en.txt", ENGLISH)
    status, written = align(tmp_path, src, tgt)
    err = capsys.readouterr().err
    assert status == 1 and written == []
    assert err.count("\n") == 1 and "internal error: RuntimeError: a bug" in err and "--debug" in err
    assert align(tmp_path, src, tgt, "--debug")[0] == 1
    assert "Traceback" in capsys.readouterr().err


def test_a_pair_named_like_the_corpus_files_is_refused(tmp_path, capsys) -> None:
    """A pair `corpus` would write corpus.tmx, the name of the whole corpus's TMX: one would
    overwrite the other without a word."""
    corpus = tmp_path / "corpora"
    for stem in ("corpus", "corpus.manifest", "good"):
        write(corpus / "fr" / f"{stem}.txt", FRENCH)
        write(corpus / "en" / f"{stem}.txt", ENGLISH)
    status = main(["corpus", str(corpus), "-o", str(tmp_path / "out"), "--jobs", "1"])
    captured = capsys.readouterr()
    assert status == EXIT_INPUT
    refused = f"{corpus / 'fr' / 'corpus.txt'}: the name 'corpus' is kept for the files of the whole corpus"
    assert refused in captured.err
    assert "the name 'corpus.manifest' is kept" in captured.err
    units = etree.parse(str(tmp_path / "out" / "corpus.tmx")).findall("body/tu/prop[@type='x-document']")
    assert {unit.text for unit in units} == {"good"}
