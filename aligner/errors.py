"""Errors a user can act on, and how text from files is shown on a terminal.

The CLI prints an error as one line and exits 2.
"""

from __future__ import annotations

import re


class InputError(Exception):
    """Bad input or usage: what is wrong, which file, and what to do about it."""


class ModelUnavailableError(InputError):
    """The chosen embedding model cannot be loaded on this machine."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the CLI stops so that it stops as cleanly as on Ctrl-C."""


#: Characters a terminal would act on or hide instead of showing: C0 and C1 controls, DEL,
#: bidirectional controls (they reorder what follows), line separators, and the lone
#: surrogates that stand for bytes of a file name that were not UTF-8.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
#: The longest error or warning line, in characters.
LINE_LIMIT = 300
_CUT = " ... "


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def shown(text: str) -> str:
    """``text`` (a file name, a message naming files) safe to print: every character a terminal
    would act on is written as an escape (``\\x1b``, ``\\n``), and a byte of a file name that was
    not UTF-8 as ``\\xff``. Applying it twice changes nothing more."""
    return _UNSHOWABLE.sub(_escape, text)


def one_line(message: str, limit: int = LINE_LIMIT) -> str:
    """``message`` shown as one line of at most ``limit`` characters: the middle of a longer one
    is cut, keeping its beginning (which file, what is wrong) and its end (what to do)."""
    line = shown(message)
    if len(line) <= limit:
        return line
    head = (limit - len(_CUT)) * 3 // 5
    tail = limit - len(_CUT) - head
    return line[:head] + _CUT + line[-tail:]
