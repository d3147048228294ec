"""Reading the editors' prose (data/YEAR/text/*.md): named sections of paragraphs, placed as written."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import Location, Problems, display_path
from reportgen.load.text import read_text

MAX_PARAGRAPH = 5_000
"""A paragraph longer than this is almost certainly a pasting accident."""

CARRIED = re.compile(r"^<!--\s*引き継ぎ\s*(?P<year>[0-9]{4})\b.*-->\s*$")
"""The mark ``reportgen init`` puts under a heading whose text it carried over from the year before:
the section stays "not reviewed" (a warning at every build, an error with --strict) until an editor
deletes the line."""


def carried_mark(year: int, label: str) -> str:
    """The line marking a section carried over from ``year`` (``label``: its 年度, e.g. 平成28年度)."""
    return (f"<!-- 引き継ぎ {year}: {label}版の文章です。今年度の内容に直し、見直したらこの行を消してください"
            f" (carried over from FY{year}: revise, then delete this line) -->")


@dataclass(frozen=True)
class ProseFile:
    """One prose file: section name → paragraphs (each one line of text), with where each came from."""

    file: str
    sections: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    carried: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Sections still marked as carried over (:data:`CARRIED`): section → (line of the mark, year it came from)."""
    body: tuple[tuple[int, str, str], ...] = ()
    """Every line of text as (line number, section, text), for checks that name a line (years in the text)."""

    def get(self, name: str) -> tuple[str, ...]:
        """Paragraphs of a section, or () when the file lacks it."""
        return self.sections.get(name, ())

    def one(self, name: str) -> str | None:
        """A section that is a single clause or paragraph, or None when absent."""
        paragraphs = self.sections.get(name)
        return "".join(paragraphs) if paragraphs else None


def parse_prose(text: str, file: str, problems: Problems) -> ProseFile:
    """Parse ``## 名前`` sections; paragraphs are separated by blank lines, wrapped lines are joined.

    A line ``<!-- … -->`` is a comment, never printed (Markdown viewers hide it too); the comment
    :data:`CARRIED` marks a section as carried over from the year before.
    """
    prose = ProseFile(file)
    body: list[tuple[int, str, str]] = []
    current: str | None = None
    paragraphs: list[str] = []
    buffer: list[str] = []
    start = [0]  # line where the paragraph in ``buffer`` begins

    def flush_paragraph() -> None:
        if buffer:
            paragraph = "".join(part.strip() for part in buffer)
            if len(paragraph) > MAX_PARAGRAPH and all(len(part) <= MAX_PARAGRAPH for part in buffer):  # else a line is reported
                problems.error(
                    Location(file, start[0]),
                    f"1段落が長すぎます（{len(buffer)}行で{len(paragraph)}文字、上限{MAX_PARAGRAPH}文字）",
                )
            paragraphs.append(paragraph)
            buffer.clear()

    def flush_section() -> None:
        flush_paragraph()
        if current is not None:
            prose.sections[current] = tuple(paragraphs)
        paragraphs.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("## "):
            flush_section()
            current = line[3:].strip()
            if current in prose.sections:
                problems.error(Location(file, number), f"見出し「{current}」が重複しています")
            prose.lines[current] = number
        elif line.lstrip().startswith("<!--"):
            if not line.rstrip().endswith("-->"):
                problems.error(Location(file, number), "コメント「<!-- … -->」は1行で書いてください（閉じる「-->」が同じ行にありません）")
            elif current is not None and (mark := CARRIED.match(line.strip())):
                prose.carried[current] = (number, int(mark["year"]))
        elif current is None:
            if line.strip() and not line.startswith("# "):
                problems.error(Location(file, number), "最初の「## 見出し」より前に本文があります")
        elif not line.strip():
            flush_paragraph()
        else:
            if len(line) > MAX_PARAGRAPH:
                problems.error(Location(file, number), f"1段落が長すぎます（{len(line)}文字、上限{MAX_PARAGRAPH}文字）")
            if not buffer:
                start[0] = number
            buffer.append(line)
            body.append((number, current, line.strip()))
    flush_section()
    return ProseFile(prose.file, prose.sections, prose.lines, prose.carried, tuple(body))


def _markdown_files(folder: Path, problems: Problems) -> list[Path]:
    """Every ``*.md`` under ``folder``; a folder that cannot be listed is an error, never "no text".

    Linked folders are followed once each (a link loop ends); whether a file leads out of the data
    folder is :func:`read_text`'s to check.
    """
    found: list[Path] = []
    pending, seen = [folder], set()
    while pending:
        current = pending.pop()
        try:
            real = current.resolve()
        except (OSError, RuntimeError):
            problems.error(Location(display_path(current)), "フォルダのリンクをたどれません (cannot resolve link)")
            continue
        if real in seen:
            continue
        seen.add(real)
        try:
            with os.scandir(current) as entries:
                children = list(entries)
        except PermissionError:
            problems.error(Location(display_path(current)), "フォルダを読む権限がありません。中の文章を読めません (permission denied)")
            continue
        except OSError as exc:
            problems.error(Location(display_path(current)), f"フォルダを読めません: {exc.strerror} (cannot list folder)")
            continue
        for entry in children:
            path = current / entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir and not entry.name.endswith(".md"):
                pending.append(path)
            elif entry.name.endswith(".md"):
                found.append(path)
    return sorted(found)


def load_prose(folder: Path, problems: Problems, *, inside: Path | None = None) -> dict[str, ProseFile]:
    """Read every ``*.md`` under ``folder`` (key: path relative to it without .md, e.g. ``items/1.1.a``).

    No ``folder`` means no prose (the report gets placeholders); a ``folder`` that is a file or that
    cannot be read is an error. ``inside``: the folder no file may lead out of, by default the data
    folder two levels up (``data/YEAR/text``).
    """
    files: dict[str, ProseFile] = {}
    if not os.path.lexists(folder):
        return files
    if not folder.is_dir():
        problems.error(Location(display_path(folder)), "文章のフォルダのはずですが、フォルダではありません (not a folder)")
        return files
    inside = folder.parent.parent if inside is None else inside
    for path in _markdown_files(folder, problems):
        text = read_text(path, problems, inside=inside)
        if text is None:
            continue
        key = path.relative_to(folder).with_suffix("").as_posix()
        files[key] = parse_prose(text, display_path(path), problems)
    return files
