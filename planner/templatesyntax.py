"""Jinja's reasons for refusing a template, in the language Parcours speaks.

Jinja writes its syntax errors in English, with the tokens it expected named in words ("end of
print statement"). A person writing a brief in French reads them inside a French message, so
the reasons a brief can meet are matched here and said again through the catalogue, the tokens
shown as they are typed (``}}``); a reason not matched stays as Jinja wrote it. English is
left exactly as Jinja says it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import i18n
from .errors import quoted
from .i18n import _

# Jinja's names for the tokens people type, as they type them.
_TOKENS = {
    "end of print statement": "}}",
    "begin of print statement": "{{",
    "end of statement block": "%}",
    "begin of statement block": "{%",
    "end of comment": "#}",
    "end of template": "",
}


def _token(name: str) -> str:
    return quoted(_TOKENS.get(name, name))


def _tags(text: str) -> str:
    from babel.lists import format_list

    tags = [quoted(t) for t in re.findall(r"'([^']*)'", text)]
    return format_list(tags, style="or", locale=i18n.language())


# (Jinja's reason, its French): the message marked here, filled from the match.
_REASONS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"unexpected end of template, expected '(.*)'\.?"),
        lambda m: _("the template ends too early: {token} is missing").format(token=_token(m[1])),
    ),
    (
        re.compile(
            r"Unexpected end of template\. Jinja was looking for the following tags: (.*)\. "
            r"The innermost block that needs to be closed is '(.*)'\."
        ),
        lambda m: _("the block {block} is not closed: end it with {tags}").format(
            block=quoted(m[2]), tags=_tags(m[1])
        ),
    ),
    (
        re.compile(r"Encountered unknown tag '(.*?)'\..*", re.S),
        lambda m: _("unknown tag {tag}").format(tag=quoted(m[1])),
    ),
    (
        re.compile(r"No filter named '(.*)'\."),
        lambda m: _("no filter is named {name}").format(name=quoted(m[1])),
    ),
    (
        re.compile(r"No test named '(.*)'\."),
        lambda m: _("no test is named {name}").format(name=quoted(m[1])),
    ),
    (
        re.compile(r"expected token '(.*)', got '(.*)'"),
        lambda m: _("expected {token} here, not {got}").format(
            token=_token(m[1]), got=quoted(m[2])
        ),
    ),
    (
        re.compile(r"unexpected '(.*)', expected '(.*)'"),
        lambda m: _("unexpected {got}: expected {token}").format(
            got=quoted(m[1]), token=_token(m[2])
        ),
    ),
    (
        re.compile(r"unexpected '(.*)'"),
        lambda m: _("unexpected {got}").format(got=quoted(m[1])),
    ),
    (
        re.compile(r"unexpected char '(.*)' at \d+|unexpected char \"(.*)\" at \d+"),
        lambda m: _("unexpected character {char}").format(char=quoted(m[1] or m[2])),
    ),
    (
        re.compile(r"expected name or number"),
        lambda m: _("expected a name or a number"),
    ),
)


def reason(message: str) -> str:
    """Jinja's ``message`` in the current language (as Jinja wrote it in English)."""
    if i18n.language() == i18n.SOURCE:
        return message
    for pattern, said in _REASONS:
        match = pattern.fullmatch(message.strip())
        if match:
            return said(match)
    return message
