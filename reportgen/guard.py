"""Editors' work is never lost: a manifest of what the last build wrote, checked before the next.

``reportgen build`` records the SHA-256 of every file it writes in ``.reportgen-manifest.json`` in
the output folder. Before writing again, a file whose bytes differ from the manifest (an editor
polished report.docx in Word), or that exists without a manifest entry, is not overwritten: the
build stops and says so, unless ``--force`` (the edited file is first copied to a dated backup) or
``--beside`` (the new file is written next to it as ``NAME.new.EXT``). A Word or Excel lock file
(``~$…``) means the document is open: the build stops even with ``--force``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from reportgen.errors import Location, OutputError, Problem
from reportgen.load.paths import display_path

MANIFEST = ".reportgen-manifest.json"


def digest(data: bytes) -> str:
    """SHA-256 in hex."""
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(files: Mapping[str, bytes], kept: Mapping[str, str] | None = None) -> bytes:
    """The manifest for ``files`` plus ``kept`` (name → hash of earlier outputs left in place), sorted."""
    hashes = {**(kept or {}), **{name: digest(data) for name, data in files.items()}}
    body = {"generator": "reportgen", "files": dict(sorted(hashes.items()))}
    return (json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _recorded(folder: Path) -> dict[str, str]:
    try:
        raw = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = raw.get("files", {}) if isinstance(raw, dict) else {}
        if not isinstance(files, dict):
            return {}
        # Only plain relative names inside the folder: a damaged manifest must not point elsewhere.
        return {str(k): str(v) for k, v in files.items() if _inside(str(k))}
    except (OSError, ValueError):
        return {}


def _inside(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name and ":" not in name


def _lock_files(folder: Path, name: str) -> list[Path]:
    """Office lock files for ``name``: ``~$`` plus the name, or plus its end when the name is long."""
    target = Path(name)
    parent = folder / target.parent
    if not parent.is_dir():
        return []
    return [p for p in parent.glob("~$*") if len(p.name) > 2 and target.name.endswith(p.name[2:])]


@dataclass
class Plan:
    """What to write after the check: the files (possibly renamed) and the backups to make first."""

    files: dict[str, bytes]
    backups: list[tuple[Path, Path]] = field(default_factory=list)
    beside: list[str] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)  # earlier outputs this build does not write (e.g. report.pdf)

    def make_backups(self) -> None:
        for source, backup in self.backups:
            shutil.copy2(source, backup)


def check(folder: Path, files: Mapping[str, bytes], *, force: bool = False, beside: bool = False,
          now: Callable[[], dt.datetime] = dt.datetime.now) -> Plan:
    """Decide how to write ``files`` into ``folder`` without losing an edited file."""
    recorded = _recorded(folder)
    problems: list[Problem] = []
    plan = Plan(dict(files))
    for name in files:
        if name == MANIFEST:
            continue
        for lock in _lock_files(folder, name):
            problems.append(Problem(Location(display_path(folder / name)),
                f"ファイルが Word・Excel で開かれています（{lock.name} があります）。閉じてから実行してください (file is open)"))
        path = folder / name
        if not path.exists():
            continue
        current = digest(path.read_bytes())
        if recorded.get(name) == current:
            continue
        if beside:
            new_name = str(PurePosixPath(name).with_suffix(".new" + PurePosixPath(name).suffix))
            plan.files[new_name] = plan.files.pop(name)
            plan.beside.append(new_name)
        elif force:
            stamp = now().strftime("%Y%m%d-%H%M%S")
            plan.backups.append((path, path.with_name(f"{path.stem}.edited-{stamp}{path.suffix}")))
        else:
            why = "前回の作成後に変更されています" if name in recorded else "reportgen が作成した記録がありません"
            problems.append(Problem(Location(display_path(path)),
                f"{why}（編集された可能性があります）。上書きしません。--force で日付つきの控えを残して上書き、"
                f"--beside で新しいファイルを横に作成します (edited since the last build; not overwritten)"))
    if problems:
        raise OutputError(problems)
    # Earlier outputs this build does not make stay recorded while unchanged, and are reported as
    # stale; an edited file left in place by --beside gets no entry, so it stays protected.
    kept = {}
    for name, recorded_hash in recorded.items():
        path = folder / name
        if name not in files and name != MANIFEST and path.is_file() and digest(path.read_bytes()) == recorded_hash:
            kept[name] = recorded_hash
            plan.stale.append(path)
    plan.files[MANIFEST] = manifest_bytes(plan.files, kept)
    return plan
