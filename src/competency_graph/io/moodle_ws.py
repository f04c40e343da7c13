"""A client of Moodle's REST web services for competency frameworks (optional push).

Moodle's REST protocol: ``POST <site>/webservice/rest/server.php`` with the form fields
``wstoken``, ``wsfunction``, ``moodlewsrestformat=json`` and the function's arguments in PHP's
bracket notation (``competencyframework[shortname]=…``). The answer is JSON; a failure is an
object with ``exception``, ``errorcode`` and ``message`` (HTTP 200). Functions used, with the
argument structures of Moodle's ``core_competency`` external API:

* ``core_competency_create_competency_framework`` (``competencyframework``: shortname,
  idnumber, description, descriptionformat, visible, scaleid, scaleconfiguration, contextid,
  taxonomies) → the framework with its ``id``;
* ``core_competency_create_competency`` (``competency``: shortname, idnumber, description,
  descriptionformat, competencyframeworkid, parentid) → the competency with its ``id``;
* ``core_competency_add_related_competency`` (competencyid, relatedcompetencyid) → true.

No Moodle runs on the build machine: the tests drive this client against a fake that speaks the
same protocol on 127.0.0.1 (docs/elearning.md says so plainly).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from competency_graph.errors import CompetencyGraphError

ENDPOINT = "/webservice/rest/server.php"


class MoodleError(CompetencyGraphError):
    """Moodle answered with an exception, or could not be reached."""


def flatten(prefix: str, value: Any) -> list[tuple[str, str]]:
    """PHP bracket notation of nested arguments (``a[b]=1``, ``a[0][c]=x``)."""
    if isinstance(value, Mapping):
        out: list[tuple[str, str]] = []
        for key, inner in value.items():
            out += flatten(f"{prefix}[{key}]" if prefix else str(key), inner)
        return out
    if isinstance(value, list | tuple):
        out = []
        for index, inner in enumerate(value):
            out += flatten(f"{prefix}[{index}]", inner)
        return out
    if isinstance(value, bool):
        return [(prefix, "1" if value else "0")]
    return [(prefix, str(value))]


class MoodleClient:
    """Calls Moodle web-service functions with a token."""

    def __init__(self, site: str, token: str, *, timeout: float = 30.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        if not site.startswith(("http://", "https://")):
            raise MoodleError(f"not an http(s) Moodle site URL: {site!r}")
        self.url = site.rstrip("/") + ENDPOINT
        self.token = token
        self.client = httpx.Client(timeout=timeout, transport=transport)

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self.client.close()

    def call(self, function: str, **arguments: Any) -> Any:
        """Call ``function``; return its decoded JSON answer.

        :raises MoodleError: for a Moodle exception, an HTTP error or a non-JSON answer.
        """
        form = [("wstoken", self.token), ("wsfunction", function),
                ("moodlewsrestformat", "json"), *flatten("", arguments)]
        try:
            response = self.client.post(self.url, data=dict(form))
            response.raise_for_status()
            answer = response.json()
        except httpx.HTTPError as exc:
            raise MoodleError(f"{function}: {exc}") from None
        except ValueError:
            raise MoodleError(f"{function}: the answer is not JSON") from None
        if isinstance(answer, dict) and "exception" in answer:
            raise MoodleError(f"{function}: {answer.get('errorcode')}: "
                              f"{answer.get('message')}")
        return answer


__all__ = ["ENDPOINT", "MoodleClient", "MoodleError", "flatten"]
