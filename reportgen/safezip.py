"""Office files (.docx, .xlsx) are zip archives: check size, entry count and ratio before opening.

A crafted archive can expand to gigabytes (a zip bomb) or hold thousands of entries; openpyxl and
python-docx would read it whole. Every Office file reportgen reads (the templates now, ward files
in .xlsx later) passes through :func:`check_archive` first; openpyxl itself parses through
defusedxml (``openpyxl.DEFUSEDXML``), which refuses entity expansion and external entities.
"""

from __future__ import annotations

import io
import zipfile

from reportgen.errors import Location, OutputError, Problem, ReportgenError

MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 2_000
MAX_RATIO = 200
"""Limits well above any real template or ward workbook (a few MB, a few hundred entries)."""


def check_archive(data: bytes, name: str, kind: type[ReportgenError] = OutputError) -> None:
    """Raise ``kind`` naming ``name`` unless ``data`` is a zip archive within the limits."""

    def fail(message: str) -> None:
        raise kind([Problem(Location(name), message)])

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        fail("Office のファイル（zip 形式）として読めません。ファイルが壊れていないか確認してください")
        return
    if len(entries) > MAX_ENTRIES:
        fail(f"ファイル内の部品が多すぎます（{len(entries)}個、上限{MAX_ENTRIES}個）")
    expanded = sum(e.file_size for e in entries)
    if expanded > MAX_EXPANDED_BYTES:
        fail(f"展開後の大きさが大きすぎます（{expanded:,}バイト、上限{MAX_EXPANDED_BYTES:,}バイト）")
    for entry in entries:
        if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO:
            fail(f"圧縮率が異常です（{entry.filename}: {entry.file_size / entry.compress_size:.0f}倍）。zip 爆弾の可能性があります")
