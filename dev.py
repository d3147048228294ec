"""Set up and run reportgen with nothing but Python 3.11: ``python3 dev.py report`` / ``python3 dev.py test``.

Creates ``.venv`` when missing (or when pyproject.toml changed), installs reportgen with its
test tools into it, then builds FY2016 into ``output/2016/`` or runs the tests.
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


def ensure_venv() -> None:
    """Create .venv and install the project into it unless it is already up to date."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("仮想環境 .venv を作成しています… (creating .venv)", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("必要なパッケージをインストールしています… (installing dependencies)", flush=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(digest)


def main(argv: list[str]) -> int:
    """Dispatch ``report`` or ``test``; extra arguments go to reportgen or pytest."""
    if not argv or argv[0] not in ("report", "test"):
        print("使い方: python3 dev.py report | test [引数…]", file=sys.stderr)
        return 2
    ensure_venv()
    os.chdir(ROOT)
    if argv[0] == "report":
        command = [PYTHON, "-m", "reportgen", "build", "--fiscal-year", "2016", *argv[1:]]
    else:
        command = [PYTHON, "-m", "pytest", *argv[1:]]
    return subprocess.run(command).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
