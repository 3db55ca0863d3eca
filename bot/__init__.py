"""Hubbot: InfoMentor Hub errands for guardians, from a chat."""

__version__ = "0.1.0"
