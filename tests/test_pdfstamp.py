"""The PDF's wall-clock dates, random ids and uuids are replaced in place, by the edition's date and digests."""

from __future__ import annotations

import datetime as dt

from reportgen.render.pdfstamp import stamp

SAMPLE = (
    b"%PDF-1.6\n1 0 obj<</CreationDate(D:20261130053213Z')/Producer(LibreOffice 7.4)>>endobj\n"
    b"<xmp:CreateDate>2026-11-30T05:32:13Z</xmp:CreateDate><xmp:ModifyDate>2026-11-30T05:32:13.25+09:00</xmp:ModifyDate>"
    b"<xmpMM:DocumentID>uuid:0b1c5c1e-8a2b-4c3d-9e8f-0123456789ab</xmpMM:DocumentID>\n"
    b"trailer<</ID [ <6807E4F806D1AA3D2FCAD2A0DECD50F0>\n<6807E4F806D1AA3D2FCAD2A0DECD50F0> ]\n"
    b"/DocChecksum /C4444D03024EC2D9A444900587376705\n>>\nstartxref\n123\n%%EOF\n"
)
DAY = dt.datetime(2017, 4, 1, tzinfo=dt.UTC)


def _another_run(data: bytes) -> bytes:
    """The same export a minute later: other clock, other random id and uuid."""
    return (data.replace(b"053213", b"053314").replace(b"05:32:13", b"05:33:14")
            .replace(b"6807E4F8", b"99AA11BB").replace(b"0b1c5c1e", b"deadbeef").replace(b"C4444D03", b"12345678"))


def test_two_exports_of_one_document_become_the_same_bytes_of_the_same_length() -> None:
    one, two = stamp(SAMPLE, DAY), stamp(_another_run(SAMPLE), DAY)
    assert one == two
    assert len(one) == len(SAMPLE)  # the cross-reference offsets stay valid
    assert b"(D:20170401000000Z')" in one
    assert b"<xmp:CreateDate>2017-04-01T00:00:00Z<" in one and b"<xmp:ModifyDate>2017-04-01T00:00:00.00+09:00<" in one
    assert b"6807E4F8" not in one and b"0b1c5c1e" not in one and b"C4444D03" not in one


def test_the_ids_follow_the_content_and_the_date() -> None:
    other = SAMPLE.replace(b"LibreOffice 7.4", b"LibreOffice 7.5")
    ids = [stamp(data, day).split(b"/ID [ <")[1][:32] for data, day in
           ((SAMPLE, DAY), (other, DAY), (SAMPLE, DAY + dt.timedelta(days=1)))]
    assert len(set(ids)) == 3
    first = stamp(SAMPLE, DAY)
    assert first.count(ids[0]) == 3  # both /ID entries and the checksum
    assert b"uuid:00000000" not in first


def test_a_pdf_without_stamps_is_left_as_it_is() -> None:
    plain = b"%PDF-1.4\n%%EOF\n"
    assert stamp(plain, DAY) == plain
