"""Where a problem is and what it is: locations, problems and the error types the CLI maps to exits."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Location:
    """A place in the input: a file, and optionally a row/line and a column or key path.

    ``row`` is the 1-based row as a spreadsheet shows it (the header is row 1) for CSV files,
    or the 1-based line for YAML and template files.
    """

    file: str
    row: int | None = None
    column: str | None = None

    def describe(self) -> str:
        """Japanese description, e.g. ``data/2016/results.csv 14行目「実績値」列``."""
        text = self.file
        if self.row is not None:
            text += f" {self.row}行目"
        if self.column is not None:
            text += f"「{self.column}」" + ("列" if self.file.endswith(".csv") else "")
        return text


def display_path(path: Path) -> str:
    """Name ``path`` as users typed it, in a :class:`Location` or a message: relative to the current folder when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel.replace(os.sep, "/")


class Severity(Enum):
    """How serious a problem is: errors stop the build, warnings are shown only."""

    ERROR = "エラー"
    WARNING = "警告"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of the input, with its location and a Japanese message."""

    location: Location
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.severity.value}: {self.location.describe()}: {self.message}"


@dataclass
class Problems:
    """Collects every problem found while reading the input, so all can be reported at once."""

    items: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        """Record an error (fatal once loading is finished)."""
        self.items.append(Problem(location, message, Severity.ERROR))

    def warning(self, location: Location, message: str) -> None:
        """Record a warning (shown, not fatal)."""
        self.items.append(Problem(location, message, Severity.WARNING))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add problems found elsewhere."""
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        """Only the fatal problems."""
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """Only the warnings."""
        return [p for p in self.items if p.severity is Severity.WARNING]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def raise_if_errors(self) -> None:
        """Stop with an :class:`InputError` holding every problem when any is an error."""
        if self.errors:
            raise InputError(list(self.items))


def _row_ranges(rows: list[int]) -> str:
    """``[2, 3, 4, 9]`` → ``2〜4、9``."""
    runs: list[list[int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return "、".join(f"{a}" if a == b else f"{a}〜{b}" for a, b in runs)


def display_lines(problems: Iterable[Problem]) -> list[str]:
    """One line per problem, except that one message repeated on many rows of one file and column is
    shown once, with its rows and count (「2〜25行目（24か所）」), where it first occurred."""
    groups: dict[tuple[Severity, str, str | None, str], list[Problem]] = {}
    for problem in problems:
        key = (problem.severity, problem.location.file, problem.location.column, problem.message)
        groups.setdefault(key, []).append(problem)
    lines: list[str] = []
    for (severity, file, column, message), members in groups.items():
        rows = [p.location.row for p in members if p.location.row is not None]
        if len(members) == 1 or len(rows) != len(members):
            lines.extend(str(p) for p in members)
            continue
        where = f"{file} {_row_ranges(rows)}行目（{len(members)}か所）"
        if column is not None:
            where += f"「{column}」" + ("列" if file.endswith(".csv") else "")
        lines.append(f"{severity.value}: {where}: {message}")
    return lines


class ReportgenError(Exception):
    """Base of every error reportgen reports to the user (never shown as a traceback)."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class InputError(ReportgenError):
    """The input data or definitions are wrong (入力データの誤り)."""

    exit_code = 1


class RuleError(ReportgenError):
    """A rule or template failed to load or to evaluate (ルール・テンプレートの誤り)."""

    exit_code = 1


class OutputError(ReportgenError):
    """Writing the outputs failed; the previous outputs are left as they were (出力の失敗)."""

    exit_code = 3


def single(location: Location, message: str, kind: type[ReportgenError] = InputError) -> ReportgenError:
    """Build an error of ``kind`` holding one problem."""
    return kind([Problem(location, message)])
