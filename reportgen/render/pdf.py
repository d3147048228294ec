"""report.docx → report.pdf through LibreOffice headless, with Japanese Windows fonts aliased.

Word documents name Windows fonts (游明朝, ＭＳ 明朝 …) that Linux lacks and fontconfig has no
alias for, so a private fontconfig file maps them to BIZ UD (Morisawa, OFL) or Noto CJK fonts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportgen.errors import Location, OutputError, Problem
from reportgen.render.pdfstamp import stamp

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
Sub ExportPdf()
  On Error GoTo Failed
  jobs = Split(Environ(&quot;REPORTGEN_PDF_JOBS&quot;), Chr(10))
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  Dim options(3) As New com.sun.star.beans.PropertyValue
  options(0).Name = &quot;UseTaggedPDF&quot;
  options(0).Value = True
  options(1).Name = &quot;PDFUACompliance&quot;
  options(1).Value = True
  options(2).Name = &quot;ExportBookmarks&quot;
  options(2).Value = True
  options(3).Name = &quot;DisplayPDFDocumentTitle&quot;
  options(3).Value = True
  Dim export(1) As New com.sun.star.beans.PropertyValue
  export(0).Name = &quot;FilterName&quot;
  export(0).Value = &quot;writer_pdf_Export&quot;
  export(1).Name = &quot;FilterData&quot;
  export(1).Value = options()
  For n = 0 To UBound(jobs)
    job = Split(jobs(n), Chr(9))
    doc = StarDesktop.loadComponentFromURL(job(0), &quot;_blank&quot;, 0, load())
    indexes = doc.getDocumentIndexes()
    For i = 0 To indexes.getCount() - 1
      indexes.getByIndex(i).update()
    Next i
    doc.storeToURL(job(1), export())
    doc.close(True)
  Next n
  Exit Sub
Failed:
  StarDesktop.terminate()
End Sub
</script:module>
"""
"""A LibreOffice Basic macro, placed in the private profile, that refreshes the table of contents
(page numbers) before exporting: ``--convert-to pdf`` would print the TOC as the .docx holds it
(its entries without page numbers: Word and LibreOffice compute them only when laying the pages
out). It converts every document of one run in the same LibreOffice process, reading the files from
the environment variable :data:`JOBS` (one line per document: its URL, a tab, the PDF's URL). Not
from the macro's arguments: LibreOffice decodes the ``macro:///`` URL before it parses them, so a
``%20`` or ``%22`` in a path (a temporary folder under "C:\\Users\\Taro Yamada") would become a
space or a quote there."""

JOBS = "REPORTGEN_PDF_JOBS"
"""The environment variable holding the macro's list of conversions (file URLs: no tab or newline in them)."""
MAX_JOBS_CHARS = 100_000
"""Characters of the job list one LibreOffice process takes (Linux allows 128 kB in one variable);
more documents are converted by as many processes as needed."""

_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="ooSetupInstCompleted" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""
"""The profile's settings: the setup is complete. Without it, LibreOffice 7.4 treats the new profile as
a first start and drops the macro given on its command line (it ran only after a separate start
with ``--terminate_after_init``: a second process, as long as a conversion's own start-up)."""


def _profile_with_macro(profile: Path) -> None:
    """A new private profile holding the macro, ready to run it on its first start."""
    basic = profile / "user" / "basic"
    (basic / "Standard").mkdir(parents=True, exist_ok=True)
    for name in ("script.xlc", "dialog.xlc"):
        (basic / name).write_text(_LIBRARIES, encoding="utf-8")
    (basic / "Standard" / "script.xlb").write_text(_LIBRARY.format(elements='\n <library:element library:name="Module1"/>\n'), encoding="utf-8")
    (basic / "Standard" / "dialog.xlb").write_text(_LIBRARY.format(elements=""), encoding="utf-8")
    (basic / "Standard" / "Module1.xba").write_text(_MODULE, encoding="utf-8")
    (profile / "user" / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")


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


SETTING = "REPORTGEN_SOFFICE"
"""The environment variable (set by ``--soffice``) naming the LibreOffice program to use."""


def office_candidates(env: Mapping[str, str], platform: str) -> list[Path]:
    """Where LibreOffice's installers put ``soffice`` when it is not on PATH (Windows' never adds it)."""
    if platform == "win32":
        roots = [env[name] for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA") if env.get(name)]
        return [Path(root) / "LibreOffice" / "program" / "soffice.exe" for root in roots]
    if platform == "darwin":
        home = env.get("HOME")
        apps = [Path("/Applications"), *([Path(home) / "Applications"] if home else [])]
        return [app / "LibreOffice.app" / "Contents" / "MacOS" / "soffice" for app in apps]
    return [Path("/usr/bin/soffice"), Path("/usr/lib/libreoffice/program/soffice"), Path("/opt/libreoffice/program/soffice"),
            Path("/snap/bin/libreoffice")]


def find_office(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """The LibreOffice program: ``REPORTGEN_SOFFICE`` (``--soffice``), then PATH, then the usual install folders.

    Raises OutputError when ``REPORTGEN_SOFFICE`` names no program: a setting that is wrong must
    not quietly fall back to another LibreOffice.
    """
    env = os.environ if env is None else env
    configured = env.get(SETTING)
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return configured
        found = shutil.which(configured)
        if found:
            return found
        raise OutputError([Problem(Location(SETTING),
            f"指定された LibreOffice のプログラムがありません（--soffice または {SETTING}）: {configured} (no such program)")])
    on_path = shutil.which("soffice", path=env.get("PATH")) or shutil.which("libreoffice", path=env.get("PATH"))
    if on_path:
        return on_path
    return next((str(c) for c in office_candidates(env, platform) if c.is_file() and os.access(c, os.X_OK)), None)


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


def _batches(jobs: list[str]) -> list[str]:
    """The macro's job lines joined by newlines, in as few lists of at most MAX_JOBS_CHARS as they fit."""
    batches: list[list[str]] = [[]]
    size = 0
    for job in jobs:
        if batches[-1] and size + len(job) + 1 > MAX_JOBS_CHARS:
            batches.append([])
            size = 0
        batches[-1].append(job)
        size += len(job) + 1
    return ["\n".join(batch) for batch in batches]


def convert(data: bytes, name: str, target: str = "pdf", *, refresh_contents: bool = False, soffice: str | None = None) -> bytes:
    """Convert an office file (``name`` gives its extension) with LibreOffice; return the result.

    ``refresh_contents`` (text documents to PDF): update the tables of contents first, through a
    macro in the private profile, so that the PDF's TOC has page numbers. Every way LibreOffice can
    fail (missing, not startable, crashing, hanging, writing nothing or not a PDF) is an
    :class:`OutputError` located at the file it was to make.
    """
    return convert_all([(data, name)], target, refresh_contents=refresh_contents, soffice=soffice)[0]


def convert_all(documents: Sequence[tuple[bytes, str]], target: str = "pdf", *, refresh_contents: bool = False,
                soffice: str | None = None) -> list[bytes]:
    """:func:`convert` for several files at once, in one LibreOffice process (its start-up is most of
    a small conversion); the results in the order given. Names must differ."""
    extension = target.split(":")[0]
    names = [name for _, name in documents]
    if len(set(names)) != len(names):
        raise ValueError(f"convert_all: the same file name twice: {names}")
    wheres = [Location(f"{Path(name).stem}.{extension}") for name in names]
    where = wheres[0]
    office = find_office({**os.environ, SETTING: soffice} if soffice else None)
    if office is None:
        raise OutputError([Problem(
            where,
            "LibreOffice が見つからないため PDF を作成できません。LibreOffice をインストールするか（入れた場所は --soffice で指定できます）、--pdf を付けずに実行してください"
            "（Debian/Ubuntu: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-morisawa-bizud-mincho fonts-morisawa-bizud-gothic）"
            " (LibreOffice not found)",
        )])
    with tempfile.TemporaryDirectory(prefix="reportgen-") as tmp:
        folder = Path(tmp)
        sources = [folder / name for name in names]
        for source, (data, _) in zip(sources, documents, strict=True):
            source.write_bytes(data)
        conf = folder / "fonts.conf"
        conf.write_text(fontconfig(), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(folder), "TZ": "UTC"}
        profile = folder / "profile"
        results = [folder / "out" / (source.stem + "." + extension) for source in sources]
        if refresh_contents:
            _profile_with_macro(profile)  # one process: the profile is ready for the macro on its first start
            results[0].parent.mkdir()
            command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "macro:///Standard.Module1.ExportPdf()"]
            jobs = [f"{source.as_uri()}\t{result.as_uri()}" for source, result in zip(sources, results, strict=True)]
            runs = [(command, {**env, JOBS: batch}) for batch in _batches(jobs)]
        else:
            command = [
                office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                "--convert-to", target, "--outdir", str(folder / "out"), *map(str, sources),
            ]
            runs = [(command, env)]
        code, detail = 0, ""
        for command, run_env in runs:
            code, output = _run(command, run_env, where)
            detail = _printable(output)
            if code < 0:
                raise OutputError([Problem(where, f"LibreOffice が異常終了しました（シグナル {-code}）: {detail} (LibreOffice crashed)")])
            if code != 0:
                break
        converted = []
        for result, place in zip(results, wheres, strict=True):
            if code != 0 or not result.is_file():
                raise OutputError([Problem(place, f"LibreOffice で {extension.upper()} に変換できませんでした（終了コード {code}）: {detail} (conversion failed)")])
            data = result.read_bytes()
            if extension == "pdf" and not data.startswith(b"%PDF-"):
                raise OutputError([Problem(place, f"LibreOffice が PDF ではないファイルを返しました（{office}） (not a PDF)")])
            converted.append(data)
        return converted


def docx_to_pdf(data: bytes, soffice: str | None = None, moment: dt.datetime | None = None) -> bytes:
    """report.docx bytes → a tagged report.pdf (``soffice``: the program ``--soffice`` named).

    With ``moment`` (the edition's date) the PDF's dates, ids and uuids are fixed, so that the same
    document gives the same bytes (see :mod:`reportgen.render.pdfstamp`).
    """
    return docxs_to_pdfs({"report.docx": data}, soffice, moment)["report.pdf"]


def docxs_to_pdfs(documents: Mapping[str, bytes], soffice: str | None = None, moment: dt.datetime | None = None) -> dict[str, bytes]:
    """Every .docx of a run (name → bytes) → its tagged PDF (``NAME.pdf`` → bytes), all in one
    LibreOffice process; ``moment`` as in :func:`docx_to_pdf`."""
    converted = convert_all(list((data, name) for name, data in documents.items()), refresh_contents=True, soffice=soffice)
    return {f"{Path(name).stem}.pdf": data if moment is None else stamp(data, moment) for name, data in zip(documents, converted, strict=True)}
