"""The notes as text: read from their file, refused at a position when they are not text
a person wrote (not UTF-8, a control character, longer than notes are)."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ConfigError, Pos
from ..i18n import _

MAX_BYTES = 1_000_000  # notes are a page or two; more is not notes


def read_text(path: Path, shown: str) -> str:
    """The notes' text; a positioned error for what is not text."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(
            _("cannot read the notes: {reason}").format(reason=exc.strerror or exc),
            Pos(shown),
            _("give the path of a .txt or .md file"),
        ) from None
    if len(data) > MAX_BYTES:
        raise ConfigError(
            _("the notes are longer than {size} bytes").format(size=MAX_BYTES),
            Pos(shown),
            _("import the part that holds the stages"),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise ConfigError(
            _("the notes are not UTF-8 text"), Pos(shown, line, col), _("save them as UTF-8 text")
        ) from None
    bad = re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text)
    if bad:
        before = text[: bad.start()]
        line = before.count("\n") + 1
        raise ConfigError(
            _("the notes hold a control character: this is not a text file"),
            Pos(shown, line, len(before) - (before.rfind("\n") + 1) + 1),
            _("give the path of a .txt or .md file"),
        )
    return text
