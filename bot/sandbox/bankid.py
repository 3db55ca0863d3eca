"""A stand-in for BankID: orders that a person approves on a "phone" page.

The states and their order are the ones public clients poll for (PENDING,
USER_SIGN, OK, CANCELLED, ERROR). The person's identity is their sandbox login.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.sandbox import directory
from bot.sandbox.dates import now_stamp, unstamp
from bot.sandbox.directory import Account

ORDER_LIFETIME = timedelta(minutes=3)

PENDING = "PENDING"
USER_SIGN = "USER_SIGN"
OK = "OK"
CANCELLED = "CANCELLED"
ERROR = "ERROR"

_OPEN = (PENDING, USER_SIGN)


@dataclass(frozen=True, slots=True)
class Order:
    id: str
    token: str
    state: str
    expected_login: str | None
    account_id: int | None
    return_url: str
    completed: bool


def start_order(
    conn: sqlite3.Connection, clock: Clock, *, expected_login: str | None, return_url: str
) -> Order:
    order = Order(
        id=secrets.token_hex(16),
        token=secrets.token_urlsafe(24),
        state=PENDING,
        expected_login=expected_login or None,
        account_id=None,
        return_url=return_url,
        completed=False,
    )
    conn.execute(
        "INSERT INTO bankid_orders(id, token, state, expected_login, return_url, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (order.id, order.token, order.state, order.expected_login, return_url, now_stamp(clock)),
    )
    return order


def get_order(conn: sqlite3.Connection, clock: Clock, order_id: str) -> Order | None:
    """The order with its current state; an open order past its lifetime turns ERROR."""
    row = conn.execute("SELECT * FROM bankid_orders WHERE id = ?", (order_id,)).fetchone()
    if row is None:
        return None
    state = row["state"]
    if state in _OPEN and clock.now() - unstamp(row["created_at"]) > ORDER_LIFETIME:
        state = ERROR
        _set_state(conn, order_id, ERROR)
    return Order(
        id=row["id"],
        token=row["token"],
        state=state,
        expected_login=row["expected_login"],
        account_id=row["account_id"],
        return_url=row["return_url"],
        completed=bool(row["completed"]),
    )


def state_of(conn: sqlite3.Connection, clock: Clock, order_id: str) -> str:
    order = get_order(conn, clock, order_id)
    return ERROR if order is None else order.state


def open_on_phone(conn: sqlite3.Connection, clock: Clock, order_id: str) -> Order | None:
    """Opening the app moves a pending order to USER_SIGN."""
    order = get_order(conn, clock, order_id)
    if order is not None and order.state == PENDING:
        _set_state(conn, order_id, USER_SIGN)
        return get_order(conn, clock, order_id)
    return order


def approve(conn: sqlite3.Connection, clock: Clock, order_id: str, login: str) -> str:
    """OK when the person exists (and is the one expected); ERROR otherwise."""
    order = get_order(conn, clock, order_id)
    if order is None:
        return ERROR
    if order.state not in _OPEN:
        return order.state
    account = directory.account_by_login(conn, login)
    expected = order.expected_login
    if account is None or (expected and expected.lower() != account.login.lower()):
        _set_state(conn, order_id, ERROR)
        return ERROR
    conn.execute(
        "UPDATE bankid_orders SET state = ?, account_id = ? WHERE id = ?",
        (OK, account.id, order_id),
    )
    return OK


def cancel(conn: sqlite3.Connection, clock: Clock, order_id: str) -> str:
    order = get_order(conn, clock, order_id)
    if order is None:
        return ERROR
    if order.state in _OPEN:
        _set_state(conn, order_id, CANCELLED)
        return CANCELLED
    return order.state


def complete(conn: sqlite3.Connection, clock: Clock, order_id: str) -> tuple[Account, str] | None:
    """Whom an approved order logs in, and where to go; each order completes once."""
    order = get_order(conn, clock, order_id)
    if order is None or order.state != OK or order.completed or order.account_id is None:
        return None
    account = directory.account_by_id(conn, order.account_id)
    if account is None:
        return None
    conn.execute("UPDATE bankid_orders SET completed = 1 WHERE id = ?", (order_id,))
    return account, order.return_url


def _set_state(conn: sqlite3.Connection, order_id: str, state: str) -> None:
    conn.execute("UPDATE bankid_orders SET state = ? WHERE id = ?", (state, order_id))
