"""The one place that locates bundled files: the ``ontology/`` tree and the ``.rq`` queries.

In a source checkout (editable install) the ontology is the repository's ``ontology/`` folder; in
an installed wheel it is packaged as ``competency_graph/_ontology``. ``Settings.ontology_dir`` or
``COMPETENCY_GRAPH_ONTOLOGY_DIR`` overrides both.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
QUERIES_DIR = _PACKAGE_DIR / "queries"
#: the demo data shipped with the package (``data/demo/<kind>``)
DEMO_DIR = _PACKAGE_DIR / "data" / "demo"


def ontology_dir(override: str | None = None) -> Path:
    """Return the folder that holds ``competency.ttl``, ``frameworks/``, ``shapes/`` …"""
    candidates = [
        override,
        os.environ.get("COMPETENCY_GRAPH_ONTOLOGY_DIR"),
        str(_PACKAGE_DIR / "_ontology"),
        str(_PACKAGE_DIR.parent.parent / "ontology"),
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "competency.ttl").is_file():
            return Path(candidate)
    raise FileNotFoundError("the bundled ontology folder (with competency.ttl) was not found")


def tbox_file(override: str | None = None) -> Path:
    """Return the path of the hand-edited TBox."""
    return ontology_dir(override) / "competency.ttl"


def bundled_files(subfolder: str, override: str | None = None,
                  pattern: str = "*.ttl") -> list[Path]:
    """Return the sorted files of a bundled subfolder (``frameworks``, ``crosswalks`` …)."""
    folder = ontology_dir(override) / subfolder
    return sorted(folder.glob(pattern)) if folder.is_dir() else []


def fingerprint(paths: list[Path]) -> str:
    """Return a SHA-256 over the names and contents of files (to detect a changed bundle)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def query_text(name: str) -> str:
    """Return the text of ``queries/<name>.rq``."""
    path = QUERIES_DIR / f"{name}.rq"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")
