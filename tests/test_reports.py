"""The report builder end to end (shaoxing.reports, the shim over shaoxing.build): outputs, failures, up-to-date skips, safe offline HTML.

Tests marked ``slow`` execute the tiny fixture notebooks in tests/fixtures/notebooks
(one kernel each, about a second): ``good`` shows hostile strings through print,
Markdown and pandas, an image, Chinese text and a ``remove-cell``; ``broken`` raises;
``crash`` kills the worker process that runs it.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import shaoxing as sx
from conftest import ParsedHtml
from conftest import FIXTURES, HOSTILE, fixture_notebooks as _notebooks, external_references as _external_references
from shaoxing import __version__, reports
from shaoxing.build import site_nav


# ---------------------------------------------------------------- no execution


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One fixture notebook, one industry, one language, through the command line."""
    tmp = tmp_path_factory.mktemp("built")
    folder = _notebooks(tmp, good="good")
    out = tmp / "out"
    status = reports.main(["--notebook-dir", str(folder), "--out", str(out),
                           "--industry", "textile", "--lang", "zh", "-q"])
    return {"status": status, "out": out, "folder": folder}


@pytest.mark.slow
def test_end_to_end_writes_page_notebook_log_record_and_index(built):
    out = built["out"]
    assert built["status"] == 0
    for suffix in ("html", "ipynb", "log", "json"):
        assert (out / "good" / f"textile.zh.{suffix}").is_file(), suffix
    assert not list(out.rglob("*.tmp*"))
    record = json.loads((out / "good" / "textile.zh.json").read_text(encoding="utf-8"))
    assert record["status"] == "ok" and record["last_success"]["hash"] == record["hash"]
    executed = nbformat.read(out / "good" / "textile.zh.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="good/textile.zh.html"' in index and "sx-status-ok" in index


@pytest.mark.slow
def test_page_is_offline_has_no_code_and_embeds_the_font(built):
    html = (built["out"] / "good" / "textile.zh.html").read_text(encoding="utf-8")
    page = ParsedHtml(html.replace(site_nav.LANG_FOLLOW, "", 1))  # the site's own language-switch script
    assert _external_references(html) == []
    assert "script" not in {tag for tag, _ in page.tags}  # and no other
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    # header: the plan and the parameters; footer: version; back link
    assert "绍兴市传统产业改造提升试点实施方案" in html and "textile" in html and "纺织产业" in html
    assert f"shaoxing {__version__}" in html and 'href="../index.html"' in html
    # no code, no prompts, no removed cells, no parameters cell
    for leftover in ("code-marker-7f3a", "import base64", "REMOVED-CELL-OUTPUT", "In&nbsp;[",
                     "Out[", "jp-InputArea-editor", 'industry = "textile"'):
        assert leftover not in html, leftover
    # what the reader should see
    assert "纺织产业：中文输出" in html
    assert any(t == "img" and a.get("src", "").startswith("data:image/png;base64,") for t, a in page.tags)
    assert any(t == "th" for t, _ in page.tags) and "<h2" in html
    assert "@font-face" in html and "data:font/woff2;base64," in html
    assert len(html.encode()) < 2_000_000


@pytest.mark.slow
def test_hostile_strings_show_as_text(built):
    html = (built["out"] / "good" / "textile.zh.html").read_text(encoding="utf-8")
    page = ParsedHtml(html)
    text = page.text(None)
    for hostile in HOSTILE:  # print, Markdown, pandas to_html(escape=False) and the DataFrame repr
        assert text.count(hostile) >= 3, hostile
    assert "<script>alert('md-cell')</script>" in text  # raw HTML in a Markdown cell
    own = ParsedHtml(html.replace(site_nav.LANG_FOLLOW, "", 1))  # the site's one script, exactly as it writes it
    assert not any(t in ("script", "iframe") for t, _ in own.tags)
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
    assert not any(t == "img" and not a.get("src", "").startswith("data:") for t, a in page.tags)


@pytest.mark.slow
def test_up_to_date_reports_are_skipped_and_force_rebuilds(built):
    out, folder = built["out"], built["folder"]
    page = out / "good" / "textile.zh.html"
    kw = dict(notebooks=["good"], industries=["textile"], langs=["zh"], notebook_dir=folder, out=out,
              quiet=True)
    [first] = reports.build_reports(**kw)  # skipped, unless the package changed since the fixture ran
    assert first.status in ("skipped", "ok")
    before = page.stat().st_mtime_ns
    [skipped] = reports.build_reports(**kw)
    assert skipped.status == "skipped" and skipped.duration == 0
    assert page.stat().st_mtime_ns == before
    [rebuilt] = reports.build_reports(force=True, **kw)
    assert rebuilt.status == "ok" and page.stat().st_mtime_ns > before
    # a change to the notebook makes it out of date
    nb = nbformat.read(folder / "good.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("One more paragraph."))
    nbformat.write(nb, folder / "good.ipynb")
    [changed] = reports.build_reports(**kw)
    assert changed.status == "ok" and "One more paragraph." in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_failing_report_keeps_earlier_page_and_others_are_built(tmp_path, capsys):
    folder = _notebooks(tmp_path, good="good", flaky="good")
    out = tmp_path / "out"
    args = ["--notebook-dir", str(folder), "--out", str(out), "--industry", "textile", "--lang", "en",
            "-q", "--jobs", "2"]
    assert reports.main([*args, "--notebook", "flaky"]) == 0
    page = out / "flaky" / "textile.en.html"
    earlier = page.read_bytes()

    shutil.copy(FIXTURES / "broken.ipynb", folder / "flaky.ipynb")  # now it fails
    status = reports.main(args)
    err = capsys.readouterr().err
    assert status == 1
    assert (out / "good" / "textile.en.html").is_file()  # the good one is built
    assert page.read_bytes() == earlier  # the earlier good page survives
    log = out / "flaky" / "textile.en.log"
    assert "flaky/textile.en: ValueError: deliberate failure for textile" in err
    assert str(log) in err and "Traceback" in log.read_text(encoding="utf-8")
    assert (out / "flaky" / "textile.en.failed.ipynb").is_file()
    assert not list(out.rglob("*.tmp*"))
    record = json.loads((out / "flaky" / "textile.en.json").read_text(encoding="utf-8"))
    assert record["status"] == "failed" and record["last_success"]["hash"] != record["hash"]

    index = (out / "index.html").read_text(encoding="utf-8")
    index = index[index.index('id="status"'):]  # the build status section, after what each report answers
    flaky_row = index[index.index('href="flaky/textile.en.html"'):]
    flaky_row = flaky_row[:flaky_row.index("</td>")]
    assert "sx-status-failed" in flaky_row and "earlier page" in flaky_row
    assert "deliberate failure" in flaky_row and 'href="flaky/textile.en.log"' in flaky_row


@pytest.mark.slow
def test_a_dead_worker_fails_its_report_only(tmp_path):
    """A report that kills its worker process fails; a new worker builds the rest."""
    folder = _notebooks(tmp_path, crash="crash", good="good")
    results = reports.build_reports(notebooks=["crash", "good"], industries=["textile"], langs=["en"],
                                    jobs=1, notebook_dir=folder, out=tmp_path / "out", quiet=True)
    status = {r.key: (r.status, r.error) for r in results}
    assert list(status) == ["crash/en", "good/textile.en"]  # crash runs first (order 0)
    assert status["crash/en"][0] == "failed" and "worker process died" in status["crash/en"][1]
    assert status["good/textile.en"] == ("ok", None)


def _marked(mark: bytes) -> list[int]:
    """Live processes whose environment carries ``SX_TEST_MARK=<mark>`` (everything a test's builder started)."""
    found = []
    for p in Path("/proc").iterdir():
        try:
            if p.name.isdigit() and b"SX_TEST_MARK=" + mark in (p / "environ").read_bytes() \
                    and (p / "stat").read_bytes().rsplit(b") ", 1)[1][:1] not in (b"Z", b"X"):
                found.append(int(p.name))
        except OSError:
            pass
    return found


def _describe(pid: int) -> str:
    """A process's command line and state, for a failure message."""
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:120]
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b") ", 1)[1][:1].decode()
        wchan = Path(f"/proc/{pid}/wchan").read_text()
        return f"{state} {wchan} {cmd}"
    except OSError:
        return "gone"


@pytest.mark.slow
def test_a_killed_builder_leaves_no_process_and_builds_nothing_more(tmp_path):
    """SIGKILL the builder after its first page: its workers, server and kernels stop, the queue is dropped."""
    import os
    import signal
    import time

    folder = _notebooks(tmp_path, good="good")
    out = tmp_path / "out"
    mark = f"SX_TEST_{os.getpid()}_{time.monotonic_ns()}".encode()  # inherited by every process it starts
    proc = subprocess.Popen([sys.executable, "-m", "shaoxing.reports", "--notebook-dir", str(folder), "--out",
                             str(out), "--jobs", "1", "-q"], cwd=tmp_path, env=dict(os.environ, SX_TEST_MARK=mark.decode()))

    def descendants() -> list[int]:
        return _marked(mark)

    try:
        deadline = time.monotonic() + 120
        while not list(out.glob("good/*.html")) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the batch ended before the test could kill it"
        assert len(descendants()) >= 3  # builder, worker, server or kernel: the check below can see them
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 60
        while descendants() and time.monotonic() < deadline:
            time.sleep(0.2)
        left = {pid: _describe(pid) for pid in descendants()}
        assert not left, f"processes of the killed builder still run: {left}"
    finally:
        for pid in descendants():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    built = sorted(p.name for p in out.glob("good/*.html"))
    assert 1 <= len(built) <= 2 < len(sx.params.industries()) * 2, built  # at most the report under way


@pytest.mark.slow
def test_builder_works_after_blocking_kernel_calls_under_an_event_loop(tmp_path):
    """Regression: a caller that used jupyter_client under a running asyncio loop (a notebook, or
    beside playwright) left a runner thread that forked workers waited on forever."""
    script = tmp_path / "poisoned.py"
    script.write_text(
        "import asyncio, sys\n"
        "from jupyter_client.manager import KernelManager\n"
        "from shaoxing.reports import build_reports\n"
        "async def use():\n"
        "    km = KernelManager(kernel_name='python3'); km.start_kernel()\n"
        "    kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=60)\n"
        "    kc.stop_channels(); km.shutdown_kernel(now=True)\n"
        "asyncio.run(use())\n"
        f"r = build_reports(notebook_dir={str(FIXTURES)!r}, notebooks=['good'], industries=['textile'], "
        f"langs=['en'], out={str(tmp_path / 'site')!r}, jobs=1, quiet=True, force=True)\n"
        "print([x.status for x in r])\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "['ok']"


@pytest.mark.slow
def test_kernel_preload_binds_no_name_in_the_notebook(tmp_path):
    """Spare kernels import libraries ahead of time; a notebook must not see them as names."""
    folder = tmp_path / "nbs"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("lang = 'en'  # language", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("assert 'pandas' not in dir() and 'seaborn' not in dir() and "
                                          "'shaoxing' not in dir(), dir()\nassert _ == '', repr(_)")]
    nbformat.write(nb, folder / "probe.ipynb")
    [result] = reports.build_reports(notebook_dir=folder, langs=["en"], out=tmp_path / "out", jobs=1, quiet=True,
                                     force=True)
    assert result.status == "ok", result.error


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux-only")
def test_a_builder_killed_while_a_notebook_runs_leaves_no_process(tmp_path):
    """SIGKILL the builder while a cell runs: the worker and every process of the run end within seconds,
    not after the cell's timeout (nbclient takes the worker's SIGTERM during a run; the worker's watch on
    its parent is the second way out)."""
    import os
    import signal
    import time

    import nbformat

    folder = tmp_path / "nbs"
    folder.mkdir()
    started = tmp_path / "cell-started"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("lang = 'en'  # language", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(f"import pathlib, time\npathlib.Path({str(started)!r}).touch()\n"
                                          "time.sleep(600)")]
    nbformat.write(nb, folder / "slow.ipynb")
    mark = f"SX_TEST_{os.getpid()}_{time.monotonic_ns()}".encode()
    proc = subprocess.Popen([sys.executable, "-m", "shaoxing.reports", "--notebook-dir", str(folder), "--out",
                             str(tmp_path / "out"), "--jobs", "1", "-q"], cwd=tmp_path,
                            env=dict(os.environ, SX_TEST_MARK=mark.decode()))

    def descendants() -> list[int]:
        return _marked(mark)

    try:
        deadline = time.monotonic() + 120
        while not started.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert started.exists(), "the cell never started"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 15  # the cell would sleep 600 s; the watch looks every 0.5 s
        while descendants() and time.monotonic() < deadline:
            time.sleep(0.2)
        left = {pid: _describe(pid) for pid in descendants()}
        assert not left, f"processes of the killed builder still run: {left}"
    finally:
        for pid in descendants():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
