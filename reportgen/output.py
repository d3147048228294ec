"""The write phase as a journal: the folder ends with the whole old set or the whole new set.

Steps, under the folder lock (:mod:`reportgen.folderlock`):

1. **recover** — a journal left by a build that was killed is rolled back first, and temporary
   files of earlier runs are removed;
2. **stage** — every changed file is written and synced beside its target
   (``.NAME.reportgen-new.tmp``); ``--force`` backups are made under ``backups/`` (hard links, or
   a synced copy moved into place), each under a name no earlier backup has;
3. **journal** — ``.reportgen-journal.json`` lists every target, its hash when checked, and the
   new hash; it is synced before anything is replaced;
4. **swap** — each target is moved aside (``.NAME.reportgen-old.tmp``), its hash compared with
   the one checked (an editor's save that landed since is put back and the build rolled back), and
   the new file is linked into place only if nothing has appeared there meanwhile;
5. **commit** — deleting the journal is the commit point; the old versions are removed after.

A failure at any step, or a kill followed by the next run's recovery, restores the old set. Files
whose bytes do not change are not rewritten at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from reportgen.errors import Location, OutputError, Problem, Severity, display_path
from reportgen.guard import NotRegularFile, Plan, digest, file_digest, inside, read_small

FILE_MODE = 0o644
"""Readable by a web server, writable by the owner."""
JOURNAL = ".reportgen-journal.json"
BACKUPS = "backups"
NEW, OLD, COPY = ".reportgen-new.tmp", ".reportgen-old.tmp", ".reportgen-copy.tmp"
TEMP_SUFFIXES = (NEW, OLD, COPY)


class ChangedMeanwhile(Exception):
    """A target changed between the check and its replacement (an editor saved it)."""


@dataclass(frozen=True)
class Entry:
    """One file of the journal: where it goes, its hash when checked, and the new bytes' hash."""

    name: str
    before: str | None
    after: str

    def target(self, folder: Path) -> Path:
        return folder / self.name

    def staged(self, folder: Path) -> Path:
        return _temp(folder / self.name, NEW)

    def old(self, folder: Path) -> Path:
        return _temp(folder / self.name, OLD)


@dataclass(frozen=True)
class Published:
    """What the write phase did."""

    written: list[Path]
    """The outputs whose bytes changed (new or rewritten)."""
    backups: list[Path]
    unchanged: list[Path] = field(default_factory=list)
    """The outputs the run made again with the same bytes: left as they were, not touched."""


def _temp(target: Path, suffix: str) -> Path:
    return target.with_name(f".{target.name}{suffix}")


def _sync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (POSIX; Windows has no directory handles for this)."""
    if os.name == "nt":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_new(path: Path, data: bytes, sync: bool = True) -> None:
    """Create ``path`` (which must not exist) with ``data``, synced unless the caller syncs it
    (:func:`_sync_files`); nothing is left on failure."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            if sync:
                os.fsync(stream.fileno())
        os.chmod(path, FILE_MODE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def _sync_path(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


SYNC_THREADS = 8
"""Files synced at once: the disk commits them together instead of one flush after another."""


def _sync_files(paths: list[Path]) -> None:
    """Sync every file of ``paths`` to disk before returning (the first failure is raised)."""
    with ThreadPoolExecutor(min(SYNC_THREADS, len(paths) or 1)) as pool:
        for _ in pool.map(_sync_path, paths):
            pass


def _place(source: Path, target: Path) -> None:
    """Put ``source``'s file at ``target`` only if nothing is there (never replaces an editor's file)."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise ChangedMeanwhile(target) from None
    except OSError as exc:  # file systems without hard links (some network shares)
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.EACCES):
            raise
        try:
            _write_new(target, source.read_bytes())
        except FileExistsError:
            raise ChangedMeanwhile(target) from None
    os.unlink(source)


def _read_journal(folder: Path) -> list[Entry]:
    raw = json.loads(read_small(folder / JOURNAL, 1024 * 1024).decode("utf-8"))
    entries = []
    for item in raw["entries"]:
        name, before, after = item["name"], item["before"], item["after"]
        if not (isinstance(name, str) and inside(name) and isinstance(after, str) and (before is None or isinstance(before, str))):
            raise ValueError("bad entry")
        entries.append(Entry(name, before, after))
    return entries


def _write_journal(folder: Path, entries: list[Entry]) -> None:
    body = {"generator": "reportgen", "entries": [{"name": e.name, "before": e.before, "after": e.after} for e in entries]}
    temp = _temp(folder / JOURNAL, COPY)  # no stale copy: recover() removed every temporary file
    _write_new(temp, json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"))
    os.replace(temp, folder / JOURNAL)
    _sync_folder(folder)


def _unique_backup(folder: Path, name: str, stamp: str) -> Path:
    """A backup path under backups/ that no earlier backup has (``-2``, ``-3`` … when the second repeats)."""
    relative = PurePosixPath(name)
    parent = folder / BACKUPS / relative.parent
    for step in (folder / BACKUPS, *(folder / BACKUPS / p for p in reversed(relative.parent.parents[:-1])), parent):
        if os.path.islink(step) or (os.path.lexists(step) and not os.path.isdir(step)):
            # a link would put the editors' backups outside the output folder
            raise OSError(errno.ENOTDIR, "backups/ はフォルダではありません（リンク・ファイル）", str(step))
    parent.mkdir(parents=True, exist_ok=True)
    for n in range(1, 10_000):
        suffix = "" if n == 1 else f"-{n}"
        candidate = parent / f"{relative.stem}.edited-{stamp}{suffix}{relative.suffix}"
        if not os.path.lexists(candidate):
            return candidate
    raise OSError(errno.EEXIST, "too many backups", str(parent))


def _backup(folder: Path, name: str, expected: str | None, stamp: str) -> Path:
    """Keep the file ``name`` (with hash ``expected``) under backups/, whole or not at all."""
    source = folder / name
    backup = _unique_backup(folder, name, stamp)
    try:
        os.link(source, backup)  # no space needed; the same bytes
    except FileExistsError:
        raise ChangedMeanwhile(backup) from None
    except OSError:  # no hard links here: a synced copy, moved into place only when whole
        copy = _temp(backup, COPY)
        _write_new(copy, source.read_bytes())
        os.replace(copy, backup)
    if file_digest(backup) != expected:  # saved again since the check: the backup is not what was checked
        os.unlink(backup)
        raise ChangedMeanwhile(source)
    return backup


def _swap(folder: Path, entry: Entry) -> None:
    """Move the target aside, check it is what was checked, and link the staged file into place."""
    target, old = entry.target(folder), entry.old(folder)
    with contextlib.suppress(FileNotFoundError):
        os.rename(target, old)  # takes whatever is there now, atomically
    if file_digest(old) != entry.before:
        raise ChangedMeanwhile(target)
    _place(entry.staged(folder), target)


def _roll_back(folder: Path, entries: Iterable[Entry], keep: Callable[[Path], None]) -> None:
    """Put every target back as it was before the journal was written; never lose a file no one else has.

    ``keep`` receives a moved-aside file that cannot go back because something new is in its place
    (an editor's save after a crash): it is kept as a backup rather than deleted.
    """
    for entry in reversed(list(entries)):
        target, old, staged = entry.target(folder), entry.old(folder), entry.staged(folder)
        try:
            now = file_digest(target)
        except NotRegularFile:
            now = "?"
        if os.path.lexists(old):
            if now is None:
                os.rename(old, target)
            elif now == entry.after:
                os.replace(old, target)
            else:
                keep(old)
        elif entry.before is None and now == entry.after:
            os.unlink(target)  # created by the build being undone
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            os.unlink(staged)
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        os.unlink(folder / JOURNAL)
    _sync_folder(folder)


def _remove_temporary_files(folder: Path) -> None:
    """Delete the temporary files of earlier runs (only ever called with no journal in the folder).

    A folder under a name reportgen keeps for its temporary files is not deleted (it is not
    reportgen's): the build stops and names it.
    """
    blocking: list[Problem] = []
    for parent, folders, names in os.walk(folder):
        for name in names:
            if name.startswith(".") and (name.endswith(TEMP_SUFFIXES) or _legacy(name)):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(parent, name))
        for name in folders:
            if name.startswith(".") and name.endswith(TEMP_SUFFIXES):
                blocking.append(Problem(Location(display_path(Path(parent) / name)),
                    "reportgen が一時ファイルに使う名前のフォルダがあります。移動か削除をしてから実行してください"
                    " (a folder under a name reserved for temporary files)"))
    if blocking:
        raise OutputError(blocking)


def _legacy(name: str) -> bool:
    """Temporary names of reportgen before the journal: ``.NAME.xxxxxxxx.tmp`` and ``.NAME.PID.old.tmp``."""
    parts = name[1:].split(".")
    return len(parts) >= 3 and parts[-1] == "tmp" and (parts[-2] == "old" or len(parts[-2]) == 8)


def _keeper(folder: Path, stamp: str, notes: list[Problem]) -> Callable[[Path], None]:
    """Move a set-aside file that cannot go back to its place under backups/, and say where."""

    def keep(old: Path) -> None:
        name = old.relative_to(folder).with_name(old.name[1:-len(OLD)]).as_posix()
        backup = _unique_backup(folder, name, stamp)
        os.rename(old, backup)
        notes.append(Problem(Location(display_path(backup)),
            "作成の途中で置き換えられなかった版を、控えとしてこの名前で残しました (kept as a backup)", Severity.WARNING))

    return keep


def recover(folder: Path) -> list[Problem]:
    """Roll back a build that was killed mid-write, and remove stale temporary files."""
    warnings: list[Problem] = []
    if os.path.lexists(folder / JOURNAL):
        try:
            entries = _read_journal(folder)
        except (OSError, ValueError, KeyError, TypeError, RecursionError, NotRegularFile):
            raise OutputError([Problem(Location(display_path(folder / JOURNAL)),
                "途中で止まった作成の記録が壊れています。出力フォルダのファイルを確かめてから、この記録を削除してください"
                " (the journal of an interrupted build is damaged)")]) from None
        keep = _keeper(folder, clock().strftime("%Y%m%d-%H%M%S"), warnings)
        try:
            _roll_back(folder, entries, keep)
        except (OSError, ValueError) as exc:
            raise OutputError([Problem(Location(display_path(folder / JOURNAL)),
                f"途中で止まった作成を元に戻せませんでした（{exc}）。出力フォルダのファイルを確かめてから、この記録を削除してください"
                " (the interrupted build could not be rolled back)")]) from None
        warnings.append(Problem(Location(display_path(folder)),
            "前回の作成が途中で止まっていたため、その前の状態に戻しました (rolled back an interrupted build)", Severity.WARNING))
    _remove_temporary_files(folder)
    return warnings


def clock() -> dt.datetime:
    """The time that names backups (a function, so tests can make two builds fall in one second)."""
    return dt.datetime.now()


def publish(folder: Path, plan: Plan) -> Published:
    """Write ``plan`` into ``folder`` (locked by the caller, recovered, checked): all of it or none."""
    changed = [name for name, data in plan.files.items() if plan.current.get(name) != digest(data)]
    entries = [Entry(name, plan.current.get(name), digest(plan.files[name])) for name in changed]
    backups: list[Path] = []
    stamp = clock().strftime("%Y%m%d-%H%M%S")
    try:
        for entry in entries:
            entry.target(folder).parent.mkdir(parents=True, exist_ok=True)
            _write_new(entry.staged(folder), plan.files[entry.name], sync=False)
        _sync_files([entry.staged(folder) for entry in entries])  # every staged file on disk before the journal names it
        # and its name too: csv/ and html/wards/ hold entries of their own (the journal's folder is synced with it)
        subfolders = sorted({entry.target(folder).parent for entry in entries} - {folder})
        for sub in subfolders:
            _sync_folder(sub)
        for name in plan.backups:
            backups.append(_backup(folder, name, plan.current.get(name), stamp))
        _write_journal(folder, entries)
        for entry in entries:
            _swap(folder, entry)
        for sub in subfolders:  # the swaps' renames, durable before the commit point
            _sync_folder(sub)
        os.unlink(folder / JOURNAL)  # the commit point
        _sync_folder(folder)
    except BaseException as exc:  # Ctrl-C too: undo before the interrupt goes on
        problems = [_failure(folder, exc)]
        try:
            # Entries not swapped yet (or no journal yet) hold their old file: undoing them only
            # removes their staged copy.
            _roll_back(folder, entries, _keeper(folder, stamp, problems))
            for backup in backups:
                with contextlib.suppress(FileNotFoundError, NotADirectoryError):
                    os.unlink(backup)
        except OSError as undo:
            problems.append(Problem(Location(display_path(folder)),
                f"元に戻す途中でも失敗しました: {undo.strerror}。次の作成のときに元に戻します (rollback failed; the next run completes it)"))
        if not isinstance(exc, (OSError, ChangedMeanwhile)):
            raise
        raise OutputError(problems) from None
    # Past the commit point the new set is in place: an interrupt now must not be reported as
    # "nothing changed". The old versions left behind are removed by the next run anyway.
    try:
        for entry in entries:
            with contextlib.suppress(FileNotFoundError, NotADirectoryError):
                os.unlink(entry.old(folder))
    except KeyboardInterrupt:
        pass
    # reportgen's own records (the manifest, the update base) are hidden files, not outputs to list
    shown = [name for name in plan.files if not PurePosixPath(name).name.startswith(".")]
    rewritten = set(changed)
    return Published([folder / name for name in shown if name in rewritten], backups,
                     [folder / name for name in shown if name not in rewritten])


def _failure(folder: Path, exc: BaseException) -> Problem:
    if isinstance(exc, ChangedMeanwhile):
        path = Path(str(exc.args[0]))
        return Problem(Location(display_path(path)),
            "作成中にこのファイルが変更されました（編集者が保存した可能性があります）。上書きせず、すべて元に戻しました。"
            "もう一度実行してください (changed during the build; nothing replaced)")
    if not isinstance(exc, OSError):
        return Problem(Location(display_path(folder)), "中断しました。前回の出力に戻しました (interrupted; rolled back)")
    where = display_path(Path(exc.filename)) if exc.filename else display_path(folder)
    return Problem(Location(where), f"出力ファイルを書けませんでした: {exc.strerror}。前回の出力はそのままです (nothing replaced)")
