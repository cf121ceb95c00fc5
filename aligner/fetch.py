"""Download the official version of a document, a web page or a PDF, into a corpus folder.

``aligner fetch URL --lang en -o corpora/`` stores ``corpora/en/STEM.txt``,
the blocks the HTML or PDF reader finds (one per line, blank lines between
them and ``•`` before list items, so that the plain-text reader rebuilds the
same structure), and ``corpora/en/STEM.source.json``, where it came
from: the address asked for and the one that answered, when, the checksum of
the bytes received and their content type. Both files appear together or not
at all.

Politeness: one request per address, a user agent naming the tool and its
version, a timeout, a size limit and a limit on redirects.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypedDict
from urllib.parse import unquote, urlparse

from aligner import __version__
from aligner.corpus import PROVENANCE_SUFFIX
from aligner.errors import InputError
from aligner.formats import write_files
from aligner.read.document import parse_blocks
from aligner.read.encoding import decode
from aligner.read.sniff import Format, sniff
from aligner.settings import FETCH_MAX_BYTES, FETCH_TIMEOUT

#: More redirects than this is a loop or a misconfigured server.
MAX_REDIRECTS = 5
USER_AGENT = f"aligner/{__version__} (sentence aligner; downloads one official document per request)"
#: Media types accepted, and the format each one is read as.
MEDIA_TYPES = {"text/html": Format.HTML, "application/xhtml+xml": Format.HTML, "application/pdf": Format.PDF}
#: Media types that say nothing of the content: the bytes decide.
UNINFORMATIVE_TYPES = {"application/octet-stream", "binary/octet-stream", "application/download"}
#: Page names that say nothing of the document: the folder above names it.
INDEX_PAGES = {"index", "default", "home", "main", "page"}
_CHUNK = 64 * 1024
#: A stem that names a file inside the language folder, never a path out of it.
_PLAIN_STEM = re.compile(r"\w[\w.-]*")


@dataclass(frozen=True)
class Download:
    """What a server sent for one address."""

    url: str
    final_url: str
    content_type: str
    data: bytes
    retrieved_at: datetime
    file_format: Format
    charset: str | None = None


class _Outcome(TypedDict, total=False):
    """What the download thread hands back: the download, or the error it raised."""

    download: Download
    error: BaseException


@dataclass(frozen=True)
class Fetched:
    """A document stored in a corpus folder; prints as the line a user reads."""

    url: str
    text_file: Path
    provenance_file: Path
    file_format: Format

    def __str__(self) -> str:
        return f"{self.url}: {self.file_format} saved as {self.text_file} (provenance in {self.provenance_file.name})"


def fetch(
    url: str,
    lang: str,
    root: Path,
    *,
    stem: str | None = None,
    timeout: float = FETCH_TIMEOUT,
    max_bytes: int = FETCH_MAX_BYTES,
    force: bool = False,
) -> Fetched:
    """Download ``url`` and store its text as ``root/<lang>/<stem>.txt`` with its provenance."""
    stem = stem or stem_for(url, lang)
    if not _PLAIN_STEM.fullmatch(stem):
        raise InputError(f"--name {stem}: give a plain file name stem (letters, digits, '-', '_', '.'), no folder")
    folder = root / lang
    text_file = folder / f"{stem}.txt"
    provenance_file = folder / f"{stem}{PROVENANCE_SUFFIX}"
    if text_file.exists() and not force:
        raise InputError(f"{text_file}: already exists; pass --force to replace it with the downloaded text")
    download = download_document(url, timeout=timeout, max_bytes=max_bytes)
    text = document_text(download, lang)
    provenance = {
        "url": download.url,
        "final_url": download.final_url,
        "retrieved_at": download.retrieved_at.isoformat().replace("+00:00", "Z"),
        "sha256": hashlib.sha256(download.data).hexdigest(),
        "content_type": download.content_type,
        "bytes": len(download.data),
        "lang": lang,
        "text_file": text_file.name,
        "tool": f"aligner {__version__}",
    }
    write_files(
        {
            text_file: text.encode("utf-8"),
            provenance_file: (json.dumps(provenance, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        },
        folder,
    )
    return Fetched(url, text_file, provenance_file, download.file_format)


def stem_for(url: str, lang: str) -> str:
    """A file stem from an address: its page name without extension or language suffix,
    or the folder's name for index pages (``.../fv-cntry-mnstrl-2017/index-en.aspx``)."""
    language_suffix = re.compile(rf"[-_.](?:{re.escape(lang)}|en|fr|eng|fra)$", re.IGNORECASE)
    for segment in reversed([unquote(part) for part in urlparse(url).path.split("/") if part]):
        name = language_suffix.sub("", re.sub(r"\.\w{1,5}$", "", segment))
        name = re.sub(r"[^\w.-]+", "-", name).strip("-.")
        if name and name.lower() not in INDEX_PAGES:
            return name
    return re.sub(r"[^\w.-]+", "-", urlparse(url).hostname or "page")


def download_document(url: str, *, timeout: float = FETCH_TIMEOUT, max_bytes: int = FETCH_MAX_BYTES) -> Download:
    """Download a web page or a PDF, within the time and size limits.

    Raises:
        InputError: For an address that is not http(s), a server error, a
            timeout, an unreachable host, a redirect loop, a response over the
            size limit, or content that is neither HTML nor PDF.
    """
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url}: is not a web address; give an http:// or https:// address")
    # A socket timeout bounds each connection and read, but neither a server
    # that trickles bytes nor name resolution, which can hang for many seconds
    # on a machine without network: the download runs in a thread that is
    # abandoned at the deadline.
    outcome: _Outcome = {}

    def attempt() -> None:
        try:
            outcome["download"] = _download(url, timeout, max_bytes)
        except BaseException as error:  # handed over to the calling thread below
            outcome["error"] = error

    worker = threading.Thread(target=attempt, name=f"fetch {url}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise InputError(_timed_out(url, timeout))
    if "error" in outcome:
        raise outcome["error"]
    return outcome["download"]


def _download(url: str, timeout: float, max_bytes: int) -> Download:
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.1",
        },
    )
    try:
        with _opener().open(request, timeout=timeout) as response:
            content_type = response.headers.get("Content-Type", "")
            media_type = response.headers.get_content_type() if content_type else ""
            if content_type and media_type not in MEDIA_TYPES and media_type not in UNINFORMATIVE_TYPES:
                raise InputError(_not_a_document(url, media_type))
            data = _read_body(response, url, max_bytes)
            final_url = response.geturl()
            charset = response.headers.get_content_charset()
    except _RefusedRedirect as error:
        raise InputError(f"{url}: {error}") from error
    except urllib.error.HTTPError as error:
        raise InputError(f"{url}: the server answered {error.code} {error.reason}; check the address") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise InputError(_timed_out(url, timeout)) from error
        raise InputError(
            f"{url}: cannot reach {urlparse(url).hostname} ({error.reason}); "
            "check the address and the network connection"
        ) from error
    except TimeoutError as error:
        raise InputError(_timed_out(url, timeout)) from error
    except (http.client.HTTPException, OSError) as error:
        raise InputError(
            f"{url}: the connection broke during the download ({error or type(error).__name__}); try again"
        ) from error
    # The bytes first: servers label PDFs text/html, and error pages application/pdf.
    file_format = sniff(data)
    if file_format not in (Format.HTML, Format.PDF):
        file_format = MEDIA_TYPES.get(media_type, file_format)
    if file_format not in (Format.HTML, Format.PDF):
        raise InputError(_not_a_document(url, media_type or "no content type"))
    return Download(url, final_url, content_type, data, datetime.now(UTC).replace(microsecond=0), file_format, charset)


def document_text(download: Download, lang: str) -> str:
    """The blocks of a downloaded page or PDF as plain text: one block per line, blank
    lines between blocks, ``•`` before list items, as the plain-text reader reads them back."""
    if download.file_format is Format.PDF:
        from aligner.read.pdf import pdf_text

        blocks = parse_blocks(pdf_text(download.data, download.url), lang, blank_line_blocks=True)
    else:
        from aligner.read.html import html_blocks

        blocks = html_blocks(_html_text(download), download.url)
    return "".join(("• " if block.kind == "item" else "") + block.text + "\n\n" for block in blocks)


def _html_text(download: Download) -> str:
    """The page decoded with the charset the server declared, or else detected."""
    if download.charset:
        try:
            return download.data.decode(download.charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect instead
    return decode(download.data, download.url)[0]


def _read_body(response: http.client.HTTPResponse, url: str, max_bytes: int) -> bytes:
    """The response body, refused as soon as it is known to exceed ``max_bytes``."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise InputError(_too_large(url, max_bytes, int(declared)))
    chunks, size = [], 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise InputError(_too_large(url, max_bytes))
        chunks.append(chunk)
    return b"".join(chunks)


class _RefusedRedirect(Exception):
    """A redirect this tool does not follow; the message says why, after the address asked for."""


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to web addresses only, at most :data:`MAX_REDIRECTS` along the whole chain.

    urllib's own handler counts distinct addresses rather than hops, follows a
    redirect to ``ftp://`` (logging in anonymously) and refuses one to
    ``file://`` as if it were a loop.
    """

    def http_error_302(self, req, fp, code, msg, headers):  # urllib's names and untyped signature
        location = headers.get("location") or headers.get("uri") or ""
        scheme = urlparse(location).scheme
        if scheme not in ("", "http", "https"):
            raise _RefusedRedirect(
                f"redirects to {location[:100]}, not a web address, which this tool does not follow; "
                "download the document yourself and give its file"
            )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # urllib's names and untyped signature
        hops = getattr(req, "hops", 0) + 1
        if hops > MAX_REDIRECTS:
            raise _RefusedRedirect(
                f"redirects more than {MAX_REDIRECTS} times or in a loop; open it in a browser to find "
                "the document's final address"
            )
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.hops = hops
        return new


def _opener() -> urllib.request.OpenerDirector:
    """An opener for http and https only: urllib's default one also opens ``ftp:`` and ``file:``."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        _WebRedirects(),
    ):
        opener.add_handler(handler)
    return opener


def _not_a_document(url: str, media_type: str) -> str:
    return f"{url}: serves {media_type}, not a web page or a PDF; give the address of the page or of its PDF version"


def _timed_out(url: str, timeout: float) -> str:
    return f"{url}: no complete answer within {timeout:g} s; try again later or raise --timeout"


def _too_large(url: str, limit: int, declared: int | None = None) -> str:
    """The message for a response over the limit, with its size when the server declared it."""
    size = f"{declared / 1e6:.1f} MB" if declared is not None else f"over {limit / 1e6:g} MB"
    return (
        f"{url}: is {size}, more than the {limit / 1e6:g} MB limit; "
        "raise --max-size if it is the right document"
    )
