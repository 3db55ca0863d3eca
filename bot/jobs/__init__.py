"""Durable later work: queued Hub errands, filings for days not yet in reach, summaries.

Everything scheduled lives as a row in the job table, so a restart loses nothing;
this package only runs what is due.
"""

from bot.jobs.runner import GiveUp, JobHandler, JobRunner, RetryLater

__all__ = ["GiveUp", "JobHandler", "JobRunner", "RetryLater"]
