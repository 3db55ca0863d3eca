"""The texts the "Frånvaro" box's appData carries, every key lib_smilingschool-dart reads.

Its model requires each of these as a string, so the sandbox sends them all;
the Swedish wording is ours (designed here), the key names are the public ones.
"""

from __future__ import annotations

_WORDS = {
    "reportSickness": "Sjukanmälan",
    "absenceReport": "Frånvaroanmälan",
    "registrationDetails": "Registreringsdetaljer",
    "dateLabel": "Datum",
    "timeLabel": "Tid",
    "subjectLabel": "Ämne",
    "reasonLabel": "Orsak",
    "registeredByLabel": "Registrerad av",
    "fromLabel": "Från",
    "comments": "Kommentarer",
    "today": "Idag",
    "tomorrow": "I morgon",
    "allDay": "Heldag",
    "reportAbsence": "Anmäl frånvaro",
    "absenceReported": "Frånvaro anmäld",
    "leaveRequestPanelTitle": "Ledighetsansökan",
    "leaveRequestRequestLeave": "Ansök om ledighet",
    "commonPending": "Väntar",
    "leaveRequestApprovedStatus": "Beviljad",
    "leaveRequestRejectedStatus": "Avslagen",
    "commonCancel": "Avbryt",
    "commonDelete": "Ta bort",
    "save": "Spara",
}

APP_DATA_KEYS = [
    "reportSickness",
    "absenceReport",
    "registrationDetails",
    "dateLabel",
    "timeLabel",
    "subjectLabel",
    "reasonLabel",
    "registeredByLabel",
    "fromLabel",
    "comments",
    "today",
    "tomorrow",
    "dateToday",
    "dateTomorrow",
    "clickToChange",
    "markedAsPresent",
    "markedAsAbsent",
    "absenceInToday",
    "absenceAwayToday",
    "absenceAwayTodayLocked",
    "absenceInTomorrow",
    "absenceAwayTomorrow",
    "absenceAwayTomorrowLocked",
    "minutesLabel",
    "halfDaysCount",
    "pageCount",
    "returnToList",
    "prevItem",
    "nextItem",
    "apply",
    "clear",
    "save",
    "edit",
    "commentPlaceHolder",
    "details",
    "reportAbsence",
    "absenceReported",
    "reportedAbsent",
    "reportAbsenceBannerMessage",
    "reportAbsenceSubmitAbsence",
    "reportNewAbsence",
    "reportAbsenceApproved",
    "reportAbsencePending",
    "reportAbsenceAdvisoryTextPupil",
    "allDay",
    "reportAbsencePanelTitle",
    "reportSicknessLeave",
    "attendaceAlreadyRecorded",
    "pastAttendance",
    "pastAttendances",
    "leaveRequestPanelTitle",
    "leaveRequestRequestLeave",
    "commonPending",
    "leaveRequestApprovedStatus",
    "leaveRequestRejectedStatus",
    "leaveRequestDateFrom",
    "leaveRequestDateTo",
    "leaveRequestTimeFrom",
    "leaveRequestTimeTo",
    "leaveRequestDetailsPattern",
    "leaveRequestDeleteButtonText",
    "leaveRequestRequiredFieldsText",
    "leaveRequestDeleteDialogTitle",
    "leaveRequestDeleteDialogText",
    "commonCancel",
    "commonDelete",
    "commonNoResultsText",
    "commonSelectableListOfTimes",
    "leaveRequestSubmitRequest",
    "leaveRequestValidationMustFillBothTimesOrNeither",
    "leaveRequestValidationToMustBeAfterFrom",
    "leaveRequestSummaryDialogTitle",
    "leaveRequestRequestDetails",
    "leaveRequestDateFromTo",
    "leaveRequestApplicationSubmittedBy",
    "leaveRequestStatus",
    "leaveRequestApprovalDetails",
    "leaveRequestDeniedDetails",
    "leaveRequestApprovedBy",
    "leaveRequestDeniedBy",
    "leaveRequestNotes",
    "leaveRequestDeniedStatus",
    "leaveRequestDeleteNotAllowedText",
    "leaveRequestDeleteNotAllowedWhenApprovedDeniedText",
    "commonExpired",
    "leaveRequestOnlyOneGuardianRegistered",
    "leaveRequestMustBeApprovedSecondaryGuardianNotificationWillBeSend",
    "leaveRequestOnceYouSubmitItWillPending",
    "leaveRequestAwaitingSecondaryApproval",
    "leaveRequestAwaitingSchoolDecision",
    "leaveRequestDeniedBySecondaryGuardian",
    "commonDeniedByYou",
    "leaveRequestApprove",
    "leaveRequestOnlySubmitterCanRemove",
    "leaveRequestAwaitingYourApproval",
    "leaveRequestExpiredNoActionTaken",
    "leaveRequestDenyRequest",
    "reportAbsenceAdvisoryText",
]


def app_data_translations() -> dict[str, str]:
    """Every key, in Swedish where we have a word and the key itself where we do not."""
    return {key: _WORDS.get(key, key) for key in APP_DATA_KEYS}


def list_translations() -> dict[str, str]:
    return {"listTitle": "Närvaro", "paging": "Sida {0} av {1}", "filter": "Filter"}


def list_headers() -> dict[str, dict[str, object]]:
    """The list's column headers, as `AttendanceListHeader` reads them."""
    return {
        key: {
            "displayText": text,
            "sortField": key,
            "isSortable": key == "date",
            "sortBy": key == "date",
            "sortDesc": key == "date",
        }
        for key, text in (
            ("date", "Datum"),
            ("time", "Tid"),
            ("subject", "Ämne"),
            ("reason", "Orsak"),
        )
    }
