"""No compiled code outlives a build: rule expressions and templates are compiled in memory, every time.

A cache of compiled code between builds ran that code without the sandbox's checks on what it was
compiled from, and a shared cache folder was a way around them; it is gone. These tests would find
it back: a build leaves nothing in HOME, the cache folders or the temporary folder, and Jinja2 has
no bytecode cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import DATA, ROOT

from reportgen.build import TEMPLATES
from reportgen.errors import Problems
from reportgen.narrative.engine import SentenceRules
from reportgen.rules.expr import ENVIRONMENT


def test_a_build_leaves_nothing_outside_its_output_folder(tmp_path: Path) -> None:
    places = {name: tmp_path / name for name in ("home", "cache", "config", "tmp")}
    for place in places.values():
        place.mkdir()
    env = {
        **os.environ, "HOME": str(places["home"]), "XDG_CACHE_HOME": str(places["cache"]), "XDG_CONFIG_HOME": str(places["config"]),
        "TMPDIR": str(places["tmp"]), "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PYTHONPYCACHEPREFIX", None)
    out = tmp_path / "out"
    for _ in range(2):  # the second build would be the one to read a cache
        run = subprocess.run([sys.executable, "-m", "reportgen", "build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out)],
                             cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr
        for name, place in places.items():
            assert list(place.rglob("*")) == [], name
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert all(p.startswith("2016/") for p in written), written
    assert not [p for p in written if p.endswith((".pyc", ".marshal", ".pickle", ".cache"))], written


def test_jinja2_keeps_no_bytecode_anywhere() -> None:
    rules = SentenceRules(TEMPLATES / "sentences", Problems())
    assert rules.env.bytecode_cache is None
    assert ENVIRONMENT.bytecode_cache is None
