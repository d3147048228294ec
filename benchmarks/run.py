"""Benchmark: the FY2016 build against a bare python-docx/openpyxl floor, scaling, and start-up.

Run from the repository root with the project's Python:

    .venv/bin/python benchmarks/run.py            # full run (7 runs each, 1×/10×/100× wards)
    .venv/bin/python benchmarks/run.py --smoke    # quick check that the benchmark still works

Every figure is the median wall time of whole processes (as a user runs them); peak memory is the
child's maximum resident set size from ``os.wait4``. Ratios are measured pair by pair (the two sides
one after the other, alternating which goes first) and the median of the ratios is given, so that a
busy shared machine slows both sides of a pair alike. Nothing here runs inside the unit tests.
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
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BARE = Path(__file__).resolve().parent / "bare.py"
sys.path.insert(0, str(ROOT))


def run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (bytes) and CPU seconds (user + system) of one child process; raise if it fails."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would block the child
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{stderr[-2000:]}")
    return elapsed, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def median_run(command: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Median seconds and the largest peak memory over ``runs`` runs (after one warm-up)."""
    run(command, env)
    results = [run(command, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


Steps = Callable[[int], list[list[str]]]
"""The commands of one side of a pair for run number ``n`` (a side may be several processes, timed together)."""


def pairs(first: Steps, second: Steps, runs: int, env: dict[str, str] | None) -> dict[str, Any]:
    """Run the two sides one after the other ``runs`` times (after a warm-up of each), alternating
    which goes first, so that both meet the same load; the median of each and of the ratios."""
    def side(steps: Steps, n: int) -> tuple[float, float]:
        measured = [run(command, env) for command in steps(n)]
        return sum(m[0] for m in measured), sum(m[2] for m in measured)

    side(first, -1), side(second, -2)
    a: list[tuple[float, float]] = []
    b: list[tuple[float, float]] = []
    for n in range(runs):
        if n % 2:
            b.append(side(second, n))
            a.append(side(first, n))
        else:
            a.append(side(first, n))
            b.append(side(second, n))
    wall = [x[0] / y[0] for x, y in zip(a, b, strict=True)]
    cpu = [x[1] / y[1] for x, y in zip(a, b, strict=True)]
    return {"first_s": statistics.median(x[0] for x in a), "second_s": statistics.median(y[0] for y in b),
            "first_cpu_s": statistics.median(x[1] for x in a), "second_cpu_s": statistics.median(y[1] for y in b),
            "ratio": statistics.median(wall), "ratios": [round(r, 3) for r in wall],
            "cpu_ratio": statistics.median(cpu), "cpu_ratios": [round(r, 3) for r in cpu]}


def environments(work: Path) -> dict[str, dict[str, str]]:
    """``installed``: every module read from bytecode, as after ``pip install`` (the warm-up run
    compiles reportgen's into a private cache folder; the libraries' come with them). ``source``:
    the environment as it is; with PYTHONDONTWRITEBYTECODE set (as on these machines) a checkout's
    reportgen is compiled from source at every start, while the libraries still have bytecode."""
    installed = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    installed["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return {"installed": installed, "source": dict(os.environ)}


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


class _Page(HTMLParser):
    """A page of the web edition as the floor writes it again: headings, paragraphs, tables (rows of
    header and data cells with their spans), figures' SVG by chart title; the style sheet apart."""

    BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "figcaption", "caption", "th", "td", "title", "style"}

    def __init__(self, charts: dict[str, Any]) -> None:
        super().__init__(convert_charrefs=True)
        self.charts, self.items, self.title, self.style = charts, [], "", ""
        self.text: list[str] | None = None
        self.tag = ""
        self.table: dict[str, Any] | None = None
        self.svg = 0
        self.spans = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.svg:
            self.svg += tag == "svg"
            if tag == "title":
                self.tag, self.text = "svgtitle", []
            return
        if tag == "svg":
            self.svg = 1
        elif tag == "table":
            self.table = {"caption": "", "rows": []}
        elif tag == "tr" and self.table is not None:
            self.table["rows"].append([])
        elif tag in self.BLOCKS and self.text is None:
            found = dict(attrs)
            self.tag, self.text, self.spans = tag, [], (int(found.get("rowspan") or 1), int(found.get("colspan") or 1))

    def handle_endtag(self, tag: str) -> None:
        if self.svg:
            if tag == "title" and self.tag == "svgtitle" and self.text is not None:
                self.items.append(["svg", "".join(self.text)])
                self.text = None
            self.svg -= tag == "svg"
            return
        if tag == "table" and self.table is not None:
            self.items.append(["table", self.table["caption"], self.table["rows"]])
            self.table = None
        elif tag == self.tag and self.text is not None:
            text = "".join(self.text)
            if tag == "title":
                self.title = text
            elif tag == "style":
                self.style = text
            elif tag == "caption" and self.table is not None:
                self.table["caption"] = text
            elif tag in ("th", "td") and self.table is not None:
                self.table["rows"][-1].append([tag, *self.spans, text])
            else:
                self.items.append([tag, text])
            self.text = None

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)


def _shapes(chart: Any) -> dict[str, Any]:
    """A chart's layout as plain data: its size, and each box, line and text with its place."""
    from reportgen.render.charts import Box, Line, plan

    laid = plan(chart)
    shapes = [["box", s.x, s.y, s.width, s.height, s.series] if isinstance(s, Box) else
              ["line", s.x1, s.y1, s.x2, s.y2, s.width, list(s.dash)] if isinstance(s, Line) else
              ["text", s.x, s.y, s.text, s.anchor, s.size, s.bold] for s in laid.shapes]
    return {"width": laid.width, "height": laid.height, "shapes": shapes, "title": chart.title, "description": chart.description}


def _xlsx_charts(raw: bytes) -> list[dict[str, Any]]:
    """The native charts of tables.xlsx as the floor adds them again: anchor, size, ranges, title, scale, fills."""
    c, a, x = ("http://schemas.openxmlformats.org/drawingml/2006/chart", "http://schemas.openxmlformats.org/drawingml/2006/main",
               "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing")
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        names = sorted((n for n in z.namelist() if n.startswith("xl/charts/chart")), key=lambda n: int(n[15:-4]))
        if not names:
            return []
        anchors = etree.fromstring(z.read("xl/drawings/drawing1.xml")).findall(f"{{{x}}}oneCellAnchor")
        out = []
        for name, anchor in zip(names, anchors, strict=True):
            root = etree.fromstring(z.read(name))
            series = root.findall(f".//{{{c}}}ser")
            values = [s.findtext(f"{{{c}}}val//{{{c}}}f") for s in series]
            fills = []
            for s in series:
                pattern = s.find(f"{{{c}}}spPr/{{{a}}}pattFill")
                colour = s.find(f"{{{c}}}spPr/{{{a}}}ln//{{{a}}}srgbClr")
                fills.append([colour.get("val") if colour is not None else "000000", pattern.get("prst") if pattern is not None else None])
            ext = anchor.find(f"{{{x}}}ext")
            out.append({
                "anchor": f"{chr(65 + int(anchor.findtext(f'{{{x}}}from/{{{x}}}col')))}{int(anchor.findtext(f'{{{x}}}from/{{{x}}}row')) + 1}",
                "width": int(ext.get("cx")) / 360000, "height": int(ext.get("cy")) / 360000,
                "values": values, "categories": series[0].findtext(f"{{{c}}}cat//{{{c}}}f"),
                "title": "".join(t.text or "" for t in root.find(f"{{{c}}}chart/{{{c}}}title").iter(f"{{{a}}}t")),
                "unit": "".join(t.text or "" for t in root.find(f".//{{{c}}}valAx/{{{c}}}title").iter(f"{{{a}}}t")),
                "maximum": float(root.find(f".//{{{c}}}valAx//{{{c}}}max").get("val")),
                "format": series[0].find(f"{{{c}}}dLbls/{{{c}}}numFmt").get("formatCode"),
                "fills": fills,
                "descr": anchor.find(f".//{{{x}}}cNvPr").get("descr"),
            })
    return out


def _picture_mode(raw: bytes) -> str:
    """"L" when the build's pictures are palette PNGs (colour type 3), else "RGB" (as builds before 2026-11-30 wrote them)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        return "L" if not media or z.read(media[0])[25] == 3 else "RGB"


def bare_content(data: Path, out: Path) -> Path:
    """Everything the FY2016 build writes from data, for the bare floor script: the title, the
    paragraphs (contents' entries, headings, captions, notes, footnotes), the table cells, the
    charts' layouts (for the pictures in report.docx and the SVG of the web pages), every sheet's
    cells and the native charts on グラフ, every CSV file's rows, report.txt and every web page's
    headings, paragraphs, tables and figures."""
    from openpyxl import load_workbook

    from reportgen.build import compose_edition, render_outputs
    from reportgen.document import Chart, Contents, Heading, Paragraph, Table
    from reportgen.document.grid import layout
    from reportgen.document.marks import BASE
    from reportgen.render.charts_png import find_font

    edition, _ = compose_edition(data, 2016)
    document = edition.document
    blocks: list[list[Any]] = []
    footnotes: list[str] = []
    charts: dict[str, Any] = {}
    for chart in (*(b for b in document.blocks if isinstance(b, Chart)), *document.charts):
        charts[chart.title] = _shapes(chart)
    for block in document.blocks:
        if isinstance(block, Contents):
            blocks.append(["p", block.title])
            blocks.extend(["p", h.text] for h in document.blocks if isinstance(h, Heading) and h.level <= block.levels)
        elif isinstance(block, Heading | Paragraph):
            blocks.append(["p", block.text])
            footnotes.extend(f.text for f in getattr(block, "footnotes", ()))
        elif isinstance(block, Table):
            blocks.append(["p", block.caption])
            rows = [[s.cell.text if s.is_origin(r, c) else "" for c, s in enumerate(row)] for r, row in enumerate(layout(block))]
            blocks.append(["t", rows])
            blocks.extend(["p", n.text] for n in block.notes)
        elif isinstance(block, Chart):
            blocks.append(["c", block.title])
    blocks.extend(["p", text] for text in footnotes)
    files, _ = render_outputs(data, 2016)
    workbook = load_workbook(io.BytesIO(files["tables.xlsx"]))
    sheets = {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in workbook.worksheets}
    tables = {name.removeprefix("csv/"): list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
              for name, data in files.items() if name.startswith("csv/")}
    pages = {}
    for name, raw in files.items():
        if name.startswith("html/"):
            parser = _Page(charts)
            parser.feed(raw.decode("utf-8"))
            pages[name.removeprefix("html/")] = {"title": parser.title, "style": parser.style, "items": parser.items}
    font = find_font()
    content = {"title": document.title, "blocks": blocks, "sheets": sheets, "csv": tables, "text": files["report.txt"].decode("utf-8"),
               "charts": charts, "font": str(font) if font else None, "xlsx_charts": _xlsx_charts(files["tables.xlsx"]), "html": pages,
               "base": json.loads(files[BASE]), "picture_mode": _picture_mode(files["report.docx"])}
    path = out / "content.json"
    path.write_text(json.dumps(content, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def measure(args: argparse.Namespace) -> dict[str, Any]:
    python = sys.executable
    results: dict[str, Any] = {"load_before": os.getloadavg(), "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        work = Path(tmp)
        envs = environments(work)
        data = scaled_data(work / "data1", 1)
        content = bare_content(data, work)

        def build(n: int, extra: tuple[str, ...] = ()) -> list[str]:
            return [python, "-m", "reportgen", "build", "--fiscal-year", "2016", "--data", str(data), "--output", str(work / f"out-{n}"), "--force", *extra]

        def floor(n: int) -> list[list[str]]:
            return [[python, str(BARE), str(content), str(work / f"bare-{n}")]]

        for mode in args.modes:
            results[mode] = pairs(lambda n: [build(n)], floor, args.runs, envs[mode])
            results[mode]["help_s"] = median_run([python, "-m", "reportgen", "--help"], args.runs, envs[mode])[0]
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if args.pdf and office:
            def plain(n: int) -> list[list[str]]:
                out = work / f"plain-{n}"
                return [build(n), [office, f"-env:UserInstallation={(work / f'profile-{n}').as_uri()}", "--headless", "--norestore",
                                   "--convert-to", "pdf", "--outdir", str(out), str(work / f"out-{n}" / "2016" / "report.docx")]]

            results["pdf"] = pairs(lambda n: [build(n + 1000, ("--pdf",))], plain, args.pdf_runs, envs["installed"])
        scaling = []
        for factor in args.factors:
            scaled = scaled_data(work / f"data{factor}", factor) if factor != 1 else data
            command = [python, "-m", "reportgen", "build", "--fiscal-year", "2016", "--data", str(scaled), "--output", str(work / f"scaled{factor}"), "--force"]
            seconds, rss = median_run(command, args.scale_runs, envs["installed"])
            units = 24 * factor * 17
            row = {"factor": factor, "wards": 24 * factor, "seconds": seconds, "ms_per_1000_units": seconds / units * 1e6, "peak_mb": rss / 2**20}
            if args.scale_floor:  # the floor writing the same content at this size: is reportgen's share fixed or growing?
                folder = work / f"content{factor}"
                folder.mkdir(exist_ok=True)
                scaled_content = bare_content(scaled, folder) if factor != 1 else content
                row["floor_s"] = median_run([python, str(BARE), str(scaled_content), str(work / f"bare-scaled{factor}")],
                                            args.scale_runs, envs["installed"])[0]
            scaling.append(row)
        results["scaling"] = scaling
    results["load_after"] = os.getloadavg()
    return results


def report(results: dict[str, Any]) -> str:
    load = "/".join(f"{x:.1f}" for x in results["load_before"]), "/".join(f"{x:.1f}" for x in results["load_after"])
    lines = [f"machine: {results['cores']} cores, load average (1/5/15 min) {load[0]} before, {load[1]} after"]
    for mode in ("installed", "source"):
        if mode not in results:
            continue
        r = results[mode]
        lines += [
            f"[{mode}] FY2016 build (CLI process): median {r['first_s']:.3f} s; bare floor: median {r['second_s']:.3f} s",
            f"[{mode}] ratio build / floor (median of {len(r['ratios'])} pairs): {r['ratio']:.2f}  {r['ratios']}",
            f"[{mode}] CPU (user + system): build {r['first_cpu_s']:.3f} s, floor {r['second_cpu_s']:.3f} s; "
            f"ratio {r['cpu_ratio']:.2f}  {r['cpu_ratios']}",
            f"[{mode}] reportgen --help: median {r['help_s'] * 1000:.0f} ms",
        ]
    if "pdf" in results:
        r = results["pdf"]
        lines.append(f"build --pdf: median {r['first_s']:.2f} s; build + plain soffice --convert-to pdf: median {r['second_s']:.2f} s")
        lines.append(f"ratio build --pdf / (build + plain conversion) (median of {len(r['ratios'])} pairs): {r['ratio']:.2f}  {r['ratios']}")
    lines.append("scaling (wards × 17 indicators per year, installed):")
    base = results["scaling"][0]["ms_per_1000_units"]
    for row in results["scaling"]:
        lines.append(
            f"  {row['factor']:>3}× ({row['wards']:>5} wards): {row['seconds']:.3f} s, "
            f"{row['ms_per_1000_units']:.2f} ms per 1000 ward-indicators ({row['ms_per_1000_units'] / base:.2f}× of 1×), "
            f"peak {row['peak_mb']:.0f} MB" + (f"; floor {row['floor_s']:.3f} s, build / floor {row['seconds'] / row['floor_s']:.2f}" if "floor_s" in row else "")
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="pairs of build and floor runs (medians)")
    parser.add_argument("--scale-runs", type=int, default=3)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--modes", nargs="+", choices=("installed", "source"), default=["installed", "source"],
                        help="installed: all bytecode (as after pip install); source: the environment as it is")
    parser.add_argument("--pdf", action=argparse.BooleanOptionalAction, default=True, help="the PDF pair (needs LibreOffice)")
    parser.add_argument("--pdf-runs", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="one run each at 1× and 2×, no PDF: checks that the benchmark works")
    parser.add_argument("--scale-floor", action="store_true", help="also run the floor at each scale (its content extracted from a build of that size: slow at 100×)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.scale_runs, args.factors, args.pdf, args.modes = 1, 1, [1, 2], False, ["installed"]
    results = measure(args)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
