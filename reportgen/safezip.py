"""Office files (.docx, .xlsx) are zip archives: check size, entries and names before opening.

A crafted archive can expand to gigabytes (a zip bomb) or hold thousands of entries; openpyxl and
python-docx would read it whole. Every Office file reportgen reads (the templates now, ward files
in .xlsx later) passes through :func:`check_archive` first; openpyxl itself parses through
defusedxml (``openpyxl.DEFUSEDXML``), which refuses entity expansion and external entities.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from typing import NoReturn

from reportgen.errors import Location, OutputError, Problem, ReportgenError

MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 2_000
MAX_RATIO = 200
"""Limits well above any real template or ward workbook (a few MB, a few hundred entries)."""

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an OLE compound file: a password-protected Office file, or a .doc/.xls."""


def part_location(name: str, part: str, column: str | None = None) -> Location:
    """Where a problem inside an Office file is: ``templates/report.docx（word/styles.xml）``."""
    return Location(f"{name}（{part}）", None, column)


def _bad_name(entry: str) -> bool:
    """True for an entry name that could point outside the package (``../x``, ``/x``, ``C:\\x``)."""
    parts = entry.replace("\\", "/").split("/")
    return entry.startswith(("/", "\\")) or ".." in parts or "\\" in entry or "\0" in entry or ":" in parts[0]


def check_archive(data: bytes, name: str, kind: type[ReportgenError] = OutputError) -> None:
    """Raise ``kind`` naming ``name`` unless ``data`` is a sound zip archive within the limits.

    Sound means: not empty, not an OLE file (what Office makes of a password-protected file),
    readable as zip, within the limits, no two entries of one name, no name leading outside the
    package, no encrypted entry, and every entry decompressing to its recorded checksum.
    """

    def fail(message: str, part: str | None = None) -> NoReturn:
        where = part_location(name, part) if part else Location(name)
        raise kind([Problem(where, message)])

    if not data:
        fail("空のファイルです（0 バイト）。正しいファイルに置き換えてください (empty file)")
    if data.startswith(OLE_SIGNATURE):
        fail(
            "パスワードで保護（暗号化）されたファイルか、古い形式（.doc/.xls）のファイルです。"
            "パスワードを外して .docx/.xlsx 形式で保存し直してください (encrypted or legacy Office file)"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_entries(entries, fail)
            for entry in entries:
                try:
                    with archive.open(entry) as stream:
                        while stream.read(1 << 20):
                            pass
                except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
                    fail(f"部品が壊れていて読めません（{type(exc).__name__}）。ファイルを作り直してください (corrupt entry)", entry.filename)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        fail("Office のファイル（zip 形式）として読めません。ファイルが壊れていないか確認してください")


def _check_entries(entries: list[zipfile.ZipInfo], fail: Callable[..., NoReturn]) -> None:
    """The limits, names and encryption of every entry (``fail(message, part)`` raises)."""
    if len(entries) > MAX_ENTRIES:
        fail(f"ファイル内の部品が多すぎます（{len(entries)}個、上限{MAX_ENTRIES}個）")
    expanded = sum(e.file_size for e in entries)
    if expanded > MAX_EXPANDED_BYTES:
        fail(f"展開後の大きさが大きすぎます（{expanded:,}バイト、上限{MAX_EXPANDED_BYTES:,}バイト）")
    seen: set[str] = set()
    for entry in entries:
        if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO:
            fail(f"圧縮率が異常です（{entry.filename}: {entry.file_size / entry.compress_size:.0f}倍）。zip 爆弾の可能性があります")
        if _bad_name(entry.filename):
            fail(f"部品の名前が不正です（ファイルの外を指す名前）: {entry.filename!r} (unsafe entry name)")
        folded = entry.filename.casefold()  # OPC part names compare without case (ECMA-376-2 §9.1.1.1)
        if folded in seen:
            fail("同じ名前の部品が2つあります。ファイルを開いて保存し直してください (duplicate entry)", entry.filename)
        seen.add(folded)
        if entry.flag_bits & 0x1:
            fail("暗号化された部品があります。パスワードを外して保存し直してください (encrypted entry)", entry.filename)
