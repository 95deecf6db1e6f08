"""Templates render in Jinja's sandbox: user text cannot reach Python internals or run code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from planner.controllers import prepare
from planner.errors import Pos, TemplateError
from planner.render import compile_template, title_of
from planner.workspace import Workspace

PAYLOADS = [
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ offer.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('touch /tmp/pwned').read() }}",
    "{{ self.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].system('id') }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ config.items() }}",
    "{{ request.application.__globals__ }}",
    "{{ ''|attr('__class__') }}",
    "{{ offer.update({'x': 1}) }}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_cannot_reach_internals(payload: str) -> None:
    template = compile_template(payload, Pos("r.toml", 3, 11))
    with pytest.raises(TemplateError) as info:
        template.render({"offer": {"discount": "30 %"}})
    assert info.value.pos == Pos("r.toml", 3, 11)


def test_payload_in_a_rule_file_gives_a_positioned_error_and_no_side_effect(
    write_rule: Callable[[str, str], Path], workspace: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    write_rule(
        "evil.toml",
        '[campaign]\nname = "E"\nanchor = "2027-02-14"\n[[step]]\nstage = "awareness"\n'
        'when = "early January"\nchannels = ["instagram"]\n'
        f"content = \"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}\"\n",
    )
    ws = Workspace.open(workspace, workspace)
    with pytest.raises(TemplateError) as info:
        prepare(ws, ("evil",), workspace, date(2026, 12, 1), None).plan()
    assert info.value.pos is not None and info.value.pos.line == 8
    assert not marker.exists()


def test_values_render_and_missing_ones_are_named() -> None:
    template = compile_template("Remise de {{ offer.discount }}", None)
    assert template.render({"offer": {"discount": "30 %"}}) == "Remise de 30 %"
    with pytest.raises(TemplateError) as info:
        template.render({"offer": {}})
    assert info.value.hint and "offer" in info.value.hint


def test_syntax_error_is_a_template_error() -> None:
    with pytest.raises(TemplateError):
        compile_template("{{ offer.discount ", Pos("r.toml", 1, 1))


def test_only_templates_reading_the_item_render_per_item() -> None:
    assert compile_template("{{ item.date }}", None).per_item
    assert not compile_template("{{ offer.discount }}", None).per_item


def test_title_is_the_first_line_shortened() -> None:
    assert title_of("Hello\nworld", "Instagram") == "Instagram — Hello"
    long = title_of("x" * 200, "Instagram")
    assert len(long) == 80 and long.endswith("…")
