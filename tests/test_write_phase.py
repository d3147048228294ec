"""The write phase under attack: edits racing the build, two builds at once, kills, full disks, odd files.

Each test reproduces one way an earlier version lost an editor's work or left a mixed set
(issue 11), and checks that nothing is lost: the editor's bytes survive, the folder holds the whole
old set or the whole new set, and the next plain build succeeds.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, ROOT, snapshot

from reportgen import build as building
from reportgen import output
from reportgen.cli import main
from reportgen.folderlock import folder_lock
from reportgen.guard import MANIFEST, check, digest, lock_names, manifest_bytes
from reportgen.output import JOURNAL, Entry

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX file semantics (FIFOs, /proc, signals)")


def build(out: Path, *extra: str) -> int:
    return main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out), *extra])


def temporary_files(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.name.endswith(".tmp") or p.name == JOURNAL]


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    files, _ = building.render_outputs(DATA, 2016)
    return files




def edit(path: Path, marker: bytes) -> bytes:
    """Save ``path`` as Word does: a new file renamed over the old one. Returns the bytes saved."""
    data = path.read_bytes() + marker
    temp = path.with_name("~WRL0001.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)
    return data


# -- 1. --beside never overwrites an edited NAME.new.EXT ----------------------------------------

def test_beside_does_not_overwrite_an_edited_new_file(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    first_edit = edit(folder / "report.docx", b"editor 1")
    assert build(out, "--beside") == 0
    second_edit = edit(folder / "report.new.docx", b"editor 2")
    capsys.readouterr()
    assert build(out, "--beside") == 3
    err = capsys.readouterr().err
    assert "report.new.docx" in err and "上書きしません" in err
    assert (folder / "report.docx").read_bytes() == first_edit
    assert (folder / "report.new.docx").read_bytes() == second_edit


def test_beside_stops_while_the_new_file_is_open(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    edit(folder / "report.docx", b"editor")
    assert build(out, "--beside") == 0
    (folder / "~$port.new.docx").write_bytes(b"lock")
    capsys.readouterr()
    assert build(out, "--beside") == 3
    assert "~$port.new.docx" in capsys.readouterr().err


def test_beside_leaves_an_open_edited_original_alone(out: Path) -> None:
    folder = out / "2016"
    edited = edit(folder / "report.docx", b"editor")
    (folder / "~$report.docx").write_bytes(b"lock")  # the editor is still working on it
    assert build(out, "--beside") == 0
    assert (folder / "report.docx").read_bytes() == edited


def test_force_and_beside_together_are_refused(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        build(out, "--force", "--beside")
    assert stop.value.code == 2
    assert "--beside" in capsys.readouterr().err


# -- 2. two --force builds within one second keep both backups ---------------------------------

def test_two_forced_builds_in_one_second_keep_both_backups(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "clock", lambda: dt.datetime(2017, 6, 1, 9, 0, 0))
    folder = out / "2016"
    first = edit(folder / "report.docx", b"first edit")
    assert build(out, "--force") == 0
    second = edit(folder / "report.docx", b"second edit")
    assert build(out, "--force") == 0
    backups = sorted((folder / "backups").glob("report.edited-*.docx"))
    assert [b.name for b in backups] == ["report.edited-20170601-090000-2.docx", "report.edited-20170601-090000.docx"]
    assert {b.read_bytes() for b in backups} == {first, second}


def test_backups_of_open_data_stay_out_of_the_published_csv_folder(out: Path) -> None:
    folder = out / "2016"
    edited = edit(folder / "csv" / "ward_results.csv", b"\n")
    assert build(out, "--force") == 0
    assert sorted(p.name for p in (folder / "csv").iterdir()) == ["columns.csv", "table1.csv", "table2.csv", "ward_results.csv"]
    (backup,) = (folder / "backups" / "csv").iterdir()
    assert backup.read_bytes() == edited


# -- 3. an editor's save racing the build, and two builds at once -------------------------------

def test_a_save_after_the_check_and_before_the_move_is_kept(out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    (folder / "report.txt").write_bytes(b"")  # make the build replace report.txt and the manifest
    (folder / "tables.xlsx").write_bytes(b"")
    files = {k: v for k, v in snapshot(folder).items() if k != MANIFEST}
    (folder / MANIFEST).write_bytes(manifest_bytes(files))
    before = snapshot(out)
    real_rename = os.rename
    saved: list[bytes] = []

    def save_first(src: str | Path, dst: str | Path) -> None:
        if Path(src).name == "tables.xlsx" and not saved:
            saved.append(edit(folder / "tables.xlsx", b"saved by Excel"))
        real_rename(src, dst)

    monkeypatch.setattr(output.os, "rename", save_first)
    assert build(out) == 3
    err = capsys.readouterr().err
    assert "tables.xlsx" in err and "作成中にこのファイルが変更されました" in err
    after = snapshot(out)
    assert after.pop("2016/tables.xlsx") == saved[0]
    before.pop("2016/tables.xlsx")
    assert after == before  # everything else rolled back (report.txt was already replaced)
    assert temporary_files(out) == []


def test_a_save_between_moving_aside_and_linking_is_kept(out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    (folder / "report.txt").write_bytes(b"")
    files = {k: v for k, v in snapshot(folder).items() if k != MANIFEST}
    (folder / MANIFEST).write_bytes(manifest_bytes(files))
    real_link = os.link

    def save_in_the_gap(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == "report.txt" and not (folder / "report.txt").exists():
            (folder / "report.txt").write_bytes(b"typed in the gap")
        real_link(src, dst)

    monkeypatch.setattr(output.os, "link", save_in_the_gap)
    assert build(out) == 3
    assert (folder / "report.txt").read_bytes() == b"typed in the gap"
    kept = list((folder / "backups").glob("report.edited-*.txt"))
    assert [k.read_bytes() for k in kept] == [b""]  # the version it replaced is kept, not deleted
    assert f"{kept[0].name}: 作成の途中で置き換えられなかった版を、控えとしてこの名前で残しました" in capsys.readouterr().err
    assert temporary_files(out) == []


def test_ctrl_c_during_the_swap_rolls_back_and_exits_130(out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    (folder / "report.txt").write_bytes(b"")
    (folder / "tables.xlsx").write_bytes(b"")
    files = {k: v for k, v in snapshot(folder).items() if k != MANIFEST}
    (folder / MANIFEST).write_bytes(manifest_bytes(files))
    before = snapshot(out)
    real_link = os.link

    def interrupted(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == "tables.xlsx":
            raise KeyboardInterrupt
        real_link(src, dst)

    monkeypatch.setattr(output.os, "link", interrupted)
    assert build(out) == 130
    assert "中断しました" in capsys.readouterr().err
    assert snapshot(out) == before and temporary_files(out) == []


def test_an_output_year_that_is_a_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "2016").write_bytes(b"a file")
    assert build(tmp_path) == 3
    err = capsys.readouterr().err
    assert "2016" in err and "出力フォルダを作成できません" in err and "内部エラー" not in err


def test_a_second_build_waits_for_no_one_and_writes_nothing(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(out)
    with folder_lock(out / "2016"):
        assert build(out) == 3
    assert "別の reportgen が同じ出力フォルダに書き出しています" in capsys.readouterr().err
    assert snapshot(out) == before
    assert build(out) == 0  # the lock ended with its holder


@POSIX
def test_concurrent_builds_leave_one_consistent_set(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "reportgen", "build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(tmp_path)]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(3)]
    codes = [run.wait(timeout=120) for run in runs]
    assert set(codes) <= {0, 3} and 0 in codes
    folder = tmp_path / "2016"
    recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert recorded == {k: digest(v) for k, v in snapshot(folder).items() if k != MANIFEST}
    assert temporary_files(tmp_path) == []


# -- 4. killed in the middle of the write phase -------------------------------------------------

CHILD = r"""
import os, pickle, sys, time
from pathlib import Path
from reportgen import guard, output
from reportgen.folderlock import folder_lock

folder, files = Path(sys.argv[1]), pickle.loads(Path(sys.argv[2]).read_bytes())
for name in ("rename", "link", "unlink", "replace", "fsync", "open"):
    real = getattr(os, name)
    def slow(*args, _real=real, **kwargs):  # widen the window so the kill lands inside the write phase
        time.sleep(0.002)
        return _real(*args, **kwargs)
    setattr(os, name, slow)
print("writing", flush=True)
with folder_lock(folder):
    output.recover(folder)
    output.publish(folder, guard.check(folder, files))
"""


def _publish(folder: Path, files: dict[str, bytes]) -> None:
    with folder_lock(folder):
        output.recover(folder)
        output.publish(folder, check(folder, files))


def _is_whole(folder: Path, files: dict[str, bytes]) -> bool:
    now = {k: v for k, v in snapshot(folder).items() if not k.endswith(".tmp")}
    expected = {**files, MANIFEST: manifest_bytes(files)}
    return now == expected


@POSIX
def test_a_kill_at_any_point_of_the_write_phase_loses_nothing(tmp_path: Path, rendered: dict[str, bytes]) -> None:
    old = {k: v for k, v in rendered.items()}
    new = {k: v + b"\n(corrected)" for k, v in rendered.items()}
    script, payload = tmp_path / "child.py", tmp_path / "new.pickle"
    script.write_text(CHILD, encoding="utf-8")
    payload.write_bytes(pickle.dumps(new))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def start(folder: Path) -> tuple[subprocess.Popen[bytes], float]:
        child = subprocess.Popen([sys.executable, str(script), str(folder), str(payload)], env=env, stdout=subprocess.PIPE)
        assert child.stdout is not None and child.stdout.readline() == b"writing\n"
        return child, time.monotonic()

    probe = tmp_path / "probe"
    probe.mkdir()
    _publish(probe, old)
    child, started = start(probe)
    assert child.wait(timeout=60) == 0
    window = time.monotonic() - started
    assert _is_whole(probe, new)

    kills, outcomes = 30, {"old": 0, "new": 0, "journal": 0}
    for n in range(kills):
        folder = tmp_path / f"kill{n}"
        folder.mkdir()
        _publish(folder, old)
        child, started = start(folder)
        time.sleep(max(0.0, window * (n + 0.5) / kills - (time.monotonic() - started)))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        if (folder / JOURNAL).exists():
            outcomes["journal"] += 1
        elif _is_whole(folder, old):
            outcomes["old"] += 1
        else:
            assert _is_whole(folder, new), f"kill {n} left a mixed set: {sorted(snapshot(folder))}"
            outcomes["new"] += 1
        _publish(folder, new)  # the next plain build: no --force needed
        assert _is_whole(folder, new) and temporary_files(folder) == [] and not (folder / "backups").exists(), n
    assert outcomes["journal"] > 0 and outcomes["old"] > 0, outcomes  # the kills landed before and inside the swap


def _journalled(tmp_path: Path, old: dict[str, bytes], new: dict[str, bytes]) -> tuple[Path, dict[str, bytes], list[Entry]]:
    """A folder holding ``old`` with ``new`` staged and the journal written, as a build leaves it
    just before its first swap; returns the folder, its snapshot before, and the journal's entries."""
    folder = tmp_path / "2016"
    folder.mkdir()
    _publish(folder, old)
    before = snapshot(folder)
    plan = check(folder, new)
    entries = [Entry(name, plan.current[name], digest(data)) for name, data in plan.files.items() if plan.current[name] != digest(data)]
    for entry in entries:
        entry.staged(folder).write_bytes(plan.files[entry.name])
    output._write_journal(folder, entries)
    return folder, before, entries


def test_recovery_after_a_kill_mid_swap_restores_the_old_set(tmp_path: Path, rendered: dict[str, bytes]) -> None:
    folder, before, entries = _journalled(tmp_path, rendered, {k: v + b"!" for k, v in rendered.items()})
    for entry in entries[:2]:  # two files swapped, the third moved aside: then killed
        output._swap(folder, entry)
    os.rename(entries[2].target(folder), entries[2].old(folder))
    warnings = output.recover(folder)
    assert snapshot(folder) == before
    assert any("途中で止まっていた" in w.message for w in warnings)


def test_a_recovery_killed_halfway_is_completed_by_the_next_run(tmp_path: Path, rendered: dict[str, bytes]) -> None:
    folder, before, entries = _journalled(tmp_path, rendered, {k: v + b"!" for k, v in rendered.items()})
    for entry in entries:
        output._swap(folder, entry)
    output._roll_back(folder, entries[3:], lambda old: None)  # killed after undoing the last files ...
    output._write_journal(folder, entries)  # ... so the journal is still there
    output.recover(folder)
    assert snapshot(folder) == before


@pytest.mark.parametrize("journal", [
    "{",
    '{"entries": [{"name": "../outside.txt", "before": null, "after": "00"}]}',
    '{"entries": [{"name": "report.docx", "before": 5, "after": "00"}]}',
    '{"entries": [{"name": "report.docx", "before": null, "after": null}]}',
    '{"entries": [{"name": ["report.docx"], "before": null, "after": "00"}]}',
    '{"entries": "report.docx"}',
])
def test_a_damaged_journal_stops_the_build_with_its_name(out: Path, journal: str, capsys: pytest.CaptureFixture[str]) -> None:
    (out / "2016" / JOURNAL).write_text(journal, encoding="utf-8")
    before = snapshot(out)
    assert build(out) == 3
    err = capsys.readouterr().err
    assert JOURNAL in err and "壊れています" in err and "内部エラー" not in err
    assert snapshot(out) == before


def test_temporary_files_of_killed_runs_are_removed(out: Path) -> None:
    folder = out / "2016"
    leftovers = [folder / ".report.docx.k3j2h1g0.tmp", folder / ".report.docx.4242.old.tmp",
                 folder / "csv" / ".ward_results.csv.reportgen-new.tmp", folder / ".tables.xlsx.reportgen-old.tmp"]
    for path in leftovers:
        path.write_bytes(b"half")
    (folder / "notes.tmp").write_bytes(b"someone else's")
    assert build(out) == 0
    assert not any(p.exists() for p in leftovers)
    assert (folder / "notes.tmp").exists()


def test_unchanged_files_are_not_rewritten(out: Path) -> None:
    report = out / "2016" / "report.docx"
    inode = report.stat().st_ino
    assert build(out) == 0
    assert report.stat().st_ino == inode


# -- 5. a full disk while keeping a backup ------------------------------------------------------

@POSIX
def test_a_full_disk_leaves_no_partial_backup(out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    edited = edit(folder / "report.docx", b"editor")
    before = snapshot(out)

    def no_links(src: str | Path, dst: str | Path) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    real_fdopen = os.fdopen

    class HalfWrite:
        def __init__(self, stream: object) -> None:
            self.stream = stream

        def __enter__(self) -> HalfWrite:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            self.stream.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            self.stream.flush()  # type: ignore[attr-defined]
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str) -> object:
            return getattr(self.stream, name)

    def fdopen(fd: int, *args: object, **kwargs: object) -> object:
        stream = real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]
        return HalfWrite(stream) if "edited" in os.readlink(f"/proc/self/fd/{fd}") else stream

    monkeypatch.setattr(output.os, "link", no_links)
    monkeypatch.setattr(output.os, "fdopen", fdopen)
    assert build(out, "--force") == 3
    assert "No space left on device" in capsys.readouterr().err
    assert (folder / "report.docx").read_bytes() == edited
    assert not [p for p in out.rglob("*edited*") if p.is_file()]
    assert snapshot(out) == before


# -- odd things where outputs go ----------------------------------------------------------------

@pytest.mark.parametrize("kind", ["folder", "symlink", "fifo"])
def test_an_output_that_is_not_a_file_is_refused_at_its_name(out: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    if kind == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    report = out / "2016" / "report.docx"
    report.unlink()
    if kind == "folder":
        report.mkdir()
    elif kind == "symlink":
        report.symlink_to(out / "2016" / "report.txt")
    else:
        os.mkfifo(report)
    assert build(out) == 3
    err = capsys.readouterr().err
    assert "report.docx" in err and "ファイルではないもの" in err


def test_a_file_where_the_csv_folder_goes_is_named_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "2016").mkdir()
    (tmp_path / "2016" / "csv").write_bytes(b"not a folder")
    assert build(tmp_path) == 3
    err = capsys.readouterr().err
    assert err.count("2016/csv: 出力用のフォルダの場所に、フォルダではないもの") == 1 and "内部エラー" not in err
    assert sorted(p.name for p in (tmp_path / "2016").iterdir()) == ["csv"]


@pytest.mark.parametrize("manifest", [
    pytest.param("nested", id="100000 nested arrays"),
    pytest.param("binary", id="bytes"),
    pytest.param("files-not-a-dict", id="wrong shape"),
    pytest.param("folder", id="a folder"),
    pytest.param("device", id="a link to /dev/zero"),
])
def test_a_damaged_manifest_protects_every_file_and_says_so(out: Path, manifest: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = out / "2016" / MANIFEST
    path.unlink()
    if manifest == "nested":
        path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    elif manifest == "binary":
        path.write_bytes(b"\xff\xfe\x00garbage")
    elif manifest == "files-not-a-dict":
        path.write_text('{"files": [1, 2]}', encoding="utf-8")
    elif manifest == "folder":
        path.mkdir()
    else:
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero")
        path.symlink_to("/dev/zero")
    code = build(out)
    err = capsys.readouterr().err
    assert code == 3 and "内部エラー" not in err
    assert MANIFEST in err and "上書きしません" in err or "ファイルではないもの" in err


@pytest.mark.parametrize(("lock", "blocks"), [
    ("~$port.docx", True), ("~$report.docx", True), ("~$eport.docx", True), (".~lock.report.docx#", True),
    ("~$tables.xlsx", True), ("~$x", False), ("~$docx", False), ("~$other.docx", False),
])
def test_only_the_lock_files_of_an_output_block_it(out: Path, lock: str, blocks: bool) -> None:
    (out / "2016" / lock).write_bytes(b"lock")
    assert (build(out) == 3) is blocks


def test_word_and_excel_lock_names() -> None:
    assert lock_names("report.docx") == {"~$report.docx", "~$eport.docx", "~$port.docx", ".~lock.report.docx#"}
    assert lock_names("csv/a.csv") == {"~$a.csv", ".~lock.a.csv#"}


# -- what the mutants of guard.py showed untested -----------------------------------------------

def test_inside_accepts_only_plain_relative_names() -> None:
    from reportgen.guard import inside

    assert inside("report.docx") and inside("csv/table1.csv")
    for name in ("", "../x", "csv/../../x", "/etc/passwd", "C:\\x", "csv\\x", "c:x"):
        assert not inside(name), name


def test_check_refuses_force_with_beside(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        check(tmp_path, {}, force=True, beside=True)


def test_the_message_says_whether_a_file_was_edited_or_never_recorded(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    edit(folder / "report.docx", b"editor")
    (folder / "csv" / "table1.csv").unlink()
    (folder / "csv" / "table1.csv").write_bytes(b"someone else's")
    body = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    del body["files"]["csv/table1.csv"]
    (folder / MANIFEST).write_text(json.dumps(body), encoding="utf-8")
    assert build(out) == 3
    err = capsys.readouterr().err
    (edited,) = [line for line in err.splitlines() if "report.docx" in line]
    (unrecorded,) = [line for line in err.splitlines() if "table1.csv" in line]
    assert "前回の作成後に変更されています" in edited and "記録がありません" not in edited
    assert "reportgen が作成した記録がありません" in unrecorded


def test_a_file_that_cannot_be_read_is_named(out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from reportgen import guard

    real = guard.file_digest

    def unreadable(path: Path) -> str | None:
        if path.name == "tables.xlsx":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(guard, "file_digest", unreadable)
    assert build(out) == 3
    err = capsys.readouterr().err
    assert "tables.xlsx: ファイルを読めません: Permission denied" in err


def test_beside_again_replaces_its_own_unedited_new_file_and_says_where(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    edited = edit(folder / "report.docx", b"editor")
    assert build(out, "--beside") == 0
    first = (folder / "report.new.docx").read_bytes()
    assert build(out, "--beside") == 0
    assert (folder / "report.docx").read_bytes() == edited and (folder / "report.new.docx").read_bytes() == first
    err = capsys.readouterr().err
    assert "report.new.docx: report.docx は編集されているため" in err


def test_an_unchanged_rebuild_reports_nothing_stale(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(out) == 0
    assert "今回は作成していません" not in capsys.readouterr().err


def test_a_recorded_earlier_output_that_is_no_longer_a_file_is_not_kept(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    files = {k: v for k, v in snapshot(folder).items() if k != MANIFEST}
    files["report.pdf"] = b"%PDF"
    (folder / MANIFEST).write_bytes(manifest_bytes(files))
    (folder / "report.pdf").mkdir()
    assert build(out) == 0
    assert "report.pdf" not in capsys.readouterr().err
    assert "report.pdf" not in (folder / MANIFEST).read_text(encoding="utf-8")


def test_a_manifest_over_the_size_limit_is_not_read(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reportgen.guard import MANIFEST_LIMIT

    manifest = out / "2016" / MANIFEST
    body = manifest.read_bytes().rstrip()
    manifest.write_bytes(body + b" " * (MANIFEST_LIMIT + 1 - len(body)))  # valid JSON, one byte too long
    assert build(out) == 3
    assert "前回の作成の記録が読めません" in capsys.readouterr().err
    manifest.write_bytes(body + b" " * (MANIFEST_LIMIT - len(body)))  # exactly at the limit: read
    assert build(out) == 0


def test_every_file_written_is_readable_by_a_web_server_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o077)
    try:
        assert build(tmp_path) == 0
    finally:
        os.umask(previous)
    for path in (tmp_path / "2016").rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o777 == 0o644, path


# -- what the mutants of output.py showed untested ----------------------------------------------

def _invalidate(folder: Path, *names: str) -> None:
    """Make ``names`` differ from what the build writes, as if the last build had written them so."""
    for name in names:
        (folder / name).write_bytes(b"")
    files = {k: v for k, v in snapshot(folder).items() if k != MANIFEST}
    (folder / MANIFEST).write_bytes(manifest_bytes(files))


def test_a_save_between_the_check_and_the_backup_is_kept_and_nothing_backed_up(out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    edit(folder / "report.docx", b"first save")
    real_link = os.link
    saved: list[bytes] = []

    def save_then_link(src: str | Path, dst: str | Path) -> None:
        if "backups" in Path(dst).parts and not saved:
            saved.append(edit(folder / "report.docx", b"second save"))
        real_link(src, dst)

    monkeypatch.setattr(output.os, "link", save_then_link)
    assert build(out, "--force") == 3
    assert "作成中にこのファイルが変更されました" in capsys.readouterr().err
    assert (folder / "report.docx").read_bytes() == saved[0]
    assert not [p for p in (folder / "backups").rglob("*") if p.is_file()]
    assert temporary_files(out) == []


def test_a_failed_forced_build_removes_its_backups_and_keeps_the_edit(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = out / "2016"
    edited = edit(folder / "report.docx", b"editor")
    real_link = os.link

    def full(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == "report.docx":
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real_link(src, dst)

    monkeypatch.setattr(output.os, "link", full)
    assert build(out, "--force") == 3
    assert (folder / "report.docx").read_bytes() == edited
    assert not [p for p in (folder / "backups").rglob("*") if p.is_file()]
    assert temporary_files(out) == []


def test_a_file_system_without_hard_links_still_backs_up_and_replaces(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = out / "2016"
    _invalidate(folder, "report.txt")
    edited = edit(folder / "report.docx", b"editor")

    def no_links(src: str | Path, dst: str | Path) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(output.os, "link", no_links)
    assert build(out, "--force") == 0
    (backup,) = (folder / "backups").iterdir()
    assert backup.read_bytes() == edited
    assert (folder / "report.txt").read_bytes()  # rewritten by a copy, not a link
    assert temporary_files(out) == []
    monkeypatch.undo()
    assert build(out) == 0  # recorded as written


def test_recovery_removes_a_file_the_killed_build_had_created(tmp_path: Path, rendered: dict[str, bytes]) -> None:
    new = {**rendered, "report.pdf": b"%PDF-1.7 new", "report.html": b"<!doctype html>"}
    folder, before, entries = _journalled(tmp_path, rendered, new)
    (pdf,) = [e for e in entries if e.name == "report.pdf"]
    output._swap(folder, pdf)  # report.pdf placed, then killed (report.html not yet)
    assert (folder / "report.pdf").exists() and not (folder / "report.html").exists()
    output.recover(folder)
    assert snapshot(folder) == before


def test_a_rollback_that_fails_too_says_the_next_run_completes_it(out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    _invalidate(folder, "report.txt", "tables.xlsx")
    real_link, real_rename = os.link, os.rename

    def full(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == "tables.xlsx":
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real_link(src, dst)

    def stuck(src: str | Path, dst: str | Path) -> None:
        if Path(src).name.endswith(output.OLD):
            raise OSError(errno.EIO, "Input/output error", str(src))
        real_rename(src, dst)

    monkeypatch.setattr(output.os, "link", full)
    monkeypatch.setattr(output.os, "rename", stuck)
    monkeypatch.setattr(output.os, "replace", stuck)
    assert build(out) == 3
    assert "元に戻す途中でも失敗しました" in capsys.readouterr().err
    assert (folder / JOURNAL).exists()  # left for the next run
    monkeypatch.undo()
    assert build(out) == 0
    assert temporary_files(out) == []


def test_the_manifest_is_not_listed_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(tmp_path) == 0
    out = capsys.readouterr().out
    assert "作成しました:" in out and MANIFEST not in out


# -- the final attack round (issue 11) ----------------------------------------------------------

def test_ctrl_c_after_the_commit_point_is_a_finished_build(out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    _invalidate(folder, "report.txt")
    real_unlink = os.unlink

    def interrupt_cleanup(path: str | Path, *args: object, **kwargs: object) -> None:
        if str(path).endswith(output.OLD):
            raise KeyboardInterrupt  # the user presses Ctrl-C while the old versions are removed
        real_unlink(path)

    monkeypatch.setattr(output.os, "unlink", interrupt_cleanup)
    assert build(out) == 0  # the new set is in place: not "the outputs are as before"
    assert "中断しました" not in capsys.readouterr().err
    monkeypatch.undo()
    recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert recorded == {k: digest(v) for k, v in snapshot(folder).items() if k != MANIFEST and not k.endswith(".tmp")}
    assert build(out) == 0 and temporary_files(out) == []  # the next run removes what was left


@pytest.mark.parametrize("name", ["a\x00b", "a" * 300, ".", "csv/.", "csv//x", "a\nb"])
def test_a_journal_naming_no_plain_file_is_refused_and_nothing_outside_is_touched(out: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    beside = out / ".2016.reportgen-new.tmp"
    beside.write_bytes(b"beside the year folder")
    (out / "2016" / JOURNAL).write_text(json.dumps({"entries": [{"name": name, "before": None, "after": "x"}]}), encoding="utf-8")
    assert build(out) == 3
    err = capsys.readouterr().err
    assert "壊れています" in err and "内部エラー" not in err
    assert beside.read_bytes() == b"beside the year folder"


def test_a_manifest_naming_a_file_with_a_nul_byte_is_not_an_internal_error(out: Path) -> None:
    manifest = out / "2016" / MANIFEST
    body = json.loads(manifest.read_text(encoding="utf-8"))
    body["files"]["x\x00y"] = "0" * 64
    manifest.write_text(json.dumps(body), encoding="utf-8")
    assert build(out) == 0 and build(out) == 0


def test_a_folder_under_a_temporary_name_is_named_not_deleted(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    blocked = folder / ".report.docx.reportgen-new.tmp"
    blocked.mkdir()
    (blocked / "notes.txt").write_text("mine", encoding="utf-8")
    _invalidate(folder, "report.docx")
    assert build(out) == 3
    err = capsys.readouterr().err
    assert ".report.docx.reportgen-new.tmp: reportgen が一時ファイルに使う名前のフォルダがあります" in err
    assert (blocked / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("kind", ["symlink", "file"])
def test_backups_that_is_not_a_folder_keeps_the_edit_and_writes_nothing_outside(out: Path, tmp_path_factory: pytest.TempPathFactory, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = out / "2016"
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    if kind == "symlink":
        (folder / "backups").symlink_to(elsewhere, target_is_directory=True)
    else:
        (folder / "backups").write_bytes(b"")
    edited = edit(folder / "report.docx", b"editor")
    assert build(out, "--force") == 3
    assert "backups" in capsys.readouterr().err
    assert (folder / "report.docx").read_bytes() == edited and list(elsewhere.iterdir()) == []


def test_a_partial_write_keeps_every_other_record_as_it_was(out: Path) -> None:
    """guard.check(partial=True): the files given are planned; every recorded file keeps its entry
    (an edited one its old digest, unchanged ones theirs), none is stale, holds-edits marks stay."""
    folder = out / "2016"
    recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    (folder / "report.txt").write_text("編集しました", encoding="utf-8")  # edited since recorded
    (folder / "tables.xlsx").unlink()  # gone since recorded
    plan = check(folder, {"report.pdf": b"%PDF-1.7 x"}, partial=True)
    written = json.loads(plan.files[MANIFEST])
    assert plan.stale == [] and plan.backups == []
    assert {k: v for k, v in written["files"].items() if k != "report.pdf"} == recorded["files"]
    assert written["files"]["report.pdf"] == digest(b"%PDF-1.7 x")
    assert written.get("holds_edits", []) == recorded.get("holds_edits", [])
    # without partial, the edited and the missing files lose their records and the rest are stale
    whole = json.loads(check(folder, {"report.pdf": b"%PDF-1.7 x"}).files[MANIFEST])
    assert "report.txt" not in whole["files"] and "tables.xlsx" not in whole["files"]


def test_an_earlier_output_not_made_again_is_named_with_its_likely_reason(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A stale report.pdf: --pdf forgotten. A stale ward page or CSV file: its ward or table left the data
    (the --pdf hint there sent editors looking for the wrong cause)."""
    folder = out / "2016"
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    for name, content in (("report.pdf", b"%PDF-1.7 earlier"), ("html/wards/99999.html", b"<!doctype html>earlier")):
        (folder / name).write_bytes(content)
        manifest["files"][name] = digest(content)
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    capsys.readouterr()
    assert build(out) == 0
    err = capsys.readouterr().err
    pdf = next(line for line in err.splitlines() if "report.pdf" in line)
    page = next(line for line in err.splitlines() if "99999.html" in line)
    assert "--pdf を付け忘れていないか" in pdf
    assert "--pdf" not in page and "データからなくなった" in page
    assert (folder / "html/wards/99999.html").read_bytes() == b"<!doctype html>earlier"  # kept as it was


def test_many_earlier_outputs_with_one_reason_are_one_line_naming_the_first(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Ward codes changed: 24 ward pages are stale. One line on the folder says how many and names the first three;
    three or fewer with a reason keep a line each (report.pdf beside them keeps its own --pdf line)."""
    from reportgen.guard import STALE_LISTED

    folder = out / "2016"
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    pages = [f"html/wards/9990{k}.html" for k in range(STALE_LISTED + 2)]
    for name in [*pages, "report.pdf"]:
        content = f"earlier {name}".encode()
        (folder / name).write_bytes(content)
        manifest["files"][name] = digest(content)
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    capsys.readouterr()
    assert build(out) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "前回作成したファイル" in line]
    assert len(lines) == 2
    grouped = next(line for line in lines if "9990" in line)
    assert f"{len(pages)}ファイル（{'、'.join(pages[:STALE_LISTED])} ほか）" in grouped and pages[-1] not in grouped
    assert "--pdf" not in grouped and any("report.pdf" in line and "--pdf" in line for line in lines)
