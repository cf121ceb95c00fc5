"""aligner review: the server's guards over plain HTTP, then the review page driven in a headless Chromium
(corrections, decisions, reload and restart, export, two tabs, hostile text, a 5,000-bead document).

Documents are written as ``aligner align`` writes them, from hand-made alignments, so that no model runs;
the export scores the changed beads with the tests' hash embedder."""

from __future__ import annotations

import http.client
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from aligner.document import Alignment, Bead, Block, Document, Sentence
from aligner.findings import Comparison, Finding
from aligner.formats import write_outputs
from aligner.review.server import CSRF_HEADER, ReviewServer
from aligner.review.store import ReviewStore

SOURCE = [
    "Titre",
    "Le budget est de 5 millions.",
    "Première partie.",
    "Seconde partie.",
    "Un.",
    "Deux.",
    "Trois.",
    "Quatre.",
    "Cette phrase manque en anglais.",
]
TARGET = [
    "Title",
    "The budget is 7 million.",
    "First part.",
    "Second part.",
    "One.",
    "Two.",
    "Three.",
    "Four.",
    "Four again.",
]
BEADS = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,)), ((4, 5), (4, 5)), ((6,), (6, 7)), ((7,), (8,)),
         ((8,), ())]
#: The beads once the scenario has merged beads 3 and 4, split bead 4 and moved bead 6's last target sentence on.
CORRECTED = [((0,), (0,)), ((1,), (1,)), ((2, 3), (2, 3)), ((4,), (4,)), ((5,), (5,)), ((6,), (6,)),
             ((7,), (7, 8)), ((8,), ())]
HOSTILE = [
    "<script>window.pwned = 1; alert(1)</script>",
    '<img src=x onerror="window.pwned = 2; alert(2)">',
    "javascript:alert(3)",
]


def _document(name: str, lang: str, texts: list[str]) -> Document:
    blocks = [Block("p", text, text) for text in texts]
    return Document(Path(f"/corpus/{name}"), lang, blocks, [Sentence(i, text, i) for i, text in enumerate(texts)])


def _finding(alignment: Alignment, kind: str, severity: str, src, tgt, evidence: str, **spans) -> Finding:
    bead = Bead(src, tgt)
    src_text, tgt_text = alignment.side_text(bead, "src"), alignment.side_text(bead, "tgt")
    return Finding(kind, severity, src, tgt, src_text, tgt_text, evidence, 1.0, **spans)


def _span(text: str, word: str) -> tuple[tuple[int, int]]:
    return ((text.index(word), text.index(word) + len(word)),)


def write_pair(out_dir: Path, stem: str, source: list[str], target: list[str], beads, findings=()) -> Path:
    """Write a pair's outputs as aligner align does; ``findings`` make Findings of the alignment."""
    alignment = Alignment(
        _document(f"{stem}.fr.txt", "fr", source),
        _document(f"{stem}.en.txt", "en", target),
        [Bead(src, tgt, 0.9 if src and tgt else None) for src, tgt in beads],
        "test-model",
    )
    items = [make(alignment) for make in findings]
    write_outputs(alignment, Comparison(items), out_dir, stem)
    return out_dir / stem


def _scenario_findings():
    return [
        lambda a: _finding(a, "number", "high", (1,), (1,), "numbers differ: 5 / 7",
                           src_spans=_span(SOURCE[1], "5"), tgt_spans=_span(TARGET[1], "7")),
        lambda a: _finding(a, "omission", "high", (8,), (), "the source sentence has no translation"),
    ]


@pytest.fixture
def pair(tmp_path) -> Path:
    return write_pair(tmp_path / "out", "doc", SOURCE, TARGET, BEADS, _scenario_findings())


@pytest.fixture
def serve(hash_embedder) -> Iterator:
    """Start a review server on a folder (stopped at the end of the test)."""
    servers: list[ReviewServer] = []

    def start(target: Path) -> ReviewServer:
        servers.append(ReviewServer(target, model=hash_embedder).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


# --- The guards, over plain HTTP ----------------------------------------------


def _request(server: ReviewServer, method: str, path: str, *, body=None, headers=None):
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    connection.request(method, path, body=data, headers=headers or {})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def _cookie(server: ReviewServer) -> str:
    status, headers, _ = _request(server, "GET", f"/?token={server.token}")
    assert status == 303 and headers["Location"] == "/"
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    return cookie.split(";")[0]


def _post_headers(server: ReviewServer, cookie: str, **extra: str) -> dict[str, str]:
    return {"Cookie": cookie, "Content-Type": "application/json", CSRF_HEADER: server.csrf_token, **extra}


def test_every_request_needs_the_token(pair, serve) -> None:
    server = serve(pair)
    unauthorised = [
        ("GET", "/"), ("GET", "/doc/doc/"), ("GET", "/doc/doc/state"), ("GET", "/static/review.js"),
        ("GET", "/?token=wrong"), ("POST", "/doc/doc/apply"), ("POST", f"/doc/doc/apply?token={server.token}"),
    ]
    for method, path in unauthorised:
        status, _, body = _request(server, method, path, body={"revision": 0, "action": {"op": "undo"}},
                                   headers={"Content-Type": "application/json", CSRF_HEADER: server.csrf_token})
        assert status == 403, (method, path)
        assert b"token" in body
    cookie = _cookie(server)
    status, headers, body = _request(server, "GET", "/doc/doc/", headers={"Cookie": cookie})
    assert status == 200 and b'name="csrf-token"' in body
    assert "script-src 'self'" in headers["Content-Security-Policy"] and "unsafe-inline" not in body.decode()
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
    status, _, body = _request(server, "GET", "/static/review.js", headers={"Cookie": cookie})
    assert status == 200 and b"textContent" in body


def test_changes_need_the_csrf_token_a_post_and_our_origin(pair, serve) -> None:
    server = serve(pair)
    cookie = _cookie(server)
    check = {"revision": 0, "action": {"op": "check", "bead": 0, "checked": True}}
    refused = [
        _post_headers(server, cookie, **{CSRF_HEADER: ""}),
        _post_headers(server, cookie, **{CSRF_HEADER: server.csrf_token[:-1]}),
        _post_headers(server, cookie, Origin="http://evil.example"),
        _post_headers(server, cookie, Host=f"evil.example:{server.port}"),  # DNS rebinding
    ]
    for headers in refused:
        assert _request(server, "POST", "/doc/doc/apply", body=check, headers=headers)[0] == 403, headers
    form = {**_post_headers(server, cookie), "Content-Type": "application/x-www-form-urlencoded"}
    assert _request(server, "POST", "/doc/doc/apply", body=b"revision=0", headers=form)[0] == 415
    assert _request(server, "GET", "/doc/doc/apply", headers={"Cookie": cookie})[0] == 405
    assert ReviewStore.open(pair).state()["revision"] == 0, "nothing refused was applied"
    origin = f"http://127.0.0.1:{server.port}"
    status, _, body = _request(server, "POST", "/doc/doc/apply", body=check,
                               headers=_post_headers(server, cookie, Origin=origin))
    assert status == 200 and json.loads(body)["beads"][0]["checked"] is True


def test_nothing_outside_the_static_folder_is_served(pair, serve) -> None:
    server = serve(pair)
    cookie = {"Cookie": _cookie(server)}
    for path in ("/static/../server.py", "/static/%2e%2e/server.py", "/static/..%2fstore.py",
                 "/doc/..%2fdoc/state", "/doc/doc.tmx/state", "/static/templates/review.html"):
        status, _, body = _request(server, "GET", path, headers=cookie)
        assert status == 404, path
        assert b"import" not in body


def test_bad_actions_and_conflicts_answer_in_one_line(pair, serve) -> None:
    server = serve(pair)
    headers = _post_headers(server, _cookie(server))
    merge_nothing = {"revision": 0, "action": {"op": "merge", "bead": 99}}
    status, _, body = _request(server, "POST", "/doc/doc/apply", body=merge_nothing, headers=headers)
    assert status == 400 and "\n" not in json.loads(body)["error"]
    assert _request(server, "POST", "/doc/doc/apply", body=[1], headers=headers)[0] == 400
    check = {"revision": 0, "action": {"op": "check", "bead": 1, "checked": True}}
    assert _request(server, "POST", "/doc/doc/apply", body=check, headers=headers)[0] == 200
    status, _, body = _request(server, "POST", "/doc/doc/apply", body=check, headers=headers)
    assert status == 409 and "another tab" in json.loads(body)["error"]


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 0), (signal.SIGTERM, 128 + signal.SIGTERM)])
def test_the_command_prints_the_address_and_stops_cleanly(pair, stop, status) -> None:
    command = [sys.executable, "-m", "aligner.cli", "review", str(pair), "--no-browser"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            line = process.stdout.readline()  # type: ignore[union-attr]
            assert line.startswith("Reviewing doc: http://127.0.0.1:"), line
            url = urlsplit(line.split(": ", 1)[1].strip())
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
            connection.request("GET", f"/?{url.query}")
            assert connection.getresponse().status == 303
            process.send_signal(stop)
            out, err = process.communicate(timeout=20)
        finally:
            process.kill()
    assert process.returncode == status, err
    assert "stopped" in out and err == ""


def test_the_command_refuses_what_it_cannot_review(tmp_path) -> None:
    command = [sys.executable, "-m", "aligner.cli", "review", str(tmp_path / "missing"), "--no-browser"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("aligner: error: no aligned output for missing") and result.stderr.count("\n") == 1


def test_a_corpus_folder_lists_its_documents(tmp_path, serve) -> None:
    out = tmp_path / "out"
    write_pair(out, "alpha", SOURCE, TARGET, BEADS, _scenario_findings())
    write_pair(out, "<b>beta&", SOURCE[:2], TARGET[:2], BEADS[:2])
    # The files of the whole corpus are no document to review.
    (out / "corpus.tmx").write_bytes((out / "alpha.tmx").read_bytes())
    (out / "corpus.manifest.jsonl").write_text('{"pair": "alpha"}\n', encoding="utf-8")
    with ReviewStore.open(out / "alpha") as store:
        store.apply(0, {"op": "check", "bead": 0, "checked": True})
    server = serve(out)
    status, _, body = _request(server, "GET", "/", headers={"Cookie": _cookie(server)})
    page = body.decode()
    assert status == 200
    assert 'href="/doc/alpha/"' in page and "1 / 8" in page and "not started" in page
    assert "&lt;b&gt;beta&amp;" in page and "<b>beta" not in page
    assert 'href="/doc/%3Cb%3Ebeta%26/"' in page
    assert "/doc/corpus" not in page
    (out / "broken.tmx").write_bytes(b"not a memory")
    server = serve(out)
    cookie = {"Cookie": _cookie(server)}
    status, _, body = _request(server, "GET", "/doc/broken/", headers=cookie)
    assert status == 400 and body.count(b"\n") == 1 and b"broken.tmx" in body, "an unreadable document: one line"


# --- In a real browser -------------------------------------------------------


def _open(driver, server: ReviewServer) -> None:
    driver.set_window_size(1280, 800)
    driver.get(server.url)
    _wait(driver, lambda d: d.find_elements("css selector", "#beads .bead"))


def _wait(driver, condition, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


def _revision(driver) -> int:
    return int(driver.execute_script("return document.body.dataset.revision ?? -1"))


def _acting(driver, do) -> None:
    """Do something that sends a change, and wait until the page shows the state the server answered."""
    before = _revision(driver)
    do()
    _wait(driver, lambda d: _revision(d) != before)


def _click(driver, selector: str) -> None:
    """Click as a reviewer does, the element brought into the middle of the view first (Selenium would
    scroll it to the top, under the page's sticky bar)."""
    target = driver.find_element("css selector", selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    target.click()


def _select(driver, bead: int) -> None:
    """Open the controls of bead ``bead`` (numbered from 1, as shown)."""
    _click(driver, f"#b{bead} .type")
    _wait(driver, lambda d: d.find_elements("css selector", f"#b{bead}.selected #actions"))


def _shown_beads(driver) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    rows = driver.execute_script(
        """return Array.from(document.querySelectorAll('#beads .bead'), (row) => ['src', 'tgt'].map((side) =>
             Array.from(row.querySelectorAll(`.side.${side} .sent`), (s) => Number(s.dataset.id))));"""
    )
    return [(tuple(src), tuple(tgt)) for src, tgt in rows]


def _displayed_rows(driver) -> list[str]:
    rows = driver.find_elements("css selector", "#beads .bead")
    return [row.get_attribute("id") for row in rows if row.is_displayed()]


def _errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _units(tmx: Path) -> list[tuple[str, str]]:
    tree = etree.parse(str(tmx))
    return [
        tuple(" ".join(tu.xpath(f'tuv[@xml:lang="{lang}"]/seg//text()')) for lang in ("fr", "en"))  # type: ignore[misc]
        for tu in tree.iter("tu")
    ]


def test_browser_corrects_decides_keeps_and_exports(browser, pair, serve, tmx_dtd, tei_schema) -> None:
    from selenium.webdriver.support.ui import Select

    server = serve(pair)
    _open(browser, server)
    assert _shown_beads(browser) == [(tuple(src), tuple(tgt)) for src, tgt in BEADS]
    number = browser.find_element("css selector", "#b2 .side.src mark.hl")
    assert number.text == "5" and number.get_attribute("data-sev") == "high"
    assert browser.find_element("css selector", "#b2 .side.tgt mark.hl").text == "7"
    assert browser.find_element("css selector", "#b8 .side.src mark.hl").text == SOURCE[8]

    _select(browser, 3)
    _acting(browser, lambda: _click(browser, "#merge"))
    _select(browser, 4)
    Select(browser.find_element("id", "split-src")).select_by_value("1")
    Select(browser.find_element("id", "split-tgt")).select_by_value("1")
    _acting(browser, lambda: _click(browser, "#split"))
    _select(browser, 6)
    _acting(browser, lambda: _click(browser, '#actions button.move[data-side="tgt"][data-to="next"]'))
    _acting(browser, lambda: _click(browser, "#b2 li.finding button.dismiss"))
    assert _shown_beads(browser) == CORRECTED
    assert browser.find_element("id", "findings-count").text == "1 / 2"

    browser.refresh()
    _wait(browser, lambda d: d.find_elements("css selector", "#beads .bead"))
    assert _shown_beads(browser) == CORRECTED
    assert browser.find_element("css selector", "#b2 li.finding").get_attribute("data-verdict") == "dismissed"

    server.stop()
    server = serve(pair)
    _open(browser, server)
    assert _shown_beads(browser) == CORRECTED
    assert browser.find_element("css selector", "#b2 li.finding").get_attribute("data-verdict") == "dismissed"

    _click(browser, "#export")
    _wait(browser, lambda d: "Exported" in d.find_element("id", "status").text, timeout=60)
    exported = pair.parent / "reviewed"
    assert str(exported) in browser.find_element("id", "status").text
    tmx = etree.parse(str(exported / "doc.tmx"))
    assert tmx_dtd.validate(tmx), tmx_dtd.error_log.filter_from_errors()
    assert ("Première partie. Seconde partie.", "First part. Second part.") in _units(exported / "doc.tmx")
    assert ("Quatre.", "Four. Four again.") in _units(exported / "doc.tmx")
    assert ("Trois.", "Three.") in _units(exported / "doc.tmx")
    tei = etree.parse(str(exported / "doc.tei.xml"))
    assert tei_schema.validate(tei), tei_schema.error_log.filter_from_errors()
    assert _errors(browser) == []


def test_browser_keys_filters_search_and_undo(browser, pair, serve) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    server = serve(pair)
    _open(browser, server)
    body = browser.find_element("tag name", "body")
    body.send_keys("j")
    assert "current" in browser.find_element("css selector", "#b2 li.finding").get_attribute("class")
    _acting(browser, lambda: body.send_keys("d"))
    assert browser.find_element("css selector", "#b2 li.finding").get_attribute("data-verdict") == "dismissed"
    body.send_keys("j")
    _acting(browser, lambda: body.send_keys("a"))
    assert browser.find_element("css selector", "#b8 li.finding").get_attribute("data-verdict") == "accepted"
    _acting(browser, lambda: body.send_keys("x"))
    assert "checked" in browser.find_element("id", "b8").get_attribute("class")
    assert browser.find_element("id", "beads-count").text == "1 / 8"
    assert browser.find_element("id", "findings-count").text == "2 / 2"

    undo = ActionChains(browser).key_down(Keys.CONTROL).send_keys("z").key_up(Keys.CONTROL)
    _acting(browser, undo.perform)
    assert browser.find_element("id", "beads-count").text == "0 / 8"
    _acting(browser, lambda: _click(browser, "#redo"))
    assert browser.find_element("id", "beads-count").text == "1 / 8"

    _click(browser, "#unchecked-only")
    assert not browser.find_element("id", "b8").is_displayed() and browser.find_element("id", "b1").is_displayed()
    _click(browser, "#unchecked-only")
    _click(browser, 'input[data-filter="kind"][value="number"]')
    assert browser.find_element("css selector", "#b2 mark.hl").get_attribute("class") == "hl off"
    _click(browser, "#findings-only")
    assert _displayed_rows(browser) == ["b8"]
    _click(browser, "#findings-only")
    browser.find_element("id", "search").send_keys("PARTIE")
    assert _displayed_rows(browser) == ["b3", "b4"]
    assert browser.find_element("id", "shown").text == "2 of 8 beads shown"
    assert _errors(browser) == []


def test_browser_two_tabs_a_stale_change_is_refused_and_said(browser, pair, serve) -> None:
    server = serve(pair)
    _open(browser, server)
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    _open(browser, server)
    _acting(browser, lambda: _click(browser, "#b1 input.check"))
    browser.switch_to.window(first)
    _acting(browser, lambda: _click(browser, "#b2 input.check"))  # made on the revision before the other tab's
    status = browser.find_element("id", "status")
    assert "changed in another tab" in status.text and "error" in status.get_attribute("class")
    assert browser.find_element("css selector", "#b1 input.check").is_selected(), "the other tab's change is shown"
    assert not browser.find_element("css selector", "#b2 input.check").is_selected()
    _acting(browser, lambda: _click(browser, "#b2 input.check"))  # made again, now on the current revision
    beads = ReviewStore.open(pair).state()["beads"]
    assert [bead["checked"] for bead in beads[:3]] == [True, True, False], "neither tab lost a change"
    assert [error for error in _errors(browser) if "status of 409" not in error] == []
    browser.close()
    browser.switch_to.window(browser.window_handles[0])


def test_browser_shows_hostile_text_as_text(browser, tmp_path, serve) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    source = [*HOSTILE, "Fin."]
    findings = [lambda a: _finding(a, "name", "high", (1,), (1,), '<img src=x onerror="alert(4)">',
                                   src_spans=_span(HOSTILE[1], "onerror"))]
    target = write_pair(tmp_path / "out", "hostile", source, source, [((i,), (i,)) for i in range(4)], findings)
    server = serve(target)
    _open(browser, server)
    time.sleep(0.3)  # time for anything injected to run
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert browser.execute_script("return window.pwned === undefined")
    assert not browser.find_elements("css selector", "#beads img, #beads script, #beads a[href^='javascript']")
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('.side.src .sent'), (s) => s.textContent.slice(1));"
    )
    assert shown == source
    assert browser.find_element("css selector", "#b2 .side.src mark.hl").text == "onerror"
    assert browser.find_element("css selector", "#b2 .evidence").text == '<img src=x onerror="alert(4)">'
    _select(browser, 2)
    options = [o.text for o in browser.find_elements("css selector", "#unmatch-sentence option")]
    assert options[0].startswith("source 1: <img src=x")
    _acting(browser, lambda: _click(browser, "#merge"))
    assert browser.execute_script("return window.pwned === undefined") and _errors(browser) == []


def test_browser_five_thousand_beads_open_edit_and_scroll(browser, tmp_path, serve) -> None:
    count = 5_000
    texts = [f"Phrase numéro {i}, assez longue pour occuper une ligne." for i in range(count)]
    findings = [
        (lambda a, i=i: _finding(a, "number", "medium", (i,), (i,), f"numbers differ in {i}",
                                 src_spans=((0, 6),)))
        for i in range(0, count, 10)
    ]
    target = write_pair(tmp_path / "out", "big", texts, texts, [((i,), (i,)) for i in range(count)], findings)
    started = time.perf_counter()
    server = serve(target)  # opens the store, which it first makes from the outputs
    first_open = time.perf_counter() - started

    browser.set_window_size(1280, 800)
    started = time.perf_counter()
    browser.get(server.url)
    _wait(browser, lambda d: d.find_elements("css selector", "#b1") and d.find_element("id", "b1").is_displayed())
    visible = time.perf_counter() - started
    rendered = browser.execute_script("return performance.getEntriesByName('beads-rendered')[0].startTime")
    assert len(browser.find_elements("css selector", "#beads .bead")) == count

    _acting(browser, lambda: _click(browser, "#b2 input.check"))
    browser.execute_script("document.getElementById('b2500').scrollIntoView({block: 'center'})")
    _select(browser, 2500)
    _acting(browser, lambda: _click(browser, "#merge"))
    check, merge = browser.execute_script("return performance.getEntriesByName('apply').map((m) => m.duration)")
    assert len(browser.find_elements("css selector", "#beads .bead")) == count - 1
    assert browser.find_element("css selector", "#b4999 .n").text == "4999"

    frames = []
    for step in range(1, 11):
        frames.append(browser.execute_async_script(
            """const [fraction, done] = arguments, started = performance.now();
               window.scrollTo(0, fraction * document.documentElement.scrollHeight);
               requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started)));""",
            step / 10,
        ))
    assert browser.find_element("id", "b4999").is_displayed()
    print(
        f"\n5,000 beads: server started (store made) in {first_open:.2f} s; beads drawn {rendered / 1000:.2f} s "
        f"after navigation, first row visible after {visible:.2f} s; an edit applied in {check:.0f} ms (check), "
        f"{merge:.0f} ms (merge); scrolling to the end by tenths, slowest frame {max(frames):.0f} ms"
    )
    assert visible < 20 and check < 3000 and merge < 3000 and max(frames) < 2000
    assert _errors(browser) == []
