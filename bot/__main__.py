"""`python -m bot COMMAND …`: each command lives in the module that owns it.

Sub-modules are imported only when their command runs, so `parse` starts
without loading Telegram, aiohttp or the database.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module

COMMANDS: dict[str, tuple[str, str]] = {
    "parse": ("bot.nlu.cli", "turn messages into commands (the parse contract)"),
    "chat": ("bot.app.chat", "chat with the bot in the terminal as a sandbox Hub user"),
    "run": ("bot.app.runner", "run the bot: Telegram or terminal, web pages, pushes"),
    "hub": ("bot.sandbox.cli", "the embedded sandbox Hub: serve, state, staff"),
}


def usage() -> str:
    lines = ["usage: python -m bot COMMAND [options]", "", "commands:"]
    lines += [f"  {name:7} {about}" for name, (_, about) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = import_module(COMMANDS[name][0])
    entry: Callable[[list[str]], int] = module.main
    return int(entry(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
