"""Programme versions compared: which validation findings a new version fixed, which are new
and which remain, and how the coverage of each target framework's items changed.

It sits above the analysis domains (it reads validation and gaps through their public
``__init__``) and is what the web workspace's diff page shows (docs/web.md).
"""

from __future__ import annotations

from competency_graph.services.versions.diff import (
    coverage_changes,
    diff_versions,
    finding_changes,
)

__all__ = ["coverage_changes", "diff_versions", "finding_changes"]
