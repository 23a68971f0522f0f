"""What the forkserver does before it forks kernels: import and warm what every report uses.

:func:`shaoxing.build.kernels.start_forkserver` names this module among the forkserver's
preloaded modules (``multiprocessing``'s ``set_forkserver_preload``), so importing it
runs :func:`warm` once per worker, in the server, and every kernel forked from the
server starts with the result.  Measured: a report's first run in a fresh kernel cost
about 0.1 s of CPU more than a second run in the same kernel (the package's modules,
the tables read from CSV, pandas' and matplotlib's own first-use work), and the kernel's
own start imported the debugger (0.06 s); warming the server spares every kernel that.

Nothing here changes what a report computes or shows:

* tables are cached by :func:`shaoxing.data.load` under their file's modification time
  and size (and the data package's), read from the kernels' own data folder
  (``SHAOXING_DATA`` is in the server's environment), and every load returns a copy;
* the chart is drawn on a bare ``Figure`` with the default style inside
  ``rc_context``: no pyplot figure, no style, no font registration is left behind;
* nothing is bound in any namespace a notebook sees, and any failure is ignored (a
  kernel then does the work itself, and a broken data folder fails the reports with
  their usual error).
"""

from __future__ import annotations

import contextlib
import io

# what the notebooks import (kernels.PRELOAD_MODULES has the heavy libraries), and what an
# IPython kernel imports as it starts beyond ipykernel.kernelapp (the debugger's debugpy above
# all: about 0.06 s of CPU a kernel); none of them starts a thread
MODULES = ("shaoxing.analysis", "shaoxing.display", "shaoxing.findings", "shaoxing.i18n", "shaoxing.pages",
           "shaoxing.params", "shaoxing.plots", "shaoxing.progress", "shaoxing.views",
           "ipykernel.debugger", "IPython.core.completerlib", "IPython.core.debugger", "IPython.core.oinspect",
           "IPython.core.logger", "sqlite3", "tornado.gen", "tornado.queues", "tornado.platform.asyncio")


def warm() -> None:
    import importlib

    for name in MODULES:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    with contextlib.suppress(Exception):
        import shaoxing as sx

        for table in sx.list_tables():
            with contextlib.suppress(Exception):
                sx.load(table)
    with contextlib.suppress(Exception):
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        with matplotlib.rc_context():
            fig = Figure(figsize=(4, 3))
            FigureCanvasAgg(fig)
            ax = fig.subplots()
            ax.bar(["a", "b"], [1.0, 2.0], label="x")
            ax.legend()
            ax.set_title("warm")
            fig.tight_layout()
            fig.savefig(io.BytesIO(), format="png", dpi=110)

    # what the server holds now lives as long as it does: moved out of the collector's reach, no
    # collection in a kernel walks (and so writes to, and copies) those pages again
    import gc

    gc.collect()
    gc.freeze()


warm()
