"""Random plans, random chart edits, random data corrections: update redraws exactly the charts it may, keeps the rest.

For every chart of a random plan (tests/scenario.py) the editor does one of: nothing, resize, delete,
replace the picture; a correction then changes random results of the year. After ``update``: an
untouched or resized chart's picture is byte for byte a fresh build's (a resized one at the editor's
width); a deleted one is still absent; a replaced one is the editor's picture, with a comment exactly
when its data changed; the package is sound; a second update changes nothing.
"""

from __future__ import annotations

import io
import random

import pytest
from editor import comments_of, marked, open_doc, save
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scenario import random_plans
from test_living_charts import WP, A, R, assert_sound, charts, png

from reportgen.build import build
from reportgen.cli import main
from reportgen.render.charts_png import find_font

pytestmark = pytest.mark.skipif(find_font() is None, reason="no Japanese font: the charts are stated in words, not drawn")
ACTIONS = ("none", "none", "resize", "delete", "replace")


def correct(data: object, year: int, rng: random.Random) -> bool:
    """Change 1–4 percentages of ``year`` by 1–23 points, as a ward's correction would; False when the year has none."""
    results = data / str(year) / "results.csv"  # type: ignore[operator]
    lines = results.read_text(encoding="utf-8").splitlines()
    percentages = [n for n, line in enumerate(lines) if n and line.split(",")[2].isdigit() and int(line.split(",")[2]) > 5
                   and line.split(",")[3]]  # surveys (with respondents): 0–100
    if not percentages:
        return False
    for n in rng.sample(percentages, min(len(percentages), rng.randint(1, 4))):
        cells = lines[n].split(",")
        value, step = int(cells[2]), rng.choice([1, 7, 23])
        cells[2] = str(value + step if value + step <= 100 else value - step)
        lines[n] = ",".join(cells)
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return True


def edit_charts(data: bytes, rng: random.Random) -> tuple[bytes, dict[str, tuple[str, bytes | None]]]:
    """Each chart edited as ``ACTIONS`` draws; chart id → (action, the editor's picture when replaced)."""
    doc = open_doc(data)
    found = marked(doc.element.body)
    done: dict[str, tuple[str, bytes | None]] = {}
    for ident in charts(data):
        action = rng.choice(ACTIONS)
        p = found[ident]
        mine = None
        if action == "resize":
            inline = next(p.iter(f"{{{WP}}}inline"))
            for ext in (inline.find(f"{{{WP}}}extent"), *inline.iter(f"{{{A}}}ext")):
                ext.set("cx", str(int(ext.get("cx")) * 3 // 4))
                ext.set("cy", str(int(ext.get("cy")) * 3 // 4))
        elif action == "delete":
            for q in (p, found[ident + "_cap"]):
                q.getparent().remove(q)
        elif action == "replace":
            mine = png(rng.choice(["red", "green", "blue", "black"])) + bytes([rng.randint(0, 255)])  # one image each
            rid, _ = doc.part.get_or_add_image(io.BytesIO(mine))
            next(p.iter(f"{{{A}}}blip")).set(f"{{{R}}}embed", rid)
        done[ident] = (action, mine)
    return save(doc), done


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=random_plans(max_wards=8), seed=st.integers(0, 2**16))
def test_random_chart_edits_and_corrections(plan: object, seed: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    rng = random.Random(seed)
    root = tmp_path_factory.mktemp("charts")
    data = plan.write(root)  # type: ignore[attr-defined]
    year = plan.year  # type: ignore[attr-defined]
    build(data, root / "out", year)
    folder = root / "out" / str(year)
    first = charts((folder / "report.docx").read_bytes())
    edited, done = edit_charts((folder / "report.docx").read_bytes(), rng)
    (folder / "report.docx").write_bytes(edited)
    assume(correct(data, year, rng))
    args = ["--fiscal-year", str(year), "--data", str(data), "--output", str(root / "out")]
    assert main(["update", *args]) == 0
    updated = (folder / "report.docx").read_bytes()
    assert_sound(updated)
    build(data, root / "fresh", year)
    fresh = charts((root / "fresh" / str(year) / "report.docx").read_bytes())
    after = charts(updated)
    comments = comments_of(updated)
    for ident, (action, mine) in done.items():
        if action == "delete":
            assert ident not in after
        elif action == "replace":
            assert after[ident]["bytes"] == mine
            conflict = fresh[ident]["bytes"] != first[ident]["bytes"]
            assert any(fresh[ident]["descr"] in c for c in comments) == conflict
        else:
            assert after[ident]["bytes"] == fresh[ident]["bytes"]
            assert after[ident]["descr"] == fresh[ident]["descr"]
            if action == "resize" and fresh[ident]["bytes"] == first[ident]["bytes"]:  # not redrawn: as the editor left it
                assert after[ident]["size"] == (first[ident]["size"][0] * 3 // 4, first[ident]["size"][1] * 3 // 4)
            elif action == "resize":  # redrawn: the editor's width, the new picture's proportions
                width = first[ident]["size"][0] * 3 // 4
                assert after[ident]["size"] == (width, round(width * fresh[ident]["size"][1] / fresh[ident]["size"][0]))
            else:  # not resized: as a fresh build
                assert after[ident]["size"] == fresh[ident]["size"]
    assert main(["update", *args]) == 0
    assert (folder / "report.docx").read_bytes() == updated
