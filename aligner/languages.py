"""Language tags (BCP 47) as files and users write them, compared as BCP 47 says, with langcodes.

Tags are case-insensitive (``En-uS`` is ``en-US``) and may name a region:
``en-US`` and ``en-GB`` are two languages a memory can align, while a bare
``fr`` names French wherever it is spoken. :func:`match` says which of a
file's tags a user's tag picks, and in one line how, when it is not the
very tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import langcodes
from langcodes.tag_parser import LanguageTagError


def standard(tag: str) -> str:
    """A tag in its standard form (``En-uS`` and ``en_us`` are ``en-US``); one that is not BCP 47, lower-cased."""
    try:
        return str(langcodes.standardize_tag(tag))
    except (LanguageTagError, ValueError):
        return tag.strip().lower()


def language(tag: str) -> str:
    """A tag's language subtag: ``fr`` for ``fr-CA``, ``zh`` for ``zh-Hant-TW``."""
    try:
        return str(langcodes.Language.get(tag).language or "").lower() or _first_subtag(tag)
    except (LanguageTagError, ValueError):
        return _first_subtag(tag)


def _first_subtag(tag: str) -> str:
    return re.split(r"[-_]", tag.strip())[0].lower()


@dataclass(frozen=True)
class Match:
    """The tags of a file that one side is read from, what that side is called, and, when the
    user's tag did not name them exactly, one line saying which were taken."""

    #: The side's language as the outputs name it: the file's tag when one was taken, else the user's.
    name: str
    tags: tuple[str, ...]
    notice: str | None = None


def match(wanted: str, tags: Iterable[str]) -> Match | None:
    """Which of ``tags`` (standard forms) the tag ``wanted`` picks, None when none of its language.

    The very tag, in any case, is picked alone: ``en-US`` is not ``en-GB``.
    A bare language picks all its variants, one side however the file spells
    its regions (``fr`` picks ``fr``, ``fr-FR`` and ``fr-CA``). A tag with a
    region the file lacks picks the closest variant of its language (by
    langcodes' distance: ``en-AU`` picks ``en-GB`` before ``en-US``).
    """
    want, tags = standard(wanted), list(tags)
    if want in tags and want != language(want):
        return Match(want, (want,))
    variants = [tag for tag in tags if language(tag) == language(want)]
    if not variants:
        return None
    if want == language(want):
        if len(variants) == 1:
            return Match(variants[0], tuple(variants))
        taken = ", ".join(variants)
        return Match(want, tuple(variants), f"{want} reads {taken} as one side (name one of them to take it alone)")
    closest = min(variants, key=lambda tag: langcodes.tag_distance(want, tag))
    return Match(closest, (closest,), f"holds no {want} text; reading {closest}, the closest variant, instead")


def group(tags: list[str]) -> Match | None:
    """The one language left in a file once a side is taken: all its variants, None when several languages are left."""
    if not tags or len({language(tag) for tag in tags}) > 1:
        return None
    if len(tags) == 1:
        return Match(tags[0], (tags[0],))
    name = language(tags[0])
    return Match(name, tuple(tags), f"reading {', '.join(tags)} as one side, {name}")
