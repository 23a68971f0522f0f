"""shaoxing.build.checks: what fails a finished report, and the one line that says why."""

from __future__ import annotations

import nbformat

from shaoxing import reports


# ---------------------------------------------------------------- no execution


# an IPython 9 traceback as nbclient records it (ANSI colours kept): f() in cell [3] raises inside f
TRACEBACK = [
    "\x1b[31m---------------------------------------------------------------------------\x1b[39m",
    "\x1b[31mValueError\x1b[39m                                Traceback (most recent call last)",
    "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[3]\x1b[39m\x1b[32m, line 4\x1b[39m\n\x1b[32m      1\x1b[39m "
    "\x1b[38;5;28;01mdef\x1b[39;00m f():\n\x1b[32m      3\x1b[39m \n\x1b[32m----> \x1b[39m\x1b[32m4\x1b[39m f()\n",
    "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[3]\x1b[39m\x1b[32m, line 2\x1b[39m, in \x1b[36mf\x1b[39m"
    "\x1b[34m()\x1b[39m\n\x1b[32m----> \x1b[39m\x1b[32m2\x1b[39m     \x1b[38;5;28;01mraise\x1b[39;00m "
    "ValueError(\x1b[33m'inner problem'\x1b[39m)\n",
    "\x1b[31mValueError\x1b[39m: inner problem",
]


def test_error_line_names_the_cell_and_the_line_of_the_cell_that_raised():
    from papermill.exceptions import PapermillExecutionError

    def error(ename, evalue, traceback=TRACEBACK, count=3):
        return reports._one_line(PapermillExecutionError(2, count, "f()", ename, evalue, traceback))

    # the notebook's own line (4: f()), not the line inside the function (2: raise ...)
    assert error("ValueError", "inner problem") == "ValueError: inner problem in cell [3], line 4: f()"
    # a message of several lines (an assertion that shows a table): counted, not cut to its header
    assert error("AssertionError", "   a     ok\n1  2  False\n") == (
        "AssertionError (message of 2 lines, see the log) in cell [3], line 4: f()")
    assert error("AssertionError", "", traceback=[], count=None) == "AssertionError"
    # a long message is shortened, where it failed is kept
    long = error("KeyError", "x" * 500)
    assert len(long) <= 300 and long.endswith("... in cell [3], line 4: f()")


def test_output_problems_finds_glyph_warnings_and_figures_as_text():
    nb = nbformat.v4.new_notebook()
    warn = nbformat.v4.new_code_cell("")
    warn.outputs = [nbformat.v4.new_output(
        "stream", name="stderr",
        text="pylabtools.py:152: UserWarning: Glyph 32442 (\\N{CJK UNIFIED IDEOGRAPH-7EBA}) "
             "missing from font(s) DejaVu Sans.\n  fig.canvas.print_figure(bytes_io, **kw)\n")]
    figure = nbformat.v4.new_code_cell("")
    figure.outputs = [nbformat.v4.new_output("execute_result", data={
        "text/plain": "<Figure size 900x500 with 1 Axes>"}, execution_count=1)]
    fine = nbformat.v4.new_code_cell("")
    fine.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "<Figure size 900x500 with 1 Axes>", "image/png": "iVBORw0KGgo="})]
    nb.cells = [warn, figure, fine]
    problems = reports.output_problems(nb)
    assert len(problems) == 2
    assert "Glyph 32442" in problems[0] and "cell 1" in problems[0]
    assert "figure shown as text in cell 2" in problems[1]


