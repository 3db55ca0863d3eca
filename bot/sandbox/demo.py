"""The fictional families, schools and a term of content the sandbox starts with.

Everything is dated relative to the clock's today when the database is first
created, so the demo is always "current": this week's homework, a studiedag in
two weeks, talk slots ahead. Nothing seeded counts as guardian-entered state.

Demo accounts (password `demo` for all):

| login | role | what |
| --- | --- | --- |
| anna | guardian | Elsa (Förskolan Solrosen, avdelning Solrosen) and Nils (4B, Nordskolan, Fritids Nordskolan) |
| peter | guardian | the same Elsa and Nils |
| sara | guardian | Alva (grundsärskola år 2, Ängsklassen at Ängsskolan, Fritids Ängsskolan: times lock the day before) |
| lina | guardian | Saga (7A, no fritids), Noah (1A, Fritids Nordskolan), Ali (Förskolan Solrosen, avdelning Blåklockan) |
| nils | student | Nils Lindqvist himself, year 4 |
| saga | student | Saga Haddad herself, year 7 |
| larare | teacher | Karin Holm: 4B and Fritids Nordskolan |
| mentor | teacher | Erik Sand: 1A and 7A |
| pedagog | teacher | Maja Ström: avdelningarna Solrosen and Blåklockan |
| sarlarare | teacher | Johan Lund: Ängsklassen and Fritids Ängsskolan |
| support | support | Kim Nyberg, the municipality's support desk: every group |
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.clock import Clock
from bot.sandbox import db, directory, meetings, news, notifications
from bot.sandbox.calendar_entries import CLOSED, EVENT, HAND_IN, HOMEWORK, TEST
from bot.sandbox.dates import at, monday_of, stamp, today
from bot.sandbox.directory import Account
from bot.sandbox.pdf import one_page_pdf

DEMO_PASSWORD = "demo"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    login: str
    role: str
    name: str
    about: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("anna", "guardian", "Anna Lindqvist", "Elsa (förskola) och Nils (år 4, fritids)"),
    DemoAccount("peter", "guardian", "Peter Lindqvist", "samma Elsa och Nils"),
    DemoAccount(
        "sara", "guardian", "Sara Berg", "Alva (grundsärskola år 2, fritids som låser dagen före)"
    ),
    DemoAccount(
        "lina", "guardian", "Lina Haddad", "Saga (år 7), Noah (år 1, fritids), Ali (förskola)"
    ),
    DemoAccount("nils", "student", "Nils Lindqvist", "eleven Nils själv, år 4 (4B)"),
    DemoAccount("saga", "student", "Saga Haddad", "eleven Saga själv, år 7 (7A)"),
    DemoAccount("larare", "teacher", "Karin Holm", "lärare i 4B och på Fritids Nordskolan"),
    DemoAccount("mentor", "teacher", "Erik Sand", "lärare i 1A och 7A"),
    DemoAccount("pedagog", "teacher", "Maja Ström", "förskollärare på Solrosen och Blåklockan"),
    DemoAccount("sarlarare", "teacher", "Johan Lund", "lärare i Ängsklassen och dess fritids"),
    DemoAccount("support", "support", "Kim Nyberg", "kommunens support, alla grupper"),
    DemoAccount("trollsupport", "support", "Ove Dahl", "support i en annan kommun (Trollhättan)"),
)

NORDSKOLAN, SOLROSEN_SCHOOL, ANGSSKOLAN = 17583, 17584, 17585
G_4B, G_FRITIDS, G_1A, G_7A = 101, 102, 103, 104
G_SOLROSEN, G_BLAKLOCKAN = 201, 202
G_ANGSKLASSEN, G_FRITIDS_ANGS = 301, 302
ELSA, NILS, ALVA, SAGA, NOAH, ALI = 3100101, 3100102, 3100201, 3100301, 3100302, 3100303

ALL_APPS = (
    "attendance",
    "timeregistration",
    "news",
    "calendarv2",
    "notifications",
    "message",
    "meeting",
    "assessment",
    "documentation",
)
PRESCHOOL_APPS = tuple(a for a in ALL_APPS if a != "assessment")
NO_FRITIDS_APPS = tuple(a for a in ALL_APPS if a != "timeregistration")

_SCHOOLS = (
    (NORDSKOLAN, "Nordskolan", "school", "15:00", "06:30", "18:00"),
    (SOLROSEN_SCHOOL, "Förskolan Solrosen", "preschool", "15:00", "06:30", "18:00"),
    (ANGSSKOLAN, "Ängsskolan", "grundsarskola", "15:00", "07:00", "17:00"),
)
_GROUPS = (
    (G_4B, "4B", "class", NORDSKOLAN, 0),
    (G_FRITIDS, "Fritids Nordskolan", "fritids", NORDSKOLAN, 0),
    (G_1A, "1A", "class", NORDSKOLAN, 0),
    (G_7A, "7A", "class", NORDSKOLAN, 0),
    (G_SOLROSEN, "Solrosen", "preschool", SOLROSEN_SCHOOL, 0),
    (G_BLAKLOCKAN, "Blåklockan", "preschool", SOLROSEN_SCHOOL, 0),
    (G_ANGSKLASSEN, "Ängsklassen", "class", ANGSSKOLAN, 0),
    (G_FRITIDS_ANGS, "Fritids Ängsskolan", "fritids", ANGSSKOLAN, 1),
)
# id, first, last, year, im2 id, school, apps, groups
_CHILDREN = (
    (ELSA, "Elsa", "Lindqvist", None, 9100101, SOLROSEN_SCHOOL, PRESCHOOL_APPS, (G_SOLROSEN,)),
    (NILS, "Nils", "Lindqvist", 4, 9100102, NORDSKOLAN, ALL_APPS, (G_4B, G_FRITIDS)),
    (ALVA, "Alva", "Berg", 2, 9100201, ANGSSKOLAN, ALL_APPS, (G_ANGSKLASSEN, G_FRITIDS_ANGS)),
    (SAGA, "Saga", "Haddad", 7, 9100301, NORDSKOLAN, NO_FRITIDS_APPS, (G_7A,)),
    (NOAH, "Noah", "Haddad", 1, 9100302, NORDSKOLAN, ALL_APPS, (G_1A, G_FRITIDS)),
    (ALI, "Ali", "Haddad", None, 9100303, SOLROSEN_SCHOOL, PRESCHOOL_APPS, (G_BLAKLOCKAN,)),
)
# id, login, first, last, role, own child (students), children (guardians) / groups (staff)
_ACCOUNTS: tuple[tuple[int, str, str, str, str, int | None, tuple[int, ...]], ...] = (
    (5001, "anna", "Anna", "Lindqvist", "guardian", None, (ELSA, NILS)),
    (5002, "peter", "Peter", "Lindqvist", "guardian", None, (ELSA, NILS)),
    (5003, "sara", "Sara", "Berg", "guardian", None, (ALVA,)),
    (5004, "lina", "Lina", "Haddad", "guardian", None, (SAGA, NOAH, ALI)),
    (5101, "nils", "Nils", "Lindqvist", "student", NILS, ()),
    (5102, "saga", "Saga", "Haddad", "student", SAGA, ()),
    (5201, "larare", "Karin", "Holm", "teacher", None, (G_4B, G_FRITIDS)),
    (5202, "mentor", "Erik", "Sand", "teacher", None, (G_1A, G_7A)),
    (5203, "pedagog", "Maja", "Ström", "teacher", None, (G_SOLROSEN, G_BLAKLOCKAN)),
    (5204, "sarlarare", "Johan", "Lund", "teacher", None, (G_ANGSKLASSEN, G_FRITIDS_ANGS)),
    (5301, "support", "Kim", "Nyberg", "support", None, ()),
    (5302, "trollsupport", "Ove", "Dahl", "support", None, ()),
)
# Accounts of another municipality than the demo's own (Vänersborg).
_OTHER_MUNICIPALITY = {"trollsupport": "trollhattan"}
# Weekly base schedules Monday..Friday.
_BASE = {
    ELSA: ("07:30-16:00",) * 4 + ("07:30-15:00",),
    NILS: ("07:15-16:30",) * 4 + ("07:15-15:30",),
    ALVA: ("07:30-16:00",) * 5,
    NOAH: ("07:45-16:15",) * 5,
    ALI: ("08:00-16:30", "08:00-16:30", "08:00-15:00", "08:00-16:30", "08:00-16:30"),
}
KARIN, ERIK, MAJA, JOHAN = 5201, 5202, 5203, 5204


@dataclass(frozen=True, slots=True)
class DemoDates:
    """The seeded days tests and demos may want to name."""

    monday: date
    studiedag_nordskolan: date
    studiedag_nordskolan_past: date
    planeringsdag_solrosen: date
    studiedag_angsskolan: date
    talks_4b: tuple[date, date]
    talks_solrosen: tuple[date, date]


def demo_dates(seed_day: date) -> DemoDates:
    monday = monday_of(seed_day)
    return DemoDates(
        monday=monday,
        studiedag_nordskolan=monday + timedelta(days=16),  # Wednesday in two weeks
        studiedag_nordskolan_past=monday - timedelta(days=17),  # a Friday three weeks ago
        planeringsdag_solrosen=monday + timedelta(days=21),  # Monday in three weeks
        studiedag_angsskolan=monday + timedelta(days=17),  # Thursday in two weeks
        talks_4b=(monday + timedelta(days=14), monday + timedelta(days=15)),
        talks_solrosen=(monday + timedelta(days=22), monday + timedelta(days=23)),
    )


def seeded_dates(conn: sqlite3.Connection) -> DemoDates | None:
    """The dates of this database's seed (None when it was not seeded)."""
    seeded_on = db.get_meta(conn, "seeded_on")
    return demo_dates(date.fromisoformat(seeded_on)) if seeded_on else None


def ensure_seeded(conn: sqlite3.Connection, clock: Clock, *, content: bool = True) -> None:
    """Seeds a new database once, even with two processes starting together.

    People (schools, groups, accounts) come first and carry no dates. The dated
    content waits for `content=True`, which only a serving Hub asks for: the CLI
    may create the file before any `--now` run, and the demo must be current
    for the clock that serves it.
    """
    with db.transaction(conn):
        if db.get_meta(conn, "people_seeded") is None:
            _seed_people(conn)
            db.set_meta(conn, "people_seeded", "1")
        if content and db.get_meta(conn, "seeded_on") is None:
            _seed_content(conn, clock)
            db.set_meta(conn, "seeded_on", today(clock).isoformat())


def _weekday_before(day: date, days: int) -> date:
    result = day - timedelta(days=days)
    while result.weekday() >= 5:
        result -= timedelta(days=1)
    return result


def _seed_content(conn: sqlite3.Connection, clock: Clock) -> None:
    now = clock.now()
    t = today(clock)
    dates = demo_dates(t)
    m = dates.monday
    _seed_closures(conn, dates)
    _seed_news(conn, clock, t)
    _seed_calendar(conn, m, dates)
    _seed_talks(conn, dates)
    _seed_messages(conn, clock, t)
    _seed_attendance(conn, now, t, m)
    _seed_daycare(conn, now, t)
    _seed_secure(conn, t)


def _seed_people(conn: sqlite3.Connection) -> None:
    conn.executemany(
        "INSERT INTO schools(id, name, kind, absence_cutoff, opening_time, closing_time)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        _SCHOOLS,
    )
    conn.executemany(
        "INSERT INTO groups(id, name, kind, school_id, locks_day_before) VALUES (?, ?, ?, ?, ?)",
        _GROUPS,
    )
    for child_id, first, last, year, im2, school, apps, groups in _CHILDREN:
        conn.execute(
            "INSERT INTO children(id, first_name, last_name, year, im2_id, school_id, apps)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (child_id, first, last, year, im2, school, ",".join(apps)),
        )
        conn.executemany(
            "INSERT INTO memberships(child_id, group_id) VALUES (?, ?)",
            [(child_id, g) for g in groups],
        )
    for account_id, login, first, last, role, own_child, links in _ACCOUNTS:
        conn.execute(
            "INSERT INTO accounts(id, login, password_hash, first_name, last_name, role, child_id,"
            " municipality) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                account_id,
                login,
                directory.hash_password(DEMO_PASSWORD),
                first,
                last,
                role,
                own_child,
                _OTHER_MUNICIPALITY.get(login, "vanersborg"),
            ),
        )
        table = "guardianships(account_id, child_id)" if role == "guardian" else None
        if role == "teacher":
            table = "staff_groups(account_id, group_id)"
        if table:
            conn.executemany(
                f"INSERT INTO {table} VALUES (?, ?)", [(account_id, link) for link in links]
            )
    for child_id, days in _BASE.items():
        conn.executemany(
            "INSERT INTO base_schedule(child_id, weekday, start_time, end_time) VALUES (?, ?, ?, ?)",
            [(child_id, i, *span.split("-")) for i, span in enumerate(days)],
        )


def _seed_closures(conn: sqlite3.Connection, dates: DemoDates) -> None:
    rows = [
        (g, dates.studiedag_nordskolan.isoformat(), "Studiedag")
        for g in (G_4B, G_FRITIDS, G_1A, G_7A)
    ]
    rows += [
        (g, dates.studiedag_nordskolan_past.isoformat(), "Studiedag")
        for g in (G_4B, G_FRITIDS, G_1A, G_7A)
    ]
    rows += [
        (g, dates.planeringsdag_solrosen.isoformat(), "Planeringsdag")
        for g in (G_SOLROSEN, G_BLAKLOCKAN)
    ]
    rows += [
        (g, dates.studiedag_angsskolan.isoformat(), "Studiedag")
        for g in (G_ANGSKLASSEN, G_FRITIDS_ANGS)
    ]
    conn.executemany("INSERT INTO closed_days(group_id, date, reason) VALUES (?, ?, ?)", rows)


def _readers(conn: sqlite3.Connection, child_id: int) -> list[Account]:
    return directory.readers_of(conn, child_id)


def _notify_group(
    conn: sqlite3.Connection,
    clock: Clock,
    group_ids: tuple[int, ...],
    moment: datetime,
    *,
    app_type: str,
    type_: str,
    entity: str,
    title: str,
    subtitle: str,
    url: str,
    fresh: bool,
) -> None:
    seen: set[int] = set()
    for group_id in group_ids:
        for child in directory.children_in_group(conn, group_id):
            if child.id in seen:
                continue
            seen.add(child.id)
            notifications.notify(
                conn,
                clock,
                _readers(conn, child.id),
                child,
                app_type=app_type,
                type_=type_,
                entity=entity,
                title=title,
                subtitle=subtitle,
                url=url,
                state="New" if fresh else "Read",
                at=moment,
            )


_NEWS: tuple[tuple[int, str, tuple[int, ...], str, str, str | None], ...] = (
    # days ago, author, groups (school news: every group of it), title, text, attachment
    (
        45,
        "Ulla Ahlström, rektor",
        (G_4B, G_FRITIDS, G_1A, G_7A),
        "Välkommen till en ny termin!",
        "Hej alla vårdnadshavare och elever!\n\nVi hälsar er välkomna till en ny termin på "
        "Nordskolan. Läs gärna igenom terminsplaneringen som ligger som bilaga.",
        "terminsplanering.pdf",
    ),
    (
        40,
        "Maja Ström",
        (G_SOLROSEN,),
        "Välkommen till Solrosen",
        "Nu har vi kommit igång med höstens tema: Skogen. Vi är ute varje förmiddag, "
        "så kläder efter väder är viktigt.",
        None,
    ),
    (
        30,
        "Karin Holm",
        (G_4B,),
        "Föräldramöte i 4B",
        "Välkommen till föräldramöte i klassrummet. Vi går igenom terminens arbete och "
        "utflykterna. Tid och datum finns i kalendern.",
        None,
    ),
    (
        25,
        "Maja Ström",
        (G_SOLROSEN, G_BLAKLOCKAN),
        "Planeringsdag på förskolan",
        "Förskolan är stängd en dag för planering. Datumet finns i kalendern. Meddela oss om "
        "ni behöver omsorg den dagen.",
        None,
    ),
    (
        18,
        "Johan Lund",
        (G_ANGSKLASSEN, G_FRITIDS_ANGS),
        "Välkommen till Ängsklassen",
        "Vi har haft en fin start. Kom ihåg att taxitider på fritids ska vara inlagda senast "
        "dagen innan.",
        None,
    ),
    (
        16,
        "Karin Holm",
        (G_4B,),
        "Veckobrev 4B",
        "Den här veckan har vi arbetat med bråk i matematiken och läst högt ur vår klassbok.",
        "veckobrev.pdf",
    ),
    (
        12,
        "Karin Holm",
        (G_FRITIDS,),
        "Fritids: aktiviteter under lovet",
        "På lovet blir det pyssel, utflykt till badhuset och filmdag. Anmäl närvaro i "
        "tidsregistreringen.",
        None,
    ),
    (
        9,
        "Karin Holm",
        (G_4B,),
        "Veckobrev 4B",
        "Vi har börjat med landskapen i SO. Glosorna till torsdag finns i kalendern.",
        "veckobrev.pdf",
    ),
    (
        8,
        "Erik Sand",
        (G_7A,),
        "Prov i engelska",
        "Provet i engelska närmar sig. Öva på glosorna från kapitel 3 och 4.",
        None,
    ),
    (
        6,
        "Erik Sand",
        (G_1A,),
        "Läsläxan i 1A",
        "Läs tio minuter varje dag och skriv i läsloggen.",
        None,
    ),
    (
        5,
        "Karin Holm",
        (G_4B,),
        "Utflykt till Naturum",
        "Nästa tisdag åker 4B till Naturum. Ta med matsäck, vattenflaska och kläder för "
        "att vara ute hela dagen.",
        None,
    ),
    (
        4,
        "Johan Lund",
        (G_ANGSKLASSEN, G_FRITIDS_ANGS),
        "Taxibokning inför studiedagen",
        "Ängsskolan har studiedag om två veckor. Taxi går inte den dagen.",
        None,
    ),
    (
        3,
        "Karin Holm",
        (G_FRITIDS,),
        "Fritids: glöm inte ombyteskläder",
        "Vi är ute mycket nu. Se till att det finns extra kläder i facket.",
        None,
    ),
    (
        2,
        "Karin Holm",
        (G_4B,),
        "Veckobrev 4B",
        "Den här veckan: prov i matematik nästa vecka, bokrecensionen ska lämnas in om två "
        "veckor och vi övar på multiplikationstabellen.",
        "veckobrev.pdf",
    ),
    (
        1,
        "Maja Ström",
        (G_SOLROSEN,),
        "Utedag på fredag",
        "På fredag är vi ute hela dagen i skogen. Packa gärna ryggsäck med vattenflaska.",
        None,
    ),
)


def _seed_news(conn: sqlite3.Connection, clock: Clock, t: date) -> None:
    for days_ago, author, groups, title, text, attachment in _NEWS:
        moment = at(t - timedelta(days=days_ago), "08:15")
        group = directory.group_by_id(conn, groups[0])
        assert group is not None
        school_wide = len(groups) > 1
        news_id = conn.execute(
            "INSERT INTO news(group_id, school_id, title, content, published_at, published_by)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                None if school_wide else group.id,
                group.school_id if school_wide else None,
                title,
                news.text_to_html(text),
                stamp(moment),
                author,
            ),
        ).lastrowid
        assert news_id is not None
        if attachment:
            news.add_attachment(
                conn,
                news_id,
                attachment,
                content=one_page_pdf([title, "", *text.split("\n")]),
                file_type="pdf",
            )
        _notify_group(
            conn,
            clock,
            groups,
            moment,
            app_type="News",
            type_="NewsItem",
            entity="NewsItem",
            title=title,
            subtitle=author,
            url=notifications.news_url(news_id),
            fresh=days_ago <= 3,
        )


def _entry(
    conn: sqlite3.Connection,
    group_id: int | None,
    title: str,
    type_id: int,
    day: date,
    *,
    text: str = "",
    start: str | None = None,
    end: str | None = None,
    subject: str | None = None,
    school_id: int | None = None,
) -> None:
    conn.execute(
        "INSERT INTO calendar_entries(group_id, school_id, title, text, type_id, start_date,"
        " end_date, start_time, end_time, subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            group_id,
            school_id,
            title,
            text,
            type_id,
            day.isoformat(),
            day.isoformat(),
            start,
            end,
            subject,
        ),
    )


def _seed_calendar(conn: sqlite3.Connection, m: date, dates: DemoDates) -> None:
    for week in range(-6, 10):
        monday = m + timedelta(weeks=week)
        _entry(
            conn,
            G_4B,
            "Läxa: glosor",
            HOMEWORK,
            monday + timedelta(days=3),
            text=f"Glosor i engelska, kapitel {week + 8}. Förhör på torsdag.",
            subject="Engelska",
        )
        if week % 2 == 0:
            _entry(
                conn,
                G_4B,
                "Läxa: multiplikationstabellen",
                HOMEWORK,
                monday + timedelta(days=1),
                text="Öva på 6:ans och 7:ans tabell.",
                subject="Matematik",
            )
        _entry(
            conn,
            G_1A,
            "Läsläxa",
            HOMEWORK,
            monday,
            text="Läs tio minuter om dagen och skriv i läsloggen.",
            subject="Svenska",
        )
        _entry(
            conn,
            G_ANGSKLASSEN,
            "Läsläxa",
            HOMEWORK,
            monday + timedelta(days=4),
            text="Läs bilderboken från biblioteket tillsammans.",
            subject="Svenska",
        )
    d = timedelta
    _entry(conn, G_4B, "Prov i matematik: bråk", TEST, m + d(days=9), subject="Matematik")
    _entry(conn, G_4B, "Prov: Sveriges landskap", TEST, m + d(days=22), subject="SO")
    _entry(conn, G_4B, "Inlämning: bokrecension", HAND_IN, m + d(days=18), subject="Svenska")
    _entry(conn, G_4B, "Utflykt till Naturum", EVENT, m + d(days=8), start="08:30", end="14:00",
           text="Ta med matsäck och vattenflaska.")  # fmt: skip
    _entry(conn, G_4B, "Föräldramöte 4B", EVENT, m + d(days=10), start="18:00", end="19:30")
    _entry(
        conn, G_4B, "Idrottsdag", EVENT, m - d(days=10), text="Hela skolan är på idrottsplatsen."
    )
    _entry(conn, G_7A, "Prov i engelska", TEST, m + timedelta(days=8), subject="Engelska")
    _entry(
        conn,
        G_FRITIDS,
        "Fritids: filmeftermiddag",
        EVENT,
        m + timedelta(days=4),
        start="15:00",
        end="17:00",
    )
    _entry(
        conn,
        G_SOLROSEN,
        "Utedag i skogen",
        EVENT,
        m + timedelta(days=4),
        text="Kläder efter väder och en ryggsäck med vattenflaska.",
    )
    _entry(
        conn,
        G_SOLROSEN,
        "Föräldramöte Solrosen",
        EVENT,
        m + timedelta(days=15),
        start="18:00",
        end="19:00",
    )
    _entry(
        conn,
        G_BLAKLOCKAN,
        "Fotografering",
        EVENT,
        m + timedelta(days=11),
        start="09:00",
        end="12:00",
    )
    _entry(
        conn,
        G_ANGSKLASSEN,
        "Utflykt till biblioteket",
        EVENT,
        m + timedelta(days=9),
        start="09:30",
        end="11:30",
    )
    for day in (dates.studiedag_nordskolan, dates.studiedag_nordskolan_past):
        _entry(
            conn,
            None,
            "Studiedag – skolan och fritids stängda",
            CLOSED,
            day,
            school_id=NORDSKOLAN,
            text="Eleverna är lediga och fritids har stängt.",
        )
    _entry(
        conn,
        None,
        "Planeringsdag – förskolan stängd",
        CLOSED,
        dates.planeringsdag_solrosen,
        school_id=SOLROSEN_SCHOOL,
    )
    _entry(
        conn,
        None,
        "Studiedag – Ängsskolan stängd",
        CLOSED,
        dates.studiedag_angsskolan,
        school_id=ANGSSKOLAN,
        text="Ingen skola, inget fritids och ingen taxi.",
    )


def _seed_talks(conn: sqlite3.Connection, dates: DemoDates) -> None:
    (first_4b, second_4b), (first_sol, second_sol) = dates.talks_4b, dates.talks_solrosen
    rounds = (
        # group, teacher, day, start times, minutes, where
        (G_4B, KARIN, first_4b, ("15:00", "15:30", "16:00", "16:30", "17:00"), 30, "Klassrum 4B"),
        (G_4B, KARIN, second_4b, ("15:00", "15:30", "16:00", "16:30", "17:00"), 30, "Klassrum 4B"),
        (G_SOLROSEN, MAJA, first_sol, ("14:00", "14:30", "15:00"), 30, "Avdelning Solrosen"),
        (G_SOLROSEN, MAJA, second_sol, ("08:30", "09:00"), 30, "Avdelning Solrosen"),
        (G_BLAKLOCKAN, MAJA, first_sol, ("10:00", "10:30"), 30, "Avdelning Blåklockan"),
        (G_ANGSKLASSEN, JOHAN, second_4b, ("13:00", "13:45"), 45, "Ängsklassen"),
        (G_7A, ERIK, first_4b, ("14:00", "14:30"), 30, "Sal 12"),
    )
    conn.executemany(
        "INSERT INTO meeting_slots(group_id, meeting_id, teacher_id, date, time_from, minutes,"
        " meeting_type, location) VALUES (?, ?, ?, ?, ?, ?, 'Utvecklingssamtal', ?)",
        [
            (
                group,
                meetings.meeting_id_for(group),
                teacher,
                day.isoformat(),
                start,
                minutes,
                where,
            )
            for group, teacher, day, starts, minutes, where in rounds
            for start in starts
        ],
    )


def _seed_messages(conn: sqlite3.Connection, clock: Clock, t: date) -> None:
    items = (
        # days ago, time, sender, child, recipients, read by, subject, body
        (
            8,
            "19:40",
            5001,
            NILS,
            (KARIN,),
            (KARIN,),
            "Tandläkartid",
            "Hej! Nils har en tandläkartid på torsdag kl. 10 och kommer till skolan efteråt. "
            "Hälsningar Anna",
        ),
        (
            7,
            "07:55",
            KARIN,
            NILS,
            (5001,),
            (5001,),
            "Sv: Tandläkartid",
            "Tack för att du berättar! Hälsningar Karin",
        ),
        (
            5,
            "10:12",
            KARIN,
            NILS,
            (5001, 5002),
            (5001,),
            "Utflykt nästa tisdag",
            "Hej! Nästa tisdag åker vi till Naturum. Bussen går 08:30 och vi är tillbaka "
            "14:00. Ta med matsäck. Hälsningar Karin",
        ),
        (
            4,
            "13:20",
            JOHAN,
            ALVA,
            (5003,),
            (),
            "Taxi efter studiedagen",
            "Hej Sara! Taxin går som vanligt dagen efter studiedagen. Hälsningar Johan",
        ),
        (
            6,
            "15:02",
            ERIK,
            SAGA,
            (5004,),
            (5004,),
            "Prov i engelska",
            "Hej! Saga har prov i engelska nästa vecka. Hälsningar Erik",
        ),
        (
            1,
            "14:05",
            MAJA,
            ELSA,
            (5001, 5002),
            (),
            "Extra kläder",
            "Hej! Elsa behöver fler extra byxor och strumpor i sitt fack. Tack! /Maja",
        ),
    )
    for days_ago, clock_time, sender_id, child_id, to_ids, read_by, subject, body in items:
        moment = at(t - timedelta(days=days_ago), clock_time)
        message_id = conn.execute(
            "INSERT INTO messages(sender_id, child_id, subject, body, sent_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (sender_id, child_id, subject, body, stamp(moment)),
        ).lastrowid
        sender = directory.account_by_id(conn, sender_id)
        child = directory.child_by_id(conn, child_id)
        assert sender is not None and child is not None
        for to_id in to_ids:
            read = to_id in read_by
            conn.execute(
                "INSERT INTO message_recipients(message_id, account_id, is_new) VALUES (?, ?, ?)",
                (message_id, to_id, 0 if read else 1),
            )
            account = directory.account_by_id(conn, to_id)
            assert account is not None
            notifications.notify(
                conn,
                clock,
                [account],
                child,
                app_type="Message",
                type_="MessageReceived",
                entity="Message",
                title=subject,
                subtitle=sender.display_name,
                url=notifications.message_url(message_id),
                state="Read" if read else "New",
                at=moment,
            )


def _seed_attendance(conn: sqlite3.Connection, now: datetime, t: date, m: date) -> None:
    created = stamp(now)
    rows = (
        # child, date, kind, span, from, minutes, lesson, by
        (NILS, _weekday_before(t, 15), "reported", "day", None, 0, None, 5001),
        (NILS, _weekday_before(t, 7), "late", None, "08:22", 12, "Matematik", KARIN),
        (ELSA, _weekday_before(t, 10), "reported", "morning", None, 0, None, 5002),
        (SAGA, _weekday_before(t, 6), "invalid", None, "13:10", 60, "Idrott och hälsa", ERIK),
        (ALVA, _weekday_before(t, 12), "reported", "day", None, 0, None, 5003),
    )
    conn.executemany(
        "INSERT INTO attendance(child_id, date, kind, span, from_time, minutes, lesson,"
        " registered_by, seeded, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
        [(c, d.isoformat(), k, s, f, mi, le, by, created) for c, d, k, s, f, mi, le, by in rows],
    )
    start = m - timedelta(days=28)
    conn.execute(
        "INSERT INTO leave_requests(child_id, start_date, end_date, comment, status, created_by,"
        " created_at, seeded) VALUES (?, ?, ?, ?, 'Approved', ?, ?, 1)",
        (
            NILS,
            start.isoformat(),
            (start + timedelta(days=1)).isoformat(),
            "Släktträff",
            5001,
            stamp(now - timedelta(days=35)),
        ),
    )


def _seed_daycare(conn: sqlite3.Connection, now: datetime, t: date) -> None:
    comments = (
        (
            ELSA,
            _weekday_before(t, 1),
            "Elsa har lekt i sandlådan hela förmiddagen och sovit gott.",
            "Maja Ström",
            1,
        ),
        (
            NILS,
            _weekday_before(t, 2),
            "Nils hjälpte till att baka bullar på fritids.",
            "Karin Holm",
            0,
        ),
        (ALI, _weekday_before(t, 1), "Ali har målat en fin höstbild.", "Maja Ström", 1),
    )
    conn.executemany(
        "INSERT INTO day_comments(child_id, date, teacher_comment, teacher_name, created_at,"
        " unread) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (c, d.isoformat(), text, name, stamp(now), unread)
            for c, d, text, name, unread in comments
        ],
    )


def _seed_secure(conn: sqlite3.Connection, t: date) -> None:
    items = (
        (
            NILS,
            "assessment",
            "Bråk och decimaltal",
            "Nils visar goda kunskaper om bråk.",
            "Matematik",
            "Goda kunskaper",
            "Karin Holm",
            20,
        ),
        (
            NILS,
            "assessment",
            "Läsförståelse",
            "Nils läser med flyt och kan återberätta.",
            "Svenska",
            "Godtagbara kunskaper",
            "Karin Holm",
            12,
        ),
        (
            NILS,
            "assessment",
            "Muntlig framställning",
            "Nils deltar aktivt i samtal.",
            "Engelska",
            "Mycket goda kunskaper",
            "Karin Holm",
            6,
        ),
        (
            NILS,
            "documentation",
            "Individuell utvecklingsplan",
            "Mål: träna på multiplikation.",
            None,
            None,
            "Karin Holm",
            30,
        ),
        (
            ALVA,
            "assessment",
            "Läsa och skriva",
            "Alva känner igen alla bokstäver.",
            "Svenska",
            "Utvecklas",
            "Johan Lund",
            14,
        ),
        (
            ALVA,
            "documentation",
            "Anpassningar",
            "Bildstöd under hela dagen.",
            None,
            None,
            "Johan Lund",
            25,
        ),
        (
            ELSA,
            "documentation",
            "Höstens tema: Skogen",
            "Elsa har samlat löv och räknat kottar.",
            None,
            None,
            "Maja Ström",
            9,
        ),
        (
            SAGA,
            "assessment",
            "Skriftligt prov",
            "Saga skriver utförligt och korrekt.",
            "Engelska",
            "Goda kunskaper",
            "Erik Sand",
            10,
        ),
        (
            NOAH,
            "assessment",
            "Taluppfattning",
            "Noah räknar säkert till hundra.",
            "Matematik",
            "Godtagbara kunskaper",
            "Erik Sand",
            8,
        ),
    )
    conn.executemany(
        "INSERT INTO secure_items(child_id, box, title, body, subject, level, author, dated)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (c, box, title, body, subject, level, author, (t - timedelta(days=ago)).isoformat())
            for c, box, title, body, subject, level, author, ago in items
        ],
    )
