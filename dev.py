"""Set up and run reportgen with nothing but Python 3.11: ``python3 dev.py report [YEAR]`` / ``python3 dev.py test``.

Creates ``.venv`` when missing (or when pyproject.toml or requirements.lock changed), installs the
locked libraries (``requirements.lock``, with hashes: identical outputs need identical libraries)
and reportgen itself into it, then builds an edition (FY2016 unless a year is given) into
``output/YEAR/`` or runs the tests.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"
LOCK = ROOT / "requirements.lock"


def ensure_venv() -> None:
    """Create .venv and install the project into it unless it is already up to date."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("仮想環境 .venv を作成しています… (creating .venv)", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("必要なパッケージをインストールしています… (installing dependencies)", flush=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", LOCK], check=True)
    # setuptools announces its import finder for the templates/ mapping with a boxed UserWarning
    # ("be careful with folders named like your package"); nothing here is named like it.
    quiet = {**os.environ, "PYTHONWARNINGS": "ignore::UserWarning"}
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ROOT], check=True, env=quiet)
    STAMP.write_text(digest)


def main(argv: list[str]) -> int:
    """Dispatch ``report`` or ``test``; extra arguments go to reportgen or pytest."""
    if not argv or argv[0] not in ("report", "test"):
        print("使い方: python3 dev.py report [年度] [reportgen の引数…] | test [pytest の引数…]", file=sys.stderr)
        return 2
    ensure_venv()
    os.chdir(ROOT)
    if argv[0] == "report":
        rest = argv[1:]
        year = rest.pop(0) if rest and rest[0].isdigit() else "2016"
        command = [PYTHON, "-m", "reportgen", "build", "--fiscal-year", year, *rest]
    else:
        command = [PYTHON, "-m", "pytest", *argv[1:]]
    return subprocess.run(command).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
