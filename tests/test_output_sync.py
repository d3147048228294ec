"""The write phase syncs every staged file before the journal names it, however many are synced at once."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reportgen import guard, output
from reportgen.errors import OutputError
from reportgen.folderlock import folder_lock

LINUX_FDS = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd to name a synced descriptor")


def _files(count: int) -> dict[str, bytes]:
    return {f"{'html/wards/' if n % 3 else 'csv/'}f{n}.txt": f"内容 {n}\n".encode() * (n + 1) for n in range(count)}


def _record(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the write phase does, in order: ("sync", the path synced), ("journal", ""), ("commit", "") — the
    journal's removal, the commit point."""
    events: list[tuple[str, str]] = []
    lock = threading.Lock()
    real_fsync, real_journal, real_unlink = os.fsync, output._write_journal, os.unlink

    def fsync(fd: int) -> None:
        real_fsync(fd)
        with lock:  # the staged files are synced from several threads
            events.append(("sync", os.readlink(f"/proc/self/fd/{fd}")))

    def journal(folder: Path, entries: list[output.Entry]) -> None:
        events.append(("journal", ""))
        real_journal(folder, entries)

    def unlink(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        if Path(path).name == output.JOURNAL:
            events.append(("commit", ""))
        real_unlink(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(output, "_write_journal", journal)
    monkeypatch.setattr(os, "unlink", unlink)
    return events


@LINUX_FDS
@pytest.mark.parametrize("count", [1, 3, 40])
def test_every_staged_file_is_synced_before_the_journal_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    events = _record(monkeypatch)
    files = _files(count)
    folder = tmp_path / "2016"
    folder.mkdir()
    with folder_lock(folder):
        output.publish(folder, guard.check(folder, files))
    at = events.index(("journal", ""))
    synced = {path for kind, path in events[:at] if kind == "sync"}
    assert {str(output.Entry(name, None, "").staged(folder)) for name in files} <= synced
    assert {n: (folder / n).read_bytes() for n in files} == files


@LINUX_FDS
def test_every_folder_holding_an_output_is_synced_before_the_journal_and_before_the_commit_point(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Renames are durable only when their folder is synced: csv/ and html/wards/ as well as the top folder."""
    events = _record(monkeypatch)
    folder = tmp_path / "2016"
    folder.mkdir()
    with folder_lock(folder):
        output.publish(folder, guard.check(folder, _files(6)))
    journal_at, commit_at = events.index(("journal", "")), events.index(("commit", ""))
    subfolders = {str(folder / "csv"), str(folder / "html" / "wards")}
    assert subfolders <= {path for kind, path in events[:journal_at] if kind == "sync"}
    assert subfolders <= {path for kind, path in events[journal_at:commit_at] if kind == "sync"}
    assert ("sync", str(folder)) in events[commit_at:]


def test_a_failing_sync_of_any_staged_file_leaves_the_folder_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files(12)
    folder = tmp_path / "2016"
    folder.mkdir()
    with folder_lock(folder):
        output.publish(folder, guard.check(folder, files))
    before = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    calls = {"n": 0}
    real_fsync = os.fsync
    lock = threading.Lock()

    def failing(fd: int) -> None:
        with lock:
            calls["n"] += 1
            n = calls["n"]
        if n == 7:
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing)
    changed = {name: data + b"(2)" for name, data in files.items()}
    with folder_lock(folder), pytest.raises(OutputError):
        output.publish(folder, guard.check(folder, changed))
    after = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before  # no staged file left, nothing replaced
