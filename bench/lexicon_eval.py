"""Does a French→English word lexicon find the clauses cut from the English? (issue #14)

    python bench/lexicon_eval.py                                   # lexicon from bench/lexicon_build.py
    python bench/lexicon_eval.py --lexicon aligner/checks/lexicon_fr_en.tsv.gz
    python bench/lexicon_eval.py --model-words 0.4    # the bundled model's word vectors (aligner.checks.cover)

The corpus lexicon was tried and left out of the aligner; the model's word
vectors, with the rules chosen here, are what ``aligner.checks.cover`` uses.

On the gold alignment of laws DEV2 (40 Acts, 5 folds: Act n goes to fold
(n - 1) mod 5 + 1), with the English planted as bench/heldout_bench.py plants
it (its ``planted()``, imported), every matched bead is tested: for each
French clause candidate (:func:`aligner.checks.clauses.clause_spans`), its
content words uncovered by the lexicon (:class:`Lexicon` below) and
the coverage of the rest of the sentence. The rule flags a bead when some
clause has

    at least K uncovered words, they are at least S of the clause's known words,
    and the rest of the sentence has at least C of its known words covered.

(K, S, C) is chosen on four folds (the highest recall whose pooled precision
reaches ``TARGET_PRECISION``) and measured on the fifth, for each fold in
turn, in three schemes (``SCHEMES``): the rule alone; OR-ed with today's
partial findings (the clauses check run on the same gold beads with the
bundled model); and OR-ed with those of today's findings that the lexicon
does not contradict (a veto rule, chosen with it). The rule's false flags are
also counted on the unplanted DEV2 Acts and on the faithful demo Act (its
aligner alignment, as a user gets it).

Today's findings on the gold beads are kept in output/bench/lexicon/today.json.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from heldout_bench import CACHE, DEMO, DEV2, FOLDS, DiskCachedModel, planted, read_lines

from aligner.checks.clauses import clause_spans
from aligner.evaluate import read_gold
from aligner.text import function_words

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "output" / "bench" / "lexicon"
#: Issue #14's bar for the findings a reviewer reads.
TARGET_PRECISION = 0.60
GRID = {
    "uncovered": (1, 2, 3, 4),
    "share": (0.5, 0.67, 0.8, 1.0),
    "rest": (0.5, 0.6, 0.7, 0.8, 0.9),
}


# --- Coverage: which French words of a pair the English renders -------------------------
#
# The lexicon (``lexicon_fr_en.tsv.gz``, built by ``bench/lexicon_build.py``
# from Canadian federal Acts, Open Government Licence – Canada) gives each
# French content word a few English translations. A French word of a pair is
#
# - *covered* when one of its translations, or the word itself (a name, a
#   number), or a word sharing its first ``COGNATE_PREFIX`` letters (accents
#   aside: « général » / "general") occurs in the English;
# - *uncovered* when the lexicon knows it and none of these occurs;
# - *unknown* otherwise: a word the lexicon has no translation for is no
#   evidence either way.
#
# This is evidence of another kind than the sentence embeddings': a clause whose
# known words are all uncovered while the rest of the sentence is covered is
# most likely missing from the English, however similar the two sentences embed.

#: Letters a French word and an English one must share at their start to be cognates:
#: five keep "national"/« nationale » and "commission"/« commissaire » apart from chance
#: ("commerce"/« commun » share four).
COGNATE_PREFIX = 5
#: Words as the lexicon was built on: runs of letters (lower-cased) or of digits.
_WORD = re.compile(r"[^\W\d_]+|\d+")

Cover = Literal["covered", "uncovered", "unknown"]


@dataclass(frozen=True)
class FrenchWord:
    """A French content word of a pair, and whether the English renders it."""

    start: int
    end: int
    cover: Cover


class Lexicon:
    """French word → its English translations."""

    def __init__(self, translations: dict[str, frozenset[str]]) -> None:
        #: Each French word's translations, as English stems (:func:`english_stem`).
        self.translations = {french: frozenset(map(english_stem, english)) for french, english in translations.items()}

    def cover(self, french: str, english: str, last: tuple[int, int] | None = None) -> list[FrenchWord]:
        """Each content word of ``french``, covered, uncovered or unknown against ``english``.

        Each English word renders one French word at most: "the Minister" said once does not cover
        « ministre » twice. The French words within the character span ``last`` are matched after the
        others, so that a clause is covered only by what the rest of the sentence leaves over.
        """
        english_words = [match.group().lower() for match in _WORD.finditer(english)]
        stems = [english_stem(word) for word in english_words]
        prefixes = [_folded(word)[:COGNATE_PREFIX] if len(word) >= COGNATE_PREFIX else "" for word in english_words]
        free = [True] * len(english_words)
        stop = function_words("fr")
        matches = [m for m in _WORD.finditer(french) if m.group().lower() not in stop
                   and (len(m.group()) > 1 or m.group().isdigit())]
        if last is not None:
            matches.sort(key=lambda m: last[0] <= m.start() < last[1])
        words = []
        for match in matches:
            word = match.group().lower()
            translations = self.translations.get(word, frozenset())
            prefix = _folded(word)[:COGNATE_PREFIX] if len(word) >= COGNATE_PREFIX else None
            found = next(
                (n for n in range(len(english_words)) if free[n] and (
                    english_words[n] == word or stems[n] in translations or prefixes[n] == prefix)),
                None,
            )
            if found is not None:
                free[found] = False
                cover: Cover = "covered"
            else:
                cover = "uncovered" if translations else "unknown"
            words.append(FrenchWord(match.start(), match.end(), cover))
        return sorted(words, key=lambda w: w.start)


#: Endings after which a plural takes "-es" ("processes", "taxes").
_SIBILANTS = ("s", "x", "z", "ch", "sh")


def english_stem(word: str) -> str:
    """``word`` without its plural or verbal ending, so that a lexicon's "regulations" finds
    "regulation" and "applies" finds "applied": crude, but the same on both sides of the test."""
    if len(word) > 4 and word.endswith(("ies", "ied")):
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) >= 7:
        word = word[:-3]
    elif len(word) >= 6 and (word.endswith("ed") or (word.endswith("es") and word[:-2].endswith(_SIBILANTS))):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _folded(word: str) -> str:
    """``word`` without its accents."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


@dataclass(frozen=True)
class ClauseCover:
    """One French clause candidate of a bead: its uncovered and known words, and the rest's."""

    uncovered: int
    known: int
    rest_covered: int
    rest_known: int


@dataclass
class Bead:
    act: int
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    planted: bool
    clauses: list[ClauseCover]
    #: Today's partial findings on the bead: any kind, and partial_omission.
    today_any: bool = False
    today_omission: bool = False


def fires(clauses: Iterable[ClauseCover], uncovered: int, share: float, rest: float) -> bool:
    return any(
        c.uncovered >= uncovered
        and c.uncovered >= share * c.known
        and c.rest_known > 0
        and c.rest_covered >= rest * c.rest_known
        for c in clauses
    )


class ModelWords(Lexicon):
    """The bundled model's word vectors as the lexicon, as the aligner uses them (aligner.checks.cover):
    every French word is known, and covered by the closest unused English word at the cover's similarity."""

    def __init__(self, similarity: float) -> None:
        from aligner.checks import cover
        from aligner.embed import load_embedder

        self.translations = {}
        cover.RENDERED_SIMILARITY = similarity
        self.embedder = DiskCachedModel(load_embedder(), CACHE / "words.pkl")

    def covers(self, french: str, english: str) -> list[ClauseCover]:
        from aligner.checks.cover import clause_covers as model_covers

        (covers,) = model_covers([(french, english)], [clause_spans(french)], ("fr", "en"), self.embedder)
        return [ClauseCover(c.unrendered, c.words, c.rest_rendered, c.rest_words) for c in covers or []]


def clause_covers(lexicon: Lexicon, french: str, english: str) -> list[ClauseCover]:
    if isinstance(lexicon, ModelWords):
        return lexicon.covers(french, english)
    covers = []
    for start, end in clause_spans(french):
        words = lexicon.cover(french, english, (start, end))
        inside = [w.cover for w in words if start <= w.start < end]
        outside = [w.cover for w in words if not start <= w.start < end]
        covers.append(ClauseCover(
            inside.count("uncovered"), len(inside) - inside.count("unknown"),
            outside.count("covered"), len(outside) - outside.count("unknown"),
        ))
    return covers


# --- Today's findings on the gold beads ----------------------------------------------


def today_findings(acts: list[str], planted_files: dict[str, Path]) -> dict[str, Any]:
    """The clauses check's partial findings on each Act's gold beads, plain and planted (kept on disk):
    its leave-one-out and unmatched-words tests, with the word cover (aligner.checks.cover) switched off,
    since that is what the lexicon rules are measured against and combined with."""
    path = OUT / "today.json"
    kept: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    missing = [act for act in acts if act not in kept]
    if missing:
        from aligner.checks import clauses, run_checks
        from aligner.document import Alignment
        from aligner.document import Bead as AlignedBead
        from aligner.embed import load_embedder
        from aligner.pipeline import load_document

        embedder = load_embedder()
        clauses.CONFIRMED, clauses.UNSAID = _Always(), _Never()  # type: ignore[assignment]
        for act in missing:
            model = DiskCachedModel(embedder, CACHE / f"dev2-{act}.pkl")
            gold = read_gold(DEV2 / "gold" / act)
            beads = [AlignedBead(tuple(s), tuple(t)) for s, t in gold if s and t]
            kept[act] = {}
            for variant, english in (("plain", DEV2 / "en" / act), ("planted", planted_files[act])):
                source = load_document(DEV2 / "fr" / act, "fr", presplit=True)
                target = load_document(english, "en", presplit=True)
                alignment = Alignment(source, target, beads, model.name)
                findings = run_checks(alignment, model, checks=("clauses",)).findings
                kept[act][variant] = [[f.kind, list(f.src), list(f.tgt)] for f in findings]
            model.save()
            print(f"today's findings: {act}", file=sys.stderr)
        OUT.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(kept))
    return kept


class _Always:
    def holds(self, cover: object) -> bool:
        return True


class _Never:
    def holds(self, cover: object) -> bool:
        return False


# --- The beads -------------------------------------------------------------------------


def dev2_beads(lexicon: Lexicon, scratch: Path) -> dict[str, list[Bead]]:
    """Every matched gold bead of DEV2, plain and planted, with its clause covers and today's findings."""
    acts = sorted(path.name for path in (DEV2 / "gold").iterdir())
    planted_files, cut_lines_of = {}, {}
    for act in acts:
        english = read_lines(DEV2 / "en" / act)
        cut_lines = planted(english, read_gold(DEV2 / "gold" / act), f"dev2:{act}")
        planted_files[act] = scratch / act
        planted_files[act].parent.mkdir(parents=True, exist_ok=True)
        planted_files[act].write_text(
            "\n".join(cut_lines.get(j, line) for j, line in enumerate(english)) + "\n", encoding="utf-8"
        )
        cut_lines_of[act] = cut_lines
    today = today_findings(acts, planted_files)
    variants: dict[str, list[Bead]] = {"plain": [], "planted": []}
    for act in acts:
        french = read_lines(DEV2 / "fr" / act)
        for variant in variants:
            english = read_lines(DEV2 / "en" / act) if variant == "plain" else read_lines(planted_files[act])
            findings = {(tuple(s), tuple(t)): kind for kind, s, t in today[act][variant]
                        if kind in ("partial_omission", "partial_addition")}
            omissions = {(tuple(s), tuple(t)) for kind, s, t in today[act][variant] if kind == "partial_omission"}
            for src, tgt in read_gold(DEV2 / "gold" / act):
                if not (src and tgt):
                    continue
                key = (tuple(src), tuple(tgt))
                fr_text = " ".join(french[i] for i in src)
                en_text = " ".join(english[j] for j in tgt)
                variants[variant].append(Bead(
                    int(act), key[0], key[1],
                    variant == "planted" and any(j in cut_lines_of[act] for j in tgt),
                    clause_covers(lexicon, fr_text, en_text), key in findings, key in omissions,
                ))
    return variants


def demo_beads(lexicon: Lexicon) -> list[list[ClauseCover]]:
    """The faithful demo Act's matched beads as the aligner aligns them (headings too)."""
    from aligner.embed import load_embedder
    from aligner.pipeline import align_documents, load_document

    model = DiskCachedModel(load_embedder(), CACHE / "demo.pkl")
    source = load_document(DEMO / "fr.txt", "fr")
    target = load_document(DEMO / "en.txt", "en")
    alignment = align_documents(source, target, model)
    model.save()
    return [
        clause_covers(lexicon, alignment.side_text(bead, "src"), alignment.side_text(bead, "tgt"))
        for bead in alignment.beads if bead.src and bead.tgt
    ]


# --- Scores ----------------------------------------------------------------------------


def fold_of(act: int) -> int:
    return (act - 1) % FOLDS + 1


Rule = tuple[int, float, float]
#: How the lexicon's evidence meets today's findings: alone; OR-ed with them; or OR-ed with those of
#: them that the lexicon does not contradict (some clause with uncovered words, VETO_GRID's rule).
SCHEMES = ("alone", "or", "confirmed-or")
VETO_GRID: tuple[Rule, ...] = ((1, 0.34, 0.0), (1, 0.5, 0.0), (1, 0.67, 0.0), (2, 0.5, 0.0))


def score(beads: list[Bead], rule: Rule | None, scheme: str = "or", veto: Rule | None = None) -> dict[str, float]:
    """Recall of the planted beads and precision of the flags, as heldout_bench counts them."""
    planted_count = flagged = right = 0
    for bead in beads:
        lexicon_flag = rule is not None and fires(bead.clauses, *rule)
        today = scheme != "alone" and (veto is None or fires(bead.clauses, *veto))
        flag = lexicon_flag or (today and bead.today_any)
        hit = bead.planted and (lexicon_flag or (today and bead.today_omission))
        planted_count += bead.planted
        flagged += flag
        right += hit
    return {
        "planted": planted_count, "flagged": flagged, "right": right,
        "recall": right / planted_count if planted_count else 0.0,
        "precision": right / flagged if flagged else 0.0,
    }


def choose(beads: list[Bead], scheme: str) -> tuple[Rule, Rule | None]:
    """The rule (and veto) with the highest recall whose precision reaches TARGET_PRECISION (else the most
    precise)."""
    rules: list[Rule] = list(itertools.product(*GRID.values()))  # type: ignore[arg-type]
    vetoes: tuple[Rule | None, ...] = VETO_GRID if scheme == "confirmed-or" else (None,)
    scored = [(score(beads, rule, scheme, veto), (rule, veto)) for rule in rules for veto in vetoes]
    good = [(s["recall"], s["precision"], pick) for s, pick in scored if s["precision"] >= TARGET_PRECISION]
    if good:
        return max(good, key=lambda item: item[:2])[2]
    return max(((s["precision"], s["recall"], pick) for s, pick in scored), key=lambda item: item[:2])[2]


def cross_validate(variants: dict[str, list[Bead]], demo: list[list[ClauseCover]], scheme: str) -> list[str]:
    planted_beads, plain_beads = variants["planted"], variants["plain"]
    name = {
        "alone": "lexicon rule alone",
        "or": "lexicon rule OR today's partial findings",
        "confirmed-or": "lexicon rule OR today's partial findings that the lexicon does not contradict (veto)",
    }[scheme]
    lines = [f"### {name}", "",
             "| held-out fold | rule (K, S, C) chosen on the other four | R | P | right/planted (flagged) | "
             "false flags, unplanted DEV2 (plain text) | false flags, demo Act |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    held_out = []
    for k in range(1, FOLDS + 1):
        training = [b for b in planted_beads if fold_of(b.act) != k]
        rule, veto = choose(training, scheme)
        test = score([b for b in planted_beads if fold_of(b.act) == k], rule, scheme, veto)
        plain = score([b for b in plain_beads if fold_of(b.act) == k], rule, scheme, veto)
        demo_false = sum(fires(clauses, *rule) for clauses in demo)
        held_out.append(test | {"plain_false": plain["flagged"], "demo_false": demo_false})
        chosen = f"{rule}, veto {veto}" if veto else str(rule)
        lines.append(f"| fold {k} | {chosen} | {test['recall']:.2f} | {test['precision']:.2f} | "
                     f"{test['right']}/{test['planted']} ({test['flagged']}) | {plain['flagged']} | {demo_false} |")
    for label, summary in (("mean", statistics.mean), ("min", min), ("max", max)):
        cells = [f"{summary(f[key] for f in held_out):.2f}" for key in ("recall", "precision")]
        lines.append(f"| {label} | | {cells[0]} | {cells[1]} | | "
                     f"{summary(f['plain_false'] for f in held_out)} | {summary(f['demo_false'] for f in held_out)} |")
    whole, whole_veto = choose(planted_beads, scheme)
    pooled = score(planted_beads, whole, scheme, whole_veto)
    chosen = f"{whole}, veto {whole_veto}" if whole_veto else str(whole)
    lines += ["", f"Chosen on all 40 Acts: {chosen}: R {pooled['recall']:.2f}, P {pooled['precision']:.2f} "
              f"({pooled['right']}/{pooled['planted']}, {pooled['flagged']} flagged); false flags on the unplanted "
              f"Acts {score(plain_beads, whole, scheme, whole_veto)['flagged']}, on the demo Act "
              f"{sum(fires(c, *whole) for c in demo)}", ""]
    return lines


def baseline(variants: dict[str, list[Bead]]) -> list[str]:
    lines = ["### Today's partial findings alone (clauses check on the gold beads)", "",
             "| fold | R | P | right/planted (flagged) | false flags, unplanted |", "| --- | --- | --- | --- | --- |"]
    folds = []
    for k in range(1, FOLDS + 1):
        test = score([b for b in variants["planted"] if fold_of(b.act) == k], None)
        plain = score([b for b in variants["plain"] if fold_of(b.act) == k], None)
        folds.append(test)
        lines.append(f"| fold {k} | {test['recall']:.2f} | {test['precision']:.2f} | "
                     f"{test['right']}/{test['planted']} ({test['flagged']}) | {plain['flagged']} |")
    for label, summary in (("mean", statistics.mean), ("min", min), ("max", max)):
        lines.append(f"| {label} | {summary(f['recall'] for f in folds):.2f} | "
                     f"{summary(f['precision'] for f in folds):.2f} | | |")
    return [*lines, ""]


def curve(variants: dict[str, list[Bead]]) -> list[str]:
    """Pooled recall and precision of every rule of the grid on the 40 Acts, best recall per precision band."""
    lines = ["### The grid on all 40 Acts (rule alone): best recall at each precision", "",
             "| precision at least | rule (K, S, C) | R | P |", "| --- | --- | --- | --- |"]
    rules: list[Rule] = list(itertools.product(*GRID.values()))  # type: ignore[arg-type]
    scored = [(score(variants["planted"], rule, "alone"), rule) for rule in rules]
    for floor in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        good = [(s["recall"], s["precision"], rule) for s, rule in scored if s["precision"] >= floor]
        if good:
            recall, precision, rule = max(good)
            lines.append(f"| {floor:.1f} | {rule} | {recall:.2f} | {precision:.2f} |")
    return [*lines, ""]


def narrowed(path: Path, top: int | None, share: float | None) -> Lexicon:
    """The lexicon in ``path``, each French word's translations cut to its ``top`` best within ``share`` of the best."""
    scored: dict[str, list[tuple[float, str]]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            if not line.startswith("#"):
                french, english, value = line.rstrip("\n").split("\t")
                scored.setdefault(french, []).append((float(value), english))
    translations = {}
    for french, candidates in scored.items():
        candidates.sort(reverse=True)
        best = candidates[0][0]
        kept = [e for v, e in candidates[: top or len(candidates)] if share is None or v >= share * best]
        translations[french] = frozenset(kept)
    return Lexicon(translations)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lexicon", type=Path, default=OUT / "lexicon_fr_en.tsv.gz")
    parser.add_argument("--top", type=int, help="keep only each French word's TOP best translations")
    parser.add_argument("--share", type=float, help="and those whose score reaches SHARE of the best's")
    parser.add_argument("--model-words", type=float, metavar="COSINE",
                        help="use the bundled model's word vectors instead (aligner.checks.cover), a word "
                             "rendering another from COSINE up (the aligner's: 0.4)")
    args = parser.parse_args()
    start = time.perf_counter()
    lexicon = (
        ModelWords(args.model_words) if args.model_words is not None else narrowed(args.lexicon, args.top, args.share)
    )
    lexicon_name = f"the bundled model's words, cosine {args.model_words}" if args.model_words else args.lexicon
    variants = dev2_beads(lexicon, OUT / "scratch")
    demo = demo_beads(lexicon)
    lines = ["# Lexicon coverage on DEV2's planted cut clauses (gold alignment)", "",
             f"Lexicon: {lexicon_name} ({len(lexicon.translations)} French words); matched gold beads "
             f"{len(variants['planted'])}, planted {sum(b.planted for b in variants['planted'])}; "
             f"demo Act beads {len(demo)}", ""]
    lines += baseline(variants) + curve(variants)
    for scheme in SCHEMES:
        lines += cross_validate(variants, demo, scheme)
    lines.append(f"{time.perf_counter() - start:.0f} s, command: python bench/lexicon_eval.py {' '.join(sys.argv[1:])}")
    report = "\n".join(lines) + "\n"
    print(report)
    OUT.mkdir(parents=True, exist_ok=True)
    name = "eval-model-words.md" if isinstance(lexicon, ModelWords) else "eval.md"
    (OUT / name).write_text(report, encoding="utf-8")
    if isinstance(lexicon, ModelWords):
        lexicon.embedder.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
