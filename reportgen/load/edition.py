"""The edition's publication date (公表日), which dates the documents so that builds repeat exactly."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportgen.errors import Location, Problems
from reportgen.load.paths import display_path
from reportgen.load.yamlfile import LineDict, load_yaml


def publication_date(data_dir: Path, fiscal_year: int, problems: Problems) -> str:
    """YYYY-MM-DD for the document properties and zip entries.

    In order: ``published`` in ``data/YEAR/edition.yaml``; the environment's SOURCE_DATE_EPOCH
    (reproducible-builds.org); else April 1 after the fiscal year, the first day its results exist.
    """
    path = data_dir / str(fiscal_year) / "edition.yaml"
    if path.exists():
        raw = load_yaml(path, problems)
        if isinstance(raw, LineDict) and raw.get("published") is not None:
            value = raw["published"]
            where = Location(display_path(path), raw.line_of("published"), "published")
            try:
                date = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
            except ValueError:
                problems.error(where, f"公表日は YYYY-MM-DD の形で書いてください: {value!r}")
                return ""
            return date.isoformat()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
        except (ValueError, OverflowError):
            problems.error(Location("SOURCE_DATE_EPOCH"), f"環境変数 SOURCE_DATE_EPOCH は秒数で指定してください: {epoch!r}")
            return ""
    return dt.date(fiscal_year + 1, 4, 1).isoformat()
