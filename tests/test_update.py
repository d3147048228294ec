"""reportgen update: an editor's report.docx takes a data correction three ways, and keeps everything of the editor's."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from editor import (
    Q,
    body_of,
    bold_first_run,
    build,
    cell_address,
    cell_at,
    comments_of,
    cross_threshold,
    delete_paragraph,
    find,
    marked,
    needs_office,
    new_paragraph_after,
    open_doc,
    parts,
    resave,
    run,
    save,
    set_text,
    table_after,
    text,
    update,
)
from lxml import etree

from reportgen.guard import MANIFEST, digest

INTRO = "このたび、"  # generated; its data does not change
IMPLEMENTATION = "・「区運営方針」に記載した346件"  # generated; its data does not change
SUMMARY = "・平成28年度は、中間支援組織"  # generated; 8区 becomes 9区
PROGRESS = "・成果指標15項目316件"  # generated; 72件 becomes 73件
COMPARISON = "・前年度との比較（※5）"  # generated; 5件減少 becomes 4件減少
LEADER = "・特に、平野区をはじめ8区"  # generated; becomes 北区をはじめ9区
PROSE = "市政改革プランのアクションプラン編"  # editors' prose
PROSE_DELETED = "・そこで明らかとなった課題"
PROSE_COMMENTED = "・平成24年度以降進めてきた"
CHANGES, CONFLICT, CONFIRMED = (4, 5), (27, 3), (2, 4)
"""表2 cells by (row, order in the row): 8 becomes 9; 72 becomes 73 (edited: a conflict); a heading (edited, unchanged data)."""


def edit(data: bytes) -> bytes:
    """The editor's week: every kind of edit the issue names."""
    doc = open_doc(data)
    body = doc.element.body
    new_paragraph_after(find(body, INTRO), "編集者が加えた段落です。")
    set_text(find(body, PROSE), "編集者が書き直した前文です。")
    bold_first_run(find(body, INTRO))
    bold_first_run(find(body, PROGRESS))
    set_text(find(body, IMPLEMENTATION), "・「区運営方針」に記載した346件の取組を、各区で点検しました。")
    set_text(find(body, SUMMARY), "・平成28年度は、8区で目標値を達成しました（編集者の言い換え）。")
    for start in (COMPARISON, PROSE_DELETED):
        delete_paragraph(find(body, start))
    commented = docx.text.paragraph.Paragraph(find(body, PROSE_COMMENTED), doc._body)
    doc.add_comment(commented.runs[0], text="編集者のコメント", author="編集者")
    grid = docx.table.Table(table_after(body, "＜表2"), doc._body)
    assert [grid.cell(*c).text.replace("\n", "") for c in ((4, 5), (27, 5), (2, 5))] == ["8", "72", "うち平成29年度までの目標値を達成"]
    assert [cell_address(grid.cell(*c)._tc) for c in ((4, 5), (27, 5), (2, 5))] == [CHANGES, CONFLICT, CONFIRMED]
    set_text(grid.cell(27, 5).paragraphs[0]._p, "72（編集）")  # its data changes: a conflict
    set_text(grid.cell(2, 5).paragraphs[0]._p, grid.cell(2, 5).text.replace("\n", "") + "（確認済）")  # its data does not change
    return save(doc)


@pytest.fixture(scope="module")
def fresh_after(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Mark id → text of a fresh build of the corrected data."""
    import shutil

    from conftest import DATA

    data = tmp_path_factory.mktemp("fresh") / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("reconstruction"))
    cross_threshold(data)
    folder = build(data, data.parent / "out")
    return {ident: text(p) for ident, p in marked(body_of((folder / "report.docx").read_bytes())).items()}


def scenario(data_copy: Path, tmp_path: Path, through_office: bool) -> tuple[bytes, bytes, Path]:
    out = tmp_path / "out"
    folder = build(data_copy, out)
    edited = edit((folder / "report.docx").read_bytes())
    if through_office:
        edited = resave(edited)
    (folder / "report.docx").write_bytes(edited)
    cross_threshold(data_copy)
    assert update(data_copy, out) == 0
    return edited, (folder / "report.docx").read_bytes(), folder


@pytest.mark.parametrize("through_office", [False, pytest.param(True, marks=needs_office)])
def test_update_keeps_the_editors_work_and_takes_the_new_data(data_copy: Path, tmp_path: Path, through_office: bool,
                                                              fresh_after: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    edited, updated, folder = scenario(data_copy, tmp_path, through_office)
    captured = capsys.readouterr()
    body, before = body_of(updated), body_of(edited)
    texts = [text(p) for p in body.iter(f"{Q}p")]
    # untouched generated parts take the new text and figures
    assert any(t.startswith("・特に、北区をはじめ9区") for t in texts)
    assert not any(t.startswith(LEADER) for t in texts)
    marks = marked(body)
    assert text(marks[next(i for i, t in fresh_after.items() if t.startswith("・特に、北区"))]) == next(
        t for t in fresh_after.values() if t.startswith("・特に、北区"))
    # the editor's own work: inserted paragraph, reworded prose, a generated sentence reworded with no data change
    for kept in ("編集者が加えた段落です。", "編集者が書き直した前文です。", "・「区運営方針」に記載した346件の取組を、各区で点検しました。"):
        assert texts.count(kept) == 1, kept
    # deleted stays deleted (a generated sentence whose data changed, and a prose paragraph)
    assert not any(t.startswith((COMPARISON, PROSE_DELETED)) for t in texts)
    # bold kept where the data did not change; the paragraph is as the editor left it
    intro = find(body, INTRO)
    assert any(r.find(f"{Q}rPr/{Q}b") is not None for r in intro.iter(f"{Q}r"))
    assert text(intro) == text(find(before, INTRO))
    # conflicts: the editor's text stays, a comment carries the new text, a 警告 names the place
    assert any(t.startswith("・平成28年度は、8区で目標値を達成しました") for t in texts)
    comments = comments_of(updated)
    assert any("編集者のコメント" in c for c in comments)
    assert any("9区（平成27年度は13区）" in c for c in comments)  # the new summary sentence
    assert any("73件（約2割）" in c for c in comments)  # the bolded progress paragraph: formatting counts as an edit
    assert any(c.endswith("\n73") for c in comments)  # 表2's edited cell
    assert "警告:" in captured.err and "Ⅰ．全体の総括 ＞ 1「大きな公共を担う活力ある地域社会づくり」に向けて" in captured.err
    assert "＜表2：成果目標値達成に向けた進捗状況＞" in captured.err
    summary = captured.out.strip().splitlines()[-1]
    # 更新: 「特に、…」, five 表2 cells and 1.1.a's chart redrawn; kept: the bolded introduction, the reworded 346件
    # sentence, the confirmed heading cell
    assert summary.startswith("更新 7・編集を残した 3・要確認 3 "), summary
    deleted = next(line for line in captured.out.splitlines() if "削除された文は削除したままにしました" in line)
    assert deleted.startswith("情報: ") and "2016/report.docx Ⅱ．" in deleted
    sentence = deleted.split("削除したままにしました: ")[1]
    assert sentence.startswith(COMPARISON) and sentence.endswith("…") and len(sentence) == 60  # cut to one line
    # table cells: an untouched one takes the new figure, an edited one whose data is unchanged keeps its text
    table2 = table_after(body, "＜表2")
    assert [text(cell_at(table2, c)) for c in (CHANGES, CONFLICT, CONFIRMED)] == ["9", "72（編集）", "うち平成29年度までの目標値を達成（確認済）"]
    # the edited file is kept as a backup; the manifest records the updated file as holding edits
    backups = list((folder / "backups").glob("report.edited-*.docx"))
    assert [b.read_bytes() for b in backups] == [edited]
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["files"]["report.docx"] == digest(updated) and manifest["edited"] == ["report.docx"]
    # every other part of the package is the editor's, byte for byte; the one redrawn chart (1.1.a's) is a new
    # picture part in place of its old one, related from the document (and the old one's content type gone with it,
    # where LibreOffice named each picture's type apart)
    changed = {"word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
    assert through_office or parts(edited)["[Content_Types].xml"] == parts(updated)["[Content_Types].xml"]
    gone, added = parts(edited).keys() - parts(updated).keys(), parts(updated).keys() - parts(edited).keys()
    assert len(gone) == 1 and gone.pop().startswith("word/media/")
    assert len(added) == 1 and added.pop().startswith("word/media/reportgen-")
    assert {k: v for k, v in parts(edited).items() if k not in changed and k in parts(updated)} == {
        k: v for k, v in parts(updated).items() if k not in changed and k in parts(edited)}
    # report.txt and the CSVs are rebuilt from the corrected data
    assert "北区をはじめ9区" in (folder / "report.txt").read_text(encoding="utf-8")


def test_a_second_update_with_the_same_data_changes_nothing_and_adds_no_comment(data_copy: Path, tmp_path: Path) -> None:
    _, updated, folder = scenario(data_copy, tmp_path, through_office=False)
    assert update(data_copy, tmp_path / "out") == 0
    assert (folder / "report.docx").read_bytes() == updated
    assert len(comments_of(updated)) == 4


def test_build_refuses_an_updated_report_and_names_update(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, updated, folder = scenario(data_copy, tmp_path, through_office=False)
    capsys.readouterr()
    assert run("build", "--fiscal-year", "2016", "--data", str(data_copy), "--output", str(tmp_path / "out")) == 3
    err = capsys.readouterr().err
    assert "reportgen update --fiscal-year 2016" in err and "編集" in err
    assert (folder / "report.docx").read_bytes() == updated


def test_an_edited_report_refused_by_build_names_update_and_what_it_keeps(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = out / "2016" / "report.docx"
    report.write_bytes(report.read_bytes() + b"edited")
    from conftest import DATA

    assert run("build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out)) == 3
    err = capsys.readouterr().err
    assert "report.docx" in err and "reportgen update --fiscal-year 2016" in err
    assert "編集した文・書式・追加や削除した段落・コメント・改ページはそのまま残し" in err


@needs_office
def test_a_file_only_resaved_by_libreoffice_updates_without_conflict(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    folder = build(data_copy, out)
    resaved = resave((folder / "report.docx").read_bytes())
    (folder / "report.docx").write_bytes(resaved)
    capsys.readouterr()
    assert update(data_copy, out) == 0  # no data change: nothing to do
    assert "要確認 0" in capsys.readouterr().out
    assert (folder / "report.docx").read_bytes() == resaved
    cross_threshold(data_copy)
    assert update(data_copy, out) == 0
    captured = capsys.readouterr()
    assert "要確認 0" in captured.out and "警告: output" not in captured.err
    assert comments_of((folder / "report.docx").read_bytes()) == []
    assert "北区をはじめ9区" in "".join(text(p) for p in body_of((folder / "report.docx").read_bytes()).iter(f"{Q}p"))


def test_an_editor_saving_during_the_update_is_not_overwritten(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.living import commands

    out = tmp_path / "out"
    folder = build(data_copy, out)
    cross_threshold(data_copy)
    real = commands.merge
    saved = b"PK editor saved meanwhile"

    def merge_then_save(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        (folder / "report.docx").write_bytes(saved)
        return result

    monkeypatch.setattr(commands, "merge", merge_then_save)
    assert update(data_copy, out) == 3
    assert (folder / "report.docx").read_bytes() == saved


def test_update_is_refused_while_another_build_holds_the_folder(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reportgen.folderlock import folder_lock

    out = tmp_path / "out"
    folder = build(data_copy, out)
    before = (folder / "report.docx").read_bytes()
    with folder_lock(folder):
        assert update(data_copy, out) == 3
    assert "別の reportgen" in capsys.readouterr().err
    assert (folder / "report.docx").read_bytes() == before


def test_update_without_a_base_says_what_to_do(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import DATA

    (out / "2016" / ".reportgen-base.json").unlink()
    assert update(DATA, out) == 3
    assert "前回作成した文の記録がありません" in capsys.readouterr().err


def test_the_bookmarks_are_inside_one_paragraph_and_hidden(built: dict[int, Path]) -> None:
    body = body_of((built[2016] / "report.docx").read_bytes())
    names = [b.get(f"{Q}name") for b in body.iter(f"{Q}bookmarkStart")]
    assert names and all(n.startswith(("_RG_", "_Ref_", "_Toc")) and "/" not in n and len(n) <= 40 for n in names)
    assert len(set(names)) == len(names)
    for start in body.iter(f"{Q}bookmarkStart"):
        p = start.getparent()
        assert p.tag == f"{Q}p" and [e.get(f"{Q}id") for e in p.iter(f"{Q}bookmarkEnd")] == [start.get(f"{Q}id")]
    # editors' prose is plain
    for p in body.iter(f"{Q}p"):
        if text(p).startswith(PROSE):
            assert p.find(f"{Q}bookmarkStart") is None
    assert etree.tostring(body).count(b"w:sdt") == 0  # no content controls, no grey boxes


@needs_office
def test_pdf_of_the_edited_report_carries_the_editors_work(data_copy: Path, tmp_path: Path) -> None:
    import subprocess

    out = tmp_path / "out"
    folder = build(data_copy, out)
    doc = open_doc((folder / "report.docx").read_bytes())
    set_text(find(doc.element.body, PROSE), "編集者が書き直した前文です。")
    edited = save(doc)
    (folder / "report.docx").write_bytes(edited)
    assert run("pdf", "--fiscal-year", "2016", "--output", str(out)) == 0
    assert (folder / "report.docx").read_bytes() == edited
    pdf_text = subprocess.run(["pdftotext", str(folder / "report.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "編集者が書き直した前文です。" in pdf_text.replace(" ", "")
    # the edited report is still protected from a plain build
    assert run("build", "--fiscal-year", "2016", "--data", str(data_copy), "--output", str(out)) == 3
    assert (folder / "report.docx").read_bytes() == edited


def rewrite_base(folder: Path, change: object) -> None:
    """Change the update base as an earlier generation would have left it (and record it, as that build would have)."""
    base_path = folder / ".reportgen-base.json"
    body = json.loads(base_path.read_text(encoding="utf-8"))
    change(body["parts"])  # type: ignore[operator]
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    base_path.write_bytes(data)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][".reportgen-base.json"] = digest(data)
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def test_a_part_new_in_this_generation_is_inserted_after_the_part_before_it(out: Path) -> None:
    from conftest import DATA

    folder = out / "2016"
    doc = open_doc((folder / "report.docx").read_bytes())
    body = doc.element.body
    marks = marked(body)
    order = list(marks)
    ident = next(i for i, p in marks.items() if text(p).startswith(LEADER))
    before = order[order.index(ident) - 1]
    wording = text(marks[ident])
    marks[ident].getparent().remove(marks[ident])
    (folder / "report.docx").write_bytes(save(doc))
    rewrite_base(folder, lambda parts: parts.remove(next(p for p in parts if p["id"] == ident)))
    assert update(DATA, out) == 0
    updated = body_of((folder / "report.docx").read_bytes())
    now = marked(updated)
    assert text(now[ident]) == wording
    assert now[before].getnext() is now[ident]
    starts = [b.get(f"{Q}id") for b in updated.iter(f"{Q}bookmarkStart")]
    assert len(starts) == len(set(starts))  # the inserted bookmark took an id of its own


def test_a_part_no_longer_generated_goes_when_untouched_and_is_commented_when_edited(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import DATA

    folder = out / "2016"
    doc = open_doc((folder / "report.docx").read_bytes())
    body = doc.element.body
    anchor = find(body, LEADER)
    olds = []
    for name, words in (("aaaaaaaaaaaa", "・以前のデータの文です。"), ("bbbbbbbbbbbb", "・以前のデータの文です。")):
        old = new_paragraph_after(anchor, words)
        start = etree.SubElement(old, f"{Q}bookmarkStart", {f"{Q}id": "900", f"{Q}name": "_RG_" + name})
        old.remove(start)
        old.insert(1, start)
        olds.append(name)
    set_text(marked(body)["bbbbbbbbbbbb"], "・以前のデータの文を、編集者が直しました。")
    (folder / "report.docx").write_bytes(save(doc))
    rewrite_base(folder, lambda parts: parts.extend({"id": n, "place": ["Ⅰ"], "text": "・以前のデータの文です。"} for n in olds))
    capsys.readouterr()
    assert update(DATA, out) == 0
    captured = capsys.readouterr()
    updated = (folder / "report.docx").read_bytes()
    now = marked(body_of(updated))
    assert "aaaaaaaaaaaa" not in now and text(now["bbbbbbbbbbbb"]) == "・以前のデータの文を、編集者が直しました。"
    assert any("この文は作成されなくなりました" in c for c in comments_of(updated))
    assert "要確認 1" in captured.out and "・以前のデータの文を、編集者が直しました。" in captured.err


def test_a_table_whose_rows_the_editor_changed_is_kept_and_commented_when_its_data_changed(
        data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    folder = build(data_copy, out)
    doc = open_doc((folder / "report.docx").read_bytes())
    for caption in ("＜表1", "＜表2"):  # the last row of each table deleted
        table = table_after(doc.element.body, caption)
        table.remove(table.findall(f"{Q}tr")[-1])
    edited = save(doc)
    (folder / "report.docx").write_bytes(edited)
    cross_threshold(data_copy)  # changes 表2, not 表1
    capsys.readouterr()
    assert update(data_copy, out) == 0
    captured = capsys.readouterr()
    updated = (folder / "report.docx").read_bytes()
    body, before = body_of(updated), body_of(edited)
    for caption in ("＜表1", "＜表2"):  # both tables exactly as the editor left them
        assert [text(p) for p in table_after(body, caption).iter(f"{Q}p")] == [text(p) for p in table_after(before, caption).iter(f"{Q}p")]
    assert any("この表の行・列も編集されているため、表を更新していません" in c for c in comments_of(updated))
    assert "＜表2：成果目標値達成に向けた進捗状況＞" in captured.err and "表の行・列が変わっています" in captured.err


def test_a_table_the_new_data_gives_more_rows_is_replaced_when_untouched(out: Path) -> None:
    from conftest import DATA

    folder = out / "2016"
    fresh = (folder / "report.docx").read_bytes()
    doc = open_doc(fresh)
    table = table_after(doc.element.body, "＜表1")
    table.remove(table.findall(f"{Q}tr")[-1])  # as an earlier generation with one row less wrote it
    (folder / "report.docx").write_bytes(save(doc))
    ident = next(i for i, p in marked(doc.element.body).items() if text(p) == "項目")

    def one_row_less(parts: list[dict]) -> None:
        part = next(p for p in parts if p["id"] == ident)
        part["cells"] = part["cells"][:-1]

    rewrite_base(folder, one_row_less)
    assert update(DATA, out) == 0
    body = body_of((folder / "report.docx").read_bytes())
    rows = [[text(tc) for tc in tr.findall(f"{Q}tc")] for tr in table_after(body, "＜表1").findall(f"{Q}tr")]
    assert rows == [[text(tc) for tc in tr.findall(f"{Q}tc")] for tr in table_after(body_of(fresh), "＜表1").findall(f"{Q}tr")]
    assert len([t for t in body.iter(f"{Q}tbl")]) == 2  # replaced, not added


def test_update_stops_while_the_report_is_open_in_word(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import DATA

    folder = out / "2016"
    before = (folder / "report.docx").read_bytes()
    (folder / "~$port.docx").write_bytes(b"owner")
    assert update(DATA, out) == 3
    assert "開かれています" in capsys.readouterr().err
    assert (folder / "report.docx").read_bytes() == before


def test_a_conflict_alone_is_written(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import DATA

    folder = out / "2016"
    doc = open_doc((folder / "report.docx").read_bytes())
    p = find(doc.element.body, LEADER)
    ident = next(i for i, q in marked(doc.element.body).items() if q is p)
    set_text(p, "・特に、8区で目標値を達成しました（編集）。")
    (folder / "report.docx").write_bytes(save(doc))
    # the previous generation said something else: the data changed this sentence and nothing more
    rewrite_base(folder, lambda parts: next(q for q in parts if q["id"] == ident).update(text="・以前の文。"))
    capsys.readouterr()
    assert update(DATA, out) == 0
    assert "更新 0・編集を残した 0・要確認 1" in capsys.readouterr().out
    assert any("平野区をはじめ8区" in c for c in comments_of((folder / "report.docx").read_bytes()))


def test_every_comment_is_anchored_by_its_id(data_copy: Path, tmp_path: Path) -> None:
    _, updated, _ = scenario(data_copy, tmp_path, through_office=False)
    comments = etree.fromstring(parts(updated)["word/comments.xml"])
    ids = [c.get(f"{Q}id") for c in comments.iter(f"{Q}comment")]
    assert len(ids) == len(set(ids)) == 4 and all(ids)
    body = body_of(updated)
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert sorted(e.get(f"{Q}id") for e in body.iter(f"{Q}{tag}")) == sorted(ids), tag
    assert all(c.get(f"{Q}author") in ("reportgen", "編集者") and c.get(f"{Q}date") for c in comments.iter(f"{Q}comment"))
    for start in body.iter(f"{Q}commentRangeStart"):  # the schema keeps w:pPr first: the anchor goes after it
        paragraph = start.getparent()
        assert paragraph.find(f"{Q}pPr") is None or paragraph[0].tag == f"{Q}pPr"
        assert paragraph.index(start) <= 2  # at the start of the paragraph (after its pPr and bookmark)


def test_pdf_of_an_edited_report_keeps_every_record_and_is_reproducible(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """reportgen pdf writes report.pdf alone: the manifest keeps the edited report as edited (a build still
    refuses it and names update), the other outputs are not stale, and the PDF is dated as the edition."""
    import datetime as dt

    import reportgen.render.pdf as pdf_module

    seen: list[dt.datetime | None] = []

    def fake_pdf(data: bytes, soffice: str | None = None, moment: dt.datetime | None = None) -> bytes:
        seen.append(moment)
        return b"%PDF-1.7 " + digest(data).encode() + b" " + str(moment).encode()

    monkeypatch.setattr(pdf_module, "docx_to_pdf", fake_pdf)
    out = tmp_path / "out"
    folder = build(data_copy, out)
    before = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    doc = open_doc((folder / "report.docx").read_bytes())
    set_text(find(doc.element.body, PROSE), "編集者が書き直した前文です。")
    (folder / "report.docx").write_bytes(save(doc))
    capsys.readouterr()
    assert run("pdf", "--fiscal-year", "2016", "--output", str(out)) == 0
    said = capsys.readouterr()
    assert "今回は作成していません" not in said.out + said.err  # nothing reported stale
    after = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert {k: v for k, v in after.items() if k != "report.pdf"} == before  # the edited report keeps its old record
    assert "report.pdf" in after
    created = docx.Document(str(folder / "report.docx")).core_properties.created
    assert created is not None and seen == [created.replace(tzinfo=dt.UTC)]  # the edition's date the build wrote
    first = (folder / "report.pdf").read_bytes()
    assert run("pdf", "--fiscal-year", "2016", "--output", str(out)) == 0
    assert (folder / "report.pdf").read_bytes() == first
    assert run("build", "--fiscal-year", "2016", "--data", str(data_copy), "--output", str(out)) == 3
    assert "reportgen update" in capsys.readouterr().err
