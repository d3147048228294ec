"""Templates and rule expressions run sandboxed: known escapes and unbounded work fail with a located error."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import DATA, ROOT

from reportgen import sandbox
from reportgen.cli import main
from reportgen.errors import Location as Loc
from reportgen.errors import Problems, RuleError
from reportgen.rules.expr import compile_expression

TEMPLATE_PAYLOADS = {
    "cycler_globals": "{{ cycler.__init__.__globals__.os.system('id') }}",
    "attr_format": "{{ ('{0.__class__}'|attr('format'))(year) }}",
    "format_map": "{{ '{x.__class__.__mro__}'.format_map({'x': year}) }}",
    "str_format": "{{ '{0.__class__.__base__.__subclasses__}'.format(year) }}",
    "mro_subclasses": "{{ year.__class__.__mro__[1].__subclasses__() }}",
    "big_string": "{{ 'a' * 100000000 }}",
    "big_power": "{{ 10 ** 200000 }}",
    "range_loop": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "runaway_loop": "{% for i in 'x' * 100000 %}{% for j in 'x' * 100000 %}{% endfor %}{% endfor %}",
    "recursion": "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
}


def test_jinja2_is_a_version_with_the_attr_format_fix() -> None:
    major, minor, patch = (int(p) for p in jinja2.__version__.split(".")[:3])
    assert (major, minor, patch) >= (3, 1, 6)


@pytest.mark.parametrize("payload", TEMPLATE_PAYLOADS.values(), ids=TEMPLATE_PAYLOADS.keys())
def test_template_payloads_stop_the_build_with_the_template_named(payload: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 1.0)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "sentences" / "edition" / "introduction.j2").write_text(payload + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", "--fiscal-year", "2016", "--data", str(DATA), "--output", str(out), "--templates", str(templates)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "introduction.j2" in err and "Traceback" not in err
    assert not out.exists() or not any(out.rglob("*"))


EXPRESSION_PAYLOADS = [
    "value.__class__.__mro__[1].__subclasses__()",
    "('{0.__class__}'|attr('format'))(value)",
    "'{0.__globals__}'.format(value)",
    "'a' * 100000000",
    "10 ** 200000",
    "range(10) | length",
]


@pytest.mark.parametrize("source", EXPRESSION_PAYLOADS)
def test_expression_payloads_fail_with_their_place(source: str) -> None:
    problems = Problems()
    where = Loc("data/rules.yaml", 12, "ward_facts.x")
    compiled = compile_expression(source, where, ["value"], problems)
    if compiled is None:  # refused at load time (unknown name such as range)
        assert problems.errors and "data/rules.yaml" in str(problems.errors[0])
        return
    with pytest.raises(RuleError) as error:
        compiled({"value": 1}, "テスト")
    assert "data/rules.yaml" in str(error.value) and "12" in str(error.value)


def test_an_expressions_filters_run_when_it_is_evaluated_never_while_it_is_compiled() -> None:
    """Jinja2's optimizer would fold ``'x' | f`` by calling ``f`` while compiling the rules: outside the
    time limit and decimal context of bounded_work. The sandbox compiles without it."""
    calls: list[str] = []

    def recording(value: str) -> str:
        calls.append(value)
        return value.upper()

    env = sandbox.BoundedSandbox(undefined=jinja2.StrictUndefined)
    env.filters["recording"] = recording
    expression = env.compile_expression("'x' | recording")
    assert calls == []
    assert expression() == "X" and calls == ["x"]


def test_a_timer_session_keeps_each_limit_and_restores_the_handler() -> None:
    import signal
    import time

    before = signal.getsignal(signal.SIGALRM)
    with sandbox.timer_session():
        for _ in range(3):  # each limit arms its own timer: three short blocks never add up
            with sandbox.time_limit(0.2):
                time.sleep(0.1)
        with pytest.raises(sandbox.WorkLimitError, match="0.05秒"), sandbox.time_limit(0.05):
            while True:
                pass
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before
    with pytest.raises(sandbox.WorkLimitError), sandbox.time_limit(0.05):  # outside a session, as before
        while True:
            pass
    assert signal.getsignal(signal.SIGALRM) is before


def test_inside_a_session_the_handler_is_installed_once_even_by_a_nested_session(monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    installs: list[object] = []
    real = signal.signal

    def counting(signum: int, handler: object) -> object:
        installs.append(handler)
        return real(signum, handler)  # type: ignore[arg-type]

    monkeypatch.setattr(signal, "signal", counting)
    with sandbox.timer_session():
        assert installs == [sandbox._stop]
        with sandbox.timer_session():  # nested: the outer one holds
            with sandbox.bounded_work():
                pass
        for _ in range(3):
            with sandbox.bounded_work():
                pass
        assert installs == [sandbox._stop]  # no limit installed or restored it again
        assert signal.getsignal(signal.SIGALRM) is sandbox._stop
    assert len(installs) == 2  # the session restored the previous handler once
    with sandbox.time_limit(1):
        pass
    assert len(installs) == 4  # outside a session each limit installs and restores


def test_limits_and_sessions_outside_the_main_thread_do_nothing_and_fail_nothing() -> None:
    import signal
    import threading

    errors: list[BaseException] = []

    def work() -> None:
        try:
            with sandbox.timer_session(), sandbox.bounded_work(0.01):
                assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no timer armed from this thread
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert errors == []


def test_a_limit_left_normally_leaves_no_timer_running() -> None:
    import signal

    with sandbox.time_limit(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with sandbox.timer_session():
        with sandbox.bounded_work(5):
            assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_one_number_or_string_is_measured_as_the_walk_measures_it_in_a_list() -> None:
    """measure and checked take a single str, int or Decimal without the walk (issue 17): same sizes, same refusals."""
    from decimal import Decimal

    for value in ("", "abc", "区" * 50, 0, 7, -(2**100), 2**1000, Decimal("12.5"), Decimal("1E+30"), Decimal("-0.001"),
                  Decimal("Infinity"), Decimal("NaN"), True, None, 1.5, object()):
        assert sandbox.measure(value) == sandbox.measure([value]) - 6, value  # a list adds 2 + 4 per item
    assert sandbox.measure(("ab",)) == 8
    assert sandbox.measure(object()) == 1  # not as text: anything may be measured
    with pytest.raises(sandbox.WorkLimitError):
        sandbox.measure(object(), as_text=True)
    for refused in ("a" * (sandbox.MAX_TEXT + 1), 2 ** (sandbox.MAX_INT_BITS + 1), Decimal("1E+5000"), Decimal("1E-5000")):
        for check in (sandbox.measure, sandbox.checked, lambda v: sandbox.measure([v])):
            with pytest.raises(sandbox.WorkLimitError):
                check(refused)
    assert sandbox.checked(Decimal("1E+3000")) == Decimal("1E+3000")
    assert sandbox.checked(True) is True and sandbox.checked(None) is None


def test_an_inner_limit_leaves_the_outer_one_armed_and_the_decimal_context_is_given_back() -> None:
    import decimal
    import signal

    before = decimal.getcontext().Emax
    with sandbox.bounded_work(5):
        assert decimal.getcontext().Emax == sandbox.MAX_DECIMAL_EXPONENT
        with sandbox.bounded_work(1):  # a condition evaluated while a template renders: the outer limit holds
            pass
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 1  # still the outer's 5 s, not disarmed by the inner one
        assert decimal.getcontext().Emax == sandbox.MAX_DECIMAL_EXPONENT
    assert decimal.getcontext().Emax == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
