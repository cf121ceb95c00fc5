"""The review store: loading a pair's outputs, the corrections and their invariants, undo and redo
(after reopening too), conflicts between two tabs, the schema version, and speed on 5,000 beads."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from aligner.document import Alignment, Bead, Block, Document, Sentence
from aligner.errors import InputError
from aligner.findings import Comparison, Finding
from aligner.formats import write_outputs
from aligner.review import Conflict, ReviewStore, edits

SRC = ["Le conseil se réunit le 3 mai.", "Il adopte le budget.", "La séance est levée.", "Une phrase seule.", "Fin."]
TGT = ["The council meets on 3 May.", "It adopts the budget.", "The meeting is closed.", "A lone line.", "End."]
#: Bead positions: 0 1-1, 1 1-1, 2 1-1, 3 1-0 (src 3), 4 0-1 (tgt 3), 5 1-1.
BEADS = [
    Bead((0,), (0,), 0.91),
    Bead((1,), (1,), 0.88),
    Bead((2,), (2,), 0.85),
    Bead((3,), ()),
    Bead((), (3,)),
    Bead((4,), (4,), 0.8),
]


def document(path: str, lang: str, texts: list[str]) -> Document:
    blocks = [Block("p", text, text) for text in texts]
    return Document(Path(path), lang, blocks, [Sentence(n, text, n) for n, text in enumerate(texts)])


def finding(kind: str, src: tuple[int, ...], tgt: tuple[int, ...], evidence: str = "") -> Finding:
    src_text = " ".join(SRC[i] for i in src)
    tgt_text = " ".join(TGT[j] for j in tgt)
    return Finding(kind, "high", src, tgt, src_text, tgt_text, evidence or kind, 1.0, ((0, 2),) if src else ())


FINDINGS = [finding("omission", (3,), ()), finding("addition", (), (3,)), finding("number", (0,), (0,), "3 / 3")]


def write_pair(
    out: Path,
    beads: list[Bead] = BEADS,
    src: list[str] = SRC,
    tgt: list[str] = TGT,
    findings: list[Finding] = FINDINGS,
    formats: tuple[str, ...] = ("tmx", "report"),
) -> Path:
    """A pair's outputs as ``aligner align`` writes them, from a hand-made alignment (no model): OUT/NAME."""
    alignment = Alignment(document("fr/pair.txt", "fr", src), document("en/pair.txt", "en", tgt), beads, "test-model")
    write_outputs(alignment, Comparison(findings), out, "pair", formats)
    return out / "pair"


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return write_pair(tmp_path / "out")


def shape(state: dict) -> list[tuple[list[int], list[int]]]:
    return [(bead["src"], bead["tgt"]) for bead in state["beads"]]


# --- the corrections, as pure functions ----------------------------------------------------------


def test_merge_joins_two_beads_and_forgets_similarity_and_check():
    beads = [Bead((0,), (0,), 0.9, checked=True, comment="a"), Bead((1,), (1,), 0.8, comment="b")]
    merged = edits.merge(beads, 0)
    assert merged == [Bead((0, 1), (0, 1), None, False, "a\nb")]
    assert beads[0].checked  # the input is left as it was
    with pytest.raises(InputError, match="last one"):
        edits.merge(beads, 1)


def test_split_cuts_a_bead_into_parts_that_may_be_one_sided():
    beads = [Bead((0, 1), (0, 1, 2), 0.7, checked=True)]
    assert edits.split(beads, 0, 1, 2) == [Bead((0,), (0, 1)), Bead((1,), (2,))]
    assert edits.split(beads, 0, 2, 1) == [Bead((0, 1), (0,)), Bead((), (1, 2))]
    with pytest.raises(InputError, match="empty part"):
        edits.split(beads, 0, 0, 0)
    with pytest.raises(InputError, match="cannot split"):
        edits.split(beads, 0, 3, 0)


def test_move_sends_an_edge_sentence_to_the_neighbour_and_drops_an_emptied_bead():
    beads = [Bead((0, 1), (0,), 0.7), Bead((2,), (1,), 0.8)]
    assert edits.move(beads, 0, "src", "next") == [Bead((0,), (0,)), Bead((1, 2), (1,))]
    assert edits.move(beads, 1, "tgt", "prev") == [Bead((0, 1), (0, 1)), Bead((2,), ())]
    assert edits.move([Bead((0,), (0,)), Bead((), (1,))], 1, "tgt", "prev") == [Bead((0,), (0, 1))]
    with pytest.raises(InputError, match="no previous bead"):
        edits.move(beads, 0, "src", "prev")
    with pytest.raises(InputError, match="no target sentence"):
        edits.move([Bead((0,), ()), Bead((1,), (0,))], 0, "tgt", "next")


def test_unmatch_makes_an_edge_sentence_a_bead_of_its_own_in_order():
    beads = [Bead((0, 1, 2), (0,), 0.7, comment="kept")]
    assert edits.unmatch(beads, "src", 0) == [Bead((0,), ()), Bead((1, 2), (0,), comment="kept")]
    assert edits.unmatch(beads, "src", 2) == [Bead((0, 1), (0,), comment="kept"), Bead((2,), ())]
    assert edits.unmatch(beads, "tgt", 0) == [Bead((), (0,)), Bead((0, 1, 2), (), comment="kept")]
    with pytest.raises(InputError, match="middle of bead 0: split the bead first"):
        edits.unmatch(beads, "src", 1)
    with pytest.raises(InputError, match="already unmatched"):
        edits.unmatch([Bead((0,), ())], "src", 0)


def test_random_corrections_keep_every_sentence_once_and_in_order():
    rng = random.Random(15)
    beads = [Bead((n,), (n,), 0.9) for n in range(12)]
    made = 0
    for _ in range(400):
        i = rng.randrange(len(beads))
        bead = beads[i]
        correction = rng.choice(["merge", "split", "move", "unmatch"])
        try:
            if correction == "merge":
                beads = edits.merge(beads, i)
            elif correction == "split":
                beads = edits.split(beads, i, rng.randint(0, len(bead.src)), rng.randint(0, len(bead.tgt)))
            elif correction == "move":
                beads = edits.move(beads, i, rng.choice(edits.SIDES), rng.choice(["next", "prev"]))
            else:
                side = rng.choice(edits.SIDES)
                ids = bead.src if side == "src" else bead.tgt
                beads = edits.unmatch(beads, side, rng.choice(ids) if ids else 0)
        except InputError:
            continue
        made += 1
        edits.check_beads(beads, 12, 12)
    assert made > 100


def test_check_beads_refuses_a_sentence_out_of_order():
    with pytest.raises(InputError, match="once each, in order"):
        edits.check_beads([Bead((1,), (0,)), Bead((0,), (1,))], 2, 2)


def test_splice_is_the_smallest_change_and_reverts():
    old = [Bead((n,), (n,)) for n in range(5)]
    new = edits.merge(old, 2)
    change = edits.splice(old, new)
    assert change.start == 2 and len(change.before) == 2 and len(change.after) == 1
    assert change.applied(old) == new and change.reverted().applied(new) == old


# --- the store ----------------------------------------------------------------------------------


def test_open_makes_the_store_from_the_outputs(target):
    with ReviewStore.open(target) as store:
        state = store.state()
        assert store.path == target.parent / "pair.review.sqlite" and store.path.is_file()
        assert (store.out_dir, store.stem) == (target.parent, "pair")
    assert state["revision"] == 0 and state["stem"] == "pair"
    assert state["src"] == {"lang": "fr", "file": "pair.txt", "sentences": SRC}
    assert state["tgt"] == {"lang": "en", "file": "pair.txt", "sentences": TGT}
    assert shape(state) == [([0], [0]), ([1], [1]), ([2], [2]), ([3], []), ([], [3]), ([4], [4])]
    assert [bead["similarity"] for bead in state["beads"]] == [0.91, 0.88, 0.85, None, None, 0.8]
    assert [(item["kind"], item["bead"], item["src_spans"]) for item in state["findings"]] == [
        ("omission", 3, [[0, 2]]), ("addition", 4, []), ("number", 0, [[0, 2]])
    ]
    assert state["beads"][3]["findings"] == [0] and state["beads"][0]["findings"] == [2]
    assert state["progress"] == {"beads": 6, "checked": 0, "findings": 3, "decided": 0}
    assert not state["can_undo"] and not state["can_redo"]


def test_open_without_outputs_says_what_to_do(tmp_path):
    with pytest.raises(InputError, match=r"no aligned output for pair in .*: run aligner align first"):
        ReviewStore.open(tmp_path / "pair")
    assert not (tmp_path / "pair.review.sqlite").exists()


def test_open_runs_the_checks_when_there_is_no_report(tmp_path, hash_embedder):
    target = write_pair(tmp_path, formats=("tmx",))
    with ReviewStore.open(target, model=hash_embedder) as store:
        kinds = {item["kind"] for item in store.state()["findings"]}
    assert {"omission", "addition"} <= kinds


def test_corrections_follow_findings_and_mark_changed_beads(target):
    with ReviewStore.open(target) as store:
        state = store.apply(0, {"op": "merge", "bead": 3})
        assert state["revision"] == 1 and state["can_undo"]
        assert shape(state)[3] == ([3], [3])
        assert state["beads"][3]["similarity"] is None and state["beads"][3]["changed"]
        assert [item["bead"] for item in state["findings"]] == [3, 3, 0]
        assert state["beads"][3]["findings"] == [0, 1]

        state = store.apply(1, {"op": "split", "bead": 3, "src_at": 1, "tgt_at": 0})
        assert shape(state)[3:5] == [([3], []), ([], [3])]
        assert not any(bead["changed"] for bead in state["beads"])  # back as loaded

        state = store.apply(2, {"op": "move", "bead": 1, "side": "src", "to": "next"})
        assert shape(state)[1:3] == [([], [1]), ([1, 2], [2])]
        assert state["beads"][2]["similarity"] is None and state["beads"][2]["changed"]

        state = store.apply(3, {"op": "unmatch", "side": "tgt", "sentence": 4})
        assert shape(state)[-2:] == [([], [4]), ([4], [])]

        state = store.apply(4, {"op": "check", "bead": 0, "checked": True})
        state = store.apply(5, {"op": "comment", "bead": 0, "text": "date ok"})
        state = store.apply(6, {"op": "decide", "finding": 2, "verdict": "dismissed", "comment": "same date"})
        assert state["beads"][0] | {"findings": None} == {
            "src": [0], "tgt": [0], "similarity": 0.91, "checked": True, "comment": "date ok", "changed": False,
            "findings": None,
        }
        assert (state["findings"][2]["verdict"], state["findings"][2]["comment"]) == ("dismissed", "same date")
        assert state["progress"] == {"beads": 7, "checked": 1, "findings": 3, "decided": 1}
        assert store.progress() == state["progress"]  # as the corpus index shows it

        alignment, comparison, changed = store.corrected()
    assert [(bead.src, bead.tgt) for bead in alignment.beads] == [tuple(map(tuple, b)) for b in shape(state)]
    assert alignment.beads[0].checked and alignment.beads[0].comment == "date ok"
    assert alignment.decisions == {("number", (0,), (0,)): comparison.findings[2].decision}
    assert comparison.findings[2].decision is not None and comparison.findings[2].decision.verdict == "dismissed"
    assert changed == {1, 2, 5, 6}
    assert [sentence.text for sentence in alignment.src.sentences] == SRC


def test_a_refused_correction_changes_nothing(target):
    with ReviewStore.open(target) as store:
        before = store.state()
        for action in (
            {"op": "merge", "bead": 5},
            {"op": "merge", "bead": "1"},
            {"op": "unmatch", "side": "src", "sentence": 3},
            {"op": "move", "bead": 4, "side": "src", "to": "next"},
            {"op": "decide", "finding": 9, "verdict": "dismissed"},
            {"op": "decide", "finding": 0, "verdict": "maybe"},
            {"op": "fly"},
            {"op": "undo"},
        ):
            with pytest.raises(InputError) as error:
                store.apply(0, action)
            assert "\n" not in str(error.value) and str(error.value).startswith("pair.review.sqlite: ")
        assert store.state() == before
        # A change that changes nothing is not one.
        assert store.apply(0, {"op": "check", "bead": 0, "checked": False}) == before


def test_undo_and_redo_walk_every_kind_of_change_even_after_reopening(target):
    actions = [
        {"op": "merge", "bead": 0},
        {"op": "check", "bead": 1, "checked": True},
        {"op": "decide", "finding": 0, "verdict": "accepted", "comment": "real"},
        {"op": "comment", "bead": 0, "text": "merged by hand"},
    ]
    with ReviewStore.open(target) as store:
        states = [store.state()]
        for action in actions:
            states.append(store.apply(states[-1]["revision"], action))
    with ReviewStore.open(target) as store:  # as after a restart
        state = states[-1]
        for expected in reversed(states[:-1]):
            state = store.apply(state["revision"], {"op": "undo"})
            assert without_history(state) == without_history(expected)
        assert not state["can_undo"] and state["can_redo"]
        for expected in states[1:3]:
            state = store.apply(state["revision"], {"op": "redo"})
            assert without_history(state) == without_history(expected)
        state = store.apply(state["revision"], {"op": "unmatch", "side": "src", "sentence": 4})
        assert not state["can_redo"]  # a new correction clears what could be redone
        with pytest.raises(InputError, match="nothing to redo"):
            store.apply(state["revision"], {"op": "redo"})


def without_history(state: dict) -> dict:
    return {key: value for key, value in state.items() if key not in ("revision", "can_undo", "can_redo")}


def test_a_change_made_on_a_stale_revision_is_refused_and_nothing_is_lost(target):
    with ReviewStore.open(target) as first, ReviewStore.open(target) as second:
        seen = second.state()["revision"]
        first.apply(0, {"op": "merge", "bead": 3})
        with pytest.raises(Conflict) as conflict:
            second.apply(seen, {"op": "check", "bead": 0, "checked": True})
        assert str(conflict.value) == (
            "this document changed in another tab or window (revision 1, you had 0): "
            "the page reloads with the current state; make your edit again"
        )
        assert conflict.value.revision == 1
        state = second.state()
        assert shape(state)[3] == ([3], [3]) and not state["beads"][0]["checked"]
        second.apply(state["revision"], {"op": "check", "bead": 0, "checked": True})
        state = first.state()
    assert state["revision"] == 2 and shape(state)[3] == ([3], [3]) and state["beads"][0]["checked"]


def test_two_tabs_changing_at_once_one_wins_and_the_other_is_told(target):
    stores = [ReviewStore.open(target) for _ in range(2)]
    outcomes: list[str] = []

    def change(store: ReviewStore, bead: int) -> None:
        try:
            store.apply(0, {"op": "check", "bead": bead, "checked": True})
            outcomes.append("applied")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=change, args=(store, n)) for n, store in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    state = stores[0].state()
    for store in stores:
        store.close()
    assert sorted(outcomes) == ["applied", "conflict"]
    assert state["revision"] == 1 and state["progress"]["checked"] == 1


def test_a_store_of_a_later_version_is_refused(target):
    ReviewStore.open(target).close()
    with sqlite3.connect(target.parent / "pair.review.sqlite") as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(InputError, match=r"later aligner \(review store version 99, this one reads 1\)"):
        ReviewStore.open(target)


def test_a_file_that_is_not_a_store_is_refused(target):
    (target.parent / "pair.review.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(InputError, match="is not a review store"):
        ReviewStore.open(target)


def test_state_of_5000_beads_is_quick(tmp_path):
    count = 5000
    src = [f"Phrase numéro {n}." for n in range(count)]
    tgt = [f"Sentence number {n}." for n in range(count)]
    beads = [Bead((n,), (n,), 0.9) for n in range(count)]
    findings = [
        Finding("number", "medium", (n,), (n,), src[n], tgt[n], "n", 0.5) for n in range(0, count, 10)
    ]
    target = write_pair(tmp_path, beads, src, tgt, findings)
    started = time.perf_counter()
    store = ReviewStore.open(target)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    state = store.state()
    stated = time.perf_counter() - started
    started = time.perf_counter()
    store.apply(0, {"op": "merge", "bead": 2500})
    applied = time.perf_counter() - started
    store.close()
    print(f"5,000 beads: first open {opened:.2f} s, state() {stated:.3f} s, apply() with state {applied:.3f} s")
    assert len(state["beads"]) == count and len(state["findings"]) == count // 10
    assert stated < 1.0 and applied < 2.0 and opened < 20.0
