"""``reportgen init``: a new year's folder from the plan and the year before, ready for its editors.

``data/YEAR/`` gets edition.yaml (last year's contact, the 公表日 to fill in), the editors' text
files with every heading the report reads (:mod:`reportgen.narrative.headings`), last year's text
under the same heading carried over and marked for review (:data:`reportgen.load.prose.CARRIED`),
and チェックリスト.md, what is left to do. The figures are not written here: they come from the
wards through ``reportgen intake`` and ``reportgen import``. Everything is made in a hidden folder
beside the year's and renamed into place at the end, so a failure leaves no half-made year.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import InputError, Location, OutputError, Problem, Problems, display_path
from reportgen.jp.era import fiscal_year_label
from reportgen.load.edition import read_edition
from reportgen.load.plan import load_plan
from reportgen.load.prose import ProseFile, carried_mark, load_prose
from reportgen.narrative.headings import FILES, Concrete, expand
from reportgen.pipeline import data_folder_hint
from reportgen.rules.ruleset import load_rules

CHECKLIST = "チェックリスト.md"
"""The checklist's name in the year folder (the loaders read only the CSVs, edition.yaml and text/)."""


@dataclass(frozen=True)
class InitResult:
    """What ``init`` made: the year folder, its files, and how many sections were carried over or left to write."""

    folder: Path
    written: list[Path]
    carried: int
    empty: int
    notes: list[str]


def _role(concrete: Concrete) -> tuple[str, str, str]:
    """What a heading is for, the same from year to year: Ⅰ's closing parts are renumbered in the last year."""
    return concrete.file, concrete.entry.name, "" if concrete.entry.per == "edition" else concrete.name


def _file_text(key: str, headings: list[tuple[Concrete, str]], previous: ProseFile | None, last: int, label: str) -> tuple[str, int, int]:
    """One text file: every heading, last year's text carried over under its mark, else a note of what to write."""
    part = FILES["items" if key.startswith("items/") else key]
    lines = [f"# {label}版の編集者の文章: {part}" + (f" {key.split('/', 1)[1]}" if key.startswith("items/") else ""), ""]
    carried = empty = 0
    for concrete, old_name in headings:
        entry = concrete.entry
        lines.append(f"## {concrete.name}")
        paragraphs = previous.get(old_name) if previous is not None else ()
        if any(paragraphs):
            carried += 1
            lines.append(carried_mark(last, fiscal_year_label(last)))
            for paragraph in paragraphs:
                lines += [paragraph, ""]
            continue
        empty += 1
        guide = f"<!-- 記入: 読むとき: {entry.when}。報告書の場所: {entry.lands}"
        if entry.fragment:
            guide += f"。文の一部です: {entry.fragment}"
        lines += [guide + " -->", ""]
    return "\n".join(lines).rstrip("\n") + "\n", carried, empty


def _edition_yaml(data_dir: Path, year: int, last: int) -> str:
    """edition.yaml: last year's contact kept; the 公表日 left for the editors (it is always a new day)."""
    problems = Problems()
    info = read_edition(data_dir, last, problems) if (data_dir / str(last)).is_dir() else None
    label = fiscal_year_label(year)
    lines = [
        f"# {label}版の情報（edition information）。reportgen init が作成しました。",
        "#",
        "# 要記入: published（公表日、YYYY-MM-DD）。決まったら次の行の先頭の「# 」を消して書きます。",
    ]
    if info is not None and info.date.published:
        lines.append(f"#   {fiscal_year_label(last)}版の公表日は {info.date.day.isoformat()} でした。")
    lines.append(f"# published: {year + 1}-MM-DD")
    lines.append("#")
    if info is not None and info.contact:
        lines.append(f"# 要確認: contact（問い合わせ先）は{fiscal_year_label(last)}版のままです。部署・電話が変わっていないか確かめてください。")
        lines.append("contact: |")
        lines += [f"  {line}" for line in info.contact.split("\n")]
    else:
        lines.append("# 要記入: contact（問い合わせ先。tables.xlsx の表紙に出ます。複数行は「contact: |」の後に字下げして書く）")
        lines.append("# contact: |")
        lines.append("#   担当部署")
    return "\n".join(lines) + "\n"


def _checklist(year: int, files: dict[str, tuple[int, int]], dropped: list[str], final: bool, data: str) -> str:
    """チェックリスト.md: what the year still needs, in the order it is done."""
    label = fiscal_year_label(year)
    lines = [
        f"# {label}版（{year}年度）の作業チェックリスト",
        "",
        "reportgen init が作成しました。終わったものの [ ] を [x] にしてください。",
        "",
        "## 1. 実績値と取組状況（各区から集める）",
        "",
        f"- [ ] 各区に入力用のブックを送る: `reportgen intake --fiscal-year {year} --data {data} --output 配布フォルダ`",
        f"- [ ] 返ってきたブックを読み込む: `reportgen import --fiscal-year {year} --data {data} 回収フォルダ`"
        f"（{data}/{year}/results.csv と implementation.csv ができます。init はこの2つを作りません）",
        "",
        "## 2. 年度版の情報（edition.yaml）",
        "",
        "- [ ] published（公表日）を書く",
        "- [ ] contact（問い合わせ先）を確かめる",
        "",
        "## 3. 編集者の文章（text/）",
        "",
        "「<!-- 引き継ぎ … -->」の行がある見出しは前年度の文章です。今年度の内容に直し、見直したらその行を消してください。",
        "「<!-- 記入: … -->」の行は書き方の説明です（報告書には出ません）。説明に「文の一部」とある見出しは、生成する文の途中に入ります。",
        "",
    ]
    for key, (carried, empty) in files.items():
        what = []
        if carried:
            what.append(f"見直す {carried}")
        if empty:
            what.append(f"書く {empty}")
        lines.append(f"- [ ] text/{key}.md（{'・'.join(what)}）")
    if final:
        lines += ["", "取組期間の最終年度です。text/summary.md の「取組期間全体の総括」に、取組期間全体を振り返る文章を書いてください。"]
    if dropped:
        lines += ["", "前年度の文章のうち、今年度の報告書が読まない見出し（引き継いでいません）:", ""]
        lines += [f"- {name}" for name in dropped]
    lines += [
        "",
        "## 4. 作成と確認",
        "",
        f"- [ ] `reportgen build --fiscal-year {year} --data {data}` で下書きを作り、警告をすべて確かめる",
        f"- [ ] 公表する版は `reportgen build --fiscal-year {year} --data {data} --strict` で作る"
        "（差し込み位置・見直していない引き継ぎ・今年度でない年度の記述が残っていると、何も書き出さずに失敗します）",
    ]
    return "\n".join(lines) + "\n"


def init_year(data_dir: Path, year: int) -> InitResult:
    """Create ``data_dir/year/`` (see the module's docstring); raise with every problem found, writing nothing."""
    problems = Problems()
    hint = data_folder_hint(data_dir) if data_dir.is_dir() else None
    if hint is not None:  # a year folder or the project folder given as --data
        raise InputError([Problem(Location(display_path(data_dir)), hint)])
    folder = data_dir / str(year)
    if os.path.lexists(folder):
        problems.error(Location(display_path(folder)),
                       f"{year}年度のフォルダはすでにあります。上書きしません。作り直すときは、フォルダの名前を変えて控えてから実行してください"
                       " (the year exists; nothing is overwritten)")
    plan = load_plan(data_dir, problems) if data_dir.is_dir() else None
    if not data_dir.is_dir():
        problems.error(Location(display_path(data_dir)), "データのフォルダがありません (data folder not found)")
    rules = load_rules(data_dir / "rules.yaml", problems) if data_dir.is_dir() else None
    if plan is not None and not plan.period_start <= year <= plan.period_end:
        problems.error(Location(display_path(data_dir / "plan.yaml"), None, "period"),
                       f"{year}年度は取組期間（{plan.period_start}〜{plan.period_end}年度）の外です")
    last = year - 1
    previous_text: dict[str, ProseFile] = load_prose(data_dir / str(last) / "text", problems) if data_dir.is_dir() else {}
    if problems.errors or plan is None or rules is None:
        raise InputError(list(problems))
    headings = expand(plan, rules.counting, year)
    before = {_role(c): c.name for c in expand(plan, rules.counting, last)} if plan.period_start <= last else {}
    by_file: dict[str, list[tuple[Concrete, str]]] = {}
    for concrete in headings:
        by_file.setdefault(concrete.file, []).append((concrete, before.get(_role(concrete), concrete.name)))
    label = fiscal_year_label(year)
    texts: dict[str, str] = {}
    counts: dict[str, tuple[int, int]] = {}
    for key, entries in by_file.items():
        texts[key], carried, empty = _file_text(key, entries, previous_text.get(key), last, label)
        counts[key] = (carried, empty)
    used = {(key, old) for key, entries in by_file.items() for _, old in entries}
    dropped = [f"text/{key}.md「{name}」" for key, file in previous_text.items() for name, paragraphs in file.sections.items()
               if any(paragraphs) and (key, name) not in used]
    final = year == plan.period_end
    files = {"edition.yaml": _edition_yaml(data_dir, year, last), CHECKLIST: _checklist(year, counts, dropped, final, display_path(data_dir))}
    files.update({f"text/{key}.md": text for key, text in texts.items()})
    written = _create(folder, files)
    notes = [f"{display_path(data_dir / str(last) / 'text')} の文章を引き継ぎました" if previous_text else
             f"{display_path(data_dir / str(last) / 'text')} がないため、見出しだけのファイルを作りました"]
    return InitResult(folder, written, sum(c for c, _ in counts.values()), sum(e for _, e in counts.values()), notes)


def _create(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write ``files`` into a hidden folder beside ``folder``, then rename it into place (all or nothing)."""
    temporary = folder.with_name(f".{folder.name}.init-{os.getpid()}")
    made = False
    try:
        for name, text in sorted(files.items()):
            path = temporary / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        os.mkdir(folder)  # claims the name: fails when the year appeared meanwhile
        made = True
        os.rename(temporary, folder)  # replaces only the empty folder just made
    except OSError as exc:
        with contextlib.suppress(OSError):
            shutil.rmtree(temporary)
        if made:
            with contextlib.suppress(OSError):
                os.rmdir(folder)  # only while still empty
        where = Path(exc.filename) if exc.filename else folder
        raise OutputError([Problem(Location(display_path(where)), f"年度のフォルダを作成できません: {exc.strerror} (cannot create the year folder)")]) from None
    return [folder / name for name in sorted(files)]
