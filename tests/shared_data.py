"""Where the project's shared real-data folder is: ``shared/data`` beside the repository (the
layout of the developers' machines and of CI, which clones the repository next to a copy of
``shared/``). ``COMPETENCY_GRAPH_SHARED_DATA`` overrides it. Tests that need it skip with the
path they looked at when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("COMPETENCY_GRAPH_SHARED_DATA")
                   or ROOT.parent / "shared" / "data")

#: full-data tests run wherever the shared data folder exists (the developers' machines and CI)
needs_shared_data = pytest.mark.skipif(
    not SHARED_DATA.is_dir(),
    reason=f"the shared real-data folder is absent: looked for {SHARED_DATA} (../shared/data "
           "beside the repository, or COMPETENCY_GRAPH_SHARED_DATA)")
