"""Writing output files all or nothing: none is in place until all are written.

"Nothing" holds through Ctrl-C and SIGTERM too (the CLI turns SIGTERM into the same
interruption): the few steps that must not be cut in two (creating a temporary file and
recording it for clean-up, renaming the set into place, removing the temporaries) hold
those signals back until they are done.
"""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from aligner.errors import InputError

#: Below this much free space an output folder is refused before any work is done.
MIN_FREE_BYTES = 1 << 20
#: How much of an output's name goes into its temporary file's, which must stay within NAME_MAX.
_TEMPORARY_NAME_PART = 64
_HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def write_files(contents: dict[Path, bytes], out_dir: Path) -> None:
    """Write files into ``out_dir``, all or nothing: none is in place until all are written."""
    with StagedFiles(list(contents), out_dir) as staged:
        for path, data in contents.items():
            staged.write(path, data)
        staged.commit()


def check_output_folder(out_dir: Path, names: Iterable[str] = ()) -> None:
    """Refuse an output folder the outputs could not be written into (a file, a folder that
    cannot be created or written, a full disk, ``names`` too long for it) before any time is
    spent aligning. Leaves nothing behind: a missing folder is not created yet."""
    existing = out_dir
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise _cannot_write(out_dir, f"{existing} is not a folder")
    try:
        with uninterrupted():
            handle, probe = tempfile.mkstemp(dir=existing, prefix=".aligner-probe.", suffix=".part")
            os.close(handle)
            os.unlink(probe)
        free = os.statvfs(existing)
        longest = os.pathconf(existing, "PC_NAME_MAX")
    except OSError as error:
        raise _cannot_write(out_dir, error.strerror or str(error)) from error
    if free.f_bavail * free.f_frsize < MIN_FREE_BYTES:
        raise _cannot_write(out_dir, f"{free.f_bavail * free.f_frsize} bytes free")
    for name in names:
        if len(os.fsencode(name)) > longest:
            raise InputError(
                f"{out_dir / name}: an output file name cannot be longer than {longest} bytes here; "
                "nothing was written: give the input files shorter names"
            )


def _cannot_write(out_dir: Path, reason: str) -> InputError:
    return InputError(
        f"{out_dir}: cannot write the outputs ({reason}); nothing was written: "
        "free some space, fix the folder's permissions or choose another with -o"
    )


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the block runs; one that arrives meanwhile takes effect
    when it ends. Python runs signal handlers in the main thread only, so that is where they can
    be held (and where the CLI runs); elsewhere the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    previous = {number: signal.getsignal(number) for number in _HELD_SIGNALS}
    held = [number for number, handler in previous.items() if handler not in (signal.SIG_IGN, None)]
    for number in held:
        signal.signal(number, lambda number, _frame: arrived.append(number))
    try:
        yield
    finally:
        for number in held:
            signal.signal(number, previous[number])
        if arrived:
            signal.raise_signal(arrived[0])


@contextmanager
def _folder_locked(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock: two runs writing into one folder put their sets of files in place
    one after the other, so that a set is never half one run's and half the other's."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


class StagedFiles:
    """Files written piece by piece, all or nothing: each grows in a temporary file beside its
    place, and :meth:`commit` renames them all into place once every one is complete.

    Used as a context manager: leaving it without a commit (an error, an
    interruption) removes the temporary files and leaves the folder as it was.
    """

    def __init__(self, paths: list[Path], out_dir: Path) -> None:
        self.out_dir = out_dir
        self._streams: dict[Path, BinaryIO] = {}
        self._staged: list[tuple[Path, Path]] = []
        self._paths = paths

    def __enter__(self) -> StagedFiles:
        try:
            with self._errors():
                self.out_dir.mkdir(parents=True, exist_ok=True)
                for path in self._paths:
                    prefix = f".{path.name[:_TEMPORARY_NAME_PART]}."
                    with uninterrupted():
                        handle, name = tempfile.mkstemp(dir=self.out_dir, prefix=prefix, suffix=".part")
                        self._staged.append((Path(name), path))
                        self._streams[path] = os.fdopen(handle, "wb")
        except BaseException:
            self.__exit__()
            raise
        return self

    def write(self, path: Path, data: bytes) -> None:
        """Append ``data`` to the file that will become ``path``."""
        with self._errors():
            self._streams[path].write(data)

    def commit(self) -> None:
        """Make every file durable, then rename them all into place."""
        with self._errors():
            for temporary, path in self._staged:
                stream = self._streams.pop(path)
                with stream:
                    stream.flush()
                    os.fsync(stream.fileno())
                os.chmod(temporary, 0o644)
            for _temporary, path in self._staged:
                # A rename cannot replace a folder: find that out before anything is renamed.
                if path.is_dir():
                    raise IsADirectoryError(errno.EISDIR, f"{path.name} is a folder", str(path))
            with _folder_locked(self.out_dir), uninterrupted():
                for temporary, path in self._staged:
                    os.replace(temporary, path)
                self._staged.clear()

    def __exit__(self, *_exc: object) -> None:
        with uninterrupted():
            for stream in self._streams.values():
                with suppress(OSError):  # flushing into a full disk: the file is removed anyway
                    stream.close()
            self._streams.clear()
            for temporary, _path in self._staged:
                temporary.unlink(missing_ok=True)
            self._staged.clear()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except OSError as error:
            raise _cannot_write(self.out_dir, error.strerror or str(error)) from error
