"""The build: input folder → every output of one edition, in memory, then written atomically."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from reportgen import guard, output
from reportgen.compose import MISSING_TEXT, compose
from reportgen.document import Document
from reportgen.document.marks import BASE, base_record
from reportgen.errors import (
    InputError,
    Location,
    OutputError,
    Problem,
    Problems,
    Severity,
    display_path,
)
from reportgen.folderlock import folder_lock
from reportgen.living.pictures import chart_records
from reportgen.load.edition import read_edition
from reportgen.load.prose import load_prose
from reportgen.load.review import review_text
from reportgen.narrative.engine import SentenceRules
from reportgen.narrative.loader import shipped_templates
from reportgen.pipeline import Inputs, compute, load_inputs, reference_warnings
from reportgen.render.csv import render_csv
from reportgen.render.docx import render_docx
from reportgen.render.html import render_html
from reportgen.render.text import render_text
from reportgen.render.xlsx import render_xlsx
from reportgen.rules.evaluate import YearFacts


def default_templates() -> Path:
    """The templates shipped with reportgen (:func:`reportgen.narrative.loader.shipped_templates`: one
    lookup for the build's default and the wording sets' fallback)."""
    return shipped_templates()


TEMPLATES = default_templates()


@dataclass(frozen=True)
class Unfinished:
    """What keeps an edition from being final: the warnings ``--strict`` turns into errors, by kind."""

    placeholders: tuple[Problem, ...] = ()
    """Headings the report reads with no text (a placeholder 【編集者の文章を入れてください…】 in the report)."""
    carried: tuple[Problem, ...] = ()
    """Sections carried over from last year and not yet reviewed."""
    years: tuple[Problem, ...] = ()
    """Years in the editors' text that are not the edition's."""
    references: tuple[Problem, ...] = ()
    """Reference values (参考数値): routine, shown as a summary; never block ``--strict``."""

    @property
    def blocking(self) -> tuple[Problem, ...]:
        """The warnings a final edition may not have (placeholders, carried-over text, stray years)."""
        return (*self.placeholders, *self.carried, *self.years)


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and what it warned about."""

    written: list[Path]
    problems: Problems
    backups: list[Path] = field(default_factory=list)
    edition: Edition | None = None
    folder: Path | None = None
    unchanged: list[Path] = field(default_factory=list)
    """Outputs made again with the bytes they already had (not rewritten)."""


@dataclass(frozen=True)
class Edition:
    """One edition in memory: its inputs, facts, the composed document and what is unfinished in it."""

    inputs: Inputs
    facts: YearFacts
    document: Document
    unfinished: Unfinished = Unfinished()


def compose_edition(data_dir: Path, fiscal_year: int, templates: Path = TEMPLATES) -> tuple[Edition, Problems]:
    """Load and check everything, evaluate the rules and compose the document (nothing is written)."""
    inputs, problems = load_inputs(data_dir, fiscal_year)
    sentences = SentenceRules(templates / "sentences", problems)
    prose_dir = data_dir / str(fiscal_year) / "text"
    prose = load_prose(prose_dir, problems)
    edition = read_edition(data_dir, fiscal_year, problems)  # read once; every writer takes it from the document
    if inputs is None or edition is None or problems.errors:
        raise InputError(list(problems))
    facts = compute(inputs)
    references = Problems()
    reference_warnings(facts, references)
    review = review_text(prose, fiscal_year, (inputs.plan.period_start, inputs.plan.period_end))
    problems.extend((*references, *review.carried, *review.years))
    before = len(problems.items)
    document = compose(facts, inputs.plan, inputs.rules, sentences, prose, Path(display_path(prose_dir)), problems, edition.date,
                       edition.contact)
    if problems.errors:
        raise InputError(list(problems))
    placeholders = tuple(p for p in problems.items[before:] if p.message == MISSING_TEXT)
    unfinished = Unfinished(placeholders, review.carried, review.years, tuple(references))
    return Edition(inputs, facts, document, unfinished), problems


MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
"""An Office template larger than this is refused unread (the shipped ones are under 1 MB)."""


def _template(templates: Path, name: str) -> bytes:
    """The bytes of an Office template: a regular file (a FIFO would block, a device never end) of a sane size.

    Its parts are checked by the renderer that opens it (render/template_check.py).
    """
    path = templates / name
    where = Location(display_path(path))
    try:
        with open(path, "rb", opener=lambda file, flags: os.open(file, flags | os.O_NONBLOCK)) as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise OutputError([Problem(where, "通常のファイルではありません（フォルダ・パイプ・デバイスなど）。テンプレートのファイルを置いてください (not a regular file)")])
            if info.st_size > MAX_TEMPLATE_BYTES:
                raise OutputError([Problem(where, f"テンプレートが大きすぎます（{info.st_size:,}バイト、上限{MAX_TEMPLATE_BYTES:,}バイト）")])
            return stream.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        raise OutputError([Problem(where, f"テンプレートを読めません: {exc.strerror}")]) from None


def render_outputs(data_dir: Path, fiscal_year: int, templates: Path = TEMPLATES, pdf: bool = False,
                   soffice: str | None = None) -> tuple[dict[str, bytes], Problems]:
    """Compose the edition, then render every output file in memory (nothing is written)."""
    files, problems, _ = render_edition(data_dir, fiscal_year, templates, pdf, soffice)
    return files, problems


def render_edition(data_dir: Path, fiscal_year: int, templates: Path = TEMPLATES, pdf: bool = False,
                   soffice: str | None = None) -> tuple[dict[str, bytes], Problems, Edition]:
    """:func:`render_outputs`, and the edition they were rendered from (its document's generated parts,
    and what the console groups: reference values, carried-over sections)."""
    edition, problems = compose_edition(data_dir, fiscal_year, templates)
    return _render(edition, templates, pdf, soffice), problems, edition


def _render(edition: Edition, templates: Path, pdf: bool, soffice: str | None) -> dict[str, bytes]:
    """Every output file of a composed edition, in memory."""
    document = edition.document  # every writer reads the document alone, as pandoc's do
    files = {f"csv/{name}": data for name, data in render_csv(document).items()}
    files["tables.xlsx"] = render_xlsx(document, _template(templates, "tables.xlsx"), display_path(templates / "tables.xlsx"))
    files["report.txt"] = render_text(document)
    files.update({f"html/{name}": data for name, data in render_html(document).items()})  # the web edition
    files["report.docx"] = render_docx(document, _template(templates, "report.docx"), display_path(templates / "report.docx"))
    # the text as generated and what identifies each chart's picture: the base of the next reportgen update
    files[BASE] = base_record(document, chart_records(files["report.docx"], document))
    if pdf:
        from reportgen.render.pdf import docx_to_pdf  # only when asked: it needs LibreOffice

        files["report.pdf"] = docx_to_pdf(files["report.docx"], soffice, document.date.moment)
    return files


def validate(data_dir: Path, fiscal_year: int, templates: Path = TEMPLATES) -> tuple[Edition, Problems]:
    """Check the input for ``fiscal_year``, evaluate the rules and render every output in memory, writing nothing.

    The edition comes back with the problems so that the console can summarise its warnings as a
    build's does (reference values one line per indicator, carried-over sections one line per file).
    """
    edition, problems = compose_edition(data_dir, fiscal_year, templates)
    _render(edition, templates, False, None)
    return edition, problems


def build(
    data_dir: Path, output_dir: Path, fiscal_year: int, templates: Path = TEMPLATES, pdf: bool = False,
    *, force: bool = False, beside: bool = False, soffice: str | None = None, strict: bool = False,
) -> BuildResult:
    """Build the ``fiscal_year`` edition into ``output_dir/YEAR/`` (and report.pdf when ``pdf``).

    Everything is rendered in memory first. Then, holding the folder's lock, an interrupted earlier
    build is rolled back, the guard checks that no edited file would be overwritten
    (:mod:`reportgen.guard`), and the journal writes the new set whole (:mod:`reportgen.output`).

    ``strict`` (``--strict``/``--final``): the edition is to be published, so placeholders, text
    carried over unreviewed and other years in the text are errors, and nothing is written — the
    previous outputs stay as they were, so a final build never leaves a half-finished report behind
    under the name of the published one (a draft is what a build without ``strict`` is for).
    """
    edition, problems = compose_edition(data_dir, fiscal_year, templates)
    blocking = edition.unfinished.blocking
    if strict and blocking:
        raise InputError([replace(p, severity=Severity.ERROR, message=f"{p.message}（--strict）") if p in blocking else p
                          for p in problems])
    files = _render(edition, templates, pdf, soffice)
    folder = output_dir / str(fiscal_year)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else folder
        raise OutputError([Problem(Location(display_path(where)), f"出力フォルダを作成できません: {exc.strerror} (cannot create the output folder)")]) from None
    with folder_lock(folder):
        problems.extend(output.recover(folder))
        plan = guard.check(folder, files, force=force, beside=beside, companions={BASE: "report.docx"})
        problems.extend(plan.warnings)
        published = output.publish(folder, plan)
    for name in plan.beside:
        original = PurePosixPath(name).name.replace(".new.", ".", 1)
        problems.warning(Location(display_path(folder / name)),
            f"{original} は編集されているため、そのまま残し、新しい版をこの名前で作成しました (the edited file was kept; the new one is beside it)")
    problems.extend(guard.stale_warnings(folder, plan.stale))
    return BuildResult(published.written, problems, published.backups, edition, folder, published.unchanged)
