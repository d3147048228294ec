"""Random edit sets and random data corrections: update loses no editor byte and brings every untouched part up to date."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest
from conftest import DATA
from editor import (
    HAS_OFFICE,
    Q,
    bold_first_run,
    delete_paragraph,
    marked,
    new_paragraph_after,
    open_doc,
    resave,
    save,
    set_text,
    text,
    text_without_fields,
)
from lxml import etree

from reportgen.cli import main
from reportgen.document.marks import BASE, PREFIX

SEEDS = range(int(os.environ.get("REPORTGEN_PROPERTY_SEEDS", "8")))
"""Eight cases keep the suite fast; the mutation runs of tools/mutants.py take fewer (REPORTGEN_PROPERTY_SEEDS=2)."""
ANCHORS = (f"{Q}commentRangeStart", f"{Q}commentRangeEnd")


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("property-first")
    assert main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out)]) == 0
    return out


def correct_data(data: Path, rng: random.Random) -> None:
    """1–3 survey results of FY2016 set to random percentages (some cross the threshold, some do not); the first
    always moves a judged ward (enough respondents, measured as defined) across it, so the case is never vacuous."""
    results = data / "2016" / "results.csv"
    lines = results.read_text(encoding="utf-8").splitlines()
    # percentages (a few indicators are scores up to 5: left alone)
    survey = [n for n, line in enumerate(lines) if n and "." in line.split(",")[2] and float(line.split(",")[2]) > 5]
    judged = [n for n in survey if lines[n].split(",")[3].isdigit() and int(lines[n].split(",")[3]) >= 400 and lines[n].endswith(",はい")]
    first = rng.choice(judged)
    for n in [first, *rng.sample([n for n in survey if n != first], rng.randint(0, 2))]:
        cells = lines[n].split(",")
        if n == first:  # every target is 50–80％: 1.0 is far below the threshold, 99.0 above it
            cells[2] = "1.0" if float(cells[2]) > 40 else "99.0"
        else:
            cells[2] = f"{rng.uniform(0, 100):.1f}"
        lines[n] = ",".join(cells)
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")


def tables(body: etree._Element) -> dict[str, etree._Element]:
    """Mark id → table, for the marked tables."""
    return {i: next(a for a in p.iterancestors() if a.tag == f"{Q}tbl")
            for i, p in marked(body).items() if any(a.tag == f"{Q}tbl" for a in p.iterancestors())}


def cell_texts(tbl: etree._Element) -> dict[tuple[int, int], str]:
    return {(r, k): "\n".join(text(p) for p in tc.findall(f"{Q}p"))
            for r, tr in enumerate(tbl.findall(f"{Q}tr")) for k, tc in enumerate(tr.findall(f"{Q}tc"))}


def random_edits(data: bytes, rng: random.Random) -> tuple[bytes, set[str]]:
    """Edit random paragraphs (generated or not) and table cells as an editor would; return the file and what was touched
    (mark ids, and ``id@row,order`` for cells)."""
    doc = open_doc(data)
    body = doc.element.body
    touched: set[str] = set()
    for ident, tbl in tables(body).items():
        for tr in rng.sample(tbl.findall(f"{Q}tr"), 2):
            tc = rng.choice(tr.findall(f"{Q}tc"))
            p = tc.find(f"{Q}p")
            if text(p):
                set_text(p, text(p) + "（編集）")
                touched.add(f"{ident}@{tbl.findall(f'{Q}tr').index(tr)},{tr.findall(f'{Q}tc').index(tc)}")
    paragraphs = [p for p in body.iter(f"{Q}p") if text(p) and not any(a.tag == f"{Q}tbl" for a in p.iterancestors())]
    ids = {id(p): ident for ident, p in marked(body).items()}
    for p in rng.sample(paragraphs, 12):
        action = rng.choice(("insert", "reword", "bold", "delete"))
        if action == "insert":
            new_paragraph_after(p, f"編集者の段落 {rng.randint(0, 999)}")
            continue
        if id(p) in ids:
            touched.add(ids[id(p)])
        if action == "reword":
            set_text(p, text(p)[: rng.randint(1, 20)] + "（編集）")
        elif action == "bold":
            bold_first_run(p)
        else:
            delete_paragraph(p)
    return save(doc), touched


def without_comment_anchors(element: etree._Element) -> bytes:
    clone = etree.fromstring(etree.tostring(element))
    for anchor in [*clone.iter(*ANCHORS), *(r for r in clone.iter(f"{Q}r") if r.find(f"{Q}commentReference") is not None)]:
        anchor.getparent().remove(anchor)
    return etree.tostring(clone, method="c14n")


def has_mark(element: etree._Element) -> bool:
    return any(b.get(f"{Q}name", "").startswith(PREFIX) for b in element.iter(f"{Q}bookmarkStart"))


@pytest.mark.parametrize("seed", SEEDS)
def test_random_edits_and_corrections(seed: int, first: Path, tmp_path: Path) -> None:
    rng = random.Random(seed)
    out, data = tmp_path / "out", tmp_path / "data"
    shutil.copytree(first, out)
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("reconstruction"))
    folder = out / "2016"
    base = {p["id"]: p for p in json.loads((folder / BASE).read_text(encoding="utf-8"))["parts"]}
    edited, touched = random_edits((folder / "report.docx").read_bytes(), rng)
    if seed == 0 and (HAS_OFFICE or os.environ.get("REPORTGEN_REQUIRE_PDF") == "1"):
        edited = resave(edited)  # one case through LibreOffice (the rest stay fast)
    (folder / "report.docx").write_bytes(edited)
    correct_data(data, random.Random(f"correction {seed}"))  # its own draws: the corrections do not depend on how many paragraphs the edits chose from
    assert main(["update", "--fiscal-year", "2016", "--data", str(data), "--output", str(out)]) == 0
    updated = (folder / "report.docx").read_bytes()
    fresh_out = tmp_path / "fresh"
    assert main(["build", "--fiscal-year", "2016", "--data", str(data), "--output", str(fresh_out)]) == 0
    fresh = {i: text_without_fields(p) for i, p in marked(open_doc((fresh_out / "2016" / "report.docx").read_bytes()).element.body).items()}

    before = open_doc(edited).element.body
    after = open_doc(updated).element.body
    # no editor byte outside a regenerated part is lost: every unmarked block, in order
    kept = [without_comment_anchors(e) for e in after if not has_mark(e)]
    position = 0
    for element in before:
        if has_mark(element):
            continue
        found = without_comment_anchors(element)
        assert found in kept[position:], text(element) if element.tag == f"{Q}p" else element.tag
        position = kept.index(found, position) + 1
    # the editor's changed paragraphs keep their text; untouched generated ones equal a fresh build
    now = marked(after)
    old = marked(before)
    for ident, p in old.items():
        if ident in touched:
            assert text(now[ident]) == text(p)
        elif "text" in base.get(ident, {}) and ident in fresh:
            assert text_without_fields(now[ident]) == fresh[ident], base[ident]["place"]
    fresh_tables = {i: cell_texts(t) for i, t in tables(open_doc((fresh_out / "2016" / "report.docx").read_bytes()).element.body).items()}
    for ident, tbl in tables(after).items():
        mine, edited_cells = cell_texts(tbl), cell_texts(tables(before)[ident])
        assert mine.keys() == fresh_tables[ident].keys()
        for (r, k), value in mine.items():
            if f"{ident}@{r},{k}" in touched:
                assert value == edited_cells[(r, k)]
            else:
                assert value == fresh_tables[ident][(r, k)], (ident, r, k)
    for ident in {t for t in touched if "@" not in t} - set(old):  # deleted by the editor: still deleted
        assert ident not in now
    # the case is not vacuous: the correction rewrote generated sentences that update had to bring in
    changed = [i for i in fresh if "text" in base.get(i, {}) and base[i]["text"] != fresh[i]]
    print(f"seed {seed}: {len(changed)} sentences changed by the data, {len(touched)} generated parts and cells edited")
    assert changed
