"""Command line: the only module that prints or exits (messages in Japanese, English alongside)."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import functools
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from reportgen import __version__
from reportgen.errors import Problem, ReportgenError, Severity, display_lines, display_path
from reportgen.jp.era import ERA_LETTERS, ERAS

if TYPE_CHECKING:
    from reportgen.build import BuildResult, Edition

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 70, 130


_ARGPARSE_MESSAGES: tuple[tuple[str, str], ...] = (
    # argparse's own English (Python 3.11), in Japanese; the English stays in brackets.
    (r"^argument (?P<name>[^:]+): (?P<rest>.*)$", "「{name}」: {rest}"),
    (r"invalid (?:int|Path|\w+) value: (?P<value>.*)$", "値が正しくありません: {value}"),
    (r"invalid choice: (?P<value>'[^']*') \(choose from (?P<choices>.*)\)$", "{value} というコマンドはありません（使えるもの: {choices}）"),
    (r"the following arguments are required: (?P<names>.*)$", "次の指定が必要です: {names}"),
    (r"unrecognized arguments: (?P<names>.*)$", "知らない指定があります: {names}"),
    (r"expected one argument$", "値を1つ続けて指定してください"),
    (r"not allowed with argument (?P<other>.*)$", "{other} と同時には使えません"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)$", "{option} がどれのことか決められません（候補: {matches}）"),
    (r"ignored explicit argument (?P<value>.*)$", "値は付けられません: {value}"),
)


def _fill(japanese: str, match: re.Match[str]) -> str:
    """The Japanese message with the named groups of argparse's English one filled in."""
    return japanese.format(**match.groupdict())


def _in_japanese(message: str) -> str:
    """argparse's message in Japanese, or the English as is when no translation fits."""
    text = message
    for pattern, japanese in _ARGPARSE_MESSAGES:
        text = re.sub(pattern, functools.partial(_fill, japanese), text)
    if text == message or re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", message):
        return text  # already Japanese (a message of reportgen's own): no English echo
    return f"{text} ({message})"


def fiscal_year(text: str) -> int:
    """``--fiscal-year``: a western year (2017, or full-width ２０１７); an era year gets its western year as a hint."""
    normal = unicodedata.normalize("NFKC", text).strip()
    if re.fullmatch(r"[0-9]{4}", normal):
        return int(normal)
    era = re.fullmatch(r"(?P<era>[A-Za-z]|[^\W\d_]{1,2})(?P<year>元|[0-9]{1,2})年?度?", normal)
    if era:
        names = {name: start.year for name, start in ERAS}
        names.update({letter: names[name] for name, letter in ERA_LETTERS.items()})
        names.update({letter.lower(): names[name] for name, letter in ERA_LETTERS.items()})
        start = names.get(era["era"])
        if start is not None:
            western = start - 1 + (1 if era["year"] == "元" else int(era["year"]))
            raise argparse.ArgumentTypeError(
                f"年度は西暦で指定してください。{text} は --fiscal-year {western} です (use the western year: {western})")
    raise argparse.ArgumentTypeError(f"年度は西暦4桁で指定してください（例: 2016 = 平成28年度）: {text!r} (a four-digit year)")


class _JapaneseParser(argparse.ArgumentParser):
    """argparse with its fixed English phrases in Japanese, and 'did you mean' for misspelt options."""

    argv: list[str] = []
    """The command line being parsed (set by :func:`main`), for hints about options argparse skipped."""

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "使い方:")

    def format_help(self) -> str:
        text = super().format_help()
        for english, japanese in (
            ("usage:", "使い方:"),
            ("options:", "オプション:"),
            ("positional arguments:", "コマンド:"),
            ("show this help message and exit", "このヘルプを表示して終了します"),
        ):
            text = text.replace(english, japanese)
        return text

    def _known(self) -> tuple[list[str], list[str]]:
        """Every option string and command name of this parser and its commands."""
        options: list[str] = []
        commands: list[str] = []
        for action in self._actions:
            options.extend(action.option_strings)
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    commands.append(name)
                    options.extend(o for a in sub._actions for o in a.option_strings)
        return sorted(set(options)), commands

    def error(self, message: str) -> NoReturn:
        options, commands = self._known()
        hints = []
        words = re.findall(r"(--?[\w-]+|'[^']*')", message.split(":", 1)[-1])
        # an option argparse did not get to (a missing required one is reported first)
        words += [w.split("=")[0] for w in self.argv if w.startswith("--") and w.split("=")[0] not in options]
        for word in dict.fromkeys(words):
            candidates = options if word.startswith("-") else commands
            close = difflib.get_close_matches(word.strip("'").split("=")[0], candidates, n=1, cutoff=0.6)
            if close and close[0] != word.strip("'"):
                hints.append(f"{word.strip(chr(39))} → もしかして {close[0]} (did you mean {close[0]}?)")
        self.print_usage(sys.stderr)
        lines = [f"エラー: コマンドの指定が正しくありません: {_in_japanese(message)}", *hints]
        self.exit(EXIT_USAGE, "\n".join(lines) + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = _JapaneseParser(
        prog="reportgen",
        description="市の計画の成果指標と各区の取組の実施状況から、年度ごとの実施状況（報告書 .docx・表 .xlsx・CSVオープンデータ）を作成します。",
    )
    parser.add_argument("--version", action="version", version=f"reportgen {__version__}",
                        help="reportgen の版を表示して終了します (show the version)")
    commands = parser.add_subparsers(dest="command", metavar="{init,intake,import,build,validate,update,check,pdf}", parser_class=_JapaneseParser)
    init_help = "前年度と計画から新しい年度のフォルダ（data/年度/）を作ります: 編集者の文章の見出し・引き継ぎ・チェックリスト"
    init = commands.add_parser("init", help=init_help, description=init_help)
    init.add_argument("--fiscal-year", type=fiscal_year, required=True, metavar="年度", help="作成する年度（西暦、例: 2017 = 平成29年度）")
    init.add_argument("--data", type=Path, default=Path("data"), metavar="フォルダ", help="データのフォルダ（既定: data）")
    for name, help_text in (
        ("build", "データを読み、年度版の出力を output/年度/ に作成します"),
        ("validate", "データを点検し、問題をすべて表示します（何も書き出しません）"),
        ("update", "編集された report.docx に、編集を残したままデータの修正を反映します（表・CSV も作り直します）"),
        ("check", "編集された report.docx の表の数値と作成した文が、データと合っているかを確かめます"),
        ("pdf", "編集された report.docx から report.pdf を作成します（LibreOffice が必要）"),
    ):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--fiscal-year", type=fiscal_year, required=True, metavar="年度", help="作成する年度（西暦、例: 2016 = 平成28年度）")
        if name != "pdf":
            sub.add_argument("--data", type=Path, default=Path("data"), metavar="フォルダ", help="データのフォルダ（既定: data）")
            sub.add_argument("--templates", type=Path, default=None, metavar="フォルダ", help="テンプレートのフォルダ（既定: reportgen 付属の templates）")
        if name != "validate":
            sub.add_argument("--output", type=Path, default=Path("output"), metavar="フォルダ", help="出力先のフォルダ（既定: output）")
        if name in ("build", "update"):
            sub.add_argument("--pdf", action="store_true", help="report.pdf も LibreOffice で作成します（LibreOffice が必要）")
        if name in ("build", "update", "pdf"):
            sub.add_argument("--soffice", metavar="プログラム", default=None,
                             help="PDF の作成に使う LibreOffice の soffice（既定: REPORTGEN_SOFFICE、PATH、通常のインストール先の順に探す）")
        if name in ("build", "validate", "update"):
            sub.add_argument("--verbose", action="store_true", help="参考数値を区ごとに表示します（既定は指標ごとの要約）")
        if name == "build":
            edited = sub.add_mutually_exclusive_group()
            edited.add_argument("--force", action="store_true", help="前回の作成後に編集されたファイルも、backups/ に日付つきの控えを残して上書きします")
            edited.add_argument("--beside", action="store_true", help="編集されたファイルは残し、新しいファイルを 名前.new.拡張子 で横に作成します")
            sub.add_argument("--strict", "--final", dest="strict", action="store_true",
                             help="公表用: 差し込み位置・見直していない引き継ぎ・今年度でない年度の記述が残っていれば、何も書き出さずに失敗します")
    _intake_commands(commands)
    return parser


def _due(text: str) -> str:
    """``--due``: a date YYYY-MM-DD, shown on the workbooks' instructions as 「2017年5月31日（水）まで」."""
    try:
        day = dt.date.fromisoformat(unicodedata.normalize("NFKC", text).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"提出期限は YYYY-MM-DD で指定してください（例: 2017-05-31）: {text!r} (a date)") from None
    return f"{day.year}年{day.month}月{day.day}日（{'月火水木金土日'[day.weekday()]}）までに提出してください。"


def _intake_commands(commands: argparse._SubParsersAction[_JapaneseParser]) -> None:
    """``intake`` (the wards' workbooks) and ``import`` (the returned workbooks into the year's CSVs)."""
    sub = commands.add_parser("intake", help="各区に送る入力用の Excel ブック（区ごとと全市の指標の1つ）を作成します",
                              description="各区に送る入力用の Excel ブックを作成します。年度のデータがあれば、その値を入れておきます（訂正の依頼）")
    sub.add_argument("--fiscal-year", type=fiscal_year, required=True, metavar="年度", help="提出してもらう年度（西暦）")
    sub.add_argument("--data", type=Path, default=Path("data"), metavar="フォルダ", help="データのフォルダ（既定: data）")
    sub.add_argument("--output", type=Path, required=True, metavar="フォルダ", help="ブックを作成するフォルダ")
    sub.add_argument("--due", type=_due, default=None, metavar="YYYY-MM-DD", help="提出期限（ブックの説明に書きます）")
    sub.add_argument("--force", action="store_true", help="作成後に変更されたブック（記入済みのものなど）も、backups/ に控えを残して上書きします")
    sub = commands.add_parser("import", help="返ってきたブックを読み、年度の results.csv と implementation.csv を作成します",
                              description="返ってきたブック（ファイル名は問いません）を読み、data/年度/ の results.csv と implementation.csv を作成します")
    sub.add_argument("--fiscal-year", type=fiscal_year, required=True, metavar="年度", help="取り込む年度（西暦）")
    sub.add_argument("--data", type=Path, default=Path("data"), metavar="フォルダ", help="データのフォルダ（既定: data）")
    sub.add_argument("--force", action="store_true", help="年度の CSV がすでにあっても置き換えます（変わる区・指標を表示します）")
    sub.add_argument("workbooks", type=Path, metavar="フォルダ", help="返ってきたブックを入れたフォルダ")


def _print_problems(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity is Severity.ERROR]
    for line in display_lines(problems):
        print(line, file=sys.stderr)
    if errors:
        print(f"{len(errors)}件のエラーがあるため、何も書き出しませんでした。 ({len(errors)} error(s); nothing written)", file=sys.stderr)


def console_never_fails() -> None:
    """Let printing never fail: what the console cannot show is printed as ``\\u32d0``, not raised.

    A cp932 console lacks ㋐ and emoji; ``PYTHONIOENCODING=ascii`` lacks all Japanese. The encoding
    is kept (a cp932 console still gets cp932); only the error handler changes.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # absent when a caller swapped in a StringIO
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    console_never_fails()
    parser = _parser()
    _JapaneseParser.argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from reportgen import build as building  # imported here: --help stays fast

    templates = getattr(args, "templates", None) or building.TEMPLATES
    try:
        if args.command == "init":
            return _init(args)
        if args.command in ("intake", "import"):
            return _intake(args)
        if args.command in ("update", "check", "pdf"):
            return _living(args, templates)
        if args.command == "validate":
            edition, problems = building.validate(args.data, args.fiscal_year, templates)
            _print_warnings(edition, list(problems), args.verbose)
            print(f"{args.fiscal_year}年度のデータに誤りはありません。 (no errors)")
            return EXIT_OK
        result = building.build(args.data, args.output, args.fiscal_year, templates, pdf=args.pdf,
                                force=args.force, beside=args.beside, soffice=args.soffice, strict=args.strict)
    except ReportgenError as error:
        _print_problems(error.problems)
        return error.exit_code
    except KeyboardInterrupt:
        print("中断しました。出力フォルダは前回の作成のままです。 (interrupted; the outputs are as before)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug: say so plainly; the traceback only when asked for
        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        print(
            f"内部エラー: reportgen の不具合の可能性があります（{type(error).__name__}: {error}）。"
            "何も書き出していません。REPORTGEN_DEBUG=1 を付けて実行した結果を開発者に伝えてください。"
            " (internal error; nothing written)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return _built(result, args.verbose)


def _built(result: BuildResult, verbose: bool) -> int:
    """The build's console: warnings (reference values summarised), one line per file, a closing summary."""
    from reportgen import console

    references = set(result.edition.unfinished.references) if result.edition else set()
    if result.edition is None:
        _print_problems(list(result.problems))
    else:
        _print_warnings(result.edition, list(result.problems), verbose, summary=False)
    for path in result.backups:
        print(f"編集されたファイルの控えを残しました: {path}")
    for path in result.written:
        print(f"作成しました: {path}")
    if result.unchanged:
        print(f"前回と同じ内容のため書き換えていません: {len(result.unchanged)}ファイル"
              f" ({len(result.unchanged)} file(s) unchanged, not rewritten)")
    if result.edition is not None:
        for line in console.reference_summary(result.edition, verbose):
            print(line)
    warnings = [p for p in result.problems if p.severity is Severity.WARNING and p not in references]
    for line in console.closing_summary(result, warnings):
        print(line)
    return EXIT_OK


def _print_warnings(edition: Edition, problems: list[Problem], verbose: bool, summary: bool = True) -> None:
    """An edition's warnings as the console groups them: each warning at its place, except reference values
    (参考数値: one line per indicator) and carried-over sections (one line per file).

    ``summary``: print the reference values' lines here (a build prints them after its list of files).
    """
    from reportgen import console

    grouped = set(edition.unfinished.references) | set(edition.unfinished.carried)
    _print_problems([p for p in problems if p not in grouped])
    for line in console.carried_lines(edition):
        print(line, file=sys.stderr)
    if summary:
        for line in console.reference_summary(edition, verbose):
            print(line)


def _init(args: argparse.Namespace) -> int:
    """``init``: the new year's folder (errors are shown by :func:`main`)."""
    from reportgen.yearly import CHECKLIST, init_year

    result = init_year(args.data, args.fiscal_year)
    for path in result.written:
        print(f"作成しました: {display_path(path)}")
    for note in result.notes:
        print(f"情報: {note}")
    print(f"まとめ: {display_path(result.folder)} を作成しました。前年度から引き継いだ文章 {result.carried}か所（見直しが必要）、"
          f"これから書く見出し {result.empty}か所。次にすることは {display_path(result.folder / CHECKLIST)} にあります"
          f" (carried over {result.carried}, to write {result.empty})")
    return EXIT_OK


def _intake(args: argparse.Namespace) -> int:
    """``intake`` and ``import`` (errors are shown by :func:`main`)."""
    from reportgen.intake import commands

    if args.command == "intake":
        done = commands.intake(args.data, args.fiscal_year, args.output, due=args.due or "", force=args.force)
    else:
        done = commands.import_workbooks(args.data, args.fiscal_year, args.workbooks, force=args.force)
    _print_problems(list(done.problems))
    for line in done.changes:
        print(f"変更: {line}")
    for path in done.written:
        print(f"作成しました: {path}")
    if args.command == "intake":
        books = [p for p in done.written if p.suffix == ".xlsx" and p.parent == args.output]
        print(f"提出用のブック {len(books)}冊を {args.output} に作成しました。各区（全市の指標は所管課）に送り、返ってきたブックを"
              f" reportgen import --fiscal-year {args.fiscal_year} フォルダ で取り込みます。 ({len(books)} workbooks)")
    elif args.command == "import" and not done.written:
        print("取り込んだ値は今の CSV と同じです（書き換えていません）。 (no change)")
    elif args.command == "import" and not done.changes and any(p.name == "results.csv" for p in done.written):
        print(f"{args.fiscal_year}年度の CSV を作成しました。reportgen validate --fiscal-year {args.fiscal_year} で点検できます。")
    return EXIT_OK


def _living(args: argparse.Namespace, templates: Path) -> int:
    """``update``, ``check`` and ``pdf``: the edited report.docx (errors are shown by :func:`main`)."""
    from reportgen.living import commands

    if args.command == "pdf":
        for path in commands.pdf(args.output, args.fiscal_year, args.soffice):
            print(f"作成しました: {path}")
        return EXIT_OK
    if args.command == "check":
        report, _ = commands.check(args.data, args.output, args.fiscal_year, templates)  # data warnings are build's to show
        for note in report.notes:
            print(f"情報: {report.file} {note}")
        for finding in report.findings:
            print(f"不一致: {report.file} {finding.place}: {finding.message}", file=sys.stderr)
        if report.findings:
            print(f"{len(report.findings)}か所がデータと合いません（{report.checked}か所を確かめました） "
                  f"({len(report.findings)} place(s) disagree with the data)", file=sys.stderr)
            return EXIT_INPUT
        print(f"表の数値と作成した文 {report.checked}か所は、すべてデータと合っています。 (all {report.checked} agree with the data)")
        return EXIT_OK
    result = commands.update(args.data, args.output, args.fiscal_year, templates, pdf=args.pdf, soffice=args.soffice)
    if result.edition is None:
        _print_problems(list(result.problems))
    else:
        _print_warnings(result.edition, list(result.problems), args.verbose)
    for note in result.merge.notes:
        print(f"情報: {result.report} {note}")
    for path in result.backups:
        print(f"編集されたファイルの控えを残しました: {path}")
    for path in result.written:
        print(f"作成しました: {path}")
    merged = result.merge
    print(f"更新 {merged.updated}・編集を残した {merged.kept}・要確認 {len(merged.conflicts)} "
          f"(updated {merged.updated}, edits kept {merged.kept}, to review {len(merged.conflicts)})")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
