"""shaoxing.build.worker through build_reports: the files of a report are written past whatever is
planted at their names, storage faults end in failed reports (not tracebacks), pages are bounded,
and a damaged page or record is rebuilt.  Each test runs one or two tiny notebooks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from shaoxing.build import run, worker
from shaoxing.reports import build_reports
from conftest import FIXTURES

pytestmark = pytest.mark.slow


def notebook(folder: Path, name: str, *cells: str, params: str = 'lang = "en"') -> Path:
    """A notebook ``name`` in ``folder`` with a parameters cell and the code ``cells``."""
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.cells = [nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, folder / f"{name}.ipynb")
    return folder


def build(folder: Path, out: Path, **kw):
    return build_reports(notebook_dir=folder, out=out, langs=["en"], jobs=1, quiet=True, **kw)


def test_a_link_at_the_log_is_replaced_not_written_through(tmp_path):
    folder = notebook(tmp_path / "nbs", "plain", "print('hello')")
    out = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (out / "plain").mkdir(parents=True)
    (out / "plain" / "en.log").symlink_to(victim)
    (out / "plain" / "en.json").symlink_to(victim)
    [result] = build(folder, out)
    assert result.status == "ok", result.error
    assert victim.read_text() == "precious"
    for name in ("en.log", "en.json"):
        assert not (out / "plain" / name).is_symlink()
    assert "hello" in (out / "plain" / "en.log").read_text()


def test_a_fifo_at_the_log_does_not_hang_the_build(tmp_path):
    folder = notebook(tmp_path / "nbs", "plain", "print('hello')")
    out = tmp_path / "out"
    (out / "plain").mkdir(parents=True)
    os.mkfifo(out / "plain" / "en.log")
    code = (f"from shaoxing.reports import build_reports; [r] = build_reports(notebook_dir={str(folder)!r}, "
            f"out={str(out)!r}, langs=['en'], jobs=1, quiet=True); print(r.status)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180)
    assert done.stdout.strip() == "ok", done.stderr
    assert (out / "plain" / "en.log").is_file() and not list(out.rglob("*.tmp*"))


def test_a_record_of_the_wrong_type_means_rebuild(tmp_path):
    folder = notebook(tmp_path / "nbs", "plain", "print('hello')")
    out = tmp_path / "out"
    build(folder, out)
    (out / "plain" / "en.json").write_text('{"last_success": "abc", "status": ["x"]}')
    [again] = build(folder, out)
    assert again.status == "ok", again.error
    assert (out / "index.html").is_file()


def test_a_damaged_page_is_rebuilt_not_linked_as_up_to_date(tmp_path):
    folder = notebook(tmp_path / "nbs", "plain", "print('hello')")
    out = tmp_path / "out"
    [first] = build(folder, out)
    page = out / "plain" / "en.html"
    good = page.read_bytes()
    [skipped] = build(folder, out)
    assert skipped.status == "skipped"
    page.write_bytes(good[:50])
    [rebuilt] = build(folder, out)
    assert rebuilt.status == "ok" and len(page.read_bytes()) > 1000 and b"hello" in page.read_bytes()


def test_page_writing_is_bounded_by_size_and_time(tmp_path, monkeypatch):
    folder = notebook(tmp_path / "nbs", "big", "print('x' * 300_000)")
    out = tmp_path / "out"
    monkeypatch.setattr(worker, "MAX_OUTPUT_BYTES", 200_000)  # workers are forked: they see it
    [result] = build(folder, out)
    assert result.status == "failed" and "more than a page may hold" in result.error, result.error
    monkeypatch.setattr(worker, "MAX_OUTPUT_BYTES", 10_000_000)
    monkeypatch.setattr(worker, "PAGE_SECONDS", 0.001)
    [result] = build(folder, out)
    assert result.status == "failed" and "writing the page took longer than" in result.error, result.error
    assert not (out / "big" / "en.html").exists() and not list(out.rglob("*.tmp*"))


# ------------------------------------------------------------------ storage faults


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs (needs root and mount; skipped where that is not possible)."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` but ``leave`` bytes."""
    free = shutil.disk_usage(disk).free
    with open(disk / "filler", "wb") as f:
        f.write(b"\0" * max(0, free - leave))


def test_a_full_disk_fails_the_report_keeps_the_earlier_page_and_says_so(small_disk, tmp_path, capsys):
    folder = notebook(tmp_path / "nbs", "plain", "print('hello')", "print('y' * 50_000)")
    out = small_disk / "out"
    args = ["--notebook-dir", str(folder), "--out", str(out), "--lang", "en", "-j", "1", "-q"]
    from shaoxing.build import cli

    assert cli.main(args) == 0
    page = out / "plain" / "en.html"
    log = out / "plain" / "en.log"
    earlier, earlier_log = page.read_bytes(), log.read_bytes()
    _fill(small_disk, 20_000)
    status = cli.main([*args, "--force"])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "plain/en: builder error" in err and "No space left" in err and "Traceback" not in err, err
    index = out / "index.html"  # written where there was room, else said
    assert "the index could not be written" in err or "failed" in index.read_text(encoding="utf-8"), err
    assert page.read_bytes() == earlier and log.read_bytes() == earlier_log
    assert not list(out.rglob("*.tmp*")) and not list(out.rglob(".*tmp*"))


def test_a_read_only_out_fails_each_report_with_a_summary(small_disk, tmp_path, capsys):
    folder = notebook(tmp_path / "nbs", "plain", "print('hello')")
    out = small_disk / "out"
    out.mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    from shaoxing.build import cli

    status = cli.main(["--notebook-dir", str(folder), "--out", str(out), "--lang", "en", "-j", "1"])
    captured = capsys.readouterr()
    assert status == 1, captured.err
    assert "Read-only file system" in captured.err and "Traceback" not in captured.err, captured.err
    assert "1 reports: 0 built, 0 up to date, 1 failed" in captured.out
    assert "Index not written." in captured.out


# ------------------------------------------------------------------ --param


def test_a_report_with_extra_parameters_gets_its_own_page_and_index_row(tmp_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    shutil.copy(FIXTURES / "scenario.ipynb", folder / "scenario.ipynb")
    out = tmp_path / "out"
    kw = dict(industries=["textile"])
    [default] = build(folder, out, **kw)
    page = out / "scenario" / "textile.en.html"
    before = page.read_bytes(), page.stat().st_mtime_ns
    [variant] = build(folder, out, params={"scenario_growth_pct": 3}, **kw)
    assert default.status == variant.status == "ok", (default.error, variant.error)
    assert variant.key == "scenario/textile.en.scenario_growth_pct-3"
    other = out / "scenario" / "textile.en.scenario_growth_pct-3.html"
    assert "scenario=3" in other.read_text(encoding="utf-8")
    assert (page.read_bytes(), page.stat().st_mtime_ns) == before  # the default page is untouched
    record = json.loads((out / "scenario" / "textile.en.scenario_growth_pct-3.json").read_text())
    assert record["parameters"] == {"industry": "textile", "lang": "en", "scenario_growth_pct": 3}
    # the index lists both, also after a later run that did not build the variant
    [again] = build(folder, out, **kw)
    assert again.status == "skipped"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="scenario/textile.en.html"' in index
    assert 'href="scenario/textile.en.scenario_growth_pct-3.html"' in index
    assert "scenario_growth_pct=3" in index
    [skipped] = build(folder, out, params={"scenario_growth_pct": 3}, **kw)
    assert skipped.status == "skipped"


def test_run_module_api_is_the_same_object():
    assert run.build_reports is build_reports


def test_the_textile_scenario_page_beside_the_untouched_default(tmp_path):
    """Issue 12's check: --param scenario_growth_pct=3 gives CNY 413.5 bn for 2020 on a page of its own."""
    folder = Path(__file__).resolve().parent.parent / "notebooks"
    out = tmp_path / "out"
    kw = dict(notebooks=["industry_profile"], industries=["textile"])
    [default] = build(folder, out, **kw)
    page = out / "industry_profile" / "textile.en.html"
    before = page.read_bytes()
    [scenario] = build(folder, out, params={"scenario_growth_pct": 3}, **kw)
    assert default.status == scenario.status == "ok", (default.error, scenario.error)
    shown = (out / "industry_profile" / "textile.en.scenario_growth_pct-3.html").read_text(encoding="utf-8")
    assert "413.5" in shown and "413.5" not in before.decode("utf-8")
    assert page.read_bytes() == before


ORPHAN = r"""
import os, signal, subprocess, sys, time
from shaoxing.build.worker import _exit_when_orphaned
run = sys.argv[1]
pid = os.fork()
if pid == 0:  # the "worker": SIGTERM does nothing here, as while nbclient runs a notebook
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"],
                              env=dict(os.environ, SHAOXING_KERNEL_MARK=f"{run}:k1"))
    print(os.getpid(), kernel.pid, flush=True)
    _exit_when_orphaned(os.getppid(), run, every=0.1)
    time.sleep(300)
    os._exit(0)
time.sleep(300)  # the "builder": killed by the test
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and process marks are Linux-only")
def test_an_orphaned_worker_ends_itself_and_its_kernels_even_when_sigterm_does_nothing(tmp_path):
    import os
    import signal
    import subprocess
    import time

    run = f"run-test-{os.getpid()}-{time.monotonic_ns()}"
    builder = subprocess.Popen([sys.executable, "-c", ORPHAN, run], stdout=subprocess.PIPE, text=True)
    worker, kernel = (int(p) for p in builder.stdout.readline().split())
    try:
        time.sleep(0.3)
        assert _alive(worker) and _alive(kernel)
        builder.kill()  # SIGKILL: no clean-up by the "builder"
        builder.wait()
        end = time.monotonic() + 10
        while (_alive(worker) or _alive(kernel)) and time.monotonic() < end:
            time.sleep(0.05)
        assert not _alive(worker) and not _alive(kernel)
    finally:
        for pid in (worker, kernel):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except OSError:
        return False
