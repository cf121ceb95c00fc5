"""French–English gold sets no setting was chosen on, perturbed as laws DEV and DEV2 were.

``../shared/data/demo-public-safety-act`` holds one complete official Act in
both languages, block for block (titles, headings, marginal notes and
provisions, blank lines between them), and so do many Acts of
``../shared/data/laws-corpus``. Where the blocks are one-to-one, the
perturbation that built laws-fr-en DEV and DEV2 can be replayed, as their
README describes: about 8% of the units are joined with the next unit into
one line in one language only, and about 3% (never a heading or title) are
deleted from one language only, each alternating between French and
English, joined and deleted units never overlapping. The files are written
in the gold sets' layout (``fr/NNN``, ``en/NNN``, ``gold/NNN``):

- :func:`write_set`: one perturbed copy of the demo Act per seed;
- :func:`write_corpus_set`: one perturbed copy of each Act of the laws
  corpus whose blocks are one-to-one and which no gold set holds, in two
  parts: "a" (40 Acts of DEV2's size), whose misses may be read when a rule
  is designed, and "b" (the 57 others), only ever measured; "a2" to "a18", part
  "a"'s Acts perturbed again with other seeds, for more misses to read; and
  "s" and "s2", part "a"'s Acts cut to 20–45 units with two seeds, small
  Acts to read; "l", the openings of the longer Acts (other Acts again); "m", the openings of the
  Acts of 20–310 units whose blocks do not pair one-to-one throughout (others again); "b2", part "b"'s
  Acts perturbed again, and "t", the one-to-one Acts of 8–19 units (others again), both only measured.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

from aligner.text import digit_runs

JOIN_SHARE = 0.08
DELETE_SHARE = 0.03
#: A unit that ends so is text; a short capitalised one that does not is a title, heading or marginal note.
TEXT_ENDS = ".;:,"
LABEL_WORDS = 12
#: An Act opens with its short and long titles.
TITLES = 2
DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
GOLD_SETS = (DATA / "laws-fr-en-dev", DATA / "laws-fr-en-dev2")
DEMO = DATA / "demo-public-safety-act"
CORPUS = DATA / "laws-corpus"
#: The corpus sets: Acts of CORPUS_UNITS units (DEV2's largest at most); CORPUS_ACTS of DEV2's size at least
#: (DEV2_UNITS) drawn with CORPUS_SEED for part "a", the rest for part "b".
CORPUS_UNITS = (20, 310)
DEV2_UNITS = 38
CORPUS_ACTS = 40
CORPUS_SEED = 2028
#: Part "s" cuts each of part "a"'s Acts to its first units, as many as drawn in SMALL_UNITS per Act: most
#: Acts outside part "a" are small (half of part "b"'s have 31 units or fewer, part "a"'s 78), and an Act
#: of 30 units has a structure of its own (titles, enacting words and short title make a third of it).
SMALL_UNITS = (20, 45)
#: Part "l": Acts longer than CORPUS_UNITS pair by position only at their opening (further on, definitions
#: are sorted by each language's alphabet), so each is cut before its first block that does not pair
#: (``pairs``), kept where that leaves SMALL_UNITS[0] blocks, and at most LONG_OPENING.
LONG_OPENING = 150
#: Part "t": the one-to-one Acts too small for CORPUS_UNITS, from TINY_UNITS: two titles, enacting words and a
#: few provisions at least (below that, nothing but titles is left to delete).
TINY_UNITS = 8
#: The parts only ever measured, never read when a rule is designed: part "b" and its second perturbation.
MEASURED_ONLY = ("b", "b2")
#: Every part of the laws corpus, in the order the bench runs them.
CORPUS_PARTS = (
    "a", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11", "a12", "a13", "a14", "a15", "a16", "a17", "a18",
    "s", "s2", "l", "m", *MEASURED_ONLY, "t",
)


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
    candidates = [i for i in range(n) if i not in used and _deletable(french, i)]
    rng.shuffle(candidates)
    deleted = {i: ("fr", "en")[k % 2] for k, i in enumerate(candidates[: max(1, round(DELETE_SHARE * n))])}
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


def _label(unit: str) -> bool:
    """Whether a unit is a title, heading or marginal note: short, capitalised, with no final punctuation."""
    capitalised = unit[:1].isupper() or unit[:1].isdigit()
    return capitalised and unit[-1:] not in TEXT_ENDS and len(unit.split()) <= LABEL_WORDS


def _deletable(units: list[str], i: int) -> bool:
    """Text, or a marginal note (a label before text); never a title, nor a heading (a label before a label).

    DEV2 deleted marginal notes as well as provisions: 50 of its 131 deleted units end with no punctuation.
    """
    if i < TITLES or not _label(units[i]):
        return i >= TITLES
    return i + 1 < len(units) and not _label(units[i + 1])


def write_set(source: Path, folder: Path, seeds: range) -> Path:
    """Write one perturbed document per seed under ``folder``; return it."""
    french, english = read_units(source / "fr.txt"), read_units(source / "en.txt")
    if len(french) != len(english):
        raise SystemExit(f"{source}: the two versions no longer have the same number of blocks")
    for sub in ("fr", "en", "gold"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        _write(folder, f"{seed:03d}", perturbed(french, english, seed))
    return folder


def _write(folder: Path, name: str, document: tuple[list[str], list[str], list[tuple[list[int], list[int]]]]) -> None:
    fr, en, gold = document
    (folder / "fr" / name).write_text("\n".join(fr) + "\n", encoding="utf-8")
    (folder / "en" / name).write_text("\n".join(en) + "\n", encoding="utf-8")
    lines = [f"{json.dumps(src)}:{json.dumps(tgt)}" for src, tgt in gold]
    (folder / "gold" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def held_out_codes() -> set[str]:
    """Chapter codes of the Acts of the gold sets (laws DEV and DEV2, by their README tables) and of the demo Act."""
    codes = set()
    for folder in GOLD_SETS:
        for line in (folder / "README.md").read_text(encoding="utf-8").splitlines():
            cells = [cell.strip() for cell in line.split("|")]
            if len(cells) > 3 and re.fullmatch(r"\d{3}", cells[1]):
                codes.add(cells[2])
    demo = re.search(r"chapter code ([A-Z0-9.-]+)\)", (DEMO / "README.md").read_text(encoding="utf-8"))
    if demo:
        codes.add(demo.group(1))
    return codes


#: Blocks that pair by position: as many, a label against a label but for a few (a lead-in with no colon, "No
#: person shall"; a marginal note ending "etc."), and no block more than LENGTH_RATIO times longer than its pair.
LABELS_APART = 0.05
LENGTH_RATIO = 3.0


def one_to_one(french: list[str], english: list[str]) -> bool:
    """Whether two versions' blocks pair by position; a block shifted by one would break both tests at once."""
    if len(french) != len(english):
        return False
    apart = sum(_label(a) != _label(b) for a, b in zip(french, english, strict=True))
    ratios = [len(a) / len(b) for a, b in zip(french, english, strict=True)]
    return apart <= LABELS_APART * len(french) and all(1 / LENGTH_RATIO <= r <= LENGTH_RATIO for r in ratios)


#: Blocks that hold numbers, of which at least this many are needed to judge by numbers, and the share
#: of them whose numbers must be the same in both versions (numbers are not translated).
NUMBERED_BLOCKS = 10
SAME_NUMBERS = 0.5


def pairs(french: str, english: str) -> bool:
    """Whether two blocks pair by position, strictly: both labels or neither, lengths within LENGTH_RATIO,
    and the same numbers."""
    return (
        _label(french) == _label(english)
        and 1 / LENGTH_RATIO <= len(french) / len(english) <= LENGTH_RATIO
        and digit_runs(french) == digit_runs(english)
    )


def opening(french: list[str], english: list[str]) -> int:
    """How many blocks, from the first, pair by position (``pairs``)."""
    count = 0
    for a, b in zip(french, english, strict=False):
        if not pairs(a, b):
            break
        count += 1
    return count


def same_numbers(french: list[str], english: list[str]) -> bool:
    """Whether the blocks paired by position hold the same numbers, in most blocks that hold any: a list
    sorted differently in each version (appropriation Acts by year, by number) does not."""
    numbered = [(a, b) for a, b in zip(french, english, strict=True) if digit_runs(a) or digit_runs(b)]
    same = sum(digit_runs(a) == digit_runs(b) for a, b in numbered)
    return len(numbered) < NUMBERED_BLOCKS or same >= SAME_NUMBERS * len(numbered)


def write_corpus_set(folder: Path, part: str) -> Path:
    """Write one perturbed copy of each Act of one part of the laws corpus under ``folder``; return it.

    The Acts are those of CORPUS_UNITS units whose blocks are one-to-one and that no gold set holds.
    Part "a": CORPUS_ACTS of those of DEV2's size or more (seed CORPUS_SEED), whose misses may be read
    when a rule is designed; parts "a2" to "a18": the same Acts perturbed again, with other seeds, for
    more misses to read (a3 to a18, each built once the parts before it had been read, were measured
    once before their own were); parts "s" and "s2": the same Acts cut to their first units (SMALL_UNITS),
    each with a seed of its own, small Acts to read. Part "b": all the others, smaller ones included, kept
    for measuring only. Part "l": the Acts longer than CORPUS_UNITS, cut to their opening (LONG_OPENING),
    other Acts again, measured once before their misses were read. Part "m": the Acts of CORPUS_UNITS units
    whose blocks are not one-to-one, cut to their opening as part "l"'s are: other Acts again. Part "b2":
    part "b"'s Acts perturbed again, and part "t": the one-to-one Acts of TINY_UNITS units up to
    CORPUS_UNITS, other Acts again, both only measured. Each Act is perturbed with a seed of its own code
    (and part, but for "a", "b", "l", "m" and "t"); ``codes.tsv`` names each file's Act and its units.
    """
    if part not in CORPUS_PARTS:
        raise ValueError(f"no part {part!r} of the laws corpus; the parts are {', '.join(CORPUS_PARTS)}")
    left_out = held_out_codes()
    low, high = CORPUS_UNITS
    eligible, long, unpaired, tiny = [], [], [], []
    for path in sorted((CORPUS / "fr").glob("*.txt")):
        code = path.stem
        english_path = CORPUS / "en" / path.name
        if code in left_out or not english_path.exists():
            continue
        french, english = read_units(path), read_units(english_path)
        if low <= len(french) <= high and one_to_one(french, english):
            eligible.append((code, french, english))
        elif TINY_UNITS <= len(french) < low and one_to_one(french, english):
            tiny.append((code, french, english))
        elif len(french) >= low and (units := min(opening(french, english), LONG_OPENING)) >= SMALL_UNITS[0]:
            (long if len(french) > high else unpaired).append((code, french[:units], english[:units]))
    large = [act for act in eligible if len(act[1]) >= DEV2_UNITS]
    design = sorted(random.Random(CORPUS_SEED).sample(large, min(CORPUS_ACTS, len(large))))
    if part in ("l", "m", "t"):
        chosen = {"l": long, "m": unpaired, "t": tiny}[part]
    else:
        chosen = [act for act in eligible if act not in design] if part in MEASURED_ONLY else design
    # After the draw, so that neither part changes: lists in another order pass the tests of one_to_one.
    chosen = [act for act in chosen if same_numbers(act[1], act[2])]
    for sub in ("fr", "en", "gold"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    rows = []
    for number, (code, french, english) in enumerate(chosen, start=1):
        salt = code if part in ("a", "b", "l", "m", "t") else f"{code}:{part}"
        seed = int(hashlib.sha1(salt.encode()).hexdigest()[:8], 16)
        if part in ("s", "s2"):
            units = random.Random(seed).randint(*SMALL_UNITS)
            french, english = french[:units], english[:units]
        _write(folder, f"{number:03d}", perturbed(french, english, seed))
        rows.append(f"{number:03d}\t{code}\t{len(french)}")
    (folder / "codes.tsv").write_text("file\tcode\tunits\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return folder
