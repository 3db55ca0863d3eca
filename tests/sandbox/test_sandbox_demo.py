"""The seeded demo: accounts, hashed passwords, dates that follow the clock, one seed only."""

from __future__ import annotations

from datetime import date, datetime

from bot.clock import STOCKHOLM, ManualClock
from bot.sandbox import DEMO_ACCOUNTS, SandboxHub, cli


async def test_every_demo_account_logs_in_with_demo(browser):
    for account in DEMO_ACCOUNTS:
        b = browser()
        answer = await b.login(account.login)
        assert answer.status == 302, account.login
        user = (await b.home())["account"]["currentUser"]
        assert user["name"] == account.name


def test_passwords_are_stored_hashed(hub):
    hashes = [r[0] for r in hub.conn.execute("SELECT password_hash FROM accounts")]
    assert len(hashes) == len(DEMO_ACCOUNTS)
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert len(set(hashes)) == len(hashes)  # salted


def test_the_contract_families(hub):
    rows = hub.conn.execute(
        "SELECT a.login, c.first_name FROM guardianships g JOIN accounts a ON a.id = g.account_id"
        " JOIN children c ON c.id = g.child_id"
    ).fetchall()
    families: dict[str, set[str]] = {}
    for login, child in rows:
        families.setdefault(login, set()).add(child)
    assert families["anna"] == families["peter"] == {"Elsa", "Nils"}
    assert families["sara"] == {"Alva"}
    fritids = hub.conn.execute(
        "SELECT locks_day_before FROM groups WHERE name = 'Fritids Ängsskolan'"
    ).fetchone()
    assert fritids[0] == 1


async def test_seed_follows_the_clock_and_happens_once(tmp_path):
    clock = ManualClock(datetime(2027, 3, 10, 8, 0, tzinfo=STOCKHOLM))
    path = tmp_path / "hub.db"
    first = SandboxHub(path, clock)
    dates = first.demo_dates
    assert dates is not None and dates.monday == date(2027, 3, 8)
    assert dates.studiedag_nordskolan == date(2027, 3, 24)
    newest = first.conn.execute("SELECT max(published_at) FROM news").fetchone()[0]
    assert newest.startswith("2027-03-09")
    counts = first.conn.execute("SELECT count(*) FROM news").fetchone()[0]
    await first.stop()
    clock.advance(days=30)
    second = SandboxHub(path, clock)
    assert second.conn.execute("SELECT count(*) FROM news").fetchone()[0] == counts
    assert second.demo_dates == dates
    await second.stop()


async def test_without_seed_the_hub_is_empty(tmp_path):
    empty = SandboxHub(
        tmp_path / "empty.db", ManualClock(datetime(2027, 1, 4, tzinfo=STOCKHOLM)), seed=False
    )
    assert empty.conn.execute("SELECT count(*) FROM accounts").fetchone()[0] == 0
    assert empty.demo_dates is None
    await empty.stop()


async def test_the_cli_seeds_people_and_the_serving_hub_seeds_dated_content(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("HUBBOT_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["staff", "--login", "larare", "calendar", "--group", "4B",
                     "--date", "2027-03-12", "--title", "Före boten"]) == 0  # fmt: skip
    capsys.readouterr()
    path = tmp_path / "data" / "sandbox-hub.db"
    clock = ManualClock(datetime(2027, 3, 10, 8, 0, tzinfo=STOCKHOLM))
    hub = SandboxHub(path, clock)
    dates = hub.demo_dates
    assert dates is not None and dates.monday == date(2027, 3, 8)
    titles = [r[0] for r in hub.conn.execute("SELECT title FROM calendar_entries")]
    assert "Före boten" in titles and "Prov i matematik: bråk" in titles
    assert hub.conn.execute("SELECT count(*) FROM accounts").fetchone()[0] == len(DEMO_ACCOUNTS)
    await hub.stop()
