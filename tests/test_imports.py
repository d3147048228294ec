"""What a build imports: nothing it does not use (each import is paid at every start; nothing is timed here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import DATA, ROOT

CHILD = """
import json, runpy, sys
sys.argv = ["reportgen", *sys.argv[1:]]
try:
    runpy.run_module("reportgen", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def _modules(tmp_path: Path, *args: str) -> set[str]:
    run = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, cwd=ROOT, check=False)
    return set(json.loads(run.stdout.strip().splitlines()[-1]))


def test_a_build_imports_no_network_mail_or_pdf_modules(tmp_path: Path) -> None:
    modules = _modules(tmp_path, "build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(tmp_path / "out"))
    assert (tmp_path / "out" / "2016" / "report.docx").is_file() and "reportgen.render.charts" in modules
    # xml.sax.saxutils pulls in urllib.request, http.client, email and ssl: a fifth of a build's imports once
    assert not modules & {"xml.sax.saxutils", "urllib.request", "http.client", "email.message", "ssl"}
    assert "reportgen.render.pdf" not in modules  # only with --pdf


def test_help_imports_no_renderer_template_engine_or_office_library(tmp_path: Path) -> None:
    modules = _modules(tmp_path, "--help")
    assert "reportgen.cli" in modules
    assert not {m.split(".")[0] for m in modules} & {"jinja2", "openpyxl", "docx", "PIL", "yaml", "lxml"}
    assert not {m for m in modules if m.startswith("reportgen.render")}
