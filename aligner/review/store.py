"""The review store: one pair's alignment under review, in one SQLite file beside its outputs.

``OUT/NAME.review.sqlite`` is made from the pair's outputs the first time the
review opens (see :mod:`aligner.review.load`) and holds both documents'
sentences, the beads, the findings with the reviewer's decisions, and the
history of corrections that undo and redo walk. Every change is one
transaction, committed at once: nothing is lost when the browser or the
server stops. Each change bumps the store's ``revision``; a change made on a
revision other than the current one (another tab, another window changed the
document meanwhile) is refused with :class:`Conflict`, so that no tab
overwrites what another did.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from aligner.document import Alignment, Bead, Block, Document, Sentence
from aligner.embed import Embedder
from aligner.errors import InputError
from aligner.findings import VERDICTS, Comparison, Decision, Finding, Verdict, findings_per_bead
from aligner.review import edits
from aligner.review.load import Loaded, load
from aligner.settings import DEFAULT_MODEL

SUFFIX = ".review.sqlite"
#: The layout of the store's tables (``PRAGMA user_version``); a store of a later one is refused.
SCHEMA_VERSION = 1
#: How long a change waits for another process's change to the same store to finish, in seconds.
BUSY_TIMEOUT = 30.0

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value);
CREATE TABLE documents (side TEXT PRIMARY KEY, lang TEXT NOT NULL, file TEXT NOT NULL, encoding TEXT NOT NULL);
CREATE TABLE blocks (
    side TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, original TEXT NOT NULL,
    PRIMARY KEY (side, position)
);
CREATE TABLE sentences (
    side TEXT NOT NULL, id INTEGER NOT NULL, text TEXT NOT NULL, block INTEGER NOT NULL, PRIMARY KEY (side, id)
);
CREATE TABLE beads (
    position INTEGER PRIMARY KEY, src TEXT NOT NULL, tgt TEXT NOT NULL, similarity REAL,
    checked INTEGER NOT NULL, comment TEXT NOT NULL
);
CREATE TABLE loaded_beads (src TEXT NOT NULL, tgt TEXT NOT NULL, similarity REAL, PRIMARY KEY (src, tgt));
CREATE TABLE findings (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, severity TEXT NOT NULL, src TEXT NOT NULL, tgt TEXT NOT NULL,
    src_text TEXT NOT NULL, tgt_text TEXT NOT NULL, evidence TEXT NOT NULL, score REAL NOT NULL,
    src_spans TEXT NOT NULL, tgt_spans TEXT NOT NULL, verdict TEXT, comment TEXT NOT NULL
);
CREATE TABLE history (step INTEGER PRIMARY KEY, change TEXT NOT NULL, undone INTEGER NOT NULL);
"""


class Conflict(Exception):
    """A change made on a revision the store has moved past: another tab or window changed the document."""

    def __init__(self, revision: int, seen: int) -> None:
        super().__init__(
            f"this document changed in another tab or window (revision {revision}, you had {seen}): "
            "the page reloads with the current state; make your edit again"
        )
        #: The store's current revision.
        self.revision = revision


@dataclass(frozen=True)
class DecisionChange:
    """A change of a finding's verdict and comment, from ``before`` to ``after``."""

    finding: int
    before: tuple[Verdict | None, str]
    after: tuple[Verdict | None, str]

    def reverted(self) -> DecisionChange:
        """The change that undoes this one."""
        return DecisionChange(self.finding, self.after, self.before)


Change = edits.Splice | DecisionChange


class ReviewStore:
    """One pair's review, stored in ``OUT/NAME.review.sqlite``.

    Open it with :meth:`open`. One store may serve several threads (each call
    holds the store's lock) and several stores, in as many processes, the same
    file: every change is a transaction that checks the revision it was made
    on (see :meth:`apply`).
    """

    def __init__(self, path: Path, out_dir: Path, stem: str, db: sqlite3.Connection) -> None:
        #: The ``.review.sqlite`` file.
        self.path = path
        #: The pair's output folder and its files' stem.
        self.out_dir = out_dir
        self.stem = stem
        self._db = db
        self._lock = threading.RLock()
        self._src, self._tgt = self._document("src"), self._document("tgt")
        self._model, self._engine, self._source = (self._meta(key) for key in ("model", "engine", "source"))
        self._findings = [_finding(row) for row in db.execute("SELECT * FROM findings ORDER BY id")]
        self._loaded = {
            (_ids(src), _ids(tgt)): similarity
            for src, tgt, similarity in db.execute("SELECT src, tgt, similarity FROM loaded_beads")
        }

    @classmethod
    def open(cls, target: Path, *, model: str | Embedder = DEFAULT_MODEL) -> ReviewStore:
        """The review of the pair ``target`` (``OUT/NAME``, as ``aligner align`` wrote it): the store
        ``OUT/NAME.review.sqlite``, made from the pair's outputs on first open (the checks run with
        ``model`` only when the outputs hold no divergence report). Raises InputError when there is
        no output to review or the store cannot be read."""
        out_dir, stem = target.parent, target.name
        path = cls.store_path(target)
        if not path.exists():
            _create(path, load(target, model))
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise _unreadable(path, error) from error
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise InputError(
                    f"{path}: was written by a later aligner (review store version {version}, this one reads "
                    f"{SCHEMA_VERSION}): review it with that version, or delete the file to start the review again"
                )
            if version < SCHEMA_VERSION:
                raise _unreadable(path, f"review store version {version}")
            db.execute("PRAGMA journal_mode=WAL")
            return cls(path, out_dir, stem, db)
        except sqlite3.Error as error:
            db.close()
            raise _unreadable(path, error) from error
        except BaseException:
            db.close()
            raise

    @staticmethod
    def store_path(target: Path) -> Path:
        """Where the review of the pair ``target`` (``OUT/NAME``) is stored: ``OUT/NAME.review.sqlite``."""
        return target.parent / f"{target.name}{SUFFIX}"

    def close(self) -> None:
        """Close the store's connection; the store is not used after."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def source(self) -> Path:
        """The output file the review was loaded from (an export must not overwrite it)."""
        return self.out_dir / self._source

    def state(self) -> dict[str, Any]:
        """Everything the review page shows, JSON-able::

            {"revision": int, "stem": str,
             "src": {"lang": str, "file": str, "sentences": [str, ...]}, "tgt": {...},  (index = sentence id)
             "beads": [{"src": [ids], "tgt": [ids], "similarity": float | None, "checked": bool,
                        "comment": str, "changed": bool, "findings": [finding ids]}],
             "findings": [{"id": int, "kind": str, "severity": str, "src": [ids], "tgt": [ids],
                           "src_text": str, "tgt_text": str, "evidence": str,
                           "src_spans": [[start, end], ...], "tgt_spans": [...],
                           "verdict": None | "accepted" | "dismissed", "comment": str,
                           "bead": int | None}],
             "progress": {"beads": n, "checked": n, "findings": n, "decided": n},
             "can_undo": bool, "can_redo": bool}

        A bead is ``changed`` when the reviewer's corrections made it (its similarity is then None).
        A finding's ``bead`` is the position of the first bead that now holds one of its sentences;
        a bead's ``findings`` are those that concern one of its sentences.
        """
        with self._transaction("DEFERRED"):
            revision = self._revision()
            beads = self._beads()
            decisions = self._decisions()
            progress = self._progress()
            can_undo, can_redo = (
                self._db.execute("SELECT EXISTS (SELECT 1 FROM history WHERE undone = ?)", (undone,)).fetchone()[0]
                for undone in (0, 1)
            )
        per_bead = findings_per_bead(beads, self._findings)
        number = {id(finding): n for n, finding in enumerate(self._findings)}
        first_bead: dict[int, int] = {}
        for position, found in enumerate(per_bead):
            for finding in found:
                first_bead.setdefault(number[id(finding)], position)
        return {
            "revision": revision,
            "stem": self.stem,
            "src": _side_state(self._src),
            "tgt": _side_state(self._tgt),
            "beads": [
                {
                    "src": list(bead.src),
                    "tgt": list(bead.tgt),
                    "similarity": bead.similarity,
                    "checked": bead.checked,
                    "comment": bead.comment,
                    "changed": self._changed(bead),
                    "findings": [number[id(finding)] for finding in found],
                }
                for bead, found in zip(beads, per_bead, strict=True)
            ],
            "findings": [
                {
                    "id": n,
                    "kind": finding.kind,
                    "severity": finding.severity,
                    "src": list(finding.src),
                    "tgt": list(finding.tgt),
                    "src_text": finding.src_text,
                    "tgt_text": finding.tgt_text,
                    "evidence": finding.evidence,
                    "src_spans": [list(span) for span in finding.src_spans],
                    "tgt_spans": [list(span) for span in finding.tgt_spans],
                    "verdict": decisions[n][0],
                    "comment": decisions[n][1],
                    "bead": first_bead.get(n),
                }
                for n, finding in enumerate(self._findings)
            ],
            "progress": progress,
            "can_undo": bool(can_undo),
            "can_redo": bool(can_redo),
        }

    def progress(self) -> dict[str, int]:
        """How far the review is, as :meth:`state` gives it, without the rest of the state:
        ``{"beads": n, "checked": n, "findings": n, "decided": n}``."""
        with self._transaction("DEFERRED"):
            return self._progress()

    def _progress(self) -> dict[str, int]:
        beads, checked = self._db.execute("SELECT COUNT(*), COALESCE(SUM(checked), 0) FROM beads").fetchone()
        findings, decided = self._db.execute("SELECT COUNT(*), COUNT(verdict) FROM findings").fetchone()
        return {"beads": beads, "checked": checked, "findings": findings, "decided": decided}

    def apply(self, revision: int, action: dict[str, Any]) -> dict[str, Any]:
        """Make one change, seen by the client at ``revision``, and return the new :meth:`state`.

        Actions (bead positions and sentence ids as :meth:`state` gives them)::

            {"op": "merge", "bead": i}                                 bead i and bead i + 1 as one
            {"op": "split", "bead": i, "src_at": k, "tgt_at": m}       its first k source and m target
                                                                       sentences, then the rest
            {"op": "move", "bead": i, "side": "src" | "tgt", "to": "next" | "prev"}
                                                                       the edge sentence to the neighbour
            {"op": "unmatch", "side": "src" | "tgt", "sentence": id}   the sentence as a 1-0 / 0-1 bead
            {"op": "check", "bead": i, "checked": bool}
            {"op": "comment", "bead": i, "text": str}
            {"op": "decide", "finding": id, "verdict": None | "accepted" | "dismissed", "comment": str}
            {"op": "undo"} | {"op": "redo"}

        Raises :class:`Conflict` when the store's revision is not ``revision`` (nothing is changed),
        InputError for an action that is malformed or cannot be made. A change that changes nothing
        is not recorded. See :mod:`aligner.review.edits` for what each correction does.
        """
        with self._transaction("IMMEDIATE"):
            current = self._revision()
            if revision != current:
                raise Conflict(current, revision)
            try:
                changed = self._act(action)
            except InputError as error:
                raise InputError(f"{self.path.name}: {error}") from error
            if changed:
                self._db.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")
        return self.state()

    def corrected(self) -> tuple[Alignment, Comparison, set[int]]:
        """The alignment as the reviewer corrected it (beads with their checked and comment, the
        decisions in ``alignment.decisions``), its findings with their decisions (as loaded: the
        checks do not run), and the positions of the beads the corrections made."""
        with self._transaction("DEFERRED"):
            beads = self._beads()
            decisions = self._decisions()
        findings = [
            replace(finding, decision=Decision(verdict, comment)) if verdict is not None else finding
            for finding, (verdict, comment) in zip(self._findings, decisions, strict=True)
        ]
        alignment = Alignment(
            self._src,
            self._tgt,
            beads,
            model=self._model,
            engine=self._engine,
            decisions={finding.key: finding.decision for finding in findings if finding.decision is not None},
        )
        changed = {position for position, bead in enumerate(beads) if self._changed(bead)}
        return alignment, Comparison(findings), changed

    def _act(self, action: dict[str, Any]) -> bool:
        """Carry ``action`` out; whether anything changed."""
        if not isinstance(action, dict):
            raise InputError(f"an action is a JSON object with an op, not {type(action).__name__}")
        op = action.get("op")
        if op in ("undo", "redo"):
            self._walk_history(undo=op == "undo")
            return True
        change = self._decision_change(action) if op == "decide" else self._bead_change(action)
        if change == change.reverted():  # before and after are the same: nothing to record
            return False
        self._make(change)
        self._db.execute("DELETE FROM history WHERE undone = 1")
        self._db.execute("INSERT INTO history (change, undone) VALUES (?, 0)", (_change_json(change),))
        return True

    def _bead_change(self, action: dict[str, Any]) -> edits.Splice:
        op, beads = action.get("op"), self._beads()
        if op == "merge":
            edited = edits.merge(beads, _whole(action, "bead"))
        elif op == "split":
            edited = edits.split(beads, _whole(action, "bead"), _whole(action, "src_at"), _whole(action, "tgt_at"))
        elif op == "move":
            edited = edits.move(beads, _whole(action, "bead"), _choice(action, "side", edits.SIDES),
                                _choice(action, "to", ("next", "prev")))
        elif op == "unmatch":
            edited = edits.unmatch(beads, _choice(action, "side", edits.SIDES), _whole(action, "sentence"))
        elif op == "check":
            edited = edits.set_checked(beads, _whole(action, "bead"), _flag(action, "checked"))
        elif op == "comment":
            edited = edits.set_comment(beads, _whole(action, "bead"), _text(action, "text"))
        else:
            raise InputError(
                f"unknown op {op!r}: give merge, split, move, unmatch, check, comment, decide, undo or redo"
            )
        # A bead the corrections make again as it was loaded is the loaded bead: it gets its similarity back.
        edited = [self._as_loaded(bead) for bead in edited]
        edits.check_beads(edited, len(self._src.sentences), len(self._tgt.sentences))
        return edits.splice(beads, edited)

    def _changed(self, bead: Bead) -> bool:
        """Whether the reviewer's corrections made the bead (it is none of the loaded ones)."""
        return (bead.src, bead.tgt) not in self._loaded

    def _as_loaded(self, bead: Bead) -> Bead:
        if bead.similarity is None and (key := (bead.src, bead.tgt)) in self._loaded:
            return replace(bead, similarity=self._loaded[key])
        return bead

    def _decision_change(self, action: dict[str, Any]) -> DecisionChange:
        finding = _whole(action, "finding")
        if not 0 <= finding < len(self._findings):
            raise InputError(f"there is no finding {finding}: they are numbered 0 to {len(self._findings) - 1}")
        verdict = action.get("verdict")
        if verdict is not None and verdict not in VERDICTS:
            raise InputError(f"unknown verdict {verdict!r}: give accepted, dismissed or null")
        return DecisionChange(finding, self._decisions()[finding], (verdict, _text(action, "comment", "")))

    def _walk_history(self, *, undo: bool) -> None:
        order = "DESC" if undo else "ASC"
        row = self._db.execute(
            f"SELECT step, change FROM history WHERE undone = ? ORDER BY step {order} LIMIT 1", (int(not undo),)
        ).fetchone()
        if row is None:
            raise InputError(f"there is nothing to {'undo' if undo else 'redo'}")
        step, text = row
        change = _change_from_json(text)
        self._make(change.reverted() if undo else change)
        self._db.execute("UPDATE history SET undone = ? WHERE step = ?", (int(undo), step))

    def _make(self, change: Change) -> None:
        if isinstance(change, DecisionChange):
            verdict, comment = change.after
            self._db.execute(
                "UPDATE findings SET verdict = ?, comment = ? WHERE id = ?", (verdict, comment, change.finding)
            )
            return
        beads = change.applied(self._beads())
        self._db.execute("DELETE FROM beads WHERE position >= ?", (change.start,))
        _insert_beads(self._db, beads, change.start)

    @contextmanager
    def _transaction(self, mode: str) -> Iterator[None]:
        """One transaction, held under the store's lock: IMMEDIATE to change the store (it waits for
        another writer, up to :data:`BUSY_TIMEOUT`), DEFERRED to read one consistent state."""
        with self._lock:
            try:
                self._db.execute(f"BEGIN {mode}")
            except sqlite3.OperationalError as error:
                raise InputError(f"{self.path}: is busy ({error}); try again") from error
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _revision(self) -> int:
        return int(self._meta("revision"))

    def _meta(self, key: str) -> Any:
        return self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    def _beads(self) -> list[Bead]:
        return [
            Bead(_ids(src), _ids(tgt), similarity, bool(checked), comment)
            for src, tgt, similarity, checked, comment in self._db.execute(
                "SELECT src, tgt, similarity, checked, comment FROM beads ORDER BY position"
            )
        ]

    def _decisions(self) -> list[tuple[Verdict | None, str]]:
        """Each finding's verdict and comment, by finding id."""
        return [(verdict, comment) for verdict, comment in self._db.execute(
            "SELECT verdict, comment FROM findings ORDER BY id"
        )]

    def _document(self, side: str) -> Document:
        lang, file, encoding = self._db.execute(
            "SELECT lang, file, encoding FROM documents WHERE side = ?", (side,)
        ).fetchone()
        blocks = [
            Block(kind, text, original)
            for kind, text, original in self._db.execute(
                "SELECT kind, text, original FROM blocks WHERE side = ? ORDER BY position", (side,)
            )
        ]
        sentences = [
            Sentence(number, text, block)
            for number, text, block in self._db.execute(
                "SELECT id, text, block FROM sentences WHERE side = ? ORDER BY id", (side,)
            )
        ]
        return Document(Path(file), lang, blocks, sentences, encoding)


def _create(path: Path, loaded: Loaded) -> None:
    """Write a new store for ``loaded`` at ``path``, whole or not at all: it is built under a
    temporary name and linked into place, unless another process made one meanwhile (theirs is kept)."""
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:64]}.", suffix=".part")
        os.close(handle)
    except OSError as error:
        raise InputError(
            f"{path}: cannot create the review store ({error.strerror or error}); "
            "fix the folder's permissions or free some space"
        ) from error
    temporary = Path(name)
    try:
        with closing(sqlite3.connect(temporary, isolation_level=None)) as db:
            db.executescript(_SCHEMA)
            db.execute("BEGIN")
            _fill(db, loaded)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        with suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _fill(db: sqlite3.Connection, loaded: Loaded) -> None:
    alignment = loaded.alignment
    db.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("revision", 0), ("model", alignment.model), ("engine", alignment.engine), ("source", loaded.source.name)],
    )
    for side, document in (("src", alignment.src), ("tgt", alignment.tgt)):
        db.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?)", (side, document.lang, str(document.path), document.encoding)
        )
        db.executemany(
            "INSERT INTO blocks VALUES (?, ?, ?, ?, ?)",
            [(side, n, block.kind, block.text, block.original) for n, block in enumerate(document.blocks)],
        )
        db.executemany(
            "INSERT INTO sentences VALUES (?, ?, ?, ?)",
            [(side, sentence.id, sentence.text, sentence.block) for sentence in document.sentences],
        )
    _insert_beads(db, alignment.beads)
    db.executemany(
        "INSERT OR IGNORE INTO loaded_beads VALUES (?, ?, ?)",
        [(json.dumps(bead.src), json.dumps(bead.tgt), bead.similarity) for bead in alignment.beads],
    )
    db.executemany(
        "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                n, finding.kind, finding.severity, json.dumps(finding.src), json.dumps(finding.tgt),
                finding.src_text, finding.tgt_text, finding.evidence, finding.score,
                json.dumps(finding.src_spans), json.dumps(finding.tgt_spans),
                finding.decision.verdict if finding.decision else None,
                finding.decision.comment if finding.decision else "",
            )
            for n, finding in enumerate(loaded.findings)
        ],
    )


def _insert_beads(db: sqlite3.Connection, beads: list[Bead], start: int = 0) -> None:
    """Write ``beads[start:]`` at their positions."""
    db.executemany(
        "INSERT INTO beads VALUES (?, ?, ?, ?, ?, ?)",
        [
            (n, json.dumps(bead.src), json.dumps(bead.tgt), bead.similarity, int(bead.checked), bead.comment)
            for n, bead in enumerate(beads[start:], start)
        ],
    )


def _finding(row: tuple[Any, ...]) -> Finding:
    """A finding as the store holds it, without its decision (which changes: see ``_decisions``)."""
    _id, kind, severity, src, tgt, src_text, tgt_text, evidence, score, src_spans, tgt_spans, *_decision = row
    return Finding(
        kind, severity, _ids(src), _ids(tgt), src_text, tgt_text, evidence, score,
        tuple(tuple(span) for span in json.loads(src_spans)),
        tuple(tuple(span) for span in json.loads(tgt_spans)),
    )


def _ids(text: str) -> tuple[int, ...]:
    return tuple(json.loads(text))


def _side_state(document: Document) -> dict[str, Any]:
    return {"lang": document.lang, "file": document.path.name, "sentences": document.texts}


def _bead_json(bead: Bead) -> dict[str, Any]:
    return {
        "src": list(bead.src), "tgt": list(bead.tgt), "similarity": bead.similarity,
        "checked": bead.checked, "comment": bead.comment,
    }


def _bead_from_json(data: dict[str, Any]) -> Bead:
    return Bead(tuple(data["src"]), tuple(data["tgt"]), data["similarity"], data["checked"], data["comment"])


def _change_json(change: Change) -> str:
    if isinstance(change, DecisionChange):
        return json.dumps({"finding": change.finding, "before": change.before, "after": change.after})
    return json.dumps({
        "start": change.start,
        "before": [_bead_json(bead) for bead in change.before],
        "after": [_bead_json(bead) for bead in change.after],
    })


def _change_from_json(text: str) -> Change:
    data = json.loads(text)
    if "finding" in data:
        return DecisionChange(data["finding"], tuple(data["before"]), tuple(data["after"]))
    return edits.Splice(
        data["start"],
        tuple(_bead_from_json(bead) for bead in data["before"]),
        tuple(_bead_from_json(bead) for bead in data["after"]),
    )


def _unreadable(path: Path, error: object) -> InputError:
    return InputError(
        f"{path}: is not a review store this aligner can read ({error}); move it away to start the review again"
    )


def _whole(action: dict[str, Any], key: str) -> int:
    value = action.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InputError(f"{action.get('op')}: {key} must be a whole number, not {value!r}")
    return value


def _flag(action: dict[str, Any], key: str) -> bool:
    value = action.get(key)
    if not isinstance(value, bool):
        raise InputError(f"{action.get('op')}: {key} must be true or false, not {value!r}")
    return value


def _text(action: dict[str, Any], key: str, default: str | None = None) -> str:
    value = action.get(key, default)
    if not isinstance(value, str):
        raise InputError(f"{action.get('op')}: {key} must be a string, not {value!r}")
    return value


def _choice(action: dict[str, Any], key: str, choices: tuple[str, ...]) -> Any:
    value = action.get(key)
    if value not in choices:
        raise InputError(f"{action.get('op')}: {key} must be one of {', '.join(choices)}, not {value!r}")
    return value
