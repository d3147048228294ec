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


def convert(data: bytes, name: str, target: str = "pdf", *, refresh_contents: bool = False) -> bytes:
    """Convert an office file (``name`` gives its extension) with LibreOffice; return the result.

    ``refresh_contents`` (text documents to PDF): update the tables of contents first, through a
    macro in the private profile, so that the PDF's TOC has page numbers.
    """
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
        profile = folder / "profile"
        result = folder / "out" / (source.stem + "." + target.split(":")[0])
        if refresh_contents:
            # A new profile runs macros only once LibreOffice has set it up: start it once for that.
            init = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--terminate_after_init"]
            subprocess.run(init, env=env, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
            _profile_with_macro(profile)
            result.parent.mkdir()
            macro = f'macro:///Standard.Module1.ExportPdf("{source.as_uri()}","{result.as_uri()}")'
            command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", macro]
        else:
            command = [
                office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                "--convert-to", target, "--outdir", str(folder / "out"), str(source),
            ]
        try:
            run = subprocess.run(command, env=env, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise OutputError([Problem(Location(name), f"LibreOffice の変換が{TIMEOUT_SECONDS}秒で終わりませんでした")]) from None
        if run.returncode != 0 or not result.exists():
            detail = (run.stderr or run.stdout).decode("utf-8", "replace").strip()[-300:]
            raise OutputError([Problem(Location(name), f"LibreOffice で PDF に変換できませんでした: {detail}")])
        return result.read_bytes()


def docx_to_pdf(data: bytes) -> bytes:
    """report.docx bytes → report.pdf bytes."""
    return convert(data, "report.docx", refresh_contents=True)
