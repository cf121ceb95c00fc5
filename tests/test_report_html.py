"""The HTML review page: its structure read with lxml, then its behaviour in a headless Chromium."""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pytest
from lxml import html

from aligner.document import Alignment, Bead, Block, Document, Sentence
from aligner.findings import Comparison, Finding, Picture, Term
from aligner.formats import html as report_html
from aligner.formats.fields import alignment_time

SOURCE = [
    ("head", "Titre"),
    ("p", "Le budget est de 5 millions <script>alert(1)</script> & « co »."),
    ("p", "Cette phrase manque en anglais."),
    ("item", "Le ministre Dupont a parlé."),
]
TARGET = [
    ("head", "Title"),
    ("p", 'The budget is 7 million <script>alert(1)</script> & "co".'),
    ("item", "Minister Durand spoke."),
    ("p", "An added sentence."),
]


def _document(name: str, lang: str, lines: list[tuple[str, str]]) -> Document:
    blocks = [Block(kind, text, text) for kind, text in lines]  # type: ignore[arg-type]
    sentences = [Sentence(i, text, i) for i, (_kind, text) in enumerate(lines)]
    return Document(Path(f"/corpus/{name}"), lang, blocks, sentences)


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def _divergence(
    alignment: Alignment, kind: str, severity: str, src, tgt, evidence: str, **spans
) -> Finding:
    bead = Bead(src, tgt)
    return Finding(
        kind,
        severity,
        src,
        tgt,
        alignment.side_text(bead, "src"),
        alignment.side_text(bead, "tgt"),
        evidence,
        1.0,
        **spans,
    )


@pytest.fixture(scope="module")
def alignment() -> Alignment:
    beads = [
        Bead((0,), (0,), 0.91),
        Bead((1,), (1,), 0.8),
        Bead((2,), ()),
        Bead((3,), (2,), 0.62),
        Bead((), (3,)),
    ]
    return Alignment(
        _document("fr.txt", "fr", SOURCE), _document("en.txt", "en", TARGET), beads, "test-model"
    )


@pytest.fixture(scope="module")
def comparison(alignment) -> Comparison:
    items = [
        _divergence(alignment, "addition", "medium", (), (3,), "the target adds a sentence"),
        _divergence(
            alignment,
            "number",
            "high",
            (1,),
            (1,),
            "numbers differ: 5 / 7",
            src_spans=(_span(SOURCE[1][1], "5"),),
            tgt_spans=(_span(TARGET[1][1], "7"),),
        ),
        _divergence(alignment, "omission", "high", (2,), (), "the source sentence has no translation"),
        _divergence(
            alignment,
            "name",
            "low",
            (3,),
            (2,),
            "names differ: Dupont / Durand <b>",
            src_spans=(_span(SOURCE[3][1], "Dupont"),),
        ),
    ]
    terms = [
        Term("ministre", (3,), (("minister", 2), ("secretary", 1))),
        Term("budget", (1,), (("budget", 1),)),
    ]
    cells = np.full((4, 4), -0.2, dtype=np.float32)
    np.fill_diagonal(cells, 0.9)
    return Comparison(items, terms, [], Picture(cells, 1, 1))


@pytest.fixture(scope="module")
def page(alignment, comparison) -> bytes:
    return report_html.write(alignment, comparison, alignment_time())


@pytest.fixture(scope="module")
def tree(page) -> html.HtmlElement:
    return html.document_fromstring(page.decode("utf-8"))


def _cell(tree: html.HtmlElement, bead: int, side: str) -> html.HtmlElement:
    column = 3 if side == "src" else 4
    return tree.xpath(f'//tr[@id="b{bead}"]/td[{column - 1}]')[0]


def _marked(cell: html.HtmlElement) -> list[str]:
    return [button.text_content() for button in cell.xpath('.//button[contains(@class, "hl")]')]


# --- Structure ---------------------------------------------------------------


def test_page_is_one_self_contained_document(page, tree) -> None:
    assert page.startswith(b"<!DOCTYPE html>")
    assert tree.get("lang") == "en"
    assert len(tree.xpath("//script")) == 1 and len(tree.xpath("//style")) == 1
    assert not tree.xpath("//link | //img | //iframe | //*[@src]")
    assert not re.search(rb"https?://|@import|url\(", page)
    ids = set(tree.xpath("//@id"))
    assert all(href[1:] in ids for href in tree.xpath("//a/@href")), "every link is to an anchor of the page"


def test_texts_are_escaped(page, tree) -> None:
    assert b"<script>alert" not in page
    assert "<script>alert(1)</script> & « co »." in _cell(tree, 2, "src").text_content()
    assert tree.xpath('//li[@data-kind="name"]')[0].text_content().endswith("Dupont / Durand <b>")
    assert b"</" not in page.split(b"<script>")[1].split(b"</script>")[0]


def test_spans_highlight_the_right_characters(tree) -> None:
    assert _marked(_cell(tree, 2, "src")) == ["5"]
    assert _marked(_cell(tree, 2, "tgt")) == ["7"]
    assert _marked(_cell(tree, 4, "src")) == ["Dupont"]
    assert _cell(tree, 4, "src").text_content() == "3" + SOURCE[3][1]


def test_spans_on_one_side_leave_the_other_unmarked(tree) -> None:
    assert _marked(_cell(tree, 4, "tgt")) == []


def test_findings_without_spans_mark_the_whole_side(tree) -> None:
    assert _marked(_cell(tree, 3, "src")) == [SOURCE[2][1]]
    assert _cell(tree, 3, "tgt").text_content() == "no counterpart"
    assert _marked(_cell(tree, 5, "tgt")) == [TARGET[3][1]]
    assert _marked(_cell(tree, 1, "src")) == [] and tree.xpath('//tr[@id="b1"]/@data-findings') == []


def test_highlights_give_the_reason_on_hover(tree) -> None:
    button = _cell(tree, 2, "src").xpath(".//button")[0]
    assert button.get("type") == "button"
    assert button.get("title") == "number (high): numbers differ: 5 / 7"
    assert button.get("data-sev") == "high"


def test_findings_are_listed_most_serious_first_and_link_to_their_rows(tree) -> None:
    items = tree.xpath('//section[@id="findings"]//li')
    assert [item.get("data-severity") for item in items] == ["high", "high", "medium", "low"]
    for item in items:
        row = tree.xpath(f'//tr[@id="{item.xpath("a/@href")[0][1:]}"]')[0]
        assert item.get("id") in row.get("data-findings").split()


def test_filters_have_labelled_checkboxes(tree) -> None:
    boxes = tree.xpath('//div[@id="filters"]//input[@type="checkbox"]')
    assert {box.get("value") for box in boxes if box.get("data-filter") == "kind"} == {
        "number",
        "omission",
        "addition",
        "name",
    }
    assert [box.get("value") for box in boxes if box.get("data-filter") == "severity"] == [
        "high",
        "medium",
        "low",
    ]
    for box in boxes:
        assert tree.xpath(f'//label[@for="{box.get("id")}"]')


def test_summary_gives_files_model_and_counts(tree) -> None:
    summary = tree.xpath('//section[@id="summary"]')[0].text_content()
    for expected in (
        "fr.txt (fr), 4 sentences",
        "en.txt (en), 4 sentences",
        "test-model",
        "1-1: 3",
        "1-0: 1",
    ):
        assert expected in summary
    omission = tree.xpath('//table[@class="counts"]//tr[th="omission"]/td/text()')
    assert omission == ["1", "0", "0", "1"]


def test_inconsistent_terms_are_flagged(tree) -> None:
    rows = tree.xpath('//section[@id="terms"]//tbody/tr')
    assert [row.get("class") for row in rows] == ["inconsistent", None]
    assert "secretary ×1" in rows[0].text_content()


def test_picture_embeds_one_byte_per_cell(tree) -> None:
    canvas = tree.xpath('//canvas[@id="picture"]')[0]
    assert (canvas.get("data-rows"), canvas.get("data-cols")) == ("4", "4")
    assert len(canvas.get("data-cells")) == 24  # base64 of 16 bytes


def test_missing_picture_is_said(alignment, comparison) -> None:
    tree = html.document_fromstring(
        report_html.write(alignment, Comparison(comparison.findings), alignment_time()).decode("utf-8")
    )
    assert not tree.xpath("//canvas")
    assert "No picture is available" in tree.xpath('//section[@id="alignment-picture"]')[0].text_content()


def test_output_is_deterministic(alignment, comparison, page) -> None:
    assert report_html.write(alignment, comparison, alignment_time()) == page


def test_control_characters_are_replaced_and_spans_still_fit() -> None:
    text = "bell\x07 and \ud800 word"
    document = _document("x.txt", "en", [("p", text)])
    broken = Alignment(document, document, [Bead((0,), (0,), 1.0)], "m")
    item = _divergence(broken, "form", "low", (0,), (0,), "odd", src_spans=(_span(text, "word"),))
    tree = html.document_fromstring(report_html.write(broken, Comparison([item]), alignment_time()).decode("utf-8"))
    assert _cell(tree, 1, "src").text_content() == "0bell\ufffd and \ufffd word"
    assert _marked(_cell(tree, 1, "src")) == ["word"]


def test_twenty_thousand_beads_stay_linear() -> None:
    count = 20_000
    lines = [("p", f"Phrase numéro {i}.") for i in range(count)]
    big = Alignment(
        _document("a.txt", "fr", lines),
        _document("b.txt", "en", lines),
        [Bead((i,), (i,), 0.9) for i in range(count)],
        "m",
    )
    findings = [
        Finding("number", "medium", (i,), (i,), "", "", "differs", 1.0) for i in range(0, count, 10)
    ]
    started = time.perf_counter()
    page = report_html.write(
        big, Comparison(findings, [], [], Picture(np.zeros((400, 400), np.float32), 50, 50)), alignment_time()
    )
    assert time.perf_counter() - started < 20
    assert len(page) < 600 * count


# --- In a real browser -------------------------------------------------------


@pytest.fixture
def loaded(browser, page, tmp_path):
    """The page opened from a file:// URL, as a reviewer opens it."""
    path = tmp_path / "review.report.html"
    path.write_bytes(page)
    browser.get(path.as_uri())
    return browser


def _visible(driver, selector: str) -> bool:
    return driver.find_element("css selector", selector).is_displayed()


def _errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_browser_filters_hide_and_show_findings(loaded) -> None:
    number = 'li[data-kind="number"]'
    highlight = "tr#b2 button.hl"
    assert _visible(loaded, number) and _visible(loaded, 'li[data-kind="name"]')
    loaded.find_element("id", "kind-number").click()
    assert not _visible(loaded, number) and _visible(loaded, 'li[data-kind="omission"]')
    assert loaded.find_element("css selector", highlight).get_attribute("disabled")
    loaded.find_element("id", "kind-number").click()
    assert _visible(loaded, number) and not loaded.find_element("css selector", highlight).get_attribute(
        "disabled"
    )
    loaded.find_element("id", "severity-high").click()
    assert not _visible(loaded, number) and not _visible(loaded, 'li[data-kind="omission"]')
    assert _visible(loaded, 'li[data-kind="addition"]')
    loaded.find_element("id", "only-flagged").click()
    assert not _visible(loaded, "tr#b1") and not _visible(loaded, "tr#b2") and _visible(loaded, "tr#b5")
    assert _errors(loaded) == []


def test_browser_clicking_a_highlight_shows_the_reason(loaded) -> None:
    from selenium.webdriver.common.keys import Keys

    assert not _visible(loaded, "#details")
    button = loaded.find_element("css selector", "tr#b2 td button.hl")
    button.click()
    assert _visible(loaded, "#details")
    assert "numbers differ: 5 / 7" in loaded.find_element("id", "details").text
    loaded.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not _visible(loaded, "#details")
    assert loaded.switch_to.active_element == button
    button.send_keys(Keys.ENTER)  # the keyboard opens it too
    assert "numbers differ: 5 / 7" in loaded.find_element("id", "details").text
    assert _errors(loaded) == []


def test_browser_draws_the_picture_and_the_path(loaded) -> None:
    colours = loaded.execute_script(
        """
        const canvas = document.getElementById("picture");
        const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        let blue = 0, orange = 0, red = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
          if (b > 120 && r < 100) blue++;
          if (r === 255 && g === 122 && b === 0) orange++;
          if (r === 208 && g === 0 && b === 32) red++;
        }
        return {blue, orange, red};
        """
    )
    assert colours["blue"] > 0 and colours["orange"] > 0 and colours["red"] > 0
    assert _errors(loaded) == []


def test_a_finding_over_several_beads_marks_its_words_in_each(alignment) -> None:
    """A consistency finding quotes two beads at once: its offsets fit their joined
    text, so each bead is marked where the spanned words stand in it, and
    wholly when they do not occur there."""
    joined = Finding(
        "consistency", "low", (1, 3), (1, 2),
        f"{SOURCE[1][1]} {SOURCE[3][1]}", f"{TARGET[1][1]} {TARGET[2][1]}",
        "« X » is rendered two ways", 0.5,
        src_spans=(_span(f"{SOURCE[1][1]} {SOURCE[3][1]}", "ministre"),),
    )
    tree = html.document_fromstring(
        report_html.write(alignment, Comparison([joined]), alignment_time()).decode("utf-8")
    )
    for bead, sentence in ((2, 1), (4, 3)):
        expected = ["ministre"] if "ministre" in SOURCE[sentence][1] else [SOURCE[sentence][1]]
        assert _marked(_cell(tree, bead, "src")) == expected
