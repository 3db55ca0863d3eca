"""Every text in the console's templates has a Swedish translation.

`tests/i18n/test_catalog_complete.py` reads only Python (babel.cfg); the
templates' `_("…")` calls are extracted here the same way pybabel would.
"""

from __future__ import annotations

from pathlib import Path

from jinja2.ext import babel_extract

from bot.i18n.catalogs import read_catalog

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "bot" / "web" / "console" / "templates"


def template_msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(TEMPLATES.glob("*.html")):
        with path.open("rb") as fh:
            for lineno, _func, message, _comments in babel_extract(fh, ["_", "ngettext"], [], {}):
                msgid = message if isinstance(message, str) else (message or [None])[0]
                if msgid:
                    found.setdefault(str(msgid), f"{path.name}:{lineno}")
    return found


def test_templates_use_translatable_text() -> None:
    assert len(template_msgids()) > 50


def test_every_template_msgid_has_a_swedish_translation() -> None:
    catalog = read_catalog("sv", ROOT / "locales")
    assert catalog is not None
    missing = []
    for msgid, where in template_msgids().items():
        message = catalog.get(msgid)
        if message is None or message.fuzzy or not str(message.string).strip():
            missing.append(f"  {msgid!r} ({where})")
    assert not missing, "template texts without Swedish in console.po:\n" + "\n".join(missing)
