"""DL reasoning over the TBox with owlready2 + HermiT (offline tooling and tests only).

owlready2 cannot read Turtle, so the files are converted to N-Triples with rdflib first and
loaded into a fresh ``World`` (never the global one). HermiT needs Java. Reasoning is never on a
request path: HermiT on one programme's ABox is far too slow for a request.

Run ``python -m competency_graph.reasoning [FILE.ttl ...]`` to check the bundled TBox (and any
extra files, e.g. frameworks) and print the result.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from competency_graph import resources
from competency_graph.errors import CompetencyGraphError
from competency_graph.namespaces import CG


class ReasonerUnavailableError(CompetencyGraphError):
    """Java (needed by HermiT) is not installed."""


@dataclass(frozen=True)
class ReasonerReport:
    """What HermiT found."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    inferred_superclasses: dict[str, list[str]] = field(default_factory=dict)
    classes: int = 0
    seconds: float = 0.0
    message: str = ""


def java_available() -> bool:
    """Whether a ``java`` executable is on the PATH."""
    return shutil.which("java") is not None


def _to_ntriples(paths: Iterable[Path], target: Path) -> None:
    import rdflib

    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    graph.serialize(target, format="nt", encoding="utf-8")


def check(paths: Iterable[Path] | None = None, *, ignore_unsupported_datatypes: bool = True
          ) -> ReasonerReport:
    """Classify the TBox (plus ``paths``) with HermiT; report consistency and unsatisfiable
    classes. ``ignore_unsupported_datatypes`` lets data with ``xsd:date`` values through
    (see ontology/README.md, "Dates have no OWL range")."""
    if not java_available():
        raise ReasonerUnavailableError("HermiT needs Java, and no `java` is on the PATH")
    import owlready2

    files = [resources.tbox_file(), *(paths or [])]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        nt = Path(tmp) / "merged.nt"
        _to_ntriples(files, nt)
        world = owlready2.World()
        ontology = world.get_ontology(nt.as_uri()).load()
        try:
            with ontology:
                owlready2.sync_reasoner_hermit(
                    world, infer_property_values=False, debug=0,
                    ignore_unsupported_datatypes=ignore_unsupported_datatypes)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ReasonerReport(consistent=False, seconds=time.perf_counter() - started,
                                  message=str(exc)[:2000])
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes()
                               if c is not owlready2.Nothing)
        ours = [c for c in world.classes() if c.iri.startswith(CG)]
        inferred = {c.iri: sorted(p.iri for p in c.is_a if isinstance(p, owlready2.ThingClass))
                    for c in ours}
        world.close()
    return ReasonerReport(consistent=True, unsatisfiable=unsatisfiable,
                          inferred_superclasses=inferred, classes=len(ours),
                          seconds=time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: exit 0 when consistent with no unsatisfiable class."""
    args = sys.argv[1:] if argv is None else argv
    report = check([Path(a) for a in args])
    print(f"classes: {report.classes}  consistent: {report.consistent}  "
          f"unsatisfiable: {len(report.unsatisfiable)}  ({report.seconds:.1f} s)")
    for iri in report.unsatisfiable:
        print("  unsatisfiable:", iri)
    if report.message:
        print(report.message)
    return 0 if report.consistent and not report.unsatisfiable else 1


if __name__ == "__main__":
    raise SystemExit(main())
