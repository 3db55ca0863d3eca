"""Every errand and every kind of later work the bot has, listed where a reader sees them.

Adding an errand is its own module, its intent in the parser, its catalog lines,
and one line here.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.conversation.errand import Errand
from bot.handlers import help, secure, settings, summary, support, undo, unknown
from bot.handlers.absence import errand as absence
from bot.handlers.absence import jobs as absence_jobs
from bot.handlers.account import errands as account
from bot.handlers.account import my_data
from bot.handlers.reading import calendar, messages, news, talks
from bot.handlers.schedule import errand as schedule
from bot.handlers.schedule import jobs as schedule_jobs
from bot.jobs import JobHandler, retention
from bot.push import scheduler

# In this order the errands that wait for free text are asked whether they take a message.
ERRANDS: list[Errand] = [
    absence.AbsenceErrand(),
    account.LogoutErrand(),
    account.ForgetMeErrand(),
    my_data.MyDataErrand(),
    calendar.CalendarErrand(),
    help.HelpErrand(),
    talks.MeetingsErrand(),
    messages.MessagesErrand(),
    news.NewsErrand(),
    schedule.ScheduleErrand(),
    secure.SecureErrand(),
    settings.SettingsErrand(),
    summary.SummaryErrand(),
    support.SupportErrand(),
    undo.UndoErrand(),
    unknown.UnknownErrand(),
]

JOB_HANDLERS: Mapping[str, JobHandler] = {
    **absence_jobs.JOB_HANDLERS,
    **schedule_jobs.JOB_HANDLERS,
    **retention.JOB_HANDLERS,
    **scheduler.JOB_HANDLERS,
}
