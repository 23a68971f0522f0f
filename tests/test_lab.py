"""A real JupyterLab: a researcher opens a notebook, edits its parameters and runs it.

JupyterLab is started from the project's environment (the interpreter running the
tests) on a free localhost port with a random token, with its runtime, config, data,
settings and workspace folders in a temporary directory and a temporary copy of
``notebooks/`` as its notebook folder.  Headless Chromium (Debian's, through the
playwright package) opens ``industry_profile.ipynb``, types ``industry = "huangjiu"``
and ``lang = "zh"`` into the parameters cell, runs all cells and waits until the
kernel is idle.  The run must end with every code cell executed, no error output
and at least two charts (PNG images, loaded in the page); the Chinese name of the
industry must appear in the outputs.  The server is then stopped by its PID, and
neither the notebook in the repository nor the copy Lab had open may have changed
(the test never saves; autosave is off).

Needs /usr/bin/chromium; skipped with the reason where it is absent.  The server log
and a screenshot are kept in the test's temporary folder (the path is printed).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import launch_chromium, skip_without_chromium

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "industry_profile.ipynb"
PARAMS = {"industry": "huangjiu", "lang": "zh"}
START_TIMEOUT = 90  # s: server up, Lab loaded (2 shared cores, a cold start)
RUN_TIMEOUT = 120  # s: kernel start and every cell

# Lab's own settings for the run: nothing saved behind the test's back, no network.
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False, "fetchNews": "false"},
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _edited_parameters(source: str) -> str:
    """The parameters cell with ``industry`` and ``lang`` set as the test wants (comments kept)."""
    for name, value in PARAMS.items():
        pattern = re.compile(rf'^({name}\s*=\s*)"[^"\n]*"', re.M)
        assert pattern.search(source), f"the parameters cell has no line {name} = \"...\":\n{source}"
        source = pattern.sub(lambda m: f'{m.group(1)}"{value}"', source, count=1)
    return source


def _parameters_cell(path: Path) -> tuple[int, str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            tags = cell.get("metadata", {}).get("tags", [])
            assert "parameters" in tags, f"{path.name}: the first code cell is not tagged 'parameters'"
            src = cell["source"]
            return index, "".join(src) if isinstance(src, list) else src
    raise AssertionError(f"{path.name} has no code cell")


class LabServer:
    """``jupyter lab`` started from this environment, stopped by its PID."""

    def __init__(self, base: Path, notebook_dir: Path):
        self.base = base
        self.notebook_dir = notebook_dir
        self.token = secrets.token_hex(16)
        self.log_path = base / "jupyterlab.log"
        self.proc: subprocess.Popen | None = None
        self.port = 0

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("JUPYTER", "MPLBACKEND", "PYTEST_XDIST"))}
        dirs = {"JUPYTER_RUNTIME_DIR": "runtime", "JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data",
                "JUPYTERLAB_SETTINGS_DIR": "settings", "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
                "IPYTHONDIR": "ipython"}
        for var, sub in dirs.items():
            (self.base / sub).mkdir(parents=True, exist_ok=True)
            env[var] = str(self.base / sub)
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        return env

    def start(self) -> None:
        env = self.env()
        for name, value in USER_SETTINGS.items():
            path = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value), encoding="utf-8")
        for attempt in range(3):  # the free port can be taken between choosing and binding it
            self.port = _free_port()
            cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
                   f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.notebook_dir}",
                   "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                   "--LabApp.extension_manager=readonly"]
            if os.geteuid() == 0:  # containers and CI machines often run as root
                cmd.append("--allow-root")
            log = open(self.log_path, "ab")
            try:
                self.proc = subprocess.Popen(cmd, cwd=self.notebook_dir, env=env, stdin=subprocess.DEVNULL,
                                             stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            finally:
                log.close()
            if self._wait_ready():
                return
            if self.proc.poll() is None or "already in use" not in self.log():
                break
        status = "exited with status %s" % self.proc.returncode if self.proc.poll() is not None \
            else f"did not answer within {START_TIMEOUT} s"
        raise AssertionError(f"JupyterLab {status} "
                             f"(log {self.log_path}):\n{self.log()[-3000:]}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(self.api("status"), timeout=5) as r:
                    if r.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        return False

    def api(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/api/{path}?token={self.token}"

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def shut_down_kernels(self) -> None:
        """Ask the server to shut down every kernel (so none outlives the server)."""
        try:
            with urllib.request.urlopen(self.api("kernels"), timeout=10) as r:
                kernels = json.load(r)
            for k in kernels:
                req = urllib.request.Request(self.api(f"kernels/{k['id']}"), method="DELETE")
                urllib.request.urlopen(req, timeout=30).close()
        except (urllib.error.URLError, OSError):
            pass

    def stop(self) -> int | None:
        """SIGTERM to the server's PID; SIGKILL to its process group if it has not exited in 30 s."""
        if self.proc is None:
            return None
        pid = self.proc.pid
        if self.proc.poll() is None:
            self.shut_down_kernels()
            os.kill(pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(pid, signal.SIGKILL)  # the group this test started (start_new_session)
                self.proc.wait(timeout=10)
        try:  # a kernel left behind in the server's session would be a leak: end it
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return self.proc.returncode


# JavaScript run in the page (window.jupyterapp: LabApp.expose_app_in_browser, as galata uses it).
_OPEN_JS = """async (path) => {
    const app = window.jupyterapp;
    await app.started; await app.restored;
    const widget = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
    await widget.context.ready;
    await widget.sessionContext.ready;
    app.shell.activateById(widget.id);
    window.__sxNotebook = widget;
    return widget.content.widgets.length;
}"""

_KERNEL_IDLE_JS = """() => {
    const w = window.__sxNotebook;
    const kernel = w && w.sessionContext.session && w.sessionContext.session.kernel;
    return !!kernel && kernel.status === 'idle';
}"""

_SOURCE_JS = "(i) => window.__sxNotebook.content.widgets[i].model.sharedModel.getSource()"

_RUN_JS = """() => {
    const app = window.jupyterapp;
    window.__sxRun = {done: false, result: null, error: null};
    app.commands.execute('notebook:run-all-cells').then(
        r => { window.__sxRun.result = r; window.__sxRun.done = true; },
        e => { window.__sxRun.error = String(e); window.__sxRun.done = true; });
}"""

# Finished: run-all resolved and the kernel is idle again.
_DONE_JS = """() => {
    const w = window.__sxNotebook;
    const k = w.sessionContext.session && w.sessionContext.session.kernel;
    return window.__sxRun.done && k && k.status === 'idle';
}"""

_RESULT_JS = """() => {
    const w = window.__sxNotebook;
    const cells = [];
    w.content.widgets.forEach((cell, i) => {
        const m = cell.model;
        if (m.type !== 'code') return;
        cells.push({index: i, count: m.executionCount, source: m.sharedModel.getSource().slice(0, 80),
                    outputs: m.outputs.toJSON()});
    });
    const images = Array.from(w.content.node.querySelectorAll('.jp-OutputArea-output img')).map(
        img => ({complete: img.complete, naturalWidth: img.naturalWidth,
                 src: (img.getAttribute('src') || '').slice(0, 30)}));
    return {cells, images, run: window.__sxRun, dirty: w.context.model.dirty};
}"""


def _output_text(out: dict) -> str:
    if out.get("output_type") == "stream":
        text = out.get("text", "")
    elif out.get("output_type") == "error":
        text = f"{out.get('ename')}: {out.get('evalue')}"
    else:
        data = out.get("data", {})
        text = data.get("text/markdown") or data.get("text/html") or data.get("text/plain") or ""
    return "".join(text) if isinstance(text, list) else str(text)


@pytest.fixture
def lab(tmp_path):
    skip_without_chromium()
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    server = LabServer(tmp_path / "jupyter", notebooks)
    print(f"\nlab: server log {server.log_path}")
    try:
        server.start()
        yield server
    finally:
        code = server.stop()
        print(f"lab: server (pid {server.proc.pid if server.proc else '-'}) stopped, exit status {code}")


def test_researcher_runs_industry_profile_with_changed_parameters_in_jupyterlab(lab, tmp_path):
    started = time.monotonic()
    repo_nb = ROOT / "notebooks" / NOTEBOOK
    lab_nb = lab.notebook_dir / NOTEBOOK
    before = {"repository": _sha256(repo_nb), "Lab's copy": _sha256(lab_nb)}
    index, original = _parameters_cell(lab_nb)
    edited = _edited_parameters(original)

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with launch_chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 1000}, service_workers="block")
        page = context.new_page()
        page_errors: list[str] = []
        page.on("pageerror", lambda e: page_errors.append(str(e)[:300]))
        page.on("dialog", lambda d: d.dismiss())
        page.set_default_timeout(START_TIMEOUT * 1000)
        try:
            page.goto(lab.url("lab"), wait_until="domcontentloaded")
            page.wait_for_function("() => window.jupyterapp !== undefined")
            n_cells = page.evaluate(_OPEN_JS, NOTEBOOK)
            assert n_cells > index, f"Lab shows {n_cells} cells of {NOTEBOOK}"
            page.wait_for_function(_KERNEL_IDLE_JS)  # the kernel has started

            # Edit the parameters cell as a user does: click into it, select all, type the new text.
            editor = page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".cm-content")
            editor.click()
            page.keyboard.press("Control+a")
            page.keyboard.insert_text(edited)
            assert page.evaluate(_SOURCE_JS, index) == edited, "typing did not change the parameters cell"
            page.keyboard.press("Escape")  # command mode, as after editing

            page.evaluate(_RUN_JS)
            try:
                page.wait_for_function(_DONE_JS, timeout=RUN_TIMEOUT * 1000, polling=250)
            except PlaywrightTimeout:
                result = page.evaluate(_RESULT_JS)
                pending = [c["index"] for c in result["cells"] if c["count"] is None]
                pytest.fail(f"run all cells did not finish within {RUN_TIMEOUT} s; cells not run: {pending}")
            page.wait_for_function(
                "() => Array.from(window.__sxNotebook.content.node.querySelectorAll('.jp-OutputArea-output img'))"
                ".every(i => i.complete)", timeout=20_000)
            result = page.evaluate(_RESULT_JS)
            shot = tmp_path / "jupyterlab.png"
            page.screenshot(path=str(shot))
            print(f"lab: screenshot {shot}")
        finally:
            context.close()

    assert result["run"]["error"] is None, f"notebook:run-all-cells failed: {result['run']['error']}"
    errors, not_run, texts, images = [], [], [], 0
    for cell in result["cells"]:
        if cell["count"] is None:
            not_run.append(cell["index"])
        for out in cell["outputs"]:
            if out.get("output_type") == "error":
                tb = "\n".join(re.sub(r"\x1b\[[0-9;]*m", "", line) for line in out.get("traceback", [])[-6:])
                errors.append(f"cell {cell['index']} ({cell['source']!r}): {out.get('ename')}: "
                              f"{out.get('evalue')}\n{tb}")
            if out.get("output_type") == "stream" and out.get("name") == "stderr" and re.search(
                    r"Traceback|Error|Glyph .* missing|findfont", _output_text(out)):
                errors.append(f"cell {cell['index']} wrote to stderr: {_output_text(out)[:500]}")
            if any(k.startswith("image/") for k in out.get("data", {})):
                images += 1
            texts.append(_output_text(out))
    assert not errors, "error output in JupyterLab:\n" + "\n".join(errors)
    assert not not_run, f"cells not executed after run all: {not_run}"
    assert result["run"]["result"] is True, f"run all reported {result['run']['result']}"
    assert images >= 2, f"{images} chart(s) in the outputs, expected at least two"
    shown = [img for img in result["images"] if img["complete"] and img["naturalWidth"] > 0]
    assert len(shown) >= 2, f"charts in the page: {result['images']}"
    assert not page_errors, f"errors in the page: {page_errors}"

    import shaoxing as sx
    name_zh = sx.load("industries").set_index("industry").loc[PARAMS["industry"], "name_zh"]
    assert any(name_zh in t for t in texts), f"no output names {name_zh}: the parameters did not take effect"
    assert result["dirty"], "the edited notebook should be unsaved in Lab (the test never saves)"

    code = lab.stop()
    assert lab.proc.poll() is not None, "the JupyterLab server is still running"
    after = {"repository": _sha256(repo_nb), "Lab's copy": _sha256(lab_nb)}
    assert after == before, f"notebook file changed: before {before}, after {after} (server exit {code})"
    print(f"lab: opened, edited, ran all cells ({images} charts) in {time.monotonic() - started:.1f} s")
