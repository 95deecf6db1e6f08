"""A throwaway PostgreSQL server for the tests, started from the server binaries on this machine.

The cluster lives in a temporary folder and listens on a free port on 127.0.0.1 with trust
authentication, so tests never touch (or need) a PostgreSQL service installed on the machine.
PostgreSQL refuses to run as root; under root (CI) initdb and pg_ctl run as an unprivileged
system account instead.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import NoReturn

from . import required
from .ports import free_port

OS_USER = "parcours-pg"
DB_USER = "parcours"
MISSING = "install Debian's postgresql package, or run .ci/run"

# Durability is worthless for a cluster deleted at the end of the session, and syncing costs
# most of the start-up time.
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    # Room for several runners, each with its connection pool, next to the tests' own.
    "max_connections": "200",
}


def unavailable(reason: str) -> NoReturn:
    required.unavailable("PostgreSQL tests", reason)


def _version_key(bindir: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", bindir.parent.name)) or (0,)


def find_bindir() -> Path | None:
    """The newest Debian server install, else initdb on PATH (other distributions, Homebrew)."""
    debian = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")]
    for bindir in sorted(debian, key=_version_key, reverse=True):
        if (bindir / "pg_ctl").exists():
            return bindir
    initdb = shutil.which("initdb")
    if initdb is not None and (Path(initdb).parent / "pg_ctl").exists():
        return Path(initdb).parent
    return None


def ensure_os_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(OS_USER)
    except KeyError:
        pass
    done = subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        # Another test session may have created it in between: only its absence is an error.
        return pwd.getpwnam(OS_USER)
    except KeyError:
        raise RuntimeError(f"cannot create system user {OS_USER}: {done.stderr.strip()}") from None


class PostgresServer:
    """One cluster: ``start()`` runs initdb and pg_ctl start, ``stop()`` stops it and deletes it."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        account = ensure_os_user() if self.as_root else None
        self.root = Path(tempfile.mkdtemp(prefix="parcours-pg-"))
        self.data_dir = self.root / "data"
        # Inside the temp folder because /var/run/postgresql may be missing or not ours; the short
        # mkdtemp path keeps the socket under the 107-byte limit of Unix socket paths.
        self.socket_dir = self.root / "sock"
        self.log_file = self.root / "server.log"
        self.port = 0
        self.socket_dir.mkdir()
        if account is not None:
            for path in (self.root, self.socket_dir):
                os.chown(path, account.pw_uid, account.pw_gid)

    def _run(self, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / argv[0]), *argv[1:]]
        if self.as_root:
            command = ["runuser", "-u", OS_USER, "--", *command]
        # PG* variables from the developer's shell must not redirect pg_ctl to another cluster.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        return subprocess.run(
            command,
            cwd=self.root,  # the server account cannot read the caller's working directory
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return "(no server log)"

    def start(self) -> None:
        done = self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            DB_USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{done.stdout}{done.stderr}")
        settings = {**SETTINGS, "unix_socket_directories": f"'{self.socket_dir}'"}
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# parcours test server\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        # The free port may be taken between choosing it and the server binding it: try again.
        for _attempt in range(5):
            self.port = free_port()
            done = self._run(
                "pg_ctl",
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-o",
                f"-p {self.port}",
                timeout=90,
            )
            if done.returncode == 0:
                return
            if "could not bind" not in self._log_tail():
                break
        raise RuntimeError(
            f"pg_ctl start failed:\n{done.stdout}{done.stderr}\nserver log:\n{self._log_tail()}"
        )

    def status(self, data_dir: Path | None = None) -> int:
        """pg_ctl status: 0 running, 3 not running, 4 no data directory."""
        return self._run("pg_ctl", "status", "-D", str(data_dir or self.data_dir)).returncode

    def is_running(self) -> bool:
        return self.status() == 0

    def stop(self) -> None:
        try:
            if self.data_dir.exists():
                done = self._run("pg_ctl", "stop", "-D", str(self.data_dir), "-m", "fast", "-w")
                if done.returncode != 0 and self.is_running():
                    self._run("pg_ctl", "stop", "-D", str(self.data_dir), "-m", "immediate", "-w")
                if self.is_running():
                    raise RuntimeError(
                        f"PostgreSQL in {self.data_dir} still runs after pg_ctl stop:\n"
                        f"{done.stdout}{done.stderr}"
                    )
        finally:
            # A server that would not stop keeps its folder, for pg_ctl stop -D by hand.
            if not (self.data_dir.exists() and self.is_running()):
                shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{DB_USER}@127.0.0.1:{self.port}/{database}"

    def _admin(self, statement: str, database: str) -> None:
        import psycopg
        from psycopg import sql

        # CREATE/DROP DATABASE cannot run inside a transaction block.
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=DB_USER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(sql.SQL(statement).format(sql.Identifier(database)))

    def create_database(self, name: str) -> str:
        self._admin("CREATE DATABASE {}", name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        # FORCE: a connection a test leaked (a runner thread, an undisposed engine) must not
        # keep the database alive into the next test.
        self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


def start_server() -> PostgresServer:
    """A started server, or skip (developer machine) / fail (CI) when PostgreSQL is missing."""
    bindir = find_bindir()
    if bindir is None:
        unavailable(f"initdb and pg_ctl not found under /usr/lib/postgresql/*/bin; {MISSING}")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("the psycopg driver is not installed; pip install -e '.[test]'")
    server = PostgresServer(bindir)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server
