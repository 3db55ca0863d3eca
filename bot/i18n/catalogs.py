"""Finding and reading the gettext catalogs in `locales/`.

The .po files are read directly with babel at first use and compiled in
memory, so there is no compile step to forget and no .mo file to go stale.
"""

from __future__ import annotations

import gettext
import logging
import os
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "hubbot"
LOCALES_ENV = "HUBBOT_LOCALES_DIR"

log = logging.getLogger(__name__)


class CatalogError(RuntimeError):
    """The catalogs cannot be found or read: a deployment problem, not a user one."""


def locales_dir() -> Path:
    """`$HUBBOT_LOCALES_DIR`, else `locales/` at the repository root (editable install)."""
    override = os.environ.get(LOCALES_ENV)
    path = Path(override) if override else Path(__file__).resolve().parents[2] / "locales"
    if not path.is_dir():
        raise CatalogError(f"no locales directory at {path} (set {LOCALES_ENV} to override)")
    return path


def po_path(lang: str, root: Path | None = None) -> Path:
    return (root or locales_dir()) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_paths(lang: str, root: Path | None = None) -> list[Path]:
    """`hubbot.po` first, then one file per feature area (`push.po`, `console.po` …).

    Areas keep their own file so people working on different errands never edit
    the same catalog; at load they are one catalog.
    """
    main = po_path(lang, root)
    folder = main.parent
    others = sorted(p for p in folder.glob("*.po") if p != main) if folder.is_dir() else []
    return ([main] if main.is_file() else []) + others


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return not message.fuzzy and bool(strings) and all(s for s in strings)


def read_catalog(lang: str, root: Path | None = None) -> Catalog | None:
    paths = catalog_paths(lang, root)
    if not paths:
        return None
    merged: Catalog | None = None
    for path in paths:
        try:
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang, domain=DOMAIN, abort_invalid=True)
        except Exception as exc:
            raise CatalogError(f"cannot read {path}: {exc}") from exc
        if merged is None:
            merged = catalog
            continue
        for message in catalog:
            if not message.id:
                continue
            present = merged.get(message.id, message.context)
            # An area's translation wins over an entry that only exists untranslated.
            if present is None or (not _translated(present) and _translated(message)):
                merged[message.id] = message
    return merged


def load_translations(lang: str, root: Path | None = None) -> gettext.NullTranslations:
    """The compiled catalog for `lang`; fuzzy and empty entries fall back to the msgid."""
    catalog = read_catalog(lang, root)
    if catalog is None:
        log.warning("no %s catalog under %s; messages stay in English", lang, root or "locales")
        return gettext.NullTranslations()
    buf = BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(fp=buf, domain=DOMAIN)
