"""Updates that calendar apps apply (RFC 5546): after a rule edit, `planner export`, the served
feeds and `planner publish` raise SEQUENCE and move LAST-MODIFIED on exactly the events that
changed, keep every other event byte for byte, and drop the events the plan no longer has
(feeds and publish; an import never deletes). All through the real CLI, a real server and a
real CalDAV server, every example edited the ways an owner edits a rule file."""

from __future__ import annotations

import contextlib
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from icalendar import Calendar, Event

from .processes import serving_on_any_port
from .radicale import PASSWORD, USER, Radicale
from .radicale import radicale as radicale  # the session's server, a fixture
from .test_identity import EDITS, SEEDS, keyed, plan, shop, split
from .test_serve import Clock, Served
from .test_serve import serve as serve  # the fixture

CLI = Callable[..., Result]
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(days=2)
T2 = T1 + timedelta(days=3)
VERSION_LINE = re.compile(rb"^(DTSTAMP|SEQUENCE|LAST-MODIFIED):[^\r\n]*\r\n", re.MULTILINE)
VEVENT = re.compile(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", re.DOTALL)
UID = re.compile(rb"^UID:([^\r\n]*)\r\n", re.MULTILINE)
# A step moved in each example: its items move, and those counted from them.
MOVES = {
    "valentines-rings": ('when = "mi-janvier"', 'when = "le 15 janvier"'),
    "restaurant-launch": (
        'when = "3 to 5 days after awareness"',
        'when = "6 days after awareness"',
    ),
    "bnb-summer-stay": ('when = "from May 1 to May 20"', 'when = "from May 5 to May 20"'),
}


def epoch(moment: datetime) -> dict[str, str]:
    return {"SOURCE_DATE_EPOCH": str(int(moment.timestamp()))}


def vevents(data: bytes) -> dict[str, bytes]:
    """Each VEVENT of an iCalendar text as written, by UID."""
    found: dict[str, bytes] = {}
    for block in VEVENT.findall(data):
        uid = UID.search(block)
        assert uid is not None, block
        found[uid.group(1).decode()] = block
    return found


def parsed(block: bytes) -> Event:
    calendar = Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + block + b"END:VCALENDAR\r\n"
    )
    [event] = calendar.events
    return event


def check_versions(before: dict[str, bytes], after: dict[str, bytes], now: datetime) -> set[str]:
    """Whether ``after`` updates ``before`` as an app needs: an event that says something else
    (its lines but DTSTAMP, SEQUENCE and LAST-MODIFIED) has SEQUENCE + 1, made ``now`` (its
    LAST-MODIFIED and DTSTAMP); any other is the same bytes; a new one is SEQUENCE 0, made
    ``now``. The changed UIDs."""
    changed = set()
    for uid in before.keys() & after.keys():
        old, new = before[uid], after[uid]
        if VERSION_LINE.sub(b"", old) == VERSION_LINE.sub(b"", new):
            assert new == old, f"{uid} says the same but its bytes changed"
            continue
        changed.add(uid)
        was, now_is = parsed(old), parsed(new)
        assert now_is.decoded("SEQUENCE") == was.decoded("SEQUENCE") + 1, uid
        assert now_is.decoded("LAST-MODIFIED") == now, uid
        assert now_is.decoded("DTSTAMP") == now, uid
    for uid in after.keys() - before.keys():
        event = parsed(after[uid])
        assert event.decoded("SEQUENCE") == 0, uid
        assert event.decoded("LAST-MODIFIED") == event.decoded("DTSTAMP") == now, uid
    return changed


def edited(example: str, edit: str, text: str) -> str:
    if edit == "move-a-step":
        old, new = MOVES[example]
        assert old in text
        return text.replace(old, new)
    return EDITS[edit](text)


ALL_EDITS = [*EDITS, "move-a-step"]


def edit_or_skip(cli: CLI, folder: Path, rule: Path, example: str, edit: str) -> None:
    rule.write_text(edited(example, edit, rule.read_text(encoding="utf-8")), encoding="utf-8")
    result = cli("plan", example, "--start", SEEDS[example], cwd=folder)
    if result.exit_code != 0:  # a step others count from cannot go first or away
        pytest.skip(f"{edit} makes {example} unplannable: {result.output.strip()[:120]}")


def export(cli: CLI, folder: Path, out: str, start: str, moment: datetime, *args: str) -> Result:
    result = cli("export", "--start", start, "-o", out, *args, cwd=folder, env=epoch(moment))
    assert result.exit_code == 0, result.output
    return result


# -- planner export ----------------------------------------------------------------------------


@pytest.mark.parametrize("edit", ALL_EDITS)
@pytest.mark.parametrize("example", list(SEEDS))
def test_reexport_raises_sequence_exactly_on_the_changed_events(
    cli: CLI, tmp_path: Path, example: str, edit: str
) -> None:
    start = SEEDS[example]
    rule = shop(cli, tmp_path, example)
    out = tmp_path / "plan.ics"
    export(cli, tmp_path, "plan.ics", start, T0)
    first = out.read_bytes()
    before_items = keyed(plan(cli, tmp_path, example, start), rule)
    edit_or_skip(cli, tmp_path, rule, example, edit)
    export(cli, tmp_path, "plan.ics", start, T1)
    second = out.read_bytes()
    after_items = keyed(plan(cli, tmp_path, example, start), rule)
    for key in before_items.keys() & after_items.keys():
        assert before_items[key] == after_items[key], key
    before, after = vevents(first), vevents(second)
    suffix = next(iter(before)).split("-", 1)[1]
    assert after.keys() == {f"{ident}-{suffix}" for ident in after_items.values()}
    changed = check_versions(before, after, T1)
    if edit in ("insert-end", "remove-last"):
        assert not changed  # nothing else moved
    if edit == "move-a-step":
        assert changed
    # Nothing changed since: the same file, byte for byte, whatever the clock says.
    export(cli, tmp_path, "plan.ics", start, T2)
    assert out.read_bytes() == second


def test_a_first_export_versions_every_event_and_outside_a_workspace_none(
    cli: CLI, tmp_path: Path
) -> None:
    rule = shop(cli, tmp_path / "shop", "valentines-rings")
    export(cli, rule.parent.parent, "plan.ics", "2026-12-01", T0)
    for block in vevents((rule.parent.parent / "plan.ics").read_bytes()).values():
        event = parsed(block)
        assert event.decoded("SEQUENCE") == 0
        assert event.decoded("LAST-MODIFIED") == event.decoded("DTSTAMP") == T0
    # The examples of a clone, no planner.toml: every export as the first, nothing kept.
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "v.toml").write_bytes(rule.read_bytes())
    for moment in (T0, T1):
        result = cli(
            "export", "v.toml", "--start", "2026-12-01", "-o", "v.ics", cwd=loose, env=epoch(moment)
        )
        assert result.exit_code == 0, result.output
        data = (loose / "v.ics").read_bytes()
        assert b"SEQUENCE:0\r\n" in data and b"SEQUENCE:1" not in data
        assert b"LAST-MODIFIED" not in data
    assert sorted(p.name for p in loose.iterdir()) == ["v.ics", "v.toml"]


def test_each_output_has_its_own_history_and_standard_output_one_too(
    cli: CLI, tmp_path: Path
) -> None:
    rule = shop(cli, tmp_path, "valentines-rings")
    start = "2026-12-01"
    export(cli, tmp_path, "a.ics", start, T0)
    piped = export(cli, tmp_path, "-", start, T0).stdout_bytes
    assert piped == (tmp_path / "a.ics").read_bytes()
    old, new = MOVES["valentines-rings"]
    rule.write_text(rule.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    export(cli, tmp_path, "a.ics", start, T1)
    changed = check_versions(vevents(piped), vevents((tmp_path / "a.ics").read_bytes()), T1)
    assert changed
    # b.ics is new: its events start their history, whatever a.ics says.
    export(cli, tmp_path, "b.ics", start, T1)
    assert b"SEQUENCE:1" not in (tmp_path / "b.ics").read_bytes()
    # Standard output remembers what it wrote: the move is one update there too.
    again = export(cli, tmp_path, "-", start, T2).stdout_bytes
    assert check_versions(vevents(piped), vevents(again), T2) == changed
    # From another folder the same file is the same output: nothing changed for it.
    written = (tmp_path / "a.ics").read_bytes()
    (tmp_path / "rules" / "sub").mkdir()
    export(cli, tmp_path / "rules" / "sub", str(tmp_path / "a.ics"), start, T2)
    assert (tmp_path / "a.ics").read_bytes() == written


def test_an_item_back_in_the_plan_continues_its_sequence(cli: CLI, tmp_path: Path) -> None:
    """An app that imported the item keeps it (an import never deletes): coming back with
    SEQUENCE 0 it would be taken for an older version, and ignored."""
    rule = shop(cli, tmp_path, "valentines-rings")
    original = rule.read_text(encoding="utf-8")
    moved_text = original.replace('when = "fin janvier"', 'when = "du 25 au 31 janvier"')
    head, steps = split(original)
    without = head + "".join(steps[:-1])  # the last step: no other step's line moves

    def export_text(text: str, moment: datetime) -> dict[str, bytes]:
        rule.write_text(text, encoding="utf-8")
        export(cli, tmp_path, "p.ics", "2026-12-01", moment)
        return vevents((tmp_path / "p.ics").read_bytes())

    export_text(original, T0)
    moved = export_text(moved_text, T1)
    gone = moved.keys() - export_text(without, T1 + timedelta(hours=1)).keys()
    assert gone
    back = export_text(original, T2)  # as it first was, not as it was last written
    assert check_versions(moved, back, T2) == gone
    assert all(parsed(back[uid]).decoded("SEQUENCE") == 2 for uid in gone)
    # Unchanged while away: back as it was, byte for byte.
    export_text(without, T2 + timedelta(hours=1))
    assert export_text(original, T2 + timedelta(hours=2)) == back


def test_another_alarm_is_another_version_of_every_event(cli: CLI, tmp_path: Path) -> None:
    shop(cli, tmp_path, "valentines-rings")
    export(cli, tmp_path, "p.ics", "2026-12-01", T0)
    first = vevents((tmp_path / "p.ics").read_bytes())
    export(cli, tmp_path, "p.ics", "2026-12-01", T1, "--alarm", "30min")
    assert check_versions(first, vevents((tmp_path / "p.ics").read_bytes()), T1) == set(first)


def test_the_bytes_are_the_same_on_one_core_and_two_after_an_edit(cli: CLI, tmp_path: Path) -> None:
    rule = shop(cli, tmp_path, "valentines-rings")
    for example in ("restaurant-launch", "bnb-summer-stay"):
        result = cli("new", example, "--example", example, cwd=tmp_path)
        assert result.exit_code == 0, result.output
    outputs: dict[str, list[bytes]] = {"1": [], "2": []}
    original = rule.read_text(encoding="utf-8")
    old, new = MOVES["valentines-rings"]
    for text, moment in ((original, T0), (original.replace(old, new), T1)):
        rule.write_text(text, encoding="utf-8")
        for jobs, written in outputs.items():
            export(cli, tmp_path, f"all-{jobs}.ics", "2026-12-01", moment, "-j", jobs)
            written.append((tmp_path / f"all-{jobs}.ics").read_bytes())
    assert outputs["1"] == outputs["2"]
    assert check_versions(vevents(outputs["1"][0]), vevents(outputs["1"][1]), T1)


def test_a_failed_export_keeps_the_history_of_the_file_it_left(cli: CLI, tmp_path: Path) -> None:
    rule = shop(cli, tmp_path, "valentines-rings")
    export(cli, tmp_path, "p.ics", "2026-12-01", T0)
    first = (tmp_path / "p.ics").read_bytes()
    original = rule.read_text(encoding="utf-8")
    old, new = MOVES["valentines-rings"]
    rule.write_text(
        original.replace(old, new).replace("fin janvier", "fin janvir"), encoding="utf-8"
    )
    result = cli("export", "--start", "2026-12-01", "-o", "p.ics", cwd=tmp_path, env=epoch(T1))
    assert result.exit_code == 2
    assert (tmp_path / "p.ics").read_bytes() == first
    rule.write_text(original.replace(old, new), encoding="utf-8")
    export(cli, tmp_path, "p.ics", "2026-12-01", T2)
    assert check_versions(vevents(first), vevents((tmp_path / "p.ics").read_bytes()), T2)


def test_a_damaged_history_is_said_before_anything_is_written(cli: CLI, tmp_path: Path) -> None:
    shop(cli, tmp_path, "valentines-rings")
    export(cli, tmp_path, "p.ics", "2026-12-01", T0)
    first = (tmp_path / "p.ics").read_bytes()
    [history] = (tmp_path / ".planner" / "exports").iterdir()
    assert history.name.startswith("p.ics-")
    history.write_text('{"format": 1, "output": "p.ics", "events": {"x": "y"}}')
    result = cli("export", "--start", "2026-12-01", "-o", "p.ics", cwd=tmp_path, env=epoch(T1))
    assert result.exit_code == 2
    assert f".planner/exports/{history.name}: error: cannot read the history" in result.output
    assert "hint: delete it" in result.output
    assert (tmp_path / "p.ics").read_bytes() == first


# -- the served feeds --------------------------------------------------------------------------


@pytest.mark.parametrize("edit", ALL_EDITS)
@pytest.mark.parametrize("example", list(SEEDS))
def test_the_feed_raises_sequence_exactly_on_the_changed_events(
    cli: CLI, tmp_path: Path, serve: Callable[..., Served], example: str, edit: str
) -> None:
    rule = shop(cli, tmp_path, example)
    start = SEEDS[example]
    clock = Clock(datetime.combine(datetime.fromisoformat(start).date(), T0.timetz()))
    served = serve(tmp_path, clock=clock)
    items = sorted(plan(cli, tmp_path, example, start), key=lambda i: i["start"])
    suffix = next(iter(vevents(served.get("/calendar.ics").body))).split("-", 1)[1]
    done, skipped = items[0]["id"], items[-1]["id"]
    assert cli("done", done, cwd=tmp_path).exit_code == 0
    assert cli("skip", skipped, cwd=tmp_path).exit_code == 0
    before = vevents(served.get("/calendar.ics").body)
    assert f"{skipped}-{suffix}" not in before and f"{done}-{suffix}" in before
    clock.now += timedelta(hours=5)
    edit_or_skip(cli, tmp_path, rule, example, edit)
    after = vevents(served.get("/calendar.ics").body)
    planned = {i["id"] for i in plan(cli, tmp_path, example, start)}
    # What the plan no longer has leaves the feed; the skipped item stays out.
    assert after.keys() == {f"{ident}-{suffix}" for ident in planned - {skipped}}
    changed = check_versions(before, after, clock.now)
    if edit in ("insert-end", "remove-last"):
        assert not changed
    if edit == "move-a-step":
        assert changed


def feed_of(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url + "calendar.ics", timeout=30) as reply:
        return reply.read(), reply.headers["ETag"]


def not_modified(url: str, etag: str) -> int:
    request = urllib.request.Request(url + "calendar.ics", headers={"If-None-Match": etag})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


@contextlib.contextmanager
def serving(root: Path, moment: datetime) -> Iterator[str]:
    """`planner serve --port 0` in a process of its own, its clock at ``moment``: its URL."""
    with serving_on_any_port(root, {**os.environ, **epoch(moment)}) as (url, _):
        yield url


def test_a_restarted_server_serves_the_same_bytes_under_the_same_etag(
    cli: CLI, tmp_path: Path
) -> None:
    """Each event's DTSTAMP is its version's, from the store, not the time the server made the
    feed: the bytes, and so the strong ETag, do not change when nothing did."""
    root = tmp_path / "shop"
    shop(cli, root, "valentines-rings")
    with serving(root, T0) as url:
        body, etag = feed_of(url)
    with serving(root, T0 + timedelta(hours=3)) as url:
        again, same = feed_of(url)
        assert (again, same) == (body, etag)
        assert not_modified(url, etag) == 304
    for block in vevents(body).values():
        event = parsed(block)
        assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED") == T0


# -- planner publish ---------------------------------------------------------------------------


def published(radicale: Radicale, url: str) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for path in radicale.folder(url).iterdir():
        if path.is_file() and not path.name.startswith("."):
            found.update(vevents(path.read_bytes()))
    return found


@pytest.mark.parametrize("edit", ALL_EDITS)
@pytest.mark.parametrize("example", list(SEEDS))
def test_publish_raises_sequence_exactly_on_the_changed_events(
    cli: CLI, tmp_path: Path, radicale: Radicale, example: str, edit: str
) -> None:
    rule = shop(cli, tmp_path, example)
    start = SEEDS[example]
    url = radicale.make_calendar()

    def publish(moment: datetime) -> None:
        result = cli(
            "publish", "--start", start, "--caldav", url, "--user", USER, cwd=tmp_path,
            env={"PLANNER_CALDAV_PASSWORD": PASSWORD, **epoch(moment)},
        )  # fmt: skip
        assert result.exit_code == 0, result.output

    publish(T0)
    before = published(radicale, url)
    edit_or_skip(cli, tmp_path, rule, example, edit)
    publish(T1)
    after = published(radicale, url)
    planned = {i["id"] for i in plan(cli, tmp_path, example, start)}
    suffix = next(iter(before)).split("-", 1)[1]
    assert after.keys() == {f"{ident}-{suffix}" for ident in planned}  # the removed: deleted
    changed = check_versions(before, after, T1)
    if edit in ("insert-end", "remove-last"):
        assert not changed
    if edit == "move-a-step":
        assert changed
