"""Reading the editors' prose (data/YEAR/text/*.md): named sections of paragraphs, placed as written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import Location, Problems
from reportgen.load.paths import display_path
from reportgen.load.text import read_text

MAX_PARAGRAPH = 5_000
"""A paragraph longer than this is almost certainly a pasting accident."""


@dataclass(frozen=True)
class ProseFile:
    """One prose file: section name → paragraphs (each one line of text), with where each came from."""

    file: str
    sections: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def get(self, name: str) -> tuple[str, ...]:
        """Paragraphs of a section, or () when the file lacks it."""
        return self.sections.get(name, ())

    def one(self, name: str) -> str | None:
        """A section that is a single clause or paragraph, or None when absent."""
        paragraphs = self.sections.get(name)
        return "".join(paragraphs) if paragraphs else None


def parse_prose(text: str, file: str, problems: Problems) -> ProseFile:
    """Parse ``## 名前`` sections; paragraphs are separated by blank lines, wrapped lines are joined."""
    prose = ProseFile(file)
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
    flush_section()
    return prose


def load_prose(folder: Path, problems: Problems) -> dict[str, ProseFile]:
    """Read every ``*.md`` under ``folder`` (key: path relative to it without .md, e.g. ``items/1.1.a``)."""
    files: dict[str, ProseFile] = {}
    if not folder.is_dir():
        return files
    for path in sorted(folder.rglob("*.md")):
        text = read_text(path, problems)
        if text is None:
            continue
        key = path.relative_to(folder).with_suffix("").as_posix()
        files[key] = parse_prose(text, display_path(path), problems)
    return files
