"""Every string the bot can say has a Swedish translation.

This guards the whole project: a new `_("…")`, `gettext("…")`, `ngettext("…")` or
`N_("…")` anywhere in bot/ fails here until the catalogs are updated.
"""

from __future__ import annotations

import ast
import string
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from bot.i18n.catalogs import read_catalog

ROOT = Path(__file__).resolve().parents[2]
SV_PO = ROOT / "locales" / "sv" / "LC_MESSAGES" / "hubbot.po"
EN_PO = ROOT / "locales" / "en" / "LC_MESSAGES" / "hubbot.po"
HOW_TO_FIX = (
    "Run scripts/i18n-update, then write the Swedish text for each msgid in "
    "locales/sv/LC_MESSAGES/hubbot.po (and remove any '#, fuzzy' line once checked)."
)

MsgId = str | tuple[str, ...]


def extracted_msgids(source_dir: Path, mapping_file: Path) -> dict[MsgId, str]:
    """msgid → first place it is used, found the way `pybabel extract` finds it."""
    with mapping_file.open() as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(mapping_file))
    found: dict[MsgId, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        source_dir, method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        key = tuple(message) if isinstance(message, (list, tuple)) else message
        found.setdefault(key, f"{source_dir.name}/{filename}:{lineno}")
    return found


def _translated(message: Message | None) -> bool:
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return bool(strings) and all(s.strip() for s in strings)


def missing_translations(used: dict[MsgId, str], catalog: Catalog) -> list[str]:
    missing = []
    for msgid, where in sorted(used.items(), key=lambda kv: str(kv[0])):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        if not _translated(catalog.get(key)):
            missing.append(f"  {msgid!r}  (used at {where})")
    return missing


def placeholders(text: str) -> set[str]:
    names = set()
    for _literal, field, _spec, _conversion in string.Formatter().parse(text):
        if field is not None:
            names.add(field.split(".")[0].split("[")[0])
    return names


def placeholder_mismatches(catalog: Catalog) -> list[str]:
    """A translation may only use placeholders its msgid provides (plus `n` in plurals)."""
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        allowed = set().union(*(placeholders(i) for i in ids))
        if message.pluralizable:
            allowed.add("n")
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for s in strings:
            try:
                extra = placeholders(s) - allowed
            except ValueError as exc:
                problems.append(f"  {message.id!r}: unparsable translation {s!r} ({exc})")
                continue
            if extra:
                problems.append(f"  {message.id!r}: unknown {sorted(extra)} in {s!r}")
    return problems


GETTEXT_NAMES = {"_", "gettext", "ngettext", "N_"}


def unextractable_calls(files: Iterable[Path], root: Path = ROOT) -> list[str]:
    """f-strings inside a translation call are invisible to extraction and never translated."""
    bad = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in GETTEXT_NAMES and isinstance(node.args[0], ast.JoinedStr):
                bad.append(f"  {path.relative_to(root)}:{node.lineno}")
    return bad


def _read(path: Path) -> Catalog:
    """The language's catalogs as the bot loads them: hubbot.po plus every area file."""
    lang = path.parent.parent.name
    if path.name == "hubbot.po":
        merged = read_catalog(lang, path.parents[2])
        assert merged is not None
        return merged
    with path.open("rb") as fh:
        return read_po(fh, abort_invalid=True)


def test_every_msgid_in_bot_has_a_swedish_translation() -> None:
    used = extracted_msgids(ROOT / "bot", ROOT / "babel.cfg")
    missing = missing_translations(used, _read(SV_PO))
    assert not missing, (
        f"{len(missing)} msgid(s) without a Swedish translation:\n"
        + "\n".join(missing)
        + f"\n{HOW_TO_FIX}"
    )


def test_translations_only_use_the_msgids_placeholders() -> None:
    problems = placeholder_mismatches(_read(SV_PO)) + placeholder_mismatches(_read(EN_PO))
    assert not problems, "placeholders that str.format cannot fill:\n" + "\n".join(problems)


def test_no_f_strings_in_translation_calls() -> None:
    bad = unextractable_calls(sorted((ROOT / "bot").rglob("*.py")))
    assert not bad, (
        "translation calls with an f-string (write _('Hello {name}', name=x) instead):\n"
        + "\n".join(bad)
    )


def test_swedish_catalog_has_two_plural_forms() -> None:
    catalog = _read(SV_PO)
    assert catalog.locale is not None and catalog.locale.language == "sv"
    assert catalog.num_plurals == 2


# The checks above must be able to fail: run them on a small made-up tree.


def test_the_checks_catch_what_they_guard(tmp_path: Path) -> None:
    src = tmp_path / "bot"
    src.mkdir()
    (src / "errand.py").write_text(
        "from bot.i18n import N_\n"
        "TABLE = [N_('Table entry')]\n"
        "def reply(t, n, name):\n"
        "    t.gettext('Translated {name}', name=name)\n"
        "    t.gettext('Brand new')\n"
        "    t.ngettext('{n} day', '{n} days', n)\n"
        "    return _(f'Hi {name}')\n",
        encoding="utf-8",
    )
    cfg = tmp_path / "babel.cfg"
    cfg.write_text("[python: **.py]\n", encoding="utf-8")
    catalog = Catalog(locale="sv")
    catalog.add("Translated {name}", "Översatt {namn}")
    catalog.add("Table entry", "Tabellrad", flags=["fuzzy"])
    catalog.add(("{n} day", "{n} days"), ("{n} dag", ""))

    used = extracted_msgids(src, cfg)
    assert set(used) == {"Table entry", "Translated {name}", "Brand new", ("{n} day", "{n} days")}
    missing = "\n".join(missing_translations(used, catalog))
    assert "'Brand new'" in missing  # absent
    assert "'Table entry'" in missing  # fuzzy
    assert "'{n} day'" in missing  # one plural form empty
    assert "Translated" not in missing
    assert "bot/errand.py:5" in missing
    assert any("namn" in p for p in placeholder_mismatches(catalog))
    assert unextractable_calls([src / "errand.py"], tmp_path) == ["  bot/errand.py:7"]
