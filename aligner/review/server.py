"""``aligner review``: a local web application in which a reviewer corrects an alignment and decides
its findings, every decision saved at once in the document's review store (:mod:`aligner.review.store`).

It is a single-user tool served on the loopback interface, yet any web page the reviewer opens meanwhile
could send requests to it, so every request must carry the access token printed with the URL (as
Jupyter does), the Host header must name the bound address (against DNS rebinding), and a request that
changes anything must be a JSON POST carrying the page's CSRF token and, when the browser says, our
Origin. The page itself puts every text into the DOM as text and runs only the script served from
the package's ``static`` folder, as its Content-Security-Policy says.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote

from flask import Flask, Response, abort, jsonify, redirect, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import Forbidden, HTTPException
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from aligner.corpus import is_corpus_name
from aligner.embed import Embedder
from aligner.errors import InputError, one_line
from aligner.formats import DEFAULT_FORMATS
from aligner.review.export import export, export_folder
from aligner.review.load import ALIGNMENT_SUFFIXES
from aligner.review.store import Conflict, ReviewStore
from aligner.settings import DEFAULT_MODEL

#: Where a browser may fetch, submit, frame or load anything from: this server's script, style and
#: JSON only. No inline script or style, so that markup slipped into a text could not run.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
CSRF_HEADER = "X-CSRF-Token"
#: The largest request body: an action with a comment is well under a kilobyte.
MAX_REQUEST_BYTES = 1 << 20
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) stays on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def find_documents(target: Path) -> dict[str, Path]:
    """The documents to review by name: ``OUT/NAME`` alone, or every ``NAME`` whose alignment an
    output folder ``OUT`` holds (the corpus-wide ``corpus.*`` files are no document)."""
    if not target.is_dir():
        return {target.name: target}
    names = {
        name
        for suffix in ALIGNMENT_SUFFIXES
        for path in target.glob(f"*{suffix}")
        if path.is_file() and not is_corpus_name(name := path.name.removesuffix(suffix))
    }
    if not names:
        raise InputError(
            f"{target}: holds no aligned document (no NAME{ALIGNMENT_SUFFIXES[0]}, NAME.tmx...): give OUT/NAME, "
            "or an output folder of aligner align or aligner corpus"
        )
    return {name: target / name for name in sorted(names)}


@dataclass
class ReviewStores:
    """The documents under review (name -> ``OUT/NAME``), each one's store opened when first asked for
    (a store serves every thread). The embedding ``model`` runs the checks of a document whose outputs
    hold no report, and scores and checks an export's corrected beads."""

    documents: dict[str, Path]
    model: str | Embedder
    lock: threading.Lock = field(default_factory=threading.Lock)
    opened: dict[str, ReviewStore] = field(default_factory=dict)

    def __getitem__(self, name: str) -> ReviewStore:
        if name not in self.documents:
            abort(404)
        with self.lock:
            if name not in self.opened:
                self.opened[name] = ReviewStore.open(self.documents[name], model=self.model)
            return self.opened[name]

    def close(self) -> None:
        with self.lock:
            for store in self.opened.values():
                store.close()
            self.opened.clear()


def _without_sentences(state: dict[str, Any]) -> dict[str, Any]:
    """The state after an action, less the sentences' texts: an action never changes them, and
    the page keeps those it loaded (a long document's are most of its state)."""
    return {**state, "src": {**state["src"], "sentences": None}, "tgt": {**state["tgt"], "sentences": None}}


def create_app(stores: ReviewStores, token: str, csrf_token: str, hosts: tuple[str, ...]) -> Flask:
    """The review application of the documents of ``stores``. A request must present ``token`` and
    name one of ``hosts`` (``host:port``) in its Host header; ``hosts`` empty accepts any (a server
    bound to every interface, reached by whatever name)."""
    app = Flask(__name__, static_folder="static", static_url_path="/static")
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    documents = stores.documents
    # Browsers share cookies between the ports of one host: one name per server keeps two reviews apart.
    cookie = f"aligner-review-{secrets.token_hex(4)}"
    origins = {f"http://{host}" for host in hosts}

    def forbidden(why: str) -> NoReturn:
        raise Forbidden(why)

    @app.before_request
    def guard() -> ResponseReturnValue | None:
        if hosts and request.host not in hosts:
            forbidden(f"this server answers to {hosts[0]} only")
        from_query = request.args.get("token") if request.method == "GET" else None
        given = from_query or request.cookies.get(cookie) or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            forbidden("open the address aligner review printed, with its token")
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin is not None and origins and origin not in origins:
                forbidden("a request from another site")
            if not hmac.compare_digest(request.headers.get(CSRF_HEADER, "").encode(), csrf_token.encode()):
                forbidden(f"a change must come from the review page (no valid {CSRF_HEADER})")
            if not request.is_json:
                abort(415)
        if from_query:
            # Trade the token in the address for a cookie, so that it leaves the address bar and history.
            response = redirect(request.path, 303)
            response.set_cookie(cookie, token, httponly=True, samesite="Strict")
            return response
        return None

    @app.after_request
    def protect(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        return _error(error.code or 500, f"{error.name}: {error.description}")

    @app.errorhandler(InputError)
    def input_error(error: InputError) -> ResponseReturnValue:
        return _error(400, str(error))  # outputs that cannot be reviewed, found when a document is opened

    @app.get("/")
    def index() -> ResponseReturnValue:
        if len(documents) == 1:
            return redirect(_document_path(next(iter(documents))), 303)
        listed = []
        for name, target in documents.items():
            progress = None
            if ReviewStore.store_path(target).exists():  # a document not yet opened has no progress to show
                progress = stores[name].progress()
            listed.append({"name": name, "href": _document_path(name), "progress": progress})
        return render_template("index.html", documents=listed, folder=str(next(iter(documents.values())).parent))

    @app.get("/doc/<name>/")
    def page(name: str) -> ResponseReturnValue:
        stores[name]  # an unknown name is a 404, a document whose outputs are unreadable an error, before any page
        return render_template("review.html", name=name, csrf_token=csrf_token, several=len(documents) > 1)

    @app.get("/doc/<name>/state")
    def state(name: str) -> ResponseReturnValue:
        return jsonify(stores[name].state())

    @app.post("/doc/<name>/apply")
    def apply(name: str) -> ResponseReturnValue:
        body = request.get_json(silent=True)
        revision, action = (body.get("revision"), body.get("action")) if isinstance(body, dict) else (None, None)
        if type(revision) is not int or not isinstance(action, dict):
            return jsonify(error='send {"revision": N, "action": {...}}'), 400
        try:
            return jsonify(_without_sentences(stores[name].apply(revision, action)))
        except Conflict as conflict:
            return _error(409, str(conflict))

    @app.post("/doc/<name>/export")
    def export_files(name: str) -> ResponseReturnValue:
        folder = export_folder(documents[name])
        written = export(documents[name], folder, DEFAULT_FORMATS, model=stores.model)
        return jsonify(folder=str(folder), files=[path.name for path in written])

    return app


def _error(status: int, message: str) -> ResponseReturnValue:
    """An error in one line: JSON for the page's script (which sends every POST), text for a browser."""
    if request.method == "POST":
        return jsonify(error=one_line(message)), status
    return Response(f"{one_line(message)}\n", status, mimetype="text/plain")


def _document_path(name: str) -> str:
    return f"/doc/{quote(name, safe='')}/"


class _QuietHandler(WSGIRequestHandler):
    """Logs no request: the first one's address holds the token, and the terminal shows the URL once."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class ReviewServer:
    """The review application served on ``host:port`` (0: a free port) in a thread of its own."""

    def __init__(
        self, target: Path, host: str = "127.0.0.1", port: int = 0, model: str | Embedder = DEFAULT_MODEL
    ) -> None:
        self.stores = ReviewStores(find_documents(target), model)
        self.documents = self.stores.documents
        if len(self.documents) == 1:
            self.stores[next(iter(self.documents))]  # outputs that cannot be reviewed are said before serving
        self.token = secrets.token_urlsafe(32)
        self.csrf_token = secrets.token_urlsafe(32)
        # Bound first, the application second: it must know the port a free one (0) turned out to be.
        self._server: BaseWSGIServer = make_server(
            host, port, self._placeholder, threaded=True, request_handler=_QuietHandler
        )
        self.host, self.port = host, self._server.server_port
        self._server.app = create_app(self.stores, self.token, self.csrf_token, self._allowed_hosts())
        self._thread = threading.Thread(target=self._server.serve_forever, name="aligner-review", daemon=True)

    @staticmethod
    def _placeholder(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        raise RuntimeError("the review application is set once the port is known")

    def _allowed_hosts(self) -> tuple[str, ...]:
        """What the Host header may say: the bound address, and any name of this machine when that is
        the loopback; anything when bound to every interface (0.0.0.0, ::)."""
        if is_loopback(self.host):
            return tuple(_netloc(name, self.port) for name in dict.fromkeys((self.host, *LOOPBACK_NAMES)))
        if _is_unspecified(self.host):
            return ()
        return (_netloc(self.host, self.port),)

    @property
    def url(self) -> str:
        """The address to open, with the token."""
        return f"http://{_netloc(self.host, self.port)}/?token={self.token}"

    def start(self) -> ReviewServer:
        """Serve in a background thread (tests); :meth:`stop` ends it."""
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve until interrupted (Ctrl-C, SIGTERM: the KeyboardInterrupt is raised on), then stop.
        The server runs in its thread and this one waits: werkzeug's own loop would swallow the
        interrupt, and with it the difference between Ctrl-C and SIGTERM."""
        self.start()
        try:
            self._thread.join()
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop a server started with :meth:`start` and release its stores and port."""
        self._server.shutdown()
        self._thread.join()
        self.stores.close()
        self._server.server_close()


def _netloc(host: str, port: int) -> str:
    """``host:port`` as a URL and a Host header write it (an IPv6 address in brackets)."""
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def _is_unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False
