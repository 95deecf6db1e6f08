"""libical, the third independent reader of what we write (after icalendar and ical.js).

libical is the C library behind Evolution and GNOME Calendar, and the strictest of the three: its
parser marks what it cannot read with X-LIC-ERROR properties, and its restriction check holds
each component to the property counts of RFC 5545 (and of iTIP, RFC 5546, for a METHOD). The
tests reach it through GObject introspection (Debian's ``gir1.2-ical-3.0`` and ``python3-gi``,
installed by ``.ci/run``), which only Debian's own Python can import: ``tests/libical_check.py``
runs there, as a subprocess, as ``tests/icaljs/check.mjs`` runs under Node. Without them the
tests that use it are skipped on a developer machine and FAIL under CI (``CI`` set), like the
PostgreSQL and browser tests (tests/pg.py, tests/browser.py).

Use, through the session fixture in conftest.py (or ``parser``, which is ical.js then libical):

    def test_file(libical: Parse) -> None:
        parsed = libical(path, {"Europe/Paris": ["2027-03-28T03:00:00"]})  # probes, as ical.js
        parsed["events"][0]["start"]["utc"]  # "2027-01-05T10:00:00.000Z", from the file's VTIMEZONE

Every read is strict: any X-LIC-ERROR, from the parser or the restriction check, fails the test.
Where libical reads a calendar otherwise than the other two without our output being wrong, the
difference is listed here, and the tests compare so as not to depend on it:

- VTIMEZONEs come back in an order of their own (3.0.16: reversed); RFC 5545 gives their order
  no meaning, so ``timezones`` is to be compared as a set.
- Without METHOD its restriction check does not ask for an event's UID and DTSTAMP, and it never
  looks into a VALARM or a VTIMEZONE's observances; the tests compare those fields themselves,
  and the instants libical finds are what the observances say.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from . import required

Parse = Callable[[Path, dict[str, list[str]]], dict[str, Any]]

CHECK = Path(__file__).resolve().parent / "libical_check.py"
# Debian's Python, where python3-gi puts the bindings; a venv's python3 on PATH cannot import
# them, but another system's Python with PyGObject and libical's typelib can.
DEBIAN_PYTHON = "/usr/bin/python3"
MISSING = (
    "install Debian's gir1.2-ical-3.0 and python3-gi "
    "(apt-get install gir1.2-ical-3.0 python3-gi), or run .ci/run"
)
_IMPORT = "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"


def unavailable(reason: str) -> NoReturn:
    required.unavailable("libical checks", reason)


def find_python() -> str | None:
    """The first Python that can import libical's bindings: Debian's, else python3 on PATH."""
    for python in dict.fromkeys([DEBIAN_PYTHON, shutil.which("python3")]):
        if python is None or not Path(python).exists():
            continue
        # -I: none of the venv's PYTHON* variables or user site reach the system Python.
        done = subprocess.run(
            [python, "-I", "-c", _IMPORT], capture_output=True, text=True, check=False
        )
        if done.returncode == 0:
            return python
    return None


def reader() -> Parse:
    """The strict libical reader, or skip / fail (CI) when libical cannot be reached."""
    python = find_python()
    if python is None:
        unavailable(f"no Python here imports ICalGLib 3.0; {MISSING}")

    def parse(path: Path, probes: dict[str, list[str]]) -> dict[str, Any]:
        done = subprocess.run(
            [python, "-I", str(CHECK), str(path), json.dumps(probes)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"libical could not read {path}:\n{done.stderr}"
        parsed: dict[str, Any] = json.loads(done.stdout)
        assert parsed["errors"] == [], f"libical's parser marked {path}: {parsed['errors']}"
        assert parsed["restrictions"] == [], (
            f"{path} fails libical's restriction check (RFC 5545; RFC 5546 under a METHOD): "
            f"{parsed['restrictions']}"
        )
        return parsed

    return parse
