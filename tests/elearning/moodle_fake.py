"""A fake Moodle site speaking the REST web-service protocol for the three competency functions
the push uses, on 127.0.0.1 (no real Moodle can run here; docs/elearning.md says so).

It is written from Moodle's ``core_competency`` external API definitions (parameter and return
structures of ``create_competency_framework``, ``create_competency``,
``add_related_competency``) and Moodle's REST error object; it was not recorded from a live
site. It enforces what Moodle enforces and the push relies on: the token, required fields,
a known framework and parent, unique id numbers per framework, and no self-relation.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

TOKEN = "fake-token-0123456789abcdef"


def unflatten(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """PHP bracket notation back to nested dicts (``a[b]=1`` → ``{"a": {"b": "1"}}``)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


class FakeMoodle:
    """The site's state and the protocol log."""

    def __init__(self) -> None:
        self.frameworks: dict[int, dict[str, Any]] = {}
        self.competencies: dict[int, dict[str, Any]] = {}
        self.related: set[tuple[int, int]] = set()
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.next_id = 1
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeMoodle:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def answer(self, form: dict[str, Any]) -> Any:
        if form.get("wstoken") != TOKEN:
            return {"exception": "moodle_exception", "errorcode": "invalidtoken",
                    "message": "Invalid token - token not found"}
        if form.get("moodlewsrestformat") != "json":
            return {"exception": "moodle_exception", "errorcode": "invalidformat",
                    "message": "Only json is answered here"}
        function = form.get("wsfunction", "")
        self.calls.append((function, form))
        try:
            return getattr(self, function)(form)
        except (KeyError, ValueError) as exc:
            return {"exception": "invalid_parameter_exception", "errorcode": "invalidparameter",
                    "message": f"Invalid parameter value detected ({exc})"}
        except AttributeError:
            return {"exception": "dml_missing_record_exception", "errorcode": "invalidrecord",
                    "message": "Can't find data record in database table external_functions."}

    def core_competency_create_competency_framework(self, form: dict[str, Any]) -> Any:
        fw = form["competencyframework"]
        shortname, idnumber, scaleid = fw["shortname"], fw["idnumber"], int(fw["scaleid"])
        if any(f["idnumber"] == idnumber for f in self.frameworks.values()):
            raise ValueError("idnumber already used")
        json.loads(fw["scaleconfiguration"])[0]["scaleid"]
        new = {"id": self._id(), "shortname": shortname, "idnumber": idnumber,
               "description": fw.get("description", ""), "scaleid": scaleid,
               "scaleconfiguration": fw["scaleconfiguration"],
               "taxonomies": fw.get("taxonomies", ""), "visible": fw.get("visible") == "1",
               "contextid": int(fw.get("contextid", 1))}
        self.frameworks[new["id"]] = new
        return {**new, "descriptionformat": 1, "timecreated": 0, "timemodified": 0,
                "usermodified": 2}

    def core_competency_create_competency(self, form: dict[str, Any]) -> Any:
        comp = form["competency"]
        framework = int(comp["competencyframeworkid"])
        parent = int(comp.get("parentid", 0))
        if framework not in self.frameworks:
            raise ValueError("unknown competencyframeworkid")
        if parent and parent not in self.competencies:
            raise ValueError("unknown parentid")
        if any(c["idnumber"] == comp["idnumber"] and c["competencyframeworkid"] == framework
               for c in self.competencies.values()):
            raise ValueError("idnumber already used in the framework")
        new = {"id": self._id(), "shortname": comp["shortname"], "idnumber": comp["idnumber"],
               "description": comp.get("description", ""), "competencyframeworkid": framework,
               "parentid": parent}
        self.competencies[new["id"]] = new
        return {**new, "descriptionformat": 1, "sortorder": 0, "path": "/0/", "ruleoutcome": 0,
                "timecreated": 0, "timemodified": 0, "usermodified": 2}

    def core_competency_add_related_competency(self, form: dict[str, Any]) -> Any:
        a, b = int(form["competencyid"]), int(form["relatedcompetencyid"])
        if a == b or a not in self.competencies or b not in self.competencies:
            raise ValueError("competencyid")
        self.related.add((min(a, b), max(a, b)))
        return True

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                if self.path.split("?")[0] != "/webservice/rest/server.php":
                    self.send_error(404)
                    return
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode("utf-8")
                answer = fake.answer(unflatten(parse_qsl(body, keep_blank_values=True)))
                data = json.dumps(answer).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                return

        return Handler
