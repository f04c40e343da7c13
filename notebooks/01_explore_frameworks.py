# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 1. Exploring the bundled competency frameworks
#
# This notebook tours the standards that ship with competency-graph. It uses only the public
# Python API (`competency_graph.services`) and the SPARQL interface (`services.run_query`,
# `store.select`). It needs no network: everything runs on an in-memory store, and the bundled
# ontology, frameworks and crosswalks are loaded when the store opens.
#
# What you will see:
#
# 1. every framework and level scale in the store;
# 2. the Washington Accord graduate attributes (IEA GAPC 2021) with their labels in English,
#    Russian and Kazakh;
# 3. the crosswalks from WA 2021 to EUR-ACE (bachelor), ABET EAC and CDIO 3.0;
# 4. multilingual search, typed in Russian and in Kazakh;
# 5. an ad-hoc SPARQL query: which items of each framework have an international dimension.
#
# **A word on wording.** Every definition in the bundled frameworks is the project's own
# paraphrase, never the official text of a standard (`wording_status` says so on each item).
# The crosswalks are editorial judgements unless their status says otherwise.

# %%
from collections import Counter

from competency_graph import services
from competency_graph.config import Settings
from competency_graph.model import Literal
from competency_graph.reports.query import query_table
from competency_graph.services import frameworks

store = services.open_store(Settings(store=":memory:"))


def table(headers, rows, width=48):
    """Print rows as a plain-text table (cells cut to ``width`` characters)."""
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in cells]
    sizes = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(s) for h, s in zip(headers, sizes, strict=True)))
    print("  ".join("-" * s for s in sizes))
    for row in cells:
        print("  ".join(c.ljust(s) for c, s in zip(row, sizes, strict=True)))
    print()


# %% [markdown]
# ## 1. Every framework and level scale
#
# `frameworks.list_frameworks` answers what the `frameworks` CLI command prints: the framework id
# (the key every other call uses), its kind, the number of items and its confirmation status.

# %%
schemes = frameworks.list_frameworks(store)
table(["id", "kind", "items", "status", "title"],
      [(f.id, f.kind, f.items, f.status, f.title) for f in schemes])
print(f"{len(schemes)} schemes:",
      dict(Counter(f.kind for f in schemes)))

# %% [markdown]
# ## 2. The Washington Accord attributes, GAPC 2021 (`wa-2021`)
#
# `frameworks.get_framework` gives the scheme with its provenance: titles in every
# language, publisher, sources, the level scale the items are assessed on, the required level
# for coverage, the companion schemes (knowledge profile WK, problem and activity ranges WP/EA)
# and the version it replaces.

# %%
wa = frameworks.get_framework(store, "wa-2021")
for lang in ("en", "ru", "kk"):
    print(f"title@{lang}: {wa['titles'].get(lang)}")
print("publisher:", wa["publisher"], "| version:", wa["version"],
      "| status:", wa["confirmation_status"])
print("assessed on:", wa["level_scale"]["id"],
      [lvl["code"] for lvl in wa["level_scale"]["levels"]],
      "| required level:", wa["required_level"]["code"], f"({wa['required_level']['label']})")
print("companion schemes:", [c["id"] for c in wa["complements"]])
print("replaces:", wa["replaces"], "| replaced by:", wa["replaced_by"] or "-")

# %% [markdown]
# The eleven attributes with their labels in the three languages. `list_items` answers in the
# requested language, with a fallback to English; `label_lang` says which language it used.

# %%
by_lang = {lang: frameworks.list_items(store, "wa-2021", lang=lang)
           for lang in ("en", "ru", "kk")}
rows = []
for en, ru, kk in zip(by_lang["en"], by_lang["ru"], by_lang["kk"], strict=True):
    rows.append((en["code"], en["competency_type"], "yes" if en["international_dimension"] else "",
                 en["label"], ru["label"], kk["label"]))
table(["code", "type", "intl", "English", "Русский", "Қазақша"], rows, width=40)

# %% [markdown]
# One attribute in full: WA6 "The Engineer and the World", with its definitions (paraphrases),
# the knowledge it requires from the WK profile, and its wording status.

# %%
wa6 = frameworks.get_item(store, "wa-2021", "WA6")
print(f"{wa6['code']}: {wa6['label']}  [{wa6['wording_status']}]")
for lang, text in sorted(wa6["definitions"].items()):
    print(f"  definition@{lang}: {text}")
print("  requires knowledge:",
      ", ".join(f"{k['code']} {k['label']}" for k in wa6["requires_knowledge"]))

# %% [markdown]
# ## 3. Following the crosswalks from WA 2021
#
# `get_item` returns every SKOS mapping of an item in both directions, enriched with the
# crosswalk that records it (basis and rationale). Here are the outgoing mappings of each WA
# attribute into EUR-ACE first cycle, ABET EAC and CDIO 3.0. `~` marks a `closeMatch` (or
# `exactMatch`), `?` a weaker `relatedMatch`/`broadMatch`.

# %%
TARGETS = {"eur-ace-2015-bachelor": "EUR-ACE (bachelor)", "abet-eac": "ABET EAC",
           "cdio-3.0": "CDIO 3.0"}
MARK = {"exactMatch": "=", "closeMatch": "~"}

crosswalk_rows = []
relations = Counter()
for item in by_lang["en"]:
    full = frameworks.get_item(store, "wa-2021", item["code"])
    cells = {fid: [] for fid in TARGETS}
    for m in full["mappings"]:
        if m["direction"] == "out" and m["framework"] in TARGETS:
            cells[m["framework"]].append(MARK.get(m["relation"], "?") + m["code"])
            relations[(m["crosswalk"], m["relation"])] += 1
    crosswalk_rows.append([item["code"]] + [" ".join(cells[fid]) or "-" for fid in TARGETS])
table(["WA 2021", *TARGETS.values()], crosswalk_rows)

print("mappings per crosswalk and relation:")
for (crosswalk, relation), n in sorted(relations.items()):
    print(f"  {crosswalk:32} {relation:13} {n}")

# %% [markdown]
# Each mapping carries its basis and a rationale. The WA 2021 crosswalks are editorial
# judgements (the project's, not the accreditors'), so read them as a starting point.

# %%
for m in wa6["mappings"]:
    if m["direction"] == "out" and m["framework"] in TARGETS:
        print(f"WA6 {m['relation']} {m['framework']}:{m['code']} {m['label']}"
              f"  [{m['basis']}]\n    {m['rationale']}")

# %% [markdown]
# ## 4. Search in Russian and in Kazakh
#
# `frameworks.search` searches codes, labels and definitions of every framework in
# every language: stemmed, case-folded, and tolerant of Kazakh letters typed on a Russian
# keyboard. Current versions rank before superseded ones (WA 2013 here).

# %%
QUERIES = [("устойчивое развитие", "ru"), ("этика", "ru"), ("командная работа", "ru"),
           ("тұрақты даму", "kk"), ("командалық жұмыс", "kk"), ("коммуникация", "kk")]
for text, lang in QUERIES:
    hits = frameworks.search(store, text, lang=lang, limit=5)
    print(f"search {text!r} ({lang}): {len(hits)} hits")
    table(["framework", "code", "label", "match"],
          [(h.framework, h.code, h.label, h.match + (" (superseded)" if h.superseded else ""))
           for h in hits])

# %% [markdown]
# ## 5. The SPARQL interface
#
# Everything above is also reachable with SPARQL, which is how you ask questions the services
# do not anticipate. Queries see the union of all named graphs; the vocabulary is described in
# `docs/data-model.md`. `services.run_query` runs a query read-only and time-limited (the same
# path as the `query` CLI command and the HTTP endpoint); `reports.query.query_table` turns the
# SPARQL JSON results into a header and rows.
#
# An ad-hoc research question: **how many items of each framework carry an international
# dimension** (`cg:internationalDimension true`), out of how many competencies?

# %%
INTERNATIONAL_PER_FRAMEWORK = """
PREFIX cg: <https://w3id.org/competency-graph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?framework ?competencies ?international ?codes WHERE {
  {
    SELECT ?framework (COUNT(DISTINCT ?item) AS ?competencies) WHERE {
      ?scheme a cg:CompetencyFramework ; dcterms:identifier ?framework .
      ?item skos:inScheme ?scheme ; a cg:Competency .
    }
    GROUP BY ?framework
  }
  {
    SELECT ?framework (COUNT(DISTINCT ?item) AS ?international)
           (GROUP_CONCAT(DISTINCT ?code; separator=" ") AS ?codes) WHERE {
      ?scheme a cg:CompetencyFramework ; dcterms:identifier ?framework .
      ?item skos:inScheme ?scheme ; a cg:Competency ;
            cg:internationalDimension true ; skos:notation ?code .
    }
    GROUP BY ?framework
  }
}
ORDER BY DESC(?international) ?framework
"""
headers, rows = query_table(services.run_query(store, INTERNATIONAL_PER_FRAMEWORK))
table(headers, rows, width=60)

# %% [markdown]
# The same question for WA 2021 in Russian, following the crosswalks: which EUR-ACE outcomes do
# the attributes with an international dimension map to?

# %%
INTERNATIONAL_WA_TO_EURACE = """
PREFIX cg: <https://w3id.org/competency-graph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?wa (STR(?waLabelRu) AS ?waLabel) ?relation ?eurace
       (STR(?euraceLabelRu) AS ?euraceLabel) WHERE {
  ?waItem cg:internationalDimension true ; skos:notation ?wa ;
          skos:inScheme/dcterms:identifier "wa-2021" ;
          skos:prefLabel ?waLabelRu .
  FILTER(LANG(?waLabelRu) = "ru")
  VALUES ?rel { skos:exactMatch skos:closeMatch skos:relatedMatch skos:broadMatch }
  ?waItem ?rel ?target .
  ?target skos:inScheme/dcterms:identifier "eur-ace-2015-bachelor" ;
          skos:notation ?eurace ; skos:prefLabel ?euraceLabelRu .
  FILTER(LANG(?euraceLabelRu) = "ru")
  BIND(STRAFTER(STR(?rel), "#") AS ?relation)
}
ORDER BY ?wa ?eurace
"""
headers, rows = query_table(services.run_query(store, INTERNATIONAL_WA_TO_EURACE))
table(headers, rows)

# %% [markdown]
# The queries the services use are bundled `.rq` files run by name with `store.select`; their
# parameters are bound by the engine, never formatted into the query text. For example
# `count_framework_items` counts the items of one framework by class:

# %%
for framework_id in ("wa-2021", "eur-ace-2015-bachelor", "cdio-3.0"):
    for row in store.select("count_framework_items", id=Literal(framework_id)):
        print(f"{framework_id:24} {str(row['class']).rsplit('#', 1)[-1]:20} "
              f"items={row['items']}  top concepts={row['tops']}")

# %% [markdown]
# ## Where next
#
# * `02_programme_coverage.py` maps the demo programme onto these frameworks (validation, gaps
#   through the crosswalks, the curriculum matrix, staff readiness).
# * `03_internationalisation_benchmark.py` compares the fictional sample institutions on the
#   internationalisation indicators (`int-indicators`).
# * `docs/data-model.md` names every class and property you can query.
