"""The stand-in BankID flow and the secure boxes that need it."""

from __future__ import annotations

import re

from bot.sandbox.demo import ELSA, NILS

ASSESSMENT = "/assessmentv2/assessmentv2/appData"
DOCUMENTATION = "/documentation/documentation/appData"


async def start_order(b, **body) -> str:
    answer = await b.post("/sso/bankid/initialize", body)
    assert answer.status == 200
    assert set(answer.data) == {"order", "token"}
    return answer.data["order"]


async def state(b, order: str) -> str:
    return (await b.get(f"/sso/bankid/verifyorder?order={order}")).data["state"]


async def approve(phone, order: str, login: str, action: str = "approve"):
    return await phone.request(
        "POST", "/sso/bankid/approve", form={"order": order, "login": login, "action": action}
    )


async def test_order_goes_pending_user_sign_ok_and_logs_in(browser):
    bot, phone = browser(), browser()
    order = await start_order(bot, login="anna", ReturnUrl="/attendance")
    assert await state(bot, order) == "PENDING"
    page = await phone.get(f"/sso/bankid/approve?order={order}")
    assert "Godkänn" in page.text and "Avbryt" in page.text and 'value="anna"' in page.text
    assert await state(bot, order) == "USER_SIGN"
    result = await approve(phone, order, "anna")
    assert 'data-state="OK"' in result.text
    assert await state(bot, order) == "OK"
    done = await bot.get(f"/sso/bankid/complete?order={order}")
    assert done.status == 302 and done.headers["Location"] == "/attendance"
    assert {c.key for c in bot.jar} >= {"ASP.NET_SessionId", "IMHome"}
    home = await bot.home()
    assert home["account"]["currentUser"]["name"] == "Anna Lindqvist"
    assert (await bot.post(ASSESSMENT)).status == 200


async def test_the_start_page_offers_open_bankid_and_polls(browser):
    b = browser()
    page = await b.get("/sso/bankid?ReturnUrl=/assessmentv2/assessmentv2")
    assert page.status == 200 and "Öppna BankID" in page.text
    order = re.search(r'data-order="([0-9a-f]+)"', page.text)
    assert order
    assert f"/sso/bankid/approve?order={order[1]}" in page.text
    assert "/sso/bankid/verifyorder?order=" in page.text
    assert await state(b, order[1]) == "PENDING"


async def test_cancel_gives_cancelled_and_no_session(browser):
    bot, phone = browser(), browser()
    order = await start_order(bot)
    await phone.get(f"/sso/bankid/approve?order={order}")
    await approve(phone, order, "anna", action="cancel")
    assert await state(bot, order) == "CANCELLED"
    assert (await bot.get(f"/sso/bankid/complete?order={order}")).status == 400
    assert (await bot.post(ASSESSMENT)).is_dead_session


async def test_orders_expire_after_three_minutes(clock, browser):
    bot = browser()
    order = await start_order(bot)
    clock.advance(minutes=2, seconds=59)
    assert await state(bot, order) == "PENDING"
    clock.advance(seconds=2)
    assert await state(bot, order) == "ERROR"
    assert await state(bot, "no-such-order") == "ERROR"


async def test_unknown_person_or_the_wrong_person_is_an_error(browser):
    bot, phone = browser(), browser()
    order = await start_order(bot)
    await approve(phone, order, "nobody")
    assert await state(bot, order) == "ERROR"
    order = await start_order(bot, login="anna")
    await approve(phone, order, "peter")
    assert await state(bot, order) == "ERROR"


async def test_an_order_completes_only_once(browser):
    bot, phone, thief = browser(), browser(), browser()
    order = await start_order(bot)
    await approve(phone, order, "sara")
    assert (await bot.get(f"/sso/bankid/complete?order={order}")).status == 302
    assert (await thief.get(f"/sso/bankid/complete?order={order}")).status == 400


async def test_bankid_freshens_the_same_persons_session(signed_in, browser):
    bot = await signed_in("anna", ELSA)
    before = {c.key: c.value for c in bot.jar}
    refused = await bot.post(DOCUMENTATION)
    assert refused.status == 403
    assert refused.data["errorCode"] == "BANKID_REQUIRED"
    assert refused.data["loginUrl"] == "/sso/bankid?ReturnUrl=/documentation/documentation"
    order = await start_order(bot)
    await approve(browser(), order, "anna")
    assert (await bot.get(f"/sso/bankid/complete?order={order}")).status == 302
    assert {c.key: c.value for c in bot.jar} == before  # same session, same pupil
    data = (await bot.post(DOCUMENTATION)).data
    assert data["pupilName"] == "Lindqvist, Elsa"
    assert data["items"][0]["title"] == "Höstens tema: Skogen"


async def test_secure_boxes_need_a_bankid_login_in_the_last_20_minutes(clock, browser):
    bot = browser()
    order = await start_order(bot, login="anna")
    await approve(browser(), order, "anna")
    await bot.get(f"/sso/bankid/complete?order={order}")
    await bot.switch(NILS)
    data = (await bot.post(ASSESSMENT)).data
    assert {s["subject"] for s in data["subjects"]} == {"Matematik", "Svenska", "Engelska"}
    clock.advance(minutes=19)
    assert (await bot.post(ASSESSMENT)).status == 200
    clock.advance(minutes=2)
    refused = await bot.post(ASSESSMENT)
    assert refused.status == 403
    assert refused.data == {
        "success": False,
        "errorCode": "BANKID_REQUIRED",
        "message": refused.data["message"],
        "loginUrl": "/sso/bankid?ReturnUrl=/assessmentv2/assessmentv2",
    }


async def test_password_sessions_are_refused_secure_boxes(signed_in):
    b = await signed_in("anna", NILS)
    answer = await b.post(ASSESSMENT)
    assert answer.status == 403 and answer.data["errorCode"] == "BANKID_REQUIRED"


async def test_a_preschool_child_has_no_assessment_box(signed_in):
    b = await signed_in("anna", ELSA)
    answer = await b.post(ASSESSMENT)
    assert answer.status == 200
    assert answer.text.startswith("<!DOCTYPE html>") and "IMHome" in answer.text
