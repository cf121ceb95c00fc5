"""Writing output files all or nothing: none is in place until all are written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from aligner.errors import InputError


def write_files(contents: dict[Path, bytes], out_dir: Path) -> None:
    """Write files into ``out_dir``, all or nothing: none is in place until all are written."""
    try:
        _write_all(contents, out_dir)
    except OSError as error:
        raise _cannot_write(out_dir, error) from error


def _cannot_write(out_dir: Path, error: OSError) -> InputError:
    return InputError(
        f"{out_dir}: cannot write the outputs ({error.strerror or error}); nothing was written: "
        "free some space, fix the folder's permissions or choose another with -o"
    )


def _write_all(contents: dict[Path, bytes], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in contents.items():
            handle, temporary_name = tempfile.mkstemp(dir=out_dir, prefix=f".{path.name}.", suffix=".part")
            staged.append((Path(temporary_name), path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary_name, 0o644)
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        for temporary, _path in staged:
            temporary.unlink(missing_ok=True)


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
                    handle, name = tempfile.mkstemp(dir=self.out_dir, prefix=f".{path.name}.", suffix=".part")
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
            for temporary, path in self._staged:
                os.replace(temporary, path)

    def __exit__(self, *_exc: object) -> None:
        for stream in self._streams.values():
            stream.close()
        for temporary, _path in self._staged:
            temporary.unlink(missing_ok=True)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except OSError as error:
            raise _cannot_write(self.out_dir, error) from error
