"""The `log` hook: one line per delivery, to standard output or to a file."""

from __future__ import annotations

import errno
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from ..delivery import Delivery, HookFailure
from ..i18n import _
from .base import HookBase, local_start, one_line

# Lines from several runner threads must not interleave on standard output.
_STDOUT = threading.Lock()

# Errors that waiting will not fix: the owner has to change the file or its folder.
_PERMANENT = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR, errno.EISDIR}


@dataclass(frozen=True, slots=True, kw_only=True)
class LogHook(HookBase):
    """Writes ``start<TAB>title<TAB>channel<TAB>stage<TAB>delivery id``; ``start`` is the item's
    start in its own zone (ISO 8601). ``file`` None means standard output."""

    file: Path | None = None

    @property
    def kind(self) -> str:
        return "log"

    @property
    def resend_safe(self) -> bool:
        return True  # a second identical line tells the owner nothing false

    def line(self, delivery: Delivery) -> str:
        fields = (
            local_start(delivery),
            delivery.title,
            delivery.channel,
            delivery.stage,
            delivery.id,
        )
        return "\t".join(one_line(f) for f in fields) + "\n"

    def fire(self, delivery: Delivery) -> None:
        try:
            line = self.line(delivery)
        except Exception as exc:  # a zone unknown to this machine: retrying will not help
            raise HookFailure(
                _("log hook {name}: {reason}").format(name=self.name, reason=exc), retry=False
            ) from None
        if self.file is None:
            try:
                with _STDOUT:
                    sys.stdout.write(line)
                    sys.stdout.flush()
            except (OSError, ValueError) as exc:  # ValueError: stdout was closed
                raise HookFailure(
                    _("log hook {name}: cannot write to standard output: {reason}").format(
                        name=self.name, reason=exc
                    )
                ) from None
            return
        data = line.encode("utf-8")
        try:
            # One write() on an O_APPEND descriptor: lines from several threads or runners
            # land whole, and a log rotated between two deliveries is simply re-created.
            fd = os.open(self.file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
        except OSError as exc:
            raise HookFailure(
                _("log hook {name}: cannot write {file}: {reason}").format(
                    name=self.name, file=self.file, reason=exc.strerror or exc
                ),
                retry=exc.errno not in _PERMANENT,
            ) from None
