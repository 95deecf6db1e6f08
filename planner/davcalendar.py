"""One CalDAV calendar collection, read and written for `planner publish`.

The caldav library does the HTTP: login negotiation (Basic, Digest, Bearer), TLS, proxies, and
the servers' quirks when listing a calendar and finding calendars. Writes are single requests
with our own preconditions (``If-None-Match: *`` to create, ``If-Match`` with the ETag read to
update or delete), so that an event edited on the server meanwhile is never overwritten
blindly, and the bytes PUT are exactly those planner.publish built.

Every failure becomes a :class:`PublishError` that names the server (never the password), says
what went wrong in words, and hints at the fix.

Redirects are not followed: the HTTP library drops the Authorization header when one leads to
another host, but its Digest login answers the other host's challenge with a hash of the
password, and a redirected PUT may turn into a GET that "succeeds". The user is told where the
server points instead, and gives that address if it is the calendar.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Coroutine, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote, urljoin, urlsplit

from .errors import Pos, quoted
from .i18n import N_, _
from .publish import PublishConflict, PublishError, Remote, parse_remote, quoted_title, when
from .urls import host_port

if TYPE_CHECKING:
    from caldav.davclient import DAVClient

_T = TypeVar("_T")
_ICAL = {"Content-Type": "text/calendar; charset=utf-8"}
_LOGIN_HINT = N_(
    "check --user and PLANNER_CALDAV_PASSWORD; iCloud, Fastmail and Nextcloud with two-factor "
    "login need an app-specific password, not your account password"
)
_URL_HINT = N_(
    "copy the calendar's own address from your calendar app: on Nextcloud, Calendar › the "
    "calendar's ⋯ menu › Copy private link"
)


def shown_url(url: str) -> str:
    """``url`` without a user or password in it: safe for messages."""
    parts = urlsplit(url)
    netloc = host_port(parts)
    return parts._replace(netloc=netloc, query="", fragment="").geturl()


def check_url(url: str, pos: Pos | None) -> str:
    """The collection URL, ending with "/", or a ConfigError saying what is wrong with it."""
    from .errors import ConfigError

    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            _("{url} is not a CalDAV address").format(url=quoted(url)),
            pos,
            _("give the calendar's URL, e.g. {url}").format(
                url="https://cloud.example.org/remote.php/dav/calendars/alice/parcours/"
            ),
        )
    if parts.password is not None or parts.username is not None:
        raise ConfigError(
            _("the CalDAV address holds a user name or password"),
            pos,
            _(
                "remove it from the URL; give the user with --user and the password in "
                "PLANNER_CALDAV_PASSWORD (or type it when asked)"
            ),
        )
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    # An address copied as an app shows it may hold spaces or accents ("…/calendars/alice/fête
    # des mères/"): sent percent-encoded, as the server's own hrefs are; %XX escapes are kept.
    path = quote(path, safe="/%:@!$&'()*+,;=")
    return parts._replace(path=path, fragment="").geturl()


def _done(value: _T | Coroutine[Any, Any, _T]) -> _T:
    """A value of the caldav library's sync client: its methods are typed for both clients."""
    assert not isinstance(value, Coroutine), "the sync client returned a coroutine"
    return value


class DavCalendar:
    """A calendar collection at ``url``, logged in as ``user`` (None: no login)."""

    def __init__(
        self,
        url: str,
        user: str | None,
        password: str | None,
        *,
        timeout: float = 30.0,
        verify: bool | str = True,
        pos: Pos | None = None,
    ) -> None:
        from caldav.collection import Calendar
        from caldav.davclient import DAVClient
        from caldav.lib import error

        # A debugging switch of the library (PYTHON_CALDAV_COMMDUMP) writes every request,
        # the Authorization header included, to files in /tmp: never from here.
        error.debug_dump_communication = False
        self.url = url
        self.shown = shown_url(url)
        self.user = user
        self.pos = pos or Pos("--caldav")
        self.name = self.shown  # the display name, once check() has read it
        self.client: DAVClient = DAVClient(
            url=url,
            username=user,
            password=password,
            timeout=int(timeout),
            ssl_verify_cert=verify,
            enable_rfc6764=False,  # the URL is the calendar's: no DNS look-ups for another one
        )
        self.client.session.max_redirects = 0  # see the module's docstring
        self.calendar = Calendar(client=self.client, url=url)

    def __enter__(self) -> DavCalendar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.client.close()

    def check(self) -> str:
        """The calendar's display name; a PublishError if the URL is not a calendar."""
        from caldav.elements import dav

        with self._talking("read"):
            props = _done(self.calendar.get_properties([dav.ResourceType(), dav.DisplayName()]))
        kinds = props.get(dav.ResourceType.tag) or []
        if "{urn:ietf:params:xml:ns:caldav}calendar" not in kinds:
            raise PublishError(
                (
                    _("{url} is not a calendar but an account (a principal)")
                    if "{DAV:}principal" in kinds
                    else _("{url} is not a calendar")
                ).format(url=self.shown),
                self.pos,
                self._calendars_hint(kinds),
            )
        name = props.get(dav.DisplayName.tag)
        self.name = str(name) if name else self.shown
        return self.name

    def _calendars_hint(self, kinds: list[str]) -> str:
        """The calendars found under a URL that is not one, for the user to pick from."""
        from caldav.collection import CalendarSet, Principal
        from caldav.lib import error

        found: list[Any] = []
        with contextlib.suppress(error.DAVError, OSError, ValueError):
            if "{DAV:}principal" in kinds:
                found = _done(Principal(client=self.client, url=self.url).get_calendars())
            if not found:
                home = CalendarSet(client=self.client, url=self.url)
                found = _done(home.get_calendars())
            if not found:
                found = _done(Principal(client=self.client).get_calendars())
        if not found:
            return _(_URL_HINT)
        listed = []
        for calendar in found[:6]:
            name = None
            with contextlib.suppress(error.DAVError, OSError, ValueError):
                name = _done(calendar.get_display_name())
            listed.append(f"{calendar.url}" + (f" ({name})" if name else ""))
        more = ", …" if len(found) > 6 else ""
        return _("give the URL of one of its calendars: {urls}").format(
            urls=", ".join(listed) + more
        )

    def events(self) -> list[Remote]:
        """Every event of the calendar, with its ETag; what is not an event is skipped."""
        with self._talking("read"):
            objects = _done(self.calendar.get_events())
        found: list[Remote] = []
        for obj in objects:
            text = obj.data
            if not text:
                continue
            remote = parse_remote(str(obj.url), obj.etag, str(text))
            if remote is not None:
                found.append(remote)
        return found

    def create(self, name: str, body: str, title: str) -> None:
        url = urljoin(self.url, name)
        with self._talking("write"):
            response = self.client.put(url, body, {**_ICAL, "If-None-Match": "*"})
        self._written(response, _("create {title}").format(title=quoted_title(title)), url)

    def update(self, remote: Remote, body: str) -> None:
        headers = dict(_ICAL)
        if remote.etag and not remote.etag.startswith("W/"):  # a weak ETag never matches
            headers["If-Match"] = remote.etag
        with self._talking("write"):
            response = self.client.put(remote.href, body, headers)
        what = _("update {title} ({when})").format(
            title=quoted_title(remote.title), when=when(remote.start)
        )
        self._written(response, what, remote.href)

    def delete(self, remote: Remote) -> None:
        headers = {}
        if remote.etag and not remote.etag.startswith("W/"):
            headers["If-Match"] = remote.etag
        with self._talking("write"):
            response = self.client.delete(remote.href, headers)
        if response.status == 404:  # already gone: what we wanted
            return
        what = _("delete {title} ({when})").format(
            title=quoted_title(remote.title), when=when(remote.start)
        )
        self._written(response, what, remote.href)

    def _written(self, response: Any, what: str, url: str) -> None:
        status = int(response.status)
        if 200 <= status < 300:
            return
        if status == 412:
            raise PublishConflict(
                _("cannot {what}: it changed on the server").format(what=what), self.pos
            )
        reason = str(getattr(response, "reason", "") or "").strip()
        raise PublishError(
            _("{url} refused to {what}: HTTP {status} {reason}")
            .format(url=self.shown, what=what, status=status, reason=reason)
            .rstrip(),
            self.pos,
            _("the calendar may be read-only, or hold only tasks; try another calendar")
            if status in (403, 405, 409, 415)
            else None,
        )

    @contextlib.contextmanager
    def _talking(self, doing: str) -> Iterator[None]:
        """Turns what the library and the network raise into PublishErrors."""
        from caldav.lib import error
        from caldav.lib.http_sync import requests as http

        try:
            yield
        except error.AuthorizationError as exc:
            raise self._refused(exc.status, doing) from None
        except error.NotFoundError:
            raise PublishError(
                _("no calendar at {url}").format(url=self.shown), self.pos, _(_URL_HINT)
            ) from None
        except error.RateLimitError:
            raise PublishError(
                _("{url} asks to slow down (too many requests)").format(url=self.shown),
                self.pos,
                _("wait a few minutes, then run `planner publish` again"),
            ) from None
        except error.DAVError as exc:
            said = (
                _("{url} gave an unexpected answer (HTTP {status}): {why}")
                if exc.status
                else _("{url} gave an unexpected answer: {why}")
            )
            raise PublishError(
                said.format(url=self.shown, status=exc.status, why=_first_line(exc.reason)),
                self.pos,
                _("check that the URL is a CalDAV calendar's"),
            ) from None
        except http.exceptions.TooManyRedirects as exc:
            raise self._redirected(exc.response) from None
        except http.exceptions.Timeout:
            raise PublishError(
                _("{url} did not answer in time").format(url=self.shown),
                self.pos,
                _("check the address and retry"),
            ) from None
        except (http.exceptions.RequestException, OSError) as exc:
            raise self._unreachable(exc) from None

    def _redirected(self, response: Any) -> PublishError:
        location = str(response.headers.get("Location", "")) if response is not None else ""
        target = shown_url(urljoin(str(response.url), location)) if location else _("elsewhere")
        return PublishError(
            _("{url} redirects to {target}").format(url=self.shown, target=target),
            self.pos,
            _(
                "if that is your calendar, give its address instead: the password is only sent "
                "to the server named, so redirects are not followed"
            ),
        )

    def _refused(self, status: int | None, doing: str) -> PublishError:
        if status == 403:
            who = (
                _("user {user}").format(user=quoted_title(self.user))
                if self.user
                else _("an anonymous user")
            )
            said = (
                _("{url}: {who} may not read this calendar (HTTP 403)")
                if doing == "read"
                else _("{url}: {who} may not write this calendar (HTTP 403)")
            )
            return PublishError(
                said.format(url=self.shown, who=who),
                self.pos,
                _("check that the calendar is yours, or shared with you with write access"),
            )
        if self.user is None:
            return PublishError(
                _("{url} asks for a login (HTTP 401)").format(url=self.shown),
                self.pos,
                _("give --user NAME, and the password in PLANNER_CALDAV_PASSWORD or when asked"),
            )
        return PublishError(
            _(
                "{url} refused the login of user {user}: wrong user name or password (HTTP 401)"
            ).format(url=self.shown, user=quoted_title(self.user)),
            self.pos,
            _(_LOGIN_HINT),
        )

    def _unreachable(self, exc: BaseException) -> PublishError:
        host = urlsplit(self.url).netloc
        cause = _root_cause(exc)
        if isinstance(cause, ssl.SSLCertVerificationError):
            return PublishError(
                _("TLS: the certificate of {host} is not trusted: {why}").format(
                    host=host, why=cause.verify_message or cause.reason
                ),
                self.pos,
                _(
                    "for a server with its own certificate authority, point SSL_CERT_FILE at "
                    "its certificate; never turn checking off"
                ),
            )
        if isinstance(cause, ssl.SSLError) or "ssl" in type(exc).__name__.lower():
            return PublishError(
                _("TLS with {host} failed: {why}").format(host=host, why=_first_line(str(cause))),
                self.pos,
                _("check that the URL's scheme (http or https) and port match the server"),
            )
        if isinstance(cause, ConnectionRefusedError) or "refused" in str(exc):
            why = _("the connection was refused")
        elif "resolve" in str(exc).lower() or "name or service" in str(exc).lower():
            why = _("its name cannot be resolved")
        else:
            why = _first_line(str(cause)) or type(cause).__name__
        return PublishError(
            _("cannot reach the CalDAV server {host}: {why}").format(host=host, why=why),
            self.pos,
            _("check the URL, your network, and that the server is running"),
        )


def _root_cause(exc: BaseException) -> BaseException:
    """The first SSL or OS error behind ``exc`` (the HTTP library wraps them several times)."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLError | ConnectionRefusedError):
            return current
        todo.extend(a for a in current.args if isinstance(a, BaseException))
        for linked in (current.__cause__, current.__context__, getattr(current, "reason", None)):
            if isinstance(linked, BaseException):
                todo.append(linked)
    return exc


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0].strip() if text.strip() else ""
