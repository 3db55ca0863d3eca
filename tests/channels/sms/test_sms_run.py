"""`python -m bot run` with SMS, as an outside check runs it: a process, a gateway, a phone.

The fake 46elks gateway runs here; the bot is a separate process configured
only by the documented settings. A guardian texts it, opens the link it sends,
logs in on the Hub, texts back the code the page shows, reports an absence by SMS with a numbered answer, and the
absence is on the sandbox Hub (read with `python -m bot hub state`).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from bot.testing import FakeSmsGateway

from ..support import browse
from ..test_runner import PATIENCE_S, ROOT, stop
from .support import link_in

NUMBER = "+46705550123"
SECRET = "run-hook-secret"


async def _start(
    data_dir: Path, fake: FakeSmsGateway
) -> tuple[asyncio.subprocess.Process, dict[str, str]]:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HUBBOT_")},
        "HUBBOT_DATA_DIR": str(data_dir),
        "HUBBOT_WEB_PORT": "0",
        "HUBBOT_SMS_API_URL": fake.base_url,
        "HUBBOT_SMS_USERNAME": fake.username,
        "HUBBOT_SMS_PASSWORD": fake.password,
        "HUBBOT_SMS_FROM": "+46766860000",
        "HUBBOT_SMS_WEBHOOK_SECRET": SECRET,
        "HUBBOT_LOG_LEVEL": "INFO",
        "PYTHONPATH": str(ROOT),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--now", "2026-11-26T07:30:00+01:00",
        cwd=data_dir, env=environment, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    pages: dict[str, str] = {}
    assert process.stdout is not None
    while not {"console", "link", "sms"} <= set(pages):
        line = await asyncio.wait_for(process.stdout.readline(), PATIENCE_S)
        if not line:
            stderr = await process.stderr.read() if process.stderr else b""
            raise AssertionError(f"bot exited early:\n{stderr.decode()}")
        name, _, url = line.decode().strip().partition(": ")
        pages[name] = url
    return process, pages


async def _hub_state(data_dir: Path) -> dict[str, list[dict[str, str]]]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "hub", "state",
        cwd=data_dir, env={**os.environ, "HUBBOT_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(process.communicate(), PATIENCE_S)
    return json.loads(out)


async def test_run_texts_links_and_reports_an_absence_found_on_the_hub(tmp_path: Path) -> None:
    async with FakeSmsGateway() as fake:
        process, pages = await _start(tmp_path, fake)
        try:
            incoming = pages["sms"]
            assert incoming.startswith("http://127.0.0.1:") and incoming.endswith("/sms/incoming")
            hook = f"{incoming}?secret={SECRET}"
            assert await fake.text(incoming, NUMBER, "Hej") == 403  # no secret, no entry

            assert await fake.text(hook, NUMBER, "Hej") == 200
            welcome = await fake.wait_for(NUMBER, 1, timeout=PATIENCE_S)
            await asyncio.sleep(0.3)  # a welcome may be two SMS
            page = await browse(link_in(fake.texts_to(NUMBER)), login="anna")
            assert page.status == 200, page.html
            count = len(fake.to(NUMBER))
            # The page shows a one-time code (data-link-code); the number that texts it is linked.
            assert await fake.text(hook, NUMBER, page.link_code) == 200
            await fake.wait_for(NUMBER, count + 1, timeout=PATIENCE_S)
            assert "Välkommen, Anna" in fake.texts_to(NUMBER)[-1]
            assert welcome[0].sender == "+46766860000"

            count = len(fake.to(NUMBER))
            assert await fake.text(hook, NUMBER, "Elsa är sjuk idag") == 200
            await fake.wait_for(NUMBER, count + 1, timeout=PATIENCE_S)
            question = fake.texts_to(NUMBER)[-1]
            assert "Svara 1 för Ja, 2 för Nej" in question, question

            count = len(fake.to(NUMBER))
            assert await fake.text(hook, NUMBER, "1") == 200
            await fake.wait_for(NUMBER, count + 1, timeout=PATIENCE_S)
            assert "Elsa" in fake.texts_to(NUMBER)[-1]

            state = await _hub_state(tmp_path)
            assert [(a["child"], a["date"], a["reported_by"]) for a in state["absences"]] == [
                ("Elsa", "2026-11-26", "anna")
            ]
            assert await stop(process) == 0
            assert process.stderr is not None
            log = (await process.stderr.read()).decode()
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    # Neither the number nor the webhook secret nor the gateway password is in the log.
    for secret in (NUMBER, NUMBER.lstrip("+"), SECRET, fake.password):
        assert secret not in log
