"""report.docx → report.pdf through LibreOffice headless, with Japanese Windows fonts aliased.

Word documents name Windows fonts (游明朝, ＭＳ 明朝 …) that Linux lacks and fontconfig has no
alias for, so a private fontconfig file maps them to BIZ UD (Morisawa, OFL) or Noto CJK fonts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from reportgen.errors import Location, OutputError, Problem

ALIASES = {
    "serif": ("游明朝", "Yu Mincho", "YuMincho", "游明朝 Demibold", "ＭＳ 明朝", "MS Mincho", "ＭＳ Ｐ明朝", "MS PMincho", "BIZ UD明朝 Medium"),
    "sans": ("游ゴシック", "Yu Gothic", "YuGothic", "游ゴシック Medium", "ＭＳ ゴシック", "MS Gothic", "ＭＳ Ｐゴシック", "MS PGothic", "メイリオ", "Meiryo"),
}
PREFER = {
    "serif": ("BIZ UDMincho", "BIZ UD明朝", "Noto Serif CJK JP", "IPAexMincho"),
    "sans": ("BIZ UDGothic", "BIZ UDゴシック", "Noto Sans CJK JP", "IPAexGothic"),
}
TIMEOUT_SECONDS = 300


def fontconfig(system: str = "/etc/fonts/fonts.conf") -> str:
    """A fontconfig file: the system's configuration plus strong aliases for the Windows names."""
    parts = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">', "<fontconfig>"]
    parts.append(f'  <include ignore_missing="yes">{escape(system)}</include>')
    for kind, names in ALIASES.items():
        prefer = "".join(f"<family>{escape(f)}</family>" for f in PREFER[kind])
        for name in names:
            parts.append(f'  <alias binding="strong"><family>{escape(name)}</family><prefer>{prefer}</prefer></alias>')
    parts.append("</fontconfig>")
    return "\n".join(parts) + "\n"


def find_office() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, name: str, target: str = "pdf") -> bytes:
    """Convert an office file (``name`` gives its extension) with LibreOffice; return the result."""
    office = find_office()
    if office is None:
        raise OutputError([Problem(
            Location("report.pdf"),
            "LibreOffice が見つからないため PDF を作成できません。LibreOffice をインストールするか、--pdf を付けずに実行してください"
            "（Debian/Ubuntu: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-morisawa-bizud-mincho fonts-morisawa-bizud-gothic）"
            " (LibreOffice not found)",
        )])
    with tempfile.TemporaryDirectory(prefix="reportgen-") as tmp:
        folder = Path(tmp)
        source = folder / name
        source.write_bytes(data)
        conf = folder / "fonts.conf"
        conf.write_text(fontconfig(), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(folder)}
        command = [
            office, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
            "--convert-to", target, "--outdir", str(folder / "out"), str(source),
        ]
        try:
            run = subprocess.run(command, env=env, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise OutputError([Problem(Location(name), f"LibreOffice の変換が{TIMEOUT_SECONDS}秒で終わりませんでした")]) from None
        result = folder / "out" / (source.stem + "." + target.split(":")[0])
        if run.returncode != 0 or not result.exists():
            detail = (run.stderr or run.stdout).decode("utf-8", "replace").strip()[-300:]
            raise OutputError([Problem(Location(name), f"LibreOffice で PDF に変換できませんでした: {detail}")])
        return result.read_bytes()


def docx_to_pdf(data: bytes) -> bytes:
    """report.docx bytes → report.pdf bytes."""
    return convert(data, "report.docx")
