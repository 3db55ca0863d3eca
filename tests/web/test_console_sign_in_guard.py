"""Sign-in that resists guessing and tells nothing: throttled, one answer, no Hub session left.

Everything goes through the real console form and the sandbox Hub's real login.
"""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient

from bot.testing.conversation import BotHarness
from bot.web.console.throttle import ADDRESS_TRIES, FREE_TRIES

from .conftest import csrf_of, sign_in

ERROR = re.compile(r'role="alert">([^<]+)<')


async def _try(console: TestClient, login: str, password: str) -> tuple[int, str]:
    page = await console.get("/console/login")
    answer = await console.post(
        "/console/login",
        data={"login": login, "password": password, "csrf_token": csrf_of(await page.text())},
        allow_redirects=False,
    )
    return answer.status, await answer.text()


def _logins(bot: BotHarness) -> int:
    assert bot.app.sandbox is not None
    return sum(
        1 for method, path in bot.app.sandbox.request_log if method == "POST" and "mentor" in path
    )


def _logouts(bot: BotHarness) -> int:
    assert bot.app.sandbox is not None
    return sum(1 for _, path in bot.app.sandbox.request_log if "logout" in path.lower())


async def test_every_wrong_combination_gets_one_answer(
    bot: BotHarness, console: TestClient
) -> None:
    answers = {
        who: await _try(console, login, password)
        for who, login, password in [
            ("staff, wrong password", "support", "fel"),
            ("guardian, right password", "anna", "demo"),
            ("student, right password", "nils", "demo"),
            ("unknown", "ingen-alls", "demo"),
        ]
    }
    statuses = {status for status, _ in answers.values()}
    assert statuses == {401}
    texts = {who: "".join(ERROR.findall(html)) or html for who, (_, html) in answers.items()}
    assert len(set(texts.values())) == 1, texts


async def test_the_hub_web_session_is_logged_out_whatever_the_answer(
    bot: BotHarness, console: TestClient
) -> None:
    assert bot.app.sandbox is not None
    bot.app.sandbox.request_log.clear()
    await _try(console, "anna", "demo")  # the Hub accepts the password; the console does not
    assert _logouts(bot) == 1
    await sign_in(console, "support")
    assert _logouts(bot) == 2


async def test_thirty_wrong_passwords_are_throttled(bot: BotHarness, console: TestClient) -> None:
    assert bot.app.sandbox is not None
    bot.app.sandbox.request_log.clear()
    statuses = [(await _try(console, "support", f"gissning{i}"))[0] for i in range(30)]
    assert statuses[:FREE_TRIES] == [401] * FREE_TRIES
    assert set(statuses[FREE_TRIES:]) == {429}
    # A throttled try never reaches the Hub.
    assert _logins(bot) == FREE_TRIES
    status, html = await _try(console, "support", "demo")
    assert status == 429 and "För många inloggningsförsök" in html

    # The wait grows: one minute after the fourth failure, then two, then four.
    bot.clock.advance(minutes=1, seconds=1)
    assert (await _try(console, "support", "fel igen"))[0] == 401
    bot.clock.advance(minutes=1, seconds=1)
    assert (await _try(console, "support", "fel igen"))[0] == 429
    bot.clock.advance(minutes=1)
    assert (await _try(console, "support", "demo"))[0] == 303  # the right one, after the wait
    # Signing in clears the account's count.
    console.session.cookie_jar.clear()
    assert (await _try(console, "support", "fel"))[0] == 401


async def test_one_address_trying_many_accounts_is_throttled(
    bot: BotHarness, console: TestClient
) -> None:
    statuses = [
        (await _try(console, f"person{i}", "gissning"))[0] for i in range(ADDRESS_TRIES + 2)
    ]
    assert statuses[:ADDRESS_TRIES] == [401] * ADDRESS_TRIES
    assert statuses[ADDRESS_TRIES:] == [429, 429]
    answer = await console.get("/console/login")
    assert answer.status == 200  # the form itself stays open


async def test_the_pages_own_polling_does_not_keep_a_session_alive(
    bot: BotHarness, console: TestClient
) -> None:
    await sign_in(console, "support")
    for _ in range(3):
        bot.clock.advance(minutes=5)
        poll = await console.get("/console/conversations/rows", allow_redirects=False)
        assert poll.status in (200, 304)
    # Three polls later the person has done nothing for 21 minutes: signed out.
    bot.clock.advance(minutes=6)
    assert (await console.get("/console/conversations/rows")).status == 401
    gone = await console.get("/console/conversations", allow_redirects=False)
    assert gone.status == 303 and gone.headers["Location"].startswith("/console/login")


async def test_support_of_another_municipality_sees_no_conversations(
    bot: BotHarness, console: TestClient
) -> None:
    # A session the sign-in itself produced: the Hub says which municipality.
    status, _ = await _try(console, "trollsupport", "demo")
    assert status == 303
    refused = await console.get("/console/conversations", allow_redirects=False)
    assert refused.status == 403
    console.session.cookie_jar.clear()
    await sign_in(console, "support")
    assert (await console.get("/console/conversations", allow_redirects=False)).status == 200
