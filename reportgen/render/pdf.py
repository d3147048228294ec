"""report.docx → report.pdf through LibreOffice headless, with Japanese Windows fonts aliased.

Word documents name Windows fonts (游明朝, ＭＳ 明朝 …) that Linux lacks and fontconfig has no
alias for, so a private fontconfig file maps them to BIZ UD (Morisawa, OFL) or Noto CJK fonts.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
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

_LIBRARIES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" library:link="false"/>
</library:libraries>
"""
_LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" library:readonly="false" library:passwordprotected="false">{elements}</library:library>
"""
_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub ExportPdf(inUrl As String, outUrl As String)
  On Error GoTo Failed
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(inUrl, &quot;_blank&quot;, 0, load())
  indexes = doc.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    indexes.getByIndex(i).update()
  Next i
  Dim export(0) As New com.sun.star.beans.PropertyValue
  export(0).Name = &quot;FilterName&quot;
  export(0).Value = &quot;writer_pdf_Export&quot;
  doc.storeToURL(outUrl, export())
  doc.close(True)
  Exit Sub
Failed:
  StarDesktop.terminate()
End Sub
</script:module>
"""
"""A LibreOffice Basic macro, placed in the private profile, that refreshes the table of contents
(page numbers) before exporting: ``--convert-to pdf`` would print the TOC as the .docx holds it."""


def _profile_with_macro(profile: Path) -> None:
    basic = profile / "user" / "basic"
    (basic / "Standard").mkdir(parents=True, exist_ok=True)
    for name in ("script.xlc", "dialog.xlc"):
        (basic / name).write_text(_LIBRARIES, encoding="utf-8")
    (basic / "Standard" / "script.xlb").write_text(_LIBRARY.format(elements='\n <library:element library:name="Module1"/>\n'), encoding="utf-8")
    (basic / "Standard" / "dialog.xlb").write_text(_LIBRARY.format(elements=""), encoding="utf-8")
    (basic / "Standard" / "Module1.xba").write_text(_MODULE, encoding="utf-8")


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


def _printable(raw: bytes) -> str:
    """The tail of LibreOffice's output, safe to show: no escape sequences or other control characters."""
    text = raw.decode("utf-8", "replace")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[-300:]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the program and everything it started (soffice starts soffice.bin), then reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    process.wait()


def _run(command: list[str], env: dict[str, str], where: Location) -> tuple[int, bytes]:
    """Run LibreOffice in a process group of its own; its exit code and output, or a located error.

    On a timeout the whole group is killed: ``subprocess.run`` would kill only ``soffice`` and leave
    ``soffice.bin`` running, and a child holding the output pipes would make it wait past the limit.
    """
    try:
        process = subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        )
    except OSError as exc:
        raise OutputError([Problem(where, f"LibreOffice（{command[0]}）を起動できません: {exc.strerror} (cannot start LibreOffice)")]) from None
    try:
        output, _ = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise OutputError([Problem(where, f"LibreOffice の変換が{TIMEOUT_SECONDS}秒で終わりませんでした（{command[0]}） (timeout)")]) from None
    _stop(process)  # nothing it started outlives the conversion
    return process.returncode, output


def convert(data: bytes, name: str, target: str = "pdf", *, refresh_contents: bool = False) -> bytes:
    """Convert an office file (``name`` gives its extension) with LibreOffice; return the result.

    ``refresh_contents`` (text documents to PDF): update the tables of contents first, through a
    macro in the private profile, so that the PDF's TOC has page numbers. Every way LibreOffice can
    fail (missing, not startable, crashing, hanging, writing nothing or not a PDF) is an
    :class:`OutputError` located at the file it was to make.
    """
    extension = target.split(":")[0]
    where = Location(f"{Path(name).stem}.{extension}")
    office = find_office()
    if office is None:
        raise OutputError([Problem(
            where,
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
        profile = folder / "profile"
        result = folder / "out" / (source.stem + "." + extension)
        if refresh_contents:
            # A new profile runs macros only once LibreOffice has set it up: start it once for that.
            _run([office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--terminate_after_init"], env, where)
            _profile_with_macro(profile)
            result.parent.mkdir()
            macro = f'macro:///Standard.Module1.ExportPdf("{source.as_uri()}","{result.as_uri()}")'
            command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", macro]
        else:
            command = [
                office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                "--convert-to", target, "--outdir", str(folder / "out"), str(source),
            ]
        code, output = _run(command, env, where)
        detail = _printable(output)
        if code < 0:
            raise OutputError([Problem(where, f"LibreOffice が異常終了しました（シグナル {-code}）: {detail} (LibreOffice crashed)")])
        if code != 0 or not result.is_file():
            raise OutputError([Problem(where, f"LibreOffice で {extension.upper()} に変換できませんでした（終了コード {code}）: {detail} (conversion failed)")])
        converted = result.read_bytes()
        if extension == "pdf" and not converted.startswith(b"%PDF-"):
            raise OutputError([Problem(where, f"LibreOffice が PDF ではないファイルを返しました（{office}） (not a PDF)")])
        return converted


def docx_to_pdf(data: bytes) -> bytes:
    """report.docx bytes → report.pdf bytes."""
    return convert(data, "report.docx", refresh_contents=True)
