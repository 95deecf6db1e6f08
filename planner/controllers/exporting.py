"""`planner export-notes RULES`: a campaign written back as the journey notes `planner
import` reads (planner.notes.export), in the campaign's language. The rule file is found and
loaded as `planner check` does (an unknown campaign, a bad file: a positioned error); what
the notes cannot carry is said as warnings at the rule file's lines; an existing notes file is
replaced only when asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, Pos, UserError
from ..i18n import _
from ..notes.export import notes_of
from ..workspace import Workspace
from . import _load, shown_path


@dataclass(slots=True)
class Notes:
    """The notes written, and a warning for each value of the rule file they do not carry."""

    text: str
    warnings: list[UserError]
    path: Path | None = None


def export_notes(
    workspace: Workspace, rules: str, cwd: Path, *, output: Path | None, force: bool
) -> Notes:
    from ..channels import ChannelSet
    from ..events import Catalog
    from ..tomlsource import read_toml

    if output is not None and output.exists() and not force:
        raise ConfigError(
            _("that notes file already exists"),
            Pos(shown_path(output, workspace, cwd)),
            _("pass --force to replace it, or -o to write another file"),
        )
    (path,) = workspace.rule_files((rules,), cwd)
    campaign = _load(path, workspace, cwd)
    data = read_toml(path, campaign.path).data
    events = Catalog.load(workspace.data_dirs("calendars"))
    channels = ChannelSet(workspace.data_dirs("channels"), workspace.root, cwd)
    done = notes_of(campaign, data, events, channels, campaign.locale, campaign.path)
    warnings = [
        UserError(
            _("{key} of step {step} is not carried by journey notes: {why}").format(
                key=lost.key, step=lost.step, why=lost.message
            )
            if lost.step
            else _("{key} of the campaign is not carried by journey notes: {why}").format(
                key=lost.key, why=lost.message
            ),
            lost.pos,
        )
        for lost in done.lost
    ]
    notes = Notes(done.text, warnings)
    if output is not None:
        from ..atomic import atomic_file

        with atomic_file(output) as f:
            f.write(done.text.encode("utf-8"))
        notes.path = output
    return notes
