"""Hooks against real servers started here on 127.0.0.1: SMTP (aiosmtpd, plain, STARTTLS and
implicit TLS with a certificate made for the test), HTTP (http.server), real programs, and
planner.toml files with every mistake a user can make in [[hooks]], each at its position."""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from planner.delivery import Delivery, Hook, HookFailure
from planner.errors import ConfigError
from planner.hooks import (
    CommandHook,
    EmailHook,
    Filter,
    HookContext,
    LogHook,
    PluginHook,
    WebhookHook,
    load_hooks,
    message_id,
)
from planner.workspace import Settings, Workspace

from .servers import (
    PASSWORD,
    USER,
    HookServer,
    Mailbox,
    aiosmtpd_controller,
    free_port,
    http_server,
    smtp_server,
)

SHOP = '[shop]\nname = "Test shop"\ntimezone = "Europe/Paris"\nlocale = "fr"\ncountry = "FR"\n'
__all__ = ["http_server", "smtp_server"]  # fixtures, used by name


def delivery(**changes: Any) -> Delivery:
    base = Delivery(
        id="d-0f3a9c41b2e8d7a6",
        hook="test",
        due=datetime(2027, 1, 24, 10, 0, tzinfo=UTC),
        attempt=1,
        item_id="i-7c21d0e5a9b34f18",
        campaign="Saint-Valentin — bagues",
        stage="conversion",
        step=3,
        channel="instagram",
        start=datetime(2027, 1, 25, 10, 0, tzinfo=UTC),
        end=datetime(2027, 1, 25, 10, 30, tzinfo=UTC),
        all_day=False,
        title="Conversion — Remise de 30 %",
        brief="Remise de 30 % et livraison gratuite\njusqu'au 14 février",
        kind="publish",
        source="rules/valentines.toml:21",
        tzid="Europe/Paris",
        locale="fr",
    )
    return replace(base, **changes)


def full_text(hooks: str) -> str:
    # A top-level `hooks = …` must come before [shop], or it would belong to [shop].
    return hooks + SHOP if hooks.startswith("hooks") else SHOP + hooks


def settings_of(root: Path, hooks: str) -> Settings:
    (root / "planner.toml").write_text(full_text(hooks), encoding="utf-8")
    return Workspace.open(root, root).settings


def hooks_of(root: Path, hooks: str, **kwargs: Any) -> list[Hook]:
    return load_hooks(settings_of(root, hooks), root, **kwargs)


def at(text: str, needle: str, nth: int = 0, shift: int = 0) -> str:
    """``planner.toml:LINE:COL`` of the ``nth`` occurrence of ``needle`` in the file text."""
    full = full_text(text)
    index = -1
    for _ in range(nth + 1):
        index = full.index(needle, index + 1)
    line = full.count("\n", 0, index) + 1
    col = index - (full.rfind("\n", 0, index) + 1) + 1 + shift
    return f"planner.toml:{line}:{col}"


# -- configuration: good ----------------------------------------------------------------------


def test_no_hooks_without_planner_toml(tmp_path: Path) -> None:
    assert load_hooks(Workspace.open(tmp_path, tmp_path).settings, tmp_path) == []
    assert load_hooks(Settings()) == []


def test_every_kind_with_its_defaults(workspace: Path) -> None:
    hooks = hooks_of(
        workspace,
        """
[[hooks]]
kind = "log"

[[hooks]]
kind = "email"
to = "owner@example.org"

[[hooks]]
kind = "webhook"
url = "https://automation.example.org/parcours"

[[hooks]]
kind = "command"
argv = ["notify-send", "Parcours"]

[[hooks]]
kind = "email"
name = "boss"
to = ["a@example.org", "Bob <b@example.org>"]
smtp = "smtps://mail.example.org"

[[hooks]]
kind = "email"
to = "c@example.org"
from = "Boutique <shop@example.org>"
smtp = "smtp://mail.example.org:587"
timeout = "2 minutes"
""",
    )
    log, mail, web, command, boss, third = hooks
    assert isinstance(log, LogHook) and log.file is None
    assert (log.name, log.kind, log.lead, log.resend_safe) == ("log-1", "log", timedelta(0), True)
    assert isinstance(mail, EmailHook)
    assert (mail.name, mail.to, mail.sender) == (
        "email-1",
        ("owner@example.org",),
        "parcours@localhost",
    )
    assert (mail.host, mail.port, mail.security, mail.timeout) == ("localhost", 25, "starttls", 30)
    assert mail.resend_safe is False
    assert isinstance(web, WebhookHook)
    assert (web.name, web.url, web.timeout, web.headers) == (
        "webhook-1",
        "https://automation.example.org/parcours",
        10,
        (),
    )
    assert web.resend_safe is True
    assert isinstance(command, CommandHook)
    assert (command.name, command.argv, command.cwd, command.timeout) == (
        "command-1",
        ("notify-send", "Parcours"),
        workspace.resolve(),
        60,
    )
    assert command.resend_safe is False
    assert isinstance(boss, EmailHook)
    # n counts every hook of the kind, named or not: the third e-mail hook is email-3.
    assert (boss.name, boss.host, boss.port, boss.security) == (
        "boss",
        "mail.example.org",
        465,
        "tls",
    )
    assert boss.to == ("a@example.org", "Bob <b@example.org>")
    assert isinstance(third, EmailHook)
    assert (third.name, third.port, third.security, third.timeout) == (
        "email-3",
        587,
        "starttls",
        120,
    )
    assert third.sender == "Boutique <shop@example.org>"


def test_lead_and_filters_in_french_and_english(workspace: Path) -> None:
    (hook,) = hooks_of(
        workspace,
        """
[[hooks]]
kind = "log"
name = "rappels"
lead = "1 jour et 2 heures"
channels = ["Instagram", "google-business"]
stages = ["Achat", "prise de conscience", "CONSIDÉRATION"]
kinds = ["prepare"]
""",
    )
    assert hook.lead == timedelta(days=1, hours=2)
    assert isinstance(hook, LogHook)
    assert hook.filter == Filter(
        channels=frozenset({"instagram", "google_business"}),
        stages=frozenset({"conversion", "awareness", "consideration"}),
        kinds=frozenset({"prepare"}),
    )
    assert hook.matches("instagram", "conversion", "prepare")
    assert hook.matches("google_business", "awareness", "prepare")
    assert not hook.matches("instagram", "conversion", "publish")
    assert not hook.matches("email", "conversion", "prepare")
    assert not hook.matches("instagram", "retention", "prepare")
    (everything,) = hooks_of(workspace, '[[hooks]]\nkind = "log"\n')
    assert everything.matches("sms", "advocacy", "publish")
    assert everything.matches("flyer", "awareness", "prepare")


def test_paths_start_at_the_workspace(workspace: Path) -> None:
    (workspace / "logs").mkdir()
    (workspace / "scripts").mkdir()
    log, command = hooks_of(
        workspace,
        """
[[hooks]]
kind = "log"
file = "logs/rappels.log"

[[hooks]]
kind = "command"
argv = ["./notify.sh"]
cwd = "scripts"
timeout = 5
""",
    )
    assert isinstance(log, LogHook) and log.file == workspace.resolve() / "logs" / "rappels.log"
    assert isinstance(command, CommandHook)
    assert (command.cwd, command.timeout) == (workspace.resolve() / "scripts", 5)


def test_webhook_headers_inline_or_as_a_table(workspace: Path) -> None:
    inline, table = hooks_of(
        workspace,
        """
[[hooks]]
kind = "webhook"
url = "http://127.0.0.1:8080/hook"
headers = { Authorization = "Bearer abc", X-Shop = "bijoux" }

[[hooks]]
kind = "webhook"
url = "http://127.0.0.1:8080/other"
timeout = 2.5
[hooks.headers]
X-Token = "t0k3n"
""",
    )
    assert isinstance(inline, WebhookHook) and isinstance(table, WebhookHook)
    assert inline.headers == (("Authorization", "Bearer abc"), ("X-Shop", "bijoux"))
    assert (table.headers, table.timeout) == ((("X-Token", "t0k3n"),), 2.5)
    assert "abc" not in repr(inline) and "t0k3n" not in repr(table)


# -- configuration: every mistake, at its place ------------------------------------------------

BAD: list[tuple[str, str, str, tuple[str, int, int], str]] = [
    # (id, [[hooks]] text, message part, (needle, nth, shift) for the position, hint part)
    (
        "unknown-kind",
        '[[hooks]]\nkind = "mail"\nto = "a@b.org"\n',
        "unknown hook kind 'mail'",
        ('"mail"', 0, 0),
        "did you mean 'email'?",
    ),
    (
        "no-kind",
        '[[hooks]]\nto = "a@b.org"\n',
        "has no kind",
        ("[[hooks]]", 0, 0),
        'kind = "log"',
    ),
    (
        "kind-not-a-string",
        "[[hooks]]\nkind = 3\n",
        "kind must be a string",
        ("3", 0, 0),
        'kind = "email"',
    ),
    (
        "unknown-key",
        '[[hooks]]\nkind = "webhook"\nurl = "https://x.org/h"\ntimout = 3\n',
        "unknown key 'timout' in a webhook hook",
        ("timout", 0, 0),
        "did you mean 'timeout'?",
    ),
    (
        "command-as-a-string-key",
        '[[hooks]]\nkind = "command"\ncommand = "notify-send hi"\n',
        "unknown key 'command'",
        ("command =", 0, 0),
        'argv = ["notify-send", "Parcours"]',
    ),
    (
        "missing-to",
        '[[hooks]]\nkind = "email"\nsmtp = "smtp://localhost:1025"\n',
        "this email hook has no 'to'",
        ("[[hooks]]", 0, 0),
        'to = "owner@example.org"',
    ),
    (
        "missing-url",
        '[[hooks]]\nkind = "log"\n\n[[hooks]]\nkind = "webhook"\n',
        "this webhook hook has no 'url'",
        ("[[hooks]]", 1, 0),
        "url = ",
    ),
    (
        "missing-argv",
        '[[hooks]]\nkind = "command"\ntimeout = 3\n',
        "this command hook has no 'argv'",
        ("[[hooks]]", 0, 0),
        "argv = [",
    ),
    (
        "argv-a-command-line",
        '[[hooks]]\nkind = "command"\nargv = "notify-send \'Parcours planner\' --urgency=low"\n',
        "argv must be a list of strings, not a command line",
        ('"notify-send', 0, 0),
        'argv = ["notify-send", "Parcours planner", "--urgency=low"] (no shell)',
    ),
    (
        "argv-with-a-number",
        '[[hooks]]\nkind = "command"\nargv = ["sleep", 5]\n',
        "argv must be a list of strings; item 2 is not a string",
        ("5]", 0, 0),
        "argv = [",
    ),
    (
        "argv-empty",
        '[[hooks]]\nkind = "command"\nargv = []\n',
        "argv is an empty list",
        ("[]", 0, 0),
        "argv = [",
    ),
    (
        "smtp-scheme",
        '[[hooks]]\nkind = "email"\nto = "a@b.org"\nsmtp = "imap://mail.b.org"\n',
        "smtp must start with smtp:// or smtps:// (it has imap)",
        ("imap://", 0, 0),
        "smtps://host:465",
    ),
    (
        "webhook-scheme",
        '[[hooks]]\nkind = "webhook"\nurl = "ftp://files.b.org/in"\n',
        "url must start with http:// or https://",
        ("ftp://", 0, 0),
        "https://",
    ),
    (
        "webhook-no-host",
        '[[hooks]]\nkind = "webhook"\nurl = "https:///path"\n',
        "url has no host name",
        ("https:///", 0, 0),
        "https://",
    ),
    (
        "smtp-bad-port",
        '[[hooks]]\nkind = "email"\nto = "a@b.org"\nsmtp = "smtp://mail.b.org:99999"\n',
        "the port is not a number from 1 to 65535",
        ("99999", 0, 0),
        "smtp://mail.b.org:587",
    ),
    (
        "smtp-with-a-path",
        '[[hooks]]\nkind = "email"\nto = "a@b.org"\nsmtp = "smtp://mail.b.org/inbox"\n',
        "an smtp URL is a host and a port only",
        ("/inbox", 0, 0),
        "smtp://mail.example.org:587",
    ),
    (
        "password-in-file",
        '[[hooks]]\nkind = "email"\nto = "a@b.org"\npassword = "hunter2"\n',
        "password does not belong in planner.toml",
        ("password", 0, 0),
        "PLANNER_SMTP_PASSWORD in the environment",
    ),
    (
        "user-in-file",
        '[[hooks]]\nkind = "email"\nto = "a@b.org"\nuser = "me"\n',
        "user does not belong in planner.toml",
        ("user", 0, 0),
        "set PLANNER_SMTP_USER and PLANNER_SMTP_PASSWORD",
    ),
    (
        "credentials-in-smtp-url",
        '[[hooks]]\nkind = "email"\nto = "a@b.org"\nsmtp = "smtps://me:hunter2@mail.b.org"\n',
        "credentials do not belong in the smtp URL",
        ("me:hunter2", 0, 0),
        "PLANNER_SMTP_USER",
    ),
    (
        "credentials-in-webhook-url",
        '[[hooks]]\nkind = "webhook"\nurl = "https://me:pw@hooks.b.org/x"\n',
        "a user and password in the URL are not sent",
        ("me:pw", 0, 0),
        "headers = { Authorization",
    ),
    (
        "not-an-address",
        '[[hooks]]\nkind = "email"\nto = ["a@b.org", "owner at b.org"]\n',
        "'owner at b.org' is not an e-mail address",
        ("owner at", 0, 0),
        'to = "owner@example.org"',
    ),
    (
        "bad-lead-phrase",
        '[[hooks]]\nkind = "log"\nlead = "1 mois"\n',
        "'mois' cannot be a duration",
        ("mois", 0, 0),
        "write '30 days'",
    ),
    (
        "lead-a-number",
        '[[hooks]]\nkind = "log"\nlead = 2\n',
        "lead must be a duration phrase",
        ("2", 0, 0),
        'lead = "1 day"',
    ),
    (
        "duplicate-names",
        '[[hooks]]\nkind = "log"\nname = "same"\n\n[[hooks]]\nkind = "webhook"\n'
        'url = "http://x.org"\nname = "same"\n',
        "two hooks are named 'same'",
        ('"same"', 1, 0),
        "planner.toml:8:8",
    ),
    (
        "duplicate-with-a-default-name",
        '[[hooks]]\nkind = "log"\nname = "log-2"\n\n[[hooks]]\nkind = "log"\n',
        "two hooks are named 'log-2'",
        ("[[hooks]]", 1, 0),
        "give each hook its own name",
    ),
    (
        "name-with-spaces",
        '[[hooks]]\nkind = "log"\nname = "my hook"\n',
        "a hook name is a short word",
        ('"my hook"', 0, 0),
        "letters, digits",
    ),
    (
        "unknown-stage",
        '[[hooks]]\nkind = "log"\nstages = ["conversion", "achta"]\n',
        "unknown stage 'achta'",
        ("achta", 0, 0),
        "did you mean 'achat'?",
    ),
    (
        "unknown-channel",
        '[[hooks]]\nkind = "log"\nchannels = [ "sms",  "instagam" ]\n',
        "unknown channel 'instagam'",
        ("instagam", 0, 0),
        "did you mean 'instagram'?",
    ),
    (
        "unknown-item-kind",
        '[[hooks]]\nkind = "log"\nkinds = ["publication"]\n',
        "unknown item kind 'publication'",
        ("publication", 0, 0),
        "did you mean 'publish'?",
    ),
    (
        "empty-filter",
        '[[hooks]]\nkind = "log"\nstages = []\n',
        "stages is an empty list",
        ("[]", 0, 0),
        "remove stages to mean all",
    ),
    (
        "negative-timeout",
        '[[hooks]]\nkind = "webhook"\nurl = "http://x.org"\ntimeout = -1\n',
        "timeout must be more than 0",
        ("-1", 0, 0),
        "timeout = 30",
    ),
    (
        "timeout-a-bad-phrase",
        '[[hooks]]\nkind = "command"\nargv = ["true"]\ntimeout = "deux minutes zz"\n',
        "",
        ("zz", 0, 0),
        "",
    ),
    (
        "reserved-header",
        '[[hooks]]\nkind = "webhook"\nurl = "http://x.org"\n[hooks.headers]\n'
        'Idempotency-Key = "mine"\n',
        "the Idempotency-Key header is set by Parcours",
        ("Idempotency-Key", 0, 0),
        "the Idempotency-Key is the delivery id",
    ),
    (
        "header-not-a-string",
        '[[hooks]]\nkind = "webhook"\nurl = "http://x.org"\nheaders = { X-Retries = 3 }\n',
        "header X-Retries must be a string",
        ("{", 0, 0),
        "X-Retries = ",
    ),
    (
        "log-folder-missing",
        '[[hooks]]\nkind = "log"\nfile = "nowhere/hooks.log"\n',
        "the folder of 'nowhere/hooks.log' does not exist",
        ('"nowhere', 0, 0),
        "create ",
    ),
    (
        "cwd-missing",
        '[[hooks]]\nkind = "command"\nargv = ["true"]\ncwd = "scripts"\n',
        "cwd 'scripts' is not a folder",
        ('"scripts"', 0, 0),
        "relative to the workspace",
    ),
    (
        "hooks-not-tables",
        'hooks = "log"\n',
        "hooks must be a list of tables",
        ("hooks", 0, 0),
        "[[hooks]]",
    ),
    (
        "inline-array-of-tables",
        'hooks = [{ kind = "log" }, { kind = "sms" }]\n',
        "unknown hook kind 'sms'",
        ('{ kind = "sms"', 0, 0),
        "known kinds: log, email, webhook, command",
    ),
]


@pytest.mark.parametrize(
    ("text", "message", "where", "hint"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_config_mistakes_are_positioned(
    workspace: Path, text: str, message: str, where: tuple[str, int, int], hint: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        hooks_of(workspace, text)
    error = caught.value
    assert message in error.message
    assert str(error.pos) == at(text, *where)
    assert hint in (error.hint or "")
    assert "Traceback" not in str(error)


# -- log ---------------------------------------------------------------------------------------


def test_log_to_a_file_one_line_per_delivery(workspace: Path) -> None:
    (hook,) = hooks_of(workspace, '[[hooks]]\nkind = "log"\nfile = "rappels.log"\n')
    hook.fire(delivery())
    hook.fire(delivery(id="d-2", title="Préparer : flyer\tA5", channel="flyer", kind="prepare"))
    lines = (workspace / "rappels.log").read_text(encoding="utf-8").splitlines()
    assert lines == [
        "2027-01-25T11:00:00+01:00\tConversion — Remise de 30 %\tinstagram\tconversion\t"
        "d-0f3a9c41b2e8d7a6",
        "2027-01-25T11:00:00+01:00\tPréparer : flyer A5\tflyer\tconversion\td-2",
    ]


def test_log_to_stdout(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (hook,) = hooks_of(workspace, '[[hooks]]\nkind = "log"\n')
    hook.fire(delivery(tzid="America/Montreal", locale="en"))
    assert capsys.readouterr().out == (
        "2027-01-25T05:00:00-05:00\tConversion — Remise de 30 %\tinstagram\tconversion\t"
        "d-0f3a9c41b2e8d7a6\n"
    )


def test_log_lines_stay_whole_under_threads(tmp_path: Path) -> None:
    hook = LogHook(name="log-1", file=tmp_path / "many.log")

    def work(n: int) -> None:
        for k in range(50):
            hook.fire(delivery(id=f"d-{n}-{k}", brief="x" * 500))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = (tmp_path / "many.log").read_text(encoding="utf-8").splitlines()
    assert sorted(line.rsplit("\t", 1)[1] for line in lines) == sorted(
        f"d-{n}-{k}" for n in range(8) for k in range(50)
    )


def test_log_into_a_vanished_folder_fails_without_retry(tmp_path: Path) -> None:
    hook = LogHook(name="log-1", file=tmp_path / "gone" / "x.log")
    with pytest.raises(HookFailure) as caught:
        hook.fire(delivery())
    assert caught.value.retry is False
    assert "log hook log-1: cannot write" in str(caught.value)


# -- e-mail ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, made with openssl."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make the TLS test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
         "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,digitalSignature,keyCertSign"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture
def no_smtp_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLANNER_SMTP_USER", raising=False)
    monkeypatch.delenv("PLANNER_SMTP_PASSWORD", raising=False)


@pytest.fixture
def smtp_login(monkeypatch: pytest.MonkeyPatch, certificate: tuple[Path, Path]) -> None:
    monkeypatch.setenv("PLANNER_SMTP_USER", USER)
    monkeypatch.setenv("PLANNER_SMTP_PASSWORD", PASSWORD)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))


FRENCH_BODY = (
    "Remise de 30 % et livraison gratuite\n"
    "jusqu'au 14 février\n"
    "\n"
    "Quand\u00a0: lundi 25 janvier 2027 à 11\u00a0h (Europe/Paris)\n"
    "Canal\u00a0: Instagram\n"
    "Étape\u00a0: conversion\n"
)


def email_hooks(workspace: Path, port: int, scheme: str = "smtp", **extra: str) -> EmailHook:
    keys = "".join(f'{k} = "{v}"\n' for k, v in extra.items())
    (hook,) = hooks_of(
        workspace,
        f'[[hooks]]\nkind = "email"\nto = ["owner@example.org", "Shop <shop@example.org>"]\n'
        f'from = "Parcours <rappels@bijoux.example>"\nsmtp = "{scheme}://127.0.0.1:{port}"\n'
        f"timeout = 10\n{keys}",
    )
    assert isinstance(hook, EmailHook)
    return hook


def test_email_in_french_exactly_once(
    workspace: Path, smtp_server: Callable[..., Mailbox], no_smtp_login: None
) -> None:
    box = smtp_server()
    hook = email_hooks(workspace, box.port)
    before = datetime.now(UTC).replace(microsecond=0)
    hook.fire(delivery())
    assert len(box.messages) == 1
    message = box.messages[0]
    assert message["Subject"] == "Conversion — Remise de 30 %"
    assert message["From"] == "Parcours <rappels@bijoux.example>"
    assert message["To"] == "owner@example.org, Shop <shop@example.org>"
    assert message["Message-ID"] == "<d-0f3a9c41b2e8d7a6@bijoux.example>"
    assert message["Auto-Submitted"] == "auto-generated"
    date = message["Date"].datetime
    assert date >= before and date.tzinfo is not None
    assert message.get_content_type() == "text/plain"
    assert message.get_content() == FRENCH_BODY
    assert box.envelopes == [("rappels@bijoux.example", ["owner@example.org", "shop@example.org"])]


def test_email_in_english_and_all_day(
    workspace: Path, smtp_server: Callable[..., Mailbox], no_smtp_login: None
) -> None:
    box = smtp_server()
    hook = email_hooks(workspace, box.port)
    hook.fire(
        delivery(
            id="d-en",
            locale="en",
            stage="awareness",
            channel="email",
            title="Awareness — Rings for Valentine's Day",
            brief="Photos of rings",
            tzid="America/New_York",
        )
    )
    hook.fire(delivery(id="d-fr-day", all_day=True, start=datetime(2027, 1, 31, 23, tzinfo=UTC)))
    english, french = box.messages
    assert english["Subject"] == "Awareness — Rings for Valentine's Day"
    assert english["Message-ID"] == "<d-en@bijoux.example>"
    assert english.get_content() == (
        "Photos of rings\n"
        "\n"
        "When: Monday 25 January 2027 at 05:00 (America/New_York)\n"
        "Channel: E-mail\n"
        "Stage: awareness\n"
    )
    assert "Quand\u00a0: lundi 1er février 2027 (Europe/Paris)\n" in french.get_content()


def test_message_id_is_stable_and_valid() -> None:
    assert message_id("d-1", "a@shop.example") == "<d-1@shop.example>"
    odd = message_id("item:42/hook email@1", "Shop <a@shop.example>")
    assert odd == message_id("item:42/hook email@1", "a@shop.example")
    assert odd.startswith("<parcours-") and odd.endswith("@shop.example>") and " " not in odd
    assert message_id("d-1", "nobody") == "<d-1@parcours.invalid>"


@pytest.mark.parametrize("mechanism", ["LOGIN", "PLAIN"])
def test_email_starttls_with_login_from_the_environment(
    workspace: Path,
    smtp_server: Callable[..., Mailbox],
    certificate: tuple[Path, Path],
    smtp_login: None,
    mechanism: str,
) -> None:
    other = "PLAIN" if mechanism == "LOGIN" else "LOGIN"
    box = smtp_server(
        login=True,
        tls_context=server_context(certificate),
        require_starttls=True,
        auth_exclude_mechanism=[other],
    )
    hook = email_hooks(workspace, box.port)
    hook.fire(delivery())
    assert box.logins == [(mechanism, USER, PASSWORD)]
    assert len(box.messages) == 1
    assert box.messages[0].get_content() == FRENCH_BODY


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_email_implicit_tls_with_login(
    workspace: Path,
    smtp_server: Callable[..., Mailbox],
    certificate: tuple[Path, Path],
    smtp_login: None,
) -> None:
    # aiosmtpd counts only STARTTLS as encrypted for AUTH; this port is TLS from the start.
    box = smtp_server(login=True, ssl_context=server_context(certificate), auth_require_tls=False)
    hook = email_hooks(workspace, box.port, scheme="smtps")
    hook.fire(delivery())
    assert [(user, password) for _, user, password in box.logins] == [(USER, PASSWORD)]
    assert [m["Message-ID"] for m in box.messages] == ["<d-0f3a9c41b2e8d7a6@bijoux.example>"]


def test_email_login_refused_is_final_and_hides_the_password(
    workspace: Path,
    smtp_server: Callable[..., Mailbox],
    certificate: tuple[Path, Path],
    smtp_login: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PLANNER_SMTP_PASSWORD", "wrong-password-123")
    box = smtp_server(login=True, tls_context=server_context(certificate))
    hook = email_hooks(workspace, box.port)
    with pytest.raises(HookFailure) as caught:
        hook.fire(delivery())
    failure = caught.value
    assert failure.retry is False
    assert "refused the login of 'owner@shop.example'" in str(failure)
    assert "535" in str(failure) and "PLANNER_SMTP_PASSWORD" in str(failure)
    assert "wrong-password-123" not in str(failure) and "wrong-password-123" not in repr(failure)
    assert failure.__cause__ is None and failure.__suppress_context__
    assert box.messages == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_email_never_sends_the_password_unencrypted(
    workspace: Path, smtp_server: Callable[..., Mailbox], smtp_login: None
) -> None:
    box = smtp_server(auth_require_tls=False, login=True)  # a server without STARTTLS
    hook = email_hooks(workspace, box.port)
    with pytest.raises(HookFailure) as caught:
        hook.fire(delivery())
    assert caught.value.retry is False
    assert "does not offer STARTTLS" in str(caught.value)
    assert box.logins == [] and box.messages == []


def test_email_untrusted_certificate(
    workspace: Path,
    smtp_server: Callable[..., Mailbox],
    certificate: tuple[Path, Path],
    no_smtp_login: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    box = smtp_server(ssl_context=server_context(certificate))
    hook = email_hooks(workspace, box.port, scheme="smtps")
    with pytest.raises(HookFailure) as caught:
        hook.fire(delivery())
    assert caught.value.retry is False
    assert "certificate" in str(caught.value) and "SSL_CERT_FILE" in str(caught.value)
    assert box.messages == []


def test_email_half_a_login_in_the_environment(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, no_smtp_login: None
) -> None:
    monkeypatch.setenv("PLANNER_SMTP_USER", USER)
    hook = email_hooks(workspace, free_port())
    with pytest.raises(HookFailure) as caught:
        hook.fire(delivery())
    assert caught.value.retry is False
    assert "PLANNER_SMTP_USER is set but PLANNER_SMTP_PASSWORD is not" in str(caught.value)


def test_email_server_down_is_worth_a_retry(workspace: Path, no_smtp_login: None) -> None:
    hook = email_hooks(workspace, free_port())
    with pytest.raises(HookFailure) as caught:
        hook.fire(delivery())
    assert caught.value.retry is True
    assert "connection refused" in str(caught.value)


def test_email_recipient_refused(
    workspace: Path, smtp_server: Callable[..., Mailbox], no_smtp_login: None
) -> None:
    class Refuse(Mailbox):
        async def handle_RCPT(
            self, server: Any, session: Any, envelope: Any, address: str, options: Any
        ) -> str:
            if address.startswith("shop@"):
                return "550 5.1.1 no such mailbox"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    box = Refuse(free_port())
    controller = aiosmtpd_controller.Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        hook = email_hooks(workspace, box.port)
        with pytest.raises(HookFailure) as caught:
            hook.fire(delivery())
    finally:
        controller.stop()
    # The owner got it: sending again would give them a second copy.
    assert caught.value.retry is False
    assert "delivered, except to shop@example.org: 550" in str(caught.value)
    assert len(box.messages) == 1


# -- webhook -----------------------------------------------------------------------------------


def webhook(server: HookServer, path: str, timeout: float = 10) -> WebhookHook:
    return WebhookHook(
        name="webhook-1",
        url=f"http://127.0.0.1:{server.server_port}{path}",
        timeout=timeout,
        headers=(("X-Shop", "bijoux"), ("Authorization", "Bearer t0k3n")),
    )


def test_webhook_posts_the_item_with_its_idempotency_key(http_server: HookServer) -> None:
    hook = webhook(http_server, "/ok")
    item = delivery()
    hook.fire(item)
    hook.fire(replace(item, attempt=2))  # a retry: same key, for the receiver to drop
    first, second = http_server.received
    assert first.path == "/ok"
    assert first.headers["Idempotency-Key"] == "d-0f3a9c41b2e8d7a6"
    assert first.headers["Content-Type"] == "application/json"
    assert (first.headers["X-Shop"], first.headers["Authorization"]) == ("bijoux", "Bearer t0k3n")
    assert json.loads(first.body) == item.item_json()
    assert json.loads(first.body)["start"] == "2027-01-25T11:00:00+01:00"
    assert b"Remise de 30 %" in first.body  # UTF-8, not \u escapes
    assert second.headers["Idempotency-Key"] == first.headers["Idempotency-Key"]
    webhook(http_server, "/accepted").fire(item)


def test_webhook_500_is_retried_with_retry_after(http_server: HookServer) -> None:
    with pytest.raises(HookFailure) as caught:
        webhook(http_server, "/fail?token=s3cret").fire(delivery())
    failure = caught.value
    assert failure.retry is True
    assert failure.retry_after == timedelta(seconds=7)
    assert "HTTP 500" in str(failure) and "database is down" in str(failure)
    assert "s3cret" not in str(failure)  # a webhook's query often holds its secret
    assert str(failure).startswith("webhook hook webhook-1 (http://127.0.0.1:")


def test_webhook_429_is_retried(http_server: HookServer) -> None:
    with pytest.raises(HookFailure) as caught:
        webhook(http_server, "/busy").fire(delivery())
    assert caught.value.retry is True and "HTTP 429" in str(caught.value)


def test_webhook_404_is_final(http_server: HookServer) -> None:
    with pytest.raises(HookFailure) as caught:
        webhook(http_server, "/missing").fire(delivery())
    assert caught.value.retry is False
    assert "HTTP 404 Not Found: no such hook: check the URL" in str(caught.value)


def test_webhook_redirect_is_not_followed(http_server: HookServer) -> None:
    with pytest.raises(HookFailure) as caught:
        webhook(http_server, "/moved").fire(delivery())
    assert caught.value.retry is False
    assert "moved to https://elsewhere.example/…" in str(caught.value)
    assert "s3cret" not in str(caught.value)
    assert [r.path for r in http_server.received] == ["/moved"]


def test_webhook_hanging_past_its_timeout_is_retried(http_server: HookServer) -> None:
    with pytest.raises(HookFailure) as caught:
        webhook(http_server, "/slow", timeout=0.3).fire(delivery())
    assert caught.value.retry is True
    assert "no answer in time (timeout)" in str(caught.value)
    assert len(http_server.received) == 1


def test_webhook_nobody_listening_is_retried() -> None:
    hook = WebhookHook(name="webhook-1", url=f"http://127.0.0.1:{free_port()}/x", timeout=5)
    with pytest.raises(HookFailure) as caught:
        hook.fire(delivery())
    assert caught.value.retry is True and "connection refused" in str(caught.value)


# -- command -----------------------------------------------------------------------------------

DUMP_ENV = (
    "import json, os, sys; "
    "json.dump({'env': {k: v for k, v in os.environ.items() if k.startswith('PLANNER_')}, "
    "'cwd': os.getcwd(), 'argv': sys.argv[1:], 'inherited': os.environ.get('SHOP_SECRET')}, "
    "open(sys.argv[1], 'w', encoding='utf-8'))"
)


def test_command_gets_the_item_in_its_environment(
    workspace: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path_factory.mktemp("out") / "env.json"
    monkeypatch.setenv("SHOP_SECRET", "kept")
    # The e-mail hook's login is not passed on to commands (absent from the dict below).
    monkeypatch.setenv("PLANNER_SMTP_USER", "owner")
    monkeypatch.setenv("PLANNER_SMTP_PASSWORD", "hunter2")
    # The tests' own language setting (conftest.py) would be inherited like SHOP_SECRET.
    monkeypatch.delenv("PLANNER_LANG", raising=False)
    argv = [sys.executable, "-c", DUMP_ENV, str(out), "$HOME; rm -rf / *"]
    (hook,) = hooks_of(
        workspace, f'[[hooks]]\nkind = "command"\nargv = {json.dumps(argv)}\nlead = "1 h"\n'
    )
    hook.fire(delivery())
    seen = json.loads(out.read_text(encoding="utf-8"))
    assert seen["env"] == {
        "PLANNER_ITEM_ID": "i-7c21d0e5a9b34f18",
        "PLANNER_DELIVERY_ID": "d-0f3a9c41b2e8d7a6",
        "PLANNER_TITLE": "Conversion — Remise de 30 %",
        "PLANNER_BRIEF": "Remise de 30 % et livraison gratuite\njusqu'au 14 février",
        "PLANNER_START": "2027-01-25T11:00:00+01:00",
        "PLANNER_END": "2027-01-25T11:30:00+01:00",
        "PLANNER_CHANNEL": "instagram",
        "PLANNER_STAGE": "conversion",
        "PLANNER_CAMPAIGN": "Saint-Valentin — bagues",
        "PLANNER_KIND": "publish",
        "PLANNER_HOOK": "command-1",
        "PLANNER_ATTEMPT": "1",
    }
    assert seen["cwd"] == str(workspace.resolve())
    assert seen["argv"] == [str(out), "$HOME; rm -rf / *"]  # no shell: passed as written
    assert seen["inherited"] == "kept"


def test_command_relative_program_runs_from_its_folder(
    workspace: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path_factory.mktemp("out") / "ran"
    script = workspace / "notify.sh"
    script.write_text(f'#!/bin/sh\necho "$PLANNER_TITLE" > "{out}"\n', encoding="utf-8")
    script.chmod(0o755)
    (hook,) = hooks_of(workspace, '[[hooks]]\nkind = "command"\nargv = ["./notify.sh"]\n')
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    hook.fire(delivery())
    assert out.read_text(encoding="utf-8") == "Conversion — Remise de 30 %\n"


def test_command_failing_is_retried_with_its_stderr(workspace: Path) -> None:
    code = (
        "import sys; print('starting'); sys.stderr.write('line 1\\nquota exceeded\\n'); sys.exit(3)"
    )
    hook = CommandHook(name="command-1", argv=(sys.executable, "-c", code), cwd=workspace)
    with pytest.raises(HookFailure) as caught:
        hook.fire(delivery())
    assert caught.value.retry is True
    assert str(caught.value) == (
        f"command hook command-1 ({sys.executable}): exit status 3: line 1 quota exceeded"
    )


def test_command_not_found_is_final(workspace: Path) -> None:
    hook = CommandHook(name="notify", argv=("parcours-no-such-program", "x"), cwd=workspace)
    with pytest.raises(HookFailure) as caught:
        hook.fire(delivery())
    assert caught.value.retry is False
    assert str(caught.value) == (
        "command hook notify (parcours-no-such-program): command not found (looked in PATH); "
        "install it or give its full path in argv"
    )


def test_command_not_executable_is_final(workspace: Path) -> None:
    (workspace / "notify.sh").write_text("#!/bin/sh\n", encoding="utf-8")
    hook = CommandHook(name="command-1", argv=("./notify.sh",), cwd=workspace)
    with pytest.raises(HookFailure) as caught:
        hook.fire(delivery())
    assert caught.value.retry is False and "chmod +x" in str(caught.value)


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")  # a zombie has stopped; its parent reaps it


def test_command_past_its_timeout_is_stopped_with_its_children(
    workspace: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    pid_file = tmp_path_factory.mktemp("out") / "child.pid"
    code = (
        "import subprocess, sys, time; "
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']); "
        f"open({str(pid_file)!r}, 'w').write(str(child.pid)); "
        "time.sleep(120)"
    )
    hook = CommandHook(name="slow", argv=(sys.executable, "-c", code), cwd=workspace, timeout=2)
    with pytest.raises(HookFailure) as caught:
        hook.fire(delivery())
    assert caught.value.retry is True
    assert "still running after 2 s; stopped it" in str(caught.value)
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 30  # how long the kernel takes is not what is tested
    while not _gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(child)


# -- third-party hooks -------------------------------------------------------------------------


@dataclass
class MemoHook:
    """A plugin's hook: remembers what it was given."""

    prefix: str
    fired: list[str] = field(default_factory=list)
    resend_safe: bool = True
    explode: bool = False

    def matches(self, channel: str, stage: str, kind: str) -> bool:
        return channel != "sms"

    def fire(self, delivery: Delivery) -> None:
        if self.explode:
            raise RuntimeError("the plugin's bug")
        self.fired.append(self.prefix + delivery.id)


def memo_factory(config: dict[str, Any], context: HookContext) -> MemoHook:
    prefix = config.get("prefix")
    if not isinstance(prefix, str):
        raise context.error(
            "a memo hook needs a prefix", "prefix" if prefix else "", 'prefix = "x"'
        )
    return MemoHook(prefix=prefix, explode=bool(config.get("explode", False)))


def test_plugin_from_a_registry(workspace: Path) -> None:
    seen: list[tuple[dict[str, Any], HookContext]] = []

    def factory(config: dict[str, Any], context: HookContext) -> MemoHook:
        seen.append((config, context))
        return memo_factory(config, context)

    text = (
        '[[hooks]]\nkind = "memo"\nprefix = "memo:"\nlead = "30 min"\nstages = ["achat"]\n\n'
        '[[hooks]]\nkind = "memo"\nname = "boom"\nprefix = "x"\nexplode = true\n'
    )
    first, second = hooks_of(workspace, text, factories={"memo": factory})
    assert isinstance(first, PluginHook) and isinstance(first.inner, MemoHook)
    (config, context), _ = seen
    assert config["prefix"] == "memo:" and config["kind"] == "memo"
    assert (context.name, context.kind, context.lead) == ("memo-1", "memo", timedelta(minutes=30))
    assert context.root == workspace.resolve() and context.settings.locale == "fr"
    assert (first.name, first.kind, first.lead, first.resend_safe) == (
        "memo-1",
        "memo",
        timedelta(minutes=30),
        True,
    )
    assert first.matches("instagram", "conversion", "publish")
    assert not first.matches("instagram", "awareness", "publish")  # planner.toml's filter
    assert not first.matches("sms", "conversion", "publish")  # the plugin's own
    first.fire(delivery())
    assert first.inner.fired == ["memo:d-0f3a9c41b2e8d7a6"]
    with pytest.raises(HookFailure) as caught:
        second.fire(delivery())
    assert caught.value.retry is True
    assert str(caught.value) == "memo hook boom: RuntimeError: the plugin's bug"


def test_plugin_errors_are_positioned(workspace: Path) -> None:
    text = '[[hooks]]\nkind = "memo"\nprefix = 3\n'
    with pytest.raises(ConfigError) as caught:
        hooks_of(workspace, text, factories={"memo": memo_factory})
    assert str(caught.value.pos) == at(text, "3")
    assert caught.value.message == "a memo hook needs a prefix"

    def broken(config: dict[str, Any], context: HookContext) -> MemoHook:
        raise KeyError("prefix")

    with pytest.raises(ConfigError) as caught:
        hooks_of(workspace, text, factories={"memo": broken})
    assert str(caught.value.pos) == at(text, '"memo"')
    assert "the 'memo' hook refused this table: KeyError" in caught.value.message

    def not_a_hook(config: dict[str, Any], context: HookContext) -> Any:
        return "a string"

    with pytest.raises(ConfigError) as caught:
        hooks_of(workspace, text, factories={"memo": not_a_hook})
    assert "returned str, not a hook" in caught.value.message


PLUGIN_MODULE = """
class Memo:
    resend_safe = False

    def __init__(self, prefix):
        self.prefix, self.fired = prefix, []

    def matches(self, channel, stage, kind):
        return True

    def fire(self, delivery):
        self.fired.append(self.prefix + delivery.id)


def make_hook(config, context):
    if not isinstance(config.get("prefix"), str):
        raise context.error("a memo hook needs a prefix", "prefix", 'prefix = "x"')
    return Memo(config["prefix"])
"""


@pytest.fixture
def installed_plugin(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """A real distribution on sys.path with two ``planner.hooks`` entry points."""
    site = tmp_path_factory.mktemp("site")
    (site / "parcours_memo_plugin.py").write_text(PLUGIN_MODULE, encoding="utf-8")
    info = site / "parcours_memo_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: parcours-memo-plugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[planner.hooks]\nmemo = parcours_memo_plugin:make_hook\n"
        "broken = parcours_missing_module:make_hook\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(site))
    yield
    sys.modules.pop("parcours_memo_plugin", None)


def test_plugin_from_an_entry_point(workspace: Path, installed_plugin: None) -> None:
    (hook,) = hooks_of(workspace, '[[hooks]]\nkind = "memo"\nprefix = "ep:"\n')
    assert isinstance(hook, PluginHook) and hook.name == "memo-1"
    assert hook.resend_safe is False
    hook.fire(delivery())
    assert type(hook.inner).__module__ == "parcours_memo_plugin"
    assert getattr(hook.inner, "fired", None) == ["ep:d-0f3a9c41b2e8d7a6"]
    text = '[[hooks]]\nkind = "memo"\n'
    with pytest.raises(ConfigError) as caught:
        hooks_of(workspace, text)
    assert (str(caught.value.pos), caught.value.hint) == (
        at(text, "[[hooks]]"),
        'prefix = "x"',
    )

    text = '[[hooks]]\nkind = "mem"\n'
    with pytest.raises(ConfigError) as caught:
        hooks_of(workspace, text)
    assert caught.value.hint == "did you mean 'memo'?"

    text = '[[hooks]]\nkind = "broken"\n'
    with pytest.raises(ConfigError) as caught:
        hooks_of(workspace, text)
    assert str(caught.value.pos) == at(text, '"broken"')
    assert caught.value.message.startswith(
        "cannot load the 'broken' hook (parcours_missing_module:make_hook): ModuleNotFoundError"
    )
    assert "reinstall the package" in (caught.value.hint or "")


def test_unknown_kind_lists_what_is_known(workspace: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        hooks_of(workspace, '[[hooks]]\nkind = "pigeon"\n', factories={"slack": memo_factory})
    hint = caught.value.hint or ""
    assert hint.startswith("known kinds: log, email, webhook, command, ")
    assert "slack" in hint and "'planner.hooks' entry point" in hint


def test_only_hook_failure_escapes_fire(workspace: Path) -> None:
    """A store row with a zone that no longer exists must not crash the runner."""
    bad = delivery(tzid="Mars/Olympus_Mons")
    hooks: list[Hook] = [
        LogHook(name="log-1", file=workspace / "x.log"),
        EmailHook(name="email-1", to=("a@b.org",), port=free_port()),
        WebhookHook(name="webhook-1", url=f"http://127.0.0.1:{free_port()}/"),
        CommandHook(name="command-1", argv=("true",), cwd=workspace),
    ]
    for hook in hooks:
        with pytest.raises(HookFailure):
            hook.fire(bad)


def test_protocol_conformance() -> None:
    def name_of(hook: Hook) -> str:  # mypy checks that each class is a Hook
        return hook.name

    hooks: list[Hook] = [
        LogHook(name="a"),
        EmailHook(name="b", to=("x@y.z",)),
        WebhookHook(name="c", url="http://x"),
        CommandHook(name="d", argv=("true",), cwd=Path()),
        PluginHook("e", "memo", timedelta(0), Filter(), MemoHook("p")),
    ]
    assert [name_of(h) for h in hooks] == ["a", "b", "c", "d", "e"]
    assert [h.kind for h in hooks] == ["log", "email", "webhook", "command", "memo"]
