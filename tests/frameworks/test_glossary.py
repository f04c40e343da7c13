"""The ru/kk terminology of issue 13, as a glossary: each old form is forbidden anywhere in
``ontology/`` (frameworks, crosswalks, shapes, the TBox) and each required form is where the
issue puts it. A test that fails names the file and the old form, so a re-introduced
translation is caught wherever it comes from (a hand edit, a generated shape, a new file).

Decision (documented in ontology/frameworks/README.md): «инженерлік есептер» is the Kazakh
term for an *engineering* problem (WA/SA/DA, WP, CDIO, ABET, EUR-ACE). «мәселе» stays where the
source means an issue (EUR-ACE "economic … issues", WP4 "familiarity of issues") and in the
non-engineering frameworks (DigCompEdu "digital problem solving", UNESCO "complex problem
solving"), which the glossary does not cover."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILES = sorted((ROOT / "ontology").rglob("*.ttl"))
FW = "https://w3id.org/competency-graph/framework/"

#: (language, old form → forbidden everywhere, new form → required)
GLOSSARY: list[tuple[str, str, str]] = [
    # cross-framework
    ("kk", "инженерлік мәселе", "инженерлік есеп"),
    ("kk", "Мәселелерді талдау", "Инженерлік есептерді талдау"),
    ("kk", "ойлау және мәселелерді шешу", "ойлау және есептерді шешу"),
    ("kk", "(есептер, жобалық құжаттама", "есептік құжаттар/баяндамалар"),
    # Washington Accord
    ("ru", "Анализ проблем", "Анализ инженерных задач"),
    ("ru", "изучать по литературе", "проводить обзор научной литературы"),
    ("ru", "вычислительной техники", "информатики"),
    ("kk", "есептеу техникасы", "информатика"),
    ("kk", "инженерияның іргелі негіздері", "инженерия негіздері"),
    ("ru", "нулевого углеродного следа", "углеродной нейтральности"),
    ("kk", "көміртектің таза нөлдік шығарындысын", "көміртегі бейтараптығын"),
    ("kk", "бөлінген түрде", "таратылған форматта"),
    ("ru", "Индивидуальная и командная работа", "Индивидуальная и совместная командная работа"),
    ("ru", "экономического принятия решений", "принятия экономических решений"),
    ("ru", "Этика, инклюзивное поведение и нормы поведения",
     "Этика, инклюзивность и профессиональное поведение"),
    ("ru", "Инженерия в обществе", "Роль инженерии в обществе"),
    # CDIO
    ("ru", "Программа CDIO", "Перечень планируемых результатов обучения CDIO (CDIO Syllabus)"),
    ("kk", "CDIO бағдарламасы", "CDIO оқыту нәтижелерінің тізбесі"),
    ("kk", "Коммуникациялар", "Коммуникация"),
    # ABET
    ("ru", "использовать инженерное суждение для формулирования выводов",
     "делать выводы на основе инженерной оценки"),
    # EUR-ACE
    ("ru", "норм и правил техники безопасности", "норм, сводов правил и требований безопасности"),
    ("kk", "жүйелерді тұжырымдамалау", "тұжырымдамасын әзірлеу"),
    # UNESCO ICT-CFT
    ("ru", "Самоуправление", "Самоорганизация"),
    ("ru", "Группы сотрудничества", "Совместная работа в группах"),
    ("kk", "Білім жасау", "Білім құру"),
]

#: Where each required form must be: (framework id, item code or "" for the scheme, lang, form).
REQUIRED: list[tuple[str, str, str, str]] = [
    *[("wa-2021", f"WA{i}", "kk", "инженерлік есеп") for i in range(1, 7)],
    *[(fw, code, "kk", "Инженерлік есептерді талдау")
      for fw, code in (("wa-2021", "WA2"), ("wa-2013", "WA2"), ("sa-2021", "SA2"),
                       ("da-2021", "DA2"))],
    *[(fw, code, "ru", "Анализ инженерных задач")
      for fw, code in (("wa-2021", "WA2"), ("wa-2013", "WA2"), ("sa-2021", "SA2"),
                       ("da-2021", "DA2"))],
    ("wa-2021", "WA9", "kk", "есептік құжаттар/баяндамалар"),
    ("wa-2021", "WA2", "ru", "проводить обзор научной литературы"),
    ("wa-2021", "WA1", "ru", "информатики"),
    ("wa-2021", "WA1", "kk", "информатика"),
    ("wa-2021", "WA1", "kk", "инженерия негіздері"),
    ("wa-2021", "WA3", "ru", "углеродной нейтральности"),
    ("wa-2021", "WA3", "kk", "көміртегі бейтараптығын"),
    ("wa-2021", "WA8", "kk", "таратылған форматта"),
    *[(fw, code, "ru", "Индивидуальная и совместная командная работа")
      for fw, code in (("wa-2021", "WA8"), ("wa-2013", "WA9"), ("sa-2021", "SA8"),
                       ("da-2021", "DA8"))],
    ("wa-2021", "WA10", "ru", "принятия экономических решений"),
    ("wa-2021-wk", "WK9", "ru", "Этика, инклюзивность и профессиональное поведение"),
    ("wa-2021-wk", "WK7", "ru", "Роль инженерии в обществе"),
    ("cdio-2.0", "", "ru", "Перечень планируемых результатов обучения CDIO (CDIO Syllabus)"),
    ("cdio-3.0", "", "ru", "Перечень планируемых результатов обучения CDIO (CDIO Syllabus)"),
    ("cdio-2.0", "", "kk", "CDIO оқыту нәтижелерінің тізбесі"),
    ("cdio-3.0", "", "kk", "CDIO оқыту нәтижелерінің тізбесі"),
    ("cdio-2.0", "3.2", "kk", "Коммуникация"),
    ("cdio-3.0", "3.2", "kk", "Коммуникация"),
    ("abet-eac", "SO6", "ru", "делать выводы на основе инженерной оценки"),
    ("abet-eac-2019", "SO6", "ru", "делать выводы на основе инженерной оценки"),
    ("abet-eac", "SO4", "ru", "в инженерных ситуациях"),
    ("abet-eac-2019", "SO4", "ru", "в инженерных ситуациях"),
    ("eur-ace-2015-bachelor", "B4.2", "ru", "норм, сводов правил и требований безопасности"),
    ("eur-ace-2015-master", "M4.3", "ru", "норм, сводов правил и требований безопасности"),
    ("eur-ace-2015-master", "M2.2", "kk", "тұжырымдамасын әзірлеу"),
    ("unesco-ict-cft-3", "3-KC", "ru", "Самоорганизация"),
    ("unesco-ict-cft-3", "5-KD", "ru", "Совместная работа в группах"),
    ("unesco-ict-cft-levels", "KC", "kk", "Білім құру"),
]


def test_the_lists_are_not_empty() -> None:
    assert len(ONTOLOGY_FILES) > 30 and GLOSSARY and REQUIRED


@pytest.mark.parametrize(("lang", "old", "new"), GLOSSARY, ids=[g[1] for g in GLOSSARY])
def test_no_old_form_anywhere_in_the_ontology(lang: str, old: str, new: str) -> None:
    """The old form occurs in no Turtle file under ontology/ (a plain text search, so comments
    and generated shapes count too)."""
    assert old not in new or old == new  # an old form inside its own new form would never pass
    hits = [p.relative_to(ROOT).as_posix() for p in ONTOLOGY_FILES
            if old in p.read_text(encoding="utf-8")]
    assert hits == [], f"{lang} {old!r} → {new!r}"


@pytest.fixture(scope="module")
def frameworks() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in sorted((ROOT / "ontology" / "frameworks").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.mark.parametrize(("framework", "code", "lang", "form"), REQUIRED,
                         ids=[f"{r[0]}:{r[1]}@{r[2]}" for r in REQUIRED])
def test_the_required_form_is_in_place(frameworks: rdflib.Graph, framework: str, code: str,
                                       lang: str, form: str) -> None:
    """The label, title or definition of the named item (or scheme) in that language holds the
    required form."""
    node = URIRef(f"{FW}{framework}/{code}" if code else f"{FW}{framework}")
    texts = [str(o) for p in (SKOS.prefLabel, SKOS.definition, DCTERMS.title)
             for o in frameworks.objects(node, p)
             if isinstance(o, Literal) and o.language == lang]
    assert texts, f"{node} has no {lang} text"
    assert any(form in t for t in texts), texts
