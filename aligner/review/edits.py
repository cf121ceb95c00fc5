"""A reviewer's corrections to an alignment, as pure functions over the bead list.

Each correction takes the beads and returns new ones; none changes its input.
A bead whose sentences change is a new bead: it has no similarity (none was
measured for it; the export scores it) and is not checked (the reviewer has
not looked at it yet). A comment stays with the sentences it was written on:
a merged bead joins its parts' comments, a split or moved bead keeps its own.
Every correction keeps the invariants :func:`check_beads` states, and refuses
with an :class:`~aligner.errors.InputError` a correction that cannot be made.
What a correction changed is a :class:`Splice`, which the store records so
that it can be undone and redone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from aligner.document import Bead
from aligner.errors import InputError

Side = Literal["src", "tgt"]
SIDES: tuple[Side, ...] = ("src", "tgt")


def merge(beads: list[Bead], i: int) -> list[Bead]:
    """Bead ``i`` and bead ``i + 1`` as one bead."""
    _check_position(beads, i)
    if i + 1 >= len(beads):
        raise InputError(f"bead {i} is the last one: there is no next bead to merge it with")
    first, second = beads[i], beads[i + 1]
    comment = "\n".join(text for text in (first.comment, second.comment) if text)
    merged = Bead(first.src + second.src, first.tgt + second.tgt, comment=comment)
    return [*beads[:i], merged, *beads[i + 2 :]]


def split(beads: list[Bead], i: int, src_at: int, tgt_at: int) -> list[Bead]:
    """Bead ``i`` cut in two: its first ``src_at`` source and ``tgt_at`` target sentences, then the
    rest. Either part may be one-sided, neither may be empty."""
    bead = _bead(beads, i)
    if not (0 <= src_at <= len(bead.src) and 0 <= tgt_at <= len(bead.tgt)):
        raise InputError(
            f"bead {i} has {len(bead.src)} source and {len(bead.tgt)} target sentence(s): "
            f"cannot split it after {src_at} and {tgt_at}"
        )
    first = Bead(bead.src[:src_at], bead.tgt[:tgt_at], comment=bead.comment)
    second = Bead(bead.src[src_at:], bead.tgt[tgt_at:], comment=bead.comment)
    if not (first.src or first.tgt) or not (second.src or second.tgt):
        raise InputError(f"splitting bead {i} after {src_at} and {tgt_at} sentence(s) would leave an empty part")
    return [*beads[:i], first, second, *beads[i + 1 :]]


def move(beads: list[Bead], i: int, side: Side, to: Literal["next", "prev"]) -> list[Bead]:
    """The sentence at bead ``i``'s edge on ``side`` moved to the neighbouring bead: its last
    sentence to the start of bead ``i + 1`` (``next``), or its first to the end of bead ``i - 1``
    (``prev``). A bead left with no sentence is removed."""
    _check_side(side)
    bead = _bead(beads, i)
    ids = _ids(bead, side)
    if not ids:
        raise InputError(f"bead {i} has no {_side_name(side)} sentence to move")
    if to == "next":
        if i + 1 >= len(beads):
            raise InputError(f"bead {i} is the last one: there is no next bead to move its sentence to")
        after = beads[i + 1]
        left, right = _with_ids(bead, side, ids[:-1]), _with_ids(after, side, ids[-1:] + _ids(after, side))
    elif to == "prev":
        if i == 0:
            raise InputError("bead 0 is the first one: there is no previous bead to move its sentence to")
        before = beads[i - 1]
        left, right = _with_ids(before, side, _ids(before, side) + ids[:1]), _with_ids(bead, side, ids[1:])
    else:
        raise InputError(f"cannot move a sentence to {to!r}: give next or prev")
    start = i if to == "next" else i - 1
    kept = [part for part in (left, right) if part.src or part.tgt]
    return [*beads[:start], *kept, *beads[start + 2 :]]


def unmatch(beads: list[Bead], side: Side, sentence: int) -> list[Bead]:
    """``sentence`` of ``side`` out of its bead, as a bead of its own (1-0 or 0-1): before what is
    left of its bead when it was the bead's first sentence on that side, after when it was the last.
    A sentence in the middle of its bead cannot leave it without breaking the order: split first."""
    _check_side(side)
    i = next((n for n, bead in enumerate(beads) if sentence in _ids(bead, side)), None)
    if i is None:
        raise InputError(f"there is no {_side_name(side)} sentence {sentence}")
    bead = beads[i]
    ids = _ids(bead, side)
    alone = _with_ids(Bead((), ()), side, (sentence,))
    rest = _with_ids(bead, side, tuple(n for n in ids if n != sentence))
    if not (rest.src or rest.tgt):
        raise InputError(f"{_side_name(side)} sentence {sentence} is already unmatched")
    if sentence == ids[0]:
        parts = [alone, rest]
    elif sentence == ids[-1]:
        parts = [rest, alone]
    else:
        raise InputError(
            f"{_side_name(side)} sentence {sentence} is in the middle of bead {i}: split the bead first"
        )
    return [*beads[:i], *parts, *beads[i + 1 :]]


def set_checked(beads: list[Bead], i: int, checked: bool) -> list[Bead]:
    """Bead ``i`` marked as looked at and found right, or not."""
    return [*beads[:i], replace(_bead(beads, i), checked=checked), *beads[i + 1 :]]


def set_comment(beads: list[Bead], i: int, comment: str) -> list[Bead]:
    """Bead ``i`` with the reviewer's ``comment`` (empty: none)."""
    return [*beads[:i], replace(_bead(beads, i), comment=comment), *beads[i + 1 :]]


def check_beads(beads: list[Bead], src_count: int, tgt_count: int) -> None:
    """Refuse beads that break the invariants: every sentence in exactly one bead, each side's ids
    increasing along the beads, no empty bead."""
    for n, bead in enumerate(beads):
        if not (bead.src or bead.tgt):
            raise InputError(f"bead {n} holds no sentence")
    for side, count in zip(SIDES, (src_count, tgt_count), strict=True):
        ids = [n for bead in beads for n in _ids(bead, side)]
        if ids != list(range(count)):
            raise InputError(
                f"the beads do not hold the {count} {_side_name(side)} sentence(s) once each, in order"
            )


@dataclass(frozen=True)
class Splice:
    """What a correction changed in the bead list: the beads ``before`` at ``start`` became ``after``."""

    start: int
    before: tuple[Bead, ...]
    after: tuple[Bead, ...]

    def applied(self, beads: list[Bead]) -> list[Bead]:
        """``beads`` with this change made; they must hold ``before`` at ``start``."""
        end = self.start + len(self.before)
        if tuple(beads[self.start : end]) != self.before:
            raise InputError(f"the beads at {self.start} are not those this change was made on")
        return [*beads[: self.start], *self.after, *beads[end:]]

    def reverted(self) -> Splice:
        """The change that undoes this one."""
        return Splice(self.start, self.after, self.before)


def splice(old: list[Bead], new: list[Bead]) -> Splice:
    """The smallest :class:`Splice` that turns ``old`` into ``new``."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old, end_new = end_old - 1, end_new - 1
    return Splice(start, tuple(old[start:end_old]), tuple(new[start:end_new]))


def _bead(beads: list[Bead], i: int) -> Bead:
    _check_position(beads, i)
    return beads[i]


def _check_position(beads: list[Bead], i: int) -> None:
    if not 0 <= i < len(beads):
        raise InputError(f"there is no bead {i}: the beads are numbered 0 to {len(beads) - 1}")


def _check_side(side: str) -> None:
    if side not in SIDES:
        raise InputError(f"unknown side {side!r}: give src or tgt")


def _side_name(side: Side) -> str:
    return "source" if side == "src" else "target"


def _ids(bead: Bead, side: Side) -> tuple[int, ...]:
    return bead.src if side == "src" else bead.tgt


def _with_ids(bead: Bead, side: Side, ids: tuple[int, ...]) -> Bead:
    """``bead`` with ``side`` holding ``ids``: a new bead when that changes its sentences (no
    similarity, not checked), the bead itself when it does not."""
    if ids == _ids(bead, side):
        return bead
    src, tgt = (ids, bead.tgt) if side == "src" else (bead.src, ids)
    return Bead(src, tgt, comment=bead.comment)
