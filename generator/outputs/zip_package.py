"""Zip packages (EPUB, Word) written the same way every time, so the same leaflet gives the same bytes.

Libraries that write these formats date each entry with the time it was written;
the build promises that the same inputs give the same files, so every entry is
written again here with one fixed date and fixed permissions, in the order the
library wrote them (an EPUB's `mimetype` first, stored, as its specification asks).
"""

from __future__ import annotations

import io
import zipfile

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
"""The earliest date a zip entry can hold: the usual choice for reproducible packages."""


def deterministic_zip(data: bytes) -> bytes:
    """`data`, a zip package, with every entry's date and permissions fixed; contents and order unchanged."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, FIXED_DATE)
            fixed.compress_type = entry.compress_type
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3  # Unix, whatever machine wrote it
            target.writestr(fixed, source.read(entry), compresslevel=9 if entry.compress_type else None)
    return out.getvalue()
