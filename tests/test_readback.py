"""Every alignment format this tool writes reads back as the same beads, sentences and reviewer's word."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from aligner.cli import EXIT_OK, main
from aligner.convert import read_alignment
from aligner.document import Alignment, Bead, Block, Document, Sentence
from aligner.findings import Comparison, Decision, Finding, with_decisions
from aligner.formats import FORMATS, write_outputs

WHEN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SRC = ["Rapport annuel", "Le rapport décrit les menaces.", "Les cyberattaques ont augmenté de 20 %.",
       "Elles visent les banques.", "Ce paragraphe n’a pas été traduit.", "Le gouvernement investira."]
TGT = ["Annual report", "The report describes the threats.", "They are many.",
       "Cyber attacks rose by 30% and target banks.", "This sentence was added.", "The government will invest."]
BEADS = [
    Bead((0,), (0,), 0.91, checked=True),
    Bead((1,), (1, 2), 0.75, comment="Vérifier « menaces »; see the note"),
    Bead((2, 3), (3,), 0.7, checked=True, comment='line one\nline "two"'),
    Bead((4,), ()),
    Bead((), (4,)),
    Bead((5,), (5,), 0.8),
]


def _document(path: str, lang: str, texts: list[str]) -> Document:
    blocks = [Block("head", texts[0], texts[0]), Block("p", " ".join(texts[1:4]), " ".join(texts[1:4])),
              Block("item", texts[4], texts[4]), Block("item", texts[5], texts[5])]
    where = [0, 1, 1, 1, 2, 3]
    return Document(Path(path), lang, blocks, [Sentence(i, text, where[i]) for i, text in enumerate(texts)])


def _finding(kind: str, src: tuple[int, ...], tgt: tuple[int, ...], decision: Decision | None = None) -> Finding:
    return Finding(kind, "high", src, tgt, "", "", f"{kind} evidence", 1.0, decision=decision)


ALIGNMENT = Alignment(_document("fr/rapport.txt", "fr", SRC), _document("en/report.txt", "en", TGT), BEADS,
                      model="test-model", engine="aligner test")
FINDINGS = [
    _finding("number", (2, 3), (3,), Decision("accepted", 'a real error; "20" is not "30"')),
    _finding("omission", (4,), (), Decision("dismissed")),
    _finding("addition", (), (4,)),
    _finding("consistency", (0, 5), (0, 5), Decision("dismissed", "a term of art")),
]
SUFFIX = {"tmx": ".tmx", "tsv": ".tsv", "jsonl": ".jsonl", "xlsx": ".xlsx", "tei": ".tei.xml"}


def _undecided() -> list[Finding]:
    return [Finding(**{**item.__dict__, "decision": None}) for item in FINDINGS]


@pytest.mark.parametrize("name", list(SUFFIX))
def test_a_written_alignment_reads_back_and_writes_the_same_bytes(name: str, tmp_path: Path) -> None:
    writer = FORMATS[name].files[SUFFIX[name]]
    written = writer(ALIGNMENT, Comparison(FINDINGS), WHEN)
    path = tmp_path / f"rapport{SUFFIX[name]}"
    path.write_bytes(written)
    alignment = read_alignment(path)
    assert [(bead.src, bead.tgt, bead.checked, bead.comment) for bead in alignment.beads] == [
        (bead.src, bead.tgt, bead.checked, bead.comment) for bead in BEADS
    ]
    assert alignment.src.texts == SRC and alignment.tgt.texts == TGT
    assert alignment.decisions == {item.key: item.decision for item in FINDINGS if item.decision}
    if name == "tei":
        assert [block.kind for block in alignment.src.blocks] == ["head", "p", "item", "item"]
    again = writer(alignment, Comparison(with_decisions(_undecided(), alignment.decisions)), WHEN)
    assert again == written


def test_the_tei_with_a_review_is_valid_tei(tei_schema) -> None:
    tree = etree.fromstring(FORMATS["tei"].files[".tei.xml"](ALIGNMENT, Comparison(FINDINGS), WHEN))
    assert tei_schema.validate(tree), tei_schema.error_log


def test_the_tmx_with_a_review_is_valid_tmx(tmx_dtd) -> None:
    tree = etree.fromstring(FORMATS["tmx"].files[".tmx"](ALIGNMENT, Comparison(FINDINGS), WHEN))
    assert tmx_dtd.validate(tree), tmx_dtd.error_log


def test_unreviewed_tsv_keeps_its_columns(tmp_path: Path) -> None:
    unreviewed = Alignment(ALIGNMENT.src, ALIGNMENT.tgt, [Bead(b.src, b.tgt, b.similarity) for b in BEADS], "m")
    head = FORMATS["tsv"].files[".tsv"](unreviewed, Comparison(_undecided()), WHEN).split(b"\n")[0]
    assert head == b"bead\tsrc_ids\ttgt_ids\ttype\tsimilarity\tsrc_text\ttgt_text"


def test_joined_sentences_are_cut_again_where_the_format_does_not_say(tmp_path: Path) -> None:
    """TSV cannot hold where a side's sentences end: they are found again, at spaces."""
    path = tmp_path / "rapport.tsv"
    path.write_bytes(FORMATS["tsv"].files[".tsv"](ALIGNMENT, Comparison(), WHEN))
    assert read_alignment(path).tgt.texts[1:3] == TGT[1:3]


def test_inconsistent_ids_are_numbered_again_with_a_warning(tmp_path: Path, capsys) -> None:
    path = tmp_path / "edited.jsonl"
    lines = FORMATS["jsonl"].files[".jsonl"](ALIGNMENT, Comparison(), WHEN).decode().splitlines()
    path.write_text("\n".join([lines[0], lines[2], lines[1], *lines[3:]]) + "\n", encoding="utf-8")
    from aligner.convert import open_alignment

    source = open_alignment(path)
    assert any("numbered again" in warning for warning in source.warnings)
    alignment = source.read()
    assert [bead.src for bead in alignment.beads][:3] == [(0,), (1, 2), (3,)]


def _edited_xlsx(path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    status, comment = header.index("status") + 1, header.index("comment") + 1
    sheet.cell(2, status).value = "OK"  # bead 1
    sheet.cell(5, status).value = "False positive"  # bead 4: its omission
    sheet.cell(5, comment).value = "a heading, left out on purpose"
    workbook.save(path)


def test_a_reviewers_hand_edits_in_the_xlsx_come_back_in_convert(tmp_path: Path, hash_embedder, monkeypatch) -> None:
    monkeypatch.setattr("aligner.convert.load_embedder", lambda model: hash_embedder)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772366400")
    unreviewed = Alignment(ALIGNMENT.src, ALIGNMENT.tgt, [Bead(b.src, b.tgt, b.similarity) for b in BEADS], "m")
    write_outputs(unreviewed, Comparison(_undecided()), tmp_path, "rapport", ["xlsx"])
    _edited_xlsx(tmp_path / "rapport.xlsx")
    alignment = read_alignment(tmp_path / "rapport.xlsx")
    assert [bead.checked for bead in alignment.beads] == [True, False, False, False, False, False]
    assert alignment.beads[3].comment == "a heading, left out on purpose"
    assert alignment.decisions == {("omission", (4,), ()): Decision("dismissed")}
    out = tmp_path / "out"
    assert main(["convert", str(tmp_path / "rapport.xlsx"), "-o", str(out), "--format", "tmx,jsonl"]) == EXIT_OK
    tmx = (tmp_path / "out" / "rapport.tmx").read_text(encoding="utf-8")
    assert '<prop type="x-review">checked</prop>' in tmx
    assert "reviewer: a heading, left out on purpose" in tmx
    assert '<prop type="x-review">omission: dismissed</prop>' in tmx


def test_verdicts_survive_a_conversion_to_tmx_alone(tmp_path: Path, hash_embedder, monkeypatch) -> None:
    monkeypatch.setattr("aligner.convert.load_embedder", lambda model: hash_embedder)
    write_outputs(ALIGNMENT, Comparison(FINDINGS), tmp_path, "rapport", ["tmx"])
    out = tmp_path / "out"
    assert main(["convert", str(tmp_path / "rapport.tmx"), "-o", str(out), "--format", "tmx"]) == EXIT_OK
    assert '<prop type="x-review">omission: dismissed</prop>' in (out / "rapport.tmx").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["tmx", "tsv", "jsonl", "xlsx", "tei"])
def test_convert_twice_gives_the_same_files(name: str, tmp_path: Path, hash_embedder, monkeypatch) -> None:
    monkeypatch.setattr("aligner.convert.load_embedder", lambda model: hash_embedder)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772366400")
    write_outputs(ALIGNMENT, Comparison(FINDINGS), tmp_path / "out", "rapport", [name])
    first, second = tmp_path / "a", tmp_path / "b"
    formats = ["--format", "tmx,tei,tsv,jsonl,xlsx,report"]
    written = tmp_path / "out" / f"rapport{SUFFIX[name]}"
    assert main(["convert", str(written), "-o", str(first), *formats]) == EXIT_OK
    assert main(["convert", str(first / f"rapport{SUFFIX[name]}"), "-o", str(second), *formats]) == EXIT_OK
    for suffix in SUFFIX.values():
        assert (first / f"rapport{suffix}").read_bytes() == (second / f"rapport{suffix}").read_bytes(), suffix


def test_a_spreadsheet_that_is_not_ours_is_refused_in_one_line(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from aligner.errors import InputError

    workbook = Workbook()
    workbook.active.append(["name", "price"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "prices.xlsx"
    path.write_bytes(buffer.getvalue())
    assert zipfile.is_zipfile(path)
    with pytest.raises(InputError, match="not the review sheet aligner writes"):
        read_alignment(path)


def test_a_review_sheet_that_unpacks_past_the_limit_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    from aligner.errors import InputError
    from aligner.settings import MAX_UNPACKED_BYTES

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
        with package.open("xl/worksheets/sheet1.xml", "w") as part:
            chunk = b" " * 2**20
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 1):
                part.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    refused = r"unpacks to more than 256 MB, more than a review sheet needs .* with aligner$"
    with pytest.raises(InputError, match=refused):
        read_alignment(bomb)


def test_ids_that_are_not_ids_are_refused_naming_the_line_or_row(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from aligner.errors import InputError

    write_outputs(ALIGNMENT, Comparison(), tmp_path, "rapport", ["tsv", "xlsx"])
    tsv = tmp_path / "rapport.tsv"
    lines = tsv.read_text(encoding="utf-8").split("\n")
    lines[2] = "\t".join(["2", "1", "one,two", *lines[2].split("\t")[3:]])
    tsv.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match=r"rapport\.tsv: line 3: the sentence ids are not numbers such as 3,4"):
        read_alignment(tsv)
    workbook = load_workbook(tmp_path / "rapport.xlsx")
    workbook.active.cell(4, 2).value = "2;3"
    workbook.save(tmp_path / "rapport.xlsx")
    with pytest.raises(InputError, match=r"rapport\.xlsx: row 4: the sentence ids are not numbers such as 3,4"):
        read_alignment(tmp_path / "rapport.xlsx")
