"""The edition's publication date (公表日), which dates the documents so that builds repeat exactly, and its contact.

Only a ``published`` date in ``data/YEAR/edition.yaml`` is a publication date. Without one the
documents are still dated (SOURCE_DATE_EPOCH, else April 1 after the fiscal year) so that the
same input gives the same bytes, but that stand-in is never stated as 公表日. The result is the
document model's typed :class:`~reportgen.document.nodes.EditionDate`, read here once: no
renderer parses a date.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from reportgen.document.nodes import EditionDate
from reportgen.errors import Location, Problems, display_path
from reportgen.load.quote import quote
from reportgen.load.text import describe_unusable, unusable_characters
from reportgen.load.yamlfile import LineDict, check_keys, load_yaml

KEYS = ("published", "contact")
"""What edition.yaml may hold."""
MAX_CONTACT = 500
"""The longest contact (問い合わせ先) edition.yaml may state, in characters."""


@dataclass(frozen=True, slots=True)
class EditionInfo:
    """What edition.yaml says of the edition: the day that dates it, and whom to ask (empty when unsaid)."""

    date: EditionDate
    contact: str = ""


def _contact(raw: LineDict, file: str, problems: Problems) -> str | None:
    """The ``contact`` value (問い合わせ先: a department, a telephone number, an address; lines allowed), or None."""
    value = raw.get("contact")
    if value is None:
        return ""
    where = Location(file, raw.line_of("contact"), "contact")
    if not isinstance(value, str) or not value.strip():
        problems.error(where, f"問い合わせ先（contact）は文字で書いてください: {quote(value)}")
        return None
    found = unusable_characters(value, single_line=False)
    if found:
        problems.error(where, describe_unusable(found))
        return None
    if len(value) > MAX_CONTACT:
        problems.error(where, f"問い合わせ先（contact）が長すぎます（{len(value)}文字、上限{MAX_CONTACT}文字）")
        return None
    return value.strip()
LATEST = dt.date(2107, 12, 31)
"""The last date a zip entry (.docx, .xlsx) can hold."""


def _published(raw: LineDict, file: str, fiscal_year: int, problems: Problems) -> dt.date | None:
    """The ``published`` value as a date, or None after recording why it is not one."""
    value = raw["published"]
    where = Location(file, raw.line_of("published"), "published")
    date = None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        date = value
    elif isinstance(value, str | int) and not isinstance(value, bool):
        try:
            date = dt.date.fromisoformat(str(value))
        except ValueError:
            date = None
    if isinstance(value, dt.datetime):
        problems.error(where, f"公表日は時刻を付けずに YYYY-MM-DD の形で書いてください: '{value.isoformat(sep=' ')}'")
        return None
    if date is None:
        problems.error(where, f"公表日は YYYY-MM-DD の形で書いてください: {quote(value)}")
        return None
    earliest = dt.date(fiscal_year + 1, 4, 1)
    if not earliest <= date <= LATEST:
        problems.error(
            where,
            f"公表日 {date.isoformat()} は{fiscal_year}年度版の公表日になりません"
            f"（{earliest.isoformat()}〜{LATEST.isoformat()} の日付を書いてください） (date out of range)",
        )
        return None
    return date


def publication_date(data_dir: Path, fiscal_year: int, problems: Problems) -> EditionDate | None:
    """The day that dates the edition's documents, or None when ``problems`` has recorded why not.

    In order: ``published`` in ``data/YEAR/edition.yaml`` (the only one marked ``published``);
    the environment's SOURCE_DATE_EPOCH (reproducible-builds.org); else April 1 after the fiscal
    year, the first day its results exist.
    """
    info = read_edition(data_dir, fiscal_year, problems)
    return None if info is None else info.date


def read_edition(data_dir: Path, fiscal_year: int, problems: Problems) -> EditionInfo | None:
    """``data/YEAR/edition.yaml`` read once: the edition's date (see :func:`publication_date`) and contact."""
    path = data_dir / str(fiscal_year) / "edition.yaml"
    contact: str | None = ""
    if path.exists():
        raw = load_yaml(path, problems, allow_empty=True, inside=data_dir)
        file = display_path(path)
        if raw is not None and not isinstance(raw, LineDict):
            problems.error(Location(file), "edition.yaml は「published: YYYY-MM-DD」のように「キー: 値」の形で書いてください")
            return None
        if isinstance(raw, LineDict):
            check_keys(file, raw, KEYS, "", problems)  # edition.yaml names its keys bare, as before
            contact = _contact(raw, file, problems)
            if raw.get("published") is not None:
                day = _published(raw, file, fiscal_year, problems)
                return None if day is None or contact is None else EditionInfo(EditionDate(day, published=True), contact)
    if contact is None:
        return None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        date = _from_epoch(epoch, problems)
        return None if date is None else EditionInfo(date, contact)
    return EditionInfo(EditionDate(dt.date(fiscal_year + 1, 4, 1)), contact)


ZIP_EARLIEST = dt.date(1980, 1, 1)
"""The first date a zip entry can hold."""


def _from_epoch(epoch: str, problems: Problems) -> EditionDate | None:
    """SOURCE_DATE_EPOCH as a date, as reproducible-builds.org specifies it.

    The value must be ASCII decimal digits as ``date +%s`` prints them (Python's int() would also
    take ``+5``, `` 5``, ``1_0`` and Arabic-Indic digits); a malformed value is an error, as the
    specification asks. A moment before 1980 is clamped to 1980-01-01, as its page on zip files
    recommends (``max(315532800, …)``); one after 2107 cannot be held by a zip entry and is an error.
    """
    where = Location("SOURCE_DATE_EPOCH")
    shown = repr(epoch if len(epoch) <= 40 else epoch[:40] + "…")
    if not re.fullmatch(r"-?[0-9]{1,30}", epoch):
        problems.error(where, f"環境変数 SOURCE_DATE_EPOCH は 1970-01-01 からの秒数を整数で指定してください（例: 1491004800）: {shown} (not an integer)")
        return None
    seconds = int(epoch)
    earliest = int(dt.datetime.combine(ZIP_EARLIEST, dt.time(), dt.UTC).timestamp())
    latest = int(dt.datetime.combine(LATEST, dt.time.max, dt.UTC).timestamp())
    if seconds > latest:
        problems.error(
            where,
            f"環境変数 SOURCE_DATE_EPOCH が {LATEST.isoformat()} より後を指しています。文書（.docx・.xlsx）はその日付を持てません"
            f"（{latest} 以下を指定してください）: {shown} (after {LATEST.isoformat()})",
        )
        return None
    return EditionDate(dt.datetime.fromtimestamp(max(seconds, earliest), dt.UTC).date())
