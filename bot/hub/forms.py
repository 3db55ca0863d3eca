"""HTML forms as data: the login form and the Hub's auto-posting relay forms.

The password login and the SSO relay both need "every input of this form, with
its value", exactly what a browser would post; stdlib `html.parser` is enough.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass(slots=True)
class HtmlForm:
    action: str
    method: str
    id: str | None
    fields: dict[str, str] = field(default_factory=dict)
    submits: dict[str, str] = field(default_factory=dict)
    input_types: dict[str, str] = field(default_factory=dict)

    def has_field(self, name: str) -> bool:
        return name in self.fields or name in self.submits

    @property
    def has_password(self) -> bool:
        return "password" in self.input_types.values()


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._current: HtmlForm | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "form":
            self._current = HtmlForm(
                action=values.get("action", ""),
                method=(values.get("method") or "get").upper(),
                id=values.get("id"),
            )
            self.forms.append(self._current)
        elif tag in ("input", "button") and self._current is not None:
            name = values.get("name")
            if not name:
                return
            kind = values.get("type", "text" if tag == "input" else "submit").lower()
            self._current.input_types[name] = kind
            if kind in ("submit", "button", "image"):
                self._current.submits[name] = values.get("value", "")
            elif kind in ("checkbox", "radio") and "checked" not in values:
                return
            else:
                self._current.fields[name] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def parse_forms(html: str) -> list[HtmlForm]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms
