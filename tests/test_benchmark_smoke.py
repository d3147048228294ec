"""The benchmark keeps working (its figures are not checked here: nothing is timed in the tests)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_benchmark_smoke_run() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    assert "ratio build / floor" in run.stdout and "per 1000 ward-indicators" in run.stdout
