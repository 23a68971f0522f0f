"""The numbers behind every chart and table, as CSV files beside the page.

How it works, without touching the notebooks:

* :func:`shaoxing.display.show` (charts) and :func:`shaoxing.display.table` (tables)
  put an extra entry into the output's MIME bundle, :data:`MIME`, holding a small JSON
  payload: ``{"kind", "title", "source", "columns", "rows"}``.  Jupyter front ends and
  nbconvert ignore the type; the page builder reads it.
* For a chart, the payload is what the chart function registered with
  :func:`shaoxing.plots.attach_data` when it did, else the numbers read from the
  figure's artists (:func:`figure_payload`): every bar (its category from the tick
  labels, its length, its offset when stacked), every labelled line and every point,
  with the value axis's label (which carries the unit) in the header.
* The builder (:func:`extract`) turns each payload into a CSV file (UTF-8 with a
  byte-order mark, so Excel reads Chinese correctly), names it in the output's
  metadata and drops the payload from the page; the page template writes a
  "Data (CSV)" / "数据（CSV）" link under the chart or table.

Everything here is a pure function of its input, apart from :func:`write_files`.
"""

from __future__ import annotations

import csv
import io
import math
import os
from pathlib import Path

MIME = "application/vnd.shaoxing.data+json"
META_KEY = "shaoxing_data"
BOM = "\ufeff"
LINK_TEXT = {"en": "Data (CSV)", "zh": "数据（CSV）"}
SOURCE_HEADER = {"en": "source", "zh": "来源"}
YES_NO = {"en": {True: "yes", False: "no"}, "zh": {True: "是", False: "否"}}


# ---------------------------------------------------------------- payloads


def _plain(v):
    """A JSON-safe scalar: None for missing, Python numbers, text for anything else."""
    if v is None:
        return None
    try:
        import pandas as pd
        if v is pd.NA or v is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    if isinstance(v, bool):
        return v
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            v = v.item()
        except (ValueError, TypeError):
            pass
    if isinstance(v, float):  # 12 significant digits: no 129.70000000000002 from a unit change
        return None if math.isnan(v) or math.isinf(v) else float(f"{v:.12g}")
    if isinstance(v, (int, str)):
        return v
    return str(v)


def frame_payload(df, kind: str = "table", title: str = "", source: str = "",
                  columns: dict | None = None) -> dict:
    """The payload of a DataFrame: ``columns`` maps column -> header (and selects / orders columns)."""
    columns = dict(columns) if columns else {c: str(c) for c in df.columns}
    rows = [[_plain(v) for v in rec] for rec in df[list(columns)].astype(object).itertuples(index=False)]
    return {"kind": kind, "title": str(title or ""), "source": str(source or ""),
            "columns": [str(h) for h in columns.values()], "rows": rows}


def _tick_names(axis) -> list[tuple[float, str]]:
    out = []
    for loc, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels()):
        text = label.get_text()
        if text:
            out.append((float(loc), " ".join(text.split())))
    return out


def _numeric_label(text: str) -> bool:
    t = text.replace(",", "").replace("%", "").replace("\u2212", "-").strip()
    try:
        float(t)
    except ValueError:
        return False
    return True


def _text_ticks(axis) -> list[tuple[float, str]] | None:
    """The axis's tick labels when they name things (categories), else None (a numeric scale)."""
    ticks = _tick_names(axis)
    return ticks if ticks and not any(_numeric_label(t) for _, t in ticks) else None


def _coord(value, ticks):
    """A point's coordinate: the category it sits on when the axis is categorical, else the number."""
    value = _plain(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and ticks:
        return _name_at(ticks, float(value), 0.5) or _num(value)
    return _num(value) if isinstance(value, float) else value


def _name_at(ticks: list[tuple[float, str]], pos: float, half: float) -> str | None:
    best = None
    for loc, text in ticks:
        if abs(loc - pos) <= half + 1e-9 and (best is None or abs(loc - pos) < abs(best[0] - pos)):
            best = (loc, text)
    return best[1] if best else None


def _num(v: float):
    v = float(v)
    return None if math.isnan(v) or math.isinf(v) else float(f"{v:.12g}")


def figure_payload(fig, lang: str = "en") -> dict:
    """The numbers a Matplotlib figure draws, read from its artists (see the module docstring).

    Columns: panel (the axes' title, when the figure has several panels), series (the
    legend label), category or x, the value (header: the value axis's label, with its
    unit), and for stacked bars the offset the bar starts from.
    """
    from matplotlib.collections import PathCollection
    from matplotlib.container import BarContainer

    explicit = getattr(fig, "_shaoxing_data", None)
    title = getattr(fig, "_shaoxing_title", None) or (fig._suptitle.get_text() if fig._suptitle else "")
    source = getattr(fig, "_shaoxing_source", "") or ""
    if explicit is not None:
        return frame_payload(explicit, "chart", title, source)
    axes = [ax for ax in fig.axes if ax.has_data()]
    many = len(axes) > 1
    records = []  # (panel, series, name, value, start, value_label, name_label)
    for k, ax in enumerate(axes, start=1):
        # a panel's title, wherever it stands (a title set with loc="left" is not the centre one)
        panel = ax.get_title() or ax.get_title("left") or ax.get_title("right") or (f"{k}" if many else "")
        for cont in ax.containers:
            if not isinstance(cont, BarContainer):
                continue
            horizontal = getattr(cont, "orientation", None) == "horizontal"
            series = cont.get_label() or ""
            series = getattr(cont, "_shaoxing_series", "") if series.startswith("_") else series
            ticks = _tick_names(ax.yaxis if horizontal else ax.xaxis)
            for bar in cont.patches:
                x, y, w, h = bar.get_x(), bar.get_y(), bar.get_width(), bar.get_height()
                if horizontal:
                    centre, half, value, start = y + h / 2, abs(h) / 2, w, x
                else:
                    centre, half, value, start = x + w / 2, abs(w) / 2, h, y
                name = _name_at(ticks, centre, max(half, 0.5)) or _num(centre)
                value_label = ax.get_xlabel() if horizontal else ax.get_ylabel()
                name_label = ax.get_ylabel() if horizontal else ax.get_xlabel()
                records.append((panel, series, name, _num(value), _num(start), value_label, name_label))
        xticks, yticks = _text_ticks(ax.xaxis), _text_ticks(ax.yaxis)
        for line in ax.lines:
            if line.get_transform() != ax.transData:  # axhline / axvline: a reference, not data
                continue
            label = line.get_label() or ""
            if label.startswith("_"):  # no legend entry: the name the chart gave it for its CSV, if any
                label = getattr(line, "_shaoxing_series", "")
            xs, ys = line.get_xdata(orig=True), line.get_ydata(orig=True)
            for xv, yv in zip(xs, ys):
                try:
                    if yticks and not xticks:  # categories down the side: the category, then the value
                        records.append((panel, label, _coord(yv, yticks), _coord(xv, None), None,
                                        ax.get_xlabel(), ax.get_ylabel()))
                    else:
                        records.append((panel, label, _coord(xv, xticks), _coord(yv, yticks), None,
                                        ax.get_ylabel(), ax.get_xlabel()))
                except (TypeError, ValueError):
                    continue
        for coll in ax.collections:
            if not isinstance(coll, PathCollection) or coll.get_offset_transform() != ax.transData:
                continue
            label = coll.get_label() or ""
            label = getattr(coll, "_shaoxing_series", "") if label.startswith("_") else label
            for xv, yv in coll.get_offsets():
                if yticks and not xticks:  # categories down the side: the category first, then the value
                    records.append((panel, label, _coord(yv, yticks), _coord(xv, None), None,
                                    ax.get_xlabel(), ax.get_ylabel()))
                else:
                    records.append((panel, label, _coord(xv, xticks), _coord(yv, yticks), None,
                                    ax.get_ylabel(), ax.get_xlabel()))
    zh = lang == "zh"
    # a legend label wrapped to fit the chart is one name in the CSV: no line break inside a cell
    records = [(r[0], ("" if zh else " ").join(str(r[1] or "").split())) + r[2:] for r in records]
    records = [r[:5] + (" ".join(str(r[5] or "").split()), " ".join(str(r[6] or "").split())) for r in records]
    value_labels = {r[5] for r in records if r[5]}
    name_labels = {r[6] for r in records if r[6]}
    value_head = next(iter(value_labels)) if len(value_labels) == 1 else ("数值" if zh else "value")
    name_head = next(iter(name_labels)) if len(name_labels) == 1 else ("类别" if zh else "category")
    if value_head == name_head:
        name_head = "类别" if zh else "category"
    heads, cols = [], []
    if many:
        heads.append("图" if zh else "panel"), cols.append(0)
    if any(r[1] for r in records):
        heads.append("系列" if zh else "series"), cols.append(1)
    heads.append(name_head), cols.append(2)
    heads.append(value_head), cols.append(3)
    if len(value_labels) > 1:
        heads.append("坐标轴" if zh else "axis"), cols.append(5)
    if any(r[4] not in (None, 0) for r in records):
        heads.append("起点" if zh else "starts at"), cols.append(4)
    rows = [[r[c] for c in cols] for r in records]
    return {"kind": "chart", "title": title, "source": source, "columns": heads, "rows": rows}


# ---------------------------------------------------------------- CSV


def to_csv(payload: dict, lang: str = "en") -> str:
    """The CSV text of a payload (with a byte-order mark), its source in a last column."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    source = payload.get("source") or ""
    heads = list(payload["columns"])
    if source:
        heads.append(SOURCE_HEADER.get(lang, "source"))
    w.writerow(heads)
    for row in payload["rows"]:
        cells = ["" if v is None else YES_NO[lang if lang in YES_NO else "en"][v] if isinstance(v, bool)
                 else repr(v) if isinstance(v, float) else v for v in row]
        if source:
            cells.append(source)
        w.writerow(cells)
    return BOM + buf.getvalue()


def extract(nb, stem: str, lang: str = "en") -> dict[str, str]:
    """Take every data payload out of an executed notebook (in place) and give back the CSV files.

    Returns ``{file name: CSV text}`` (files go in the folder ``<stem>.data/`` beside
    the page; names are ``chart-01.csv``, ``table-01.csv``, ... in page order).  Each
    output that had a payload gets ``metadata[META_KEY] = {"href", "label", "source",
    "kind"}`` for the page template, and loses the payload.
    """
    files: dict[str, str] = {}
    counts = {"chart": 0, "table": 0}
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) or []:
            data = out.get("data") or {}
            payload = data.pop(MIME, None) if MIME in data else None
            if not isinstance(payload, dict) or not isinstance(payload.get("columns"), list):
                continue
            kind = payload.get("kind") if payload.get("kind") in counts else "table"
            counts[kind] += 1
            name = f"{kind}-{counts[kind]:02d}.csv"
            files[name] = to_csv(payload, lang)
            out.setdefault("metadata", {})[META_KEY] = {
                "href": f"{stem}.data/{name}", "label": LINK_TEXT.get(lang, LINK_TEXT["en"]),
                "source": payload.get("source") or "", "kind": kind}
    return files


def write_files(folder: Path, files: dict[str, str]) -> None:
    """Replace ``folder`` with one holding ``files`` (written aside first, then swapped in)."""
    import shutil

    folder = Path(folder)
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    if not files:
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
        return
    tmp.mkdir(parents=True)
    for name, text in files.items():
        (tmp / name).write_text(text, encoding="utf-8", newline="")
    old = folder.with_name(f".{folder.name}.{os.getpid()}.old")
    if folder.is_symlink():
        folder.unlink()
    elif folder.exists():
        os.replace(folder, old)
    os.replace(tmp, folder)
    shutil.rmtree(old, ignore_errors=True)
