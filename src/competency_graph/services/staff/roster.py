"""Importing a standalone staff roster (``import --kind staff``, ``import-staff``, the upload)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from competency_graph.errors import InputError, Location, Problem
from competency_graph.io import staff as io_staff
from competency_graph.model import RdfPayload
from competency_graph.namespaces import graph_iri
from competency_graph.services.frameworks import scaled_items
from competency_graph.store import GraphStore


def staff_graph(institution: str) -> str:
    """Return ``graph/staff/<institution-id>``, the graph of an institution's roster."""
    return graph_iri("staff", institution)


@dataclass(frozen=True)
class StaffImportResult:
    """What a roster import wrote: graphs, staff per institution, warnings."""

    graphs: dict[str, str]
    staff: dict[str, int]
    quads: int
    warnings: list[Problem]

    def as_dict(self) -> dict[str, Any]:
        """JSON for the API: graphs and counts by institution, located warnings."""
        return {"graphs": self.graphs, "staff": self.staff, "quads": self.quads,
                "warnings": [{"message": w.message.removeprefix(io_staff.WARNING_PREFIX),
                              **w.location.as_dict()} for w in self.warnings]}

    def message(self) -> str:
        """A one-paragraph summary for the CLI."""
        parts = [f"imported {n} staff member(s) of {inst!r} into <{self.graphs[inst]}>"
                 for inst, n in sorted(self.staff.items())]
        parts += [f"warning: {w.location}: {w.message.removeprefix(io_staff.WARNING_PREFIX)}"
                  for w in self.warnings]
        return "\n".join(parts)


def import_staff_bytes(store: GraphStore, data: bytes, filename: str, *,
                       institution: str | None = None) -> StaffImportResult:
    """Import an uploaded roster (``.csv`` or ``.xlsx`` by the file name's suffix); messages
    name ``filename``. Same rules as :func:`import_staff_roster`."""
    import tempfile

    safe = Path(filename).name or "upload.csv"
    with tempfile.TemporaryDirectory(prefix="cg-staff-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        return import_staff_roster(store, path, institution=institution, display=filename)


def import_staff_roster(store: GraphStore, path: Path, *, institution: str | None = None,
                        sheet: str | None = None, display: str | None = None
                        ) -> StaffImportResult:
    """Import a staff roster (CSV or xlsx, the workbook ``staff`` columns plus ``institution``).

    Each row's institution is its ``institution`` cell, else ``institution`` (``--institution``).
    Every institution named gets its graph ``graph/staff/<id>`` replaced, all in one
    transaction. Every error in the file is reported (located) and nothing is written.
    """
    file = display or str(path)
    sheet_name, rows = io_staff.read_table(path, sheet=sheet, display=file)
    if not rows:
        raise InputError(Problem("the roster has no rows", Location(file=file, sheet=sheet_name)))
    problems: list[Problem] = []
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if not any((v or "").strip() for v in row.values()):
            continue
        inst = (row.get("institution") or "").strip() or (institution or "")
        if not inst:
            problems.append(Problem(
                "no institution: fill the 'institution' column or pass --institution",
                Location(file=file, sheet=sheet_name, row=i + 2, column="institution")))
            continue
        groups.setdefault(inst, []).append(i)
    known_items, known_levels = scaled_items(store)
    payloads: dict[str, RdfPayload | None] = {}
    warnings: list[Problem] = []
    counts: dict[str, int] = {}
    for inst, indices in groups.items():
        chosen = set(indices)
        masked = [row if i in chosen else {} for i, row in enumerate(rows)]
        data, found = io_staff.staff_to_ntriples(
            masked, institution=inst, file=file, sheet=sheet_name, first_row=2,
            known_items=known_items, known_levels=known_levels)
        for problem in found:
            (warnings if io_staff.is_warning(problem) else problems).append(problem)
        payloads[staff_graph(inst)] = RdfPayload(data, "ntriples", file)
        counts[inst] = len(indices)
    problems = list(dict.fromkeys(problems))
    if problems:
        raise InputError(problems)
    quads = store.replace_graphs(payloads)
    return StaffImportResult(graphs={i: staff_graph(i) for i in groups}, staff=counts,
                             quads=quads, warnings=list(dict.fromkeys(warnings)))
