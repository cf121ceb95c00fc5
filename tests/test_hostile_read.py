"""Hostile files on the reading side: decompression bombs, huge pages, formats in disguise.

The bombs unpack to 1 GiB but are about 1 MB on disk, written piece by piece; each is read
in a child process limited to 1.5 GB of address space and a minute, which reports its peak
memory: a reader that inflated the bomb whole would fail there, not take the machine down.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.read.document import read_document
from aligner.read.html import html_blocks
from aligner.read.pdf import pdf_text
from aligner.read.sniff import Format, sniff
from aligner.settings import HTML_MAX_CHARS, MAX_UNPACKED_BYTES

from .documents import ENGLISH, write_docx

BOMB_BYTES = 1 << 30
_PIECE = b" " * (1 << 20)
ADDRESS_SPACE = 1_500_000_000
#: Run in the child: read the file, print what became of it and the peak memory (MB).
_READ = """
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from aligner.errors import InputError
from aligner.read.document import read_document
try:
    outcome = f"read {{len(read_document(Path(sys.argv[1]), 'en').blocks)}} blocks"
except InputError as error:
    outcome = str(error)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so it would count the parent's memory.
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"outcome": outcome, "peak_mb": peak_kb / 1e3}}))
"""


def _read_bounded(path: Path) -> tuple[str, float, float]:
    """What reading ``path`` gave in a child process with bounded memory: outcome, seconds, peak MB."""
    start = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", _READ.format(limit=ADDRESS_SPACE), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    report = json.loads(child.stdout.splitlines()[-1])
    return report["outcome"], time.perf_counter() - start, report["peak_mb"]


def _docx_bomb(path: Path, inflated: int) -> Path:
    """A real Word document whose body is followed by ``inflated`` bytes of spaces."""
    plain = write_docx(ENGLISH, path.with_name("plain.docx"))
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, source.read(info))
                continue
            head, tail = source.read(info).split(b"<w:body>")
            with bomb.open(info.filename, "w") as part:  # under 2 GiB: no ZIP64 needed
                part.write(head + b"<w:body>")
                for _ in range(inflated // len(_PIECE)):
                    part.write(_PIECE)
                part.write(tail)
    return path


def _declare_size(path: Path, member: str, size: int) -> Path:
    """Make the ZIP directory lie about the size ``member`` unpacks to."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    # A central directory entry: its signature, the size at byte 24, the name at byte 46.
    at = data.index(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(name)] != name:
        at = data.index(b"PK\x01\x02", at + 4)
    data[at + 24 : at + 28] = size.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def _pdf(path: Path, streams: list[bytes], unpacking: str = "FlateDecode") -> Path:
    """A one-page PDF whose content is the given streams, one after the other, each packed by ``unpacking``."""
    contents = " ".join(f"{5 + index} 0 R" for index in range(len(streams)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [%s] "
        b"/Resources << /Font << /F1 4 0 R >> >> >>" % contents.encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *(b"<< /Length %d /Filter /%s >>\nstream\n%s\nendstream" % (len(s), unpacking.encode(), s) for s in streams),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(pdf))
    return path


TEXT_OPERATORS = b"BT /F1 12 Tf 72 720 Td (The Minister may designate any person.) Tj ET\n"


def _flate_bomb(inflated: int) -> bytes:
    """A content stream that shows one line of text, then ``inflated`` bytes of spaces."""
    deflater = zlib.compressobj(9)
    stream = bytearray(deflater.compress(TEXT_OPERATORS))
    for _ in range(inflated // len(_PIECE)):
        stream += deflater.compress(_PIECE)
    return bytes(stream + deflater.flush())


@pytest.fixture(scope="module")
def docx_bomb(tmp_path_factory) -> Path:
    return _docx_bomb(tmp_path_factory.mktemp("docx") / "bomb.docx", BOMB_BYTES)


@pytest.fixture(scope="module")
def pdf_bomb(tmp_path_factory) -> Path:
    return _pdf(tmp_path_factory.mktemp("pdf") / "bomb.pdf", [_flate_bomb(BOMB_BYTES)])


def test_docx_bomb_is_refused_before_it_is_inflated(docx_bomb: Path) -> None:
    assert docx_bomb.stat().st_size < 3_000_000
    outcome, seconds, peak_mb = _read_bounded(docx_bomb)
    assert outcome == (
        f"{docx_bomb}: unpacks to more than 256 MB, more than a Word document needs (a damaged file or a "
        "decompression bomb?); open it in Word or LibreOffice and save its text as a plain-text file"
    )
    assert seconds < 30 and peak_mb < 500


def test_docx_bomb_lying_about_its_size_is_measured_by_what_it_inflates_to(docx_bomb: Path, tmp_path) -> None:
    liar = tmp_path / "liar.docx"
    liar.write_bytes(docx_bomb.read_bytes())
    _declare_size(liar, "word/document.xml", 1000)
    assert zipfile.ZipFile(liar).getinfo("word/document.xml").file_size == 1000
    outcome, seconds, peak_mb = _read_bounded(liar)
    assert outcome.startswith(f"{liar}: unpacks to more than 256 MB")
    assert seconds < 30 and peak_mb < 500


def test_pdf_bomb_is_refused_once_its_streams_pass_the_limit(pdf_bomb: Path) -> None:
    assert pdf_bomb.stat().st_size < 2_000_000
    outcome, seconds, peak_mb = _read_bounded(pdf_bomb)
    assert outcome == (
        f"{pdf_bomb}: this PDF's streams unpack to more than 256 MB, more than a document's text needs (a "
        "damaged file or a decompression bomb?); export the PDF again from its source, or give its text as "
        "a plain-text file"
    )
    # The stream is inflated up to the limit, no further.
    assert seconds < 30 and peak_mb < 2.5 * MAX_UNPACKED_BYTES / 1e6


def test_pdf_streams_count_together(tmp_path) -> None:
    """Many streams under the limit each, over it together."""
    part = zlib.compress(b" " * (MAX_UNPACKED_BYTES // 4 + 1), 9)
    with pytest.raises(InputError, match="streams unpack to more than 256 MB"):
        pdf_text(_pdf(tmp_path / "many.pdf", [zlib.compress(TEXT_OPERATORS), *[part] * 4]).read_bytes(), "many.pdf")


def _lzw_bomb(inflated: int) -> bytes:
    """An LZW stream that shows one line of text, then at least ``inflated`` bytes of spaces.

    Each code names the entry the one before it made (a space, then two, three…, 4 KB), then the last
    entry again and again: every 12-bit code then stands for about 4 KB.
    """
    codes = [256, *TEXT_OPERATORS]
    # TEXT_OPERATORS' own codes (after the first) each made an entry: the next entry is 258 + len - 1.
    codes += [32, *range(258 + len(TEXT_OPERATORS), 4096)]
    size = 4096 - 258 - len(TEXT_OPERATORS)
    codes += [4095] * (inflated // size + 1)
    bits, width, entries, first = bytearray(), 9, 258, True
    value, filled = 0, 0
    for code in codes:
        value, filled = (value << width) | code, filled + width
        while filled >= 8:
            filled -= 8
            bits.append((value >> filled) & 0xFF)
        value &= (1 << filled) - 1
        if code == 256:
            entries, width, first = 258, 9, True
            continue
        if not first:
            entries += 1
            width = {511: 10, 1023: 11, 2047: 12}.get(entries, width)
        first = False
    if filled:
        bits.append((value << (8 - filled)) & 0xFF)
    return bytes(bits)


def test_pdf_lzw_bomb_is_refused_once_its_streams_pass_the_limit(tmp_path) -> None:
    bomb = _pdf(tmp_path / "lzw.pdf", [_lzw_bomb(BOMB_BYTES)], "LZWDecode")
    assert bomb.stat().st_size < 2_000_000
    outcome, seconds, peak_mb = _read_bounded(bomb)
    assert outcome.startswith(f"{bomb}: this PDF's streams unpack to more than 256 MB")
    assert seconds < 30 and peak_mb < 4 * MAX_UNPACKED_BYTES / 1e6


def _runlength(literal: bytes, spaces: int = 0) -> bytes:
    """``literal`` as RunLength literal runs, then ``spaces`` spaces as repeated runs of 128."""
    runs = b"".join(bytes([len(literal[n : n + 128]) - 1]) + literal[n : n + 128] for n in range(0, len(literal), 128))
    return runs + (bytes([257 - 128]) + b" ") * (spaces // 128) + bytes([128])


def test_pdf_lzw_and_runlength_streams_under_the_limit_are_read(tmp_path) -> None:
    lzw = _pdf(tmp_path / "lzw.pdf", [_lzw_bomb(1000)], "LZWDecode")
    assert pdf_text(lzw.read_bytes(), "lzw.pdf").strip() == "The Minister may designate any person."
    runlength = _pdf(tmp_path / "rl.pdf", [_runlength(TEXT_OPERATORS, spaces=1000)], "RunLengthDecode")
    assert pdf_text(runlength.read_bytes(), "rl.pdf").strip() == "The Minister may designate any person."


def test_pdf_runlength_streams_count_towards_the_limit(tmp_path) -> None:
    """A RunLength stream unpacks to 64 times its size: enough of them pass the limit."""
    streams = [_runlength(TEXT_OPERATORS), *[_runlength(b"", spaces=MAX_UNPACKED_BYTES // 4 + 128)] * 4]
    with pytest.raises(InputError, match="streams unpack to more than 256 MB"):
        pdf_text(_pdf(tmp_path / "rl.pdf", streams, "RunLengthDecode").read_bytes(), "rl.pdf")


def test_pdf_stream_with_a_damaged_checksum_keeps_its_text(tmp_path) -> None:
    stream = bytearray(zlib.compress(TEXT_OPERATORS))
    stream[-1] ^= 0xFF
    text = pdf_text(_pdf(tmp_path / "damaged.pdf", [bytes(stream)]).read_bytes(), "damaged.pdf")
    assert text.strip() == "The Minister may designate any person."


def test_docx_with_a_pdf_marker_in_its_first_kilobyte_is_a_docx(tmp_path) -> None:
    plain = write_docx(ENGLISH, tmp_path / "plain.docx")
    path = tmp_path / "marked.docx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as marked:
        # A stored first part whose text starts a line with the PDF marker.
        marked.writestr(zipfile.ZipInfo("customXml/note.txt"), b"Attached:\n%PDF-1.7 specification\n")
        for info in source.infolist():
            marked.writestr(info, source.read(info))
    data = path.read_bytes()
    assert b"\n%PDF-1.7" in data[:1024]
    assert sniff(data) is Format.DOCX
    assert [b.text for b in read_document(path, "en").blocks] == [b.text for b in ENGLISH]


@pytest.mark.parametrize(
    ("data", "file_format"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", Format.PDF),
        (b"\xef\xbb\xbf\r\n%PDF-1.4\n", Format.PDF),
        # Junk first, as some generators write: still a PDF when nothing else claims it.
        (b"\x00\x01 generator junk\n%PDF-1.4\n", Format.PDF),
        (b"<!DOCTYPE html><html><body><pre>\n%PDF-1.4 is a version of PDF.\n</pre></body></html>", Format.HTML),
        (b"The header of a PDF reads\n%PDF-1.7 on its first line.\n", Format.PDF),
        (b"A text that mentions %PDF-1.7 in passing.\n", Format.TEXT),
    ],
)
def test_pdf_marker_counts_at_the_start_or_when_nothing_else_matches(data: bytes, file_format: Format) -> None:
    assert sniff(data) is file_format


def test_web_page_over_the_limit_is_refused_at_once() -> None:
    paragraph = "<p>All work and no play.</p>"
    page = "<html><body><main>" + paragraph * (HTML_MAX_CHARS // len(paragraph)) + "</main></body></html>"
    assert len(page) > HTML_MAX_CHARS
    start = time.perf_counter()
    with pytest.raises(InputError) as refused:
        html_blocks(page, "act.html")
    assert time.perf_counter() - start < 1
    assert str(refused.value) == (
        f"act.html: is a web page of {len(page) / 1e6:.1f} million characters, more than the 10 million this "
        "tool reads; save the page's text from a browser (Save as, Text) and give that file instead"
    )


def _statute_page(size: int) -> tuple[str, int]:
    """A whole statute as one web page of about ``size`` characters, and its number of sections."""
    sections = []
    while sum(map(len, sections)) < size:
        number = len(sections) + 1
        sections.append(
            f'<section id="s-{number}"><h2>Section {number}: Powers of the Minister</h2>\n'
            f"<p>({number}) The Minister may, by order, designate any person or class of persons "
            f"for the purposes of section {number}, subject to the conditions set out in the regulations.</p>\n"
            f'<ul><li>(a) a person who holds a permit issued under <a href="#s-{number}">section {number}</a>;</li>\n'
            "<li>(b) a person who is exempted by the regulations.</li></ul>\n"
            "<p>Any order made under this section is not a statutory instrument.</p></section>\n"
        )
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>An Act</title></head>'
        "<body><header><nav><a href='/'>Home</a></nav></header><main><h1>An Act</h1>\n"
        + "".join(sections)
        + "</main><footer>Footer</footer></body></html>"
    )
    return page, len(sections)


def test_a_whole_statute_as_one_page_is_read() -> None:
    page, sections = _statute_page(2_000_000)
    start = time.perf_counter()
    blocks = html_blocks(page, "act.html")
    assert time.perf_counter() - start < 60
    assert len(blocks) == 1 + 5 * sections
    assert blocks[-1].text == "Any order made under this section is not a statutory instrument."


def test_a_page_built_to_be_slow_is_stopped_at_the_cpu_limit(monkeypatch) -> None:
    """Removed elements each followed by text cost trafilatura time that grows with the square of the
    page (0.5 MB: about 34 s): the extraction runs in a child process that a CPU limit stops."""
    monkeypatch.setattr("aligner.read.html.HTML_CPU_SECONDS", 2)
    page = "<html><body><main>" + "<nav>x</nav>text " * 30_000 + "</main></body></html>"
    start = time.perf_counter()
    with pytest.raises(InputError) as refused:
        html_blocks(page, "slow.html")
    assert time.perf_counter() - start < 30
    assert str(refused.value) == (
        "slow.html: reading this web page's main text takes more than 2 s (a page built to be slow?); "
        "save the page's text from a browser (Save as, Text) and give that file instead"
    )
