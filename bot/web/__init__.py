"""The bot's own web pages: account linking now, the staff console later."""
