"""The bot's command menu, and what each command means to the conversation.

Most commands are only a shortcut for words the parser already understands
("/hjalp" is "hjälp"), so an errand never needs to know about commands. The
menu is set in Swedish (Telegram's default list) and in English for people
whose Telegram speaks English.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Bot, BotCommand

from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, translator


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    description: str
    # What the command says to the conversation; None: the channel answers it itself.
    as_text: str | None


START = "start"
LINKS = "kopplingar"
LOGOUT = "logout"

MENU = (
    Command("hjalp", N_("What I can help you with"), "hjälp"),
    Command("schema", N_("The schedule and preschool times"), "visa schemat"),
    Command("kalender", N_("What happens in the coming days"), "kalender"),
    Command("nyheter", N_("News from school and preschool"), "nyheter"),
    Command(LINKS, N_("Which chats are linked to your Hub account"), None),
    Command("support", N_("Talk to a person at the municipality"), "support"),
    Command(LOGOUT, N_("Unlink this chat from your Hub account"), "logga ut"),
)

ALIASES = {
    START: None,
    "help": "hjälp",
    "news": "nyheter",
    "calendar": "kalender",
    "loggaut": "logga ut",
    "links": None,
    "glom_mig": "glöm mig",
    "forget": "glöm mig",
}

# Commands the channel answers itself that show one person's account: never before a group.
# (Logout and erasure are words for the engine, which keeps its private-only errands private.)
PRIVATE_ONLY = frozenset({LINKS, "links"})


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    name: str
    argument: str


def parse_command(text: str, bot_username: str | None) -> ParsedCommand | None:
    """`/start CODE`, `/hjalp@hubbot_bot` → the command and its argument; else None.

    A command addressed to another bot in a group (`/start@otherbot`) is not ours.
    """
    if not text.startswith("/"):
        return None
    head, _, argument = text[1:].partition(" ")
    name, _, addressee = head.partition("@")
    if addressee and bot_username and addressee.casefold() != bot_username.casefold():
        return None
    if not name:
        return None
    return ParsedCommand(name.casefold(), argument.strip())


def without_mention(text: str, bot_username: str | None) -> str:
    """ "@hubbot_bot Elsa är sjuk" → "Elsa är sjuk": how a group addresses the bot."""
    if not bot_username:
        return text
    mention = "@" + bot_username.casefold()
    words = text.split()
    if words and words[0].casefold().rstrip(",:") == mention:
        return text.strip()[len(words[0]) :].strip()
    if words and words[-1].casefold() == mention:
        return text.strip()[: -len(words[-1])].strip()
    return text


def command_text(name: str) -> str | None:
    """The words a command stands for, if the conversation should hear it as text."""
    for command in MENU:
        if command.name == name:
            return command.as_text
    return ALIASES.get(name)


def is_known(name: str) -> bool:
    return name in ALIASES or any(c.name == name for c in MENU)


async def set_command_menu(bot: Bot) -> None:
    """The default language for everyone, each other language for Telegram apps set to it."""
    for lang in LANGUAGES:
        language_code = None if lang.code == DEFAULT_LANGUAGE else lang.code
        t = translator(lang.code)
        commands = [BotCommand(c.name, t.gettext(c.description)) for c in MENU]
        await bot.set_my_commands(commands, language_code=language_code)
