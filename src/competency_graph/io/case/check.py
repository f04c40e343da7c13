"""Reading and checking a CFPackage: JSON through the safe first pass (size, depth, string caps),
then the checks that decide whether the package can be stored faithfully. Lenient about the CASE
version (1.0 and 1.1); every problem carries its JSON path."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from competency_graph.errors import InputError, Location, Problem
from competency_graph.ids import check_id
from competency_graph.io.case.vocab import (
    CASE_TYPES,
    DEFINITIONS,
    EXT_TYPE,
    FALLBACK_DATETIME,
    RFC3339,
)
from competency_graph.io.safe import load_json

__all__ = ["check_package", "parse_date", "parse_datetime", "read_package", "rfc3339"]


def read_package(data: bytes, source: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse JSON bytes; unwrap ``{"CFPackage": {...}}``. Return the package or the problems."""
    try:
        doc = load_json(data, source)
    except InputError as exc:
        return None, [Problem(p.message.replace("invalid JSON", "not JSON, so not a CASE "
                                                "package"), p.location) for p in exc.problems]
    if isinstance(doc, dict) and isinstance(doc.get("CFPackage"), dict):
        doc = doc["CFPackage"]
    if not isinstance(doc, dict) or "CFDocument" not in doc:
        kind = type(doc).__name__ if not isinstance(doc, dict) else "an object without CFDocument"
        return None, [Problem(f"not a CASE package: the top level is {kind} (a CFPackage needs "
                              "a CFDocument object)", Location(file=source, json_path="$"))]
    return doc, []


_REQUIRED = {
    "CFDocument": ("identifier", "uri", "creator", "title", "lastChangeDateTime"),
    "CFItem": ("identifier", "fullStatement", "uri", "lastChangeDateTime"),
    "CFAssociation": ("identifier", "associationType", "uri", "originNodeURI",
                      "destinationNodeURI", "lastChangeDateTime"),
    "definition": ("identifier", "uri"),
    "rubric": ("identifier", "uri"),
}
_STRING_ARRAYS = {"subject", "conceptKeywords", "educationLevel", "educationalLevel"}
_DATETIMES = {"lastChangeDateTime"}
_DATES = {"statusStartDate", "statusEndDate"}
_LINKS = {"subjectURI", "licenseURI", "CFItemTypeURI", "conceptKeywordsURI",
          "CFAssociationGroupingURI", "CFItemURI"}


def check_package(pkg: dict[str, Any], source: str) -> list[Problem]:
    """Return every problem that would stop the package from being stored faithfully."""
    checker = _Checker(source)
    checker.document(pkg.get("CFDocument"))
    checker.lists(pkg)
    checker.definitions(pkg.get("CFDefinitions"))
    checker.rubrics(pkg.get("CFRubrics"))
    return checker.problems


class _Checker:
    """Collects located problems over one package."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.seen: dict[str, str] = {}  # identifier → JSON path of its first use

    def bad(self, path: str, message: str) -> None:
        self.problems.append(Problem(message, Location(file=self.source, json_path=path)))

    def check_object(self, obj: Any, path: str, required: Iterable[str]) -> bool:
        """Required keys present; known keys of the right shape. False when not an object."""
        if not isinstance(obj, dict):
            self.bad(path, f"expected an object, found {type(obj).__name__}")
            return False
        for key in required:
            value = obj.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.bad(f"{path}.{key}", f"required field {key!r} is missing or empty")
        for key, value in obj.items():
            if value is not None:
                self.check_value(key, value, f"{path}.{key}")
        return True

    def check_value(self, key: str, value: Any, sub: str) -> None:
        if key in _STRING_ARRAYS:
            # 1.0 exporters sometimes write one string; kept as one value
            if not isinstance(value, str) and (
                    not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
                self.bad(sub, "expected an array of strings")
        elif key in _DATETIMES and isinstance(value, str) and value.strip():
            if parse_datetime(value) is None:
                self.bad(sub, f"not an ISO 8601 date-time: {value!r}")
        elif key in _DATES:
            if not isinstance(value, str) or parse_date(value) is None:
                self.bad(sub, f"not an ISO 8601 date: {value!r}")
        elif key in _LINKS:
            many = key == "subjectURI" and isinstance(value, list)
            for i, link in enumerate(value if many else [value]):
                if not isinstance(link, dict) or not link.get("identifier"):
                    self.bad(f"{sub}[{i}]" if many else sub,
                             "expected a link object with an identifier")
        elif key in ("sequenceNumber", "position") and not _is_int(value):
            self.bad(sub, f"{key} must be an integer, found {value!r}")
        elif key in ("weight", "score") and not _is_number(value):
            self.bad(sub, f"{key} must be a number, found {value!r}")
        elif key in ("identifier", "uri", "title", "fullStatement", "creator") \
                and not isinstance(value, str):
            self.bad(sub, f"{key} must be a string, found {type(value).__name__}")

    def document(self, document: Any) -> None:
        """The CFDocument: required fields, and its identifier is the framework id."""
        if document is None:
            self.bad("$.CFDocument", "required field 'CFDocument' is missing")
            return
        self.check_object(document, "$.CFDocument", _REQUIRED["CFDocument"])
        fid = document.get("identifier") if isinstance(document, dict) else None
        if isinstance(fid, str) and fid.strip():
            bad_id = check_id(fid.strip(), "framework id (CFDocument identifier)",
                              Location(file=self.source, json_path="$.CFDocument.identifier"))
            if bad_id is not None:
                self.problems.append(bad_id)

    def unique(self, obj: Any, path: str) -> None:
        if isinstance(obj, dict) and isinstance(obj.get("identifier"), str):
            ident = obj["identifier"]
            if ident in self.seen:
                self.bad(f"{path}.identifier",
                         f"identifier {ident!r} is also used at {self.seen[ident]}")
            else:
                self.seen[ident] = path

    def lists(self, pkg: dict[str, Any]) -> None:
        """CFItems and CFAssociations: objects, unique identifiers, association ends."""
        for key, required in (("CFItems", "CFItem"), ("CFAssociations", "CFAssociation")):
            values = pkg.get(key)
            if values is None:
                continue
            if not isinstance(values, list):
                self.bad(f"$.{key}", "expected an array")
                continue
            for i, obj in enumerate(values):
                path = f"$.{key}[{i}]"
                if self.check_object(obj, path, _REQUIRED[required]):
                    self.unique(obj, path)
                    if key == "CFAssociations":
                        self.association(obj, path)

    def association(self, obj: dict[str, Any], path: str) -> None:
        kind = obj.get("associationType")
        if isinstance(kind, str) and kind and kind not in CASE_TYPES and not EXT_TYPE.match(kind):
            self.bad(f"{path}.associationType", f"unknown association type {kind!r} (CASE "
                     f"types: {', '.join(CASE_TYPES)}, or ext:…)")
        for end in ("originNodeURI", "destinationNodeURI"):
            link = obj.get(end)
            if link is None:
                continue
            if not isinstance(link, dict):
                self.bad(f"{path}.{end}", "expected a link object {title, identifier, uri}")
                continue
            for key in ("identifier", "uri"):
                if not isinstance(link.get(key), str) or not link[key].strip():
                    self.bad(f"{path}.{end}.{key}", f"required field {key!r} is missing or empty")

    def array(self, obj: dict[str, Any], key: str, path: str) -> list[Any]:
        """``obj[key]`` when it is an array; a problem when it is something else."""
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.bad(f"{path}.{key}", "expected an array")
            return []
        return value

    def definitions(self, definitions: Any) -> None:
        if definitions is None:
            return
        if not isinstance(definitions, dict):
            self.bad("$.CFDefinitions", "expected an object")
            return
        for key in DEFINITIONS:
            values = definitions.get(key)
            if values is None:
                continue
            if not isinstance(values, list):
                self.bad(f"$.CFDefinitions.{key}", "expected an array")
                continue
            for i, obj in enumerate(values):
                self.check_object(obj, f"$.CFDefinitions.{key}[{i}]", _REQUIRED["definition"])

    def rubrics(self, rubrics: Any) -> None:
        """CFRubrics → criteria → levels, each an object with an identifier and a uri."""
        if rubrics is None:
            return
        if not isinstance(rubrics, list):
            self.bad("$.CFRubrics", "expected an array")
            return
        for i, rubric in enumerate(rubrics):
            path = f"$.CFRubrics[{i}]"
            if not self.check_object(rubric, path, _REQUIRED["rubric"]):
                continue
            for j, crit in enumerate(self.array(rubric, "CFRubricCriteria", path)):
                cpath = f"{path}.CFRubricCriteria[{j}]"
                if not self.check_object(crit, cpath, _REQUIRED["rubric"]):
                    continue
                for k, level in enumerate(self.array(crit, "CFRubricCriterionLevels", cpath)):
                    self.check_object(level, f"{cpath}.CFRubricCriterionLevels[{k}]",
                                      _REQUIRED["rubric"])


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and value.strip().lstrip("-").isdigit()


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def parse_datetime(text: str) -> datetime | None:
    """Parse an ISO 8601 date-time (``Z``, offsets, no offset = UTC, a space for ``T``)."""
    value = text.strip().replace(" ", "T", 1)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def parse_date(text: str) -> date | None:
    """Parse a date, or the date part of a date-time."""
    value = text.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def rfc3339(text: str) -> str:
    """Return ``text`` if it is an RFC 3339 date-time, else its normalised UTC form."""
    if RFC3339.match(text):
        return text
    parsed = parse_datetime(text)
    if parsed is None:
        return FALLBACK_DATETIME
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") + "Z"
