"""Reading text files as Japanese staff save them: UTF-8 (with or without BOM) or CP932."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.errors import Location, Problems
from reportgen.load.paths import display_path

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 forbids: they cannot be written into .docx or .xlsx, so they are errors."""

_CP932_UNASSIGNED = re.compile("[\x80\uf8f0-\uf8f3]")
"""What Python's cp932 codec makes of the bytes 0x80, 0xa0 and 0xfd–0xff, which are no Shift_JIS character."""

_BOM = "\ufeff"
_REPLACEMENT = "\ufffd"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _has_utf8_line(data: bytes) -> bool:
    """Whether some line is valid UTF-8 with two or more non-ASCII characters.

    Shift_JIS text practically never is: its lead bytes 0x81–0x9f cannot start a UTF-8 character,
    and two of its characters cannot form two UTF-8 ones.
    """
    for line in data.split(b"\n"):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if sum(1 for char in text if not char.isascii()) >= 2:
            return True
    return False


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM optional) or else CP932; return (text, encoding used).

    Raises UnicodeDecodeError whose ``start`` is the first byte that cannot be read: as UTF-8 when
    the file has a BOM or any line of UTF-8 text (a file mixing UTF-8 and CP932 is never guessed
    as CP932), else as CP932 (its unassigned bytes 0x80, 0xa0, 0xfd–0xff included).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UnicodeDecodeError("utf-8", data, exc.start + 3, exc.end + 3, exc.reason) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        if _has_utf8_line(data):
            raise utf8_error from None
    text = data.decode("cp932")
    odd = _CP932_UNASSIGNED.search(text)
    if odd:
        start = len(text[: odd.start()].encode("cp932"))
        raise UnicodeDecodeError("cp932", data, start, start + 1, "unassigned byte")
    return text, "cp932"


def illegal_characters(text: str) -> list[tuple[int, int, str]]:
    """Return (line, column, character) of every XML-illegal character, 1-based."""
    found = []
    for line_no, line in enumerate(text.split("\n"), start=1):
        for match in _XML_ILLEGAL.finditer(line):
            found.append((line_no, match.start() + 1, match.group()))
    return found


def _undecodable(data: bytes, exc: UnicodeDecodeError) -> tuple[int, str]:
    """Line and Japanese message for bytes :func:`decode` could not read."""
    line = data[: exc.start].count(b"\n") + 1
    byte = data[exc.start] if exc.start < len(data) else 0
    if data.startswith(_UTF16_BOMS):
        return 1, "文字コードを判別できません: UTF-16 で保存されています。UTF-8 または Shift_JIS(CP932) で保存し直してください (UTF-16 is not supported)"
    if exc.encoding == "utf-8" and _has_utf8_line(data):
        return line, (
            f"文字コードを判別できません: UTF-8 として読めないバイト 0x{byte:02x} があります"
            "（ほかの行は UTF-8 です。Shift_JIS(CP932) で書いた部分や壊れた文字が混ざっていないか確かめてください）"
            f" (invalid UTF-8 byte 0x{byte:02x})"
        )
    if exc.encoding == "utf-8" and data.startswith(b"\xef\xbb\xbf"):
        return line, (
            f"文字コードを判別できません: UTF-8 の印（BOM）で始まるのに、UTF-8 として読めないバイト 0x{byte:02x} があります"
            "（UTF-8 または Shift_JIS(CP932) で保存し直してください）"
            f" (BOM says UTF-8; invalid UTF-8 byte 0x{byte:02x})"
        )
    return line, (
        "文字コードを判別できません（UTF-8 または Shift_JIS(CP932) で保存してください）"
        f" (cannot decode byte 0x{byte:02x})"
    )


def _suspicious_characters(text: str, name: str, problems: Problems) -> bool:
    """Record stray BOMs and U+FFFD (the mark of text already garbled once); True when there are any."""
    found = False
    lines = text.split("\n")
    for line_no, line in enumerate(lines, start=1):
        for match in re.finditer(_BOM, line):
            problems.error(
                Location(name, line_no),
                f"{match.start() + 1}文字目に BOM（U+FEFF、見えない文字）があります。"
                "別のファイルを貼り付けたときに入ることがあります。削除してください (byte order mark inside the file)",
            )
            found = True
    garbled = [(n, line.index(_REPLACEMENT) + 1) for n, line in enumerate(lines, start=1) if _REPLACEMENT in line]
    if garbled:
        line_no, column = garbled[0]
        problems.error(
            Location(name, line_no),
            f"{column}文字目に文字化けの印「{_REPLACEMENT}」（U+FFFD）があります（この行を含め{len(garbled)}行）。"
            "文字コードの違うファイルを開いて保存すると入ります。元のファイルから直してください"
            " (U+FFFD replacement character: the text is already garbled)",
        )
        found = True
    return found


def read_text(path: Path, problems: Problems) -> str | None:
    """Read a text file, recording a located problem (and returning None) when it cannot be used."""
    name = display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.error(Location(name), "ファイルがありません (file not found)")
        return None
    except OSError as exc:
        problems.error(Location(name), f"ファイルを読めません: {exc.strerror}")
        return None
    try:
        text, _ = decode(data)
    except UnicodeDecodeError as exc:
        line, message = _undecodable(data, exc)
        problems.error(Location(name, line), message)
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = illegal_characters(text)
    for line, column, char in bad:
        problems.error(
            Location(name, line),
            f"{column}文字目に使用できない制御文字 U+{ord(char):04X} があります"
            " (character not allowed in XML)",
        )
    suspicious = _suspicious_characters(text, name, problems)
    return None if bad or suspicious else text
