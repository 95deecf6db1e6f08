"""What the store, sync and runner tests share: the store URL, a recording hook, items, a clock.

``store_url`` is the one place that says which database the store tests use: a SQLite file in
the test's folder. Parametrise it (params=["sqlite", "postgres"]) to run them all elsewhere.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result
from sqlalchemy import column, insert, table

from planner.delivery import Delivery, HookFailure
from planner.plan import Item, item_id
from planner.store import ItemRow, Store, UTCDateTime, delivery_id, open_store
from planner.writes import FIELDS

PARIS = ZoneInfo("Europe/Paris")
T0 = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # a Monday, 10:00 in Paris


@pytest.fixture(
    name="store_url", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def store_url_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_database"))
    return f"sqlite:///{tmp_path / 'planner.db'}"


@pytest.fixture(name="store")
def store_fixture(store_url: str) -> Iterator[Store]:
    store = open_store(store_url)
    yield store
    store.close()


class Recorder:
    """A hook of the runner's protocol that records each call; ``failures`` calls fail first
    (``retry`` says whether worth retrying), ``delay`` seconds each call takes."""

    kind = "test"

    def __init__(
        self,
        name: str = "test-1",
        *,
        lead: timedelta = timedelta(0),
        resend_safe: bool = False,
        channels: tuple[str, ...] = (),
        failures: int = 0,
        retry: bool = True,
        delay: float = 0.0,
    ) -> None:
        self.name = name
        self.lead = lead
        self.resend_safe = resend_safe
        self.channels = channels
        self.failures = failures
        self.retry = retry
        self.delay = delay
        self.calls: list[Delivery] = []
        self.lock = threading.Lock()

    def matches(self, channel: str, stage: str, kind: str) -> bool:
        return not self.channels or channel in self.channels

    def fire(self, delivery: Delivery) -> None:
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.calls.append(delivery)
            if self.failures:
                self.failures -= 1
                raise HookFailure("the test server said no", retry=self.retry)

    @property
    def fired(self) -> list[str]:
        """Titles fired, in order."""
        with self.lock:
            return [d.title for d in self.calls]


def make_item(
    n: int,
    start: datetime,
    *,
    campaign: str = "soldes",
    channel: str = "instagram",
    title: str | None = None,
    minutes: int = 30,
) -> Item:
    local = start.astimezone(PARIS)
    return Item(
        id=item_id(campaign, "step-1", channel, "publish", n),
        campaign=campaign.capitalize(),
        stage="awareness",
        step=1,
        channel=channel,
        start=local,
        end=local + timedelta(minutes=minutes),
        all_day=False,
        title=title or f"{campaign} #{n}",
        brief=f"brief {n}",
        kind="publish",
        source=f"rules/{campaign}.toml:5",
        campaign_key=campaign,
        locale="fr",
    )


def hourly(count: int, first: datetime = T0, **kwargs: object) -> list[Item]:
    """``count`` items an hour apart from ``first``."""
    return [make_item(n, first + timedelta(hours=n), **kwargs) for n in range(count)]  # type: ignore[arg-type]


class Clock:
    """A pinned clock the test moves by hand; the runner reads it from its threads."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.lock = threading.Lock()

    def __call__(self) -> datetime:
        with self.lock:
            return self.now

    def advance(self, delta: timedelta) -> None:
        with self.lock:
            self.now += delta


def wait_for(test: Callable[[], bool], timeout: float = 10.0) -> None:
    """Until ``test()`` holds (the runner works in its own threads), or fail."""
    deadline = time.monotonic() + timeout
    while not test():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the runner")
        time.sleep(0.01)


@pytest.fixture(name="store_cli")
def store_cli_fixture(
    cli: Callable[..., Result], workspace: Path, store_url: str
) -> Callable[..., Result]:
    """The real CLI in the test workspace, on the test's store (through PLANNER_DB)."""

    def invoke(*args: str) -> Result:
        return cli(*args, cwd=workspace, env={"PLANNER_DB": store_url})

    return invoke


def write_as_old(store: Store, items: list[Item], hook: str) -> None:
    """The rows a sync of the first revisions (0001 to 0003) wrote in a store of one of them
    (today's sync() needs today's columns), for the items of campaign "soldes"."""
    campaigns = table("campaigns", column("key"), column("name"), column("updated_at"))
    # The columns of 0001, which the newer ones (overdue_at_sync, 0005) are not in.
    names = ("id", "item_id", "hook", "state", "attempts")
    deliveries = table("deliveries", column("due", UTCDateTime()), *(column(n) for n in names))
    with store.begin(write=True) as conn:
        conn.execute(insert(campaigns).values(key="soldes", name="Soldes", updated_at=T0))
        for item in items:
            fields = {f: getattr(item, f) for f in FIELDS}
            conn.execute(
                insert(ItemRow).values(
                    id=item.id, **fields, state="pending", sequence=0, updated_at=T0, digest=""
                )
            )
            conn.execute(
                insert(deliveries).values(
                    id=delivery_id(item.id, hook),
                    item_id=item.id,
                    hook=hook,
                    due=item.start,
                    state="pending",
                    attempts=0,
                )
            )
