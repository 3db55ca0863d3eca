from __future__ import annotations

from datetime import datetime, time

import pytest

from bot.conversation.types import ChatRef
from bot.storage.base import Store
from bot.storage.models import ChatKey, Language, Preferences, Role

from .conftest import GROUP, OTHER, PRIVATE, START, link


async def test_a_new_link_has_defaults_and_clock_times(store: Store) -> None:
    created = await store.upsert_link(
        PRIVATE.member(),
        hub_account_id="u-anna",
        role=Role.GUARDIAN,
        language=Language("sv"),
        hub_login_hint="Anna Andersson",
    )
    assert created.member.member_id == PRIVATE.chat_id
    assert created.chat == PRIVATE
    assert created.hub_login_hint == "Anna"  # a first name only, never the rest
    assert created.preferences == Preferences()
    assert created.active
    assert created.created_at == created.last_seen_at == START
    assert created.created_at.tzinfo is not None
    assert await store.get_link(PRIVATE.member()) == created
    assert await store.get_link_by_id(created.id) == created


async def test_relinking_updates_in_place_and_keeps_preferences(store: Store, clock) -> None:
    first = await link(store, PRIVATE)
    prefs = Preferences(confirmations=False, children=("p-elsa",))
    await store.set_preferences(first.id, prefs)
    await store.set_chat_active(PRIVATE, False)
    clock.advance(hours=1)

    again = await store.upsert_link(
        PRIVATE.member(), hub_account_id="u-anna", role=Role.GUARDIAN, language=Language("en")
    )
    assert again.id == first.id
    assert again.language == "en"
    assert again.preferences == prefs
    assert again.active
    assert again.hub_login_hint is None
    assert again.last_seen_at > first.last_seen_at
    assert again.created_at == first.created_at


async def test_relinking_to_another_account_drops_the_old_token(store: Store) -> None:
    first = await link(store, PRIVATE, account="u-anna")
    await store.store_refresh_token(first.id, "rt-anna")
    same = await link(store, PRIVATE, account="u-anna")
    assert await store.get_refresh_token(same.id) is not None
    await link(store, PRIVATE, account="u-peter")
    assert await store.get_refresh_token(first.id) is None


async def test_group_members_link_one_by_one(store: Store) -> None:
    anna = await link(store, GROUP, "11", account="u-anna")
    peter = await link(store, GROUP, "22", account="u-peter")
    await link(store, OTHER, account="u-anna")
    assert [x.id for x in await store.list_links_for_chat(GROUP)] == [anna.id, peter.id]
    assert [x.chat for x in await store.list_links_for_account("u-anna")] == [GROUP, OTHER]
    assert len(await store.list_links()) == 3
    assert not anna.member.is_private


async def test_a_chat_gone_quiet_is_inactive_until_relinked(store: Store) -> None:
    await link(store, GROUP, "11")
    await link(store, GROUP, "22")
    await link(store, PRIVATE)
    assert await store.set_chat_active(GROUP, False) == 2
    assert await store.set_chat_active(GROUP, False) == 0
    assert await store.list_links_for_chat(GROUP) == []
    assert len(await store.list_links_for_chat(GROUP, active_only=False)) == 2
    assert [x.chat for x in await store.list_links()] == [PRIVATE]
    assert len(await store.list_links(active_only=False)) == 3
    assert await store.list_links_for_account("u-anna") == [await store.get_link(PRIVATE.member())]
    assert await store.set_chat_active(GROUP, True) == 2


async def test_preferences_and_language_round_trip(store: Store) -> None:
    created = await link(store, PRIVATE)
    prefs = Preferences(
        confirmations=False,
        summary_enabled=False,
        summary_time=time(19, 30),
        quiet_hours=None,
        alerts_any_hour=True,
        children=("p-elsa", "p-nils"),
    )
    updated = await store.set_preferences(created.id, prefs)
    assert updated is not None and updated.preferences == prefs
    assert (await store.get_link_by_id(created.id)).preferences == prefs  # type: ignore[union-attr]
    english = await store.set_language(created.id, Language("en"))
    assert english is not None and english.language == "en"
    assert await store.set_language(9999, Language("en")) is None
    assert await store.set_preferences(9999, prefs) is None


def test_preferences_read_old_or_damaged_json_with_defaults() -> None:
    assert Preferences.from_json(None) == Preferences()
    assert (
        Preferences.from_json({"summary_time": "nonsense", "quiet_hours": ["x"]}) == Preferences()
    )
    read = Preferences.from_json({"confirmations": False, "quiet_hours": ["22:00", "06:30"]})
    assert read.confirmations is False
    assert read.quiet_hours == (time(22, 0), time(6, 30))
    assert Preferences.from_json(Preferences(quiet_hours=None).to_json()).quiet_hours is None


async def test_touch_records_when_the_person_was_last_seen(store: Store, clock) -> None:
    created = await link(store, PRIVATE)
    later = clock.advance(days=2)
    await store.touch_link(created.id)
    seen = await store.get_link_by_id(created.id)
    assert seen is not None and seen.last_seen_at == later


async def test_a_chat_ref_gives_the_same_key(store: Store) -> None:
    ref = ChatRef(channel="telegram", chat_id="1001")
    assert ChatKey.of(ref) == PRIVATE
    assert ChatKey.of(ref).member() == PRIVATE.member("1001")


async def test_unknown_roles_and_naive_times_are_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        await store.upsert_link(
            PRIVATE.member(),
            hub_account_id="u",
            role="teacher",  # type: ignore[arg-type]
            language=Language("sv"),
        )
    with pytest.raises(ValueError, match="timezone-aware"):
        await store.add_job("x", {}, run_at=datetime(2026, 11, 26, 9, 0))


@pytest.mark.parametrize(
    ("hint", "kept"),
    [
        ("Anna", "Anna"),
        ("  Anna-Karin Svensson ", "Anna-Karin"),
        ("", None),
        (None, None),
        ("anna@example.se", None),
        ("150612-1234", None),
    ],
)
async def test_only_a_plain_first_name_is_kept(
    store: Store, hint: str | None, kept: str | None
) -> None:
    created = await store.upsert_link(
        PRIVATE.member(),
        hub_account_id="u",
        role=Role.STUDENT,
        language=Language("sv"),
        hub_login_hint=hint,
    )
    assert created.hub_login_hint == kept
    assert created.role is Role.STUDENT
