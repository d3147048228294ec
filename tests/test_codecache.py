"""The compiled-code cache changes speed only: outputs and checks are the same warm, cold or damaged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import DATA, ROOT

from reportgen.errors import Location, Problems
from reportgen.rules import codecache
from reportgen.rules.expr import compile_expression


def build(out: Path, cache: str) -> dict[str, bytes]:
    env = {**os.environ, "REPORTGEN_CACHE_DIR": cache}
    command = [sys.executable, "-m", "reportgen", "build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out)]
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=ROOT)
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_cold_warm_damaged_and_no_cache_give_the_same_outputs(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = build(tmp_path / "cold", str(cache))
    files = list(cache.glob("compiled-*.marshal"))
    assert len(files) == 1 and files[0].stat().st_size > 0
    warm = build(tmp_path / "warm", str(cache))
    files[0].write_bytes(b"\x00not marshal")
    damaged = build(tmp_path / "damaged", str(cache))
    none = build(tmp_path / "none", "")
    assert cold == warm == damaged == none


def test_a_warm_cache_still_reports_unknown_names(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(codecache, "STORE", codecache.CodeStore(tmp_path))
    for _ in range(2):  # the second time the code and its names come from the cache
        problems = Problems()
        assert compile_expression("value + bonus", Location("data/rules.yaml", 3), ["value"], problems) is None
        assert "bonus" in str(problems.errors[0])
        problems = Problems()
        expression = compile_expression("value + 1", Location("data/rules.yaml", 3), ["value"], problems)
        assert expression is not None and expression({"value": 2}) == 3
