"""The edition's publication date (公表日), which dates the documents so that builds repeat exactly."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportgen.errors import Location, Problems
from reportgen.load.paths import display_path
from reportgen.load.yamlfile import LineDict, load_yaml

KEYS = ("published",)
"""What edition.yaml may hold."""
LATEST = dt.date(2107, 12, 31)
"""The last date a zip entry (.docx, .xlsx) can hold."""


def _published(raw: LineDict, file: str, fiscal_year: int, problems: Problems) -> str:
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
        return ""
    if date is None:
        problems.error(where, f"公表日は YYYY-MM-DD の形で書いてください: {value!r}")
        return ""
    earliest = dt.date(fiscal_year + 1, 4, 1)
    if not earliest <= date <= LATEST:
        problems.error(
            where,
            f"公表日 {date.isoformat()} は{fiscal_year}年度版の公表日になりません"
            f"（{earliest.isoformat()}〜{LATEST.isoformat()} の日付を書いてください） (date out of range)",
        )
        return ""
    return date.isoformat()


def publication_date(data_dir: Path, fiscal_year: int, problems: Problems) -> str:
    """YYYY-MM-DD for the document properties and zip entries.

    In order: ``published`` in ``data/YEAR/edition.yaml``; the environment's SOURCE_DATE_EPOCH
    (reproducible-builds.org); else April 1 after the fiscal year, the first day its results exist.
    """
    path = data_dir / str(fiscal_year) / "edition.yaml"
    if path.exists():
        raw = load_yaml(path, problems, allow_empty=True)
        file = display_path(path)
        if raw is not None and not isinstance(raw, LineDict):
            problems.error(Location(file), "edition.yaml は「published: YYYY-MM-DD」のように「キー: 値」の形で書いてください")
            return ""
        if isinstance(raw, LineDict):
            for key in raw:
                if key not in KEYS:
                    problems.error(
                        Location(file, raw.line_of(key), str(key)),
                        f"想定していないキーです（使えるキー: {', '.join(KEYS)}） (unknown key)",
                    )
            if raw.get("published") is not None:
                return _published(raw, file, fiscal_year, problems)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
        except (ValueError, OverflowError):
            problems.error(Location("SOURCE_DATE_EPOCH"), f"環境変数 SOURCE_DATE_EPOCH は秒数で指定してください: {epoch!r}")
            return ""
    return dt.date(fiscal_year + 1, 4, 1).isoformat()
