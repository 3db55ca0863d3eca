"""Test hooks: injected 429/503, outages, and the request log."""

from __future__ import annotations

import aiohttp
import pytest

from bot.sandbox.demo import NILS

NEWS = "/Communication/News/GetNewsList"


async def test_fail_next_with_retry_after_then_recovers(hub, signed_in):
    b = await signed_in("anna", NILS)
    hub.fail_next("getnewslist", 429, retry_after=30, times=2)
    for _ in range(2):
        answer = await b.post(NEWS)
        assert answer.status == 429 and answer.headers["Retry-After"] == "30"
    assert (await b.post(NEWS)).status == 200


async def test_fail_next_only_hits_matching_paths(hub, signed_in):
    b = await signed_in("anna", NILS)
    hub.fail_next("/attendance/", 503)
    assert (await b.post(NEWS)).status == 200
    failed = await b.post("/attendance/attendance/appData")
    assert failed.status == 503 and "Retry-After" not in failed.headers
    assert (await b.post("/attendance/attendance/appData")).status == 200


async def test_set_down_is_a_full_outage(hub, signed_in):
    b = await signed_in("anna", NILS)
    hub.set_down(True)
    assert (await b.post(NEWS)).status == 503
    assert (await b.get("/")).status == 503
    hub.set_down(False)
    assert (await b.post(NEWS)).status == 200


async def test_request_log_counts_hub_reads(hub, signed_in):
    b = await signed_in("anna", NILS)
    hub.request_log.clear()
    await b.post(NEWS)
    await b.post("/communication/news/getnewslist")
    await b.post("/attendance/attendance/appData")
    assert hub.request_log == [
        ("POST", NEWS),
        ("POST", "/communication/news/getnewslist"),
        ("POST", "/attendance/attendance/appData"),
    ]
    assert hub.reads("GetNewsList") == 2
    assert hub.base_url and hub.base_url.startswith("http://127.0.0.1:")


async def test_lose_answer_does_the_work_but_drops_the_connection(hub, signed_in):
    b = await signed_in("anna", NILS)
    hub.lose_answer_next("createLeaveRequest")
    body = {"startDate": "2026-12-14", "endDate": "2026-12-15", "comment": ""}
    with pytest.raises(aiohttp.ClientError):
        await b.post("/attendance/attendance/createLeaveRequest", body)
    assert [r["from"] for r in hub.state()["leave_requests"]] == ["2026-12-14"]
    assert (await b.post("/attendance/attendance/GetLeaveRequestList")).status == 200
