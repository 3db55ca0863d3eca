"""The composition root: everything the bot is, built once and wired together here.

Nothing else in `bot/` imports this package; it imports the others.
"""
