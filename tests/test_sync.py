"""Sync: the plan written into the store by item id; only what is still pending moves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from click.testing import Result
from sqlalchemy import select, update

from planner.ledger import mark
from planner.store import CampaignRow, DeliveryRow, ItemRow, Store, delivery_id, read_revision
from planner.sync import SyncReport, sync

from .storekit import T0, Recorder, hourly, make_item

# The fixtures `store`, `store_cli` and `store_url` (storekit.py says which database).
from .storekit import store_cli_fixture as store_cli_fixture
from .storekit import store_fixture as store_fixture
from .storekit import store_url_fixture as store_url_fixture

CAMPAIGN = {"soldes": "Soldes"}


def items_by_id(store: Store) -> dict[str, tuple[str, object, int]]:
    with store.begin() as conn:
        rows = conn.execute(select(ItemRow.id, ItemRow.state, ItemRow.start, ItemRow.sequence))
        return {r.id: (r.state, r.start, r.sequence) for r in rows}


def deliveries(store: Store) -> dict[tuple[str, str], tuple[str, object]]:
    with store.begin() as conn:
        rows = conn.execute(
            select(DeliveryRow.item_id, DeliveryRow.hook, DeliveryRow.state, DeliveryRow.due)
        )
        return {(r.item_id, r.hook): (r.state, r.due) for r in rows}


def revision(store: Store) -> int:
    with store.begin() as conn:
        return read_revision(conn)


def test_add_change_remove_keep_and_nothing_twice(store: Store) -> None:
    hook = Recorder(lead=timedelta(hours=1))
    first = hourly(4)
    now = T0 - timedelta(hours=1)  # when the first reminder is due: none is overdue
    assert sync(store, first, [hook], campaigns=CAMPAIGN, now=now) == SyncReport(4, 0, 0, 0)
    assert revision(store) == 1
    assert sync(store, first, [hook], campaigns=CAMPAIGN, now=now) == SyncReport(0, 0, 0, 4)
    assert revision(store) == 1  # a runner has nothing to notice

    moved = make_item(1, T0 + timedelta(days=1))
    retitled = make_item(2, first[2].start, title="new title")
    added = make_item(9, T0 + timedelta(hours=9))
    plan = [first[0], moved, retitled, added]  # #3 is gone
    report = sync(store, plan, [hook], campaigns=CAMPAIGN, now=now)
    assert report == SyncReport(added=1, changed=2, removed=1, kept=1)
    assert str(report) == "added 1, changed 2, removed 1, kept 1"
    assert revision(store) == 2

    stored = items_by_id(store)
    assert stored[moved.id] == ("pending", moved.start, 1)  # same id, new time, sequence bumped
    assert stored[first[3].id][0] == "removed"
    assert stored[first[0].id] == ("pending", first[0].start, 0)
    wanted = deliveries(store)
    assert wanted[(moved.id, hook.name)] == ("pending", moved.start - timedelta(hours=1))
    assert wanted[(first[3].id, hook.name)][0] == "cancelled"

    # The step comes back: the same item, its delivery pending again.
    report = sync(store, [*plan, first[3]], [hook], campaigns=CAMPAIGN, now=now)
    assert report == SyncReport(added=1, changed=0, removed=0, kept=4)
    assert items_by_id(store)[first[3].id][0] == "pending"
    assert deliveries(store)[(first[3].id, hook.name)][0] == "pending"


def test_delivered_and_done_items_never_move_nor_go(store: Store) -> None:
    hook = Recorder()
    plan = hourly(3)
    sync(store, plan, [hook], campaigns=CAMPAIGN, now=T0)
    with store.begin(write=True) as conn:
        conn.execute(
            update(DeliveryRow)
            .where(DeliveryRow.id == delivery_id(plan[0].id, hook.name))
            .values(state="delivered")
        )
    mark(store, plan[1].id, "done", T0)

    later = [make_item(n, T0 + timedelta(days=2, hours=n)) for n in range(3)]
    report = sync(store, later, [hook], campaigns=CAMPAIGN, now=T0)
    assert report == SyncReport(added=0, changed=1, removed=0, kept=2)
    stored = items_by_id(store)
    assert stored[plan[0].id] == ("pending", plan[0].start, 0)  # delivered: stays put
    assert stored[plan[1].id] == ("done", plan[1].start, 1)
    assert stored[plan[2].id][1] == later[2].start

    assert sync(store, [], [hook], campaigns=CAMPAIGN, now=T0) == SyncReport(0, 0, 2, 0)
    stored = items_by_id(store)
    assert stored[plan[1].id][0] == "done"  # never removed
    assert deliveries(store)[(plan[0].id, hook.name)][0] == "delivered"


def test_a_campaign_planned_as_before_is_passed_over_and_one_that_went_comes_back(
    store: Store,
) -> None:
    hook = Recorder()
    soldes, noel = hourly(3), [make_item(n, T0, campaign="noel") for n in range(2)]
    both = {**CAMPAIGN, "noel": "Noel"}
    assert sync(store, soldes + noel, [hook], campaigns=both, now=T0) == SyncReport(5, 0, 0, 0)
    # Unchanged plan: the campaign's rows are not even read (a hand edit of them stays).
    with store.begin(write=True) as conn:
        conn.execute(update(ItemRow).where(ItemRow.id == noel[0].id).values(title="edited"))
    assert sync(store, soldes + noel, [hook], campaigns=both, now=T0) == SyncReport(0, 0, 0, 5)
    with store.begin() as conn:
        assert conn.execute(select(ItemRow.title).where(ItemRow.id == noel[0].id)).scalar() == (
            "edited"
        )
    # Its rule file deleted, then back as it was: its items come back.
    assert sync(store, soldes, [hook], campaigns=both, now=T0) == SyncReport(0, 0, 2, 3)
    assert sync(store, soldes + noel, [hook], campaigns=both, now=T0) == SyncReport(2, 0, 0, 3)
    assert {items_by_id(store)[i.id][0] for i in noel} == {"pending"}
    assert {deliveries(store)[(i.id, hook.name)][0] for i in noel} == {"pending"}


def test_digests_made_another_way_are_compared_field_by_field_once(store: Store) -> None:
    # A store synced by an older Parcours holds digests made another way: its items are not
    # taken for changed (sequence and feeds untouched) but compared, then given new digests.
    hook = Recorder()
    plan = hourly(3)
    sync(store, plan, [hook], campaigns=CAMPAIGN, now=T0)
    with store.begin(write=True) as conn:
        conn.execute(update(ItemRow).values(digest="0123456789abcdef01234567"))
        conn.execute(update(CampaignRow).values(plan_digest=""))
    later = [plan[0], plan[1], make_item(2, T0 + timedelta(days=1))]
    assert sync(store, later, [hook], campaigns=CAMPAIGN, now=T0) == SyncReport(0, 1, 0, 2)
    assert [items_by_id(store)[i.id][2] for i in later] == [0, 0, 1]  # sequences
    assert sync(store, later, [hook], campaigns=CAMPAIGN, now=T0) == SyncReport(0, 0, 0, 3)


def test_hooks_added_removed_or_moved_follow(store: Store) -> None:
    email = Recorder("email-1", channels=("email",))
    social = Recorder("log-1", lead=timedelta(days=1))
    start = T0 + timedelta(days=3)  # the reminders are ahead, whatever their lead
    plan = [make_item(0, start, channel="email"), make_item(1, start, channel="instagram")]
    sync(store, plan, [email, social], campaigns=CAMPAIGN, now=T0)
    assert set(deliveries(store)) == {
        (plan[0].id, "email-1"),
        (plan[0].id, "log-1"),
        (plan[1].id, "log-1"),
    }

    social.lead = timedelta(hours=2)
    report = sync(store, plan, [email, social], campaigns=CAMPAIGN, now=T0)
    assert report == SyncReport(0, 2, 0, 0)
    assert deliveries(store)[(plan[1].id, "log-1")] == ("pending", start - timedelta(hours=2))

    report = sync(store, plan, [email], campaigns=CAMPAIGN, now=T0)
    assert report == SyncReport(0, 2, 0, 0)
    found = deliveries(store)
    assert found[(plan[1].id, "log-1")][0] == "cancelled"
    assert found[(plan[0].id, "email-1")][0] == "pending"

    sync(store, plan, [email, social], campaigns=CAMPAIGN, now=T0)
    assert deliveries(store)[(plan[1].id, "log-1")][0] == "pending"


def test_other_campaigns_are_left_alone(store: Store) -> None:
    sync(store, hourly(2, campaign="noel"), [], campaigns={"noel": "Noël"}, now=T0)
    report = sync(store, hourly(1), [], campaigns=CAMPAIGN, now=T0)
    assert report == SyncReport(1, 0, 0, 0)
    assert sorted(s for s, _, _ in items_by_id(store).values()) == ["pending"] * 3


RULE = """[campaign]
name = "Soldes d'hiver"
anchor = "2027-03-01"
timezone = "Europe/Paris"

[[step]]
stage = "awareness"
when = "{when}"
channels = ["instagram"]
content = "Les soldes arrivent"
every = "2 days"
"""


def test_planner_sync_prints_what_it_did(
    store_cli: Callable[..., Result], workspace: Path, write_rule: Callable[[str, str], Path]
) -> None:
    with (workspace / "planner.toml").open("a", encoding="utf-8") as settings:
        settings.write('\n[[hooks]]\nkind = "log"\nfile = "reminders.log"\n')
    write_rule("soldes.toml", RULE.format(when="du 1er au 6 février"))
    first = store_cli("sync", "--start", "2027-01-02")
    assert first.exit_code == 0, first.output
    assert first.output == "added 3, changed 0, removed 0, kept 0\n"
    again = store_cli("sync", "--start", "2027-01-02")
    assert again.output == "added 0, changed 0, removed 0, kept 3\n"
    write_rule("soldes.toml", RULE.format(when="du 2 au 5 février"))
    edited = store_cli("sync", "--start", "2027-01-02")
    assert edited.output == "added 0, changed 2, removed 1, kept 0\n"
    (workspace / "rules" / "soldes.toml").unlink()
    write_rule("noel.toml", RULE.format(when="du 1er au 2 février"))
    # Without RULES the workspace is the whole truth: the deleted campaign's items go.
    assert store_cli("sync", "--start", "2027-01-02").output == (
        "added 1, changed 0, removed 2, kept 0\n"
    )


def test_done_and_skip_take_an_id_or_a_unique_prefix(
    store_cli: Callable[..., Result], workspace: Path, store: Store
) -> None:
    plan = hourly(30)
    sync(store, plan, [Recorder()], campaigns=CAMPAIGN, now=T0)
    target = plan[0]
    result = store_cli("done", target.id[:12])
    assert result.exit_code == 0, result.output
    shown = f"soldes #0, 2027-01-04 10:00 Europe/Paris (item {target.id})"
    assert result.output == f"done: {shown}; 1 reminder(s) cancelled\n"
    assert store_cli("done", target.id).output == f"already done: {shown}\n"
    assert store_cli("skip", plan[1].id).output.startswith("skipped: soldes #1")
    assert items_by_id(store)[plan[1].id][0] == "skipped"

    unknown = store_cli("done", "0000000000000000")
    assert unknown.exit_code == 2
    assert "no item with id '0000000000000000' in the store" in unknown.output
    assert "hint: ids are shown by `planner status`" in unknown.output
    shared = next(
        p
        for p in ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f")
        if sum(i.id.startswith(p) for i in plan) > 1
    )
    ambiguous = store_cli("skip", shared)
    assert ambiguous.exit_code == 2
    assert "is the start of several item ids" in ambiguous.output
    assert store_cli("skip", "not-an-id").exit_code == 2
