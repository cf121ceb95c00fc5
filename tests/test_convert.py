"""Reading an existing alignment (TMX, aligner's TSV) and re-exporting it with ``aligner convert``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from aligner.checks import run_checks
from aligner.cli import EXIT_INPUT, EXIT_OK, main
from aligner.convert import read_alignment
from aligner.embed import load_embedder
from aligner.errors import InputError
from aligner.findings import Comparison
from aligner.formats import write_outputs

TEI = "{http://www.tei-c.org/ns/1.0}"


@pytest.fixture(scope="module")
def exported(sample_alignment, tmp_path_factory) -> dict[str, Path]:
    """The sample alignment as aligner writes it: TMX and TSV."""
    out = tmp_path_factory.mktemp("exported")
    write_outputs(sample_alignment, Comparison([]), out, "sample", ["tmx", "tsv"])
    return {"tmx": out / "sample.tmx", "tsv": out / "sample.tsv"}


@pytest.mark.parametrize("file_format", ["tmx", "tsv"])
def test_our_exports_read_back_as_the_same_units(exported, sample_alignment, file_format: str) -> None:
    alignment = read_alignment(exported[file_format])
    assert (alignment.src.lang, alignment.tgt.lang) == ("fr", "en")
    assert len(alignment.beads) == len(sample_alignment.beads)
    for bead, original in zip(alignment.beads, sample_alignment.beads, strict=True):
        # The file records the sentence ids: a 2-1 bead reads back as 2-1, over the same sentences.
        assert (bead.src, bead.tgt) == (original.src, original.tgt)
        assert alignment.side_text(bead, "src") == sample_alignment.side_text(original, "src")
        assert alignment.side_text(bead, "tgt") == sample_alignment.side_text(original, "tgt")
        assert bead.similarity == original.similarity
    assert {item.kind for item in run_checks(alignment, load_embedder()).findings} >= {"omission", "addition"}


def test_convert_tmx_to_tei_and_report(exported, tmp_path, tei_schema, capsys) -> None:
    status = main(["convert", str(exported["tmx"]), "-o", str(tmp_path), "--format", "tei,report,xlsx"])
    assert status == EXIT_OK
    assert (
        f"wrote {tmp_path}/sample.{{tei.xml,xlsx,divergences.json,divergences.md,report.html}}"
        in capsys.readouterr().out
    )
    tree = etree.parse(str(tmp_path / "sample.tei.xml"))
    assert tei_schema.validate(tree), tei_schema.error_log
    assert [b.findtext(f"{TEI}idno") for b in tree.iter(f"{TEI}bibl")] == ["sample-communique.txt"] * 2
    report = json.loads((tmp_path / "sample.divergences.json").read_text(encoding="utf-8"))
    assert {item["kind"] for item in report["items"]} >= {"omission", "addition"}


# A memory as a CAT tool writes it: regional language codes, inline codes,
# a unit in one language only, no similarities.
CAT_TOOL_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
<header creationtool="SomeCAT" creationtoolversion="9" segtype="sentence" o-tmf="cat" adminlang="en-US"
        srclang="fr-CA" datatype="rtf"/>
<body>
{units}
<tu><tuv xml:lang="fr-CA"><seg>Ce paragraphe n’a pas été traduit.</seg></tuv></tu>
</body>
</tmx>
"""
PAIRS = [
    ("Le ministre de la Sécurité publique a présenté le rapport annuel.",
     "The Minister of Public Safety tabled the annual report."),
    ("Le rapport décrit les <bpt i=\"1\">{\\b </bpt>menaces<ept i=\"1\">}</ept> qui pèsent sur le Canada.",
     "The report describes the <bpt i=\"1\">{\\b </bpt>threats<ept i=\"1\">}</ept> facing Canada."),
    ("Les cyberattaques ont augmenté de vingt pour cent.", "Cyber attacks rose by twenty per cent."),
    ("Le gouvernement investira dans la protection des infrastructures essentielles.",
     "The government will invest in protecting critical infrastructure."),
    ("Les provinces ont été consultées<ph x=\"1\">&lt;br/&gt;</ph> au printemps.",
     "The provinces were consulted<ph x=\"1\">&lt;br/&gt;</ph> in the spring."),
    ("La Gendarmerie royale du Canada a démantelé trois réseaux criminels.",
     "The Royal Canadian Mounted Police dismantled three criminal networks."),
    ("Les agents frontaliers ont saisi des armes à feu illégales.", "Border officers seized illegal firearms."),
    ("Un nouveau centre de formation ouvrira à Regina.", "A new training centre will open in Regina."),
    ("Le ministre remercie les premiers intervenants de leur dévouement.",
     "The Minister thanks first responders for their dedication."),
    ("Les inondations du printemps ont touché quatre provinces.",
     "The recipe calls for two cups of flour and some sugar."),
]


@pytest.fixture
def cat_tool_tmx(tmp_path) -> Path:
    units = "\n".join(
        f'<tu><tuv xml:lang="fr-CA"><seg>{fr}</seg></tuv><tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>'
        for fr, en in PAIRS
    )
    path = tmp_path / "memory.tmx"
    path.write_text(CAT_TOOL_TMX.format(units=units), encoding="utf-8")
    return path


def test_a_cat_tool_memory_is_scored_and_its_outlier_flagged(cat_tool_tmx, tmp_path, capsys) -> None:
    status = main(["convert", str(cat_tool_tmx), "-o", str(tmp_path / "out"), "--format", "jsonl,report"])
    assert status == EXIT_OK
    records = [
        json.loads(line) for line in (tmp_path / "out" / "memory.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert (records[0]["src_lang"], records[0]["tgt_lang"]) == ("fr-CA", "en-US")
    # Inline codes are left out, the text around them kept.
    assert records[1]["src_text"] == "Le rapport décrit les menaces qui pèsent sur le Canada."
    assert records[4]["tgt_text"] == "The provinces were consulted in the spring."
    assert records[-1]["type"] == "1-0"
    assert all(record["similarity"] is not None for record in records if record["type"] == "1-1")
    report = json.loads((tmp_path / "out" / "memory.divergences.json").read_text(encoding="utf-8"))
    kinds = {(item["kind"], item["src_text"][:25]) for item in report["items"]}
    assert ("omission", "Ce paragraphe n’a pas été") in kinds
    assert ("meaning_drift", "Les inondations du printe") in kinds
    assert report["model"] == "use-multilingual-v3"


def test_languages_can_be_chosen_among_several(cat_tool_tmx, tmp_path) -> None:
    text = cat_tool_tmx.read_text(encoding="utf-8").replace(
        "</body>", '<tu><tuv xml:lang="de-DE"><seg>Ein Satz.</seg></tuv></tu></body>'
    )
    cat_tool_tmx.write_text(text.replace(' srclang="fr-CA"', ' srclang="*all*"'), encoding="utf-8")
    with pytest.raises(InputError, match=r"holds 3 language\(s\) \(fr-CA, en-US, de-DE\); name the pair"):
        read_alignment(cat_tool_tmx)
    alignment = read_alignment(cat_tool_tmx, "fr", "de")
    assert (alignment.src.lang, alignment.tgt.lang) == ("fr-CA", "de-DE")
    assert alignment.counts()["1-0"] == len(PAIRS) + 1


@pytest.mark.parametrize(
    ("content", "options", "message"),
    [
        ("<?xml version='1.0'?><tmx version='1.4'><body><tu>", [], "is not well-formed XML"),
        ('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
         "<tmx version='1.4'><body><tu><tuv xml:lang='fr'><seg>&secret;</seg></tuv></tu></body></tmx>",
         [], "declares XML entities, which this tool refuses for safety"),
        ("<tmx version='1.4'><header srclang='fr'/><body/></tmx>", [], "holds no translation unit with text"),
        ("Une phrase.\nUne autre.\n", [], "is a plain text, not an alignment"),
        ("bead\tsrc_ids\ttgt_ids\ttype\tsimilarity\tsrc_text\ttgt_text\n1\t0\t0\t1-1\tx\n",
         [], "line 2 has 5 fields, not 7"),
        ("<tmx version='1.4'><header srclang='fr'/><body><tu><tuv xml:lang='fr'><seg>Oui.</seg></tuv>"
         "<tuv xml:lang='en'><seg>Yes.</seg></tuv></tu></body></tmx>", ["--src-lang", "de"], "holds no de segments"),
    ],
)
def test_bad_alignments_are_one_line_errors(tmp_path, capsys, content: str, options: list[str], message: str) -> None:
    path = tmp_path / "in.tmx"
    path.write_text(content, encoding="utf-8")
    assert main(["convert", str(path), "-o", str(tmp_path / "out"), *options]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert not (tmp_path / "out").exists()


def test_convert_never_overwrites_its_input(exported, capsys) -> None:
    folder = exported["tsv"].parent
    before = exported["tsv"].read_bytes()
    assert main(["convert", str(exported["tsv"]), "-o", str(folder), "--format", "tsv"]) == EXIT_INPUT
    assert "would overwrite it; choose another folder with -o" in capsys.readouterr().err
    assert exported["tsv"].read_bytes() == before
