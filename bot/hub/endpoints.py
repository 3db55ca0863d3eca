"""Where the Hub lives: four origins in the real world, one in the sandbox.

The real Hub spreads over `hub.infomentor.se` (the web app), `im.infomentor.se`
(OAuth), `api-im.infomentor.se` (the NA1 API) and `infomentor.se` (the login
form). Keeping them apart here means the paths in the client read like the
public clients', and the allow-list is simply these origins: the client never
sends cookies or tokens anywhere else, whatever a redirect says.
"""

from __future__ import annotations

from dataclasses import dataclass

from yarl import URL


@dataclass(frozen=True, slots=True)
class HubEndpoints:
    hub: URL
    auth: URL
    api: URL
    login: URL

    @classmethod
    def single(cls, origin: str | URL) -> HubEndpoints:
        """All four on one origin, as the sandbox serves them."""
        url = URL(str(origin)).origin()
        return cls(hub=url, auth=url, api=url, login=url)

    @classmethod
    def infomentor(cls) -> HubEndpoints:
        """The real InfoMentor Hub (Sweden)."""
        return cls(
            hub=URL("https://hub.infomentor.se"),
            auth=URL("https://im.infomentor.se"),
            api=URL("https://api-im.infomentor.se"),
            login=URL("https://infomentor.se"),
        )

    @property
    def origins(self) -> frozenset[URL]:
        return frozenset(u.origin() for u in (self.hub, self.auth, self.api, self.login))

    def allows(self, url: URL) -> bool:
        """Only absolute URLs on one of our origins may be requested."""
        return url.is_absolute() and url.origin() in self.origins

    def resolve(self, base: URL, target: str) -> URL:
        """A Location or link relative to `base`, made absolute."""
        return base.join(URL(target))
