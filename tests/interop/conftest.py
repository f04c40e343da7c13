"""Shared paths and helpers of the interop tests (ESCO, CTDL-ASN, SKOS, export)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.shared_data import SHARED_DATA

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ESCO_FIXTURES = FIXTURES / "esco"
ESCO_CLASSIFICATION = ESCO_FIXTURES / "esco-v1.1.1-excerpt-classification-en-csv.zip"
ESCO_RELATIONS = ESCO_FIXTURES / "esco-v1.1.1-excerpt-relations-csv.zip"
CTDL_FIXTURE = FIXTURES / "ctdl-asn" / "onet-basic-skills.json"

SHARED = SHARED_DATA
SHARED_ESCO = SHARED / "esco-1.1.1"
SHARED_CTDL = SHARED / "ctdl-asn"

BIN = Path(sys.executable).parent / "competency-graph"


def run_cli(*args: str, store: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the installed ``competency-graph`` script as a user would (stderr piped)."""
    return subprocess.run([str(BIN), "--store", str(store), *args], capture_output=True,
                          text=True, timeout=timeout)


def rewrite_zip(source: Path, target: Path,
                change: Callable[[str, str], str | None]) -> Path:
    """Copy a zip member by member; ``change(name, text)`` returns new text or None to drop."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for name in src.namelist():
            text = change(name, src.read(name).decode("utf-8"))
            if text is not None:
                out.writestr(name, text)
    return target
