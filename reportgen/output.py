"""Atomic output: every file is written beside its target and moved into place only when all are ready."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from reportgen.errors import Location, OutputError, Problem
from reportgen.load.paths import display_path

FILE_MODE = 0o644
"""Readable by a web server, writable by the owner."""


def write_files(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (relative path → bytes) under ``folder``.

    Each file first goes to a temporary file in its own destination folder; only when every
    one is written are they moved into place with ``os.replace``. On failure the temporary
    files are removed and the previous outputs stay as they were.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for relative, data in files.items():
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((temp, target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, FILE_MODE)
        written = []
        for temp, target in staged:
            os.replace(temp, target)
            written.append(target)
        return written
    except OSError as exc:
        for temp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        where = display_path(Path(exc.filename)) if exc.filename else display_path(folder)
        raise OutputError([Problem(Location(where), f"出力ファイルを書けませんでした: {exc.strerror}")]) from None
