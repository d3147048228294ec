"""Benchmark: the FY2016 build against a bare python-docx/openpyxl floor, scaling, and start-up.

Run from the repository root with the project's Python:

    .venv/bin/python benchmarks/run.py            # full run (7 runs each, 1×/10×/100× wards)
    .venv/bin/python benchmarks/run.py --smoke    # quick check that the benchmark still works

Every figure is the median wall time of whole processes (as a user runs them); peak memory is the
child's maximum resident set size from ``os.wait4``. Nothing here runs inside the unit tests.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BARE = Path(__file__).resolve().parent / "bare.py"
sys.path.insert(0, str(ROOT))


def run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one child process; raise if it fails."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would block the child
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{stderr[-2000:]}")
    return elapsed, usage.ru_maxrss * 1024


def median_run(command: list[str], runs: int) -> tuple[float, int]:
    """Median seconds and the largest peak memory over ``runs`` runs (after one warm-up)."""
    run(command)
    results = [run(command) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def scaled_data(target: Path, factor: int) -> Path:
    """A copy of data/ with every ward repeated ``factor`` times (北区, 北区2, …): same facts per ward."""
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("reconstruction"))
    if factor == 1:
        return target

    def names(name: str) -> list[str]:
        return [name if k == 1 else f"{name}{k}" for k in range(1, factor + 1)]

    with (DATA / "wards.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    with (target / "wards.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(rows[0])
        for k in range(1, factor + 1):
            for code, name in rows[1:]:
                writer.writerow([f"{code}-{k}", names(name)[k - 1]])
    for year in ("2015", "2016"):
        for file in ("results.csv", "implementation.csv"):
            with (DATA / year / file).open(encoding="utf-8-sig", newline="") as f:
                rows = list(csv.reader(f))
            with (target / year / file).open("w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(rows[0])
                for row in rows[1:]:
                    ward_names = [row[0]] if row[0] == "全市" else names(row[0])
                    for ward in ward_names:
                        writer.writerow([ward, *row[1:]])
    return target


def bare_content(data: Path, out: Path) -> Path:
    """The paragraphs, table cells and sheet cells of the FY2016 build, for the bare floor script."""
    from openpyxl import load_workbook

    from reportgen.build import compose_edition, render_outputs
    from reportgen.document import Heading, Paragraph, Table
    from reportgen.document.grid import layout

    edition, _ = compose_edition(data, 2016)
    blocks = []
    for block in edition.document.blocks:
        if isinstance(block, Heading | Paragraph):
            blocks.append(["p", block.text])
        elif isinstance(block, Table):
            rows = [[s.cell.text if s.is_origin(r, c) else "" for c, s in enumerate(row)] for r, row in enumerate(layout(block))]
            blocks.append(["t", rows])
            blocks.extend(["p", n.text] for n in block.notes)
    files, _ = render_outputs(data, 2016)
    workbook = load_workbook(io.BytesIO(files["tables.xlsx"]))
    sheets = {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in workbook.worksheets}
    path = out / "content.json"
    path.write_text(json.dumps({"blocks": blocks, "sheets": sheets}, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def measure(args: argparse.Namespace) -> dict:
    python = sys.executable
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        work = Path(tmp)
        data = scaled_data(work / "data1", 1)
        build = [python, "-m", "reportgen", "build", "--fiscal-year", "2016", "--data", str(data), "--output", str(work / "out1")]
        results["build_s"], results["build_rss"] = median_run(build, args.runs)
        content = bare_content(data, work)
        bare = [python, str(BARE), str(content), str(work / "bare")]
        results["bare_s"], results["bare_rss"] = median_run(bare, args.runs)
        results["ratio"] = results["build_s"] / results["bare_s"]
        results["help_s"], _ = median_run([python, "-m", "reportgen", "--help"], args.runs)
        scaling = []
        for factor in args.factors:
            scaled = scaled_data(work / f"data{factor}", factor) if factor != 1 else data
            command = [python, "-m", "reportgen", "build", "--fiscal-year", "2016", "--data", str(scaled), "--output", str(work / f"out{factor}")]
            seconds, rss = median_run(command, args.scale_runs)
            units = 24 * factor * 17
            scaling.append({"factor": factor, "wards": 24 * factor, "seconds": seconds, "ms_per_1000_units": seconds / units * 1e6, "peak_mb": rss / 2**20})
        results["scaling"] = scaling
    return results


def report(results: dict) -> str:
    lines = [
        f"FY2016 build (CLI process): median {results['build_s']:.3f} s, peak {results['build_rss'] / 2**20:.0f} MB",
        f"bare python-docx + openpyxl floor: median {results['bare_s']:.3f} s, peak {results['bare_rss'] / 2**20:.0f} MB",
        f"ratio build / floor: {results['ratio']:.2f}",
        f"reportgen --help: median {results['help_s'] * 1000:.0f} ms",
        "scaling (wards × 17 indicators per year):",
    ]
    base = results["scaling"][0]["ms_per_1000_units"]
    for row in results["scaling"]:
        lines.append(
            f"  {row['factor']:>3}× ({row['wards']:>5} wards): {row['seconds']:.3f} s, "
            f"{row['ms_per_1000_units']:.2f} ms per 1000 ward-indicators ({row['ms_per_1000_units'] / base:.2f}× of 1×), "
            f"peak {row['peak_mb']:.0f} MB"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scale-runs", type=int, default=3)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--smoke", action="store_true", help="one run each at 1× and 2×: checks that the benchmark works")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.scale_runs, args.factors = 1, 1, [1, 2]
    results = measure(args)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
