"""The build: input folder → every output of one edition, in memory, then written atomically."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen import datasets
from reportgen.errors import InputError, Problems
from reportgen.output import write_files
from reportgen.pipeline import compute, load_inputs, reference_warnings
from reportgen.render.csv import render_csv


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and what it warned about."""

    written: list[Path]
    problems: Problems


def render_outputs(data_dir: Path, fiscal_year: int) -> tuple[dict[str, bytes], Problems]:
    """Load, check and evaluate, then render every output file in memory (nothing is written)."""
    inputs, problems = load_inputs(data_dir, fiscal_year)
    if inputs is None:
        raise InputError(list(problems))
    facts = compute(inputs)
    reference_warnings(facts, problems)
    tables = (
        datasets.table1(inputs.rules, facts),
        datasets.table2(inputs.rules, facts),
        datasets.ward_results(facts, inputs.plan.ward_names()),
    )
    files = {f"csv/{t.name}.csv": render_csv(t) for t in tables}
    return files, problems


def validate(data_dir: Path, fiscal_year: int) -> Problems:
    """Check the input for ``fiscal_year`` and evaluate the rules, writing nothing."""
    _, problems = render_outputs(data_dir, fiscal_year)
    return problems


def build(data_dir: Path, output_dir: Path, fiscal_year: int) -> BuildResult:
    """Build the ``fiscal_year`` edition into ``output_dir/YEAR/``."""
    files, problems = render_outputs(data_dir, fiscal_year)
    written = write_files(output_dir / str(fiscal_year), files)
    return BuildResult(written, problems)
