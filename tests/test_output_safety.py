"""Outputs are written whole or not at all, and an editor's changes are never overwritten silently."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import DATA, snapshot

from reportgen import output
from reportgen.cli import main
from reportgen.guard import MANIFEST


def build(out: Path, *extra: str) -> int:
    return main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out), *extra])




def test_an_unchanged_build_is_rebuilt_and_files_are_readable_by_a_web_server(out: Path) -> None:
    assert build(out) == 0
    manifest = out / "2016" / MANIFEST
    assert manifest.exists()
    for path in (out / "2016").rglob("*"):
        if path.is_file():
            assert path.stat().st_mode & 0o777 == 0o644


def test_an_edited_report_is_not_overwritten(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = out / "2016" / "report.docx"
    report.write_bytes(report.read_bytes() + b"editor")
    before = snapshot(out)
    assert build(out) == 3
    err = capsys.readouterr().err
    assert "report.docx" in err and "上書きしません" in err and "--force" in err and "--beside" in err
    assert snapshot(out) == before  # nothing at all was written


def test_force_keeps_a_dated_backup(out: Path) -> None:
    report = out / "2016" / "report.docx"
    edited = report.read_bytes() + b"editor"
    report.write_bytes(edited)
    assert build(out, "--force") == 0
    backups = list((out / "2016" / "backups").glob("report.edited-*.docx"))
    assert len(backups) == 1 and backups[0].read_bytes() == edited
    assert report.read_bytes() != edited
    assert build(out) == 0  # the new file is recorded; the backup is not an output


def test_beside_writes_the_new_file_next_to_the_edited_one(out: Path) -> None:
    report = out / "2016" / "report.docx"
    edited = report.read_bytes() + b"editor"
    report.write_bytes(edited)
    assert build(out, "--beside") == 0
    assert report.read_bytes() == edited
    assert (out / "2016" / "report.new.docx").exists()
    assert build(out) == 3  # the edited file stays protected


def test_a_file_without_a_manifest_entry_is_protected(out: Path) -> None:
    (out / "2016" / MANIFEST).unlink()
    assert build(out) == 3


def test_an_open_document_stops_the_build_even_with_force(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (out / "2016" / "~$port.docx").write_bytes(b"lock")
    assert build(out, "--force") == 3
    assert "~$port.docx" in capsys.readouterr().err


def test_a_failure_while_moving_files_into_place_leaves_the_previous_outputs(out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (out / "2016" / "report.txt").write_bytes(b"")  # so that report.txt is rewritten too
    from reportgen.guard import digest, manifest_bytes

    folder = out / "2016"
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST}
    (folder / MANIFEST).write_bytes(manifest_bytes(files))
    assert digest(b"") in (folder / MANIFEST).read_text(encoding="utf-8")
    before = snapshot(out)
    real_link = os.link
    calls = []

    def failing_link(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # one file already moved into place
            raise OSError(28, "No space left on device", str(dst))
        return real_link(src, dst)

    monkeypatch.setattr(output.os, "link", failing_link)
    assert build(out) == 3
    assert "出力ファイルを書けませんでした" in capsys.readouterr().err
    assert snapshot(out) == before
    assert not [p for p in out.rglob("*.tmp")]


def test_a_failure_while_staging_leaves_no_temporary_file(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.guard import manifest_bytes

    folder = out / "2016"
    for name in ("report.txt", "tables.xlsx", "csv/table1.csv"):  # three files to rewrite
        (folder / name).write_bytes(b"")
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST}
    (folder / MANIFEST).write_bytes(manifest_bytes(files))
    before = snapshot(out)
    real_fsync = os.fsync
    count = {"n": 0}

    def failing_fsync(fd: int) -> None:
        count["n"] += 1
        if count["n"] == 2:  # the second staged file: the first is already on disk
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", failing_fsync)
    assert build(out) == 3
    assert count["n"] >= 2  # (then the rollback syncs the folder)
    assert snapshot(out) == before


def test_an_internal_error_is_reported_without_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from reportgen import build as building

    def broken(*args, **kwargs):
        raise KeyError("unexpected")

    monkeypatch.setattr(building, "compose_edition", broken)  # the first step of build (it composes, then renders)
    monkeypatch.delenv("REPORTGEN_DEBUG", raising=False)
    assert build(tmp_path) == 70
    err = capsys.readouterr().err
    assert "内部エラー" in err and "Traceback" not in err and not any(tmp_path.rglob("*"))


def test_an_earlier_output_this_build_does_not_make_is_reported_as_stale(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reportgen.guard import digest, manifest_bytes

    folder = out / "2016"
    (folder / "report.pdf").write_bytes(b"%PDF old")
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST}
    (folder / MANIFEST).write_bytes(manifest_bytes(files))  # as if the last build had run with --pdf
    assert build(out) == 0
    err = capsys.readouterr().err
    assert "report.pdf" in err and "今回は作成していません" in err
    assert digest(b"%PDF old") in (folder / MANIFEST).read_text(encoding="utf-8")  # still recorded
    assert build(out) == 0  # and so not mistaken for an edited file


def test_a_damaged_manifest_cannot_point_outside_the_output_folder(out: Path, tmp_path: Path) -> None:
    import json

    secret = tmp_path.parent / "outside.txt"
    secret.write_text("not ours", encoding="utf-8")
    manifest = out / "2016" / MANIFEST
    body = json.loads(manifest.read_text(encoding="utf-8"))
    body["files"]["../../outside.txt"] = "0" * 64
    body["files"]["/etc/hostname"] = "0" * 64
    manifest.write_text(json.dumps(body), encoding="utf-8")
    assert build(out) == 0
    assert secret.read_text(encoding="utf-8") == "not ours"
    assert "outside" not in manifest.read_text(encoding="utf-8") and "/etc/" not in manifest.read_text(encoding="utf-8")
