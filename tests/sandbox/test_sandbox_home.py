"""The home page's homeData, switching pupils, module shells, and routing leniency."""

from __future__ import annotations

from typing import Any

from bot.sandbox.demo import ALVA, ELSA, NILS, SAGA
from bot.sandbox.directory import pupil_id_of


def switch_ids(data: dict[str, Any], *, selected: bool = False) -> list[int]:
    """The SwitchPupil ids, read as public clients do: the last part of `switchPupilUrl`."""
    return [
        int(p["switchPupilUrl"].rsplit("/", 1)[-1])
        for p in data["account"]["pupils"]
        if p["selected"] or not selected
    ]


async def test_home_data_lists_the_guardians_children(signed_in):
    b = await signed_in("anna")
    data = await b.home()
    assert data["account"]["currentUser"] == {
        "id": "5001",
        "name": "Anna Lindqvist",
        "userType": "Guardian",
    }
    pupils = {p["id"]: p for p in data["account"]["pupils"]}
    assert set(pupils) == {pupil_id_of(ELSA), pupil_id_of(NILS)}
    assert sorted(switch_ids(data)) == sorted([ELSA, NILS])
    elsa = pupils[pupil_id_of(ELSA)]
    assert elsa["name"] == "Lindqvist, Elsa"
    assert elsa["switchPupilUrl"].startswith("http://")
    assert elsa["switchPupilUrl"].endswith(f"/Account/PupilSwitcher/SwitchPupil/{ELSA}")
    assert elsa["hybridMappingId"].split("|")[1] == elsa["id"]
    assert sum(p["selected"] for p in pupils.values()) == 1


async def test_switch_pupil_as_xhr_answers_500_yet_switches(signed_in):
    """deformentor-cli: SwitchPupil asked with X-Requested-With answers 500 and still switches."""
    b = await signed_in("anna", NILS)
    answer = await b.get(
        f"/Account/PupilSwitcher/SwitchPupil/{ELSA}",
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert answer.status == 500
    assert switch_ids(await b.home(), selected=True) == [ELSA]


async def test_switch_pupil_changes_selection_and_apps(signed_in):
    b = await signed_in("anna")
    answer = await b.switch(ELSA)
    assert answer.status == 302 and answer.headers["Location"] == "/"
    data = await b.home()
    assert switch_ids(data, selected=True) == [ELSA]
    apps = {a["codeName"] for a in data["apps"]}
    assert "timeregistration" in apps and "assessment" not in apps
    await b.switch(NILS)
    apps = {a["codeName"] for a in (await b.home())["apps"]}
    assert {"attendance", "timeregistration", "assessment", "documentation"} <= apps


async def test_selection_is_per_session(signed_in):
    one = await signed_in("anna", ELSA)
    two = await signed_in("anna", NILS)
    news_one = (await one.post("/Communication/News/GetNewsList", {"pageSize": -1})).data
    news_two = (await two.post("/Communication/News/GetNewsList", {"pageSize": -1})).data
    assert {i["title"] for i in news_one["items"]} != {i["title"] for i in news_two["items"]}
    assert "Utedag på fredag" in {i["title"] for i in news_one["items"]}


async def test_a_stranger_child_leaves_the_selection_alone(signed_in):
    b = await signed_in("anna", ELSA)
    await b.switch(ALVA)
    await b.switch(999)
    assert switch_ids(await b.home(), selected=True) == [ELSA]


async def test_student_sees_only_themself(signed_in):
    b = await signed_in("nils")
    data = await b.home()
    assert data["account"]["currentUser"]["userType"] == "Pupil"
    assert switch_ids(data) == switch_ids(data, selected=True) == [NILS]


async def test_staff_have_no_pupils_and_child_modules_answer_a_shell(signed_in):
    b = await signed_in("larare")
    data = await b.home()
    assert data["account"]["pupils"] == [] and data["apps"] == []
    answer = await b.post("/Communication/News/GetNewsList")
    assert answer.status == 200 and "IMHome" in answer.text
    assert answer.headers["Content-Type"].startswith("text/html")


async def test_missing_module_answers_an_html_shell(signed_in):
    b = await signed_in("lina", SAGA)
    answer = await b.post("/TimeRegistration/TimeRegistration/GetTimeRegistrations/", {})
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "<html" in answer.text and "IMHome" in answer.text


async def test_paths_are_case_insensitive_and_reads_take_forms(signed_in):
    b = await signed_in("anna", NILS)
    lower = await b.post("/communication/news/getnewslist/", {"pageSize": -1})
    upper = await b.post("/COMMUNICATION/NEWS/GETNEWSLIST", {"pageSize": -1})
    assert lower.data == upper.data and lower.data["totalItemCount"] > 0
    form = await b.request(
        "POST", "/Message/message/GetMessages", form={"page": "1", "pageSize": "10"}
    )
    assert "items" in form.data
    assert (await b.get("/no/such/page")).status == 404
    assert (await b.get("/attendance/attendance/registerAttendance")).status == 405
