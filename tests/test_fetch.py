"""``aligner fetch`` against a local HTTP server serving pages shaped like Government of Canada pages.

The server listens on 127.0.0.1 only, on a free port, for the duration of this
module: nothing here touches the network.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from aligner import __version__
from aligner.cli import EXIT_INPUT, EXIT_OK, main
from aligner.corpus import pair_corpus
from aligner.fetch import MAX_REDIRECTS, stem_for
from aligner.read.document import read_document
from aligner.read.html import html_blocks

from .documents import ENGLISH, FRENCH, gc_page, write_pdf

Route = Callable[[BaseHTTPRequestHandler], None]


def send(status: int, content_type: str | None, body: bytes, headers: dict[str, str] | None = None) -> Route:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def redirect(location: str) -> Route:
    return send(302, "text/html", b"", {"Location": location})


PAGE = "/cnt/rsrcs/pblctns/fv-cntry-mnstrl-2017/index-en.aspx"


def _routes(pdf: bytes) -> dict[str, Route]:
    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(2)
        send(200, "text/html", gc_page(ENGLISH).encode())(handler)

    def huge_without_length(handler: BaseHTTPRequestHandler) -> None:
        # No Content-Length: the size is only known by reading.
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        handler.wfile.write(b"<html><body><main>" + b"<p>All work and no play.</p>" * 20_000 + b"</main></body></html>")

    french = gc_page(FRENCH, lang="fr").replace('charset="utf-8"', 'charset="windows-1252"')
    return {
        "/cnt/rsrcs/pblctns/fv-cntry-mnstrl-2017/index-en.aspx": send(
            200, "text/html; charset=utf-8", gc_page(ENGLISH, title="Joint communiqué").encode("utf-8")
        ),
        "/cnt/rsrcs/pblctns/fv-cntry-mnstrl-2017/index-fr.aspx": send(
            200, "text/html; charset=windows-1252", french.encode("cp1252")
        ),
        "/old-address": redirect("/cnt/rsrcs/pblctns/fv-cntry-mnstrl-2017/index-en.aspx"),
        "/loop-a": redirect("/loop-b"),
        "/loop-b": redirect("/loop-a"),
        "/slow": slow,
        "/logo.png": send(200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        "/huge": send(200, "text/html", b"<html>" + b" " * 300_000 + b"</html>"),
        "/huge-without-length": huge_without_length,
        "/communique.pdf": send(200, "application/pdf", pdf),
        "/download": send(200, "application/octet-stream", pdf),
        "/pdf-served-as-html": send(200, "text/html; charset=utf-8", pdf),
        # Hops along a chain of distinct addresses, and round a cycle of three.
        **{f"/chain/{hop}": redirect(f"/chain/{hop + 1}") for hop in range(-1, MAX_REDIRECTS - 1)},
        f"/chain/{MAX_REDIRECTS - 1}": redirect(PAGE),
        **{f"/cycle/{hop}": redirect(f"/cycle/{(hop + 1) % 3}") for hop in range(3)},
        "/to-file": redirect("file:///etc/passwd"),
    }


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Route]] = {}
    user_agents: ClassVar[list[str]] = []
    paths: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # the name http.server calls
        type(self).user_agents.append(self.headers.get("User-Agent", ""))
        type(self).paths.append(self.path)
        route = self.routes.get(self.path)
        try:
            if route is None:
                self.send_error(404, "Not Found")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up on purpose: a size limit or a timeout

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The base address of a local server, with no proxy in the way."""
    # One page: a running header would not repeat, so it is left out.
    pdf = write_pdf(ENGLISH, tmp_path_factory.mktemp("pdf") / "communique.pdf", running_header="").read_bytes()
    _Handler.routes = _routes(pdf)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    with pytest.MonkeyPatch.context() as patch:
        for variable in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            patch.delenv(variable, raising=False)
        patch.setenv("no_proxy", "127.0.0.1")
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_stores_the_main_text_and_its_provenance(server, tmp_path, capsys) -> None:
    status = main(["fetch", server + PAGE, "--lang", "en", "-o", str(tmp_path), "--name", "communique-fcm-2017"])
    assert status == EXIT_OK
    assert "communique-fcm-2017.txt" in capsys.readouterr().out
    text_file = tmp_path / "en" / "communique-fcm-2017.txt"
    text = text_file.read_text(encoding="utf-8")
    assert text.startswith("Joint communiqué\n\nWe, the Homeland Security")
    assert "• share approaches to counter online terrorist propaganda;" in text
    for furniture in ("Skip to main content", "National Security", "Date modified", "Terms and conditions"):
        assert furniture not in text
    # The plain-text reader rebuilds the page's structure from the stored text.
    blocks = read_document(text_file, "en").blocks
    assert [(b.kind, b.text) for b in blocks] == [(b.kind, b.text) for b in ENGLISH]
    provenance = json.loads((tmp_path / "en" / "communique-fcm-2017.source.json").read_text(encoding="utf-8"))
    assert provenance["url"] == provenance["final_url"] == server + PAGE
    assert provenance["content_type"] == "text/html; charset=utf-8"
    assert len(provenance["sha256"]) == 64 and provenance["retrieved_at"].endswith("Z")
    assert _Handler.user_agents[-1] == (
        f"aligner/{__version__} (sentence aligner; downloads one official document per request)"
    )


def test_fetched_pair_is_paired_and_provenance_files_are_not_documents(server, tmp_path, capsys) -> None:
    for lang in ("fr", "en"):
        url = server + PAGE.replace("-en.aspx", f"-{lang}.aspx")
        assert main(["fetch", url, "--lang", lang, "-o", str(tmp_path)]) == EXIT_OK
    capsys.readouterr()
    corpus = pair_corpus(tmp_path)
    assert corpus.pairs == [
        (tmp_path / "fr" / "fv-cntry-mnstrl-2017.txt", tmp_path / "en" / "fv-cntry-mnstrl-2017.txt")
    ]
    assert corpus.unpaired == []
    # The French page was served in Windows-1252, as its header said.
    french = (tmp_path / "fr" / "fv-cntry-mnstrl-2017.txt").read_text(encoding="utf-8")
    assert "Lutter contre l’extrémisme violent" in french


def test_redirect_is_followed_and_recorded(server, tmp_path, capsys) -> None:
    assert main(["fetch", server + "/old-address", "--lang", "en", "-o", str(tmp_path), "--name", "x"]) == EXIT_OK
    provenance = json.loads((tmp_path / "en" / "x.source.json").read_text(encoding="utf-8"))
    assert provenance["url"] == server + "/old-address"
    assert provenance["final_url"] == server + PAGE


def test_redirects_are_counted_along_the_whole_chain(server, tmp_path, capsys) -> None:
    # Exactly the limit: followed.
    assert main(["fetch", server + "/chain/0", "--lang", "en", "-o", str(tmp_path), "--name", "x"]) == EXIT_OK
    capsys.readouterr()
    # One more, or round a cycle of three addresses (urllib alone went round 13 times): refused
    # after the limit, with no request beyond it.
    for start in ("/chain/-1", "/cycle/0"):
        _Handler.paths.clear()
        assert main(["fetch", server + start, "--lang", "en", "-o", str(tmp_path), "--name", "y"]) == EXIT_INPUT
        err = capsys.readouterr().err
        assert f"{server + start}: redirects more than {MAX_REDIRECTS} times or in a loop" in err
        assert len(_Handler.paths) == MAX_REDIRECTS + 1
    assert not (tmp_path / "en" / "y.txt").exists()


def test_redirect_to_ftp_is_refused_without_connecting(server, tmp_path, capsys, monkeypatch) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        monkeypatch.setitem(_Handler.routes, "/to-ftp", redirect(f"ftp://127.0.0.1:{listener.getsockname()[1]}/"))
        status = main(["fetch", server + "/to-ftp", "--lang", "en", "-o", str(tmp_path), "--name", "x"])
        err = capsys.readouterr().err
        with pytest.raises(TimeoutError):  # nobody came: no anonymous login
            listener.accept()
    assert status == EXIT_INPUT and err.count("\n") == 1
    assert "/to-ftp: redirects to ftp://127.0.0.1:" in err and "not a web address" in err


def test_redirect_to_a_local_file_is_refused_for_what_it_is(server, tmp_path, capsys) -> None:
    assert main(["fetch", server + "/to-file", "--lang", "en", "-o", str(tmp_path), "--name", "x"]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "redirects to file:///etc/passwd, not a web address" in err and "loop" not in err


@pytest.mark.parametrize("path", ["/communique.pdf", "/download", "/pdf-served-as-html"])
def test_pdf_is_read_with_the_pdf_reader(server, tmp_path, capsys, path: str) -> None:
    assert main(["fetch", server + path, "--lang", "en", "-o", str(tmp_path), "--name", "pdf"]) == EXIT_OK
    blocks = read_document(tmp_path / "en" / "pdf.txt", "en").blocks
    assert [(b.kind, b.text) for b in blocks] == [(b.kind, b.text) for b in ENGLISH]
    assert "PDF saved as" in capsys.readouterr().out


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("path", "options", "message"),
    [
        ("/missing", [], "the server answered 404 Not Found; check the address"),
        ("/slow", ["--timeout", "0.3"], "no complete answer within 0.3 s; try again later or raise --timeout"),
        ("/logo.png", [], "serves image/png, not a web page or a PDF"),
        ("/loop-a", [], "redirects more than 5 times or in a loop"),
        ("/huge", ["--max-size", "0.1"], "is 0.3 MB, more than the 0.1 MB limit; raise --max-size"),
        ("/huge-without-length", ["--max-size", "0.1"], "is over 0.1 MB, more than the 0.1 MB limit"),
    ],
)
def test_errors_are_one_clear_line_and_write_nothing(
    server, tmp_path, capsys, path: str, options: list[str], message: str
) -> None:
    status = main(["fetch", server + path, "--lang", "en", "-o", str(tmp_path), "--name", "x", *options])
    err = capsys.readouterr().err
    assert status == EXIT_INPUT
    assert err.count("\n") == 1 and message in err and server + path in err
    assert not (tmp_path / "en").exists()


def test_unreachable_host_is_a_clear_error(tmp_path, capsys) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/page"
    assert main(["fetch", url, "--lang", "en", "-o", str(tmp_path)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "cannot reach 127.0.0.1" in err and "check the address and the network connection" in err


def test_existing_document_is_kept_unless_forced(server, tmp_path, capsys) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "x.txt").write_text("My own copy.\n", encoding="utf-8")
    assert main(["fetch", server + PAGE, "--lang", "en", "-o", str(tmp_path), "--name", "x"]) == EXIT_INPUT
    assert "already exists; pass --force" in capsys.readouterr().err
    assert (tmp_path / "en" / "x.txt").read_text(encoding="utf-8") == "My own copy.\n"
    assert main(["fetch", server + PAGE, "--lang", "en", "-o", str(tmp_path), "--name", "x", "--force"]) == EXIT_OK
    assert (tmp_path / "en" / "x.txt").read_text(encoding="utf-8").startswith("Joint communiqué")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://example.org/x", "--lang", "en"], "is not a web address"),
        (["http://127.0.0.1/a", "http://127.0.0.1/b", "--lang", "en", "--name", "x"], "--name stores one document"),
        (["http://127.0.0.1/a", "--lang", "French"], "ISO 639-1 code"),
        (["http://127.0.0.1/a", "--lang", "en", "--name", "../../elsewhere"], "give a plain file name stem"),
    ],
)
def test_bad_arguments_are_refused_before_any_request(args: list[str], message: str, tmp_path, capsys) -> None:
    assert main(["fetch", *args, "-o", str(tmp_path)]) == EXIT_INPUT
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("url", "stem"),
    [
        ("https://www.publicsafety.gc.ca/cnt/rsrcs/pblctns/fv-cntry-mnstrl-2017/index-en.aspx", "fv-cntry-mnstrl-2017"),
        (
            "https://www.securitepublique.gc.ca/cnt/rsrcs/pblctns/fv-cntry-mnstrl-2017/index-fr.aspx",
            "fv-cntry-mnstrl-2017",
        ),
        ("https://example.org/reports/annual-report-2017-eng.pdf", "annual-report-2017"),
        ("https://example.org/", "example.org"),
    ],
)
def test_stem_comes_from_the_address(url: str, stem: str) -> None:
    assert stem_for(url, "en") == stem


def test_gc_page_main_content_only() -> None:
    assert [b.text for b in html_blocks(gc_page(ENGLISH), "page")] == [b.text for b in ENGLISH]
