"""Write the demo programme's .xlsx from its CSV files (the CSV files are the source).

    .venv/bin/python scripts/make-demo-workbook.py [OUT.xlsx]

Default output: src/competency_graph/data/demo/demo-programme.xlsx. tests/curriculum checks that
the committed workbook and the CSV folder import as identical graphs, so rerun this script after
editing the CSV files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from competency_graph.io.template import csv_folder_to_workbook

DEMO = Path(__file__).resolve().parent.parent / "src" / "competency_graph" / "data" / "demo"


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO / "demo-programme.xlsx"
    csv_folder_to_workbook(DEMO / "programme", out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
