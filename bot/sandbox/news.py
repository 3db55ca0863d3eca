"""News for a child's groups and school, with downloadable attachments."""

from __future__ import annotations

import html
import sqlite3
from typing import Any

from bot.clock import Clock
from bot.sandbox import directory, errors, notifications
from bot.sandbox.dates import local_iso, now_stamp, unstamp
from bot.sandbox.directory import Child, Group
from bot.sandbox.errors import HubRefusal


def text_to_html(text: str) -> str:
    """Plain text from staff becomes the HTML paragraphs the Hub stores."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def _visibility(conn: sqlite3.Connection, child: Child) -> tuple[list[int], list[int]]:
    groups = directory.groups_of_child(conn, child.id)
    schools = sorted({child.school_id, *(g.school_id for g in groups)})
    return [g.id for g in groups], schools


def _attachments(conn: sqlite3.Connection, news_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT id, title, file_type, external_url FROM attachments WHERE news_id = ? ORDER BY id",
        (news_id,),
    )
    return [
        {
            "title": r["title"],
            "url": r["external_url"]
            or f"/Resources/Resource/Download/{r['id']}?api=IM2&moduleType=news",
            "fileType": r["file_type"],
        }
        for r in rows
    ]


def _wire(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    published = unstamp(row["published_at"])
    return {
        "id": row["id"],
        "title": row["title"],
        "content": row["content"],
        "publishedDate": local_iso(published),
        "publishedDateString": local_iso(published)[:10],
        "publishedBy": row["published_by"],
        "newsImageUrl": None,
        "newsThumbnailImageUrl": None,
        "attachments": _attachments(conn, row["id"]),
    }


def _visible_rows(conn: sqlite3.Connection, child: Child) -> list[sqlite3.Row]:
    group_ids, school_ids = _visibility(conn, child)
    groups_sql = ",".join("?" * len(group_ids)) or "NULL"
    schools_sql = ",".join("?" * len(school_ids)) or "NULL"
    return conn.execute(
        f"SELECT * FROM news WHERE group_id IN ({groups_sql}) OR"
        f" (group_id IS NULL AND school_id IN ({schools_sql}))"
        " ORDER BY published_at DESC, id DESC",
        (*group_ids, *school_ids),
    ).fetchall()


def news_list(
    conn: sqlite3.Connection, child: Child, page_size: int = -1, page: int = 1
) -> dict[str, Any]:
    rows = _visible_rows(conn, child)
    total = len(rows)
    if page_size > 0:
        start = max(page - 1, 0) * page_size
        rows = rows[start : start + page_size]
    return {"items": [_wire(conn, r) for r in rows], "totalItemCount": total}


def news_item(conn: sqlite3.Connection, child: Child, news_id: int) -> dict[str, Any]:
    for row in _visible_rows(conn, child):
        if row["id"] == news_id:
            return _wire(conn, row)
    raise HubRefusal(errors.NOT_FOUND, "Nyheten finns inte.")


def attachment(conn: sqlite3.Connection, attachment_id: int) -> tuple[str, str, bytes] | None:
    """(title, file type, bytes) of a stored attachment."""
    row = conn.execute(
        "SELECT title, file_type, content FROM attachments WHERE id = ? AND content IS NOT NULL",
        (attachment_id,),
    ).fetchone()
    return None if row is None else (row["title"], row["file_type"], bytes(row["content"]))


def publish(
    conn: sqlite3.Connection,
    clock: Clock,
    *,
    group: Group,
    title: str,
    html_content: str,
    published_by: str,
    attachment: dict[str, Any] | None = None,
    notify: bool = True,
) -> dict[str, Any]:
    """News to one group; everyone who reads one of its children hears of it."""
    news_id = conn.execute(
        "INSERT INTO news(group_id, title, content, published_at, published_by)"
        " VALUES (?, ?, ?, ?, ?)",
        (group.id, title, html_content, now_stamp(clock), published_by),
    ).lastrowid
    assert news_id is not None
    if attachment:
        add_attachment(conn, news_id, **attachment)
    if notify:
        for child in directory.children_in_group(conn, group.id):
            notifications.notify(
                conn,
                clock,
                directory.readers_of(conn, child.id),
                child,
                app_type="News",
                type_="NewsItem",
                entity="NewsItem",
                title=title,
                subtitle=group.name,
                url=notifications.news_url(news_id),
            )
    row = conn.execute("SELECT * FROM news WHERE id = ?", (news_id,)).fetchone()
    return _wire(conn, row)


def add_attachment(
    conn: sqlite3.Connection,
    news_id: int,
    title: str,
    url: str | None = None,
    content: bytes | None = None,
    file_type: str | None = None,
) -> int:
    kind = file_type or (title.rsplit(".", 1)[-1].lower() if "." in title else "link")
    cursor = conn.execute(
        "INSERT INTO attachments(news_id, title, file_type, content, external_url)"
        " VALUES (?, ?, ?, ?, ?)",
        (news_id, title, kind, content, url),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid
