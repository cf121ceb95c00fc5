"""Exports: TMX against its DTD and a real TMX reader, TEI against its schema, TSV, divergence list."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from aligner.checks import run_checks
from aligner.document import Sentence
from aligner.embed import load_embedder
from aligner.errors import InputError
from aligner.findings import Comparison
from aligner.formats import tei, tmx, write_outputs
from aligner.formats.fields import alignment_time
from aligner.formats.tsv import tsv_escape
from aligner.read.encoding import xml_safe
from aligner.read.sniff import TSV_COLUMNS

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SUFFIXES = [".tmx", ".tei.xml", ".tsv", ".divergences.json", ".divergences.md", ".report.html"]


@pytest.fixture(scope="module")
def outputs(sample_alignment, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("out")
    files = write_outputs(sample_alignment, run_checks(sample_alignment, load_embedder()), out, "sample")
    return {suffix: out / f"sample{suffix}" for suffix in SUFFIXES} | {"all": files}


def test_all_files_are_written_and_nothing_else(outputs) -> None:
    assert sorted(p.name for p in outputs["all"]) == sorted(f"sample{s}" for s in SUFFIXES)
    assert sorted(p.name for p in outputs[".tmx"].parent.iterdir()) == sorted(f"sample{s}" for s in SUFFIXES)


def test_tmx_validates_against_the_dtd(outputs, tmx_dtd) -> None:
    tree = etree.parse(str(outputs[".tmx"]))
    assert tmx_dtd.validate(tree), tmx_dtd.error_log.filter_from_errors()
    header = tree.find("header")
    assert header.get("srclang") == "fr"
    assert header.get("segtype") == "sentence"
    assert header.get("creationtool") == "aligner"
    assert tree.getroot().get("version") == "1.4"


def test_tmx_units_carry_bead_type_similarity_and_languages(outputs, sample_alignment) -> None:
    units = etree.parse(str(outputs[".tmx"])).findall("body/tu")
    assert len(units) == len(sample_alignment.beads)
    for unit, bead in zip(units, sample_alignment.beads, strict=True):
        props = {prop.get("type"): prop.text for prop in unit.findall("prop")}
        assert props["x-bead"] == bead.kind
        languages = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in unit.findall("tuv")]
        if bead.is_match:
            assert languages == ["fr", "en"]
            assert float(props["x-similarity"]) == pytest.approx(bead.similarity)
        else:
            assert languages == (["fr"] if bead.src else ["en"])
            assert unit.find("note").text.startswith("unmatched")


def test_tmx_loads_in_translate_toolkit_without_bad_pairs(outputs, sample_alignment) -> None:
    tmx = pytest.importorskip("translate.storage.tmx", reason="translate-toolkit is a test extra")
    store = tmx.tmxfile.parsefile(str(outputs[".tmx"]))
    pairs = [(unit.source, unit.target) for unit in store.units]
    matched = [b for b in sample_alignment.beads if b.is_match]
    expected = [(sample_alignment.side_text(b, "src"), sample_alignment.side_text(b, "tgt")) for b in matched]
    # Matched beads import as translation pairs; unmatched ones never do.
    assert [pair for pair in pairs if pair[0] and pair[1]] == expected
    assert len(store.units) == len(sample_alignment.beads)


def test_tei_validates_and_every_link_target_is_a_sentence(outputs, tei_schema, sample_alignment) -> None:
    tree = etree.parse(str(outputs[".tei.xml"]))
    assert tei_schema.validate(tree), tei_schema.error_log
    sentence_ids = {s.get(XML_ID) for s in tree.iter(f"{TEI}s")}
    assert len(sentence_ids) == len(sample_alignment.src.sentences) + len(sample_alignment.tgt.sentences)
    pointers = tree.find(f".//{TEI}back/{TEI}linkGrp[@type='alignment']")
    assert len(pointers) == len(sample_alignment.beads)
    covered = []
    for pointer, bead in zip(pointers, sample_alignment.beads, strict=True):
        assert pointer.get("type") == bead.kind
        assert pointer.tag == (f"{TEI}link" if bead.is_match else f"{TEI}ptr")
        targets = [t.removeprefix("#") for t in pointer.get("target").split()]
        assert set(targets) <= sentence_ids
        covered += targets
    # Every sentence of both texts is in exactly one link.
    assert sorted(covered) == sorted(sentence_ids)


def test_tei_keeps_structure_headings_paragraphs_and_lists(outputs) -> None:
    tree = etree.parse(str(outputs[".tei.xml"]))
    french = tree.find(f".//{TEI}group/{TEI}text[@type='src']")
    assert french.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    heads = ["".join(h.itertext()).strip() for h in french.iter(f"{TEI}head")]
    assert heads[:2] == ["Communiqué conjoint", "Lutter contre l’extrémisme violent"]
    assert len(heads) == 6
    assert len(french.findall(f".//{TEI}list/{TEI}item")) == 5
    header = tree.find(f"{TEI}teiHeader")
    assert [b.findtext(f"{TEI}idno") for b in header.iter(f"{TEI}bibl")] == ["sample-communique.txt"] * 2
    assert "use-multilingual-v3" in "".join(header.find(f".//{TEI}application").itertext())


def test_tsv_has_a_header_and_one_line_per_bead(outputs, sample_alignment) -> None:
    lines = outputs[".tsv"].read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(TSV_COLUMNS)
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) == len(sample_alignment.beads)
    assert all(len(row) == len(TSV_COLUMNS) for row in rows)
    omission = next(row for row in rows if row[3] == "1-0")
    assert omission[2] == "" and omission[4] == "" and omission[6] == ""


def test_tsv_escaping_keeps_one_bead_per_line() -> None:
    assert tsv_escape("a\tb\nc\\d\r") == "a\\tb\\nc\\\\d\\r"


def test_divergence_list_names_the_planted_omission_and_addition(outputs) -> None:
    report = json.loads(outputs[".divergences.json"].read_text(encoding="utf-8"))
    kinds = {(item["kind"], item["severity"]) for item in report["items"]}
    assert {("omission", "high"), ("addition", "high")} <= kinds
    omission = next(item for item in report["items"] if item["kind"] == "omission")
    assert omission["src_text"].startswith("Ils se sont félicités du lancement")
    assert omission["tgt"] == []
    number = next(item for item in report["items"] if item["kind"] == "number")
    assert number["evidence"] == "numbers differ: source only: 150\u00a0000; target only: 105,000"
    assert report["source"]["sentences"] == 37
    markdown = outputs[".divergences.md"].read_text(encoding="utf-8")
    assert "| omission | high |" in markdown and "Ils se sont félicités" in markdown


def test_xml_illegal_characters_are_replaced_and_exports_stay_valid(sample_alignment, tmx_dtd) -> None:
    source = sample_alignment.src
    dirty = replace(source, sentences=[Sentence(0, "bell\x07 nul\x00 \ufffe end", 0), *source.sentences[1:]])
    alignment = replace(sample_alignment, src=dirty)
    when = alignment_time()
    tree = etree.fromstring(tmx.write(alignment, Comparison([]), when))
    assert tmx_dtd.validate(tree)
    assert "bell\ufffd nul\ufffd \ufffd end" in etree.tostring(tree, encoding="unicode")
    etree.fromstring(tei.write(alignment, Comparison([]), when))
    assert xml_safe("ok\tfine\n") == "ok\tfine\n"


def test_source_date_epoch_makes_outputs_byte_identical(sample_alignment, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    first = write_outputs(sample_alignment, Comparison([]), tmp_path / "a", "x")
    second = write_outputs(sample_alignment, Comparison([]), tmp_path / "b", "x")
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes()
    assert b'creationdate="20170714T024000Z"' in first[0].read_bytes()


def test_a_full_disk_leaves_no_file_behind(sample_alignment, tmp_path, monkeypatch) -> None:
    from aligner.formats import files as export

    real_mkstemp = export.tempfile.mkstemp
    calls = []

    def disk_full_on_third_file(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(export.tempfile, "mkstemp", disk_full_on_third_file)
    with pytest.raises(InputError, match=r"No space left on device\); nothing was written"):
        write_outputs(sample_alignment, Comparison([]), tmp_path, "x")
    assert list(tmp_path.iterdir()) == []


def test_findings_travel_into_the_tmx_units_as_notes_and_props(outputs) -> None:
    units = etree.parse(str(outputs[".tmx"])).findall("body/tu")
    number = next(unit for unit in units if any("150" in (seg.text or "") for seg in unit.iter("seg")))
    assert "number high" in [prop.text for prop in number.findall("prop") if prop.get("type") == "x-divergence"]
    assert any(note.text.startswith("number (high): numbers differ") for note in number.findall("note"))
    partial = next(unit for unit in units if "x-divergence" in [p.get("type") for p in unit.findall("prop")]
                   and any("partial_omission" in (p.text or "") for p in unit.findall("prop")))
    assert any("« et d’autres formes d’extrémisme violent »" in note.text for note in partial.findall("note"))


def test_findings_travel_into_the_tei_links_as_interpretations(outputs, tei_schema) -> None:
    tree = etree.parse(str(outputs[".tei.xml"]))
    assert tei_schema.validate(tree), tei_schema.error_log.last_error
    interps = {i.get(XML_ID): i for i in tree.iter(f"{TEI}interp")}
    report = json.loads(outputs[".divergences.json"].read_text(encoding="utf-8"))
    assert len(interps) == len(report["items"])
    analysed = [link for link in tree.iter(f"{TEI}link", f"{TEI}ptr") if link.get("ana")]
    kinds = {interps[ref.lstrip("#")].get("type") for link in analysed for ref in link.get("ana").split()}
    assert {"omission", "addition", "number", "partial_omission"} <= kinds


def test_the_json_report_has_terms_pairs_and_spans(outputs) -> None:
    report = json.loads(outputs[".divergences.json"].read_text(encoding="utf-8"))
    partial = next(item for item in report["items"] if item["kind"] == "partial_omission")
    (start, end), = partial["src_spans"]
    assert partial["src_text"][start:end] == "et d’autres formes d’extrémisme violent"
    terms = {term["source"]: term for term in report["terms"]}
    assert terms["ministres"]["renderings"][0]["text"] == "Ministers"
    labels = {(tuple(pair["src"]), pair["label"]) for pair in report["pairs"]}
    assert ((tuple(partial["src"]), "divergent")) in labels
    assert sum(label == "divergent" for _ids, label in labels) <= 4
    severities = ["high", "medium", "low"]
    order = [(severities.index(item["severity"]), -item["score"]) for item in report["items"]]
    assert order == sorted(order)
