"""The `email` hook: the item's brief by SMTP, in the item's language.

The login comes from PLANNER_SMTP_USER / PLANNER_SMTP_PASSWORD, read at each delivery, never
from a file. It is only ever sent over TLS (smtps://, or STARTTLS on smtp://).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from .. import i18n
from ..delivery import Delivery, HookFailure
from ..errors import quoted
from ..i18n import N_, _
from ..journey import label
from .base import HookBase

if TYPE_CHECKING:
    import functools
    import smtplib
import ssl

USER_VARIABLE = "PLANNER_SMTP_USER"
PASSWORD_VARIABLE = "PLANNER_SMTP_PASSWORD"

_DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_TLS_HINT = N_(
    "the server's certificate is not trusted; for a private certificate authority, point "
    "SSL_CERT_FILE at its certificate in the runner's environment"
)


def message_id(delivery_id: str, sender: str) -> str:
    """``<id@domain>`` from the delivery id, the same on every attempt, so that a mailbox or a
    relay can drop a copy sent again; an id that is not valid in a Message-ID is hashed."""
    left = delivery_id if _DOT_ATOM.fullmatch(delivery_id) else "parcours-" + _digest(delivery_id)
    _local, at, domain = parseaddr(sender)[1].rpartition("@")
    return f"<{left}@{domain if at and _DOT_ATOM.fullmatch(domain) else 'parcours.invalid'}>"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def when_text(delivery: Delivery) -> str:
    """The item's start, spelled out in the current language, in its zone."""
    local = delivery.start.astimezone(ZoneInfo(delivery.tzid))
    if i18n.language() == i18n.SOURCE:
        import pendulum

        # As the English message has always read it: "Monday 25 January 2027 at 05:00".
        day = pendulum.instance(local).format("dddd D MMMM YYYY", locale="en")
        clock = f"{local:%H:%M}"
    else:
        day, clock = i18n.day_text(local.date()), i18n.time_text(local.time())
    text = day if delivery.all_day else _("{day} at {time}").format(day=day, time=clock)
    return f"{text} ({delivery.tzid})"


@functools.lru_cache(maxsize=256)
def channel_name(dirs: tuple[Path, ...], key: str, language: str) -> str:
    """Channel ``key`` as a person of ``language`` reads it ("En boutique"), from the channel
    files of ``dirs``; the key itself when they have none."""
    from ..channels import ChannelSet
    from ..errors import PlannerError

    try:
        return ChannelSet(dirs).label(key, language) if dirs else key
    except PlannerError:  # a channel file broken since sync: the reminder still goes out
        return key


def body_text(delivery: Delivery, channel_dirs: tuple[Path, ...] = ()) -> str:
    channel = channel_name(channel_dirs, delivery.channel, i18n.language())
    lines = [
        delivery.brief.rstrip(),
        "",
        _("When: {when}").format(when=when_text(delivery)),
        _("Channel: {channel}").format(channel=channel),
        _("Stage: {stage}").format(stage=label(delivery.stage, i18n.language())),
    ]
    return "\n".join(lines) + "\n"


def compose(
    delivery: Delivery,
    sender: str,
    to: tuple[str, ...],
    now: datetime,
    channel_dirs: tuple[Path, ...] = (),
) -> EmailMessage:
    """The message of ``delivery``, in its campaign's language unless one was chosen."""
    with i18n.for_campaign(i18n.language_of(delivery.locale)):
        return _compose(delivery, sender, to, now, channel_dirs)


def _compose(
    delivery: Delivery,
    sender: str,
    to: tuple[str, ...],
    now: datetime,
    channel_dirs: tuple[Path, ...],
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = " ".join(delivery.title.split())
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(delivery.id, sender)
    # RFC 3834: tells vacation responders and ticket systems not to answer a machine.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body_text(delivery, channel_dirs))
    # After set_content, which drops the Content-* headers set before it.
    message["Content-Language"] = i18n.language()
    return message


@dataclass(frozen=True, slots=True, kw_only=True)
class EmailHook(HookBase):
    """Sends one message per delivery. ``security`` is "starttls" (smtp://: upgraded when the
    server offers it, required before a login) or "tls" (smtps://: TLS from the first byte)."""

    to: tuple[str, ...]
    sender: str = "parcours@localhost"
    host: str = "localhost"
    port: int = 25
    security: Literal["starttls", "tls"] = "starttls"
    timeout: float = 30.0
    channel_dirs: tuple[Path, ...] = ()  # where channel names come from (built-in, workspace)

    @property
    def kind(self) -> str:
        return "email"

    @property
    def resend_safe(self) -> bool:
        return False  # a second message lands in the owner's inbox as a second reminder

    @property
    def url(self) -> str:
        return f"{'smtps' if self.security == 'tls' else 'smtp'}://{self.host}:{self.port}"

    def message(self, delivery: Delivery, now: datetime | None = None) -> EmailMessage:
        """The message ``fire`` sends (``now`` is its Date header)."""
        moment = now or datetime.now(UTC).astimezone()
        return compose(delivery, self.sender, self.to, moment, self.channel_dirs)

    def fire(self, delivery: Delivery) -> None:
        user = os.environ.get(USER_VARIABLE, "")
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if bool(user) != bool(password):
            have, lack = (
                (USER_VARIABLE, PASSWORD_VARIABLE) if user else (PASSWORD_VARIABLE, USER_VARIABLE)
            )
            raise HookFailure(
                _(
                    "email hook {name}: {have} is set but {lack} is not; set both to log in, "
                    "or neither to send without a login"
                ).format(name=self.name, have=have, lack=lack),
                retry=False,
            )
        try:
            message = self.message(delivery)
        except Exception as exc:  # a bad zone or locale in the store: retrying will not help
            raise HookFailure(
                _("email hook {name}: cannot write the message: {reason}").format(
                    name=self.name, reason=exc
                ),
                retry=False,
            ) from None
        try:
            self._send(message, user, password)
        except HookFailure as failure:
            raise HookFailure(_scrub(str(failure), password), retry=failure.retry) from None
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}"
            raise HookFailure(
                _scrub(
                    _("email hook {name}: {reason}").format(name=self.name, reason=reason), password
                )
            ) from None

    def _fail(self, text: str, *, retry: bool) -> HookFailure:
        return HookFailure(
            _("email hook {name} ({url}): {reason}").format(
                name=self.name, url=self.url, reason=text
            ),
            retry=retry,
        )

    def _send(self, message: EmailMessage, user: str, password: str) -> None:
        import smtplib
        import ssl

        sent = False
        smtp: smtplib.SMTP | None = None
        try:
            smtp = self._connect(
                _tls_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")),
                login=bool(user),
            )
            if user:
                try:
                    smtp.login(user, password)
                except smtplib.SMTPAuthenticationError as exc:
                    raise self._fail(
                        _(
                            "the server refused the login of {user}: {answer}; "
                            "check {user_variable} and {password_variable}"
                        ).format(
                            user=quoted(user),
                            answer=f"{exc.smtp_code} {_reply(exc.smtp_error)}",
                            user_variable=USER_VARIABLE,
                            password_variable=PASSWORD_VARIABLE,
                        ),
                        retry=False,
                    ) from None
                except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException):
                    raise
                except smtplib.SMTPException as exc:  # no AUTH, or no mechanism in common
                    raise self._fail(
                        _("cannot log in: {reason}").format(reason=exc), retry=False
                    ) from None
            refused = smtp.send_message(message)
            sent = True
            if refused:
                # The others got it: sending again would give them a second copy.
                raise self._fail(
                    _("delivered, except to {refused}").format(refused=_refused_text(refused)),
                    retry=False,
                )
        except HookFailure:
            raise
        except ssl.SSLCertVerificationError as exc:
            reason = exc.verify_message or exc.reason
            raise self._fail(
                _("TLS: {reason}; {advice}").format(reason=reason, advice=_(_TLS_HINT)),
                retry=False,
            ) from None
        except ssl.SSLError as exc:
            raise self._fail(
                _(
                    "TLS failed ({reason}); does this port speak TLS? smtps:// is for "
                    "port 465, smtp:// (with STARTTLS) for ports 587 and 25"
                ).format(reason=exc.reason or exc),
                retry=False,
            ) from None
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _reply_text in exc.recipients.values()]
            raise self._fail(
                _("every recipient was refused: {refused}").format(
                    refused=_refused_text(exc.recipients)
                ),
                retry=all(400 <= code < 500 for code in codes),
            ) from None
        except smtplib.SMTPResponseException as exc:
            raise self._fail(
                _("the server answered {answer}").format(
                    answer=f"{exc.smtp_code} {_reply(exc.smtp_error)}"
                ),
                retry=400 <= exc.smtp_code < 500,
            ) from None
        except smtplib.SMTPNotSupportedError as exc:
            raise self._fail(str(exc), retry=False) from None
        except (smtplib.SMTPException, OSError) as exc:
            if sent:
                return  # only the goodbye failed: the message is with the server
            raise self._fail(_network_text(exc), retry=True) from None
        finally:
            if smtp is not None:
                _close(smtp)

    def _connect(self, context: ssl.SSLContext, *, login: bool) -> smtplib.SMTP:
        import smtplib

        # getfqdn(), smtplib's default HELO name, can wait seconds on a broken resolver.
        helo = socket.gethostname() or "localhost"
        if self.security == "tls":
            return smtplib.SMTP_SSL(
                self.host, self.port, local_hostname=helo, timeout=self.timeout, context=context
            )
        smtp = smtplib.SMTP(self.host, self.port, local_hostname=helo, timeout=self.timeout)
        try:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
            elif login:
                raise self._fail(
                    _(
                        "the server does not offer STARTTLS, and the password is only ever sent "
                        "encrypted; use smtps:// or a server that offers STARTTLS"
                    ),
                    retry=False,
                )
        except BaseException:
            _close(smtp)
            raise
        return smtp


def _close(smtp: smtplib.SMTP) -> None:
    import smtplib

    with contextlib.suppress(smtplib.SMTPException, OSError):
        smtp.quit()
    with contextlib.suppress(OSError):
        smtp.close()


def _reply(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return " ".join(text.split())


def _refused_text(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{who}: {code} {_reply(reply)}" for who, (code, reply) in refused.items())


def _network_text(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return _("no answer in time (timeout)")
    if isinstance(exc, ConnectionRefusedError):
        return _("connection refused: is the SMTP server running on this host and port?")
    if isinstance(exc, socket.gaierror):
        return _("cannot resolve the host name: {reason}").format(reason=exc.strerror or exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _scrub(text: str, secret: str) -> str:
    return text.replace(secret, "********") if secret else text


@functools.lru_cache(maxsize=4)
def _tls_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """One verifying context per trust setting: building one loads the system's certificate
    bundle (~18 ms of CPU), most of what an e-mail cost the runner; contexts are safe to share
    between threads. The arguments are the cache key: they change what the context trusts."""
    import ssl

    return ssl.create_default_context()
