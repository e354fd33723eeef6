"""Caches of compiled Jinja templates: the process's, and for the theme's and print templates, the user's.

Each publisher gets fresh Jinja environments (its blocks, MkDocs' theme), so
without a cache every template is compiled again for every publisher: over a
quarter of a build's time. Jinja keys each cache by template name and source
checksum, so an edited template is compiled afresh.

The theme's templates (Material's ~80, and ours) are also kept on disk, in
Jinja's own folder for this user (in the system's temporary folder, readable by
this user only, which Jinja checks), so that a new process does not compile them
again: about 0.6 s of every command that builds a site, and of every build
worker. Blocks are never kept there: they are content, and every edit or test
input would add a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from types import CodeType
from typing import TYPE_CHECKING

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket

if TYPE_CHECKING:
    from jinja2 import Environment


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept for the life of the process, as code objects.

    Kept as the code itself rather than its bytes: Python's code objects never change, so one serves every
    environment, where reading bytes back (marshal) cost a sixth of `check`'s time, every block of every
    publisher being loaded again in its own environment. Each is kept with its template's checksum, and
    served only to a template whose text has that checksum, as Jinja's own buckets do."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self._code.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)


class ThemeBytecodeCache(MemoryBytecodeCache):
    """Compiled templates kept for the process and, between processes, on disk for this user only."""

    def __init__(self, directory: str | None = None) -> None:
        super().__init__()
        self._disk: FileSystemBytecodeCache | None
        try:
            self._disk = FileSystemBytecodeCache(directory, pattern="sen-leaflets-%s.cache")
        except (OSError, RuntimeError):  # no temporary folder to write, or one another user could change
            self._disk = None

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        # Keyed by the template's text, not its path: a project copied elsewhere (the tests' tiny ones, a fresh
        # clone) uses the same files, and each edit of a template is one more small file, never a folder per copy.
        checksum = self.get_source_checksum(source)
        bucket = Bucket(environment, hashlib.sha1(f"{name}\0{checksum}".encode()).hexdigest(), checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        super().load_bytecode(bucket)
        if bucket.code is None and self._disk is not None:
            try:
                self._disk.load_bytecode(bucket)
            except (OSError, EOFError, ValueError, pickle.UnpicklingError):  # unreadable, or cut short: compiled anew
                bucket.reset()
            if bucket.code is not None:
                super().dump_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        super().dump_bytecode(bucket)
        if self._disk is not None:
            with contextlib.suppress(OSError):  # a full disk: the process's copy is enough
                self._disk.dump_bytecode(bucket)


COMPILED_TEMPLATES = MemoryBytecodeCache()
"""For templates made from content (blocks): this process only."""
THEME_TEMPLATES = ThemeBytecodeCache()
"""For the site's theme and the print templates, which change only with sen-leaflets or its templates/ folder."""
