"""The few HTML pages the sandbox serves: login, home, BankID, and the module shell.

They are plain on purpose; what matters is that they carry the same form
fields, hidden inputs and embedded data as the real pages, so a client that
parses them is tested for real.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any
from urllib.parse import quote

LOGIN_ACTION = "/swedish/production/mentor/"
USER_FIELD = "login_ascx$txtNotandanafn"
PASSWORD_FIELD = "login_ascx$txtLykilord"
BUTTON_FIELD = "login_ascx$btnLogin"
WRONG_PASSWORD = "Fel användarnamn eller lösenord"

_STYLE = (
    "body{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}"
    "button,input{font-size:1rem;padding:.4rem;margin:.2rem 0}"
    ".error{color:#b00020}"
)


def _page(title: str, body: str, head: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style>{head}</head>"
        f"<body>{body}</body></html>\n"
    )


def login_page(
    *, return_url: str, oauth_token: str, viewstate: str, error: str | None = None
) -> str:
    error_html = f'<p class="error" id="loginError">{escape(error)}</p>' if error else ""
    bankid_href = escape(f"/sso/bankid?ReturnUrl={quote(return_url, safe='')}")
    return _page(
        "InfoMentor – Logga in",
        f"<h1>Logga in</h1>{error_html}"
        f'<form id="openid_message" method="post" action="{LOGIN_ACTION}">'
        f'<input type="hidden" name="oauth_token" value="{escape(oauth_token)}">'
        f'<input type="hidden" name="__VIEWSTATE" value="{escape(viewstate)}">'
        f'<input type="hidden" name="__EVENTVALIDATION" value="{escape(viewstate[::-1])}">'
        '<input type="hidden" name="__EVENTTARGET" value="">'
        '<input type="hidden" name="__EVENTARGUMENT" value="">'
        f'<input type="hidden" name="ReturnUrl" value="{escape(return_url)}">'
        f'<label>Användarnamn <input type="text" name="{USER_FIELD}" autocomplete="username">'
        "</label><br>"
        f'<label>Lösenord <input type="password" name="{PASSWORD_FIELD}"'
        ' autocomplete="current-password"></label><br>'
        f'<input type="submit" name="{BUTTON_FIELD}" value="Logga in">'
        "</form>"
        f'<p><a id="bankidLogin" href="{bankid_href}">Logga in med BankID</a></p>',
    )


def home_page(home_data: dict[str, Any]) -> str:
    # "</" must not end the script early.
    data = json.dumps(home_data, ensure_ascii=False).replace("</", "<\\/")
    pupils = "".join(
        f'<li><a href="{escape(p["switchPupilUrl"])}">{escape(p["name"])}</a>'
        f"{' (vald)' if p['selected'] else ''}</li>"
        for p in home_data["account"]["pupils"]
    )
    name = escape(home_data["account"]["currentUser"]["name"])
    return _page(
        "InfoMentor Hub",
        f"<h1>InfoMentor Hub</h1><p>Inloggad som {name}</p><ul>{pupils}</ul>"
        '<p><a href="/Authentication/Authentication/LogOut?ApiType=IM1&amp;ApiInstance=">'
        "Logga ut</a></p>"
        "<script>window.IMHome = window.IMHome || {}; IMHome.home = IMHome.home || {};\n"
        f"IMHome.home.homeData = {data}; IMHome.home.init();</script>",
    )


def shell_page() -> str:
    """What a module the child lacks answers: the app shell, not JSON."""
    return _page(
        "InfoMentor Hub",
        '<div id="IMHome" class="IMHome-shell"></div>'
        "<script>window.IMHome = window.IMHome || {};</script>",
    )


def bankid_start_page(*, order_id: str, return_url: str) -> str:
    approve = escape(f"/sso/bankid/approve?order={order_id}")
    complete = escape(f"/sso/bankid/complete?order={order_id}")
    poll = json.dumps(f"/sso/bankid/verifyorder?order={order_id}")
    done = json.dumps(f"/sso/bankid/complete?order={order_id}")
    return _page(
        "BankID",
        f'<h1>Logga in med BankID</h1><div id="bankid" data-order="{escape(order_id)}"'
        f' data-return-url="{escape(return_url)}">'
        f'<p><a id="openBankId" href="{approve}" target="_blank">Öppna BankID</a></p>'
        '<p id="status">Väntar på BankID…</p>'
        f'<p><a id="complete" href="{complete}">Fortsätt när du har godkänt</a></p></div>'
        "<script>(function poll(){fetch(" + poll + ").then(r=>r.json()).then(s=>{"
        "document.getElementById('status').textContent=s.state;"
        "if(s.state==='OK'){location.href=" + done + ";}"
        "else if(s.state==='PENDING'||s.state==='USER_SIGN'){setTimeout(poll,2000);}"
        "});})();</script>",
    )


def bankid_phone_page(
    *, order_id: str, state: str, login: str | None, message: str | None = None
) -> str:
    if state not in ("PENDING", "USER_SIGN"):
        text = {
            "OK": "Identifieringen är godkänd. Du kan stänga den här sidan.",
            "CANCELLED": "Identifieringen avbröts.",
        }.get(state, message or "Identifieringen misslyckades eller tog för lång tid.")
        return _page(
            "BankID", f'<h1>BankID</h1><p id="result" data-state="{state}">{escape(text)}</p>'
        )
    return _page(
        "BankID",
        "<h1>BankID</h1><p>InfoMentor vill att du identifierar dig.</p>"
        '<form method="post" action="/sso/bankid/approve">'
        f'<input type="hidden" name="order" value="{escape(order_id)}">'
        "<label>Vem är du (inloggningsnamn)? "
        f'<input type="text" name="login" value="{escape(login or "")}"></label><br>'
        '<button type="submit" name="action" value="approve">Godkänn</button> '
        '<button type="submit" name="action" value="cancel">Avbryt</button>'
        "</form>",
    )


def message_page(title: str, text: str) -> str:
    return _page(title, f"<h1>{escape(title)}</h1><p>{escape(text)}</p>")
