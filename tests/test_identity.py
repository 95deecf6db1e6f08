"""An item is itself for ever: edits to the other steps of a rule file leave its id and its
state alone, a step whose meaning changes makes new items, and two workspaces made from the
same example never share a UID. All through the real CLI, on real SQLite stores and real .ics
files read back with icalendar."""

from __future__ import annotations

import json
import re
import sqlite3
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from icalendar import Calendar

from .conftest import RULES
from .test_serve import make_workspace
from .test_serve import serve as serve  # the fixture

SEEDS = {
    "valentines-rings": "2026-12-01",
    "restaurant-launch": "2027-03-01",
    "bnb-summer-stay": "2027-01-10",
}
CLI = Callable[..., Result]
Key = tuple[str, str, str, str, int]  # stage, content, channel, kind, rank among its step's


def split(text: str) -> tuple[str, list[str]]:
    """A rule file as its head and its [[step]] blocks, each kept as written."""
    parts = re.split(r"(?m)^(?=\[\[step\]\])", text)
    return parts[0], parts[1:]


def block(stage: str, when: str, channels: list[str], content: str) -> str:
    listed = ", ".join(f'"{c}"' for c in channels)
    return (
        f'[[step]]\nstage = "{stage}"\nwhen = "{when}"\nchannels = [{listed}]\n'
        f'content = "{content}"\n\n'
    )


def inserted(text: str, at: int) -> str:
    """A step put at position ``at``, like the steps around it but about something else."""
    head, steps = split(text)
    first = tomllib.loads(text)["step"][0]
    new = block(first["stage"], first["when"], first["channels"], "A post nobody planned before")
    return head + "".join([*steps[:at], new, *steps[at:]])


def removed(text: str, at: int) -> str:
    head, steps = split(text)
    return head + "".join(steps[:at] + steps[at + 1 :])


def moved_last_first(text: str) -> str:
    head, steps = split(text)
    return head + "".join(steps[-1:] + steps[:-1])


def swapped(text: str) -> str:
    head, steps = split(text)
    return head + "".join([steps[1], steps[0], *steps[2:]])


def keyed(items: list[dict[str, Any]], rule: Path) -> dict[Key, str]:
    """Each planned item's id by what it is: its step's stage and content, its channel and kind,
    and its rank among that step's items on that channel (the occurrence)."""
    steps = tomllib.loads(rule.read_text(encoding="utf-8"))["step"]
    ranks: dict[tuple[str, str, str, str], int] = {}
    found: dict[Key, str] = {}
    for item in sorted(items, key=lambda i: (i["step"], i["channel"], i["kind"], i["start"])):
        step = steps[item["step"] - 1]
        base = (step["stage"], step["content"], item["channel"], item["kind"])
        rank = ranks[base] = ranks.get(base, -1) + 1
        found[(*base, rank)] = item["id"]
    return found


def plan(cli: CLI, folder: Path, name: str, start: str) -> list[dict[str, Any]]:
    result = cli("plan", name, "--start", start, "--format", "json", cwd=folder)
    assert result.exit_code == 0, result.output
    items: list[dict[str, Any]] = json.loads(result.stdout)
    return items


def states(folder: Path) -> dict[str, str]:
    with sqlite3.connect(folder / "planner.db") as db:
        return dict(db.execute("SELECT id, state FROM items"))


def shop(cli: CLI, folder: Path, example: str) -> Path:
    """A workspace made as a shop owner makes one, holding ``example`` as its only campaign."""
    result = cli("init", str(folder), "--name", "Boutique", "--country", "FR")
    assert result.exit_code == 0, result.output
    result = cli("new", example, "--example", example, cwd=folder)
    assert result.exit_code == 0, result.output
    return folder / "rules" / f"{example}.toml"


EDITS: dict[str, Callable[[str], str]] = {
    "insert-top": lambda text: inserted(text, 0),
    "insert-middle": lambda text: inserted(text, 1),
    "insert-end": lambda text: inserted(text, len(split(text)[1])),
    "remove-last": lambda text: removed(text, len(split(text)[1]) - 1),
    "remove-second": lambda text: removed(text, 1),
    "move-last-first": moved_last_first,
    "swap-first-two": swapped,
}


@pytest.mark.parametrize("edit", list(EDITS))
@pytest.mark.parametrize("example", list(SEEDS))
def test_editing_other_steps_keeps_every_items_id_and_state(
    cli: CLI, tmp_path: Path, example: str, edit: str
) -> None:
    start = SEEDS[example]
    rule = shop(cli, tmp_path, example)
    before_items = plan(cli, tmp_path, example, start)
    before = keyed(before_items, rule)
    assert cli("sync", "--start", start, cwd=tmp_path).exit_code == 0
    # Marks on the first item, the last and one in the middle, as an owner would make them.
    ordered = sorted(before_items, key=lambda i: i["start"])
    marked = {ordered[0]["id"]: "done", ordered[-1]["id"]: "skipped"}
    marked[ordered[len(ordered) // 2]["id"]] = "done"
    for ident, state in marked.items():
        verb = "done" if state == "done" else "skip"
        result = cli(verb, ident, "--force", cwd=tmp_path)
        assert result.exit_code == 0, result.output
    rule.write_text(EDITS[edit](rule.read_text(encoding="utf-8")), encoding="utf-8")
    result = cli("plan", example, "--start", start, "--format", "json", cwd=tmp_path)
    if result.exit_code != 0:
        # A step that another one counts from ("3 to 5 days after awareness") cannot go first
        # or away: the rule file says so, and nothing was changed.
        assert "error" in result.output
        pytest.skip(f"{edit} makes {example} unplannable: {result.output.strip()[:120]}")
    after = keyed(json.loads(result.stdout), rule)
    survivors = before.keys() & after.keys()
    assert survivors, "the edit left no item to compare"
    for key in survivors:
        assert after[key] == before[key], f"{key} changed id"
    # What the edit added has ids of its own; what it removed has its old ids no more.
    assert not (set(after.values()) - {after[k] for k in survivors}) & set(before.values())
    assert cli("sync", "--start", start, cwd=tmp_path).exit_code == 0
    stored = states(tmp_path)
    for key in survivors:
        ident = after[key]
        assert stored[ident] == marked.get(ident, "pending"), key
    for key in before.keys() - after.keys():  # the edit's removed items: marks stay on them
        ident = before[key]
        assert stored[ident] == marked.get(ident, "removed"), key
    for key in after.keys() - before.keys():
        assert stored[after[key]] == "pending", key


@pytest.mark.parametrize("example", list(SEEDS))
def test_a_step_whose_content_changes_makes_new_items_and_keeps_the_old_marks(
    cli: CLI, tmp_path: Path, example: str
) -> None:
    start = SEEDS[example]
    rule = shop(cli, tmp_path, example)
    before = plan(cli, tmp_path, example, start)
    assert cli("sync", "--start", start, cwd=tmp_path).exit_code == 0
    last_step = max(i["step"] for i in before)
    old = [i for i in before if i["step"] == last_step]
    assert cli("skip", old[0]["id"], cwd=tmp_path).exit_code == 0
    head, steps = split(rule.read_text(encoding="utf-8"))
    steps[-1] = re.sub(r'(?m)^content = ".*"$', 'content = "Something else entirely"', steps[-1])
    rule.write_text(head + "".join(steps), encoding="utf-8")
    after = plan(cli, tmp_path, example, start)
    new = [i for i in after if i["step"] == last_step]
    assert {i["id"] for i in new}.isdisjoint({i["id"] for i in before})
    others = {i["id"] for i in after if i["step"] != last_step}
    assert others == {i["id"] for i in before if i["step"] != last_step}
    result = cli("sync", "--start", start, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    stored = states(tmp_path)
    assert stored[old[0]["id"]] == "skipped"  # never renamed into the new item
    assert all(stored[i["id"]] == "removed" for i in old[1:])
    assert all(stored[i["id"]] == "pending" for i in new)


def test_identical_steps_are_told_apart_by_their_order_among_themselves(
    cli: CLI, workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    head = '[campaign]\nname = "Twins"\nanchor = "2027-03-01"\n\n'
    twin = block("awareness", "2027-02-01", ["instagram"], "The same post")
    other = block("consideration", "2027-02-10", ["email"], "Another post")
    write_rule("twins.toml", head + twin + twin)
    first = [i["id"] for i in plan(cli, workspace, "twins", "2027-01-10")]
    assert len(set(first)) == 2
    write_rule("twins.toml", head + other + twin + twin)
    second = plan(cli, workspace, "twins", "2027-01-10")
    assert [i["id"] for i in second if i["stage"] == "awareness"] == first


def uids(path: Path) -> set[str]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]) for event in calendar.events}


def test_two_workspaces_from_the_same_example_give_disjoint_uids(cli: CLI, tmp_path: Path) -> None:
    found = []
    for name in ("lyon", "nantes"):
        folder = tmp_path / name
        shop(cli, folder, "valentines-rings")
        out = folder / "plan.ics"
        result = cli("export", "--start", "2026-12-01", "-o", str(out), cwd=folder)
        assert result.exit_code == 0, result.output
        ident = tomllib.loads((folder / "planner.toml").read_text())["shop"]["id"]
        got = uids(out)
        assert len(got) == 8
        assert all(uid.endswith(f"-{ident}@parcours") for uid in got)
        status = cli("status", cwd=folder)
        assert f"workspace: {ident}" in status.output
        found.append(got)
    assert found[0].isdisjoint(found[1])


def test_a_workspace_without_identity_gets_one_at_its_first_export_and_keeps_it(
    cli: CLI, workspace: Path
) -> None:
    (workspace / "rules" / "v.toml").write_bytes((RULES / "valentines-rings.toml").read_bytes())
    settings = workspace / "planner.toml"
    text = settings.read_text()
    status = cli("status", "--format", "json", cwd=workspace)
    assert json.loads(status.stdout)["workspace"] is None
    out = workspace / "plan.ics"
    result = cli("export", "--start", "2026-12-01", "-o", str(out), cwd=workspace)
    assert result.exit_code == 0, result.output
    ident = tomllib.loads(settings.read_text())["shop"]["id"]
    assert f"identity is {ident}" in result.output
    assert settings.read_text().replace(f'id = "{ident}"', "", 1).count("id = ") == 0
    assert [line for line in settings.read_text().splitlines() if "id =" not in line] == (
        text.splitlines()
    )
    first = uids(out)
    result = cli("export", "--start", "2026-12-01", "-o", str(out), cwd=workspace)
    assert "identity" not in result.output
    assert uids(out) == first
    status = cli("status", "--format", "json", cwd=workspace)
    assert json.loads(status.stdout)["workspace"] == ident


def test_a_failed_export_leaves_planner_toml_as_it_was(
    cli: CLI, workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    write_rule(
        "bad.toml",
        '[campaign]\nname = "Bad"\n\n' + block("awareness", "mi-janvir", ["instagram"], "x"),
    )
    before = (workspace / "planner.toml").read_bytes()
    result = cli("export", "--start", "2026-12-01", "-o", str(workspace / "p.ics"), cwd=workspace)
    assert result.exit_code == 2
    assert (workspace / "planner.toml").read_bytes() == before


def test_an_identity_that_is_not_one_is_refused(cli: CLI, workspace: Path) -> None:
    settings = workspace / "planner.toml"
    settings.write_text(settings.read_text().replace("[shop]\n", '[shop]\nid = "a b"\n'))
    result = cli("plan", "valentines-rings", "--start", "2026-12-01", cwd=workspace)
    assert result.exit_code == 2
    assert "[shop] id must be" in result.output


def test_outside_a_workspace_uids_carry_no_shop(cli: CLI, tmp_path: Path) -> None:
    rule = tmp_path / "v.toml"
    rule.write_bytes((RULES / "valentines-rings.toml").read_bytes())
    out = tmp_path / "v.ics"
    result = cli("export", str(rule), "--start", "2026-12-01", "-o", str(out), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    items = plan(cli, tmp_path, str(rule), "2026-12-01")
    assert uids(out) == {f"{i['id']}@parcours" for i in items}
    assert not (tmp_path / "planner.toml").exists()


def test_the_served_feed_keeps_every_uid_when_a_step_is_inserted_at_the_top(
    tmp_path: Path, serve: Callable[..., Any]
) -> None:
    """A subscribed calendar: after the edit, every event it had is there under the same UID,
    saying the same (the new step, on the same channel, may take a slot and move one); only
    the new step's events are new."""
    root = make_workspace(tmp_path / "shop")
    with (root / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write('id = "lyon-shop"\n')  # the last line is in [shop]
    served = serve(root)

    def feed() -> dict[str, tuple[str, str]]:
        reply = served.get("/calendar.ics")
        assert reply.status == 200
        calendar = Calendar.from_ical(reply.body)
        return {
            str(e["UID"]): (str(e["SUMMARY"]), e.decoded("DTSTART").isoformat())
            for e in calendar.events
        }

    before = feed()
    assert before and all(uid.endswith("-lyon-shop@parcours") for uid in before)
    rule = root / "rules" / "valentines-rings.toml"
    text = rule.read_text(encoding="utf-8")
    rule.write_text(inserted(text, 0).replace('"A post', '"Facebook: a post'), encoding="utf-8")
    after = feed()
    assert before.keys() <= after.keys()
    assert all(after[uid][0] == summary for uid, (summary, _) in before.items())
    new = {summary for uid, (summary, _) in after.items() if uid not in before}
    assert new == {"Instagram — Facebook: a post nobody planned before"}


def test_a_step_with_an_id_keeps_its_items_when_its_content_and_stage_change(
    cli: CLI, workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    head = '[campaign]\nname = "Named"\nanchor = "2027-03-01"\n\n'
    step = block("awareness", "2027-02-01", ["instagram"], "Teaser")
    write_rule("named.toml", head + step.replace("[[step]]\n", '[[step]]\nid = "teaser"\n'))
    first = [i["id"] for i in plan(cli, workspace, "named", "2027-01-10")]
    edited = block("consideration", "2027-02-01", ["instagram"], "Another text")
    write_rule("named.toml", head + edited.replace("[[step]]\n", '[[step]]\nid = "teaser"\n'))
    assert [i["id"] for i in plan(cli, workspace, "named", "2027-01-10")] == first


def test_an_inline_shop_table_is_not_rewritten_and_says_what_to_add(
    cli: CLI, tmp_path: Path
) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "v.toml").write_bytes((RULES / "valentines-rings.toml").read_bytes())
    settings = tmp_path / "planner.toml"
    settings.write_text('shop = { name = "Chez Léa" }\n', encoding="utf-8")
    out = tmp_path / "v.ics"
    result = cli("export", "--start", "2026-12-01", "-o", str(out), cwd=tmp_path)
    assert result.exit_code == 2
    assert "its [shop] is not a table of its own" in result.output
    assert "add to planner.toml a [shop] table holding: id = " in result.output
    assert settings.read_text(encoding="utf-8") == 'shop = { name = "Chez Léa" }\n'
    assert not out.exists()
