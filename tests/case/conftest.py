"""Fixtures of the CASE tests: the fixture packages and a strict CASE 1.1 checker.

The checker validates with the official 1EdTech CASE 1.1 CFPackage JSON Schema (``jsonschema``,
draft 2019-09) and adds the format checks that ``jsonschema`` skips without optional packages:
UUIDs of the form the spec allows (lower-case 8-4-4-4-12, version 1–5, variant 8/9/a/b),
RFC 3339 date-times with an offset, ``YYYY-MM-DD`` dates, absolute URIs, and no ``null``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.shared_data import SHARED_DATA

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "case"
SCHEMA_FILE = FIXTURES / "case-v1p1-cfpackage.official.json"
SHARED = SHARED_DATA / "case" / "opensalt-1.0"

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
ABSOLUTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
#: keys holding a UUID in the official schema (LinkGenURI.identifier is free text)
UUID_KEYS = {"identifier", "rubricId", "rubricCriterionId"}

PACKAGES = sorted(p for p in FIXTURES.glob("*.json") if p != SCHEMA_FILE)
OPENSALT = [p for p in PACKAGES if not p.name.startswith("synthetic")]
WHAT_STANDARDS = FIXTURES / "opensalt-framework-20c5134f-423d-4097-a971-3dd5152bf507.json"
SYNTHETIC = FIXTURES / "synthetic-1.1-every-field.json"


def load_schema() -> dict[str, Any]:
    """The official CASE 1.1 CFPackage schema."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def strict_errors(obj: Any, definition: str | None = None) -> list[str]:
    """Every schema and format error of ``obj`` (a package, or the ``$defs`` class named)."""
    schema = load_schema()
    if definition is not None:
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"],
                  "$ref": f"#/$defs/{definition}"}
    validator = jsonschema.Draft201909Validator(schema,
                                                format_checker=jsonschema.FormatChecker())
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(obj)]
    errors += _formats(obj, "$", in_node_link=False)
    return errors


def _formats(value: Any, path: str, in_node_link: bool) -> list[str]:
    errors: list[str] = []
    if value is None:
        return [f"{path}: null"]
    if isinstance(value, list):
        for i, v in enumerate(value):
            errors += _formats(v, f"{path}[{i}]", in_node_link)
        return errors
    if not isinstance(value, dict):
        return errors
    for key, v in value.items():
        sub = f"{path}.{key}"
        if key == "extensions":
            continue
        if key in UUID_KEYS and not in_node_link and (not isinstance(v, str) or not UUID.match(v)):
            errors.append(f"{sub}: not a UUID of the allowed form: {v!r}")
        elif key == "lastChangeDateTime" and not DATETIME.match(str(v)):
            errors.append(f"{sub}: not an RFC 3339 date-time: {v!r}")
        elif key in ("statusStartDate", "statusEndDate") and not DATE.match(str(v)):
            errors.append(f"{sub}: not a date: {v!r}")
        elif key in ("uri", "officialSourceURL") and not ABSOLUTE_URI.match(str(v)):
            errors.append(f"{sub}: not an absolute URI: {v!r}")
        errors += _formats(v, sub, key in ("originNodeURI", "destinationNodeURI"))
    return errors


@pytest.fixture
def check_case() -> Callable[..., list[str]]:
    """``check_case(obj, definition=None)`` → the list of strict CASE 1.1 errors."""
    return strict_errors
