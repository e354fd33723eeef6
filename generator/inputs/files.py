"""Reading input files safely: only ordinary files, of a limited size.

Every input is untrusted. A pipe or a device put where a file was expected could
block a read for ever, a link could lead outside the repository or round in a
circle, and a huge file could take all the memory: each becomes a located problem.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..problems import ContentError, Problem

MAX_SOURCE_BYTES = 100_000
"""The largest YAML or block file read: the largest real one is under 4 KB."""


def read_input(path: Path, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of an ordinary file of at most `limit` bytes, or a located problem.

    The file is opened without blocking and checked after opening, so a pipe or a
    device put where a file was expected cannot hang the build.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise ContentError([Problem(path, 1, 1, "this file does not exist (or is a link to nothing)")]) from None
    except IsADirectoryError:
        raise ContentError([_not_a_file(path)]) from None
    except PermissionError:
        raise ContentError([Problem(path, 1, 1, "this file cannot be read: check its permissions")]) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            message = "this is a link that leads round in a circle: replace it with the file"
            raise ContentError([Problem(path, 1, 1, message)]) from None
        raise ContentError([Problem(path, 1, 1, f"this file cannot be read ({exc.strerror})")]) from None
    facts = os.fstat(descriptor)
    if not stat.S_ISREG(facts.st_mode):
        os.close(descriptor)
        raise ContentError([_not_a_file(path)])
    with os.fdopen(descriptor, "rb") as handle:
        if facts.st_size > limit:
            raise ContentError([_too_big(path, facts.st_size, limit)])
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ContentError([_too_big(path, len(data), limit)])
    return data


def _not_a_file(path: Path) -> Problem:
    return Problem(
        path, 1, 1, "this is not an ordinary file (it is a folder, a pipe or a device): sen-leaflets reads only files"
    )


def _too_big(path: Path, size: int, limit: int) -> Problem:
    return Problem(
        path,
        1,
        1,
        f"this file is {size // 1000:,} KB, more than the {limit // 1000:,} KB sen-leaflets reads: check that it "
        "is the right file (a block or a publisher's file is a few KB; split a long block in two)",
    )


def read_text(path: Path, limit: int = MAX_SOURCE_BYTES) -> str:
    """Read a UTF-8 file, turning a decoding failure into a located problem."""
    raw = read_input(path, limit)
    try:
        # A byte-order mark (Excel's "CSV UTF-8", Notepad's UTF-8) is not text: it would hide the first word.
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(
            [
                Problem(
                    path,
                    line,
                    column,
                    "this file is not UTF-8 text: save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
                )
            ]
        ) from None
