"""Writing output files all or nothing."""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path

__all__ = ["write_text_atomically"]


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path``: a temporary file beside it, renamed over it.

    Readers never see half a file, and a failure leaves ``path`` as it was. A name
    ending ``.gz`` is gzipped, without a time stamp: the same text, the same bytes.
    Line ends are written as they are in ``text``.
    """
    data = text.encode()
    if path.name.lower().endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    fd, temporary = tempfile.mkstemp(
        dir=path.resolve().parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
