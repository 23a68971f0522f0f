"""Build every report: papermill executes the notebooks, nbconvert turns them into offline HTML.

Command line (``shaoxing-reports``, ``python -m shaoxing.reports``, ``make reports``)::

    shaoxing-reports                          # every notebook, industry and language
    shaoxing-reports --industry textile --lang zh
    shaoxing-reports --notebook plan_overview --force
    shaoxing-reports --list                   # the reports a run would cover, one a line

From Python: ``build_reports(notebooks=None, industries=None, langs=None, jobs=None,
out="reports", force=False, notebook_dir=None, data_dir=None, timeout=600, quiet=False)``
returns one :class:`Result` per report (``status`` "ok", "skipped" or "failed").

What is built.  Every ``notebooks/*.ipynb`` (files starting with ``_`` or ``.`` are
left out).  Its first code cell is tagged ``parameters``; a notebook that declares
``industry`` is built for every industry id of the ``industries`` table, one that
declares ``lang`` for every language in :data:`shaoxing.params.LANGS`; any other
parameter keeps its default.  ``--industry`` keeps only the notebooks that take an
industry (unless ``--notebook`` names others too).

Output (``--out``, default ``reports/``)::

    index.html                          every report, grouped by industry and language,
                                        with its status, build time and links
    <notebook>/<name>.html              the page: self-contained, no request outside itself
    <notebook>/<name>.ipynb             the executed notebook
    <notebook>/<name>.log               the log of the last attempt (cell outputs, traceback)
    <notebook>/<name>.json              the build record: status, times, content hash
    <notebook>/<name>.failed.ipynb      the executed notebook of a failed attempt
    .cache/fonts/                       font subsets already made (safe to delete)

``<name>`` is ``<industry>.<lang>`` (``textile.en``), just ``<lang>`` or ``<industry>``
for a notebook that takes one of the two, or ``report`` for one that takes neither.

Rules the builder keeps:

* Parameters are checked before anything runs: an unknown notebook, industry or
  language exits with status 2, names the valid values and the closest match, and
  writes nothing.
* Reports run in separate worker processes (``--jobs``, default: the CPUs this
  process may use), each report in a fresh kernel; a worker starts its next kernel
  while the current report runs, and on Linux forks it from a server that has the
  common libraries imported (see :mod:`shaoxing._kernels`).  Kernels get
  ``MPLBACKEND=Agg``.  A cell that runs longer than ``--timeout`` seconds, or a
  kernel that dies, fails its report.
* A report is up to date when a content hash over its notebook, every file of the
  data folder, the package's code and templates and its parameters equals the hash
  of its last *successful* build; it is then skipped (``--force`` rebuilds it).
* A failed report never replaces an earlier good page: files are written under
  temporary names and renamed on success.  A report also fails when an output
  shows a "Glyph ... missing from font" warning (boxes instead of characters) or a
  Matplotlib figure that came out as text instead of an image.  The run goes on;
  the summary lists each failure with its first error line and its log, and the
  exit status is 1.
* Pages hide all code and prompts, drop cells tagged ``remove-cell`` (and
  ``parameters`` / ``injected-parameters``) and the outputs of ``remove-output``,
  sanitize HTML and Markdown (markup in data shows as text and runs nothing; an
  ``<img>`` or external link inside HTML / Markdown is not kept: show figures as
  image outputs), embed images as data: URLs, load nothing from outside, and embed
  a WOFF2 subset of Noto Sans CJK SC with only the characters the page uses.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as _dt
import hashlib
import io
import json
import logging
import multiprocessing
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from . import __version__, i18n
from ._kernels import ENGINE, KERNEL_NAME, KernelPool, register_engine
from .params import LANGS, ParameterError, check_choice

__all__ = [
    "Notebook",
    "Report",
    "Result",
    "build_reports",
    "discover_notebooks",
    "plan_reports",
    "output_problems",
    "sanitize_html",
    "font_face_css",
    "main",
]

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = PACKAGE_DIR / "templates"
TEMPLATE_NAME = "shaoxing_report"
DEFAULT_OUT = "reports"
DEFAULT_TIMEOUT = 600  # seconds a single cell may run
# Headless Matplotlib in every kernel.  Under Agg a notebook must put its figures
# into the output itself (`%matplotlib inline`, or display a PNG); a figure that
# comes out as text is reported as a failure (see output_problems).
KERNEL_ENV = {"MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
HTML_LANG = {"en": "en", "zh": "zh-CN"}
LANG_NAMES = {"en": "English", "zh": "中文"}
STATUS_TEXT = {"ok": "ok", "skipped": "up to date", "failed": "failed", "not-built": "not built"}
FONT_FAMILY_CSS = "Shaoxing CJK"
_FONT_SLOT = "<!--sx-font-face-->"
_HASH_VERSION = "shaoxing-reports/1"

# Words of the page chrome live with every other label, in shaoxing.i18n ("page_*" keys).
LABELS = {key[len("page_"):]: value for key, value in i18n.LABELS.items() if key.startswith("page_")}
INDEX_GROUP_PLAN = ("The whole plan", "全方案")


class NotebookDirError(LookupError):
    """The notebooks folder does not exist or holds no notebook."""


# ------------------------------------------------------------------ what to build


@dataclass(frozen=True)
class Notebook:
    """A notebook found in the notebooks folder, with the parameters it declares."""

    name: str
    path: Path
    parameters: tuple[str, ...] = ()
    title: dict = field(default_factory=dict, compare=False, hash=False)
    order: float = float("inf")
    error: str | None = None  # set when the file cannot be read; its reports fail with it

    @property
    def takes_industry(self) -> bool:
        return "industry" in self.parameters

    @property
    def takes_lang(self) -> bool:
        return "lang" in self.parameters

    def title_in(self, lang: str) -> str:
        return str(self.title.get(lang) or self.title.get("en") or self.name.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Report:
    """One page to build: a notebook with its industry and language (``None`` when not taken)."""

    notebook: Notebook
    industry: str | None = None
    lang: str | None = None

    @property
    def name(self) -> str:
        return ".".join(p for p in (self.industry, self.lang) if p) or "report"

    @property
    def key(self) -> str:
        return f"{self.notebook.name}/{self.name}"

    @property
    def parameters(self) -> dict:
        params = {}
        if self.industry is not None:
            params["industry"] = self.industry
        if self.lang is not None:
            params["lang"] = self.lang
        return params

    @property
    def page_lang(self) -> str:
        return self.lang or "en"

    def files(self, out: Path) -> dict[str, Path]:
        folder = Path(out) / self.notebook.name
        return {
            "html": folder / f"{self.name}.html",
            "ipynb": folder / f"{self.name}.ipynb",
            "log": folder / f"{self.name}.log",
            "meta": folder / f"{self.name}.json",
            "failed": folder / f"{self.name}.failed.ipynb",
        }


@dataclass
class Result:
    """What happened to one report in a run."""

    key: str
    notebook: str
    name: str
    industry: str | None
    lang: str | None
    status: str  # "ok" (built now), "skipped" (up to date) or "failed"
    duration: float = 0.0  # seconds this run spent on it
    built_at: str | None = None  # ISO time of the page on disk (its last good build)
    html: str | None = None  # path of the page, if there is one
    log: str | None = None  # path of the log of the last attempt
    error: str | None = None  # first error line of a failure

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def default_notebook_dir() -> Path:
    """``./notebooks`` when it exists, else the ``notebooks/`` folder of the source checkout."""
    here = Path("notebooks")
    if here.is_dir():
        return here
    checkout = PACKAGE_DIR.parent / "notebooks"
    return checkout if checkout.is_dir() else here


def discover_notebooks(notebook_dir: str | os.PathLike | None = None) -> dict[str, Notebook]:
    """The notebooks of ``notebook_dir`` by stem, in index order (metadata ``shaoxing.order``, then name)."""
    folder = Path(notebook_dir) if notebook_dir is not None else default_notebook_dir()
    if not folder.is_dir():
        raise NotebookDirError(f"no notebooks folder at {str(folder)!r} (give one with --notebook-dir)")
    found = []
    for path in sorted(folder.glob("*.ipynb")):
        if path.name.startswith((".", "_")):
            continue
        found.append(_read_notebook(path))
    if not found:
        raise NotebookDirError(f"no notebooks (*.ipynb) in {str(folder)!r}")
    found.sort(key=lambda nb: (nb.order, nb.name))
    return {nb.name: nb for nb in found}


def _read_notebook(path: Path) -> Notebook:
    import papermill

    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("shaoxing", {})
        params = tuple(papermill.inspect_notebook(str(path)))
    except Exception as exc:  # a notebook someone is editing: its reports fail, the others run
        return Notebook(path.stem, path.resolve(), error=f"cannot read {path.name}: {_one_line(exc)}")
    title = meta.get("title") if isinstance(meta.get("title"), dict) else {}
    order = meta.get("order")
    order = float(order) if isinstance(order, (int, float)) and not isinstance(order, bool) else float("inf")
    return Notebook(path.stem, path.resolve(), params, {k: str(v) for k, v in title.items()}, order)


_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _unique(values: Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    return list(dict.fromkeys(values))


def plan_reports(available: dict[str, Notebook], notebooks: Sequence[str] | None = None,
                 industries: Sequence[str] | None = None, langs: Sequence[str] | None = None,
                 data_dir: str | os.PathLike | None = None) -> list[Report]:
    """The reports a run covers, after checking every value (raises ParameterError)."""
    notebooks, industries, langs = _unique(notebooks), _unique(industries), _unique(langs)
    for name in notebooks or ():
        check_choice("notebook", name, list(available))
    for lang in langs or ():
        check_choice("lang", lang, LANGS)
    chosen = [available[n] for n in notebooks] if notebooks else list(available.values())
    if industries and not notebooks:
        chosen = [nb for nb in chosen if nb.takes_industry]
    all_industries: list[str] = []
    if industries or any(nb.takes_industry for nb in chosen):
        from .params import industries as industry_ids
        all_industries = industry_ids(data_dir)
        for ind in all_industries:  # they name files: plain ids only
            if not isinstance(ind, str) or not _PLAIN_ID.fullmatch(ind):
                raise ParameterError(f"the industries table has an id that is not a plain name: {ind!r} "
                                     "(letters, digits, '_' and '-' only)")
        for ind in industries or ():
            check_choice("industry", ind, all_industries)
    reports = []
    for nb in chosen:
        for ind in (industries or all_industries) if nb.takes_industry else [None]:
            for lang in (langs or list(LANGS)) if nb.takes_lang else [None]:
                reports.append(Report(nb, ind, lang))
    return reports


# ------------------------------------------------------------------ up to date


def _files_under(root: Path, keep=lambda p: True) -> list[Path]:
    skip = {"__pycache__", ".ipynb_checkpoints"}
    return sorted(p for p in root.rglob("*")
                  if p.is_file() and not (set(p.relative_to(root).parts) & skip)
                  and not p.name.startswith(".") and keep(p))


def _digest_files(h, root: Path, files: Iterable[Path]) -> None:
    for path in files:
        h.update(str(path.relative_to(root)).replace(os.sep, "/").encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())


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


def _read_meta(path: Path) -> dict:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        return meta if isinstance(meta, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_atomic(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, path)


# ------------------------------------------------------------------ checking outputs

_GLYPH = re.compile(r"Glyph \d+ .*?missing from (?:current )?font")
_FIGURE_TEXT = re.compile(r"^<Figure size \d+(?:\.\d+)?x\d+(?:\.\d+)? with \d+ Axes>$")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def output_problems(nb) -> list[str]:
    """Outputs that mean the page is wrong though no cell raised: glyph warnings, figures as text."""
    problems = []
    for number, cell in enumerate(nb.get("cells", []), start=1):
        for out in cell.get("outputs", []) or []:
            data = out.get("data", {}) or {}
            texts = [_text(out.get("text"))] if out.get("output_type") == "stream" else []
            texts.append(_text(data.get("text/plain")))
            texts.extend(_ANSI.sub("", _text(line)) for line in out.get("traceback", []) or [])
            for text in texts:
                for line in text.splitlines():
                    if _GLYPH.search(line):
                        problems.append(f"glyph missing from font in cell {number}: {line.strip()}")
                        break
            plain = _text(data.get("text/plain")).strip()
            if _FIGURE_TEXT.match(plain) and not any(k.startswith("image/") for k in data):
                problems.append(
                    f"figure shown as text in cell {number} ({plain}): under MPLBACKEND=Agg a notebook "
                    "must display its figures as images (%matplotlib inline, or display a PNG)")
    return problems


# ------------------------------------------------------------------ HTML: sanitizing

_ALLOWED_TAGS = frozenset("""
    a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em
    figcaption figure h1 h2 h3 h4 h5 h6 hr i ins kbd li mark ol p pre q s samp small span
    strong sub summary sup table tbody td tfoot th thead time tr u ul var
""".split())
_ALLOWED_CSS = frozenset({"text-align", "vertical-align", "white-space", "font-weight", "font-style",
                          "color", "background-color", "width", "min-width", "max-width"})
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.S | re.I)
_CLEANER = None


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name in ("class", "id", "title", "lang", "dir"):
        return True
    if name == "href":  # in-page anchors only: nothing leaves the page
        return tag == "a" and value.strip().startswith("#")
    if name == "style":
        return True  # filtered by the CSS sanitizer: a few layout properties, no url()
    if tag in ("td", "th"):
        return name in ("colspan", "rowspan", "align", "scope")
    if tag in ("col", "colgroup"):
        return name == "span"
    if tag == "ol":
        return name in ("start", "type")
    return False


def sanitize_html(markup) -> str:
    """Make output HTML safe to show: known tags and attributes kept, anything else shown as text.

    Tables, headings, lists and in-page links survive; ``<script>``, ``<img onerror>``,
    ``<iframe>`` and the like are escaped, so the reader sees them as text; links and
    styles that would load something from outside are dropped.  ``<style>`` blocks
    (pandas writes one before every DataFrame) are removed: the page's own CSS styles
    tables.  Used as nbconvert's ``clean_html`` filter; images never pass through here
    (PNG outputs are embedded as data: URLs by the template).
    """
    global _CLEANER
    if _CLEANER is None:
        from bleach.css_sanitizer import CSSSanitizer
        from bleach.sanitizer import Cleaner
        _CLEANER = Cleaner(tags=_ALLOWED_TAGS, attributes=_allowed_attribute, protocols=frozenset(),
                           strip=False, strip_comments=True,
                           css_sanitizer=CSSSanitizer(allowed_css_properties=_ALLOWED_CSS))
    text = markup.decode() if isinstance(markup, bytes) else str(markup)
    return _CLEANER.clean(_STYLE_ELEMENT.sub("", text))


# ------------------------------------------------------------------ HTML: the CJK font

_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                  "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]")
_SUBSETS: dict[str, bytes] = {}
_SUBSET_VERSION = "1"


@contextlib.contextmanager
def _brotli_quality(quality: int):
    """Run fontTools' WOFF2 writer at a lower Brotli quality (11 is several times slower, ~1 % smaller)."""
    try:
        import brotli
        from fontTools.ttLib import woff2
    except ImportError:  # pragma: no cover - fontTools[woff] is a dependency
        yield
        return
    original = getattr(woff2, "brotli", None)
    if original is not brotli:
        yield
        return

    class _Tuned:
        MODE_GENERIC, MODE_TEXT, MODE_FONT = brotli.MODE_GENERIC, brotli.MODE_TEXT, brotli.MODE_FONT
        decompress = staticmethod(brotli.decompress)

        @staticmethod
        def compress(data, mode=brotli.MODE_GENERIC, **kw):
            kw.setdefault("quality", quality)
            return brotli.compress(data, mode=mode, **kw)

    woff2.brotli = _Tuned
    try:
        yield
    finally:
        woff2.brotli = original


def font_subset(chars: str, cache_dir: Path | None = None) -> bytes:
    """WOFF2 bytes of the project's CJK font with only ``chars`` (cached in memory and in ``cache_dir``)."""
    from .fonts import cjk_font_path

    font_path = cjk_font_path()
    chars = "".join(sorted(set(chars)))
    key = hashlib.sha256(f"{_SUBSET_VERSION}|{font_path.name}|{font_path.stat().st_size}|{chars}"
                         .encode()).hexdigest()[:32]
    if key in _SUBSETS:
        return _SUBSETS[key]
    cached = cache_dir / f"{key}.woff2" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        data = cached.read_bytes()
    else:
        from fontTools import subset

        opts = subset.Options()
        opts.flavor = "woff2"
        opts.layout_features = []  # horizontal text needs none; halves the size
        opts.hinting = False
        opts.desubroutinize = True
        opts.notdef_outline = True
        opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG"]
        font = subset.load_font(str(font_path), opts, lazy=True)
        for tag in opts.drop_tables:  # dropped anyway; deleting them first spares parsing them
            if tag in font:
                del font[tag]
        subsetter = subset.Subsetter(options=opts)
        subsetter.populate(text=chars)
        subsetter.subset(font)
        buf = io.BytesIO()
        with _brotli_quality(10):
            subset.save_font(font, buf, opts)
        font.close()
        data = buf.getvalue()
        if cached is not None:
            _write_atomic(cached, data)
    _SUBSETS[key] = data
    return data


def _unicode_range(chars: str) -> str:
    points = sorted({ord(c) for c in chars})
    runs, start = [], None
    for i, cp in enumerate(points):
        if start is None:
            start = cp
        if i + 1 == len(points) or points[i + 1] != cp + 1:
            runs.append(f"U+{start:X}" if start == cp else f"U+{start:X}-{cp:X}")
            start = None
    return ",".join(runs)


def font_face_css(page: str, cache_dir: Path | None = None, cjk_only: bool | None = None) -> str:
    """A ``<style>`` with an @font-face holding the CJK characters of ``page`` ("" if it has none).

    The face is named first in the pages' font-family and its ``unicode-range`` lists
    exactly the characters it holds, so those come from the embedded font and every
    other character from the reader's own fonts.  On a Chinese page (``<html
    lang="zh-CN">``) all non-ASCII characters the font has go in (Chinese punctuation and
    quotes), elsewhere only CJK ones (English quotes and dashes stay proportional).
    """
    if not _CJK.search(page):
        return ""
    if cjk_only is None:
        cjk_only = '<html lang="zh' not in page[:2000]
    wanted = (c for c in set(page) if ord(c) > 0x7F and not c.isspace())
    chars = "".join(sorted(c for c in wanted if not cjk_only or _CJK.match(c)))
    data = base64.b64encode(font_subset(chars, cache_dir)).decode("ascii")
    return (f'<style>@font-face{{font-family:"{FONT_FAMILY_CSS}";font-style:normal;font-weight:400;'
            f'font-display:block;src:url(data:font/woff2;base64,{data}) format("woff2");'
            f'unicode-range:{_unicode_range(chars)};}}</style>')


def embed_font(page: str, cache_dir: Path | None = None) -> str:
    """Put the page's @font-face (if it has CJK text) where the template left its slot."""
    return page.replace(_FONT_SLOT, font_face_css(page, cache_dir), 1)


def _site_css() -> str:
    return (TEMPLATE_DIR / "site.css").read_text(encoding="utf-8")


# ------------------------------------------------------------------ HTML: pages

_EXPORTER = None


def _exporter():
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter
        from traitlets.config import Config

        c = Config()
        c.HTMLExporter.template_name = TEMPLATE_NAME
        c.HTMLExporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
        c.HTMLExporter.exclude_input = True
        c.HTMLExporter.exclude_input_prompt = True
        c.HTMLExporter.exclude_output_prompt = True
        c.HTMLExporter.sanitize_html = True
        c.HTMLExporter.filters = {"clean_html": sanitize_html}
        # what may be shown, best first: nothing that needs a script or a CDN
        c.NbConvertBase.display_data_priority = [
            "text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/plain"]
        c.TagRemovePreprocessor.enabled = True
        c.TagRemovePreprocessor.remove_cell_tags = {"remove-cell", "parameters", "injected-parameters"}
        c.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
        c.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
        c.CSSHTMLHeaderPreprocessor.enabled = False  # code highlighting CSS: there is no code
        _EXPORTER = HTMLExporter(config=c)
    return _EXPORTER


def _drop_repeated_title(nb, heading: str) -> None:
    """Remove the notebook's first top-level Markdown heading if it only repeats the page's heading.

    A notebook opens with its title (for readers in JupyterLab); the page header
    already shows it, so the page would show it twice.
    """
    want = " ".join(heading.split())
    for cell in nb.cells:
        for i, out in enumerate(cell.get("outputs", [])):
            text = _text((out.get("data") or {}).get("text/markdown", "")).strip()
            if not text:
                continue
            first = text.splitlines()[0]
            if first.startswith("# ") and " ".join(re.sub(r"\\(.)", r"\1", first[2:]).split()) == want:
                if text == first:
                    del cell.outputs[i]
                else:
                    out["data"]["text/markdown"] = text[len(first):].lstrip("\n")
            return  # only the first Markdown output can be the title


def render_page(nb, page: dict, cache_dir: Path | None = None) -> str:
    """The HTML of an executed notebook; ``page`` holds the header and footer fields (see _page_info)."""
    import copy

    sx = dict(page, css=_site_css())
    nb = copy.deepcopy(nb)
    if page.get("heading"):
        _drop_repeated_title(nb, page["heading"])
    body, _ = _exporter().from_notebook_node(nb, resources={"sx": sx})
    return embed_font(body, cache_dir)


def _utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _fmt_time(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        when = _dt.datetime.fromisoformat(iso).astimezone(_dt.timezone.utc)
    except ValueError:
        return iso
    return when.strftime("%Y-%m-%d %H:%M UTC")


def _page_info(report: Report, industry_names: dict[str, dict[str, str]]) -> dict:
    """Header and footer fields of a report page (everything but the build time)."""
    from . import i18n

    lang = report.page_lang
    other = "zh" if lang == "en" else "en"
    title = report.notebook.title_in(lang)
    params = []
    heading = title
    if report.industry is not None:
        name = industry_names.get(report.industry, {}).get(lang) or report.industry
        params.append((LABELS["industry"][lang], name, report.industry))
        heading = f"{title}：{name}" if lang == "zh" else f"{title}: {name}"
    if report.lang is not None:
        params.append((LABELS["lang"][lang], LANG_NAMES[report.lang], report.lang))
    shown = ", ".join(f"{k}={v}" for k, v in report.parameters.items()) or "defaults"
    return {
        "html_lang": HTML_LANG[lang],
        "lang": lang,
        "version": __version__,
        "page_title": heading,
        "heading": heading,
        "plan": i18n.t("plan", lang),
        "plan_alt": i18n.t("plan", other),
        "plan_alt_lang": HTML_LANG[other],
        "params": params,
        "back_href": "../index.html",
        "labels": {k: v[lang] for k, v in LABELS.items()},
        "footer_from": LABELS["from"][lang].format(notebook=report.notebook.name, params=shown),
    }


def _footer(page: dict, built_at: str) -> list[str]:
    lang = page["lang"]
    return [LABELS["built"][lang].format(when=_fmt_time(built_at), version=page["version"]),
            page["footer_from"], LABELS["offline"][lang]]


# ------------------------------------------------------------------ the worker side


class _ReportError(Exception):
    """A report that ran but must not be published (the message is its first error line)."""


_CELL_FRAME = re.compile(r"^(?:Cell In\s*\[(\d+)\]|Input In \[(\d+)\]).*?line (\d+)")
_FAILING_LINE = re.compile(r"^-+>\s*(\d+)\s?(.*)$")


def _failing_line(traceback_lines) -> tuple[int, str] | None:
    """(line number, code) of the notebook cell's line that raised, from an IPython traceback."""
    lines = _ANSI.sub("", "\n".join(_text(t) for t in traceback_lines or [])).splitlines()
    for i, line in enumerate(lines):
        if _CELL_FRAME.match(line.strip()):
            for after in lines[i + 1:]:
                m = _FAILING_LINE.match(after.strip())
                if m:
                    return int(m.group(1)), m.group(2).strip()
                if _CELL_FRAME.match(after.strip()) or after.startswith(("File ", "  File ")):
                    break
            break
    return None


def _one_line(exc: BaseException) -> str:
    """The error a batch user sees in the summary and the index: one line, at most 300 characters.

    For an error in a notebook: the exception and its message (or, for a message of
    several lines such as a table, how many lines it has: the log holds it), the cell's
    execution count as shown in the executed notebook, and the line of the cell that
    raised, e.g. ``AssertionError (message of 3 lines, see the log) in cell [12],
    line 4: assert checks["ok"].all(), checks[~checks["ok"]]``.
    """
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        evalue = [ln for ln in _ANSI.sub("", str(exc.evalue or "")).strip().splitlines() if ln.strip()]
        if len(evalue) == 1:
            text = f"{exc.ename}: {evalue[0].strip()}"
        elif evalue:
            text = f"{exc.ename} (message of {len(evalue)} lines, see the log)"
        else:
            text = exc.ename
        where = []
        if exc.exec_count is not None:
            where.append(f"cell [{exc.exec_count}]")
        failing = _failing_line(exc.traceback)
        if failing is not None:
            where.append(f"line {failing[0]}: {failing[1]}")
        tail = " in " + ", ".join(where) if where else ""
        if len(text) + len(tail) > 300:  # keep where it failed; shorten the message
            text = text[:max(80, 297 - len(tail))].rstrip() + "..."
        text += tail
    elif isinstance(exc, _ReportError):
        text = str(exc)
    else:
        lines = [ln for ln in _ANSI.sub("", str(exc)).splitlines() if ln.strip()]
        text = f"{type(exc).__name__}: {lines[0].strip()}" if lines else type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


@contextlib.contextmanager
def _output_to(log):
    """Send this process's stdout / stderr (fd 1 and 2) and papermill's log to ``log``."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    logger = logging.getLogger("papermill")
    handler = logging.StreamHandler(log)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
    old = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old[0])
        logger.propagate = old[1]
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        log.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])


def _build_one(task: dict, kernels: KernelPool) -> dict:
    """Execute one notebook, export its page, keep the earlier page on failure; return a Result dict."""
    import papermill

    files = {k: Path(v) for k, v in task["files"].items()}
    folder = files["html"].parent
    folder.mkdir(parents=True, exist_ok=True)
    # temporary names in the same folder (os.replace is atomic there), with the real suffix
    tmp_ipynb = folder / f".{files['ipynb'].stem}.{os.getpid()}.tmp.ipynb"
    tmp_html = folder / f".{files['html'].stem}.{os.getpid()}.tmp.html"
    started, clock = _utc_now(), time.monotonic()
    error = None
    kernel = None
    with open(files["log"], "w", encoding="utf-8", buffering=1) as log:
        log.write(f"report {task['key']}  parameters {json.dumps(task['parameters'], ensure_ascii=False)}\n"
                  f"notebook {task['notebook_path']}\nstarted {started}  shaoxing {__version__}  "
                  f"hash {task['hash']}\n\n")
        with _output_to(log):
            try:
                if task.get("notebook_error"):
                    raise _ReportError(task["notebook_error"])
                kernel = kernels.take()
                if task.get("prefetch"):
                    kernels.prefetch()
                nb = papermill.execute_notebook(
                    task["notebook_path"], str(tmp_ipynb), parameters=task["parameters"],
                    engine_name=ENGINE, kernel_name=KERNEL_NAME, km=kernel[0], progress_bar=False,
                    log_output=True, request_save_on_cell_execute=False, start_timeout=120,
                    execution_timeout=task.get("timeout"))
                executed = time.monotonic()
                log.write(f"executed in {executed - clock:.2f} s\n")
                problems = output_problems(nb)
                if problems:
                    for p in problems:
                        log.write(f"ERROR {p}\n")
                    raise _ReportError(problems[0] + (f" (and {len(problems) - 1} more, see the log)"
                                                      if len(problems) > 1 else ""))
                page = dict(task["page"], footer=_footer(task["page"], started))
                tmp_html.write_text(render_page(nb, page, Path(task["cache_dir"])), encoding="utf-8")
                log.write(f"page written in {time.monotonic() - executed:.2f} s\n")
                os.replace(tmp_ipynb, files["ipynb"])
                os.replace(tmp_html, files["html"])
                files["failed"].unlink(missing_ok=True)
            except Exception as exc:
                error = _one_line(exc)
                log.write(f"\nFAILED: {error}\n\n")
                traceback.print_exc(file=log)
                if tmp_ipynb.exists():
                    os.replace(tmp_ipynb, files["failed"])
            finally:
                if kernel is not None:
                    kernel_output = KernelPool.stop(kernel)
                    if kernel_output.strip():
                        log.write(f"\n--- kernel stdout / stderr ---\n{kernel_output}")
                for tmp in (tmp_ipynb, tmp_html):
                    tmp.unlink(missing_ok=True)
        duration = time.monotonic() - clock
        log.write(f"\n{'failed' if error else 'ok'} after {duration:.1f} s\n")

    previous = _read_meta(files["meta"])
    last_success = ({"hash": task["hash"], "built_at": started, "duration": round(duration, 3)}
                    if error is None else previous.get("last_success"))
    record = {
        "report": task["key"], "notebook": task["notebook"], "parameters": task["parameters"],
        "status": "failed" if error else "ok", "attempted_at": started, "duration": round(duration, 3),
        "hash": task["hash"], "error": error, "version": __version__, "last_success": last_success,
    }
    _write_atomic(files["meta"], json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    return {
        "key": task["key"], "status": record["status"], "duration": duration, "error": error,
        "built_at": (last_success or {}).get("built_at"),
        "html": str(files["html"]) if files["html"].is_file() else None, "log": str(files["log"]),
    }


def _warm_up() -> None:
    """Compile the page template and load the font subsetter (once per worker, while a kernel boots)."""
    import nbformat
    import fontTools.subset  # noqa: F401

    page = {"html_lang": "en", "page_title": "", "heading": "", "plan": "", "plan_alt": "",
            "plan_alt_lang": "zh-CN", "params": [], "back_href": "", "labels": {"back": ""},
            "version": __version__, "footer": []}
    with contextlib.suppress(Exception):
        _exporter().from_notebook_node(nbformat.v4.new_notebook(), resources={"sx": dict(page, css="")})
        sanitize_html("<p>warm</p>")


def _forget_parent_threads() -> None:
    """Drop state a forked worker inherits from its parent's threads.

    jupyter_core runs blocking jupyter_client calls made under a running
    asyncio loop (in a notebook, or beside playwright's sync API) on a runner
    thread kept in ``jupyter_core.utils._runner_map``.  A forked child has the
    map but not the thread, and its first kernel start would wait on it
    forever; forgetting the map makes the child start its own runner.
    """
    try:
        from jupyter_core import utils
    except ImportError:  # pragma: no cover
        return
    runners = getattr(utils, "_runner_map", None)
    if isinstance(runners, dict):
        runners.clear()


def _worker(tasks, results, env: dict, cwd: str, ipc_dir: str | None = None,
            fork_server: str | None = None) -> None:
    """A worker process: take tasks until the sentinel ``None``, report each result.

    It runs in its own session, so a Ctrl-C reaches only the parent, which stops the
    workers with SIGTERM; each then kills its kernels.  A worker whose parent has gone
    stops by itself.
    """
    _forget_parent_threads()

    def _terminate(signum, frame):
        raise SystemExit(128 + signum)

    parent = os.getppid()
    if hasattr(os, "setsid"):
        with contextlib.suppress(OSError):
            os.setsid()
    signal.signal(signal.SIGTERM, _terminate)
    register_engine()
    kernels = KernelPool(env, cwd, ipc_dir, fork_server)
    try:
        kernels.prefetch()  # the first report's kernel boots while this process warms up
        _warm_up()
        while os.getppid() == parent:  # a builder that was killed gets no more reports built
            try:
                task = tasks.get(timeout=1.0)
            except queue.Empty:
                continue
            if task is None:
                break
            results.put(("start", task["key"], os.getpid()))
            try:
                res = _build_one(task, kernels)
            except Exception as exc:  # the builder itself failed (disk full, ...): report, go on
                res = {"key": task["key"], "status": "failed", "duration": 0.0,
                       "error": f"builder error: {_one_line(exc)}", "built_at": None, "html": None,
                       "log": task["files"]["log"]}
            results.put(("done", res))
    finally:
        kernels.close()


def _run_workers(tasks: list[dict], jobs: int, env: dict, cwd: str, on_done,
                 background=None) -> dict[str, dict]:
    """Run ``tasks`` in ``jobs`` worker processes; call ``on_done(result)`` as each finishes.

    ``background``, if given, runs in a thread of this process once the workers have
    started (never while a worker is being forked).
    """
    # fork on Linux: workers start at once with papermill and nbconvert already imported;
    # spawn elsewhere (fork is unsafe on macOS and absent on Windows)
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    task_q, result_q = ctx.Queue(), ctx.Queue()
    # the kernels' Unix sockets (see KernelPool), removed at the end even if a worker was killed
    ipc_dir = tempfile.mkdtemp(prefix="shaoxing-kernels-") if os.name == "posix" else None
    # on Linux, kernels are forked from a server that has imported the common libraries
    # (see shaoxing._kernels); it starts first, so that its imports run while this process
    # warms up and forks the workers
    server = _fork_server(env, cwd, ipc_dir) if ctx.get_start_method() == "fork" else None
    if ctx.get_start_method() == "fork":
        _warm_up()  # once here rather than in every worker: forked workers inherit it
    for task in tasks:
        task_q.put(task)
    jobs = max(1, min(jobs, len(tasks)))

    def spawn():
        proc = ctx.Process(target=_worker, daemon=False,
                           args=(task_q, result_q, env, cwd, ipc_dir, server and server.path))
        proc.start()
        return proc

    workers = [spawn() for _ in range(jobs)]
    for _ in range(jobs):
        task_q.put(None)
    helper = None
    if background is not None:
        import threading

        helper = threading.Thread(target=background, name="shaoxing-reports-background", daemon=True)
        helper.start()
    pending = {t["key"] for t in tasks}
    running: dict[int, str] = {}
    done: dict[str, dict] = {}
    respawns = 0

    def finish(res):
        done[res["key"]] = res
        pending.discard(res["key"])
        on_done(res)

    try:
        while pending:
            try:
                msg = result_q.get(timeout=0.5)
            except queue.Empty:
                msg = None
            if msg and msg[0] == "start":
                running[msg[2]] = msg[1]
                continue
            if msg and msg[0] == "done":
                running = {pid: k for pid, k in running.items() if k != msg[1]["key"]}
                finish(msg[1])
                continue
            for proc in list(workers):  # a worker that died in the middle of a report
                if proc.exitcode is None:
                    continue
                workers.remove(proc)
                key = running.pop(proc.pid, None)
                if key in pending:
                    log = next(t["files"]["log"] for t in tasks if t["key"] == key)
                    finish({"key": key, "status": "failed", "duration": 0.0, "built_at": None,
                            "html": None, "log": log,
                            "error": f"worker process died (exit code {proc.exitcode})"})
                if proc.exitcode != 0 and pending and respawns < len(tasks):
                    if helper is not None:
                        helper.join()  # no fork while another thread runs
                    respawns += 1
                    workers.append(spawn())
                    task_q.put(None)
            if pending and not workers:
                for key in sorted(pending):
                    log = next(t["files"]["log"] for t in tasks if t["key"] == key)
                    finish({"key": key, "status": "failed", "duration": 0.0, "built_at": None,
                            "html": None, "log": log, "error": "not run: the worker processes died"})
        for proc in workers:
            proc.join(timeout=30)
        if helper is not None:
            helper.join()
    finally:
        for proc in workers:
            if proc.is_alive():
                proc.terminate()
        for proc in workers:
            proc.join(timeout=10)
        if server is not None:
            server.close()
        if ipc_dir is not None:
            shutil.rmtree(ipc_dir, ignore_errors=True)
    return done


def _fork_server(env: dict, cwd: str, ipc_dir: str | None):
    """Start a fork server for kernels, or None where it does not apply or fails to start."""
    from ._kernels import ForkServer, fork_supported

    if ipc_dir is None or not fork_supported() or os.environ.get("SHAOXING_NO_FORK_SERVER"):
        return None
    try:
        return ForkServer(env, cwd, os.path.join(ipc_dir, "forkserver"))
    except OSError as exc:
        print(f"no fork server ({exc}); kernels start normally", file=sys.stderr, flush=True)
        return None


# ------------------------------------------------------------------ the batch


def _industry_names(data_dir) -> dict[str, dict[str, str]]:
    try:
        from .data import load
        table = load("industries", data_dir)
    except Exception:
        return {}
    names = {}
    for rec in table.to_dict("records"):
        names[rec["industry"]] = {lang: str(rec.get(f"name_{lang}") or rec["industry"]) for lang in LANGS}
    return names


def _default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def select_reports(notebooks=None, industries=None, langs=None, notebook_dir=None, data_dir=None):
    """(available notebooks, chosen reports, resolved data folder) after checking every value."""
    from .data import data_dir as resolve_data_dir

    folder = Path(notebook_dir) if notebook_dir is not None else default_notebook_dir()
    available = discover_notebooks(folder)
    data = resolve_data_dir(data_dir)
    return available, plan_reports(available, notebooks, industries, langs, data), data


def build_reports(notebooks: Sequence[str] | None = None, industries: Sequence[str] | None = None,
                  langs: Sequence[str] | None = None, jobs: int | None = None,
                  out: str | os.PathLike = DEFAULT_OUT, force: bool = False,
                  notebook_dir: str | os.PathLike | None = None,
                  data_dir: str | os.PathLike | None = None, timeout: int | None = DEFAULT_TIMEOUT,
                  quiet: bool = False) -> list[Result]:
    """Build the chosen reports into ``out`` and rewrite ``out/index.html``; one Result per report.

    ``None`` means "all" for notebooks, industries and langs.  Raises ParameterError
    (before anything is written) for an unknown notebook, industry or language.
    ``data_dir`` is passed to the kernels as ``SHAOXING_DATA``.
    """
    run_start = time.monotonic()
    available, reports, data = select_reports(notebooks, industries, langs, notebook_dir, data_dir)
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ParameterError(f"jobs={jobs!r} is not valid: give a whole number of at least 1.")
    out = Path(out)
    common = inputs_digest(data)
    cache: dict = {}
    names = _industry_names(data)
    results: dict[str, Result] = {}
    tasks = []
    for report in reports:
        files = report.files(out)
        digest = report_hash(report, common, cache)
        meta = _read_meta(files["meta"])
        success = meta.get("last_success") or {}
        if not force and success.get("hash") == digest and files["html"].is_file():
            results[report.key] = Result(report.key, report.notebook.name, report.name, report.industry,
                                         report.lang, "skipped", 0.0, success.get("built_at"),
                                         str(files["html"]), str(files["log"]) if files["log"].is_file()
                                         else None)
            continue
        tasks.append({
            "key": report.key, "notebook": report.notebook.name,
            "notebook_path": str(report.notebook.path), "notebook_error": report.notebook.error,
            "parameters": report.parameters, "hash": digest,
            "files": {k: str(v) for k, v in files.items()}, "page": _page_info(report, names),
            "cache_dir": str(out / ".cache" / "fonts"), "timeout": timeout,
        })
    out.mkdir(parents=True, exist_ok=True)
    if tasks:
        jobs = jobs or _default_jobs()
        n_workers = max(1, min(jobs, len(tasks)))
        for i, task in enumerate(tasks):
            task["prefetch"] = i < len(tasks) - n_workers
        env = dict(os.environ, **KERNEL_ENV)
        if data_dir is not None:
            env["SHAOXING_DATA"] = str(data)
        by_key = {r.key: r for r in reports}
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), desc="reports", unit="report", file=sys.stderr, disable=quiet,
                   dynamic_ncols=True, leave=True)

        def on_done(res):
            report = by_key[res["key"]]
            results[report.key] = Result(report.key, report.notebook.name, report.name, report.industry,
                                         report.lang, res["status"], res["duration"], res["built_at"],
                                         res["html"], res["log"], res["error"])
            if res["status"] == "failed" and not quiet:
                bar.write(f"failed: {res['key']}: {res['error']}", file=sys.stderr)
            bar.set_postfix_str(res["key"], refresh=False)
            bar.update(1)

        def index_font():  # the index's font subset, made while the reports run
            with contextlib.suppress(Exception):
                embed_font(_index_html(out, available, data, [], names, None, common),
                           out / ".cache" / "fonts")

        try:
            _run_workers(tasks, n_workers, env, str(reports[0].notebook.path.parent), on_done,
                         background=index_font)
        finally:
            bar.close()
    ordered = [results[r.key] for r in reports]
    write_index(out, available, data, ordered, names, time.monotonic() - run_start, common)
    return ordered


# ------------------------------------------------------------------ the index


def write_index(out: Path, available: dict[str, Notebook], data_dir, run: list[Result],
                names: dict[str, dict[str, str]] | None = None, seconds: float | None = None,
                common: str | None = None) -> Path:
    """Write ``out/index.html``: every report of the full default set, with this run's status.

    Reports this run did not touch show their last recorded status, marked out of date
    when their inputs have changed since (``common`` is :func:`inputs_digest`).
    """
    page = embed_font(_index_html(out, available, data_dir, run, names, seconds, common),
                      out / ".cache" / "fonts")
    path = out / "index.html"
    _write_atomic(path, page)
    return path


def _index_html(out: Path, available: dict[str, Notebook], data_dir, run: list[Result],
                names: dict[str, dict[str, str]] | None, seconds: float | None, common: str | None) -> str:
    """The index page before its font is embedded (see write_index)."""
    import jinja2
    from markupsafe import Markup

    from . import i18n

    names = names if names is not None else _industry_names(data_dir)
    try:
        every = plan_reports(available, data_dir=data_dir)
    except Exception:  # industries unreadable: list what this run built
        every = []
    this_run = {r.key: r for r in run}
    keys = {r.key for r in every}
    every += [r for r in _reports_of(run, available) if r.key not in keys]
    digests: dict = {}
    if common is None:
        with contextlib.suppress(Exception):
            common = inputs_digest(Path(data_dir) if data_dir is not None else _data_dir())
    cells: dict[str, dict] = {}
    counts: dict[str, int] = {}
    for report in every:
        current = report_hash(report, common, digests) if common else None
        cell = _index_cell(report, out, this_run.get(report.key), current)
        cells[report.key] = cell
        counts[cell["status_class"]] = counts.get(cell["status_class"], 0) + 1

    groups = []
    plan_rows = [nb for nb in available.values() if not nb.takes_industry]
    industry_rows = [nb for nb in available.values() if nb.takes_industry]
    if plan_rows:
        groups.append({"id": "plan", "title_en": INDEX_GROUP_PLAN[0], "title_zh": INDEX_GROUP_PLAN[1],
                       "industry": None, "rows": _index_rows(plan_rows, None, every, cells)})
    for ind in dict.fromkeys(r.industry for r in every if r.industry is not None):
        nm = names.get(ind, {})
        groups.append({"id": f"industry-{ind}", "title_en": nm.get("en", ind), "title_zh": nm.get("zh"),
                       "industry": ind, "rows": _index_rows(industry_rows, ind, every, cells)})
    groups = [g for g in groups if g["rows"]]

    total = len(every)
    parts = [f"{counts.get(s, 0)} {STATUS_TEXT[s]}" for s in ("ok", "skipped", "failed", "not-built")
             if counts.get(s)]
    summary = f"{total} reports: " + ", ".join(parts) + "." if total else "No reports."
    if run:
        built = sum(r.status == "ok" for r in run)
        summary += (f" Last run ({_fmt_time(_utc_now())}"
                    + (f", {seconds:.1f} s" if seconds is not None else "")
                    + f"): {built} built, {sum(r.status == 'skipped' for r in run)} up to date, "
                      f"{sum(r.status == 'failed' for r in run)} failed.")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                             trim_blocks=False)
    return env.get_template("site_index.html.j2").render(
        version=__version__, plan={"en": i18n.t("plan", "en"), "zh": i18n.t("plan", "zh")},
        css=Markup(_site_css()), summary=summary, groups=groups,
        langs=list(LANGS), lang_names=LANG_NAMES, built_at=_fmt_time(_utc_now()))


def _reports_of(run: list[Result], available: dict[str, Notebook]) -> list[Report]:
    return [Report(available[r.notebook], r.industry, r.lang) for r in run if r.notebook in available]


def _index_rows(notebooks, industry, every, cells):
    rows = []
    for nb in notebooks:
        mine = [r for r in every if r.notebook.name == nb.name and r.industry == industry]
        if not mine:
            continue
        row = {"title_en": nb.title_in("en"), "title_zh": nb.title.get("zh"), "single": None, "cells": {}}
        if nb.takes_lang:
            row["cells"] = {r.lang: cells[r.key] for r in mine}
        else:
            row["single"] = cells[mine[0].key]
        rows.append(row)
    return rows


def _data_dir():
    from .data import data_dir
    return data_dir()


def _index_cell(report: Report, out: Path, result: Result | None, current_hash: str | None = None) -> dict:
    files = report.files(out)
    meta = _read_meta(files["meta"])
    success = meta.get("last_success") or {}
    rel = lambda p: p.relative_to(out).as_posix()  # noqa: E731
    page = rel(files["html"]) if files["html"].is_file() else None
    log = rel(files["log"]) if files["log"].is_file() else None
    if result is not None:
        status, error, duration = result.status, result.error, result.duration
    elif meta:
        status, error, duration = meta.get("status", "ok"), meta.get("error"), None
    else:
        status, error, duration = "not-built", None, None
    if status not in STATUS_TEXT:
        status = "failed"
    when = ""
    if page and success.get("built_at"):
        took = success.get("duration")
        when = f"built {_fmt_time(success['built_at'])}" + (f" in {took:.1f} s" if took else "")
        if status == "failed":
            when = f"showing the earlier page, {when}"
        elif result is None and current_hash and success.get("hash") != current_hash:
            when += "; out of date (inputs changed since)"
    elif status == "failed" and duration:
        when = f"failed after {duration:.1f} s; no earlier page"
    link_text = LANG_NAMES.get(report.lang, "open") if report.lang else "open"
    return {"page": page, "log": log, "status": STATUS_TEXT[status], "status_class": status,
            "error": error if status == "failed" else None, "when": when, "link_text": link_text}


# ------------------------------------------------------------------ command line


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="shaoxing-reports",
        description="Execute the notebooks for every industry and language and write self-contained "
                    "HTML reports with an index (reports/index.html). Up-to-date reports are skipped.",
        epilog="Exit status: 0 all reports ok or up to date; 1 a report failed; 2 a bad parameter.")
    p.add_argument("--notebook", nargs="+", metavar="NAME", help="notebooks to build, by file stem "
                   "(e.g. industry_profile); default: every notebook in the notebooks folder")
    p.add_argument("--industry", nargs="+", metavar="ID", help="industry ids (e.g. textile); default: all. "
                   "Without --notebook, only the notebooks that take an industry are built")
    p.add_argument("--lang", nargs="+", metavar="LANG", help=f"languages ({', '.join(LANGS)}); default: all")
    p.add_argument("--jobs", "-j", type=int, metavar="N", help="reports built at once, each in its own "
                   f"process (default: the number of CPUs, here {_default_jobs()})")
    p.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help="output folder (default: reports)")
    p.add_argument("--force", action="store_true", help="rebuild reports that are up to date")
    p.add_argument("--list", action="store_true", help="print the reports a run would cover, one a line, "
                   "and exit")
    p.add_argument("--data-dir", metavar="DIR", help="data folder to use (passed to the kernels as "
                   "SHAOXING_DATA); default: the package's data")
    p.add_argument("--notebook-dir", metavar="DIR", help="folder of the notebooks (default: ./notebooks)")
    p.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"longest a single cell may run (default: {DEFAULT_TIMEOUT})")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar; print only failures")
    p.add_argument("--version", action="version", version=f"shaoxing {__version__}")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """The ``shaoxing-reports`` command; returns the exit status."""
    from .data import DataError

    args = _parser().parse_args(argv)
    prog = "shaoxing-reports"
    try:
        if args.jobs is not None and args.jobs < 1:
            raise ParameterError(f"--jobs {args.jobs} is not valid: give a whole number of at least 1.")
        if args.list:
            _, reports, _ = select_reports(args.notebook, args.industry, args.lang, args.notebook_dir,
                                           args.data_dir)
            for report in reports:
                print(report.key)
            return 0
        start = time.monotonic()
        results = build_reports(args.notebook, args.industry, args.lang, args.jobs, args.out, args.force,
                                args.notebook_dir, args.data_dir, args.timeout or None, args.quiet)
    except (ParameterError, NotebookDirError, DataError) as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    failed = [r for r in results if r.status == "failed"]
    if not args.quiet:
        built = sum(r.status == "ok" for r in results)
        skipped = sum(r.status == "skipped" for r in results)
        print(f"{len(results)} reports: {built} built, {skipped} up to date, {len(failed)} failed "
              f"in {time.monotonic() - start:.1f} s. Index: {Path(args.out) / 'index.html'}")
    if failed:
        print(f"{len(failed)} report{'s' if len(failed) > 1 else ''} failed:", file=sys.stderr)
        for r in failed:
            print(f"  {r.key}: {r.error}\n    log: {r.log}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
