"""Make LibreOffice's PDF repeat: the same document gives the same bytes (dates, ids and uuids fixed).

LibreOffice stamps every export with the wall clock (/CreationDate, xmp:CreateDate …), a random
/ID and a fresh XMP uuid. Each is replaced by a value of the same length — the edition's date, and
digests of the document itself — so the cross-reference offsets stay valid and nothing else moves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

_PDF_DATE = re.compile(rb"D:\d{14}")
_XMP_DATE = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?")
_UUID = re.compile(rb"uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]{32})")


def _same_length(pattern: re.Pattern[bytes], data: bytes, make: object) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        new: bytes = make(match) if callable(make) else make  # type: ignore[assignment]
        assert len(new) == len(match.group(0)), (new, match.group(0))
        return new

    return pattern.sub(replace, data)


def stamp(pdf: bytes, moment: dt.datetime) -> bytes:
    """``pdf`` with every date set to ``moment`` (UTC) and its ids derived from its content."""
    moment = moment.astimezone(dt.UTC)
    data = _same_length(_PDF_DATE, pdf, b"D:" + moment.strftime("%Y%m%d%H%M%S").encode())

    def xmp_date(match: re.Match[bytes]) -> bytes:
        whole = match.group(0)
        fixed = moment.strftime("%Y-%m-%dT%H:%M:%S").encode()
        return fixed + (b"." + b"0" * (len(whole) - len(fixed) - 1) if len(whole) > len(fixed) else b"")

    data = _same_length(_XMP_DATE, data, xmp_date)
    zeroed = _ID.sub(lambda m: m.group(0).replace(m.group(1), b"0" * 32).replace(m.group(2), b"0" * 32), data)
    zeroed = _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), b"0" * 32), zeroed)
    zeroed = _UUID.sub(b"uuid:00000000-0000-0000-0000-000000000000", zeroed)
    digest = hashlib.md5(zeroed, usedforsecurity=False).hexdigest()
    counter = iter(range(1, 1_000_000))

    def uuid(match: re.Match[bytes]) -> bytes:
        h = hashlib.sha256(f"{digest}:{next(counter)}".encode()).hexdigest()
        return f"uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}".encode()

    data = _same_length(_UUID, data, uuid)
    data = _ID.sub(lambda m: m.group(0).replace(m.group(1), digest.upper().encode()).replace(m.group(2), digest.upper().encode()), data)
    return _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), digest.upper().encode()), data)
