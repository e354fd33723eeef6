"""How much the PDF's object streams are compressed: at zlib's default level, as pydyf compresses everything else.

pydyf 0.13 (WeasyPrint's PDF writer, pinned) compresses its object streams, which hold the
structure tree that tagging makes large, at zlib's highest level (9); every other stream at
the default (6). Level 9 took a seventieth of a publisher's build (callgrind) to make its PDFs
about 1.5 % smaller (600 bytes of Durham's 34 KB): not worth it for a leaflet a parent downloads
once. `tests/test_pdf.py` reads the object streams of a built PDF.
"""

from __future__ import annotations

import types
import zlib
from typing import Any

_DONE: list[bool] = []


class _DefaultLevelZlib(types.ModuleType):
    """zlib, but for `compressobj`, which compresses at the default level whatever level it is asked for."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = zlib.Z_DEFAULT_COMPRESSION, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs)


def compress_object_streams_at_the_default_level() -> None:
    """Have pydyf compress its object streams at zlib's default level (once per process)."""
    if _DONE:
        return
    import pydyf

    pydyf.zlib = _DefaultLevelZlib("zlib")
    _DONE.append(True)
