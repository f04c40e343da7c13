"""Curriculum: import a programme workbook into the store, and read stored programmes back
(docs/workbook.md).
"""

from __future__ import annotations

from competency_graph.services.curriculum.programmes import (
    DEMO_PROGRAMME_DIR,
    DEMO_PROGRAMME_ID,
    ImportSummary,
    ProgrammeData,
    ProgrammeRef,
    build_vocabulary,
    delete_programme,
    export_programme,
    get_programme,
    import_programme,
    import_upload,
    list_programmes,
    load_demo_programme,
    programme_versions,
    read_workbook,
    replace_programme,
    resolve_programme,
    workbook_template,
)

__all__ = [
    "DEMO_PROGRAMME_DIR",
    "DEMO_PROGRAMME_ID",
    "ImportSummary",
    "ProgrammeData",
    "ProgrammeRef",
    "build_vocabulary",
    "delete_programme",
    "export_programme",
    "get_programme",
    "import_programme",
    "import_upload",
    "list_programmes",
    "load_demo_programme",
    "programme_versions",
    "read_workbook",
    "replace_programme",
    "resolve_programme",
    "workbook_template",
]
