"""``aligner convert`` on files larger than one chunk: read as streams, checked and written chunk by chunk.

``CHUNK_UNITS`` is set to 3 here, so that a file of a dozen units takes the
path a 200,000-unit memory takes; the embedder is the fast stand-in.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

import aligner.convert
from aligner import formats
from aligner.cli import EXIT_INPUT, EXIT_OK, main
from aligner.convert import StreamedResult, convert, read_alignment
from aligner.errors import InputError
from aligner.formats import tsv
from aligner.formats.units import Position

SUBJECTS = [
    ("Le ministre", "The Minister"), ("La commissaire", "The Commissioner"), ("Le comité", "The committee"),
    ("La province", "The province"), ("Le gouvernement", "The government"), ("La direction", "The branch"),
    ("Le conseil", "The council"), ("La ville", "The city"), ("Le service", "The service"), ("L’agence", "The agency"),
]
VERBS = [
    ("a publié", "published"), ("a examiné", "examined"), ("a approuvé", "approved"), ("a financé", "funded"),
    ("a présenté", "presented"), ("a révisé", "revised"), ("a signé", "signed"), ("a annoncé", "announced"),
    ("a reporté", "postponed"), ("a commandé", "ordered"),
]
OBJECTS = [
    ("le rapport annuel", "the annual report"), ("un nouveau programme", "a new program"),
    ("le budget", "the budget"), ("une étude", "a study"), ("le plan d’action", "the action plan"),
    ("un accord", "an agreement"), ("la politique", "the policy"), ("un projet pilote", "a pilot project"),
    ("le règlement", "the regulation"), ("une enquête", "an inquiry"),
]
PLACES = [
    ("à Ottawa", "in Ottawa"), ("à Montréal", "in Montreal"), ("à Regina", "in Regina"), ("à Halifax", "in Halifax"),
    ("à Toronto", "in Toronto"), ("à Winnipeg", "in Winnipeg"), ("à Québec", "in Quebec City"),
    ("à Victoria", "in Victoria"), ("à Edmonton", "in Edmonton"), ("à Moncton", "in Moncton"),
]


def unit_texts(number: int) -> tuple[str, str]:
    """A short French sentence and its English translation, different for every number below 10,000 × 100."""
    subject, verb, thing, place = (
        SUBJECTS[number % 10], VERBS[number // 10 % 10], OBJECTS[number // 100 % 10], PLACES[number // 1000 % 10]
    )
    year = 1900 + number // 10_000
    return (
        f"{subject[0]} {verb[0]} {thing[0]} {place[0]} en {year}.",
        f"{subject[1]} {verb[1]} {thing[1]} {place[1]} in {year}.",
    )


def write_tmx(path: Path, count: int, *, similarities: bool = True, unmatched_every: int = 0) -> Path:
    """A TMX of ``count`` units, written as a stream (200,000 units take a few seconds):
    ``x-similarity`` props unless told otherwise; with ``unmatched_every`` n, every nth
    unit holds French only and the one after it English only, so that ids differ by side.

    ``python -c 'from tests.test_convert_stream import write_tmx; write_tmx(Path("big.tmx"), 200_000)'``
    writes the memory the README's figures were measured on.
    """
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
            '<header creationtool="generator" srclang="fr" segtype="sentence" o-tmf="generator" adminlang="en" '
            'datatype="plaintext"/>\n<body>\n'
        )
        for number in range(count):
            fr, en = unit_texts(number)
            tuv = '<tuv xml:lang="{}"><seg>{}</seg></tuv>'
            tuvs = [tuv.format("fr", escape(fr)), tuv.format("en", escape(en))]
            if unmatched_every and number % unmatched_every == unmatched_every - 2:
                tuvs = tuvs[:1]
            elif unmatched_every and number % unmatched_every == unmatched_every - 1:
                tuvs = tuvs[1:]
            scored = similarities and len(tuvs) == 2
            prop = f'<prop type="x-similarity">{0.70 + (number * 37 % 25) / 100:.4f}</prop>' if scored else ""
            out.write(f"<tu>{prop}{''.join(tuvs)}</tu>\n")
        out.write("</body>\n</tmx>\n")
    return path


@pytest.fixture
def chunked(monkeypatch, hash_embedder):
    """Chunks of 3 units, the fast embedder, fixed dates: a small file converts as a large one does."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(aligner.convert, "load_embedder", lambda _model: hash_embedder)

    def set_chunk(units: int) -> None:
        monkeypatch.setattr(aligner.convert, "CHUNK_UNITS", units)

    set_chunk(3)
    return set_chunk


@pytest.mark.parametrize("input_format", ["tmx", "tsv"])
def test_a_file_converted_in_chunks_is_the_file_converted_whole(chunked, tmp_path, capsys, input_format) -> None:
    memory = write_tmx(tmp_path / "memory.tmx", 14, unmatched_every=5)
    if input_format == "tsv":  # the same memory as aligner's TSV
        chunked(100)
        assert main(["convert", str(memory), "-o", str(tmp_path / "tsv"), "--format", "tsv"]) == EXIT_OK
        memory = tmp_path / "tsv" / "memory.tsv"
    chunked(100)
    whole = convert(memory, tmp_path / "whole", formats=["tmx", "tsv"])
    chunked(3)
    streamed = convert(memory, tmp_path / "chunks", formats=["tmx", "tsv"])
    assert isinstance(streamed, StreamedResult) and not isinstance(whole, StreamedResult)
    assert streamed.chunks == math.ceil(14 / 3)
    for suffix in ("tmx", "tsv"):
        assert (tmp_path / "chunks" / f"memory.{suffix}").read_bytes() == (
            tmp_path / "whole" / f"memory.{suffix}"
        ).read_bytes()
    # Ids are the whole file's: the French side lacks the English-only units and the other way round.
    beads = (tmp_path / "chunks" / "memory.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert [line.split("\t")[:4] for line in beads[3:6]] == [
        ["4", "3", "", "1-0"], ["5", "", "3", "0-1"], ["6", "4", "4", "1-1"]
    ]
    assert (streamed.src_sentences, streamed.tgt_sentences) == (
        len(whole.alignment.src.sentences), len(whole.alignment.tgt.sentences)
    )
    assert dict(streamed.beads) == whole.alignment.counts()
    assert "in 5 chunks" in str(streamed)
    assert capsys.readouterr().err == ""  # the progress bar shows on a terminal only


def test_chunks_are_scored_checked_and_numbered_as_the_whole_file(chunked, tmp_path) -> None:
    memory = write_tmx(tmp_path / "memory.tmx", 11, similarities=False, unmatched_every=4)
    chunked(100)
    assert main(["convert", str(memory), "-o", str(tmp_path / "whole"), "--format", "jsonl,tmx"]) == EXIT_OK
    chunked(3)
    assert main(["convert", str(memory), "-o", str(tmp_path / "chunks"), "--format", "jsonl,tmx"]) == EXIT_OK

    def records(folder: str) -> list[dict]:
        lines = (tmp_path / folder / "memory.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    whole, chunks = records("whole"), records("chunks")
    fields = ("bead", "type", "src_ids", "tgt_ids", "src_text", "tgt_text", "similarity")
    assert [[r[f] for f in fields] for r in chunks] == [[r[f] for f in fields] for r in whole]
    assert all(r["similarity"] is not None for r in chunks if r["type"] == "1-1")
    # Unmatched units are findings in every chunk, with the whole file's ids.
    kinds = {(r["bead"], item["kind"]) for r in chunks for item in r["divergences"]}
    unmatched = {(r["bead"], "omission" if r["type"] == "1-0" else "addition") for r in chunks if r["type"] != "1-1"}
    assert unmatched and unmatched <= kinds
    assert '<prop type="x-model">hash-bag-of-words</prop>' in (tmp_path / "chunks" / "memory.tmx").read_text(
        encoding="utf-8"
    )


def test_formats_that_need_the_whole_alignment_are_refused_in_one_line(chunked, tmp_path, capsys) -> None:
    memory = write_tmx(tmp_path / "memory.tmx", 10)
    assert main(["convert", str(memory), "-o", str(tmp_path / "out")]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "holds 10 units, more than one chunk (3), and tei, report need the whole alignment in memory" in err
    assert err.rstrip().endswith("--format tmx,tsv,jsonl")
    assert not (tmp_path / "out").exists()


def test_an_interrupted_conversion_leaves_nothing_behind(chunked, tmp_path, monkeypatch, capsys) -> None:
    memory = write_tmx(tmp_path / "memory.tmx", 10)
    out = tmp_path / "out"
    out.mkdir()
    (out / "memory.tmx").write_text("an earlier export", encoding="utf-8")
    calls = []

    def interrupted(alignment, comparison, start: Position) -> bytes:
        calls.append(start)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return tsv.units(alignment, comparison, start)

    monkeypatch.setitem(formats.STREAMED, "tsv", formats.Streamed(tsv.frame, interrupted))
    assert main(["convert", str(memory), "-o", str(out), "--format", "tmx,tsv"]) == 130
    assert "no partial output was written" in capsys.readouterr().err
    assert [path.name for path in out.iterdir()] == ["memory.tmx"]
    assert (out / "memory.tmx").read_text(encoding="utf-8") == "an earlier export"
    assert [start.bead for start in calls] == [1, 4, 7]


def test_the_whole_file_is_read_before_anything_is_written(chunked, tmp_path, capsys) -> None:
    memory = write_tmx(tmp_path / "memory.tmx", 12)
    text = memory.read_text(encoding="utf-8")
    # A third language met in the last chunk still asks which pair to take...
    memory.write_text(
        text.replace("</body>", '<tu><tuv xml:lang="de"><seg>Ein Satz.</seg></tuv></tu></body>'), encoding="utf-8"
    )
    result = convert(memory, tmp_path / "out", src_lang="fr", tgt_lang="de", formats=["tsv"])
    assert dict(result.beads) == {"1-0": 12, "0-1": 1}
    with pytest.raises(InputError, match=r"holds 3 language\(s\) \(fr, en, de\)"):
        convert(memory, tmp_path / "out2", formats=["tsv"])
    # ... and a file cut short fails before any output exists.
    memory.write_text(text[: -len("</body>\n</tmx>\n")], encoding="utf-8")
    assert main(["convert", str(memory), "-o", str(tmp_path / "out3"), "--format", "tsv"]) == EXIT_INPUT
    assert "is not well-formed XML" in capsys.readouterr().err
    assert not (tmp_path / "out3").exists()


@pytest.mark.parametrize(("encoding", "newline"), [("cp1252", "\r\n"), ("utf-8", "\n"), ("utf-16", "\r\n")])
def test_a_large_tsv_is_decoded_as_a_stream_as_it_is_whole(tmp_path, monkeypatch, encoding, newline) -> None:
    rows = ["\t".join(("bead", "src_ids", "tgt_ids", "type", "similarity", "src_text", "tgt_text"))]
    for number in range(40):
        fr, en = unit_texts(number * 7)
        rows.append(f"{number + 1}\t{number}\t{number}\t1-1\t0.8\t{fr} Très bien, « déjà ».\t{en}")
    path = tmp_path / "memory.tsv"
    path.write_bytes(newline.join(rows).encode(encoding) + newline.encode(encoding))
    whole = read_alignment(path)
    # Blocks of 7 bytes cut characters and CRLF pairs in two; the sample is a few lines.
    monkeypatch.setattr(tsv, "WHOLE_BYTES", 0)
    monkeypatch.setattr(tsv, "STREAM_SAMPLE_BYTES", 300)
    monkeypatch.setattr(tsv, "_BLOCK_BYTES", 7)
    streamed = read_alignment(path)
    assert streamed.src.texts == whole.src.texts and streamed.tgt.texts == whole.tgt.texts
    assert (streamed.src.lang, streamed.tgt.lang) == (whole.src.lang, whole.tgt.lang) == ("fr", "en")
    assert streamed.beads == whole.beads


def test_a_large_file_that_leaves_its_encoding_is_a_clear_error(tmp_path, monkeypatch) -> None:
    header = "\t".join(("bead", "src_ids", "tgt_ids", "type", "similarity", "src_text", "tgt_text"))
    lines = [header] + [f"{n}\t{n}\t{n}\t1-1\t0.8\tC’est déjà fait.\tIt is done already." for n in range(1, 30)]
    path = tmp_path / "memory.tsv"
    # Windows-1252 at the start; 0x81, which it leaves undefined, far in.
    path.write_bytes("\n".join(lines).encode("cp1252") + b"\n30\t30\t30\t1-1\t0.8\tD\x81j\xe0.\tAlready.\n")
    monkeypatch.setattr(tsv, "WHOLE_BYTES", 0)
    monkeypatch.setattr(tsv, "STREAM_SAMPLE_BYTES", 200)
    message = r"starts as (cp\d+) text but is not \1 throughout \(.*\); re-save it as UTF-8$"
    with pytest.raises(InputError, match=message):
        read_alignment(path)


if __name__ == "__main__":  # python tests/test_convert_stream.py OUT.tmx COUNT [--no-similarities]
    write_tmx(Path(sys.argv[1]), int(sys.argv[2]), similarities="--no-similarities" not in sys.argv)
