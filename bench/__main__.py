"""Run every benchmark module in bench/ (or those named on the command line)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> None:
    """Run ``bench.<name>.main()`` for each module (all when none is named)."""
    folder = Path(__file__).resolve().parent
    names = sys.argv[1:] or sorted(m.name for m in pkgutil.iter_modules([str(folder)])
                                   if not m.name.startswith("_"))
    for name in names:
        print(f"\n## bench.{name}\n", flush=True)
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    main()
