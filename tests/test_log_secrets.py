"""The log filter masks secrets by value and by shape, in messages, arguments and tracebacks."""

from __future__ import annotations

import logging

import pytest

from bot.app.log_secrets import MASK, SecretFilter, mask

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.mark.parametrize(
    ("line", "gone"),
    [
        (f"HTTP Request: POST https://api.telegram.org/bot{TOKEN}/getUpdates", TOKEN),
        ("Authorization: Bearer eyJhbGciOi.payload.sig", "eyJhbGciOi.payload.sig"),
        ("Set-Cookie: ASP.NET_SessionId=abc123def456; path=/", "abc123def456"),
        ("GET /cb?code=ZXhjaGFuZ2U&state=s3cr3tstate", "ZXhjaGFuZ2U"),
        ("grant_type=refresh_token&refresh_token=rt-0123456789", "rt-0123456789"),
        ("login_ascx$txtLykilord=hemligt&password=hemligt", "hemligt"),
        ("opened https://t.me/hubbot_bot?start=Ab3dEf6hIj9kLmNo", "Ab3dEf6hIj9kLmNo"),
        ("chat sent /start Ab3dEf6hIj9kLmNo", "Ab3dEf6hIj9kLmNo"),
        ("page http://127.0.0.1:8080/link/Zk9-xq_2LmNoPqRsTuV", "Zk9-xq_2LmNoPqRsTuV"),
    ],
)
def test_known_shapes_are_masked(line: str, gone: str) -> None:
    masked = mask(line)
    assert gone not in masked and MASK in masked


def test_configured_values_are_masked_anywhere() -> None:
    assert mask("key is hunter2hunter2!", ["hunter2hunter2"]) == f"key is {MASK}!"


def test_ordinary_text_is_left_alone() -> None:
    text = "summary round 2026-12-02 18:00: 12 chats, 3 skipped (Elsa 7.30-16)"
    assert mask(text) == text


def test_the_filter_masks_arguments_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.secrets")
    caplog.handler.addFilter(SecretFilter(["a-webhook-secret"]))
    with caplog.at_level(logging.INFO, logger="test.secrets"):
        logger.info("posting to %s with %s", f"/bot{TOKEN}/sendMessage", "a-webhook-secret")
        try:
            raise RuntimeError(f"failed https://api.telegram.org/bot{TOKEN}/x")
        except RuntimeError:
            logger.exception("send failed")
    text = caplog.text
    assert TOKEN not in text and "a-webhook-secret" not in text
    assert text.count(MASK) >= 3
