"""Staff competences for internationalisation: roster import, readiness per course, and a
professional-development plan (issue 7; decisions in ``docs/staff.md``).

* :func:`import_staff_roster` — ``import --kind staff``: a CSV/xlsx roster lands in
  ``graph/staff/<institution-id>`` (one graph per institution named in the file), atomically.
* :func:`staff_readiness` — requirements derived from each course of a programme (language of
  instruction, international components), compared with what each teacher's assertions say;
  one finding per staff member × course × unmet requirement (JSON in docs/staff.md).
* :func:`development_plan` — a greedy set cover of the findings by programme-places (one staff
  member attending one bundled development programme).
"""

from __future__ import annotations

from competency_graph.services.staff.common import (
    DEVELOPMENT_GRAPH,
    StaffPolicy,
)
from competency_graph.services.staff.plan import (
    development_plan,
    institution_plan,
)
from competency_graph.services.staff.readiness import (
    institution_readiness,
    open_programme,
    resolve_programme_iri,
    staff_readiness,
)
from competency_graph.services.staff.roster import (
    StaffImportResult,
    import_staff_bytes,
    import_staff_roster,
    staff_graph,
)

__all__ = [
    "DEVELOPMENT_GRAPH",
    "StaffImportResult",
    "StaffPolicy",
    "development_plan",
    "import_staff_bytes",
    "import_staff_roster",
    "institution_plan",
    "institution_readiness",
    "open_programme",
    "resolve_programme_iri",
    "staff_graph",
    "staff_readiness",
]
