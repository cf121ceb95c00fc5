"""What translators' memories hold survives ``aligner convert``: language tags as BCP 47 reads
them, inline codes, unit metadata, and no unusable similarity written anywhere.

Every memory is written here, small; the embedder is the fast stand-in.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypomnema import Deserializer, LxmlBackend, Tmx
from lxml import etree

import aligner.convert
from aligner.checks import run_checks
from aligner.cli import EXIT_OK, main
from aligner.convert import convert, open_alignment, read_alignment
from aligner.document import Document, Sentence
from aligner.errors import InputError
from aligner.formats.fields import XML_LANG
from aligner.pipeline import pair_warnings

HEADER = (
    '<header creationtool="SomeCAT" creationtoolversion="9" segtype="sentence" o-tmf="cat" '
    'adminlang="en-US" srclang="{srclang}" datatype="plaintext"/>'
)


def memory(path: Path, units: list[str], *, srclang: str = "*all*", encoding: str = "utf-8") -> Path:
    """A TMX file holding ``units`` (``<tu>`` elements as text)."""
    body = "\n".join(units)
    path.write_text(
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n<tmx version="1.4">\n'
        f"{HEADER.format(srclang=srclang)}\n<body>\n{body}\n</body>\n</tmx>\n",
        encoding=encoding,
    )
    return path


def unit(*variants: tuple[str, str], inside: str = "") -> str:
    """A ``<tu>`` with one ``<tuv>`` per (language tag, segment markup), ``inside`` before them."""
    tuvs = "".join(f'<tuv xml:lang="{lang}"><seg>{seg}</seg></tuv>' for lang, seg in variants)
    return f"<tu>{inside}{tuvs}</tu>"


@pytest.fixture
def fast(monkeypatch, hash_embedder):
    """The fast embedder and fixed dates for convert."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(aligner.convert, "load_embedder", lambda _model: hash_embedder)
    return hash_embedder


def jsonl_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# Language tags


def test_tags_match_whatever_their_case_in_a_utf16_memory(tmp_path) -> None:
    path = memory(
        tmp_path / "cased.tmx",
        [
            unit(("en-us", "The report is ready."), ("fr-ca", "Le rapport est prêt.")),
            unit(("En-uS", "The minister spoke."), ("FR-CA", "Le ministre a parlé.")),
            unit(("en-us", "Prices rose."), ("FR-CA", "Les prix ont augmenté.")),
        ],
        encoding="utf-16",
    )
    source = open_alignment(path, "en-us", "fr-ca")
    alignment = source.read()
    assert (alignment.src.lang, alignment.tgt.lang) == ("en-US", "fr-CA")
    assert alignment.counts() == {"1-1": 3}  # no unit vanished, no translation dropped
    assert alignment.tgt.texts[1] == "Le ministre a parlé."
    assert source.warnings == ()


def test_two_regions_of_one_language_are_two_sides(tmp_path) -> None:
    path = memory(
        tmp_path / "us-uk.tmx",
        [
            unit(("en-US", "The color of the center."), ("en-GB", "The colour of the centre."), ("fr-CA", "Le centre")),
            unit(("en-US", "Check the program."), ("en-GB", "Check the programme.")),
        ],
    )
    alignment = read_alignment(path, "en-us", "en-gb")
    assert (alignment.src.lang, alignment.tgt.lang) == ("en-US", "en-GB")
    assert alignment.tgt.texts == ["The colour of the centre.", "Check the programme."]
    # A bare language takes what the other side leaves of it, whichever side is named first.
    for src_lang, tgt_lang in (("en", "en-GB"), ("en-US", "en")):
        alignment = read_alignment(path, src_lang, tgt_lang)
        assert alignment.src.texts == ["The color of the center.", "Check the program."]
        assert alignment.tgt.texts == ["The colour of the centre.", "Check the programme."]
    # Without the British text, US English is not taken as British.
    only_us = memory(tmp_path / "us.tmx", [unit(("en-US", "Check the program."), ("fr-CA", "Vérifiez le programme."))])
    with pytest.raises(InputError, match=r"holds no en-gb segments besides the other side \(it holds en-US, fr-CA\)"):
        read_alignment(only_us, "en-us", "en-gb")


def test_a_bare_language_reads_all_its_regions_as_one_side(tmp_path) -> None:
    path = memory(
        tmp_path / "french.tmx",
        [
            unit(("en", "The report is ready."), ("FR", "Le rapport est prêt.")),
            unit(("en", "The minister spoke."), ("FR-FR", "Le ministre a parlé.")),
            unit(("en", "Prices rose."), ("FR-CA", "Les prix ont augmenté.")),
        ],
    )
    source = open_alignment(path, "en", "fr")
    alignment = source.read()
    assert alignment.counts() == {"1-1": 3}  # no false omission
    assert alignment.tgt.lang == "fr"
    assert source.warnings == (f"{path}: fr reads fr, fr-FR, fr-CA as one side (name one of them to take it alone)",)
    # Without --tgt-lang, the one language left is read whole too.
    assert read_alignment(path, "en").counts() == {"1-1": 3}
    # One region named: the others' units are said to be left out, not dropped in silence.
    source = open_alignment(path, "en", "fr-CA")
    assert source.read().counts() == {"1-1": 1, "1-0": 2}


def test_a_missing_region_falls_back_to_the_closest_variant_in_one_line(tmp_path) -> None:
    path = memory(tmp_path / "memory.tmx", [unit(("en-US", "Prices rose."), ("fr-CA", "Les prix ont augmenté."))])
    source = open_alignment(path, "en-US", "fr-FR")
    assert source.tgt_lang == "fr-CA"
    assert source.read().counts() == {"1-1": 1}
    assert source.warnings == (f"{path}: holds no fr-FR text; reading fr-CA, the closest variant, instead",)


def test_units_in_neither_language_are_counted_not_dropped_in_silence(fast, tmp_path, capsys) -> None:
    path = memory(
        tmp_path / "three.tmx",
        [
            unit(("en", "Prices rose."), ("fr", "Les prix ont augmenté.")),
            unit(("de", "Die Preise stiegen.")),
            unit(("de", "Der Bericht ist fertig."), ("it", "Il rapporto è pronto.")),
        ],
    )
    assert main(["convert", str(path), "--src-lang", "en", "--tgt-lang", "fr", "-o", str(tmp_path / "out"),
                 "--format", "tsv"]) == EXIT_OK
    assert (
        f"aligner: warning: {path}: 2 unit(s) hold neither en nor fr text (only de, it); they are left out"
        in capsys.readouterr().err
    )


def regional(lang: str, texts: list[str]) -> Document:
    return Document(Path(f"text.{lang}.txt"), lang, [], [Sentence(i, text, 0) for i, text in enumerate(texts)])


FRENCH = [
    "Le gouvernement du Canada a annoncé aujourd’hui un nouveau programme de financement.",
    "Les provinces recevront les fonds au cours des trois prochaines années.",
    "La ministre a remercié les partenaires communautaires pour leur travail.",
]
ENGLISH = [
    "The Government of Canada announced a new funding program today.",
    "The provinces will receive the funds over the next three years.",
    "The minister thanked community partners for their work.",
]


def test_align_takes_regional_tags_without_a_warning(tmp_path, capsys) -> None:
    french, english = tmp_path / "fr.txt", tmp_path / "en.txt"
    french.write_text("\n\n".join(FRENCH), encoding="utf-8")
    english.write_text("\n\n".join(ENGLISH), encoding="utf-8")
    out = tmp_path / "out"
    options = ["--src-lang", "fr-CA", "--tgt-lang", "en-CA", "-o", str(out), "--format", "tmx"]
    assert main(["align", str(french), str(english), *options]) == EXIT_OK
    assert "warning" not in capsys.readouterr().err
    tuvs = etree.parse(str(out / "fr-en.tmx")).iter("tuv")
    assert {tuv.get(XML_LANG) for tuv in tuvs} == {"fr-CA", "en-CA"}


def test_align_knows_a_regional_tag_is_its_language() -> None:
    assert pair_warnings(regional("fr-CA", FRENCH), regional("en-CA", ENGLISH)) == []
    # A real mismatch is still said, with the tag the user gave.
    assert pair_warnings(regional("fr-CA", ENGLISH), regional("en-CA", ENGLISH)) == [
        "text.fr-CA.txt: looks en, not fr-CA",
        "both files look en: is this really a translation pair?",
    ]


# Inline codes

CODED = [
    ("Export the data.<ph>\n</ph>Recent files are kept.", "Exportez les données.<ph>\n</ph>Les fichiers restent."),
    ('1.<ph x="1">\t</ph>Confirm the order.', '1.<ph x="1">\t</ph>Confirmez la commande.'),
    ('The <bpt i="1">&lt;b&gt;</bpt>annual<ept i="1">&lt;/b&gt;</ept> report is un<bpt i="2">{\\i </bpt>usual'
     '<ept i="2">}</ept>ly long.',
     'Le rapport <bpt i="1">&lt;b&gt;</bpt>annuel<ept i="1">&lt;/b&gt;</ept> est long.'),
    ('See <it pos="begin">&lt;a href="x"&gt;</it>the <hi type="bold">new</hi> page.',
     'Voir <it pos="begin">&lt;a href="x"&gt;</it>la <hi type="bold">nouvelle</hi> page.'),
    ('Click<ut>{\\field}</ut>here and<ph>&lt;img alt="<sub>A chart</sub>"/&gt;</ph>there.',
     'Cliquez<ut>{\\field}</ut>ici et<ph>&lt;img alt="<sub>Un graphique</sub>"/&gt;</ph>là.'),
]


@pytest.fixture
def coded(tmp_path) -> Path:
    return memory(tmp_path / "coded.tmx", [unit(("en-US", en), ("fr-FR", fr)) for en, fr in CODED], srclang="en-US")


def segs(path: Path, lang: str) -> list[bytes]:
    """Each unit's segment markup in one language, as written."""
    tree = etree.parse(str(path))
    return [
        etree.tostring(seg, with_tail=False)
        for tuv in tree.iter("tuv")
        if tuv.get(XML_LANG) == lang
        for seg in tuv.iterfind("seg")
    ]


def test_inline_codes_are_whitespace_to_the_checks_and_kept_in_the_tmx(fast, coded, tmp_path, tmx_dtd) -> None:
    alignment = read_alignment(coded)
    assert alignment.src.texts == [
        "Export the data. Recent files are kept.",
        "1. Confirm the order.",
        "The annual report is unusually long.",
        "See the new page.",
        "Click here and there.",
    ]
    evidence = " ".join(item.evidence for item in run_checks(alignment, fast).findings)
    assert not {"data.Recent", "1.Confirm", "Clickhere", "andthere"} & set(evidence.split())

    result = convert(coded, tmp_path / "out", formats=["tmx", "jsonl", "tsv"])
    written = tmp_path / "out" / "coded.tmx"
    assert tmx_dtd.validate(etree.parse(str(written))), tmx_dtd.error_log
    for lang in ("en-US", "fr-FR"):
        assert segs(written, lang) == segs(coded, lang)  # codes, their content and attributes as they were
    records = jsonl_records(tmp_path / "out" / "coded.jsonl")
    assert [record["src_text"] for record in records] == alignment.src.texts  # other formats: plain text
    assert "<ph" not in (tmp_path / "out" / "coded.tsv").read_text(encoding="utf-8")
    assert result.warnings == []


# Metadata

KEPT_UNIT = (
    '<tu tuid="memoq-17" creationid="ANNA" creationdate="20240105T101500Z" changeid="BOB" '
    'changedate="20240212T083000Z" usagecount="3">'
    "<note>Checked against the printed brochure.</note>"
    '<prop type="x-document">brochure-2024.docx</prop><prop type="client">Ministry of Finance</prop>'
    '<prop type="x-empty"></prop>'
    '<tuv xml:lang="en-US" creationid="ANNA" changedate="20240212T083000Z"><prop type="x-context">h1</prop>'
    "<seg>The annual report is ready.</seg></tuv>"
    '<tuv xml:lang="fr-CA" changeid="BOB"><note>Terminology approved.</note>'
    "<seg>Le rapport annuel est prêt.</seg></tuv>"
    "</tu>"
)


def test_unit_and_variant_metadata_survive_a_round_trip(fast, tmp_path, tmx_dtd) -> None:
    path = memory(
        tmp_path / "memoq.tmx",
        [KEPT_UNIT, unit(("en-US", "Prices rose."), ("fr-CA", "Les prix ont augmenté.")),
         unit(("en-US", "This sentence was never translated."))],
        srclang="en-US",
    )
    # The memory's own header properties and notes (memoQ writes the client there too).
    header_extras = '<prop type="client">Ministry of Finance</prop><note>Project 42</note><prop type="x-empty"/>'
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('datatype="plaintext"/>', f'datatype="plaintext">{header_extras}</header>'), "utf-8")
    convert(path, tmp_path / "once", formats=["tmx", "jsonl"])
    written = tmp_path / "once" / "memoq.tmx"
    tree = etree.parse(str(written))
    assert tmx_dtd.validate(tree), tmx_dtd.error_log
    header = tree.find("header")
    assert header.findtext("prop[@type='client']") == "Ministry of Finance" and header.findtext("note") == "Project 42"
    assert header.find("prop[@type='x-empty']") is None
    tu = tree.find("body/tu")
    assert dict(tu.attrib) == {
        "tuid": "memoq-17", "srclang": "en-US", "creationid": "ANNA", "creationdate": "20240105T101500Z",
        "changeid": "BOB", "changedate": "20240212T083000Z", "usagecount": "3",
    }
    assert tu.findtext("note") == "Checked against the printed brochure."
    props = {prop.get("type"): prop.text for prop in tu.iterfind("prop")}
    assert props["x-document"] == "brochure-2024.docx" and props["client"] == "Ministry of Finance"
    assert "x-empty" not in props  # an empty property is not written, even when the file had one
    source, target = tu.iterfind("tuv")
    assert (source.get("creationid"), source.get("changedate"), source.findtext("prop")) == (
        "ANNA", "20240212T083000Z", "h1"
    )
    assert (target.get("changeid"), target.findtext("note")) == ("BOB", "Terminology approved.")
    # Units that had no tuid are numbered; this tool's properties are written once, however often converted.
    assert [unit.get("tuid") for unit in tree.iterfind("body/tu")] == ["memoq-17", "2", "3"]
    convert(written, tmp_path / "twice", formats=["tmx", "jsonl"])
    again = etree.parse(str(tmp_path / "twice" / "memoq.tmx"))
    for element in ("prop", "note"):
        assert [(e.get("type"), e.text) for e in again.iter(element)] == [
            (e.get("type"), e.text) for e in tree.iter(element)
        ]


def test_a_strict_reader_loads_our_tmx_with_unmatched_units(fast, tmp_path) -> None:
    path = memory(
        tmp_path / "memoq.tmx",
        [KEPT_UNIT.replace('<prop type="x-empty"></prop>', ""),
         unit(("en-US", "This sentence was never translated.")),
         unit(("fr-CA", "Cette phrase n’a pas d’original.")),
         *(unit(("en-US", en), ("fr-CA", fr)) for en, fr in CODED[:2])],
        srclang="en-US",
    )
    convert(path, tmp_path / "out", formats=["tmx", "jsonl"])  # jsonl: the checks' findings become notes too
    written = tmp_path / "out" / "memoq.tmx"
    assert b"></" not in written.read_bytes().replace(b"<ph>\n</ph>", b"")  # no empty element anywhere
    backend = LxmlBackend()
    loaded = Deserializer(backend).deserialize(backend.parse(written))
    assert isinstance(loaded, Tmx)
    assert [len(tu.variants) for tu in loaded.body] == [2, 1, 1, 2, 2]


# Similarities that are not numbers


@pytest.mark.parametrize("input_format", ["tmx", "tsv"])
def test_unusable_similarities_are_set_aside_in_one_line_and_never_written(
    fast, tmp_path, capsys, tei_schema, input_format
) -> None:
    scores = ["nan", "inf", "-inf", "1.5", "0.9000", "NaN", "0.8000"]
    pairs = [(f"Sentence number {i} is here.", f"La phrase numéro {i} est ici.") for i in range(len(scores))]
    path = memory(
        tmp_path / "scored.tmx",
        [unit(("en", en), ("fr", fr), inside=f'<prop type="x-similarity">{score}</prop>')
         for (en, fr), score in zip(pairs, scores, strict=True)],
        srclang="en",
    )
    if input_format == "tsv":
        lines = ["bead\tsrc_ids\ttgt_ids\ttype\tsimilarity\tsrc_text\ttgt_text"] + [
            f"{i + 1}\t{i}\t{i}\t1-1\t{score}\t{en}\t{fr}"
            for i, ((en, fr), score) in enumerate(zip(pairs, scores, strict=True))
        ]
        path = tmp_path / "scored.tsv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["convert", str(path), "-o", str(out), "--format", "tmx,tei,jsonl,tsv"]) == EXIT_OK
    assert capsys.readouterr().err.count(
        f"{path}: 5 unit(s) record a similarity that is not a number in [-1, 1]"
    ) == 1
    similarities = [record["similarity"] for record in jsonl_records(out / "scored.jsonl")]
    assert all(isinstance(value, float) and math.isfinite(value) for value in similarities)
    assert similarities[4] != 0.9  # scored anew, all by one model
    for name in ("scored.tmx", "scored.tei.xml", "scored.jsonl", "scored.tsv"):
        assert not {"nan", "inf"} & set((out / name).read_text(encoding="utf-8").lower().replace('"', " ").split())
    assert tei_schema.validate(etree.parse(str(out / "scored.tei.xml"))), tei_schema.error_log


# Large files


def test_a_memory_converted_in_chunks_keeps_codes_and_metadata_as_whole(fast, coded, tmp_path, monkeypatch) -> None:
    text = coded.read_text(encoding="utf-8").replace("<tu>", KEPT_UNIT + "\n<tu>", 1)
    coded.write_text(text, encoding="utf-8")
    convert(coded, tmp_path / "whole", formats=["tmx", "jsonl"])
    monkeypatch.setattr(aligner.convert, "CHUNK_UNITS", 2)
    streamed = convert(coded, tmp_path / "chunks", formats=["tmx", "jsonl"])
    assert isinstance(streamed, aligner.convert.StreamedResult) and streamed.chunks == 3
    for name in ("coded.tmx", "coded.jsonl"):
        assert (tmp_path / "chunks" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    assert b'tuid="memoq-17"' in (tmp_path / "chunks" / "coded.tmx").read_bytes()
