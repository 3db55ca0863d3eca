"""The embedded sandbox InfoMentor Hub: same paths and shapes as docs/hub-api.md.

`SandboxHub` serves it on loopback; `DEMO_ACCOUNTS` are the seeded people
(password `demo`); `python -m bot hub …` is in `cli`.
"""

from bot.sandbox.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount, DemoDates
from bot.sandbox.server import SandboxHub

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "DemoAccount", "DemoDates", "SandboxHub"]
