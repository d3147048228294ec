"""Same bytes for the same input: rewrite an Office zip with fixed timestamps and permissions."""

from __future__ import annotations

import io
import zipfile

EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest date a zip entry can hold, used when a document has no date."""


def _date_time(date: str) -> tuple[int, int, int, int, int, int]:
    if not date:
        return EPOCH
    year, month, day = (int(part) for part in date.split("-"))
    if year < EPOCH[0]:  # the whole date, not the year alone: 1969-12-31 is not 1980-12-31
        return EPOCH
    return (year, month, day, 0, 0, 0)


def normalise_zip(data: bytes, date: str = "") -> bytes:
    """The same archive with every entry dated ``date`` (YYYY-MM-DD), mode 0644, deflated, in order."""
    stamp = _date_time(date)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            target.writestr(entry, source.read(info.filename), compresslevel=6)
    return out.getvalue()
