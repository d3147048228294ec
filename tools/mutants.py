"""Measure test strength by mutation: change one operator or constant of a module, run its tests.

    .venv/bin/python tools/mutants.py reportgen/guard.py -- tests/test_write_phase.py -k "not kill"
    .venv/bin/python tools/mutants.py reportgen/render/docx.py --lines 120-160 -- tests/test_contents.py

Each mutant flips one comparison (``==``/``!=``, ``<``/``>=``, ``in``/``not in``, ``is``/``is not``),
one boolean operator (``and``/``or``), removes one ``not``, swaps ``True``/``False``, moves an
integer constant by one, or replaces one bare call statement by ``pass``; the tests run against it
(stopping at the first failure). A mutant the tests do not notice "survived": the script prints
each one with its line, so a test can be written that would have caught it. The module is
restored afterwards, whatever happens.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

SWAPS: dict[type, type] = {
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt,
    ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.And: ast.Or, ast.Or: ast.And,
}


def _mutations(tree: ast.Module) -> Iterator[tuple[int, str, ast.Module]]:
    """Every single-point mutant of ``tree``: (line, description, mutated tree)."""
    nodes = list(ast.walk(tree))
    for index, node in enumerate(nodes):
        def mutant(change: object, index: int = index) -> ast.Module:
            clone = copy.deepcopy(tree)
            target = list(ast.walk(clone))[index]
            change(target)  # type: ignore[operator]
            return clone

        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in SWAPS:
                    def swap(t: ast.Compare, k: int = k) -> None:
                        t.ops[k] = SWAPS[type(t.ops[k])]()
                    yield line, f"{type(op).__name__} → {SWAPS[type(op)].__name__}", mutant(swap)
        elif isinstance(node, ast.BoolOp):
            def flip(t: ast.BoolOp) -> None:
                t.op = SWAPS[type(t.op)]()
            yield line, f"{type(node.op).__name__} → {SWAPS[type(node.op)].__name__}", mutant(flip)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            def drop(t: ast.UnaryOp) -> None:
                t.op = ast.UAdd()  # +x of a bool is the bool itself: "not" removed
            yield line, "not removed", mutant(drop)
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            def negate(t: ast.Constant) -> None:
                t.value = not t.value
            yield line, f"{node.value} → {not node.value}", mutant(negate)
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            def bump(t: ast.Constant) -> None:
                t.value = t.value + 1
            yield line, f"{node.value} → {node.value + 1}", mutant(bump)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            def skip(t: ast.Expr) -> None:
                t.value = ast.Constant(None)
            yield line, f"call removed: {ast.unparse(node)[:60]}", mutant(skip)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", type=Path)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--lines", action="append", default=[], metavar="FROM-TO",
                        help="mutate only nodes on these lines (repeatable), e.g. a function just changed")
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    pytest_args = argv[split + 1:]  # after --: the tests to run
    source = args.module.read_text(encoding="utf-8")
    tree = ast.parse(source)
    ranges = [tuple(int(x) for x in r.split("-", 1)) for r in args.lines]
    mutants = [m for m in _mutations(tree) if not ranges or any(lo <= m[0] <= hi for lo, hi in ranges)]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # killed: still restore the module
    survived: list[str] = []
    started = time.monotonic()
    try:
        for n, (line, what, mutated) in enumerate(mutants, start=1):
            args.module.write_text(ast.unparse(ast.fix_missing_locations(mutated)), encoding="utf-8")
            # A cached .pyc of an earlier mutant of the same size, written in the same second, would be
            # taken for this one: no bytecode at all while mutating.
            for cached in args.module.parent.glob(f"__pycache__/{args.module.stem}.*.pyc"):
                cached.unlink()
            try:
                run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *pytest_args],
                                     capture_output=True, timeout=args.timeout, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
                if run.returncode not in (0, 1):  # 2–5: interrupted, internal or usage error: not a verdict
                    raise SystemExit(f"pytest could not run ({run.returncode}):\n{run.stdout.decode()[-2000:]}")
                killed = run.returncode != 0
                failed = [line for line in run.stdout.decode(errors="replace").splitlines() if line.startswith(("FAILED", "ERROR"))]
                by = failed[0] if failed else f"exit {run.returncode}"
            except subprocess.TimeoutExpired:
                killed, by = True, "timeout"
            if not killed:
                survived.append(f"{args.module}:{line}: {what}")
            print(f"[{n}/{len(mutants)}] {'killed  ' if killed else 'SURVIVED'} {args.module}:{line}: {what}"
                  + (f"  ({by})" if killed else ""), flush=True)
    finally:
        args.module.write_text(source, encoding="utf-8")
    killed_count = len(mutants) - len(survived)
    print(f"\n{args.module}: {killed_count}/{len(mutants)} mutants killed "
          f"({100 * killed_count / max(1, len(mutants)):.0f}%) in {time.monotonic() - started:.0f} s")
    for entry in survived:
        print("survived:", entry)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
