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
# # 2. Programme coverage: validation, gaps, curriculum matrix, staff readiness
#
# This notebook follows a curriculum designer preparing for accreditation. It loads the bundled
# **demo programme** — `6B07101` Computer Engineering, a *fictional* Kazakh bachelor programme
# with 48 courses, its learning outcomes aligned to programme outcomes and to WA 2021 and
# EUR-ACE items, and a staff roster — and then asks:
#
# 1. Does the programme pass the checks (structure, ECTS, progression, wording,
#    internationalisation, and the coverage of its target frameworks)?
# 2. Which WA 2021 attributes are covered, partly covered or missing, and by which courses?
# 3. The same for EUR-ACE first cycle, where part of the evidence arrives through the
#    WA 2021 → EUR-ACE crosswalk.
# 4. Which course contributes to which attribute, at which level (the curriculum matrix), and
#    how the levels progress over the semesters?
# 5. Are the teachers of English-taught and international courses ready, and which training
#    would close the gaps?
#
# Everything runs offline on an in-memory store through `competency_graph.services`.

# %%
from collections import Counter, defaultdict

from competency_graph import services
from competency_graph.config import Settings
from competency_graph.services import curriculum, gaps, staff, validation

store = services.open_store(Settings(store=":memory:"))
print("demo loaders run:", services.ensure_demo(store))

PROGRAMME = "6B07101"


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
# ## 1. The demo programme
#
# `services.ensure_demo` runs every registered demo loader (the programme and the sample
# institutions). In your own work you would import your workbook instead:
# `curriculum.import_programme(store, Path("my-programme.xlsx"))` — the workbook contract is in
# `docs/workbook.md`.

# %%
for entry in curriculum.list_programmes(store):
    print(f"{entry['id']} v{entry['version']}: {entry['title']} "
          f"({entry['cycle']}, {entry['ects']} ECTS, {entry['courses']} courses)")

programme = curriculum.get_programme(store, PROGRAMME)
for lang in ("en", "ru", "kk"):
    print(f"  title@{lang}: {programme['titles'].get(lang)}")
print("  institution:", programme["institution"], "| languages:", programme["languages"],
      "| targets:", programme["targets"])
print("  declared ECTS:", programme["ects"], "| sum of course ECTS:", programme["course_ects"])

courses = programme["courses"]
per_semester = defaultdict(lambda: [0, 0.0, 0])
for course in courses:
    slot = per_semester[course["semester"]]
    slot[0] += 1
    slot[1] += course["ects"]
    slot[2] += "en" in course["languages"]
table(["semester", "courses", "ECTS", "taught in English"],
      [(s, *per_semester[s]) for s in sorted(per_semester)])
print("programme outcomes:", len(programme["programme_outcomes"]),
      "| learning outcomes:", sum(len(c["outcomes"]) for c in courses))
print("international components:",
      dict(Counter(kind for c in courses for kind in c["components"])))

# %% [markdown]
# ## 2. Validation
#
# `validation.validate` runs the always-on profiles (structure, ECTS, progression, wording of
# learning outcomes, internationalisation) plus one coverage profile per target framework of
# the programme, and reports in English, Russian or Kazakh. The JSON form is the contract of
# docs/validation.md. The demo programme is built to show findings: two semesters carry 36 and
# 24 ECTS, some teachers of English-taught courses are below the CEFR floor, and two EUR-ACE
# outcomes are not covered.

# %%
report = validation.validate(store, PROGRAMME).as_json()
print("conforms:", report["conforms"])
print("profiles:", ", ".join(report["profiles"]))
print("counts:", report["counts"])
by_shape = Counter((r["severity"], r["shape"].rsplit("#", 1)[-1]) for r in report["results"])
table(["severity", "shape", "findings"],
      [(sev, shape, n) for (sev, shape), n in sorted(by_shape.items())])

# %% [markdown]
# The violations, with their messages — first in English, then in Russian:

# %%
for lang in ("en", "ru"):
    localised = validation.validate(store, PROGRAMME, lang=lang).as_json(lang)
    print(f"violations ({lang}):")
    for result in localised["results"]:
        if result["severity"] == "violation":
            print("  -", result["message"])
    print()

# %% [markdown]
# ## 3. Gap report against WA 2021
#
# `gaps.gap_report` classifies each item of the target framework as **covered** (a required
# course reaches it at the required level, here Mastered), **partial** (reached only below that
# level, only by electives or only through weak mappings) or **missing**. Every piece of evidence
# carries the chain of alignments that led to it (learning outcome → programme outcome →
# framework item). The full rule is in `gaps.RULE`.

# %%
wa = gaps.gap_report(store, PROGRAMME, "wa-2021", all_evidence=True)
print("WA 2021:", wa["summary"])


def gap_rows(report):
    rows = []
    for item in report["items"]:
        courses_hit = sorted({e["course"].rsplit("/", 1)[-1] for e in item["evidence"]})
        rows.append((item["code"], item["label"], item["status"], item["required_level"],
                     item["achieved_level"] or "-", len(item["evidence"]),
                     " ".join(courses_hit[:6]) + (" …" if len(courses_hit) > 6 else "")))
    return rows


table(["code", "label", "status", "required", "achieved", "evidence", "courses"],
      gap_rows(wa), width=40)

# %% [markdown]
# Why is an attribute only partial or missing? The evidence path of the best piece of evidence
# tells which outcome, which programme outcome and which level carried it.

# %%
for item in wa["items"]:
    if item["status"] == "covered":
        continue
    print(f"{item['code']} {item['label']}: {item['status']}")
    for evidence in item["evidence"][:3]:
        chain = " → ".join([evidence["path"][0]["source_code"]]
                           + [f"{step['target_code']} [{step['level']}]"
                              for step in evidence["path"]])
        print("   ", chain)
    if not item["evidence"]:
        print("    no course outcome reaches it")

# %% [markdown]
# ## 4. Gap report against EUR-ACE first cycle, through the crosswalk
#
# The demo programme aligns some outcomes to EUR-ACE directly; others reach EUR-ACE only
# through its WA 2021 alignments and the `wa-2021--eur-ace-2015-bachelor` crosswalk. A path
# step of kind `mapping` is such a crosswalk step; `closeMatch` carries full evidence,
# `relatedMatch` only weak evidence.

# %%
eurace = gaps.gap_report(store, PROGRAMME, "eur-ace-2015-bachelor", all_evidence=True)
print("EUR-ACE bachelor:", eurace["summary"])
table(["code", "label", "status", "required", "achieved", "evidence", "courses"],
      gap_rows(eurace), width=40)

via_crosswalk = Counter()
for item in eurace["items"]:
    for evidence in item["evidence"]:
        steps = [s for s in evidence["path"] if s["kind"] == "mapping"]
        if steps:
            via_crosswalk[(item["code"], steps[0]["source_code"], steps[0]["relation"],
                           steps[0]["strength"])] += 1
print("evidence that reached EUR-ACE through the crosswalk:")
table(["EUR-ACE", "from", "relation", "strength", "paths"],
      [(*key, n) for key, n in sorted(via_crosswalk.items())])

# %% [markdown]
# ## 5. The curriculum matrix and the progression of levels
#
# `gaps.matrix` gives course × framework item with the highest level each course reaches
# (`I`, `R`, `M`; lower case when the evidence is only weak).

# %%
grid = gaps.matrix(store, PROGRAMME, framework="wa-2021")
codes = [column["code"] for column in grid["columns"]]
rows = []
for row in grid["rows"]:
    marks = []
    for code in codes:
        cell = row["cells"].get(code)
        level = cell["level"] if cell else "."
        marks.append(level if not cell or cell["strength"] == "full" else level.lower())
    rows.append((row["code"], row["semester"], "req" if row["required"] else "elec", *marks))
table(["course", "sem", "kind", *codes], rows)

# %% [markdown]
# `gaps.progression` shows per attribute the semester in which it is introduced, reinforced and
# mastered, flags irregular progressions, and lists courses that contribute to nothing.

# %%
progression = gaps.progression(store, PROGRAMME, framework="wa-2021")
for target in progression["targets"]:
    timeline = " ".join(f"s{step['semester']}:{step['level']}" for step in target["timeline"])
    issues = "; ".join(str(issue) for issue in target["issues"]) or "ok"
    print(f"{target['code']:5} {timeline}   [{issues}]")
print("courses without any WA 2021 contribution:",
      progression["courses_without_contribution"] or "none")

# %% [markdown]
# ## 6. Staff readiness
#
# `staff.staff_readiness` derives what each course asks of its teachers (English-taught courses
# need CEFR B2 as a floor and C1 as the recommendation for SI1; international components ask for
# intercultural competence SI2 and internationalised curriculum design SI3 …) and compares it
# with the staff roster. One finding per teacher, course and unmet requirement.

# %%
readiness = staff.staff_readiness(store, PROGRAMME)
summary = readiness["summary"]
print("findings:", summary["counts"], "| by competency:", summary["by_competency"])
print(f"staff ready: {summary['staff_ready']} of {summary['staff']}; English-taught courses "
      f"with a qualified teacher: {summary['english_taught_with_qualified_teacher']} of "
      f"{summary['english_taught_courses']} ({summary['share_english_qualified']:.0%})")
print("courses without a teacher:", summary["courses_without_teacher"] or "none")
table(["staff", "name", "course", "competency", "required", "actual", "severity"],
      [(f["staff"], f["staff_name"], f["course"], f["competency_code"], f["required_level"],
        f["actual_level"] or "-", f["severity"]) for f in readiness["findings"]])

# %% [markdown]
# `staff.development_plan` proposes a small set of places on the bundled professional
# development programmes that closes as many findings as possible (a greedy set cover).

# %%
plan = staff.development_plan(store, PROGRAMME, report=readiness)
print("plan:", plan["summary"])
table(["staff", "name", "development programme", "hours", "closes"],
      [(p["staff"], p["staff_name"], p["title"], p["hours"],
        " ".join(f"{c['course']}/{c['competency_code']}" for c in p["covers"]))
       for p in plan["places"]], width=56)

# %% [markdown]
# ## What this notebook covered, and what it did not
#
# Covered, with the services that exist today: import of the demo programme
# (`services.ensure_demo`; your own workbook with `curriculum.import_programme`), validation
# (`services.validation`), gap reports against WA 2021 and, through the crosswalk, EUR-ACE
# first cycle (`gaps.gap_report`), the curriculum matrix and the progression view
# (`gaps.matrix`, `gaps.progression`), staff readiness and the development
# plan (`services.staff`).
#
# Not shown here: the impact of a framework version change on a programme
# (`gaps.impact`, e.g. WA 2013 → WA 2021) and the HTML renderings
# (`competency_graph.reports`: `render_gaps_html`, `render_matrix_html`,
# `render_validation_html`, `render_staff_html`), which
# are meant for the browser and the printer rather than a notebook.
