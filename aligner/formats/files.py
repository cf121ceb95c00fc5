"""Writing output files all or nothing: none is in place until all are written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from aligner.errors import InputError


def write_files(contents: dict[Path, bytes], out_dir: Path) -> None:
    """Write files into ``out_dir``, all or nothing: none is in place until all are written."""
    try:
        _write_all(contents, out_dir)
    except OSError as error:
        raise InputError(
            f"{out_dir}: cannot write the outputs ({error.strerror or error}); nothing was written: "
            "free some space, fix the folder's permissions or choose another with -o"
        ) from error


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
