"""`python -m bot run` as the checks run it: a process, its stdout, SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

from bot.channels.telegram.webhook import SECRET_HEADER
from bot.testing import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]
CHAT = 4711
# Only bounds a failing test: the process answers well within it.
PATIENCE_S = 30.0


@asynccontextmanager
async def running_bot(
    data_dir: Path, **env: str
) -> AsyncIterator[tuple[asyncio.subprocess.Process, dict[str, str]]]:
    environment = {
        **os.environ,
        "HUBBOT_DATA_DIR": str(data_dir),
        "HUBBOT_WEB_PORT": "0",
        "PYTHONPATH": str(ROOT),
        "PTB_TIMEDELTA": "true",
        **env,
    }
    for name in ("HUBBOT_TELEGRAM_TOKEN", "HUBBOT_TELEGRAM_WEBHOOK_URL"):
        if name not in env:
            environment.pop(name, None)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--now",
        "2026-11-26T07:30:00+01:00",
        cwd=data_dir,
        env=environment,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        pages: dict[str, str] = {}
        assert process.stdout is not None
        while not {"console", "link"} <= set(pages):
            line = await asyncio.wait_for(process.stdout.readline(), PATIENCE_S)
            if not line:
                stderr = await process.stderr.read() if process.stderr else b""
                raise AssertionError(f"bot exited early:\n{stderr.decode()}")
            name, _, url = line.decode().strip().partition(": ")
            pages[name] = url
        yield process, pages
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def stop(process: asyncio.subprocess.Process) -> int:
    process.send_signal(signal.SIGTERM)
    return await asyncio.wait_for(process.wait(), PATIENCE_S)


async def test_without_a_token_it_serves_the_pages_and_stops_on_sigterm(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as (process, pages):
        assert pages["console"].startswith("http://127.0.0.1:")
        assert pages["console"].endswith("/console/")
        assert pages["link"].startswith("http://127.0.0.1:") and pages["link"].endswith("/link/")
        async with aiohttp.ClientSession() as http:
            answer = await http.get(pages["link"] + "not-a-state")
            assert answer.status == 400
        assert await stop(process) == 0


async def test_with_a_token_it_serves_telegram_by_long_polling(tmp_path: Path) -> None:
    async with FakeBotApi() as fake:
        env = {"HUBBOT_TELEGRAM_TOKEN": fake.token, "HUBBOT_TELEGRAM_API_URL": fake.base_url}
        async with running_bot(tmp_path, **env) as (process, pages):
            fake.push_text(CHAT, "/start")
            [welcome] = await fake.wait_for(CHAT, 1, timeout=PATIENCE_S)
            [[(_label, url)]] = welcome.buttons
            assert url and url.startswith(pages["link"])
            assert fake.commands(language_code="en")
            assert await stop(process) == 0


async def test_with_a_webhook_url_updates_come_to_the_bots_own_server(tmp_path: Path) -> None:
    async with FakeBotApi() as fake:
        env = {
            "HUBBOT_TELEGRAM_TOKEN": fake.token,
            "HUBBOT_TELEGRAM_API_URL": fake.base_url,
            "HUBBOT_TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg/hook",
            "HUBBOT_TELEGRAM_WEBHOOK_SECRET": "hook-secret",
        }
        async with running_bot(tmp_path, **env) as (process, pages):
            await fake.wait_for_call("setWebhook", timeout=PATIENCE_S)
            assert fake.webhook_url == "https://bot.example.org/tg/hook"
            assert fake.count("getUpdates") == 0
            hook = pages["link"].removesuffix("/link/") + "/tg/hook"
            update = {
                "update_id": 9,
                "message": {
                    "message_id": 1,
                    "date": 1_795_674_600,
                    "chat": {"id": CHAT, "type": "private", "first_name": "Anna"},
                    "from": {"id": CHAT, "is_bot": False, "first_name": "Anna"},
                    "text": "hej",
                },
            }
            async with aiohttp.ClientSession() as http:
                refused = await http.post(hook, json=update, headers={SECRET_HEADER: "nope"})
                assert refused.status == 403
                taken = await http.post(hook, json=update, headers={SECRET_HEADER: "hook-secret"})
                assert taken.status == 200
            [welcome] = await fake.wait_for(CHAT, 1, timeout=PATIENCE_S)
            assert welcome.buttons
            assert await stop(process) == 0


async def test_the_log_at_info_holds_no_token_and_no_link_state(tmp_path: Path) -> None:
    async with FakeBotApi() as fake:
        env = {
            "HUBBOT_TELEGRAM_TOKEN": fake.token,
            "HUBBOT_TELEGRAM_API_URL": fake.base_url,
            "HUBBOT_LOG_LEVEL": "DEBUG",
        }
        async with running_bot(tmp_path, **env) as (process, _pages):
            fake.push_text(CHAT, "/start")
            [welcome] = await fake.wait_for(CHAT, 1, timeout=PATIENCE_S)
            [[(_label, url)]] = welcome.buttons
            state = url.rsplit("/", 1)[-1]
            assert await stop(process) == 0
            assert process.stderr is not None
            log = (await process.stderr.read()).decode()
    token_secret = fake.token.split(":", 1)[1]
    assert "getUpdates" in log, "at DEBUG the log tells of the Bot API calls"
    assert fake.token not in log and token_secret not in log
    assert state not in log
