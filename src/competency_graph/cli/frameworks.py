"""``competency-graph frameworks``: list the frameworks, show one, search their items.

``frameworks`` alone lists every framework and level scale with its item count (``--format
table|json``, ``--lang``), as before; ``frameworks show ID`` prints the metadata, provenance and
the items as a tree (``--format text|json``); ``frameworks search Q`` runs the multilingual
search (``--format table|json``, ``--limit``, ``--framework``).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from competency_graph.cli.app import app, handle_errors, opened_store, out
from competency_graph.services import frameworks as service

frameworks_app = typer.Typer(help="List, show and search frameworks (bundled and imported).",
                             invoke_without_command=True, no_args_is_help=False)
app.add_typer(frameworks_app, name="frameworks")


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@frameworks_app.callback()
@handle_errors
def frameworks(
    ctx: typer.Context,
    fmt: str = typer.Option("table", "--format", help="table or json."),
    lang: str = typer.Option("en", "--lang", help="Title language: en, ru or kk."),
) -> None:
    """List every framework and level scale with its item count."""
    if ctx.invoked_subcommand is not None:
        return
    if fmt not in {"table", "json"}:
        raise typer.BadParameter("use table or json", param_hint="--format")
    lang = service.check_lang(lang)
    with opened_store() as store:
        items = service.list_frameworks(store, lang=lang)
    if fmt == "json":
        _dump([f.as_dict() for f in items])
        return
    table = Table("id", "kind", "title", "version", "items", "status")
    for f in items:
        table.add_row(f.id, f.kind, f.title or "", f.version or "", str(f.items), f.status or "")
    out.print(table)


@frameworks_app.command("show")
@handle_errors
def show(
    framework_id: str = typer.Argument(..., metavar="ID", help="Framework id, e.g. wa-2021."),
    lang: str = typer.Option("en", "--lang", help="Label language: en, ru or kk."),
    fmt: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Show a framework: metadata, provenance and its items as a tree."""
    if fmt not in {"text", "json"}:
        raise typer.BadParameter("use text or json", param_hint="--format")
    with opened_store() as store:
        meta = service.get_framework(store, framework_id, lang)
        items = service.list_items(store, framework_id, lang)
    if fmt == "json":
        _dump({**meta, "items": items})
        return
    out.print(f"[bold]{escape(meta['title'] or framework_id)}[/bold]  "
              f"({escape(meta['id'])}, {meta['kind']})")
    rows = [
        ("version", meta["version"]),
        ("publisher", meta["publisher"]),
        ("source", "; ".join(meta["sources"])),
        ("status", meta["confirmation_status"]),
        ("rights", meta["rights"]),
        ("level scale", (meta["level_scale"] or {}).get("id")),
        ("required level", (meta["required_level"] or {}).get("code")),
        ("complements", ", ".join(c.get("id") or c["iri"] for c in meta["complements"])),
        ("replaced by", ", ".join(meta["replaced_by"])),
        ("replaces", ", ".join(meta["replaces"])),
        ("items", ", ".join(f"{n} {k}" for k, n in meta["counts"].items())),
    ]
    for name, text in rows:
        if text:
            out.print(f"  {name + ':':<16}{text}", markup=False)
    for note in meta["notes"]:
        out.print(f"  {'note:':<16}{note}", markup=False)
    tree = Tree(escape(f"{meta['id']} ({len(items)} items)"))
    _grow(tree, items)
    out.print(tree)


def _line(item: dict[str, Any]) -> str:
    marks = []
    if item.get("rank") is not None and item["kind"] == "level":
        marks.append(f"rank {item['rank']}")
    if item.get("wording_status") == "UnconfirmedWording":
        marks.append("wording unconfirmed")
    if item.get("international_dimension"):
        marks.append("international")
    suffix = f"  [{'; '.join(marks)}]" if marks else ""
    return escape(f"{item['code']}  {item['label'] or ''}{suffix}")


def _grow(tree: Tree, items: list[dict[str, Any]]) -> None:
    """Hang items under their broader item (or category) in the same framework."""
    codes = {i["code"] for i in items}
    children: dict[str | None, list[dict[str, Any]]] = {}
    for item in items:
        parents = [p for p in item["broader"] + item["category"] if p in codes]
        children.setdefault(parents[0] if parents else None, []).append(item)

    def add(node: Tree, parent: str | None, seen: frozenset[str]) -> None:
        for item in children.get(parent, []):
            if item["code"] in seen:  # a cycle in the data: show it once
                continue
            branch = node.add(_line(item), highlight=False)
            add(branch, item["code"], seen | {item["code"]})

    add(tree, None, frozenset())


@frameworks_app.command("search")
@handle_errors
def search(
    query: str = typer.Argument(..., metavar="Q", help="Code, label or words in any language."),
    lang: str = typer.Option("en", "--lang", help="Answer language: en, ru or kk."),
    limit: int = typer.Option(service.DEFAULT_LIMIT, "--limit", help="Maximum results."),
    framework: str = typer.Option(None, "--framework", help="Only this framework id."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """Search the items of every framework: exact codes and labels first."""
    if fmt not in {"table", "json"}:
        raise typer.BadParameter("use table or json", param_hint="--format")
    with opened_store() as store:
        hits = service.search(store, query, lang=lang, limit=limit, framework=framework)
    if fmt == "json":
        _dump([h.as_dict() for h in hits])
        return
    table = Table("framework", "code", "label", "match")
    for hit in hits:
        how = hit.match + (f" (via {hit.via})" if hit.via else "")
        table.add_row(hit.framework, hit.code, hit.label or "", how)
    out.print(table)
    if not hits:
        out.print("no match")
