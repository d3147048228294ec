"""Reading text files as Japanese staff save them: UTF-8 (with or without BOM) or CP932.

Everything reportgen reads as text (YAML, CSV, Markdown, sentence templates) comes through
:func:`read_text`: only regular files, at most a size limit, and every character checked once here
(:func:`unusable_characters` is the same rule for a single value, used by the YAML and CSV readers).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from reportgen.errors import Location, Problems, display_path

MAX_TEXT_BYTES = 4 * 1024 * 1024
"""Largest YAML, Markdown or template file (4 MiB; plan.yaml is about 30 KB): more is a pasting accident."""
MAX_TABLE_BYTES = 16 * 1024 * 1024
"""Largest CSV file (16 MiB, about 500,000 rows; a year's results.csv is about 20 KB)."""

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 forbids: they cannot be written into .docx or .xlsx, so they are errors."""

_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
"""Unicode format characters (category Cf): invisible, they reorder (U+202E), join (U+200D) or hide
text (U+200B). Written out as ranges because building the set from unicodedata costs 0.1 s a run."""
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
_PRIVATE_USE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
"""外字 (private use, category Co): shows as another character, or none, on every other computer."""
_UNUSABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_FORMAT}{_NONCHARACTERS}{_PRIVATE_USE}]")
"""What no input text may hold: C0 controls but tab and newline, DEL, C1 controls, format characters,
the line and paragraph separators U+2028/U+2029, lone surrogates, noncharacters (U+FFFE, U+FFFF…) and
private-use characters (外字).
Variation selectors (category Mn, used for 異体字) are not among them."""
_LINE_BREAKS = re.compile("[\t\n]")
"""What a single-line value (a ward name, a label, an indicator's wording) may not hold besides."""

_CP932_UNASSIGNED = re.compile("[\x80\uf8f0-\uf8f3]")
"""What Python's cp932 codec makes of the bytes 0x80, 0xa0 and 0xfd–0xff, which are no Shift_JIS character."""

_BOM = "\ufeff"
_REPLACEMENT = "\ufffd"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_KINDS = {
    "Cc": "制御文字", "Cf": "見えない書式文字", "Cs": "対になっていないサロゲート",
    "Zl": "行区切り文字", "Zp": "段落区切り文字", "Cn": "文字でない符号位置", "Co": "外字（私用領域の文字）",
}


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


def character_name(char: str) -> str:
    """A character as messages name it: its kind in Japanese, U+XXXX and its Unicode name."""
    code = f"U+{ord(char):04X}"
    if char == _BOM:
        return f"BOM（{code}、見えない文字）"
    if char == "\n":
        return f"改行（{code}）"
    if char == "\t":
        return f"タブ（{code}）"
    kind = _KINDS.get(unicodedata.category(char), "使用できない文字")
    name = unicodedata.name(char, "")
    return f"{kind} {code}" + (f"（{name}）" if name else "")


def unusable_characters(text: str, *, single_line: bool) -> list[tuple[int, str]]:
    """(1-based position, character) of every character ``text`` may not hold.

    Multi-line text (prose, an expression) may hold newlines and tabs; a single-line value may not.
    """
    found = [(m.start() + 1, m.group()) for m in _UNUSABLE.finditer(text)]
    if single_line:
        found += [(m.start() + 1, m.group()) for m in _LINE_BREAKS.finditer(text)]
        found.sort()
    return found


def describe_unusable(found: list[tuple[int, str]]) -> str:
    """Japanese message (English after it) for what :func:`unusable_characters` found in one value."""
    shown = "、".join(f"{position}文字目に{character_name(char)}" for position, char in found[:3])
    more = f"（ほかに{len(found) - 3}か所）" if len(found) > 3 else ""
    codes = ", ".join(f"U+{ord(char):04X}" for _, char in found[:3])
    return f"使用できない文字があります: {shown}{more}。見えない文字や改行は削除してください (character not allowed: {codes})"


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


def _unusable_in_file(text: str, name: str, problems: Problems) -> bool:
    """Record every unusable character of a file at its line; True when there are any."""
    found = False
    for line_no, line in enumerate(text.split("\n"), start=1):
        for position, char in unusable_characters(line, single_line=False):
            found = True
            if char == _BOM:
                problems.error(
                    Location(name, line_no),
                    f"{position}文字目に BOM（U+FEFF、見えない文字）があります。"
                    "別のファイルを貼り付けたときに入ることがあります。削除してください (byte order mark inside the file)",
                )
            else:
                problems.error(
                    Location(name, line_no),
                    f"{position}文字目に使用できない{character_name(char)}があります。見えない文字のため、削除してください"
                    f" (character not allowed: U+{ord(char):04X})",
                )
    return found


def _garbled(text: str, name: str, problems: Problems) -> bool:
    """Record U+FFFD (the mark of text already garbled once); True when there is any."""
    lines = text.split("\n")
    garbled = [(n, line.index(_REPLACEMENT) + 1) for n, line in enumerate(lines, start=1) if _REPLACEMENT in line]
    if garbled:
        line_no, column = garbled[0]
        problems.error(
            Location(name, line_no),
            f"{column}文字目に文字化けの印「{_REPLACEMENT}」（U+FFFD）があります（この行を含め{len(garbled)}行）。"
            "文字コードの違うファイルを開いて保存すると入ります。元のファイルから直してください"
            " (U+FFFD replacement character: the text is already garbled)",
        )
    return bool(garbled)


def _outside(path: Path, inside: Path) -> bool:
    """Whether ``path`` (a link, or in a linked folder) leads out of the folder ``inside``."""
    try:
        return not path.resolve().is_relative_to(inside.resolve())
    except (OSError, RuntimeError):  # a link loop: opening it reports the problem
        return False


def read_bytes(path: Path, problems: Problems, *, limit: int = MAX_TEXT_BYTES, inside: Path | None = None) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes, else None with a located problem.

    Never blocks or exhausts memory: a named pipe is opened without waiting and refused, like a
    device (``/dev/zero``) or a folder; at most ``limit`` + 1 bytes are read. With ``inside``,
    a file that leads out of that folder through a link is refused before anything of it is read.
    """
    name = display_path(path)
    if inside is not None and _outside(path, inside):
        problems.error(
            Location(name),
            f"{display_path(inside)} フォルダの外にあるファイルへのリンクです。リンク先は読みません。"
            "ファイルそのものをフォルダに置いてください (link leads outside the data folder)",
        )
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        problems.error(Location(name), "ファイルがありません (file not found)")
        return None
    except PermissionError:
        problems.error(Location(name), "ファイルを読む権限がありません (permission denied)")
        return None
    except OSError as exc:
        problems.error(Location(name), f"ファイルを読めません: {exc.strerror} (cannot open)")
        return None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            kind = "フォルダ" if stat.S_ISDIR(mode) else "名前付きパイプ" if stat.S_ISFIFO(mode) else "装置やソケットなど"
            problems.error(Location(name), f"ふつうのファイルではありません（{kind}です） (not a regular file)")
            return None
        with open(fd, "rb") as file:  # the descriptor opened above, closed with the file
            data = file.read(limit + 1)
    except OSError as exc:
        problems.error(Location(name), f"ファイルを読めません: {exc.strerror} (cannot read)")
        return None
    if len(data) > limit:
        problems.error(
            Location(name),
            f"ファイルが大きすぎます（上限 {limit // (1024 * 1024)} MB）。別のファイルを指定していないか確かめてください (file too large)",
        )
        return None
    return data


def read_text(
    path: Path, problems: Problems, *, limit: int = MAX_TEXT_BYTES, inside: Path | None = None, per_value: bool = False
) -> str | None:
    """Read a text file, recording a located problem (and returning None) when it cannot be used.

    See :func:`read_bytes` for ``limit`` and ``inside``. Unusable characters are errors at their
    line, unless ``per_value``: then the caller checks each value with :func:`unusable_characters`
    (the CSV reader does, to name the cell's column).
    """
    data = read_bytes(path, problems, limit=limit, inside=inside)
    if data is None:
        return None
    name = display_path(path)
    try:
        text, _ = decode(data)
    except UnicodeDecodeError as exc:
        line, message = _undecodable(data, exc)
        problems.error(Location(name, line), message)
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = False if per_value else _unusable_in_file(text, name, problems)
    garbled = _garbled(text, name, problems)
    return None if bad or garbled else text
