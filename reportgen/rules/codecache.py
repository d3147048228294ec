"""Compiled Jinja2 code and template analyses kept between builds, as Jinja2's bytecode cache does.

Compiling the ~80 rule expressions and sentence templates is most of a build's own time. Their
compiled code (and the names each one uses) is stored by the SHA-256 of its source in one file
under the user's cache folder, keyed also by the Jinja2 and Python versions. The outputs never
depend on it: a missing, stale or damaged cache only means compiling again.

Folder: ``REPORTGEN_CACHE_DIR`` (empty: no cache), else ``%LOCALAPPDATA%\\reportgen`` on Windows,
``$XDG_CACHE_HOME/reportgen`` or ``~/.cache/reportgen`` elsewhere.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache


def cache_folder() -> Path | None:
    """Where the cache lives, or None when it is switched off."""
    configured = os.environ.get("REPORTGEN_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "reportgen"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportgen"


def key(*parts: str) -> str:
    """A cache key for ``parts`` (kind, source, scope …)."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class CodeStore:
    """One marshal file of key → value (code objects, tuples of names); saved when changed."""

    def __init__(self, folder: Path | None) -> None:
        tag = f"{jinja2.__version__}-{sys.implementation.cache_tag}"
        self.file = folder / f"compiled-{tag}.marshal" if folder else None
        self.values: dict[str, Any] = {}
        self.touched: set[str] = set()  # only what this run used is written back, so the file stays small
        self.dirty = False
        if self.file is not None:
            with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
                loaded = marshal.loads(self.file.read_bytes())
                if isinstance(loaded, dict):
                    self.values = loaded

    def get(self, name: str) -> Any:
        value = self.values.get(name)
        if value is not None:
            self.touched.add(name)
        return value

    def put(self, name: str, value: Any) -> None:
        if self.file is not None:
            self.values[name] = value
            self.touched.add(name)
            self.dirty = True

    def save(self) -> None:
        """Write the file atomically; any failure just leaves the cache as it was."""
        if self.file is None or not self.dirty:
            return
        kept = {name: self.values[name] for name in sorted(self.touched)}
        with contextlib.suppress(OSError, ValueError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=".compiled-", dir=self.file.parent)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(marshal.dumps(kept))
                os.replace(temp, self.file)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp)
            self.dirty = False


STORE = CodeStore(cache_folder())
atexit.register(STORE.save)


class TemplateCodeCache(BytecodeCache):
    """Jinja2's bytecode cache interface over :data:`STORE` (templates loaded by name)."""

    def load_bytecode(self, bucket: Bucket) -> None:
        code = STORE.get(key("template", bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            STORE.put(key("template", bucket.key, bucket.checksum), bucket.code)
