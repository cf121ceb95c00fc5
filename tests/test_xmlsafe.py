"""Reading XML safely: no entity expansion, no external entities, no network."""

from __future__ import annotations

import time

import pytest

from aligner.errors import InputError
from aligner.read.xmlsafe import parse_xml

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<tmx version="1.4"><header/><body><tu><tuv xml:lang="fr"><seg>&lol9;</seg></tuv></tu></body></tmx>
"""


def test_an_entity_bomb_is_refused_quickly(tmp_path) -> None:
    path = tmp_path / "bomb.tmx"
    path.write_text(BOMB, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(InputError, match="entit"):
        parse_xml(path)
    assert time.perf_counter() - start < 2


def test_an_external_entity_is_never_read(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("hunter2", encoding="utf-8")
    path = tmp_path / "xxe.tmx"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<tmx version="1.4"><body><tu><tuv xml:lang="fr"><seg>&x;</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        parse_xml(path)
    assert "hunter2" not in str(error.value)


def test_an_external_dtd_is_not_fetched(tmp_path) -> None:
    path = tmp_path / "remote-dtd.tmx"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "http://192.0.2.1/tmx14.dtd">'
        '<tmx version="1.4"><body/></tmx>',
        encoding="utf-8",
    )
    start = time.perf_counter()
    assert parse_xml(path).getroot().tag == "tmx"
    assert time.perf_counter() - start < 2


def test_malformed_xml_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "broken.tmx"
    path.write_text("<tmx><body></tmx>", encoding="utf-8")
    with pytest.raises(InputError, match="is not well-formed XML"):
        parse_xml(path)
