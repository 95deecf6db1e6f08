"""Templates are answered in bounded time and memory, whatever they ask for.

A brief's templates (a step's ``content``, a channel's template file) and a workspace's page
templates render within a budget (planner/budget.py): ``[limits] brief`` characters for the
output and for any value a template builds, ``[limits] render`` for the time. Going past it is
a positioned error that names the limit, with the hint to raise it; exit 2, nothing written.

The cases of tests/bad/template-*.toml that ask for too much run here again in real processes
under an address-space limit, as do the page and channel templates, so that a regression fails
(a MemoryError, or the limit's message missing) rather than swapping the machine. The other
ways around the budget (lists nested in lists, widths in formats, lazy filters…) render in
this process under the same kind of ceiling.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import Result
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from planner.errors import Pos, TemplateError
from planner.limits import Limits
from planner.render import compile_template

from .test_bad_inputs import GOOD_RULE
from .test_serve import Served, make_workspace, serve  # noqa: F401 (a fixture)

BAD = Path(__file__).parent / "bad"
START = "2026-12-01"
MEMORY = 1_000_000_000  # bytes of address space a planner process may use here
PATIENCE = 300.0  # a wait for a process that must end; not a performance limit
BUDGET_CASES = [
    "template-power-5000",
    "template-repeat-a-billion-times",
    "template-nested-ranges",
    "template-nested-ranges-output",
    "template-doubled-forty-times",
    "template-doubled-by-a-macro",
    "template-nested-lists",
    "template-center-a-billion",
    "template-huge-join",
    "template-format-width",
]


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_limited(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m planner ARGS`` in a process that cannot use more than MEMORY."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795046400"}
    env.pop("PLANNER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "planner", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=_limited,
        timeout=PATIENCE,
    )


def _expectation(path: Path) -> tuple[str, str, str]:
    """Place, message and hint from the case's first two lines (tests/bad's convention)."""
    first, second = path.read_text(encoding="utf-8").splitlines()[:2]
    where, message = first.removeprefix("# error: ").split(": ", 1)
    return where, message, second.removeprefix("# hint: ")


def _check(result: subprocess.CompletedProcess[str], where: str, message: str, hint: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    first, *rest = result.stderr.splitlines()
    assert first.startswith(f"{where}: error: "), first
    assert message in first, first
    assert rest and rest[0].startswith("  hint: "), result.stderr
    assert hint in rest[0], rest[0]
    assert result.stdout == ""


@pytest.mark.parametrize("name", BUDGET_CASES)
def test_a_template_asking_too_much_fails_in_a_process_with_little_memory(
    name: str, workspace: Path, tmp_path: Path
) -> None:
    source = BAD / f"{name}.toml"
    (workspace / "rules" / source.name).write_bytes(source.read_bytes())
    place, message, hint = _expectation(source)
    out = tmp_path / "out"
    out.mkdir()
    rule = f"rules/{source.name}"
    _check(
        run_limited("plan", rule, "--start", START, cwd=workspace), f"{rule}:{place}", message, hint
    )
    exported = run_limited(
        "export", rule, "--start", START, "-o", str(out / "p.ics"), cwd=workspace
    )
    _check(exported, f"{rule}:{place}", message, hint)
    assert list(out.iterdir()) == []  # neither the file nor a temporary one


def test_every_budget_case_names_a_limit_and_how_to_raise_it() -> None:
    for name in BUDGET_CASES:
        _, message, hint = _expectation(BAD / f"{name}.toml")
        if "number" in message:  # Python's own limit: no setting raises it
            assert "4,300" in message and "arithmetic" in hint
        else:
            assert "limit" in message
            assert "[limits] brief = " in hint or "[limits] render = " in hint, name


def test_raising_the_brief_limit_as_the_hint_says_lets_the_brief_through(
    cli: Callable[..., Result], workspace: Path
) -> None:
    rule = GOOD_RULE.replace('content = "Bagues"', "content = \"{{ 'x' * 150000 }}\"")
    (workspace / "rules" / "long.toml").write_text(rule, encoding="utf-8")
    refused = cli("plan", "long", "--start", START, cwd=workspace)
    assert refused.exit_code == 2
    assert refused.stderr.startswith(
        "rules/long.toml:10:12: error: the template would build a text of 150,000 characters"
    )
    hint = refused.stderr.splitlines()[1]
    assert (
        hint == "  hint: if the plan really needs more, set [limits] brief = 200000 in planner.toml"
    )
    settings = workspace / "planner.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "\n[limits]\nbrief = 200000\n", encoding="utf-8"
    )
    planned = cli("plan", "long", "--start", START, "--format", "json", cwd=workspace)
    assert planned.exit_code == 0, planned.output
    assert '"brief": "' + "x" * 150000 + '"' in planned.stdout


def test_running_out_of_memory_all_the_same_is_a_message_not_a_traceback(
    workspace: Path,
) -> None:
    """Under the brief limit each text fits; ten of them do not fit in the process (which has
    all the time it needs to find out: the render limit is as long as it may be)."""
    settings = workspace / "planner.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + '\n[limits]\nbrief = 99000000\nrender = "10 minutes"\n',
        encoding="utf-8",
    )
    texts = "".join(f"{{% set t{n} = '{n}' * 98000000 %}}" for n in range(12))
    rule = GOOD_RULE.replace('content = "Bagues"', f'content = "{texts}"')
    (workspace / "rules" / "big.toml").write_text(rule, encoding="utf-8")
    result = run_limited("plan", "big", "--start", START, cwd=workspace)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(
        "rules/big.toml:10:12: error: the template needs more memory than this computer has\n"
    ), result.stderr


def test_a_template_too_long_to_compile_is_refused_before_it_is_compiled(
    workspace: Path,
) -> None:
    """Compiling cannot be stopped half-way: 60,000 values took a minute and gigabytes."""
    rule = GOOD_RULE.replace('content = "Bagues"', 'content = "' + "{{ a }}" * 60000 + '"')
    (workspace / "rules" / "long.toml").write_text(rule, encoding="utf-8")
    result = run_limited("plan", "long", "--start", START, cwd=workspace)
    _check(
        result,
        "rules/long.toml:10:12",
        "the template is too long: more than 20,000 names, values and signs",
        "loops and macros repeat text",
    )


def test_a_channel_template_is_named_at_its_line(workspace: Path) -> None:
    (workspace / "channels").mkdir()
    (workspace / "channels" / "mail.toml").write_text(
        'name = "Mail"\ntemplate = "mail.j2"\n', encoding="utf-8"
    )
    (workspace / "channels" / "mail.j2").write_text(
        "Bonjour,\n{{ content }}\n{{ content * 10**9 }}\n", encoding="utf-8"
    )
    rule = GOOD_RULE.replace('["instagram"]', '["mail"]')
    (workspace / "rules" / "mail.toml").write_text(rule, encoding="utf-8")
    result = run_limited("plan", "mail", "--start", START, cwd=workspace)
    _check(
        result,
        "channels/mail.j2:3:1",
        "the template would build a text of 6,000,000,000 characters",
        "[limits] brief = 200000",
    )


# -- page templates -----------------------------------------------------------------------------

PAGES = {
    "loop": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "rendering the page takes longer than 1 second (the render limit)",
        '[limits] render = "2 seconds" in planner.toml',
    ),
    "recursion": (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(60) }}",
        "rendering the page takes longer than 1 second (the render limit)",
        '[limits] render = "2 seconds" in planner.toml',
    ),
    "output": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ view }}{% endfor %}"
        "{% endfor %}",
        "the page would be longer than",
        "[limits] brief = 200000 in planner.toml",
    ),
    "a list of the view": (
        "{% for i in range(100000) %}{{ [view] * 100000 }}{% endfor %}",
        "the template would build a value of",
        "[limits] brief = 200000 in planner.toml",
    ),
}


def _page_workspace(root: Path, template: str) -> Path:
    (root / "rules").mkdir(parents=True)
    (root / "rules" / "good.toml").write_text(GOOD_RULE, encoding="utf-8")
    (root / "planner.toml").write_text(
        '[shop]\nname = "Test shop"\ntimezone = "Europe/Paris"\nlocale = "fr"\ncountry = "FR"\n'
        '\n[limits]\nrender = "1 second"\n',
        encoding="utf-8",
    )
    (root / "templates").mkdir()
    (root / "templates" / "view.html.j2").write_text(
        "{# the whole page #}\n" + template + "\n", encoding="utf-8"
    )
    return root


@pytest.mark.parametrize("case", PAGES)
def test_a_page_template_asking_too_much_is_exit_2_and_writes_no_page(
    case: str, tmp_path: Path
) -> None:
    template, message, hint = PAGES[case]
    root = _page_workspace(tmp_path / "shop", template)
    page = tmp_path / "page.html"
    result = run_limited("view", "--start", START, "-o", str(page), cwd=root)
    _check(result, "templates/view.html.j2:2", message, hint)
    assert not page.exists()


def test_a_page_template_too_long_to_compile_is_refused_at_its_line(tmp_path: Path) -> None:
    root = _page_workspace(tmp_path / "shop", "\n".join(["{{ view.title }}"] * 10000))
    page = tmp_path / "page.html"
    result = run_limited("view", "--start", START, "-o", str(page), cwd=root)
    _check(
        result,
        "templates/view.html.j2:3335",
        "in template: the template is too long: more than 20,000 names, values and signs",
        "fix the template",
    )
    assert not page.exists()


def test_the_served_page_falls_back_on_the_built_in_templates_and_says_why(
    tmp_path: Path,
    serve: Callable[..., Served],  # noqa: F811
) -> None:
    root = make_workspace(tmp_path / "shop")
    settings = root / "planner.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + '\n[limits]\nrender = "1 second"\n',
        encoding="utf-8",
    )
    (root / "templates").mkdir()
    (root / "templates" / "view.html.j2").write_text(
        "{# forever #}\n" + PAGES["loop"][0] + "\n", encoding="utf-8"
    )
    page = serve(root, chosen=True).get("/?month=2027-01")  # its errors in English
    assert page.status == 200
    assert 'class="served-banner"' in page.text
    assert "view.html.j2:2: error: rendering the page takes longer than 1 second" in page.text
    assert page.text.count('class="item ') == 8  # the built-in page, with every item


# -- the ways around the budget, in this process ------------------------------------------------


@pytest.fixture
def ceiling() -> Iterator[None]:
    """At most a gigabyte more address space for this process while the test runs."""
    size = (
        int(
            next(
                line
                for line in Path("/proc/self/status").read_text().splitlines()
                if line.startswith("VmSize:")
            ).split()[1]
        )
        * 1024
    )
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (size + MEMORY, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


SECOND = Limits(render=timedelta(seconds=1))  # for the cases that are about time
MINUTE = Limits(render=timedelta(minutes=1))  # for the others, however busy the machine
CONTEXT = {"offer": {"discount": "30 %"}, "campaign": {"name": "Soldes"}}
TOO_MUCH = {
    "lists nested in lists": (
        "{% set ns = namespace(t=(1,)) %}{% for i in range(200) %}"
        "{% set ns.t = (ns.t, ns.t) %}{% endfor %}{{ ns.t|length }}",
        "a value of",
    ),
    "a list of lists compared": (
        "{% set ns = namespace(a=['x'] * 10000, b=['x'] * 10000) %}"
        "{{ [ns.a] * 10000 == [ns.b] * 10000 }}",
        "a value of",
    ),
    "a list repeated": ("{{ ([1] * 10000) * 100000 }}", "a list of 1,000,000,000 items"),
    "a wide % field": ("{{ '%0999999999d' % 1 }}", "a text of 1,000,000,"),
    "a wide format field, nested": ("{{ '{0:>{1}}'.format('x', 10**9) }}", "a text of 1,000,000,"),
    "repeated format fields": ("{{ ('{0}' * 1000).format('x' * 1000) }}", "a text of 101,000"),
    "a format filter": ("{{ ('%s' * 1000)|format(*(['x' * 1000] * 99)) }}", "a text of"),
    "indent": ("{{ 'a\\nb'|indent(10**9) }}", "a text of 3,000,000,"),
    "wordwrap": ("{{ 'a b c'|wordwrap(1, wrapstring='x' * 100000) }}", "a text of"),
    "replace": ("{{ 'aaaa'|replace('a', 'b' * 100000) }}", "a text of 400,000"),
    "str.replace": ("{{ ('a' * 1000).replace('', 'b' * 1000) }}", "a text of 1,00"),
    "str.join": ("{{ ('x' * 50000).join(['a'] * 100) }}", "a text of 4,950,100"),
    "str.ljust": ("{{ 'x'.ljust(10**9) }}", "a text of 1,000,000,000"),
    "str.zfill": ("{{ '1'.zfill(10**9) }}", "a text of 1,000,000,000"),
    "str.expandtabs": ("{{ ('\t' * 1000).expandtabs(10**6) }}", "a text of 1,000,00"),
    "str.translate": ("{{ ('a' * 1000).translate({97: 'b' * 1000}) }}", "a text of 1,000,000"),
    "bytes": ("{{ 'ab'.encode() * 10**9 }}", "a text of 2,000,000,000"),
    "to_bytes": ("{{ (1).to_bytes(10**9, 'big') }}", "a text of 1,000,000,000"),
    "markup": ("{{ ('x'|e).center(10**9) }}", "a text of 1,000,000,000"),
    "tojson indented": ("{{ [1, [2, [3]]]|tojson(10**8) }}", "a text of"),
    "batch filled": ("{{ [1]|batch(10**9, 0)|list }}", "a list of 1,000,000,000 items"),
    "round": ("{{ 1.5|round(10**9, 'ceil') }}", "a number of 1,000,000,001 digits"),
    "lipsum": ("{{ lipsum(10**9) }}", "a text of"),
    "a big range": ("{% for i in range(10**12) %}{% endfor %}", "a range of 1,000,000,000,000"),
    "sum of lists": ("{{ ([[1]] * 40000)|sum(start=[]) }}", "a value of"),
    "a namespace printed many times": (
        "{% set ns = namespace(a=1) %}{% set all = [ns] * 1000 %}"
        "{% set ns.a = 'x' * 90000 %}{{ all }}",
        "characters in all",
    ),
    "namespaces filled one by one": (
        "{% set ns = namespace(all=[]) %}{% for i in range(1000) %}"
        "{% set ns.all = ns.all + [namespace()] %}{% endfor %}"
        "{% for n in ns.all %}{% set n.text = 'x' * 90000 %}{% endfor %}",
        "characters in all",
    ),
    "a set block in a loop": (
        "{% set x %}{% for i in range(100000) %}{% for j in range(1000) %}"
        "0123456789{% endfor %}{% endfor %}{% endset %}{{ x|length }}",
        "",
    ),
    "a lazy filter read by list": ("{{ []|slice(10**9)|list|length }}", "takes longer"),
    "a lazy filter read by in": ("{{ [1] in ([]|slice(10**9)) }}", "takes longer"),
    "a loop with a false test": (
        "{% for i in range(100000) %}{% for j in range(100000) if j < 0 %}{% endfor %}{% endfor %}",
        "takes longer",
    ),
    "a recursive loop": (
        "{% for x in [1, 1] recursive %}{% if loop.depth < 60 %}{{ loop([1, 1]) }}{% endif %}"
        "{% endfor %}",
        "takes longer",
    ),
    "subtraction doubling a number": (
        "{% set ns = namespace(x=1) %}{% for i in range(100000) %}"
        "{% set ns.x = ns.x - (0 - ns.x) %}{% endfor %}{{ ns.x }}",
        "a number of 4,301 digits",
    ),
    "a long number in the source": ("{{ " + "9" * 5000 + " }}", "more than 4,300 digits"),
    "brackets nested deeply": ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "nested too deeply"),
}


@pytest.mark.parametrize("case", TOO_MUCH)
def test_a_way_around_the_budget_ends_in_a_positioned_error(case: str, ceiling: None) -> None:
    source, message = TOO_MUCH[case]
    limits = MINUTE if message and "takes longer" not in message else SECOND
    with pytest.raises(TemplateError) as caught:
        compile_template(source, Pos("rules/r.toml", 12, 12), limits).render(CONTEXT)
    error = caught.value
    assert error.pos == Pos("rules/r.toml", 12, 12)
    assert message in error.message
    assert error.hint


WITHIN = [
    "Remise de {{ offer.discount }} sur {{ campaign.name|upper }} !",
    "{% for i in range(5) %}{{ loop.index }}{{ loop.cycle('a', 'b') }} {% endfor %}",
    "{% for i in range(10) if i is even %}{{ i }}{% else %}none{% endfor %}",
    "{% set ns = namespace(total=0, text='') %}{% for i in range(10) %}"
    "{% set ns.total = ns.total + i %}{% set ns.text = ns.text ~ i %}{% endfor %}"
    "{{ ns.total }} {{ ns.text }} {{ ns }}",
    "{% macro tag(name, n=2) %}#{{ name * n }}{% endmacro %}{{ tag('ab') }} {{ tag('c', n=3) }}",
    "{% macro box() %}[{{ caller() }}]{% endmacro %}{% call box() %}inside{% endcall %}",
    "{% set block %}Hello {{ campaign.name }}{% endset %}{{ block|length }} {{ block }}",
    "{% filter upper %}loud {{ offer.discount }}{% endfilter %}",
    "{{ [3, 1, 2]|sort|join(', ') }} {{ {'b': 1, 'a': 2}|dictsort }} {{ (1, 2) + (3,) }}",
    "{{ 'x'|center(9) }}|{{ 'a\nb'|indent(2, first=True) }}|{{ 'a b c d'|wordwrap(3) }}",
    "{{ '%s et %d %%'|format('a', 3) }} {{ '%05.1f' % 3.14159 }} {{ '{:>6}|{!r}'.format(1, 'q') }}",
    "{{ range(5)|map('string')|join('-') }} {{ range(10)|select('odd')|list }} {{ range(4)|sum }}",
    "{{ [[1], [2]]|sum(start=[]) }} {{ ['a', 'b']|batch(3, '-')|list }} {{ 2 ** 10 }} {{ 7 % 3 }}",
    "{{ 'Hello'.replace('l', 'L') }} {{ ', '.join(['a', 'b']) }} {{ 'x'.ljust(3) }}|",
    "{{ offer|tojson }} {{ [1, [2]]|tojson(2) }} {{ [1, 2]|pprint }} {{ 1.25|round(1, 'ceil') }}",
    "{{ 'a' ~ 1 ~ [2] ~ offer }} {{ 'x' in 'xyz' }} {{ [1, 2] == [1, 2] }} {{ {'k': (1, 2)} }}",
    "{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }}{% endfor %} {% set x, y = 1, 2 %}{{ x }}{{ y }}",
    "{{ dict(a=1)|items|list }} {{ cycler('a', 'b').next() }} {{ 'a,b'.split(',') }}",
]


@pytest.mark.parametrize("source", WITHIN)
def test_templates_within_the_budget_render_as_jinja_renders_them(source: str) -> None:
    reference = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    expected = reference.from_string(source).render(CONTEXT).strip()
    assert compile_template(source, None).render(CONTEXT) == expected
