"""Is a report up to date?  Content hashes, build records, and files written whole.

A report is up to date when a content hash over its notebook, every file of the
data folder, the package's code and templates and its parameters equals the hash
of its last *successful* build, and the page (and its font cache) on disk is the
one that build wrote: the record keeps the page's own SHA-256 and the skip check
verifies it, so a damaged or replaced page is rebuilt.  A record that cannot be
read, or holds values of the wrong type, means "rebuild", never a crash.

Every file the builder writes goes through :func:`write_atomic`: a temporary name
in the same folder, then a rename over the old one.  Neither the temporary file
nor the final name is ever followed if it is a symlink (or a FIFO): the rename
replaces whatever is there.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Iterable

from .. import __version__
from .plan import PACKAGE_DIR, Report

TEMPLATE_DIR = PACKAGE_DIR / "templates"
_HASH_VERSION = "shaoxing-reports/1"


def _files_under(root: Path, keep=lambda p: True) -> list[Path]:
    skip = {"__pycache__", ".ipynb_checkpoints"}
    return sorted(p for p in root.rglob("*")
                  if p.is_file() and not (set(p.relative_to(root).parts) & skip)
                  and not p.name.startswith(".") and keep(p))


def _digest_files(h, root: Path, files: Iterable[Path]) -> None:
    from ..data import DataError

    for path in files:
        h.update(str(path.relative_to(root)).replace(os.sep, "/").encode() + b"\0")
        try:
            h.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as exc:  # a file of the data folder nobody may read: say which
            raise DataError(f"cannot read {path}: {exc.strerror or exc}", path=path) from None


def inputs_digest(data_dir: Path) -> str:
    """Hash of what every report depends on: the data folder and the package's code and templates."""
    h = hashlib.sha256(_HASH_VERSION.encode() + b"\0" + __version__.encode() + b"\0")
    h.update(b"data\0")
    _digest_files(h, data_dir, _files_under(data_dir))
    h.update(b"package\0")
    _digest_files(h, PACKAGE_DIR, _files_under(
        PACKAGE_DIR, lambda p: p.suffix == ".py" or TEMPLATE_DIR in p.parents))
    return h.hexdigest()


def report_hash(report: Report, common: str, _cache: dict | None = None) -> str:
    """The content hash of one report: ``common`` (see :func:`inputs_digest`), its notebook, its parameters."""
    cache = _cache if _cache is not None else {}
    path = report.notebook.path
    if path not in cache:
        cache[path] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
    h = hashlib.sha256(common.encode())
    h.update(cache[path].encode())
    h.update(json.dumps(report.parameters, sort_keys=True).encode())
    return h.hexdigest()


def read_meta(path: Path) -> dict:
    """The build record of a report, or {} when there is none or it cannot be read."""
    try:
        with _open_regular(path) as f:  # a FIFO or a folder at its name: not a record
            meta = json.loads(f.read(1 << 20).decode("utf-8"))
        return meta if isinstance(meta, dict) else {}
    except (OSError, ValueError, RecursionError):
        return {}


def last_success(meta: dict) -> dict | None:
    """The record's last successful build, if it has the fields and types it must have, else None."""
    success = meta.get("last_success") if isinstance(meta, dict) else None
    if not isinstance(success, dict):
        return None
    if not isinstance(success.get("hash"), str) or not isinstance(success.get("built_at"), str):
        return None
    if not isinstance(success.get("duration"), (int, float)) or isinstance(success.get("duration"), bool):
        success = dict(success, duration=None)
    if not isinstance(success.get("page_sha256"), (str, type(None))):
        return None
    return success


def _open_regular(path: Path):
    """``path`` opened for reading if it is a regular file, not a link; else OSError (never blocks on a FIFO)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    f = open(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        f.close()
        raise OSError(f"{path} is not a regular file")
    return f


def file_sha256(path: Path) -> str:
    """SHA-256 of a regular file (raises OSError for anything else: a FIFO, a link, a folder)."""
    with _open_regular(path) as f:
        h = hashlib.sha256()
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def up_to_date(files: dict[str, Path], digest: str) -> dict | None:
    """The last successful build of a report if it is current and its page is intact, else None.

    Current: built from the inputs whose hash is ``digest``.  Intact: the page on
    disk is the file that build wrote (its SHA-256 is in the record); a record
    without that hash (older builder) or a page truncated, edited or replaced by a
    link means "rebuild".
    """
    success = last_success(read_meta(files["meta"]))
    if success is None or success["hash"] != digest or not success.get("page_sha256"):
        return None
    try:
        if file_sha256(files["html"]) != success["page_sha256"]:
            return None
    except OSError:
        return None
    return success


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``path`` whole: a new temporary file in its folder, then a rename over ``path``.

    The temporary file is created exclusively and never through a link, and is
    removed if writing fails (a full disk): the old ``path`` stays as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        tmp.unlink()  # a stale one of an earlier process with this pid (or a planted link)
    data = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        with open(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
