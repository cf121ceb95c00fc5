"""``aligner export``: a reviewed pair written as corrected, valid TMX and TEI, the reviewer's decisions
carried, findings recomputed only for the beads the corrections changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from aligner.cli import main
from aligner.document import Bead
from aligner.errors import InputError
from aligner.findings import Comparison, Decision, Finding, with_decisions
from aligner.review import ReviewStore
from aligner.review.export import export, rechecked
from tests.test_review_store import SRC, TGT, finding, write_pair

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    """A pair whose review merged the 1-0 and 0-1 beads, split, moved and unmatched, and dismissed a finding."""
    target = write_pair(tmp_path / "out")
    with ReviewStore.open(target) as store:
        for revision, action in enumerate([
            {"op": "merge", "bead": 3},  # src 3 + tgt 3
            {"op": "merge", "bead": 0},  # 0+1 / 0+1
            {"op": "split", "bead": 0, "src_at": 1, "tgt_at": 1},  # back to two 1-1 beads
            {"op": "move", "bead": 4, "side": "tgt", "to": "prev"},  # tgt 4 joins src 3 / tgt 3
            {"op": "decide", "finding": 2, "verdict": "dismissed", "comment": "same date"},
            {"op": "check", "bead": 1, "checked": True},
        ]):
            store.apply(revision, action)
    return target


def tmx_units(path: Path) -> list[tuple[str, str]]:
    units = []
    for tu in etree.parse(str(path)).iterfind(".//tu"):
        sides = {tuv.get(XML_LANG): "".join(tuv.find("seg").itertext()) for tuv in tu.iterfind("tuv")}
        units.append((sides.get("fr", ""), sides.get("en", "")))
    return units


def test_export_writes_the_corrected_beads_as_valid_tmx_and_tei_with_the_decisions(
    reviewed, hash_embedder, tmx_dtd, tei_schema
):
    out = reviewed.parent / "reviewed"
    files = export(reviewed, out, ["tmx", "tei", "report"], model=hash_embedder)
    assert [path.name for path in files] == [
        "pair.tmx", "pair.tei.xml", "pair.divergences.json", "pair.divergences.md", "pair.report.html"
    ]
    tmx = etree.parse(str(out / "pair.tmx"))
    assert tmx_dtd.validate(tmx), tmx_dtd.error_log
    assert tmx_units(out / "pair.tmx") == [
        (SRC[0], TGT[0]), (SRC[1], TGT[1]), (SRC[2], TGT[2]), (SRC[3], f"{TGT[3]} {TGT[4]}"), (SRC[4], "")
    ]
    tei = etree.parse(str(out / "pair.tei.xml"))
    assert tei_schema.validate(tei), tei_schema.error_log
    links = [link.get("target") for link in tei.iterfind(f".//{TEI}linkGrp/*")]
    assert links == [
        "#src-s0 #tgt-s0", "#src-s1 #tgt-s1", "#src-s2 #tgt-s2", "#src-s3 #tgt-s3 #tgt-s4", "#src-s4"
    ]
    report = json.loads((out / "pair.divergences.json").read_text("utf-8"))
    number = [item for item in report["items"] if item["kind"] == "number"]
    assert len(number) == 1 and number[0]["evidence"] == "3 / 3"
    assert number[0]["decision"] == {"verdict": "dismissed", "comment": "same date"}
    # The TMX carries the verdict beside the finding, for a CAT tool's filter.
    first_unit = etree.tostring(tmx.find(".//tu"), encoding="unicode")
    assert '<prop type="x-review">number: dismissed "same date"</prop>' in first_unit
    # The omission and addition of src 3 and tgt 3 went with the beads the review made.
    assert not [item for item in report["items"] if item["kind"] in ("omission", "addition") and item["src"] == [3]]
    # The reviewed pair's own outputs are as they were.
    assert sorted(path.name for path in reviewed.parent.iterdir()) == [
        "pair.divergences.json", "pair.divergences.md", "pair.report.html", "pair.review.sqlite", "pair.tmx",
        "reviewed",
    ]


def test_findings_are_recomputed_only_for_changed_beads(reviewed, hash_embedder, monkeypatch):
    """The checks are faked: they find the same two things on every bead. Only those of the changed
    beads (3 and 4) are taken; the unchanged beads keep the findings the review showed."""

    def fake_checks(alignment, embedder, threshold=None):
        fresh = [
            Finding(kind, "low", bead.src, bead.tgt, "", "", f"fresh {kind}", 0.1)
            for bead in alignment.beads
            for kind in ("number", "name")
        ]
        return Comparison(with_decisions(fresh, alignment.decisions))

    monkeypatch.setattr("aligner.checks.run_checks", fake_checks)
    out = reviewed.parent / "reviewed"
    export(reviewed, out, ["report"], model=hash_embedder)
    items = json.loads((out / "pair.divergences.json").read_text("utf-8"))["items"]
    found = sorted((item["src"], item["tgt"], item["kind"], item["evidence"]) for item in items)
    assert found == [
        ([0], [0], "number", "3 / 3"),  # as stored, dismissed: bead 0 did not change
        ([3], [3, 4], "name", "fresh name"),
        ([3], [3, 4], "number", "fresh number"),
        ([4], [], "name", "fresh name"),  # bead 4 lost its target sentence: it changed too
        ([4], [], "number", "fresh number"),
    ]


def test_rechecked_keeps_unchanged_beads_findings_and_takes_changed_ones_from_the_new_run():
    beads = [Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), (2,))]
    dismissed = Decision("dismissed", "no")
    stored = Comparison([
        finding("number", (0,), (0,)),
        finding("omission", (1,), ()),  # its bead is now 1, which changed
        Finding("name", "low", (2,), (1,), "", "", "old", 0.2, decision=dismissed),
    ])
    fresh = Comparison([
        finding("number", (0,), (0,), "new number on an unchanged bead"),
        Finding("name", "low", (2,), (1,), "", "", "new", 0.3, decision=dismissed),
        finding("date", (3,), (2,), "new date on an unchanged bead"),
    ])
    kept = rechecked(stored, fresh, beads, {1})
    assert [(item.kind, item.evidence, item.decision) for item in kept.findings] == [
        ("number", "number", None),
        ("name", "new", dismissed),
    ]


def test_export_refuses_the_folder_the_review_was_loaded_from(reviewed):
    with pytest.raises(InputError, match="which an export would overwrite; choose another folder"):
        export(reviewed, reviewed.parent, ["tmx"])


def test_cli_export_writes_into_reviewed_by_default(tmp_path, capsys, tmx_dtd):
    target = write_pair(tmp_path / "out")
    with ReviewStore.open(target) as store:
        store.apply(0, {"op": "decide", "finding": 0, "verdict": "accepted"})
        store.apply(1, {"op": "comment", "bead": 3, "text": "missing in English"})
    # Nothing changed in the beads and no format shows findings: the model is not needed.
    assert main(["export", str(target), "--format", "tmx,tsv"]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {tmp_path / 'out' / 'reviewed'}/pair.{{tmx,tsv}}"
    assert tmx_dtd.validate(etree.parse(str(tmp_path / "out/reviewed/pair.tmx")))
    assert main(["export", str(tmp_path / "out" / "other")]) == 2
    error = capsys.readouterr().err
    assert error.startswith("aligner: error: no aligned output for other in ") and error.count("\n") == 1
