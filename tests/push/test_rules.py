"""The pure rules: quiet hours, the settings phrases, keys, privacy, pacing."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.clock import STOCKHOLM, ManualClock
from bot.hub.models import AttendanceRecord, Notification
from bot.i18n import translator
from bot.push.alerts import alert_text
from bot.push.chat_settings import SettingChange, apply_setting, read_setting
from bot.push.facts import absence_fact, news_fact, notification_key
from bot.push.pacing import ChannelLimits, SendPacer
from bot.push.privacy import carries_health, pushable, pushable_text
from bot.push.quiet_hours import deliver_at, in_quiet_hours
from bot.storage.models import ChatKey, Preferences

from .support import VirtualTime


def at(hhmm: str, day: int = 26) -> datetime:
    return datetime.combine(date(2026, 11, day), time.fromisoformat(hhmm), STOCKHOLM)


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [("21:00", True), ("23:59", True), ("00:30", True), ("06:59", True), ("07:00", False),
     ("12:00", False), ("20:59", False)],
)  # fmt: skip
def test_quiet_hours_wrap_midnight(moment: str, quiet: bool) -> None:
    assert in_quiet_hours(at(moment), (time(21), time(7))) is quiet


def test_a_push_in_quiet_hours_waits_for_their_end_unless_urgent_and_asked_for() -> None:
    prefs = Preferences()
    assert deliver_at(at("12:00"), prefs) == at("12:00")
    assert deliver_at(at("22:15"), prefs) == at("07:00", 27)
    assert deliver_at(at("05:00"), prefs) == at("07:00")
    assert deliver_at(at("22:15"), prefs, urgent=True) == at("07:00", 27)
    night = Preferences(alerts_any_hour=True)
    assert deliver_at(at("22:15"), night, urgent=True) == at("22:15")
    assert deliver_at(at("22:15"), night) == at("07:00", 27)  # only alerts
    assert deliver_at(at("22:15"), Preferences(quiet_hours=None)) == at("22:15")


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("sammanfattning kl 19", SettingChange("summary_time", at=time(19))),
        ("Sammanfattning kl. 19.30!", SettingChange("summary_time", at=time(19, 30))),
        ("sammanfattningen klockan 7", SettingChange("summary_time", at=time(7))),
        ("summary at 20:15", SettingChange("summary_time", at=time(20, 15))),
        ("sammanfattning av", SettingChange("summary_on", on=False)),
        ("sammanfattning på", SettingChange("summary_on", on=True)),
        ("stäng av sammanfattningen", SettingChange("summary_on", on=False)),
        ("tyst 22-06", SettingChange("quiet_hours", on=True, quiet=(time(22), time(6)))),
        ("tysta timmar 21.30–07", SettingChange("quiet_hours", on=True, quiet=(time(21, 30), time(7)))),
        ("tysta timmar av", SettingChange("quiet_hours", on=False, quiet=None)),
        ("larm dygnet runt", SettingChange("alerts_any_hour", on=True)),
        ("larm dygnet runt av", SettingChange("alerts_any_hour", on=False)),
        ("inga larm på natten", SettingChange("alerts_any_hour", on=False)),
    ],
)  # fmt: skip
def test_settings_phrases(text: str, change: SettingChange) -> None:
    assert read_setting(text) == change


@pytest.mark.parametrize(
    "text",
    ["sammanfattning", "sammanfattning av veckan", "sammanfattning kl 25", "tyst 22-22",
     "Elsa är sjuk i morgon", "kan du skicka sammanfattningen kl 19 och boka ett samtal", ""],
)  # fmt: skip
def test_anything_more_than_a_setting_is_left_for_the_parser(text: str) -> None:
    assert read_setting(text) is None


def test_applying_a_setting() -> None:
    prefs = Preferences(summary_enabled=False)
    changed = apply_setting(prefs, SettingChange("summary_time", at=time(19)))
    assert changed.summary_time == time(19) and changed.summary_enabled
    assert apply_setting(prefs, SettingChange("quiet_hours", quiet=None)).quiet_hours is None


def record(**fields: object) -> AttendanceRecord:
    base = {"id": 812, "shortDate": "2026-11-26", "registrationTypeName": "Ogiltig frånvaro"}
    return AttendanceRecord.model_validate({**base, **fields})


def test_a_fact_key_changes_only_with_the_part_that_can_change() -> None:
    invalid = absence_fact("3100102", "Nils", record(startTime="08:15", lessonName="Matematik"))
    same = absence_fact("3100102", "Nils", record(comment="något annat"))
    late = absence_fact("3100102", "Nils", record(registrationTypeName="Sen ankomst"))
    assert invalid is not None and same is not None and late is not None
    assert str(invalid.key) == "absence:3100102:812:invalid" == str(same.key)
    assert str(late.key) == "absence:3100102:812:late"
    assert absence_fact("3100102", "Nils", record(registrationTypeName="Anmäld frånvaro")) is None


def notification(**fields: object) -> Notification:
    base = {
        "id": 5,
        "title": "Utflykt",
        "appType": "News",
        "url": "/communication/news/77",
        "pupilSourceId": "17583|3100102|SANDBOX",
        "orderDate": "2026-11-26 10:00:00.000",
    }
    return Notification.model_validate({**base, **fields})


def test_news_facts_and_notification_keys() -> None:
    fact = news_fact(notification())
    assert fact is not None and fact.news_id == "77" and fact.child_id == "3100102"
    assert str(notification_key(notification())) == "notice:3100102:news-77:"
    message = notification(appType="Message", url="/message/show/9")
    assert news_fact(message) is None
    assert str(notification_key(message)) == "message:3100102:message-9:"


def test_secure_boxes_and_health_never_reach_a_push() -> None:
    assert not pushable(notification(appType="Assessment"))
    assert not pushable(notification(appType="Documentation"))
    assert pushable(notification())
    assert carries_health("Tandläkartid på torsdag")
    assert pushable_text("Vattkoppor på avdelningen") is None
    assert pushable_text("  Utflykt   till skogen ") == "Utflykt till skogen"


def test_an_alert_never_carries_the_schools_comment_or_a_health_word() -> None:
    fact = absence_fact(
        "3100102", "Nils", record(lessonName="Tandläkarbesök", comment="Hade feber")
    )
    assert fact is not None
    text = alert_text(translator("sv"), fact, date(2026, 11, 26))
    assert "feber" not in text and "Tandläkar" not in text and "Nils" in text
    english = alert_text(translator("en"), fact, date(2026, 11, 26))
    assert "Invalid absence" in english and "today" in english


async def test_the_pacer_spaces_sends_under_every_limit() -> None:
    clock = ManualClock(at("12:00"))
    time_ = VirtualTime(clock)
    pacer = SendPacer(
        ChannelLimits(overall_per_second=30, chat_per_second=1, group_per_minute=20),
        monotonic=time_.monotonic,
        sleep=time_.sleep,
    )
    sent: list[tuple[float, str]] = []
    chats = [ChatKey("telegram", str(i)) for i in range(40)] + [ChatKey("telegram", "-100")]
    for chat in chats * 2:
        await pacer.acquire(chat)
        sent.append((time_.monotonic(), chat.chat_id))
        pacer.done(chat)
    times = [t for t, _ in sent]
    # Never more than 30 in any second, as Telegram counts (a sliding window).
    assert max(sum(1 for u in times if t - 1 < u <= t) for t in times) <= 30
    # After a pause at most a few slots are caught up at once: never a burst.
    assert max(sum(1 for u in times if t - 1 / 30 < u <= t) for t in times) <= 4
    for chat in chats:
        mine = [t for t, c in sent if c == chat.chat_id]
        gap = 60 / 20 if chat.chat_id.startswith("-") else 1.0
        assert mine[1] - mine[0] >= gap
    # ...and not much slower than allowed: 82 sends at 30/s with 3 % headroom.
    assert times[-1] - times[0] < 82 / 30 / 0.97 + 3.5


async def test_a_retry_after_pauses_only_that_chat() -> None:
    clock = ManualClock(at("12:00"))
    time_ = VirtualTime(clock)
    pacer = SendPacer(ChannelLimits(), monotonic=time_.monotonic, sleep=time_.sleep)
    paused, other = ChatKey("telegram", "1"), ChatKey("telegram", "2")
    pacer.pause(paused, 5)
    assert pacer.delay(paused) == pytest.approx(5)
    assert pacer.delay(other) == 0
    start = time_.monotonic()
    await pacer.acquire(other)
    pacer.done(other)
    assert time_.monotonic() == start
    await pacer.acquire(paused)
    pacer.done(paused)
    assert time_.monotonic() - start == pytest.approx(5, abs=1e-5)


async def test_a_send_counts_until_a_window_after_its_answer() -> None:
    """The server counts a request when it arrives, somewhere before the answer."""
    clock = ManualClock(at("12:00"))
    time_ = VirtualTime(clock)
    pacer = SendPacer(
        ChannelLimits(overall_per_second=10, headroom=0.0),
        monotonic=time_.monotonic,
        sleep=time_.sleep,
    )
    chats = [ChatKey("telegram", str(i)) for i in range(11)]
    start = time_.monotonic()
    for chat in chats[:10]:
        await pacer.acquire(chat)  # ten on their way, none answered yet
    clock.advance(seconds=5)  # a slow network: the answers take five seconds
    for chat in chats[:10]:
        pacer.done(chat)
    await pacer.acquire(chats[10])
    # The eleventh waits a full window after the answers, not after the starts.
    assert time_.monotonic() - start >= 6.0
