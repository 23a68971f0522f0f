"""shaoxing: the Shaoxing 2017 traditional-industries pilot plan as data, analyses and reports.

>>> import shaoxing as sx
>>> sx.list_tables()                 # the plan's tables
>>> sx.load("indicators")            # a typed pandas DataFrame
>>> print(sx.describe("indicators")) # title, source in the plan, fields with units

Plotting (``shaoxing.plots``) and report building (``shaoxing.reports``) are
imported on first use, so ``import shaoxing`` stays light.
"""

import importlib as _importlib
import pkgutil as _pkgutil

__version__ = "0.1.0"

from .data import (  # noqa: E402
    DataError,
    TableInfo,
    UnknownTableError,
    clear_cache,
    data_dir,
    datapackage,
    describe,
    list_tables,
    load,
)
from .progress import assess_progress, load_outcomes  # noqa: E402
from .views import localize  # noqa: E402

__all__ = [
    "__version__",
    "DataError",
    "TableInfo",
    "UnknownTableError",
    "clear_cache",
    "data_dir",
    "datapackage",
    "describe",
    "list_tables",
    "load",
    "localize",
    "assess_progress",
    "load_outcomes",
]

# Public submodules (every module or package here not starting with "_"), imported on
# first use: ``sx.plots``, ``sx.analysis``, ...
_LAZY = frozenset(m.name for m in _pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def __getattr__(name: str):
    if name in _LAZY:
        return _importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'shaoxing' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public API and every submodule (loaded or not), for dir() and tab completion."""
    dunders = {n for n in globals() if n.startswith("__") and n.endswith("__")}
    return sorted(dunders | set(__all__) | _LAZY)
