#!/usr/bin/env python3
# ruff: noqa: E501  (the Turtle templates are written as they are emitted)
"""Generate the data-driven validation shapes in ontology/shapes/ from the bundled data.

* ``coverage-<framework-id>.shapes.ttl`` — one coverage profile per framework: two named node
  shapes whose ``sh:targetNode`` lists are the framework's ``cg:Competency`` items (read from
  ``ontology/frameworks/<framework-id>.ttl``) and whose SPARQL constraint is the same for every
  framework: ``cgsh:CoverageShape-<id>-missing`` (violation: no required course reaches the item)
  and ``cgsh:CoverageShape-<id>-belowLevel`` (warning: reached only below the required level).
* ``wording.shapes.ttl`` — the outcome-wording profile: one property shape per unobservable verb
  of the Bloom scale (so that the warning names the verb) and one for "a measurable verb", all as
  SHACL Core ``sh:pattern`` constraints built from ``ontology/frameworks/bloom.ttl``.

Run after a framework file or the Bloom verb lists change, and commit the output:

    .venv/bin/python scripts/generate-coverage-shapes.py [FRAMEWORK-ID ...]

Without arguments it regenerates the bundled coverage profiles (``DEFAULT_FRAMEWORKS``) and the
wording profile. The shapes are plain Turtle; a test checks that the committed files are what
this script writes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, SKOS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
SHAPES = ONTOLOGY / "shapes"
CG = rdflib.Namespace("https://w3id.org/competency-graph/ontology#")
DEFAULT_FRAMEWORKS = ["wa-2021", "sa-2021", "da-2021", "eur-ace-2015-bachelor",
                      "eur-ace-2015-master", "abet-eac", "abet-eac-2019", "cdio-3.0",
                      "kz-goso-bachelor", "kz-goso-master", "kz-goso-doctorate"]

#: Characters that are part of a word when verbs are matched (Latin, Cyrillic incl. Kazakh).
WORD_CHARS = "a-z0-9а-яёәғқңөұүһі\\-"  # a hyphen joins a word (scikit-learn is not "learn")

HEADER = """\
@prefix cg:      <https://w3id.org/competency-graph/ontology#> .
@prefix cgsh:    <https://w3id.org/competency-graph/shapes#> .
@prefix sh:      <http://www.w3.org/ns/shacl#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .

cgsh:prefixes a owl:Ontology ;
    sh:declare [ sh:prefix "cg" ; sh:namespace "https://w3id.org/competency-graph/ontology#"^^xsd:anyURI ] ,
        [ sh:prefix "skos" ; sh:namespace "http://www.w3.org/2004/02/skos/core#"^^xsd:anyURI ] ,
        [ sh:prefix "dcterms" ; sh:namespace "http://purl.org/dc/terms/"^^xsd:anyURI ] ,
        [ sh:prefix "xsd" ; sh:namespace "http://www.w3.org/2001/XMLSchema#"^^xsd:anyURI ] ,
        [ sh:prefix "rdf" ; sh:namespace "http://www.w3.org/1999/02/22-rdf-syntax-ns#"^^xsd:anyURI ] .
"""

RULE_PREFIX = "skos"


def _rule_model():  # the rule model of ontology/rules/ (the one definition; docs/rules.md)
    sys.path.insert(0, str(ROOT / "src"))
    from competency_graph.analysis.rules import rule_model

    return rule_model()


def _step(relations: list[str]) -> str:
    """One mapping step over the relations, in either direction."""
    alts = []
    for rel in relations:
        alts += [f"skos:{rel}", f"^skos:{rel}"]
    return "(" + "|".join(alts) + ")"


def routes(scheme: rdflib.URIRef, *, full: bool) -> str:
    """The crosswalk part of an evidence path, from $this to ?tgt, as a UNION of explicit
    chains (so that intermediate nodes can be filtered): every simple chain of at most
    ``maxMappingSteps`` steps that does not pass through or start at another item of the target
    framework. ``full``: only chains of full-evidence relations with at most
    ``maxCloseMatchSteps`` closeMatch steps; otherwise chains of any relation of the rule."""
    params = _rule_model().coverage
    close = params.close_relation
    chainable = sorted(params.full_relations - {close})
    anything = sorted(params.full_relations | params.weak_relations)
    branches = ["{ BIND($this AS ?tgt) }"]
    sequences: list[list[str]] = []
    for length in range(1, params.max_steps + 1):
        if not full:
            sequences.append([_step(anything)] * length)
            continue
        kinds: list[list[str]] = [[]]
        for _ in range(length):
            kinds = [[*k, c] for k in kinds for c in ("chain", "close")]
        for kind in kinds:
            if kind.count("close") > params.max_close_steps or \
                    (close not in params.full_relations and "close" in kind) or \
                    (not chainable and "chain" in kind):
                continue
            sequences.append([_step([close]) if c == "close" else _step(chainable) for c in kind])
    for seq in sequences:
        nodes = ["$this"] + [f"?m{i}" for i in range(1, len(seq))] + ["?tgt"]
        lines = [f"{nodes[i]} {step} {nodes[i + 1]} ." for i, step in enumerate(seq)]
        later = nodes[1:]
        distinct = [f"{x} != {y}" for i, x in enumerate(nodes) for y in nodes[i + 1:]]
        lines.append(f"FILTER({' && '.join(distinct)})")
        lines += [f"FILTER NOT EXISTS {{ {n} skos:inScheme <{scheme}> ; a cg:Competency }}"
                  for n in later]
        branches.append("{\n      " + "\n      ".join(lines) + "\n    }")
    return "    " + "\n    UNION ".join(branches)


#: Evidence: a learning outcome of a course of the programme reaches ?tgt, directly or through
#: a programme outcome (the path's level is the lower of its two alignments); {route} leads from
#: ?tgt to the item. Written from $this outwards so that rdflib starts from the item.
EVIDENCE = """\
{route}
    {
      ?a1 cg:alignmentTarget ?tgt ; cg:alignmentSource ?lo ; cg:level ?l1 .
      ?l1 cg:rank ?r ; skos:notation ?nn .
    } UNION {
      ?a2 cg:alignmentTarget ?tgt ; cg:alignmentSource ?po ; cg:level ?l2 .
      ?po a cg:ProgrammeOutcome .
      ?l2 cg:rank ?r2 ; skos:notation ?n2 .
      ?a1 cg:alignmentTarget ?po ; cg:alignmentSource ?lo ; cg:level ?l1 .
      ?l1 cg:rank ?r1 ; skos:notation ?n1 .
      BIND(IF(?r2 < ?r1, ?r2, ?r1) AS ?r)
      BIND(IF(?r2 < ?r1, ?n2, ?n1) AS ?nn)
    }
    ?course cg:hasLearningOutcome ?lo .
    ?programme cg:hasCourse ?course ."""

#: counting evidence comes from a required course (cg:isRequired not false)
REQUIRED = """
    OPTIONAL { ?course cg:isRequired ?required }
    FILTER(!BOUND(?required) || ?required != false)"""

#: cycle scoping: an item stated for Bologna cycles (its own cg:cycle or a scheme's) none of
#: which is the programme's is not a coverage target (docs/rules.md)
LABELS = """\
  FILTER NOT EXISTS {
    { $this cg:cycle|dcterms:educationLevel ?itemCycle } UNION { $this skos:inScheme ?cycleScheme . ?cycleScheme cg:cycle|dcterms:educationLevel ?itemCycle }
    ?cycleProgramme a cg:EducationalProgramme ; cg:cycle ?programmeCycle .
    FILTER NOT EXISTS {
      { $this cg:cycle|dcterms:educationLevel ?programmeCycle } UNION { $this skos:inScheme ?s2 . ?s2 cg:cycle|dcterms:educationLevel ?programmeCycle }
    }
  }
  $this skos:notation ?notation .
  OPTIONAL { $this skos:prefLabel ?le FILTER(LANG(?le) = "en") }
  OPTIONAL { $this skos:prefLabel ?lr FILTER(LANG(?lr) = "ru") }
  OPTIONAL { $this skos:prefLabel ?lk FILTER(LANG(?lk) = "kk") }
  BIND(STR(?notation) AS ?code)
  BIND(COALESCE(STR(?le), ?code) AS ?labelEn)
  BIND(COALESCE(STR(?lr), ?labelEn) AS ?labelRu)
  BIND(COALESCE(STR(?lk), ?labelEn) AS ?labelKk)"""

MISSING_QUERY = """
SELECT $this ?code ?labelEn ?labelRu ?labelKk WHERE {
{labels}
  FILTER NOT EXISTS {
{any}
  }
}
"""

PARTIAL_QUERY = """
SELECT $this ?code ?labelEn ?labelRu ?labelKk WHERE {
{labels}
  FILTER EXISTS {
{any}
  }
  FILTER NOT EXISTS {
{counting}
  }
}
"""

#: the required level, first that applies: the programme's own target, the item's
#: cg:requiredLevel, a required-level rule of the rule model ({rule}), the framework's, the
#: rule's default
BELOW_QUERY = """
SELECT $this ?code ?labelEn ?labelRu ?labelKk ?achieved ?required WHERE {
{labels}
  $this skos:inScheme ?framework .
  OPTIONAL { ?prog cg:coverageTarget ?target . ?target cg:competency $this ; cg:requiredLevel ?pl .
             ?pl cg:rank ?pRank ; skos:notation ?pN }
  OPTIONAL { $this cg:requiredLevel ?own . ?own cg:rank ?ownRank ; skos:notation ?ownN }
  OPTIONAL { ?framework cg:requiredLevel ?fwl . ?fwl cg:rank ?fwRank ; skos:notation ?fwN }
{rule}
  BIND(COALESCE(?pRank, ?ownRank, ?ruleRank, ?fwRank, {default}) AS ?requiredRank)
  {
    SELECT $this (MAX(CONCAT(STR(?r), "|", STR(?nn))) AS ?bestKey) WHERE {
{counting}
    } GROUP BY $this
  }
  BIND(xsd:integer(STRBEFORE(?bestKey, "|")) AS ?best)
  FILTER(?best < ?requiredRank)
  BIND(STRAFTER(?bestKey, "|") AS ?achieved)
  BIND(COALESCE(STR(?pN), STR(?ownN), ?ruleN, STR(?fwN), "{defaultN}") AS ?required)
}
"""


def _ttl_string(text: str) -> str:
    return '"""' + text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '"""'


def framework_items(framework_id: str) -> tuple[rdflib.URIRef, list[rdflib.URIRef], dict]:
    """Return the framework IRI, its cg:Competency items (in notation order) and its titles."""
    graph = rdflib.Graph().parse(ONTOLOGY / "frameworks" / f"{framework_id}.ttl")
    scheme = rdflib.URIRef(f"https://w3id.org/competency-graph/framework/{framework_id}")
    items = [s for s in graph.subjects(SKOS.inScheme, scheme) if (s, RDF.type, CG.Competency) in graph]
    if not items:
        raise SystemExit(f"{framework_id}: no cg:Competency items in the framework file")

    def key(item: rdflib.URIRef) -> list[object]:
        code = str(graph.value(item, SKOS.notation) or item)
        return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", code)]

    titles = {lit.language: str(lit) for lit in graph.objects(scheme, rdflib.DCTERMS.title)}
    return scheme, sorted(items, key=key), titles


def coverage_shapes(framework_id: str) -> str:
    """Return the Turtle of the coverage profile of one framework (the rule from the rule
    model of ontology/rules/, the items from the framework file)."""
    scheme, items, titles = framework_items(framework_id)
    title = titles.get("en", framework_id)
    model = _rule_model()
    params = model.coverage
    rule = model.rules["coverage"]
    codes = {1: "I", 2: "R", 3: "M"}
    any_evidence = EVIDENCE.replace("{route}", routes(scheme, full=False))
    counting = EVIDENCE.replace("{route}", routes(scheme, full=True)) + REQUIRED
    ruled = [(i, params.item_ranks[str(i)][0]) for i in items if str(i) in params.item_ranks]
    rank_expr, notation_expr = "?noRule", "?noRule"
    for item, rank in reversed(ruled):
        rank_expr = f"IF($this = <{item}>, {rank}, {rank_expr})"
        notation_expr = f'IF($this = <{item}>, "{codes[rank]}", {notation_expr})'
    rule_binds = (f"  BIND({rank_expr} AS ?ruleRank)\n  BIND({notation_expr} AS ?ruleN)"
                  if ruled else "")
    missing = MISSING_QUERY.replace("{labels}", LABELS).replace("{any}", any_evidence)
    partial = PARTIAL_QUERY.replace("{labels}", LABELS).replace("{any}", any_evidence) \
        .replace("{counting}", counting)
    below = BELOW_QUERY.replace("{labels}", LABELS).replace("{counting}", counting) \
        .replace("{rule}", rule_binds).replace("{default}", str(params.default_required_rank)) \
        .replace("{defaultN}", codes[params.default_required_rank])
    targets = " ,\n        ".join(f"<{i}>" for i in items)
    fid = framework_id
    return f"""# GENERATED by scripts/generate-coverage-shapes.py from ontology/frameworks/{fid}.ttl and the
# rule model ontology/rules/ (rule {rule.id} v{rule.version}; docs/rules.md) -- do not edit.
# Validation profile "{fid}": coverage of {title}.
# Evidence for an item: a learning outcome of a course of the programme reaching it directly,
# through a programme outcome (the lower of the two levels) or through at most
# {params.max_steps} crosswalk steps that never pass through another item of the framework. Full evidence:
# every step {"/".join(sorted(params.full_relations))}, at most {params.max_close_steps} closeMatch step(s); other chains are weak.
# Nothing reaches the item: violation (-missing). Reached, but no required course by full
# evidence: warning (-partial). A required course by full evidence, but only below the required
# level: warning (-belowLevel). The gap report calls both warnings "partial".

{HEADER}
cgsh:profile-{fid} a cg:ValidationProfile ;
    dcterms:identifier "{fid}" ;
    cg:profileFramework <{scheme}> ;
    cg:appliesRule <{rule.iri}> ;
    rdfs:label "Coverage: {title}"@en , "Покрытие: {titles.get('ru', title)}"@ru , "Қамту: {titles.get('kk', title)}"@kk ;
    dcterms:description "Every item of {fid} covered at its required level by required courses."@en .

cgsh:CoverageShape-{fid}-missing a sh:NodeShape ;
    dcterms:isPartOf cgsh:profile-{fid} ;
    sh:severity sh:Violation ;
    sh:name "{fid}: item reached"@en , "{fid}: элемент достигается"@ru , "{fid}: элементке қол жеткізіледі"@kk ;
    sh:description "An item of the standard that no course outcome reaches is a gap an accreditation panel reports as a nonconformity."@en ,
        "Элемент стандарта, которого не достигает ни один результат обучения курсов, — пробел, который аккредитационная комиссия фиксирует как несоответствие."@ru ,
        "Ешбір курс нәтижесі жетпейтін стандарт элементі — аккредиттеу комиссиясы сәйкессіздік ретінде тіркейтін олқылық."@kk ;
    sh:message "{{?code}} {{?labelEn}} is not reached by any course"@en ,
        "{{?code}} {{?labelRu}} не достигается ни одним курсом"@ru ,
        "{{?code}} {{?labelKk}} ешбір курспен қамтылмаған"@kk ;
    sh:targetNode {targets} ;
    sh:sparql cgsh:CoverageShape-{fid}-missing-query .

cgsh:CoverageShape-{fid}-missing-query a sh:SPARQLConstraint ;
    sh:prefixes cgsh:prefixes ;
    sh:select {_ttl_string(missing)} .

cgsh:CoverageShape-{fid}-partial a sh:NodeShape ;
    dcterms:isPartOf cgsh:profile-{fid} ;
    sh:severity sh:Warning ;
    sh:name "{fid}: item covered by full evidence from required courses"@en , "{fid}: элемент покрыт полным подтверждением обязательных курсов"@ru , "{fid}: элемент міндетті курстардың толық дәлелімен қамтылған"@kk ;
    sh:description "An item reached only by elective courses or only through weak crosswalk mappings (broad/narrow/related, or too many closeMatch steps) is partial: no required course gives full evidence."@en ,
        "Элемент, достигаемый только курсами по выбору или только через слабые соответствия (broad/narrow/related или слишком много шагов closeMatch), покрыт частично: ни один обязательный курс не даёт полного подтверждения."@ru ,
        "Тек таңдау курстарымен немесе тек әлсіз сәйкестіктер арқылы (broad/narrow/related немесе closeMatch қадамдары тым көп) жететін элемент ішінара қамтылған: ешбір міндетті курс толық дәлел бермейді."@kk ;
    sh:message "{{?code}} {{?labelEn}} is reached only by elective courses or through weak crosswalk mappings"@en ,
        "{{?code}} {{?labelRu}} достигается только элективными курсами или через слабые соответствия"@ru ,
        "{{?code}} {{?labelKk}} тек элективті курстармен немесе әлсіз сәйкестіктер арқылы қамтылады"@kk ;
    sh:targetNode {targets} ;
    sh:sparql cgsh:CoverageShape-{fid}-partial-query .

cgsh:CoverageShape-{fid}-partial-query a sh:SPARQLConstraint ;
    sh:prefixes cgsh:prefixes ;
    sh:select {_ttl_string(partial)} .

cgsh:CoverageShape-{fid}-belowLevel a sh:NodeShape ;
    dcterms:isPartOf cgsh:profile-{fid} ;
    sh:severity sh:Warning ;
    sh:name "{fid}: item reached at the required level"@en , "{fid}: элемент достигается на требуемом уровне"@ru , "{fid}: элементке талап етілген деңгейде қол жеткізіледі"@kk ;
    sh:description "An item reached only below its required level (e.g. introduced but never mastered) is a weakness a reviewer asks about."@en ,
        "Элемент, достигаемый только ниже требуемого уровня (например, введён, но не освоен), — слабое место, о котором спросит эксперт."@ru ,
        "Тек талап етілген деңгейден төмен жететін элемент (мысалы, енгізілген, бірақ меңгерілмеген) — сарапшы сұрайтын әлсіз тұс."@kk ;
    sh:message "{{?code}} {{?labelEn}} is reached by required courses only at level {{?achieved}}; level {{?required}} is required"@en ,
        "{{?code}} {{?labelRu}} достигается обязательными курсами только на уровне {{?achieved}}; требуется уровень {{?required}}"@ru ,
        "{{?code}} {{?labelKk}} міндетті курстарда тек {{?achieved}} деңгейінде қамтылады; {{?required}} деңгейі талап етіледі"@kk ;
    sh:targetNode {targets} ;
    sh:sparql cgsh:CoverageShape-{fid}-belowLevel-query .

cgsh:CoverageShape-{fid}-belowLevel-query a sh:SPARQLConstraint ;
    sh:prefixes cgsh:prefixes ;
    sh:select {_ttl_string(below)} .
"""


def _slug(text: str) -> str:
    table = str.maketrans(dict.fromkeys("'’", ""))
    cleaned = re.sub(r"\s+", "_", text.translate(table).strip())
    return re.sub(r"[^0-9A-Za-z_\u0400-\u04FF]", "", cleaned)


def verb_pattern(verbs: list[str]) -> str:
    """A whole-word, case-insensitive (with sh:flags "i") regular expression for the verbs."""
    alternatives = "|".join(re.escape(v.lower()).replace("\\ ", " ")
                            for v in sorted(set(verbs), key=lambda v: (-len(v), v)))
    return f"(^|[^{WORD_CHARS}])({alternatives})([^{WORD_CHARS}]|$)"


def wording_shapes() -> str:
    """Return the Turtle of the wording profile (from the Bloom scale's verb lists)."""
    graph = rdflib.Graph().parse(ONTOLOGY / "frameworks" / "bloom.ttl")
    unobservable = sorted({(lit.language or "", str(lit)) for lit in graph.objects(None, CG.unobservableVerb)},
                          key=lambda x: ({"en": 0, "ru": 1, "kk": 2}.get(x[0], 3), x[1]))
    measurable = sorted({str(lit) for lit in graph.objects(None, CG.measurableVerb)})
    parts = [f"""# GENERATED by scripts/generate-coverage-shapes.py from ontology/frameworks/bloom.ttl -- do not edit.
# Validation profile "wording": learning outcomes use measurable verbs. The verb lists are the
# Bloom scale's: cg:unobservableVerb on the scale and cg:measurableVerb per level, in en, ru, kk.
# A verb matches as a whole word, case-insensitively (letters are Latin and Cyrillic incl. Kazakh;
# anything else is a word break). One warning shape per unobservable verb, restricted to texts in
# the verb's language, so the message names the verb. A text with no measurable verb of any list
# is only info: the lists are a common selection and do not recognise inflected Russian and
# Kazakh forms. All constraints are SHACL Core (sh:pattern / sh:languageIn / sh:not).

{HEADER}
cgsh:profile-wording a cg:ValidationProfile ;
    dcterms:identifier "wording" ;
    rdfs:label "Outcome wording"@en , "Формулировки результатов"@ru , "Нәтижелердің тұжырымдалуы"@kk ;
    dcterms:description "Learning outcomes use measurable (Bloom) verbs and no unobservable ones."@en .

cgsh:WordingShape a sh:NodeShape ;
    dcterms:isPartOf cgsh:profile-wording ;
    sh:targetClass cg:LearningOutcome ;
    sh:property cgsh:WordingShape-measurableVerb ,
        """ + " ,\n        ".join(f"cgsh:WordingShape-unobservable-{lang}-{_slug(v)}" for lang, v in unobservable) + """ .

cgsh:WordingShape-measurableVerb a sh:PropertyShape ;
    dcterms:isPartOf cgsh:profile-wording ;
    sh:path cg:statement ; sh:severity sh:Info ;
    sh:pattern """ + _ttl_string(verb_pattern(measurable)) + """ ; sh:flags "i" ;
    sh:name "a measurable verb"@en , "измеримый глагол"@ru , "өлшенетін етістік"@kk ;
    sh:description "Each outcome text should contain a measurable verb from the Bloom lists (info only: the lists are not exhaustive)."@en ,
        "Каждый текст результата должен содержать измеримый глагол из списков Блума (только замечание: списки не исчерпывающие)."@ru ,
        "Әр нәтиже мәтінінде Блум тізімдеріндегі өлшенетін етістік болуы тиіс (тек ескертпе: тізімдер толық емес)."@kk ;
    sh:message "{label}: the text has no measurable verb from the Bloom lists"@en ,
        "{label}: в тексте нет измеримого глагола из списков Блума"@ru ,
        "{label}: мәтінде Блум тізімдерінен өлшенетін етістік жоқ"@kk .
"""]
    for lang, verb in unobservable:
        name = f"cgsh:WordingShape-unobservable-{lang}-{_slug(verb)}"
        parts.append(f"""
{name} a sh:PropertyShape ;
    dcterms:isPartOf cgsh:profile-wording ;
    sh:path cg:statement ; sh:severity sh:Warning ;
    sh:not {name}-match ;
    sh:name "no \\"{verb}\\""@en , "без «{verb}»"@ru , "«{verb}» етістігінсіз"@kk ;
    sh:description "Outcomes written with unobservable verbs cannot be assessed; reviewers ask for an observable (Bloom) verb."@en ,
        "Результаты, сформулированные ненаблюдаемыми глаголами, невозможно оценить; эксперты требуют наблюдаемый глагол (по Блуму)."@ru ,
        "Бақыланбайтын етістіктермен тұжырымдалған нәтижелерді бағалау мүмкін емес; сарапшылар бақыланатын (Блум бойынша) етістікті талап етеді."@kk ;
    sh:message "{{label}} uses the unobservable verb \\"{verb}\\"; state what the student can do with a measurable verb (e.g. explain, apply, analyse)"@en ,
        "{{label}} использует ненаблюдаемый глагол «{verb}»; сформулируйте, что студент умеет делать, измеримым глаголом (например, объяснять, применять, анализировать)"@ru ,
        "{{label}} бақыланбайтын «{verb}» етістігін қолданады; студенттің не істей алатынын өлшенетін етістікпен жазыңыз (мысалы, түсіндіру, қолдану, талдау)"@kk .

{name}-match a sh:NodeShape ;
    dcterms:isPartOf cgsh:profile-wording ;
    sh:languageIn ( "{lang}" ) ;
    sh:pattern {_ttl_string(verb_pattern([verb]))} ; sh:flags "i" .
""")
    return "".join(parts)


def main(argv: list[str]) -> None:
    """Write the coverage profiles named on the command line (default: all bundled) and wording."""
    for fid in argv or DEFAULT_FRAMEWORKS:
        (SHAPES / f"coverage-{fid}.shapes.ttl").write_text(coverage_shapes(fid), encoding="utf-8")
        print(f"wrote ontology/shapes/coverage-{fid}.shapes.ttl")
    if not argv:
        (SHAPES / "wording.shapes.ttl").write_text(wording_shapes(), encoding="utf-8")
        print("wrote ontology/shapes/wording.shapes.ttl")


if __name__ == "__main__":
    main(sys.argv[1:])
