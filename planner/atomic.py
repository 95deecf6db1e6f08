"""Writing an output file so that it is either complete or untouched."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import OutputError, Pos
from .i18n import _

_HINTS = {
    **dict.fromkeys((errno.ENOENT, errno.ENOTDIR), "there is no folder {}: create it first"),
    **dict.fromkeys((errno.EACCES, errno.EPERM, errno.EROFS), "{} is read-only: write elsewhere"),
    errno.ENOSPC: "the disk is full: free some space or write elsewhere",
}


def _output_error(exc: OSError, where: str) -> OutputError:
    hint = _HINTS.get(exc.errno or 0, "choose another output path")
    return OutputError(
        f"cannot write {where}: {exc.strerror or exc}",
        Pos(where),
        hint.format(os.path.dirname(where) or "."),
    )


@contextlib.contextmanager
def writing(where: str) -> Iterator[None]:
    """Turn the OSError of a write to ``where`` into an OutputError (not those of the items)."""
    try:
        yield
    except OSError as exc:
        raise _output_error(exc, where) from exc


def check_output(path: Path) -> None:
    """Raise before any work when ``path`` cannot name a file (too long, a NUL character)."""
    from .filenames import check_path

    check_path(path, Pos(str(path)), _("the output file"), OutputError)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A file that replaces ``path`` only once the block completes.

    It is written as a temporary file in the same folder and renamed over ``path``: if the
    block raises (a user error while planning) or the disk fails, ``path`` is left as it was
    and no temporary file remains.
    """
    where = str(path)
    check_output(path)
    if path.is_dir():
        raise OutputError(f"cannot write {where}: it is a folder", Pos(where), "name a file.ics")
    folder = path.parent
    with writing(where):
        fd, temp = _create_temp(folder, path.name)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            with writing(where):
                out.flush()
                os.fsync(out.fileno())
        with writing(where):
            os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _create_temp(folder: Path, name: str) -> tuple[int, str]:
    # Not tempfile.mkstemp: its 0600 mode would stick to the renamed file, where opening with
    # 0666 lets the umask give the mode any new file of the user gets.
    for _attempt in range(100):
        temp = os.path.join(folder, f".{name}.{os.urandom(4).hex()}.tmp")
        with contextlib.suppress(FileExistsError):
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))
