"""The texts of the web pages in English, Russian and Kazakh, registered with
:func:`competency_graph.i18n.register` at import (the lead moves them into the gettext
catalogues at merge). ``{name}`` placeholders are filled by ``translate``."""

from __future__ import annotations

from competency_graph.i18n import register


def _m(en: str, ru: str, kk: str) -> dict[str, str]:
    return {"en": en, "ru": ru, "kk": kk}


MESSAGES: dict[str, dict[str, str]] = {
    "web.product": _m("Competency graph workspace", "Рабочее пространство графа компетенций",
                      "Құзыреттер графының жұмыс кеңістігі"),
    "web.home.lead": _m(
        "One place to check a study programme against the standards it must meet: import the "
        "curriculum workbook, see which competencies of the Washington Accord, EUR-ACE, ABET "
        "and other frameworks are covered, weak or missing course by course, fix the gaps "
        "before accreditation, check that the teaching staff are ready, and compare the "
        "university's internationalisation with its peers.",
        "Единое место, где образовательная программа проверяется на соответствие стандартам: "
        "загрузите рабочую книгу учебного плана и увидите, какие компетенции Вашингтонского "
        "соглашения, EUR-ACE, ABET и других рамок покрыты, покрыты слабо или отсутствуют — по "
        "каждой дисциплине; устраните пробелы до аккредитации, проверьте готовность "
        "преподавателей и сравните интернационализацию университета с партнёрами.",
        "Білім беру бағдарламасын стандарттарға сәйкестігін тексеретін бірыңғай орын: оқу "
        "жоспарының жұмыс кітабын жүктеңіз, Вашингтон келісімі, EUR-ACE, ABET және басқа "
        "шеңберлердің қай құзыреттері әр пән бойынша қамтылған, әлсіз немесе жоқ екенін "
        "көріңіз; аккредиттеуге дейін олқылықтарды жойыңыз, оқытушылардың дайындығын "
        "тексеріңіз және университеттің интернационалдандыруын серіктестермен салыстырыңыз."),
    "web.home.programmes": _m("Upload a curriculum, see its findings, coverage, gaps and "
                              "versions.",
                              "Загрузка учебного плана, замечания, покрытие, пробелы и версии.",
                              "Оқу жоспарын жүктеу, ескертулер, қамту, олқылықтар және "
                              "нұсқалар."),
    "web.home.frameworks": _m("Browse the standards in three languages and search them.",
                              "Просмотр стандартов на трёх языках и поиск по ним.",
                              "Стандарттарды үш тілде қарау және іздеу."),
    "web.home.institutions": _m("Indicators, benchmarking against peers, studies and action "
                                "plans.",
                                "Показатели, сравнение с партнёрами, исследования и планы "
                                "действий.",
                                "Көрсеткіштер, серіктестермен салыстыру, зерттеулер және іс-"
                                "қимыл жоспарлары."),
    "web.home.signin": _m("editors and admins sign in to import and edit.",
                          "редакторы и администраторы входят, чтобы загружать и изменять данные.",
                          "редакторлар мен әкімшілер деректерді жүктеу және өзгерту үшін "
                          "кіреді."),
    "web.home.api": _m("Scripts use the HTTP API:", "Скрипты используют HTTP API:",
                       "Скрипттер HTTP API пайдаланады:"),
    "web.table": _m("Table (scrolls sideways on a narrow screen)",
                    "Таблица (на узком экране прокручивается вбок)",
                    "Кесте (тар экранда бүйірге айналады)"),
    "web.skip": _m("Skip to content", "Перейти к содержанию", "Мазмұнға өту"),
    "web.footer": _m("knowledge graph of competency frameworks and curricula",
                     "граф знаний о рамках компетенций и учебных планах",
                     "құзырет шеңберлері мен оқу жоспарларының білім графы"),
    "web.nav.main": _m("Main", "Основная навигация", "Негізгі навигация"),
    "web.nav.language": _m("Language", "Язык", "Тіл"),
    "web.nav.programmes": _m("Programmes", "Программы", "Бағдарламалар"),
    "web.nav.frameworks": _m("Frameworks", "Рамки компетенций", "Құзырет шеңберлері"),
    "web.nav.institutions": _m("Institutions", "Организации", "Ұйымдар"),
    "web.nav.users": _m("Users", "Пользователи", "Пайдаланушылар"),
    "web.signin": _m("Sign in", "Войти", "Кіру"),
    "web.signout": _m("Sign out", "Выйти", "Шығу"),
    "web.signin.name": _m("User name", "Имя пользователя", "Пайдаланушы аты"),
    "web.signin.password": _m("Password", "Пароль", "Құпиясөз"),
    "web.signin.failed": _m("The user name or the password is wrong.",
                            "Неверное имя пользователя или пароль.",
                            "Пайдаланушы аты немесе құпиясөз қате."),
    "web.signin.limited": _m("Too many failed attempts. Try again in {seconds} s.",
                             "Слишком много неудачных попыток. Повторите через {seconds} с.",
                             "Сәтсіз әрекеттер тым көп. {seconds} с кейін қайталаңыз."),
    "web.signin.required": _m("Please sign in.", "Пожалуйста, войдите.", "Кіріңіз."),
    "web.signin.help": _m("The first admin's password is printed when the server starts for "
                          "the first time; admins add users here or with "
                          "`competency-graph users add`.",
                          "Пароль первого администратора печатается при первом запуске "
                          "сервера; администраторы добавляют пользователей здесь или командой "
                          "`competency-graph users add`.",
                          "Бірінші әкімшінің құпиясөзі сервер алғаш іске қосылғанда басылады; "
                          "әкімшілер пайдаланушыларды осында немесе `competency-graph users "
                          "add` командасымен қосады."),
    "web.role.viewer": _m("viewer", "читатель", "оқырман"),
    "web.role.editor": _m("editor", "редактор", "редактор"),
    "web.role.admin": _m("admin", "администратор", "әкімші"),
    "web.error.title": _m("Something went wrong", "Произошла ошибка", "Қате орын алды"),
    "web.error.home": _m("Back to the home page", "На главную", "Басты бетке"),
    "web.error.forbidden": _m("Your role does not allow this. Editors import and edit; admins "
                              "manage users.",
                              "Ваша роль этого не позволяет. Редакторы загружают и изменяют "
                              "данные; администраторы управляют пользователями.",
                              "Сіздің рөліңіз бұған рұқсат бермейді. Редакторлар жүктейді және "
                              "өзгертеді; әкімшілер пайдаланушыларды басқарады."),
    "web.error.not_found": _m("There is no page at this address.", "По этому адресу нет страницы.",
                              "Бұл мекенжайда бет жоқ."),
    "web.error.csrf": _m("The form has expired. Reload the page and send it again.",
                         "Срок действия формы истёк. Обновите страницу и отправьте снова.",
                         "Форманың мерзімі өтті. Бетті жаңартып, қайта жіберіңіз."),
    "web.users.list": _m("Users and roles", "Пользователи и роли",
                         "Пайдаланушылар мен рөлдер"),
    "web.users.role": _m("Role", "Роль", "Рөл"),
    "web.users.keys": _m("API keys", "Ключи API", "API кілттері"),
    "web.users.actions": _m("Actions", "Действия", "Әрекеттер"),
    "web.users.set_role": _m("Change role", "Изменить роль", "Рөлді өзгерту"),
    "web.users.remove": _m("Remove", "Удалить", "Жою"),
    "web.users.add": _m("Add a user", "Добавить пользователя", "Пайдаланушы қосу"),
    "web.users.not_self": _m("You cannot remove yourself.", "Нельзя удалить самого себя.",
                             "Өзіңізді жоя алмайсыз."),
    "web.users.cli": _m("API keys for scripts: `competency-graph users key NAME`.",
                        "Ключи API для скриптов: `competency-graph users key NAME`.",
                        "Скрипттерге арналған API кілттері: `competency-graph users key "
                        "NAME`."),
    "web.current": _m("current", "текущая", "ағымдағы"),
    "web.old_version": _m("earlier version", "предыдущая версия", "алдыңғы нұсқа"),
    "web.col.id": _m("Id", "Идентификатор", "Идентификатор"),
    "web.col.title": _m("Title", "Название", "Атауы"),
    "web.col.cycle": _m("Cycle", "Уровень", "Деңгей"),
    "web.col.courses": _m("Courses", "Дисциплины", "Пәндер"),
    "web.col.course": _m("Course", "Дисциплина", "Пән"),
    "web.col.versions": _m("Versions", "Версии", "Нұсқалар"),
    "web.col.file": _m("File", "Файл", "Файл"),
    "web.col.sheet": _m("Sheet", "Лист", "Парақ"),
    "web.col.row": _m("Row", "Строка", "Жол"),
    "web.col.column": _m("Column", "Столбец", "Баған"),
    "web.col.message": _m("Message", "Сообщение", "Хабарлама"),
    "web.col.item": _m("Item", "Элемент", "Элемент"),
    "web.col.code": _m("Code", "Код", "Код"),
    "web.col.label": _m("Name", "Наименование", "Атауы"),
    "web.col.status": _m("Status", "Статус", "Күйі"),
    "web.col.required": _m("Required", "Требуется", "Талап етіледі"),
    "web.col.achieved": _m("Achieved", "Достигнуто", "Қол жеткізілді"),
    "web.col.best_path": _m("Best evidence path", "Лучший путь доказательства",
                            "Ең жақсы дәлел жолы"),
    "web.col.semester": _m("Semester", "Семестр", "Семестр"),
    "web.col.issues": _m("Issues", "Проблемы", "Мәселелер"),
    "web.programmes.stored": _m("{count} stored programme(s)", "Сохранено программ: {count}",
                                "Сақталған бағдарламалар: {count}"),
    "web.programmes.none": _m("No programme is stored yet.", "Программ пока нет.",
                              "Әзірге бағдарлама жоқ."),
    "web.upload.title": _m("Upload a curriculum workbook", "Загрузка рабочей книги учебного плана",
                           "Оқу жоспарының жұмыс кітабын жүктеу"),
    "web.upload.template": _m("Download the empty template (.xlsx)",
                              "Скачать пустой шаблон (.xlsx)", "Бос үлгіні жүктеп алу (.xlsx)"),
    "web.upload.help": _m("An .xlsx workbook, or a .zip of CSV files with the same sheet names. "
                          "A stored id gets a new version.",
                          "Книга .xlsx или .zip с CSV-файлами с теми же именами листов. "
                          "Для уже сохранённого идентификатора создаётся новая версия.",
                          "Парақ атаулары бірдей .xlsx кітабы немесе CSV файлдарының .zip "
                          "мұрағаты. Сақталған идентификаторға жаңа нұсқа қосылады."),
    "web.upload.choose": _m("Workbook file", "Файл рабочей книги", "Жұмыс кітабының файлы"),
    "web.upload.drop": _m("Drop the file here or choose it.", "Перетащите файл сюда или выберите "
                          "его.", "Файлды осында сүйреңіз немесе таңдаңыз."),
    "web.upload.submit": _m("Upload and check", "Загрузить и проверить", "Жүктеу және тексеру"),
    "web.upload.need_editor": _m("Sign in as an editor to upload.",
                                 "Для загрузки войдите как редактор.",
                                 "Жүктеу үшін редактор ретінде кіріңіз."),
    "web.upload.failed": _m("The upload was not imported", "Файл не импортирован",
                            "Файл импортталмады"),
    "web.upload.nothing_stored": _m("Nothing was stored. Fix these problems and upload again.",
                                    "Ничего не сохранено. Исправьте ошибки и загрузите снова.",
                                    "Ештеңе сақталмады. Қателерді түзетіп, қайта жүктеңіз."),
    "web.upload.errors": _m("{count} problem(s), located", "Ошибок: {count}, с указанием места",
                            "Қателер: {count}, орны көрсетілген"),
    "web.severity.violation": _m("Violations", "Нарушения", "Бұзушылықтар"),
    "web.severity.warning": _m("Warnings", "Предупреждения", "Ескертулер"),
    "web.severity.info": _m("Notes", "Замечания", "Ескертпелер"),
    "web.badge.violation": _m("Violation", "Нарушение", "Бұзушылық"),
    "web.badge.warning": _m("Warning", "Предупреждение", "Ескерту"),
    "web.badge.info": _m("Note", "Замечание", "Ескертпе"),
    "web.status.covered": _m("covered", "покрыто", "қамтылған"),
    "web.status.partial": _m("partial", "частично", "ішінара"),
    "web.status.missing": _m("missing", "отсутствует", "жоқ"),
    "web.status.not-targeted": _m("not targeted", "не целевая", "мақсатты емес"),
    "web.prog.sections": _m("Sections of the page", "Разделы страницы", "Бет бөлімдері"),
    "web.prog.summary": _m("Summary", "Сводка", "Қорытынды"),
    "web.prog.targets": _m("Target frameworks", "Целевые рамки", "Мақсатты шеңберлер"),
    "web.prog.coverage": _m("Coverage", "Покрытие", "Қамту"),
    "web.prog.findings": _m("Validation findings by clause", "Замечания проверки по пунктам",
                            "Тексеру ескертулері тармақтар бойынша"),
    "web.prog.involved": _m("Courses and outcomes involved ({count})",
                            "Затронутые дисциплины и результаты ({count})",
                            "Қатысты пәндер мен нәтижелер ({count})"),
    "web.prog.no_findings": _m("No findings.", "Замечаний нет.", "Ескертулер жоқ."),
    "web.prog.heatmap": _m("Coverage heat map", "Тепловая карта покрытия",
                           "Қамтудың жылу картасы"),
    "web.prog.heat_legend": _m("I = introduced, R = reinforced, M = mastered; in parentheses: "
                               "weak evidence only. Darker = higher level.",
                               "I — введено, R — закреплено, M — освоено; в скобках — только "
                               "слабое доказательство. Темнее — выше уровень.",
                               "I — енгізілген, R — бекітілген, M — меңгерілген; жақшада — тек "
                               "әлсіз дәлел. Қоюырақ — деңгейі жоғары."),
    "web.prog.framework": _m("Framework", "Рамка", "Шеңбер"),
    "web.prog.gaps": _m("Gaps per framework", "Пробелы по рамкам", "Шеңберлер бойынша олқылықтар"),
    "web.prog.all_paths": _m("Show all paths ({count})", "Показать все пути ({count})",
                             "Барлық жолдарды көрсету ({count})"),
    "web.prog.no_targets": _m("The programme names no target framework.",
                              "У программы нет целевых рамок.",
                              "Бағдарламада мақсатты шеңбер жоқ."),
    "web.prog.progression": _m("Progression timeline", "Траектория освоения",
                               "Меңгеру траекториясы"),
    "web.prog.no_contribution": _m("Courses that contribute to nothing",
                                   "Дисциплины без вклада", "Үлесі жоқ пәндер"),
    "web.prog.staff": _m("Staff readiness and development plan",
                         "Готовность преподавателей и план развития",
                         "Оқытушылардың дайындығы және даму жоспары"),
    "web.prog.versions": _m("Version history", "История версий", "Нұсқалар тарихы"),
    "web.staff.ready": _m("Staff ready", "Готовы преподаватели", "Дайын оқытушылар"),
    "web.staff.findings": _m("Staff findings", "Замечания по преподавателям",
                             "Оқытушылар бойынша ескертулер"),
    "web.staff.person": _m("Staff member", "Преподаватель", "Оқытушы"),
    "web.staff.actual": _m("Actual", "Фактически", "Нақты"),
    "web.staff.plan": _m("Development plan", "План развития", "Даму жоспары"),
    "web.staff.programme": _m("Development programme", "Программа повышения квалификации",
                              "Біліктілікті арттыру бағдарламасы"),
    "web.staff.hours": _m("Hours", "Часы", "Сағат"),
    "web.staff.covers": _m("Closes", "Закрывает", "Жабады"),
    "web.filter.severity": _m("Severity", "Важность", "Маңыздылығы"),
    "web.filter.profile": _m("Profile", "Профиль", "Профиль"),
    "web.filter.course": _m("Course", "Дисциплина", "Пән"),
    "web.filter.all": _m("all", "все", "барлығы"),
    "web.filter.apply": _m("Apply filters", "Применить фильтры", "Сүзгілерді қолдану"),
    "web.filter.show": _m("Show", "Показать", "Көрсету"),
    "web.print.views": _m("Print views", "Версии для печати", "Басып шығаруға арналған нұсқалар"),
    "web.print.view": _m("Print view", "Версия для печати", "Басып шығару нұсқасы"),
    "web.print.validation": _m("validation", "проверка", "тексеру"),
    "web.print.gaps": _m("gaps", "пробелы", "олқылықтар"),
    "web.print.matrix": _m("heat map", "тепловая карта", "жылу картасы"),
    "web.print.progression": _m("progression", "траектория", "траектория"),
    "web.print.staff": _m("staff", "преподаватели", "оқытушылар"),
    "web.print.generated": _m("Generated", "Сформировано", "Жасалған уақыты"),
    "web.print.provenance": _m("Frameworks and their provenance",
                               "Рамки и их происхождение", "Шеңберлер және олардың шығу тегі"),
    "web.print.back": _m("Back to the programme", "Назад к программе", "Бағдарламаға оралу"),
    "web.print.unknown": _m("No such report.", "Такого отчёта нет.", "Мұндай есеп жоқ."),
    "web.print.no_targets": _m("The programme names no target framework.",
                               "У программы нет целевых рамок.",
                               "Бағдарламада мақсатты шеңбер жоқ."),
    "web.delete.title": _m("Delete a version", "Удаление версии", "Нұсқаны жою"),
    "web.delete.version": _m("Version", "Версия", "Нұсқа"),
    "web.delete.confirm": _m("I understand that the version and its data are deleted",
                             "Я понимаю, что версия и её данные будут удалены",
                             "Нұсқа мен оның деректері жойылатынын түсінемін"),
    "web.delete.submit": _m("Delete the version", "Удалить версию", "Нұсқаны жою"),
    "web.delete.confirm_missing": _m("Tick the confirmation to delete.",
                                     "Отметьте подтверждение, чтобы удалить.",
                                     "Жою үшін растауды белгілеңіз."),
    "web.diff.title": _m("Compare versions", "Сравнение версий", "Нұсқаларды салыстыру"),
    "web.diff.old": _m("Older version", "Старая версия", "Ескі нұсқа"),
    "web.diff.new": _m("Newer version", "Новая версия", "Жаңа нұсқа"),
    "web.diff.compare": _m("Compare", "Сравнить", "Салыстыру"),
    "web.diff.findings": _m("Findings", "Замечания", "Ескертулер"),
    "web.diff.fixed": _m("Fixed", "Исправлено", "Түзетілді"),
    "web.diff.new_findings": _m("New", "Новые", "Жаңа"),
    "web.diff.unchanged": _m("Unchanged", "Без изменений", "Өзгеріссіз"),
    "web.diff.show": _m("Show {count}", "Показать {count}", "{count} көрсету"),
    "web.diff.coverage": _m("Changes in coverage", "Изменения покрытия", "Қамтудағы өзгерістер"),
    "web.diff.change": _m("Change", "Изменение", "Өзгеріс"),
    "web.diff.change.better": _m("better", "лучше", "жақсарды"),
    "web.diff.change.worse": _m("worse", "хуже", "нашарлады"),
    "web.diff.change.level": _m("other level", "другой уровень", "басқа деңгей"),
    "web.diff.not_targeted": _m("not targeted", "не целевая", "мақсатты емес"),
    "web.diff.no_coverage_change": _m("No item changed.", "Ни один элемент не изменился.",
                                      "Ешбір элемент өзгерген жоқ."),
    "web.diff.one_version": _m("The programme has one version only; upload a new workbook "
                               "with the same id to compare.",
                               "У программы одна версия; загрузите новую книгу с тем же "
                               "идентификатором, чтобы сравнить.",
                               "Бағдарламаның бір ғана нұсқасы бар; салыстыру үшін сол "
                               "идентификатормен жаңа кітап жүктеңіз."),
    "web.diff.unknown_version": _m("The programme has no such version.",
                                   "У программы нет такой версии.",
                                   "Бағдарламада мұндай нұсқа жоқ."),
    "web.fw.search": _m("Search the frameworks", "Поиск по рамкам", "Шеңберлерден іздеу"),
    "web.fw.search_button": _m("Search", "Найти", "Іздеу"),
    "web.fw.hits": _m("{count} result(s) for “{q}”", "Результатов по «{q}»: {count}",
                      "«{q}» бойынша нәтижелер: {count}"),
    "web.fw.superseded": _m("superseded", "заменено", "ауыстырылған"),
    "web.fw.count": _m("{count} framework(s)", "Рамок: {count}", "Шеңберлер: {count}"),
    "web.fw.version": _m("Version", "Версия", "Нұсқа"),
    "web.fw.items": _m("Items", "Элементы", "Элементтер"),
    "web.fw.status": _m("Confirmation status", "Статус подтверждения", "Растау күйі"),
    "web.fw.publisher": _m("Publisher", "Издатель", "Баспагер"),
    "web.fw.sources": _m("Sources", "Источники", "Дереккөздер"),
    "web.fw.rights": _m("Rights", "Права", "Құқықтар"),
    "web.fw.replaces": _m("Replaces", "Заменяет", "Ауыстырады"),
    "web.fw.kind": _m("Kind", "Вид", "Түрі"),
    "web.fw.labels": _m("Names and definitions in three languages",
                        "Названия и определения на трёх языках",
                        "Үш тілдегі атаулар мен анықтамалар"),
    "web.fw.provenance": _m("Provenance", "Происхождение", "Шығу тегі"),
    "web.fw.framework": _m("Framework", "Рамка", "Шеңбер"),
    "web.fw.wording": _m("Wording", "Формулировка", "Тұжырымдама"),
    "web.fw.mappings": _m("Mappings", "Соответствия", "Сәйкестіктер"),
    "web.fw.mappings_out": _m("From this item", "От этого элемента", "Осы элементтен"),
    "web.fw.mappings_in": _m("To this item", "К этому элементу", "Осы элементке"),
    "web.fw.relation": _m("Relation", "Отношение", "Қатынас"),
    "web.fw.import": _m("Import a framework", "Импорт рамки", "Шеңберді импорттау"),
    "web.fw.format": _m("Format", "Формат", "Пішім"),
    "web.fw.imported": _m("Imported the framework {id}.", "Рамка {id} импортирована.",
                          "{id} шеңбері импортталды."),
    "web.fw.hierarchy": _m("Hierarchy", "Иерархия", "Иерархия"),
    "web.inst.count": _m("{count} institution(s)", "Организаций: {count}", "Ұйымдар: {count}"),
    "web.inst.country": _m("Country", "Страна", "Ел"),
    "web.inst.years": _m("Years with data", "Годы с данными", "Деректері бар жылдар"),
    "web.inst.benchmark": _m("Benchmark", "Бенчмаркинг", "Бенчмаркинг"),
    "web.inst.studies": _m("Benchmarking studies", "Исследования бенчмаркинга",
                           "Бенчмаркинг зерттеулері"),
    "web.inst.no_studies": _m("No study yet.", "Исследований пока нет.", "Әзірге зерттеу жоқ."),
    "web.inst.upload": _m("Upload indicators", "Загрузка показателей", "Көрсеткіштерді жүктеу"),
    "web.inst.upload_help": _m("A CSV or .xlsx file of indicator observations "
                               "(docs/benchmarking.md).",
                               "Файл CSV или .xlsx с наблюдениями показателей "
                               "(docs/benchmarking.md).",
                               "Көрсеткіш бақылаулары бар CSV немесе .xlsx файлы "
                               "(docs/benchmarking.md)."),
    "web.bench.no_data": _m("The institution has no indicator data.",
                            "У организации нет данных по показателям.",
                            "Ұйымның көрсеткіш деректері жоқ."),
    "web.bench.columns": _m("What the columns mean", "Что означают столбцы",
                            "Бағандар нені білдіреді"),
    "web.bench.zscore_explained": _m(
        "z-score: how many standard deviations the value lies above (positive) or below "
        "(negative) the mean of the institution and its peers; 0 is the group's average.",
        "z-оценка: на сколько стандартных отклонений значение выше (положительная) или ниже "
        "(отрицательная) среднего по организации и её партнёрам; 0 — среднее группы.",
        "z-бағасы: мән ұйым мен оның серіктестерінің орташасынан неше стандартты ауытқуға "
        "жоғары (оң) немесе төмен (теріс) екенін көрсетеді; 0 — топтың орташасы."),
    "web.bench.minmax_explained": _m(
        "Min–max score: the value rescaled to 0–1 over the same group, where 0 is the "
        "weakest and 1 the best institution (for indicators where lower is better, the scale "
        "is turned round). The radar chart draws these scores.",
        "Нормированное значение (min–max): значение, приведённое к шкале 0–1 по той же группе, "
        "где 0 — самая слабая, 1 — лучшая организация (для показателей, где меньше — лучше, "
        "шкала перевёрнута). Лепестковая диаграмма строится по этим значениям.",
        "Нормаланған мән (min–max): сол топ бойынша 0–1 шкаласына келтірілген мән, мұнда 0 — "
        "ең әлсіз, 1 — ең үздік ұйым (аз болғаны жақсы көрсеткіштерде шкала керісінше). "
        "Радар диаграммасы осы мәндермен салынады."),
    "web.bench.target_explained": _m(
        "Target: the policy target recorded in the institution's benchmarking study (its "
        "action plan); Δ is the gap to it. Empty when no study sets a target.",
        "Целевое значение: целевой показатель из исследования бенчмаркинга организации (её "
        "плана действий); Δ — разрыв до него. Пусто, если исследование не задаёт цели.",
        "Мақсатты мән: ұйымның бенчмаркинг зерттеуінде (іс-қимыл жоспарында) белгіленген "
        "мақсат; Δ — оған дейінгі алшақтық. Зерттеу мақсат қоймаса, бос."),
}

register(MESSAGES)
