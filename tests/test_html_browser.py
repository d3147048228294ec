"""The web edition in a real browser: axe-core (npm) in Debian's headless Chromium, WCAG 2.1 AA, and a screenshot.

Skips where Chromium or axe-core is missing, unless REPORTGEN_REQUIRE_BROWSER=1 (set in .ci/run): then it
must run. axe runs inside a copy of the page (its script appended), writes its violations into the
page, and Chromium's --dump-dom returns them; nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import lxml.html
import pytest
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REQUIRED = os.environ.get("REPORTGEN_REQUIRE_BROWSER") == "1"
pytestmark = pytest.mark.skipif((CHROMIUM is None or not AXE.is_file()) and not REQUIRED,
                                reason="Chromium or axe-core not installed (CI sets REPORTGEN_REQUIRE_BROWSER=1)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
RUNNER = """<script>
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
  .then(function (r) { var p = document.createElement('pre'); p.id = 'axe-result';
    p.textContent = JSON.stringify(r.violations.map(function (v) { return {id: v.id, nodes: v.nodes.map(function (n) { return n.target.join(' '); }).slice(0, 5)}; }));
    document.body.appendChild(p); });
</script>"""


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None, "Chromium is required here (REPORTGEN_REQUIRE_BROWSER=1)"
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=180, check=False)


def violations(page: Path) -> list[dict[str, object]]:
    """axe-core's WCAG 2.1 A/AA violations on ``page`` (a copy with axe appended, next to the original)."""
    assert AXE.is_file(), "axe-core is required here: npm ci"
    raw = page.read_text(encoding="utf-8")
    probe = page.with_name(f".axe-{page.name}")
    probe.write_text(raw.replace("</body>", f"<script>{AXE.read_text(encoding='utf-8')}</script>{RUNNER}</body>"), encoding="utf-8")
    try:
        done = chromium("--virtual-time-budget=60000", "--dump-dom", probe.as_uri())
    finally:
        probe.unlink()
    found = lxml.html.fromstring(done.stdout).xpath("//pre[@id='axe-result']")
    assert found, done.stderr[-2000:]
    return list(json.loads(found[0].text_content()))


@pytest.mark.parametrize("name", ["index.html", "wards/27127.html"])
def test_axe_finds_no_wcag21_aa_violation(built: dict[int, Path], name: str) -> None:
    assert violations(built[2016] / "html" / name) == []


def test_screenshots_of_the_index_and_a_ward_page(built: dict[int, Path], tmp_path: Path) -> None:
    for name in ("index.html", "wards/27127.html"):
        shot = tmp_path / (Path(name).stem + ".png")
        chromium("--window-size=1100,2400", f"--screenshot={shot}", (built[2016] / "html" / name).as_uri())
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
        keep = os.environ.get("REPORTGEN_SCREENSHOTS")  # a folder to keep them in, to look at
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, Path(keep) / shot.name)
