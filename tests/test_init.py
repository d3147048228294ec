"""reportgen init: a new year from the plan and the year before; the build's review of carried-over text."""

from __future__ import annotations

import random
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario import RandomPlan, random_plans

from reportgen.build import build, compose_edition
from reportgen.cli import EXIT_INPUT, EXIT_OK, main
from reportgen.compose import MISSING_TEXT
from reportgen.errors import InputError, Problems, ReportgenError
from reportgen.load.plan import load_plan
from reportgen.load.prose import CARRIED, load_prose
from reportgen.narrative.headings import CONTRACT, contract_markdown, expand
from reportgen.rules.ruleset import load_rules
from reportgen.yearly import CHECKLIST, init_year

YEAR_LINE = re.compile(r"28年度")


def _expanded(data: Path, year: int) -> list[tuple[str, str]]:
    problems = Problems()
    plan, rules = load_plan(data, problems), load_rules(data / "rules.yaml", problems)
    assert plan is not None and rules is not None
    return [(c.file, c.name) for c in expand(plan, rules.counting, year)]


def _figures(data: Path, year: int, seed: int = 7) -> None:
    """FY ``year``'s figures: last year's rows with each value moved a little (the test's own wards' year)."""
    rng = random.Random(seed)
    source, target = data / str(year - 1), data / str(year)
    lines = (source / "results.csv").read_text(encoding="utf-8-sig").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        value = float(cells[2])
        if cells[1].startswith(("1.3", "2.3.b")) or value in (0, 1):
            out.append(line)  # counts and milestones as they were
            continue
        cells[2] = f"{min(5.0 if value <= 5 else 100.0, value * rng.uniform(0.9, 1.1)):.1f}"  # a score stays within 5
        out.append(",".join(cells))
    (target / "results.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    shutil.copy(source / "implementation.csv", target / "implementation.csv")


@pytest.fixture
def fy2017(data_copy: Path) -> Path:
    """data/ with FY2017 made by init, and figures for it."""
    init_year(data_copy, 2017)
    _figures(data_copy, 2017)
    return data_copy


def test_init_writes_every_heading_of_the_contract(data_copy: Path) -> None:
    result = init_year(data_copy, 2017)
    problems = Problems()
    prose = load_prose(data_copy / "2017" / "text", problems)
    assert not problems.errors
    written = [(key, name) for key, file in prose.items() for name in file.sections]
    assert sorted(written) == sorted(_expanded(data_copy, 2017))
    assert ("summary", "3 取組期間全体の総括") in written and ("summary", "4 今後の取組について") in written
    assert not (data_copy / "2017" / "results.csv").exists() and not (data_copy / "2017" / "implementation.csv").exists()
    checklist = (data_copy / "2017" / CHECKLIST).read_text(encoding="utf-8")
    assert "reportgen intake --fiscal-year 2017" in checklist and "reportgen import --fiscal-year 2017" in checklist
    assert "取組期間全体の総括" in checklist
    assert result.carried + result.empty == len(written)


def test_init_carries_last_years_text_marked_for_review(data_copy: Path) -> None:
    result = init_year(data_copy, 2017)
    problems = Problems()
    old = load_prose(data_copy / "2016" / "text", problems)
    new = load_prose(data_copy / "2017" / "text", problems)
    renamed = {"3 今後の取組について": "4 今後の取組について"}  # Ⅰ's closing part is renumbered in the last year
    carried = 0
    for key, file in old.items():
        for name, paragraphs in file.sections.items():
            if not any(paragraphs):
                continue
            target = new[key]
            name_now = renamed.get(name, name) if key == "summary" else name
            assert target.get(name_now) == paragraphs, (key, name)
            assert name_now in target.carried and target.carried[name_now][1] == 2016
            carried += 1
    assert carried == result.carried == sum(len(f.carried) for f in new.values())
    assert not new["summary"].get("3 取組期間全体の総括")


def test_init_is_reproducible(data_copy: Path) -> None:
    """Same data folder (as named on the command line, which the checklist's commands repeat) → same bytes."""
    outputs = []
    for name in ("a", "b"):
        init_year(data_copy, 2017)
        outputs.append({p.relative_to(data_copy / "2017"): p.read_bytes() for p in sorted((data_copy / "2017").rglob("*")) if p.is_file()})
        (data_copy / "2017").rename(data_copy.parent / name)
    assert outputs[0] == outputs[1] and len(outputs[0]) == 2 + len({k for k, _ in _expanded(data_copy, 2017)})


def test_init_refuses_an_existing_year_listing_every_problem(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: p.read_bytes() for p in (data_copy / "2016").rglob("*") if p.is_file()}
    (data_copy / "plan.yaml").write_text((data_copy / "plan.yaml").read_text(encoding="utf-8").replace("period: {start: 2015, end: 2017}", "period: {start: 2015, end: 2015}"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        init_year(data_copy, 2016)
    messages = [p.message for p in caught.value.problems]
    assert any("すでにあります" in m for m in messages) and any("取組期間" in m for m in messages)
    assert {p: p.read_bytes() for p in (data_copy / "2016").rglob("*") if p.is_file()} == before
    code = main(["init", "--fiscal-year", "2016", "--data", str(data_copy)])
    assert code == EXIT_INPUT and "すでにあります" in capsys.readouterr().err


def test_init_leaves_nothing_when_it_cannot_write(data_copy: Path) -> None:
    (data_copy / ".2017.init-0").mkdir()  # unrelated leftovers are not touched
    (data_copy / "2017").symlink_to(data_copy / "missing")  # a dangling link is "existing" too
    with pytest.raises(ReportgenError):
        init_year(data_copy, 2017)
    assert sorted(p.name for p in data_copy.iterdir() if p.name.startswith(".2017")) == [".2017.init-0"]


def test_build_after_init_warns_for_every_carried_section_and_strict_fails(fy2017: Path, tmp_path: Path) -> None:
    problems = Problems()
    prose = load_prose(fy2017 / "2017" / "text", problems)
    expected = {(file.file, name) for file in prose.values() for name in file.carried}
    edition, _ = compose_edition(fy2017, 2017)
    carried = {(p.location.file, p.location.column) for p in edition.unfinished.carried}
    assert carried == expected and len(expected) > 0
    for problem in edition.unfinished.carried:  # the line of the mark, named with its heading
        lines = Path(problem.location.file).read_text(encoding="utf-8").splitlines()
        assert CARRIED.match(lines[problem.location.row - 1])
    with pytest.raises(InputError) as caught:
        build(fy2017, tmp_path / "out", 2017, strict=True)
    assert not (tmp_path / "out").exists()
    errors = [p for p in caught.value.problems if p.severity.name == "ERROR"]
    assert len(errors) == len(edition.unfinished.blocking)


def test_fy2017_report_prints_no_fy2016_year_unnoticed(fy2017: Path, tmp_path: Path) -> None:
    """Every line of the carried-over text that says 28年度 has its warning (file, line, the text found)."""
    edition, problems = compose_edition(fy2017, 2017)
    warned = {(p.location.file, p.location.row) for p in edition.unfinished.years}
    text = "\n".join(getattr(b, "text", "") for b in edition.document.blocks)
    found = 0
    for path in sorted((fy2017 / "2017" / "text").rglob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if YEAR_LINE.search(line) and not line.startswith(("#", "<!--")):
                assert unicodedata.normalize("NFKC", line.strip()) in unicodedata.normalize("NFKC", text)  # it reaches the report (digits made half-width) …
                assert any(file.endswith(path.relative_to(fy2017).as_posix()) and row == number for file, row in warned), (path, number)
                found += 1
    assert found >= 5
    for problem in edition.unfinished.years:
        assert "28年度" in problem.message and "平成29年度版" in problem.message


def test_reviewed_text_builds_strict_with_the_whole_period_summary(fy2017: Path, tmp_path: Path) -> None:
    """Marks removed, years fixed, 総括 written: --final publishes, and the 総括 lands after the strategies."""
    for path in (fy2017 / "2017" / "text").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        text = "\n".join(line for line in text.splitlines() if not CARRIED.match(line.strip()))
        text = text.replace("平成28年度", "平成29年度").replace("27年度及び28年度", "27年度から29年度まで")
        if path.name == "summary.md":
            text = text.replace("## 3 取組期間全体の総括\n", "## 3 取組期間全体の総括\n・取組期間の3年間を通じて、総括の試験文です。\n")
        path.write_text(text + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", "--fiscal-year", "2017", "--data", str(fy2017), "--output", str(out), "--final"])
    assert code == EXIT_OK
    report = (out / "2017" / "report.txt").read_text(encoding="utf-8")
    assert "【編集者の文章を入れてください" not in report
    strategy2, review, ahead, second = (report.index(s) for s in ("2「", "3 取組期間全体の総括", "4 今後の取組について", "Ⅱ．"))
    assert strategy2 < review < report.index("総括の試験文") < ahead < second


def test_the_whole_period_summary_is_read_only_in_the_last_year(data_copy: Path) -> None:
    (data_copy / "2016" / "text" / "summary.md").open("a", encoding="utf-8").write("\n## 3 取組期間全体の総括\n\n総括の文。\n")
    edition, problems = compose_edition(data_copy, 2016)
    assert any(p.location.column == "3 取組期間全体の総括" and "入っていません" in p.message for p in problems)
    assert "3 今後の取組について" in [getattr(b, "text", "") for b in edition.document.blocks]


def test_readme_documents_the_contract_as_the_code_has_it() -> None:
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- contract:start -->\n", "<!-- contract:end -->"
    assert readme[readme.index(start) + len(start): readme.index(end)].strip() == contract_markdown().strip()


def test_every_heading_a_template_reads_is_in_the_contract() -> None:
    names = {re.sub(r"\{\w+\}", "", entry.name).strip() for entry in CONTRACT}
    read = set()
    for path in (ROOT / "templates" / "sentences").rglob("*.j2"):
        text = path.read_text(encoding="utf-8")
        read |= set(re.findall(r"item_text\['([^']+)'\]", text))
        read |= {m.strip() for m in re.findall(r"overview\.get\('([^']+)'", text)}
        read |= set(re.findall(r"get\('overview', \{\}\)\.get\('([^']+)'\)", text))
    rules = (ROOT / "templates" / "sentences" / "rules.yaml").read_text(encoding="utf-8")
    read |= set(re.findall(r"'([^']+)' in item_text", rules))
    assert read and read <= names, read - names
    assert {"一部実施の理由", "今後", "全市で1件の理由", "創出の例", "創出の結果", "達成状況", "注記"} <= read


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(plan=random_plans(max_wards=6), filled=st.booleans())
def test_init_then_build_on_random_plans(tmp_path_factory: pytest.TempPathFactory, plan: RandomPlan, filled: bool) -> None:
    """Any plan, any year: init writes the contract's headings; the build's placeholders are exactly its required ones."""
    root = tmp_path_factory.mktemp("plan")
    data = plan.write(root)
    year_dir = data / str(plan.year)
    keep = {name: (year_dir / name).read_bytes() for name in ("results.csv", "implementation.csv")}
    shutil.rmtree(year_dir)
    init_year(data, plan.year)
    for name, content in keep.items():
        (year_dir / name).write_bytes(content)
    headings = _expanded(data, plan.year)
    problems = Problems()
    assert sorted((k, n) for k, f in load_prose(year_dir / "text", problems).items() for n in f.sections) == sorted(headings)
    problems = Problems()
    expansion = expand(load_plan(data, problems), load_rules(data / "rules.yaml", problems).counting, plan.year)  # type: ignore[arg-type]
    required = {(c.file, c.name) for c in expansion if c.entry.required}
    assert (("summary", f"{2} 取組期間全体の総括") in required) == (plan.year == plan.end)
    if filled:
        for path in (year_dir / "text").rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            for key, name in required:
                if path.as_posix().endswith(f"text/{key}.md"):
                    text = text.replace(f"## {name}\n", f"## {name}\n本文です。\n")
            path.write_text(text, encoding="utf-8")
    edition, _ = compose_edition(data, plan.year)
    missing = {(p.location.file.rsplit("text/", 1)[1].removesuffix(".md"), p.location.column) for p in edition.unfinished.placeholders}
    assert all(p.message == MISSING_TEXT for p in edition.unfinished.placeholders)
    assert missing == (set() if filled else required)
    assert not edition.unfinished.carried  # no text the year before: nothing carried


def test_summary_headings_follow_the_reports_order(data_copy: Path) -> None:
    """Each strategy's headings together (in the order Ⅰ reads them), then the closing parts."""
    init_year(data_copy, 2017)
    text = (data_copy / "2017" / "text" / "summary.md").read_text(encoding="utf-8")
    names = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    numbers = [int(name.split(" ", 1)[0]) for name in names]
    assert numbers == sorted(numbers) and names[-2:] == ["3 取組期間全体の総括", "4 今後の取組について"]
    assert [n.split(" ", 1)[1] for n in names if n.startswith("2 ")][0] == "取組"
