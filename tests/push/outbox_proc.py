"""A delivering process for the SIGKILL test: the outbox in DATA_DIR, to a fake Bot API.

    python tests/push/outbox_proc.py DATA_DIR BASE_URL TOKEN [--rate N] [--chat-rate N]

It does what a starting bot does (in-flight rows back to pending), then delivers
until nothing is due, and exits 0. The test kills it mid-delivery with SIGKILL
and starts it again.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bot.clock import SystemClock  # noqa: E402
from bot.push.outbox_worker import OutboxWorker  # noqa: E402
from bot.push.pacing import ChannelLimits, SendPacer  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.storage import open_store  # noqa: E402
from push.support import TELEGRAM, PtbSender, fake_bot  # noqa: E402


async def deliver(args: argparse.Namespace) -> int:
    clock = SystemClock()
    store = await open_store(Settings(data_dir=Path(args.data_dir), _env_file=None), clock)
    try:
        await store.requeue_in_flight()
        async with fake_bot(args.base_url, args.token) as bot:
            limits = ChannelLimits(overall_per_second=args.rate, chat_per_second=args.chat_rate)
            worker = OutboxWorker(
                store,
                {TELEGRAM: PtbSender(bot)},
                clock,
                pacers={TELEGRAM: SendPacer(limits)},
                concurrency=16,
            )
            while await worker.drain():
                pass
    finally:
        await store.close()
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir")
    ap.add_argument("base_url")
    ap.add_argument("token")
    ap.add_argument("--rate", type=float, default=400.0)
    ap.add_argument("--chat-rate", type=float, default=20.0)
    return asyncio.run(deliver(ap.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
