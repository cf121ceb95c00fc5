"""XLSX and JSONL exports, and choosing the outputs with ``--format``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import openpyxl
import pytest

from aligner.checks import run_checks
from aligner.cli import EXIT_INPUT, EXIT_OK, main
from aligner.embed import load_embedder
from aligner.findings import Comparison
from aligner.formats import DEFAULT_FORMATS, FORMATS, write_outputs


@pytest.fixture(scope="module")
def outputs(sample_alignment, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("records")
    files = write_outputs(
        sample_alignment,
        Comparison(
            run_checks(
                sample_alignment,
                load_embedder(),
                checks=("values", "names", "form", "structure", "omissions", "drift"),
            ).findings
        ),
        out,
        "sample",
        ["xlsx", "jsonl"],
    )
    return {path.name.removeprefix("sample"): path for path in files}


def test_only_the_chosen_formats_are_written(outputs) -> None:
    assert sorted(outputs) == [".jsonl", ".xlsx"]
    assert sorted(path.name for path in next(iter(outputs.values())).parent.iterdir()) == [
        "sample.jsonl",
        "sample.xlsx",
    ]


def test_xlsx_has_one_row_per_bead_a_frozen_header_and_wrapped_texts(outputs, sample_alignment) -> None:
    sheet = openpyxl.load_workbook(outputs[".xlsx"]).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "bead", "source ids", "target ids", "source (fr)", "target (en)", "type", "similarity", "divergences",
        "status", "comment",
    )
    assert len(rows) == len(sample_alignment.beads) + 1
    assert sheet.freeze_panes == "A2"
    assert sheet["D2"].alignment.wrap_text and sheet["E2"].alignment.wrap_text
    assert not sheet["A2"].alignment.wrap_text
    assert sheet.column_dimensions["D"].width >= 50 and sheet.column_dimensions["A"].width <= 10
    first = rows[1]
    bead = sample_alignment.beads[0]
    assert first[:7] == (
        1, "0", "0", sample_alignment.side_text(bead, "src"), sample_alignment.side_text(bead, "tgt"),
        bead.kind, bead.similarity,
    )
    flagged = sorted((row[5], row[7]) for row in rows[1:] if row[7])
    assert flagged == [("0-1", "addition (high)"), ("1-0", "omission (high)"), ("1-1", "number (high)")]


def test_jsonl_is_one_bead_object_per_line(outputs, sample_alignment) -> None:
    lines = outputs[".jsonl"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(sample_alignment.beads)
    records = [json.loads(line) for line in lines]
    assert records[0]["src_lang"] == "fr" and records[0]["tgt_lang"] == "en"
    for record, bead in zip(records, sample_alignment.beads, strict=True):
        assert (record["src_ids"], record["tgt_ids"], record["type"]) == (list(bead.src), list(bead.tgt), bead.kind)
        assert record["similarity"] == bead.similarity
    omission = next(record for record in records if record["type"] == "1-0")
    assert omission["tgt_text"] == "" and omission["divergences"][0]["kind"] == "omission"
    assert "Ils se sont félicités" in omission["src_text"]  # UTF-8, not \\u escapes


def test_report_writes_the_divergence_files_and_the_page(sample_alignment, tmp_path) -> None:
    files = write_outputs(sample_alignment, Comparison([]), tmp_path, "x", ["report"])
    assert [path.name for path in files] == ["x.divergences.json", "x.divergences.md", "x.report.html"]
    assert set(DEFAULT_FORMATS) < set(FORMATS)


def test_xlsx_is_byte_identical_under_source_date_epoch(sample_alignment, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    first = write_outputs(sample_alignment, Comparison([]), tmp_path / "a", "x", ["xlsx"])
    # openpyxl stamps the time of saving, to the second: save a second later.
    time.sleep(1.1)
    second = write_outputs(sample_alignment, Comparison([]), tmp_path / "b", "x", ["xlsx"])
    assert first[0].read_bytes() == second[0].read_bytes()


def test_cli_format_option_chooses_the_outputs(tmp_path, capsys) -> None:
    (tmp_path / "fr.txt").write_text("Le ministre est arrivé.\nIl a parlé aux journalistes.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The Minister arrived.\nHe spoke to reporters.\n", encoding="utf-8")
    out = tmp_path / "out"
    status = main(["align", str(tmp_path / "fr.txt"), str(tmp_path / "en.txt"), "-o", str(out),
                   "--format", "tei,xlsx", "--format", "jsonl"])
    assert status == EXIT_OK
    assert f"wrote {out}/fr-en.{{tei.xml,xlsx,jsonl}}" in capsys.readouterr().out
    assert sorted(path.name for path in out.iterdir()) == ["fr-en.jsonl", "fr-en.tei.xml", "fr-en.xlsx"]


def test_cli_unknown_format_is_a_usage_error(sample_pair, tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["align", *map(str, sample_pair), "-o", str(tmp_path), "--format", "tmx,docx"])
    assert exit_info.value.code == EXIT_INPUT
    assert "unknown format docx; choose from tmx, tei, tsv, xlsx, jsonl, report" in capsys.readouterr().err
