"""Run every benchmark module in bench/ (or the one named on the command line, with its own
options: ``python -m bench load --seconds 20``). The opt-in modules (:data:`OPT_IN`: long or
server-starting runs) only run when named."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

#: modules that run only when named: the load benchmark, the store × operation table
OPT_IN = frozenset({"load", "table"})


def main() -> None:
    """Run ``bench.<name>.main()`` for each module named (an opt-in module is named alone,
    followed by its options), or for each module except the opt-in ones when none is named."""
    folder = Path(__file__).resolve().parent
    if sys.argv[1:2] and sys.argv[1] in OPT_IN:
        names = sys.argv[1:2]  # the options after it are its own
    else:
        names = sys.argv[1:] or sorted(m.name for m in pkgutil.iter_modules([str(folder)])
                                       if not m.name.startswith("_") and m.name not in OPT_IN)
    for name in names:
        print(f"\n## bench.{name}\n", flush=True)
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    main()
