"""Word lists more than one part of the bot must agree on.

The parser's health guard (`bot.nlu`) and the log redactor (`bot.storage`) must
recognise the same health words, or one of them leaks what the other caught.
Neither may import the other, so the lexicon lives here, beside them: pure
data and pure functions, importing nothing of the bot.
"""

from bot.lexicon.health import fold, health_word, phrase_runs

__all__ = ["fold", "health_word", "phrase_runs"]
