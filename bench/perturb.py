"""A French–English gold set no setting was chosen on: the demo Act, perturbed as laws DEV was.

``../shared/data/demo-public-safety-act`` holds one complete official Act in
both languages, block for block (titles, headings, marginal notes and
provisions, blank lines between them). Its blocks are one-to-one, so the
perturbation that built laws-fr-en DEV can be replayed on it, as that set's
README describes: about 8% of the units are joined with the next unit into
one line in one language only, and about 3% (never a heading or title) are
deleted from one language only, each alternating between French and
English, joined and deleted units never overlapping. Each seed gives one
document; the files are written in the gold sets' layout
(``fr/NNN``, ``en/NNN``, ``gold/NNN``).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

JOIN_SHARE = 0.08
DELETE_SHARE = 0.03
#: A unit that ends so is a provision; any other is a title, heading or marginal note.
PROVISION_ENDS = ".;:"


def read_units(path: Path) -> list[str]:
    """The blocks of a text file (separated by blank lines), each on one line."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    return [" ".join(block.split()) for block in blocks if block.strip()]


def perturbed(
    french: list[str], english: list[str], seed: int
) -> tuple[list[str], list[str], list[tuple[list[int], list[int]]]]:
    """One perturbed copy of two one-to-one unit lists: French lines, English lines, gold beads."""
    rng = random.Random(seed)
    n = len(french)
    starts = list(range(n - 1))
    rng.shuffle(starts)
    joined: dict[int, str] = {}  # first unit of a joined pair -> the language that joins it
    used: set[int] = set()
    wanted = max(1, round(JOIN_SHARE * n))
    for start in starts:
        if len(joined) < wanted and start not in used and start + 1 not in used:
            joined[start] = ("fr", "en")[len(joined) % 2]
            used |= {start, start + 1}
    provisions = [i for i in range(n) if i not in used and french[i][-1] in PROVISION_ENDS]
    rng.shuffle(provisions)
    deleted = {i: ("fr", "en")[k % 2] for k, i in enumerate(provisions[: max(1, round(DELETE_SHARE * n))])}
    fr: list[str] = []
    en: list[str] = []
    gold: list[tuple[list[int], list[int]]] = []
    i = 0
    while i < n:
        if i in joined:
            if joined[i] == "fr":
                fr.append(f"{french[i]} {french[i + 1]}")
                en += english[i : i + 2]
                gold.append(([len(fr) - 1], [len(en) - 2, len(en) - 1]))
            else:
                en.append(f"{english[i]} {english[i + 1]}")
                fr += french[i : i + 2]
                gold.append(([len(fr) - 2, len(fr) - 1], [len(en) - 1]))
            i += 2
            continue
        bead: tuple[list[int], list[int]] = ([], [])
        if deleted.get(i) != "fr":
            fr.append(french[i])
            bead[0].append(len(fr) - 1)
        if deleted.get(i) != "en":
            en.append(english[i])
            bead[1].append(len(en) - 1)
        gold.append(bead)
        i += 1
    return fr, en, gold


def write_set(source: Path, folder: Path, seeds: range) -> Path:
    """Write one perturbed document per seed under ``folder``; return it."""
    french, english = read_units(source / "fr.txt"), read_units(source / "en.txt")
    if len(french) != len(english):
        raise SystemExit(f"{source}: the two versions no longer have the same number of blocks")
    for sub in ("fr", "en", "gold"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        fr, en, gold = perturbed(french, english, seed)
        name = f"{seed:03d}"
        (folder / "fr" / name).write_text("\n".join(fr) + "\n", encoding="utf-8")
        (folder / "en" / name).write_text("\n".join(en) + "\n", encoding="utf-8")
        lines = [f"{json.dumps(src)}:{json.dumps(tgt)}" for src, tgt in gold]
        (folder / "gold" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
