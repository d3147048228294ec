"""Command line: the only module that prints or exits (messages in Japanese, English alongside)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from reportgen.errors import Problem, ReportgenError, Severity

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 70, 130


class _JapaneseParser(argparse.ArgumentParser):
    """argparse with its fixed English phrases in Japanese."""

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

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"エラー: コマンドの指定が正しくありません: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _JapaneseParser(
        prog="reportgen",
        description="「区政運営基本方針」の実施状況（報告書 .docx・表 .xlsx・CSVオープンデータ）をデータから作成します。",
    )
    commands = parser.add_subparsers(dest="command", metavar="{build,validate}", parser_class=_JapaneseParser)
    for name, help_text in (
        ("build", "データを読み、年度版の出力を output/年度/ に作成します"),
        ("validate", "データを点検し、問題をすべて表示します（何も書き出しません）"),
    ):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--fiscal-year", type=int, required=True, metavar="年度", help="作成する年度（西暦、例: 2016 = 平成28年度）")
        sub.add_argument("--data", type=Path, default=Path("data"), metavar="フォルダ", help="データのフォルダ（既定: data）")
        sub.add_argument("--templates", type=Path, default=None, metavar="フォルダ", help="テンプレートのフォルダ（既定: reportgen 付属の templates）")
        if name == "build":
            sub.add_argument("--output", type=Path, default=Path("output"), metavar="フォルダ", help="出力先のフォルダ（既定: output）")
            sub.add_argument("--pdf", action="store_true", help="report.pdf も LibreOffice で作成します（LibreOffice が必要）")
            edited = sub.add_mutually_exclusive_group()
            edited.add_argument("--force", action="store_true", help="前回の作成後に編集されたファイルも、backups/ に日付つきの控えを残して上書きします")
            edited.add_argument("--beside", action="store_true", help="編集されたファイルは残し、新しいファイルを 名前.new.拡張子 で横に作成します")
    return parser


def _print_problems(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity is Severity.ERROR]
    for problem in problems:
        print(problem, file=sys.stderr)
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
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from reportgen import build as building  # imported here: --help stays fast

    templates = args.templates or building.TEMPLATES
    try:
        if args.command == "validate":
            problems = building.validate(args.data, args.fiscal_year, templates)
            _print_problems(list(problems))
            print(f"{args.fiscal_year}年度のデータに誤りはありません。 (no errors)")
            return EXIT_OK
        result = building.build(args.data, args.output, args.fiscal_year, templates, pdf=args.pdf, force=args.force, beside=args.beside)
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
    _print_problems(list(result.problems))
    for path in result.backups:
        print(f"編集されたファイルの控えを残しました: {path}")
    for path in result.written:
        print(f"作成しました: {path}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
