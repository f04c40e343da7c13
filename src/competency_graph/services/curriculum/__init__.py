"""Curriculum: import a programme workbook into the store (:mod:`.imports`), and read stored
programmes back (:mod:`.read`) (docs/workbook.md)."""

from __future__ import annotations

from competency_graph.services.curriculum.imports import (
    DEMO_PROGRAMME_DIR,
    DEMO_PROGRAMME_ID,
    IMPORT_STEPS,
    ImportSummary,
    ProgrammeData,
    Progress,
    add_alignments,
    build_vocabulary,
    delete_programme,
    import_programme,
    import_upload,
    load_demo_programme,
    read_workbook,
    replace_programme,
    workbook_template,
)
from competency_graph.services.curriculum.read import (
    ProgrammeRef,
    check_programme_ref,
    export_programme,
    get_programme,
    list_programmes,
    open_workbook,
    resolve_programme,
)
from competency_graph.services.curriculum.versions import programme_versions

__all__ = [
    "DEMO_PROGRAMME_DIR",
    "DEMO_PROGRAMME_ID",
    "IMPORT_STEPS",
    "ImportSummary",
    "ProgrammeData",
    "ProgrammeRef",
    "Progress",
    "add_alignments",
    "build_vocabulary",
    "check_programme_ref",
    "delete_programme",
    "export_programme",
    "get_programme",
    "import_programme",
    "import_upload",
    "list_programmes",
    "load_demo_programme",
    "open_workbook",
    "programme_versions",
    "read_workbook",
    "replace_programme",
    "resolve_programme",
    "workbook_template",
]
