"""The Hub's start page (`GET /`): who is logged in, which children, which modules.

Everything the client knows about the child context comes from here:
`IMHome.home.homeData = {…}; IMHome.home.init(` in the page's script. The same
parse serves the switch-then-verify step, which re-reads the page after a switch
and insists that exactly the asked-for child is selected.
"""

from __future__ import annotations

import json
import re

from pydantic import ValidationError
from yarl import URL

from bot.hub.models import HomeData

_HOME_DATA = re.compile(r"IMHome\.home\.homeData\s*=\s*")
SWITCH_PATH = re.compile(r"^/Account/PupilSwitcher/SwitchPupil/\d+$", re.IGNORECASE)


def parse_home_data(html: str) -> HomeData | None:
    """The homeData object in a start page, or None if the page has none (e.g. a login page)."""
    match = _HOME_DATA.search(html)
    if match is None:
        return None
    try:
        raw, _ = json.JSONDecoder().raw_decode(html, match.end())
        return HomeData.model_validate(raw)
    except (ValueError, ValidationError):
        return None


def switch_url(hub: URL, child_id: str, switch_pupil_url: str | None) -> URL:
    """The switch URL the page gave (relative or absolute on the Hub), if it is the known
    shape (`/Account/PupilSwitcher/SwitchPupil/<digits>`); else that shape for `child_id`."""
    if switch_pupil_url:
        given = hub.join(URL(switch_pupil_url))
        if (
            given.origin() == hub.origin()
            and SWITCH_PATH.match(given.path)
            and not given.query_string
            and not given.fragment
        ):
            return given
    if not re.fullmatch(r"[A-Za-z0-9_-]+", child_id):
        raise ValueError(f"not a child id: {child_id!r}")
    return hub.join(URL(f"/Account/PupilSwitcher/SwitchPupil/{child_id}"))
