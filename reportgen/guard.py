"""Editors' work is never lost: decide what a build may write, from a manifest of the last build.

``reportgen build`` records the SHA-256 of every file it writes in ``.reportgen-manifest.json`` in
the output folder. Before writing again, a file whose bytes differ from the manifest (an editor
polished report.docx in Word), or that exists without a manifest entry, is not overwritten: the
build stops and says so, unless ``--force`` (the edited file is first kept under ``backups/``) or
``--beside`` (the new file is written next to it as ``NAME.new.EXT``, itself guarded the same way).
An Office or LibreOffice lock file for a file about to be written (``~$report.docx``,
``.~lock.report.docx#``) means the document is open: the build stops even with ``--force``.

This module only decides; :mod:`reportgen.output` writes, re-checking every hash recorded here
immediately before it replaces a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from reportgen.errors import Location, OutputError, Problem, Severity, display_path

MANIFEST = ".reportgen-manifest.json"
MANIFEST_LIMIT = 16 * 1024 * 1024
"""A real manifest is a few hundred bytes; anything far larger is not one."""


class NotRegularFile(Exception):
    """The path holds a folder, a link, a pipe or a device where a file is expected."""


def digest(data: bytes) -> str:
    """SHA-256 in hex."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """SHA-256 of the regular file at ``path``; None when nothing is there.

    Raises :class:`NotRegularFile` for anything else, without opening it: a FIFO would block, a
    device would never end, and a link could point anywhere.
    """
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # swapped since lstat
            raise NotRegularFile(path)
        return hashlib.file_digest(stream, "sha256").hexdigest()


def manifest_bytes(files: Mapping[str, bytes], kept: Mapping[str, str] | None = None, edited: Collection[str] = ()) -> bytes:
    """The manifest for ``files`` plus ``kept`` (name → hash of earlier outputs left in place), sorted.

    ``edited`` names files that hold editors' work merged by ``reportgen update``: recorded, so an
    editor saving during the next run is noticed, yet never overwritten by a plain build.
    """
    hashes = {**(kept or {}), **{name: digest(data) for name, data in files.items()}}
    body: dict[str, object] = {"generator": "reportgen", "files": dict(sorted(hashes.items()))}
    if edited:
        body["edited"] = sorted(set(edited) & set(hashes))
    return (json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def inside(name: str) -> bool:
    """True for a plain relative POSIX name of a file inside the output folder.

    No ``..`` or ``.`` part (``.`` names the folder itself), no drive, backslash or control
    character (a NUL ends in an error of the OS), no part longer than file systems allow.
    """
    path = PurePosixPath(name)
    parts = name.split("/")
    return (
        bool(name) and not path.is_absolute() and "\\" not in name and ":" not in name
        and all(part not in ("", ".", "..") and len(part.encode("utf-8", "surrogatepass")) <= 255 for part in parts)
        and not any(ord(c) < 32 or ord(c) == 127 for c in name)
    )


def read_small(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (at most ``limit``); raises NotRegularFile or ValueError."""
    if file_digest(path) is None:
        raise FileNotFoundError(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"larger than {limit} bytes")
    return data


def _recorded(folder: Path, warnings: list[Problem]) -> tuple[dict[str, str], set[str]]:
    """The manifest's name → hash, and the names holding merged edits; a damaged manifest protects every existing file."""
    path = folder / MANIFEST
    try:
        raw = json.loads(read_small(path, MANIFEST_LIMIT).decode("utf-8"))
        files = raw["files"] if isinstance(raw, dict) else None
        if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
            raise ValueError("no files")
    except FileNotFoundError:
        return {}, set()
    except (OSError, ValueError, RecursionError, NotRegularFile, KeyError):
        warnings.append(Problem(Location(display_path(path)),
            "前回の作成の記録が読めません。既存のファイルはすべて編集されたものとして扱います"
            " (the manifest is damaged; every existing file is treated as edited)", Severity.WARNING))
        return {}, set()
    edited = raw.get("edited", [])
    # Only plain relative names inside the folder: a damaged manifest must not point elsewhere.
    return ({str(k): v for k, v in files.items() if inside(str(k))},
            {str(n) for n in edited if isinstance(n, str) and inside(n)} if isinstance(edited, list) else set())


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def beside_name(name: str) -> str:
    """``report.docx`` → ``report.new.docx``."""
    path = PurePosixPath(name)
    return str(path.with_suffix(".new" + path.suffix))


def lock_names(name: str) -> set[str]:
    """The lock files Word, Excel and LibreOffice create beside ``name`` while it is open.

    Excel writes ``~$`` + the name; Word drops the first one or two characters of longer names
    (``~$port.docx`` for ``report.docx``); LibreOffice writes ``.~lock.NAME#``.
    """
    base = PurePosixPath(name).name
    stem_length = len(PurePosixPath(base).stem)
    office = {"~$" + base[cut:] for cut in (0, 1, 2) if stem_length - cut >= 1}
    return office | {f".~lock.{base}#"}


def _open_in_office(folder: Path, name: str) -> list[str]:
    parent = folder / PurePosixPath(name).parent
    return sorted(lock for lock in lock_names(name) if os.path.lexists(parent / lock))


@dataclass
class Plan:
    """What to write after the check: the new set, each target's hash when checked, the backups to make."""

    files: dict[str, bytes]
    current: dict[str, str | None] = field(default_factory=dict)
    """Each target's SHA-256 when checked (None: absent); the writer re-checks it before replacing."""
    backups: list[str] = field(default_factory=list)
    beside: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    """Earlier outputs this build does not write (e.g. report.pdf), left in place and still recorded."""
    warnings: list[Problem] = field(default_factory=list)


def _edited_message(name: str, recorded: Mapping[str, str], folder: Path, merged_edits: bool = False) -> str:
    why = "前回の作成後に変更されています" if name in recorded else "reportgen が作成した記録がありません"
    if merged_edits:
        why = "reportgen update で編集者の編集を残して更新したファイルです"
    update = ""
    if PurePosixPath(name).suffix == ".docx":
        update = (f"データの修正を反映するには reportgen update --fiscal-year {folder.name} を実行してください。"
                  "編集した文・書式・追加や削除した段落・コメント・改ページはそのまま残し、編集されていない数値と文だけを新しくします"
                  "（編集した文のデータが変わったときは、その場所にコメントを付けて知らせます）。ほかに ")
    return (f"{why}（編集された可能性があります）。上書きしません。{update}--force で backups/ に控えを残して上書き、"
            f"--beside で新しいファイルを横に作成します (edited since the last build; not overwritten"
            f"{'; reportgen update merges the new data and keeps the edits' if update else ''})")


def check(folder: Path, files: Mapping[str, bytes], *, force: bool = False, beside: bool = False,
          merged: Collection[str] = (), companions: Mapping[str, str] | None = None, partial: bool = False) -> Plan:
    """Decide how to write ``files`` into ``folder`` without losing an edited file; every problem at once.

    ``partial`` (``reportgen pdf``): ``files`` are a few outputs made from the others, not a build;
    every other recorded file keeps its record as it is (an edited report.docx stays recorded as
    edited, so that a later build still refuses it and names update) and none is stale.

    ``merged`` names files whose edits the new bytes already hold (``reportgen update``): an edited
    one is backed up under backups/ and replaced, and the manifest records it as holding edits, so
    that a later plain build does not overwrite it. ``companions`` maps a file to the one it belongs to
    (the update base to report.docx): when that one is written beside, so is the companion.
    """
    if force and beside:
        raise ValueError("force and beside exclude each other")
    plan = Plan({})
    recorded, holds_edits = _recorded(folder, plan.warnings)

    def edited(name: str, now: str | None) -> bool:
        """Changed since recorded, or holding editors' work merged by reportgen update."""
        return now is not None and (recorded.get(name) != now or name in holds_edits)

    problems: list[Problem] = []

    def current(name: str) -> str | None:
        for parent in reversed(PurePosixPath(name).parents[:-1]):  # csv/ must be a real folder, not a file or a link
            info = _lstat(folder / parent)
            if info is not None and not stat.S_ISDIR(info.st_mode):
                problems.append(Problem(Location(display_path(folder / parent)),
                    "出力用のフォルダの場所に、フォルダではないもの（ファイル・リンクなど）があります。移動してから実行してください"
                    " (not a folder)"))
                return None
        try:
            return file_digest(folder / name)
        except NotRegularFile:
            problems.append(Problem(Location(display_path(folder / name)),
                "ファイルではないもの（フォルダ・リンク・特殊ファイル）があるため書き込めません。移動してから実行してください"
                " (not a regular file; not overwritten)"))
            return None
        except OSError as exc:
            problems.append(Problem(Location(display_path(folder / name)), f"ファイルを読めません: {exc.strerror} (cannot read)"))
            return None

    for name, data in files.items():
        if name == MANIFEST:
            continue
        leader = (companions or {}).get(name)
        if leader is not None and beside_name(leader) in plan.beside:
            plan.files[beside_name(name)] = data
            plan.current[beside_name(name)] = current(beside_name(name))
            continue
        target, now = name, current(name)
        if edited(name, now):
            if name in merged:
                if digest(data) != now:
                    plan.backups.append(name)
            elif beside:
                target = beside_name(name)
                now = current(target)
                plan.beside.append(target)
                if edited(target, now):
                    problems.append(Problem(Location(display_path(folder / target)),
                        f"{PurePosixPath(name).name} の代わりに作成した {PurePosixPath(target).name} も編集されています。上書きしません"
                        "（どちらかを別の名前にしてから実行してください） (the .new file was edited too; not overwritten)"))
            elif force:
                plan.backups.append(name)
            else:
                problems.append(Problem(Location(display_path(folder / name)), _edited_message(name, recorded, folder, name in holds_edits and recorded.get(name) == now)))
        for lock in _open_in_office(folder, target):
            problems.append(Problem(Location(display_path(folder / target)),
                f"ファイルが Word・Excel などで開かれています（{lock} があります）。閉じてから実行してください (file is open)"))
        plan.files[target] = data
        plan.current[target] = now
    plan.current[MANIFEST] = current(MANIFEST)
    if problems:
        raise OutputError([*plan.warnings, *dict.fromkeys(problems)])  # a blocked folder once, not per file
    # Earlier outputs this build does not make stay recorded while unchanged, and are reported as
    # stale; an edited file left in place by --beside gets no entry, so it stays protected.
    kept: dict[str, str] = {}
    for name, recorded_hash in sorted(recorded.items()):
        if name in plan.files or name == MANIFEST:
            continue
        if partial:
            kept[name] = recorded_hash
            continue
        try:
            unchanged = file_digest(folder / name) == recorded_hash
        except (NotRegularFile, OSError):
            unchanged = False
        if unchanged:
            kept[name] = recorded_hash
            if name not in holds_edits:
                plan.stale.append(name)
    plan.files[MANIFEST] = manifest_bytes(plan.files, kept, [*(n for n in holds_edits if n in kept), *merged])
    return plan


def stale_message(name: str) -> str:
    """What to say of ``name``, an output of an earlier build this one did not make (kept as it was).

    report.pdf is made only with --pdf; any other output (a ward's page, a CSV file) was made from
    data that no longer has it: a ward or table gone from the data.
    """
    if PurePosixPath(name).suffix.lower() == ".pdf":
        return "前回作成したファイルですが、今回は作成していません（内容は古いままです。--pdf を付け忘れていないか確かめてください） (not made this time: --pdf?)"
    return ("前回作成したファイルですが、今回のデータからは作成されません（内容は古いままです。区や表がデータからなくなったのであれば、"
            "このファイルを削除してください） (made by an earlier build from data that no longer has it; delete it if it is no longer wanted)")


STALE_LISTED = 3
"""Stale outputs with one reason named one by one; more share one line (a ward code changed: 24 pages)."""


def stale_warnings(folder: Path, names: Collection[str]) -> list[Problem]:
    """The warnings for earlier outputs this run did not make: one per file, or, for more than
    :data:`STALE_LISTED` files with the same reason, one line on the folder naming how many and the first few."""
    by_reason: dict[str, list[str]] = {}
    for name in names:
        by_reason.setdefault(stale_message(name), []).append(name)
    warnings: list[Problem] = []
    for reason, files in by_reason.items():
        if len(files) <= STALE_LISTED:
            warnings.extend(Problem(Location(display_path(folder / name)), reason, Severity.WARNING) for name in files)
            continue
        shown = "、".join(files[:STALE_LISTED])
        warnings.append(Problem(Location(display_path(folder)), f"{len(files)}ファイル（{shown} ほか）: {reason}", Severity.WARNING))
    return warnings
