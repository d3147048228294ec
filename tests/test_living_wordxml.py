"""The marked parts of a .docx body read and rewritten: text as the reader sees it, an editor's formatting, runs replaced."""

from __future__ import annotations

import re

from lxml import etree

from reportgen.living import wordxml as wx
from reportgen.living.package import W

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def xml(body: str) -> etree._Element:
    return etree.fromstring(f"<w:body {NS}>{body}</w:body>")


def p(inner: str) -> etree._Element:
    return xml(f"<w:p>{inner}</w:p>")[0]


def test_text_joins_runs_breaks_and_tabs_and_leaves_out_deletions_and_references() -> None:
    para = p('<w:pPr><w:pStyle w:val="x"/></w:pPr><w:r><w:t> 18</w:t></w:r><w:r><w:rPr><w:rFonts w:eastAsia="游明朝"/></w:rPr>'
             '<w:t>区</w:t><w:br/><w:tab/></w:r><w:del><w:r><w:delText>消</w:delText></w:r></w:del>'
             '<w:ins><w:r><w:t>加</w:t></w:r></w:ins><w:hyperlink><w:r><w:t>リンク</w:t></w:r></w:hyperlink>'
             '<w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve">ｶ </w:t></w:r>')
    assert wx.text(para) == "18区\n\t加リンクｶ"  # NFC does not fold half-width kana: the text stays as typed
    assert wx.normal(" ｶ\u3000") == "ｶ"


def test_fonts_sizes_and_language_are_not_an_editors_formatting() -> None:
    plain = p('<w:r><w:rPr><w:rFonts w:ascii="游明朝"/><w:sz w:val="21"/><w:kern w:val="0"/><w:lang w:val="ja-JP"/>'
              '<w:color w:val="000000"/><w:b w:val="0"/><w:u w:val="none"/><w:shd w:fill="auto"/></w:rPr><w:t>文</w:t></w:r>')
    assert wx.run_format(wx.runs(plain)[0]) == frozenset() and not wx.formatted(plain)
    for tag, on in (('<w:b/>', "b"), ('<w:i w:val="1"/>', "i"), ('<w:u w:val="single"/>', "u"), ('<w:color w:val="FF0000"/>', "color"),
                    ('<w:highlight w:val="yellow"/>', "highlight"), ('<w:shd w:fill="FFFF00"/>', "shd"), ('<w:vertAlign w:val="superscript"/>', "vertAlign")):
        run = p(f"<w:r><w:rPr>{tag}</w:rPr><w:t>文</w:t></w:r>")
        assert wx.run_format(wx.runs(run)[0]) == {on}, tag
        assert wx.formatted(run)
    # a bold run without text (a reference mark) formats nothing
    assert not wx.formatted(p('<w:r><w:rPr><w:b/></w:rPr><w:commentReference w:id="0"/></w:r><w:r><w:t>文</w:t></w:r>'))


def test_tracked_changes_count_as_an_edit() -> None:
    assert wx.formatted(p('<w:ins w:id="1"><w:r><w:t>加</w:t></w:r></w:ins>'))
    assert wx.formatted(p('<w:pPr><w:rPr><w:ins w:id="2"/></w:rPr></w:pPr><w:r><w:t>文</w:t></w:r>'))


def test_marked_finds_each_id_once_in_its_paragraph_and_reads_escaped_names() -> None:
    body = xml('<w:p><w:bookmarkStart w:id="0" w:name="_RG_aaa"/><w:r><w:t>一</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>'
               '<w:p><w:bookmarkStart w:id="1" w:name="_RG_aaa"/><w:r><w:t>二</w:t></w:r></w:p>'
               '<w:p><w:bookmarkStart w:id="2" w:name="_RG_bbb%2Fx"/><w:bookmarkStart w:id="3" w:name="_Toc1"/><w:r><w:t>三</w:t></w:r></w:p>'
               '<w:bookmarkStart w:id="4" w:name="_RG_ccc"/><w:tbl><w:tr><w:tc><w:p><w:r><w:t>表</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
               '<w:bookmarkStart w:id="5" w:name="_RG_ddd"/><w:bookmarkEnd w:id="5"/><w:p><w:r><w:t>四</w:t></w:r></w:p>')
    found = wx.marked(body)
    assert {k: wx.text(v) for k, v in found.items()} == {"aaa": "一", "bbb": "三", "ccc": "表", "ddd": "四"}
    assert wx.table_of(found["ccc"]) is body.find(wx.w("tbl")) and wx.table_of(found["aaa"]) is None
    assert sorted(wx.bookmark_ids(body)) == [0, 0, 1, 2, 3, 4, 5, 5]


def test_cells_by_row_and_order_with_row_spans_continuing_as_none() -> None:
    tbl = xml('<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc>'
              '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>B</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>'
              '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>C</w:t></w:r></w:p></w:tc>'
              '<w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>D</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')[0]
    grid = wx.cells(tbl)
    assert [[wx.cell_text(c) if c is not None else None for c in row] for row in grid] == [["A", "B\nb"], [None, "C", "D"]]
    assert not wx.cell_formatted(grid[1][1]) and wx.cell_formatted(grid[1][2])


def test_replace_runs_keeps_the_paragraph_properties_bookmarks_comments_and_references() -> None:
    old = p('<w:pPr><w:pStyle w:val="BodyText"/><w:jc w:val="both"/></w:pPr><w:bookmarkStart w:id="7" w:name="_RG_x"/>'
            '<w:commentRangeStart w:id="3"/><w:r><w:t>古い</w:t></w:r><w:r><w:rPr/></w:r><w:r><w:t>文</w:t></w:r>'
            '<w:commentRangeEnd w:id="3"/><w:r><w:commentReference w:id="3"/></w:r><w:bookmarkEnd w:id="7"/>')
    fresh = p('<w:bookmarkStart w:id="0" w:name="_RG_x"/><w:r><w:rPr><w:rStyle w:val="Ref"/></w:rPr><w:t>新しい</w:t></w:r>'
              '<w:r><w:t>文</w:t><w:br/></w:r><w:bookmarkEnd w:id="0"/>')
    wx.replace_runs(old, fresh, {"Ref": "Style9"})
    tags = [etree.QName(e).localname for e in old]
    assert tags == ["pPr", "bookmarkStart", "commentRangeStart", "r", "r", "r", "commentRangeEnd", "r", "bookmarkEnd"]
    assert wx.text(old) == "新しい文" and old.find(f"{wx.w('pPr')}/{wx.w('jc')}") is not None
    assert old.find(f".//{wx.w('rStyle')}").get(wx.w("val")) == "Style9"
    assert old.find(f".//{wx.w('commentReference')}") is not None
    assert [e.get(wx.w("id")) for e in old.iter(wx.w("bookmarkStart"))] == ["7"]


def test_replace_runs_in_an_empty_paragraph_goes_before_its_bookmark_end() -> None:
    empty = p('<w:pPr/><w:bookmarkStart w:id="1" w:name="_RG_y"/><w:bookmarkEnd w:id="1"/>')
    wx.replace_runs(empty, p("<w:r><w:t>値</w:t></w:r>"), {})
    assert [etree.QName(e).localname for e in empty] == ["pPr", "bookmarkStart", "r", "bookmarkEnd"]


def test_a_text_box_inside_a_paragraph_is_not_its_text() -> None:
    para = p('<w:r><w:t>本文</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>枠</w:t></w:r></w:p>'
             '</w:txbxContent></w:drawing></w:r>')
    assert wx.text(para) == "本文" and not wx.formatted(para)
    assert [wx.run_text(r) for r in wx.runs(para)] == ["本文", ""]


FIELD = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Ref_x \\h </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{page}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def test_a_fields_result_is_not_text_an_editor_wrote() -> None:
    for page in ("〇〇", "11", "Error! Bookmark not defined."):
        para = p(f'<w:r><w:t>（詳細はｐ</w:t></w:r>{FIELD.format(page=page)}<w:r><w:t>を参照）</w:t></w:r>')
        assert wx.text(para) == "（詳細はｐを参照）"
    simple = p('<w:r><w:t>前</w:t></w:r><w:fldSimple w:instr=" PAGEREF _Ref_x "><w:r><w:t>9</w:t></w:r></w:fldSimple><w:r><w:t>後</w:t></w:r>')
    assert wx.text(simple) == "前後"
    cut = FIELD.format(page="3").removesuffix('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    unclosed = p(f"<w:r><w:t>前</w:t></w:r>{cut}")
    assert wx.text(unclosed) == "前"  # a field cut by a broken tool: what follows its begin is the field's


def test_a_paragraph_with_a_field_gets_the_fresh_text_and_field_in_their_order() -> None:
    old = p(f'<w:pPr><w:pStyle w:val="a"/></w:pPr><w:bookmarkStart w:id="1" w:name="_RG_1"/><w:r><w:t>※2 旧（詳細はｐ</w:t></w:r>'
            f'{FIELD.format(page="11")}<w:r><w:t>を参照）</w:t></w:r><w:bookmarkEnd w:id="1"/>')
    fresh = p(f'<w:r><w:t>※2 新しい文（詳細はｐ</w:t></w:r>{FIELD.format(page="〇〇")}<w:r><w:t>を参照）</w:t></w:r>')
    wx.replace_runs(old, fresh, {})
    assert wx.text(old) == "※2 新しい文（詳細はｐを参照）"
    tags = [etree.QName(e).localname for e in old]
    assert tags[:2] == ["pPr", "bookmarkStart"] and tags[-1] == "bookmarkEnd"
    sequence = ["".join(t.text or "" for t in r.iter()) if r.find(f"{{{W}}}fldChar") is None else r.find(f"{{{W}}}fldChar").get(f"{{{W}}}fldCharType")
                for r in old.iter(f"{{{W}}}r")]
    assert sequence == ["※2 新しい文（詳細はｐ", "begin", " PAGEREF _Ref_x \\h ", "separate", "〇〇", "end", "を参照）"]
    # a fresh paragraph without the field (a rule no longer refers to a page) takes it away
    plain = p('<w:r><w:t>※2 参照なし</w:t></w:r>')
    wx.replace_runs(old, plain, {})
    assert wx.text(old) == "※2 参照なし" and old.find(f".//{{{W}}}fldChar") is None


def _docx_with_core(created: str | None) -> bytes:
    import io
    import zipfile

    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                if created is None:
                    continue
                data = re.sub(rb"<dcterms:created[^>]*>[^<]*</dcterms:created>",
                              f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'.encode(), data)
            z.writestr(info, data)
    return out.getvalue()


def test_the_created_date_dates_the_pdf_of_an_edited_report() -> None:
    import datetime as dt

    from reportgen.living.package import Package

    assert Package(_docx_with_core("2017-04-01T00:00:00Z"), "r.docx").created() == dt.datetime(2017, 4, 1, tzinfo=dt.UTC)
    assert Package(_docx_with_core("2017-04-01T09:00:00+09:00"), "r.docx").created() == dt.datetime(2017, 4, 1, tzinfo=dt.UTC)
    assert Package(_docx_with_core("2017-04-01T00:00:00"), "r.docx").created() == dt.datetime(2017, 4, 1, tzinfo=dt.UTC)
    assert Package(_docx_with_core("いつか"), "r.docx").created() is None
    assert Package(_docx_with_core(None), "r.docx").created() is None
