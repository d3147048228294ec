"""Same bytes for the same input: rewrite an Office zip with fixed timestamps and permissions."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Mapping

EARLIEST = dt.date(1980, 1, 1)
"""The earliest date a zip entry can hold."""


def _date_time(day: dt.date) -> tuple[int, int, int, int, int, int]:
    """The zip entry time of ``day``: its midnight, or 1980-01-01 for a day a zip cannot hold."""
    day = max(day, EARLIEST)  # the whole date, not the year alone: 1969-12-31 is not 1980-12-31
    return (day.year, day.month, day.day, 0, 0, 0)


def normalise_zip(data: bytes, day: dt.date, rewrite: Mapping[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """The same archive with every entry dated ``day``, mode 0644, deflated, in order.

    ``rewrite`` changes the parts it names on the way (one pass: the writer's archive can then be
    stored uncompressed, and only this one is compressed).
    """
    stamp = _date_time(day)
    rewrite = rewrite or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            part = source.read(info.filename)
            if info.filename in rewrite:
                part = rewrite[info.filename](part)
            target.writestr(entry, part, compresslevel=6)
    return out.getvalue()
