"""The municipality the bot serves: its links, support address and FAQ answers.

profile = load_profile(settings.municipality)
if (hit := match_faq(text, profile)) is not None:
    reply(hit.text(lang))
"""

from bot.municipality.faq import FaqAnswer, match_faq, normalise, rank_faq
from bot.municipality.loader import (
    DEFAULT_MUNICIPALITY,
    PROFILES_DIR,
    ProfileError,
    load_profile,
    profile_path,
)
from bot.municipality.profile import (
    FaqConfig,
    FaqTopic,
    Link,
    LocalizedText,
    MunicipalityProfile,
)

__all__ = [
    "DEFAULT_MUNICIPALITY",
    "PROFILES_DIR",
    "FaqAnswer",
    "FaqConfig",
    "FaqTopic",
    "Link",
    "LocalizedText",
    "MunicipalityProfile",
    "ProfileError",
    "load_profile",
    "match_faq",
    "normalise",
    "profile_path",
    "rank_faq",
]
