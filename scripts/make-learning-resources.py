"""Write ontology/bundled/learning-resources.ttl from ontology/bundled/learning-resources.csv.

The CSV (the resource CSV format of docs/elearning.md) is the source of the bundled starter
catalogue; the Turtle is what the bootstrap loads into graph/learning-resources. A test checks
that the two agree, so edit the CSV and run ``python scripts/make-learning-resources.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from competency_graph.io.resources import read_csv, to_turtle

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "ontology" / "bundled" / "learning-resources.csv"
TARGET = ROOT / "ontology" / "bundled" / "learning-resources.ttl"
HEADER = """\
# The bundled starter catalogue of the e-learning space (issue 17; docs/elearning.md): open
# learning resources on global platforms with their real URLs and providers, aligned to the
# bundled frameworks they serve (esp-engineering, staff-intl, digcompedu, cefr levels, wa-2021).
# Levels: cg:levelEstimated false = the level the provider states; true = the project's
# estimate (the provider states none). Hours, access and licence as seen on the provider's page
# when the catalogue was compiled; they change, so check the page before relying on them.
# GENERATED from learning-resources.csv by scripts/make-learning-resources.py: edit the CSV.
# Loaded by the bootstrap into the named graph .../graph/learning-resources.

"""


def render() -> bytes:
    """The Turtle the bundled CSV produces."""
    return to_turtle(read_csv(SOURCE.read_bytes(), str(SOURCE.name)), HEADER)


def main() -> int:
    TARGET.write_bytes(render())
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
