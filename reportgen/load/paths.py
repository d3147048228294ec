"""How input paths are named in messages: relative to the working folder when inside it."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path) -> str:
    """Return ``path`` as users typed it: relative to the current folder when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel.replace(os.sep, "/")
