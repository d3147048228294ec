"""Reading text files as Japanese staff save them: UTF-8 (with or without BOM) or CP932."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.errors import Location, Problems
from reportgen.load.paths import display_path

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 forbids: they cannot be written into .docx or .xlsx, so they are errors."""


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM optional) or else CP932; return (text, encoding used).

    Raises UnicodeDecodeError from the UTF-8 attempt when neither works.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp932"), "cp932"
        except UnicodeDecodeError:
            raise utf8_error from None


def illegal_characters(text: str) -> list[tuple[int, int, str]]:
    """Return (line, column, character) of every XML-illegal character, 1-based."""
    found = []
    for line_no, line in enumerate(text.split("\n"), start=1):
        for match in _XML_ILLEGAL.finditer(line):
            found.append((line_no, match.start() + 1, match.group()))
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
        line = data[: exc.start].count(b"\n") + 1
        problems.error(
            Location(name, line),
            "文字コードを判別できません（UTF-8 または Shift_JIS(CP932) で保存してください）"
            f" (cannot decode byte 0x{data[exc.start]:02x})",
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = illegal_characters(text)
    for line, column, char in bad:
        problems.error(
            Location(name, line),
            f"{column}文字目に使用できない制御文字 U+{ord(char):04X} があります"
            " (character not allowed in XML)",
        )
    return None if bad else text
