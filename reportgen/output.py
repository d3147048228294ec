"""Atomic output: every file is written beside its target and moved into place only when all are ready."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from reportgen.errors import Location, OutputError, Problem
from reportgen.load.paths import display_path

FILE_MODE = 0o644
"""Readable by a web server, writable by the owner."""


def write_files(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (relative path → bytes) under ``folder``, all of them or none.

    Each file first goes to a temporary file in its own destination folder; only when every
    one is written are they moved into place with ``os.replace``. The previous version of each
    target is kept under a temporary name until all moves succeeded, so a failure at any step
    puts the previous outputs back and leaves no temporary file behind.
    """
    staged: list[tuple[Path, Path]] = []
    kept: list[tuple[Path, Path]] = []  # (previous version, target)
    created: list[Path] = []
    try:
        for relative, data in files.items():
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((Path(temp), target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, FILE_MODE)
        for temp, target in staged:
            if target.exists():
                previous = target.with_name(f".{target.name}.{os.getpid()}.old.tmp")
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(previous)
                try:
                    os.link(target, previous)
                except OSError:  # file systems without hard links (network shares)
                    shutil.copy2(target, previous)
                kept.append((previous, target))
            else:
                created.append(target)
            os.replace(temp, target)
    except OSError as exc:
        for previous, target in kept:
            with contextlib.suppress(OSError):
                os.replace(previous, target)
            with contextlib.suppress(OSError):  # rename between two links of one file keeps both
                os.unlink(previous)
        for target in created:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
        for temp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        where = display_path(Path(exc.filename)) if exc.filename else display_path(folder)
        raise OutputError([Problem(Location(where), f"出力ファイルを書けませんでした: {exc.strerror}")]) from None
    for previous, _ in kept:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(previous)
    return [target for _, target in staged]
