"""Reading a municipality profile file, so a new municipality is a new file, not new code."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import ValidationError

from bot.municipality.profile import MunicipalityProfile

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"
DEFAULT_MUNICIPALITY = "vanersborg"
_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


class ProfileError(ValueError):
    """The profile file is missing or wrong; the message names the file and the field."""


def profile_path(name: str) -> Path:
    if not _NAME.match(name):
        raise ProfileError(f"municipality name {name!r}: lowercase letters, digits, - and _")
    return PROFILES_DIR / f"{name}.toml"


def load_profile(name: str | None = None, path: Path | None = None) -> MunicipalityProfile:
    """`path` if given, else the bundled profile `name` (default Vänersborg)."""
    file = path if path is not None else profile_path(name or DEFAULT_MUNICIPALITY)
    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        known = sorted(p.stem for p in PROFILES_DIR.glob("*.toml"))
        raise ProfileError(f"no municipality profile at {file} (bundled: {known})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{file}: not valid TOML: {exc}") from exc
    try:
        return MunicipalityProfile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(f"{file}: {exc}") from exc
