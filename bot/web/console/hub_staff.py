"""The console speaking to the Hub as a staff member: sign-in, groups, news.

Staff prove who they are to the Hub, never to us: the password form (the same
one a browser fills in) says whether the password is right and what kind of
user this is; the staff API then gives a token for later calls. The web session
used for that is logged out at once. News goes out through the staff API, so it
reaches guardians the way anything else published on the Hub does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from yarl import URL

from bot.hub.errors import HubError, LoginRequired
from bot.hub.homepage import parse_home_data

# The password form flow is the Hub client's; the console reuses it rather than copy it.
from bot.hub.password_login import LOGOUT_PAGE, log_in_with_password
from bot.hub.transport import Answer, HubHttp
from bot.storage.models import StaffRole

log = logging.getLogger(__name__)

USER_TYPES = {"support": StaffRole.SUPPORT, "teacher": StaffRole.TEACHER}


class NotStaff(HubError):
    """The Hub knows this person, but as a guardian or student."""

    code = "NOT_STAFF"


class StaffApiRefused(HubError):
    """The staff API said no (not your group, missing title …); `message` is its Swedish text."""

    code = "STAFF_API_REFUSED"


@dataclass(frozen=True, slots=True)
class StaffIdentity:
    login: str
    display_name: str
    role: StaffRole
    hub_token: str | None
    # The municipality the Hub says this staff member works for.
    municipality: str


@dataclass(frozen=True, slots=True)
class StaffGroup:
    id: str
    name: str
    kind: str
    school: str


@dataclass(frozen=True, slots=True)
class PublishedItem:
    id: str
    title: str
    group: str


def _json(answer: Answer) -> Any:
    try:
        return answer.json()
    except ValueError:
        return None


def _refusal(answer: Answer) -> HubError:
    body = _json(answer)
    message = body.get("message") if isinstance(body, dict) else None
    if answer.status == 401:
        return LoginRequired(str(message or "the staff token is no longer valid"))
    return StaffApiRefused(str(message or f"the staff API answered {answer.status}"))


class StaffHub:
    def __init__(self, http: HubHttp) -> None:
        self.http = http

    def _url(self, path: str) -> URL:
        return self.http.endpoints.hub / path.lstrip("/")

    async def sign_in(self, login: str, password: str) -> StaffIdentity:
        """`WrongPassword`, `NotStaff` or `HubUnavailable` when it cannot be done."""
        session = self.http.open_session()
        logged_in = False
        try:
            await log_in_with_password(self.http, session, login, password)
            logged_in = True
            home = await self.http.send(session, "GET", self._url("/"), xhr=False)
            data = parse_home_data(home.text) if home.status == 200 else None
            if data is None:
                raise LoginRequired("the Hub showed no start page after the login")
            user = data.account.current_user
            role = USER_TYPES.get((user.user_type or "").lower())
            if role is None:
                raise NotStaff("not a staff account")
            answer = await self.http.send(
                session,
                "POST",
                self._url("/staff/api/login"),
                form={"login": login, "password": password},
            )
            body = _json(answer)
            token = body.get("token") if isinstance(body, dict) else None
            municipality = body.get("municipality") if isinstance(body, dict) else None
            if answer.status != 200 or not token or not municipality:
                raise _refusal(answer)
            return StaffIdentity(login, user.name or login, role, str(token), str(municipality))
        finally:
            # Whatever happened after the password was accepted, the web session ends here.
            if logged_in:
                await self._log_out(session)
            await session.close()

    async def _log_out(self, session: Any) -> None:
        url = self._url(LOGOUT_PAGE).with_query(ApiType="IM1", ApiInstance="")
        try:
            await self.http.send(session, "GET", url, xhr=False)
        except HubError as exc:
            log.info("hub logout after the staff sign-in failed: %s", exc.code)

    def _auth(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    async def groups(self, token: str) -> list[StaffGroup]:
        answer = await self.http.send(
            self.http.bare, "GET", self._url("/staff/api/groups"), headers=self._auth(token)
        )
        body = _json(answer)
        if answer.status != 200 or not isinstance(body, dict):
            raise _refusal(answer)
        return [
            StaffGroup(str(g["id"]), str(g["name"]), str(g.get("kind", "")), str(g["school"]))
            for g in body.get("groups", [])
            if isinstance(g, dict) and "id" in g and "name" in g
        ]

    async def publish_news(
        self,
        token: str,
        *,
        group: str,
        title: str,
        text: str,
        attachment: dict[str, str] | None = None,
    ) -> PublishedItem:
        """A write: a lost answer raises `OutcomeUnknown` and is never sent twice."""
        body: dict[str, Any] = {"group": group, "title": title, "text": text}
        if attachment:
            body["attachment"] = attachment
        answer = await self.http.send(
            self.http.bare,
            "POST",
            self._url("/staff/api/news"),
            json_body=body,
            headers=self._auth(token),
            write=True,
            operation="publish news",
        )
        item = _json(answer)
        if answer.status != 200 or not isinstance(item, dict) or "id" not in item:
            raise _refusal(answer)
        return PublishedItem(str(item["id"]), str(item.get("title", title)), str(item["group"]))
