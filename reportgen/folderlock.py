"""One build at a time per output folder: an operating-system lock that ends with its process.

Two builds writing one folder at once would each check the editors' files and then overwrite what
the other wrote. The lock is taken before the check and held until every file is in place. It is
an OS lock (``flock`` on the folder itself on POSIX, ``msvcrt.locking`` on a lock file on
Windows), so a build that is killed cannot leave a stale lock behind, and on POSIX nothing is
written to the folder to take it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from reportgen.errors import Location, OutputError, Problem, display_path

LOCK_FILE = ".reportgen.lock"
"""Windows only: the file the lock is taken on (POSIX locks the folder itself)."""

BUSY = (
    "別の reportgen が同じ出力フォルダに書き出しています。終わってから、もう一度実行してください"
    " (another build is writing this folder)"
)


def _busy(folder: Path) -> OutputError:
    return OutputError([Problem(Location(display_path(folder)), BUSY)])


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the lock of ``folder`` (which must exist) for the ``with`` block, or raise OutputError at once."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                raise _busy(folder) from None
            try:
                yield
            finally:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(fd)
        return
    import fcntl

    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _busy(folder) from None
        yield  # closing the descriptor releases the lock
    finally:
        os.close(fd)
