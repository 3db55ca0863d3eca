"""A teacher's news: published on the Hub through the staff API, previewed, its reach shown."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from bot.push.audience import push_key
from bot.push.news import NEWS_KIND
from bot.storage.models import Direction
from bot.testing.conversation import BotHarness
from bot.web.console.news import news_key_prefix, news_opened_flag

from .conftest import sign_in

G_4B, G_7A = "101", "104"


def hub_news(bot: BotHarness) -> list[tuple[int, str, int]]:
    assert bot.app.sandbox is not None
    rows = bot.app.sandbox.conn.execute("SELECT id, title, group_id FROM news ORDER BY id")
    return [tuple(r) for r in rows]


async def test_the_teacher_sees_their_groups_and_a_preview_in_both_languages(
    bot: BotHarness, console: TestClient
) -> None:
    await sign_in(console, "larare")
    page = await (await console.get("/console/news")).text()
    assert "4B" in page and "Fritids Nordskolan" in page
    assert "7A" not in page, "only the teacher's own groups"
    token_page = await console.post(
        "/console/news/preview",
        data={
            "csrf_token": (await _token(console)),
            "group": G_4B,
            "title": "Utflykt på fredag",
            "text": "Ta med matsäck.",
        },
        headers={"X-Requested-With": "fetch"},
    )
    fragment = await token_page.text()
    assert token_page.status == 200
    assert "<html" not in fragment
    assert "Nyheter från 4B" in fragment or "4B" in fragment
    assert "Utflykt på fredag" in fragment
    assert 'lang="sv"' in fragment and 'lang="en"' in fragment
    assert "News from 4B" in fragment


async def _token(console: TestClient) -> str:
    from .conftest import csrf_of

    return csrf_of(await (await console.get("/console/news")).text())


async def test_publishing_goes_through_the_hub_and_is_audited(
    bot: BotHarness, console: TestClient
) -> None:
    before = hub_news(bot)
    token = await sign_in(console, "larare")
    answer = await console.post(
        "/console/news",
        data={
            "csrf_token": token,
            "group": G_4B,
            "title": "Utflykt på fredag",
            "text": "Ta med matsäck.\n\nVi är tillbaka 14.00.",
            "attachment_title": "Packlista",
            "attachment_url": "https://example.se/packlista.pdf",
        },
        allow_redirects=False,
    )
    assert answer.status == 303
    assert answer.headers["Location"] == "/console/news?published=1"
    new = [row for row in hub_news(bot) if row not in before]
    assert len(new) == 1 and new[0][1] == "Utflykt på fredag" and str(new[0][2]) == G_4B
    published = await bot.app.store.list_published_news("larare")
    assert [p.hub_news_id for p in published] == [str(new[0][0])]
    audit = await bot.app.store.list_audit()
    assert audit[0].action == "publish_news" and audit[0].actor == "larare"
    shown = await (await console.get(answer.headers["Location"])).text()
    assert "Publicerad till 1 grupp." in shown and "Utflykt på fredag" in shown


async def test_a_group_that_is_not_the_teachers_is_refused_before_the_hub(
    bot: BotHarness, console: TestClient
) -> None:
    before = hub_news(bot)
    token = await sign_in(console, "larare")
    answer = await console.post(
        "/console/news",
        data={"csrf_token": token, "group": G_7A, "title": "Hej", "text": "Text"},
    )
    assert answer.status == 400
    assert "Du kan inte publicera till den gruppen." in await answer.text()
    empty = await console.post(
        "/console/news", data={"csrf_token": token, "title": "", "text": ""}
    )
    assert empty.status == 400
    text = await empty.text()
    assert "Välj minst en grupp." in text and "Skriv en rubrik." in text
    assert hub_news(bot) == before


async def test_reach_counts_the_push_rows_and_the_chats_that_opened_it(
    bot: BotHarness, console: TestClient
) -> None:
    token = await sign_in(console, "larare")
    await console.post(
        "/console/news",
        data={"csrf_token": token, "group": G_4B, "title": "Läsårsstart", "text": "Välkomna!"},
    )
    (item,) = await bot.app.store.list_published_news("larare")
    anna = await bot.chat("anna")
    peter = await bot.chat("peter")
    store = bot.app.store
    # What the push side queues for each chat, under its own key.
    for chat in (anna, peter):
        link = await store.get_link(bot.app.member_of(chat.chat, chat.sender_id))
        assert link is not None
        key = push_key(NEWS_KIND, f"news:{item.hub_news_id}", link)
        assert key.startswith(news_key_prefix(item.hub_news_id))
        await store.enqueue(key, link.chat, {"kind": NEWS_KIND, "text": "📰"})
    (sent,) = await store.claim_due(
        1, now=bot.clock.now(), chat=bot.app.member_of(anna.chat, anna.sender_id).chat
    )
    await store.mark_sent(sent.id)
    anna_chat = bot.app.member_of(anna.chat, anna.sender_id).chat
    await store.append_log(
        anna_chat, Direction.IN, "läs", flags=[news_opened_flag(item.hub_news_id)]
    )
    page = await (await console.get("/console/news")).text()
    row = page[page.index("Läsårsstart") :].split("</tr>")[0]
    cells = [c.split(">")[-1] for c in row.split("</td>")[3:6]]
    assert cells == ["1", "1", "1"], row
