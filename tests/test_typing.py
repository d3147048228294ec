"""mypy over reportgen/ with the settings of pyproject.toml ([tool.mypy], strict): no error at all.

Run by the README's test command (``python3 dev.py test``), so CI checks the types with the same
command people run, and ``.ci/run`` keeps one test command. mypy is one of the test tools in
requirements.lock: imported, not skipped when missing.
"""

from __future__ import annotations

import pytest
from conftest import ROOT
from mypy import api as mypy_api


def test_mypy_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # mypy names files relative to the working folder: reportgen/...
    out, err, status = mypy_api.run(["--config-file", "pyproject.toml", "reportgen"])
    assert status == 0, f"mypy (exit {status}):\n{err}{out}"
    assert "Success: no issues found" in out
