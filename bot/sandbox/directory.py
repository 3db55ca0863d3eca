"""Who is who in the sandbox: accounts, children, their groups and schools.

Every other module asks here whether an account may see a child or act on a
group, so the access rules live in one place.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.sandbox import errors
from bot.sandbox.errors import HubRefusal

# Cheap parameters on purpose: these are demo passwords, and tests seed many databases.
_HASHER = PasswordHasher(time_cost=1, memory_cost=4096, parallelism=1)

GUARDIAN = "guardian"
STUDENT = "student"
TEACHER = "teacher"
SUPPORT = "support"

USER_TYPES = {GUARDIAN: "Guardian", STUDENT: "Pupil", TEACHER: "Teacher", SUPPORT: "Support"}


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    login: str
    first_name: str
    last_name: str
    role: str
    child_id: int | None
    municipality: str = "vanersborg"

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def user_type(self) -> str:
        return USER_TYPES[self.role]

    @property
    def is_guardian(self) -> bool:
        return self.role == GUARDIAN

    @property
    def is_student(self) -> bool:
        return self.role == STUDENT

    @property
    def is_staff(self) -> bool:
        return self.role in (TEACHER, SUPPORT)


@dataclass(frozen=True, slots=True)
class Child:
    id: int
    first_name: str
    last_name: str
    year: int | None
    im2_id: int
    school_id: int
    school_name: str
    apps: tuple[str, ...]

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def hub_name(self) -> str:
        """The Hub writes pupils as "Efternamn, Förnamn"."""
        return f"{self.last_name}, {self.first_name}"

    @property
    def switch_id(self) -> int:
        """The SwitchPupil id (the last part of `switchPupilUrl`); the sandbox's own key."""
        return self.id

    @property
    def pupil_id(self) -> str:
        """homeData `pupils[].id`: a string in its own id space, not the SwitchPupil id."""
        return pupil_id_of(self.id)

    @property
    def source_id(self) -> str:
        """`hybridMappingId` on the home page, `pupilSourceId` on notifications: the same text."""
        return source_id_of(self.school_id, self.id)


def pupil_id_of(child_id: int) -> str:
    """Designed: ten digits like the public samples ("2000010100"), derived from our key."""
    return str(2_000_000_000 + child_id * 100)


def source_id_of(school_id: int, child_id: int) -> str:
    """`<school>|<pupil id>|NEMANDI_SKOLI`, the composite shape of deformentor-cli's sample."""
    return f"SBX-{school_id}|{pupil_id_of(child_id)}|NEMANDI_SKOLI"


@dataclass(frozen=True, slots=True)
class Group:
    id: int
    name: str
    kind: str
    school_id: int
    school_name: str
    locks_day_before: bool
    opening_time: str
    closing_time: str
    absence_cutoff: str

    def wire(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "school": self.school_name}


_ACCOUNT_COLS = "id, login, first_name, last_name, role, child_id, municipality"
_ACCOUNT_COLS_A = "a.id, a.login, a.first_name, a.last_name, a.role, a.child_id, a.municipality"
_CHILD_SELECT = (
    "SELECT c.id, c.first_name, c.last_name, c.year, c.im2_id, c.school_id, s.name AS school_name,"
    " c.apps FROM children c JOIN schools s ON s.id = c.school_id"
)
_GROUP_SELECT = (
    "SELECT g.id, g.name, g.kind, g.school_id, s.name AS school_name, g.locks_day_before,"
    " s.opening_time, s.closing_time, s.absence_cutoff FROM groups g"
    " JOIN schools s ON s.id = g.school_id"
)


def _account(row: sqlite3.Row) -> Account:
    return Account(
        row["id"],
        row["login"],
        row["first_name"],
        row["last_name"],
        row["role"],
        row["child_id"],
        row["municipality"],
    )


def _child(row: sqlite3.Row) -> Child:
    return Child(
        id=row["id"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        year=row["year"],
        im2_id=row["im2_id"],
        school_id=row["school_id"],
        school_name=row["school_name"],
        apps=tuple(app for app in row["apps"].split(",") if app),
    )


def _group(row: sqlite3.Row) -> Group:
    return Group(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        school_id=row["school_id"],
        school_name=row["school_name"],
        locks_day_before=bool(row["locks_day_before"]),
        opening_time=row["opening_time"],
        closing_time=row["closing_time"],
        absence_cutoff=row["absence_cutoff"],
    )


# -- accounts -----------------------------------------------------------------------------------


def account_by_login(conn: sqlite3.Connection, login: str) -> Account | None:
    row = conn.execute(
        f"SELECT {_ACCOUNT_COLS} FROM accounts WHERE login = ?", (login.strip(),)
    ).fetchone()
    return None if row is None else _account(row)


def account_by_id(conn: sqlite3.Connection, account_id: int) -> Account | None:
    row = conn.execute(
        f"SELECT {_ACCOUNT_COLS} FROM accounts WHERE id = ?", (account_id,)
    ).fetchone()
    return None if row is None else _account(row)


def check_password(conn: sqlite3.Connection, login: str, password: str) -> Account | None:
    """The account when the password is right, else None (same answer for an unknown login)."""
    row = conn.execute(
        f"SELECT {_ACCOUNT_COLS}, password_hash FROM accounts WHERE login = ?", (login.strip(),)
    ).fetchone()
    if row is None or not password_matches(row["password_hash"], password):
        return None
    return _account(row)


def all_accounts(conn: sqlite3.Connection) -> list[Account]:
    return [_account(r) for r in conn.execute(f"SELECT {_ACCOUNT_COLS} FROM accounts ORDER BY id")]


# -- children -----------------------------------------------------------------------------------


def child_by_id(conn: sqlite3.Connection, child_id: int) -> Child | None:
    row = conn.execute(f"{_CHILD_SELECT} WHERE c.id = ?", (child_id,)).fetchone()
    return None if row is None else _child(row)


def children_of(conn: sqlite3.Connection, account: Account) -> list[Child]:
    """The pupils an account sees: a guardian's children, a student themself, staff none."""
    if account.is_student and account.child_id is not None:
        child = child_by_id(conn, account.child_id)
        return [] if child is None else [child]
    if not account.is_guardian:
        return []
    rows = conn.execute(
        f"{_CHILD_SELECT} JOIN guardianships g ON g.child_id = c.id"
        " WHERE g.account_id = ? ORDER BY c.year IS NULL, c.first_name",
        (account.id,),
    )
    return [_child(r) for r in rows]


def find_child(conn: sqlite3.Connection, ref: str | int) -> Child:
    """A child by SwitchPupil id, first name, or full name (case-insensitive)."""
    text = str(ref).strip()
    if text.isdigit():
        child = child_by_id(conn, int(text))
        if child is not None:
            return child
    rows = conn.execute(
        f"{_CHILD_SELECT} WHERE lower(c.first_name) = lower(?)"
        " OR lower(c.first_name || ' ' || c.last_name) = lower(?)",
        (text, text),
    ).fetchall()
    if len(rows) == 1:
        return _child(rows[0])
    if len(rows) > 1:
        raise HubRefusal(errors.INVALID, f"Flera barn heter {text}; ange hela namnet.")
    raise HubRefusal(errors.NOT_FOUND, f"Det finns inget barn som heter {text}.")


def guardians_of(conn: sqlite3.Connection, child_id: int) -> list[Account]:
    rows = conn.execute(
        f"SELECT {_ACCOUNT_COLS_A} FROM accounts a"
        " JOIN guardianships g ON g.account_id = a.id WHERE g.child_id = ? ORDER BY a.id",
        (child_id,),
    )
    return [_account(r) for r in rows]


def student_account_of(conn: sqlite3.Connection, child_id: int) -> Account | None:
    row = conn.execute(
        f"SELECT {_ACCOUNT_COLS} FROM accounts WHERE child_id = ? AND role = ?",
        (child_id, STUDENT),
    ).fetchone()
    return None if row is None else _account(row)


def readers_of(conn: sqlite3.Connection, child_id: int) -> list[Account]:
    """Everyone who sees this child's Hub: guardians and the child's own login."""
    people = guardians_of(conn, child_id)
    student = student_account_of(conn, child_id)
    return [*people, student] if student is not None else people


def teachers_of(conn: sqlite3.Connection, child_id: int) -> list[Account]:
    rows = conn.execute(
        f"SELECT DISTINCT {_ACCOUNT_COLS_A} FROM accounts a"
        " JOIN staff_groups sg ON sg.account_id = a.id"
        " JOIN memberships m ON m.group_id = sg.group_id"
        " WHERE m.child_id = ? AND a.role = ? ORDER BY a.id",
        (child_id, TEACHER),
    )
    return [_account(r) for r in rows]


def may_see_child(conn: sqlite3.Connection, account: Account, child_id: int) -> bool:
    return any(child.id == child_id for child in children_of(conn, account))


# -- groups -------------------------------------------------------------------------------------


def groups_of_child(conn: sqlite3.Connection, child_id: int) -> list[Group]:
    rows = conn.execute(
        f"{_GROUP_SELECT} JOIN memberships m ON m.group_id = g.id WHERE m.child_id = ?"
        " ORDER BY g.id",
        (child_id,),
    )
    return [_group(r) for r in rows]


def main_group(conn: sqlite3.Connection, child_id: int) -> Group:
    """The class or preschool unit: where news "to the child's group" goes."""
    groups = groups_of_child(conn, child_id)
    for group in groups:
        if group.kind in ("class", "preschool"):
            return group
    if groups:
        return groups[0]
    raise HubRefusal(errors.NOT_FOUND, "Barnet har ingen grupp.")


def timereg_group(conn: sqlite3.Connection, child_id: int) -> Group | None:
    """The preschool or fritids group whose times and lock rule the child follows."""
    for group in groups_of_child(conn, child_id):
        if group.kind in ("preschool", "fritids"):
            return group
    return None


def group_by_id(conn: sqlite3.Connection, group_id: int) -> Group | None:
    row = conn.execute(f"{_GROUP_SELECT} WHERE g.id = ?", (group_id,)).fetchone()
    return None if row is None else _group(row)


def find_group(conn: sqlite3.Connection, ref: str | int) -> Group:
    text = str(ref).strip()
    if text.isdigit():
        group = group_by_id(conn, int(text))
        if group is not None:
            return group
    row = conn.execute(f"{_GROUP_SELECT} WHERE lower(g.name) = lower(?)", (text,)).fetchone()
    if row is None:
        raise HubRefusal(errors.NOT_FOUND, f"Det finns ingen grupp som heter {text}.")
    return _group(row)


def all_groups(conn: sqlite3.Connection) -> list[Group]:
    return [_group(r) for r in conn.execute(f"{_GROUP_SELECT} ORDER BY g.id")]


def staff_groups(conn: sqlite3.Connection, account: Account) -> list[Group]:
    """A teacher's own groups; support staff reach every group."""
    if account.role == SUPPORT:
        return all_groups(conn)
    if account.role != TEACHER:
        return []
    rows = conn.execute(
        f"{_GROUP_SELECT} JOIN staff_groups sg ON sg.group_id = g.id WHERE sg.account_id = ?"
        " ORDER BY g.id",
        (account.id,),
    )
    return [_group(r) for r in rows]


def children_in_group(conn: sqlite3.Connection, group_id: int) -> list[Child]:
    rows = conn.execute(
        f"{_CHILD_SELECT} JOIN memberships m ON m.child_id = c.id WHERE m.group_id = ?"
        " ORDER BY c.first_name",
        (group_id,),
    )
    return [_child(r) for r in rows]
