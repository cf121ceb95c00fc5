"""Property: any Unicode text goes through read → segment → align → export into valid files, no sentence lost."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from aligner.errors import InputError
from aligner.pipeline import PairSettings, process_pair
from aligner.read.encoding import INVISIBLE

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

#: Characters that break naive tools: XML-illegal controls, U+FFFE/F, lone
#: surrogates, zero-width and bidi controls, no-break spaces, combining marks.
NASTY = list(
    "\x00\x01\x07\x0b\x0c\x1b\x7f\x85\ufffe\uffff\ud800\udfff"
    "\u200b\u200d\u202e\u2066\u00a0\u202f\u0301\u0308\ufeff\u2028"
)

characters = st.one_of(
    st.characters(blacklist_characters="\n\r"),
    st.sampled_from(NASTY),
    st.sampled_from(list("abcdefghij .,;:!?«»—-•")),
)
sentence = st.text(characters, min_size=0, max_size=60)
side = st.lists(sentence, min_size=1, max_size=8)


def _write(path: Path, lines: list[str]) -> None:
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(src_lines=side, tgt_lines=side, presplit=st.booleans())
def test_any_text_gives_valid_exports_with_every_sentence_once(
    src_lines, tgt_lines, presplit, hash_embedder, tmx_dtd, tei_schema
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _write(root / "fr.txt", src_lines)
        _write(root / "en.txt", tgt_lines)
        try:
            settings = PairSettings("fr", "en", presplit=presplit, model=hash_embedder)
            result = process_pair(root / "fr.txt", root / "en.txt", root / "out", settings)
        except InputError as error:
            # The only refusal any text may get: a side with nothing in it.
            assert "is empty" in str(error)
            assert not (root / "out").exists()
            return
        source, target = result.alignment.src, result.alignment.tgt

        tmx = etree.parse(str(root / "out/fr-en.tmx"))
        assert tmx_dtd.validate(tmx), tmx_dtd.error_log.filter_from_errors()
        src_ids, tgt_ids = [], []
        for unit in tmx.iterfind("body/tu"):
            props = {prop.get("type"): prop.text or "" for prop in unit.iterfind("prop")}
            # An unmatched unit has no prop for its empty side: strict readers refuse empty elements.
            src_ids += [int(i) for i in props.get("x-source-ids", "").split(",") if i]
            tgt_ids += [int(j) for j in props.get("x-target-ids", "").split(",") if j]
        assert sorted(src_ids) == list(range(len(source.sentences)))
        assert sorted(tgt_ids) == list(range(len(target.sentences)))

        tei = etree.parse(str(root / "out/fr-en.tei.xml"))
        assert tei_schema.validate(tei), tei_schema.error_log
        sentence_ids = [s.get(XML_ID) for s in tei.iter(f"{TEI}s")]
        linked = [t.removeprefix("#") for p in tei.find(f".//{TEI}linkGrp") for t in p.get("target").split()]
        assert sorted(linked) == sorted(sentence_ids)
        assert len(sentence_ids) == len(source.sentences) + len(target.sentences)
        if presplit:
            # One sentence per line; a final newline ends the last line, also when reading leaves nothing after
            # it (a last line of invisible format characters alone, which reading removes).
            lines = INVISIBLE.sub("", "\n".join(src_lines)).split("\n")
            assert len(source.sentences) == len(lines) - (lines[-1] == "")
