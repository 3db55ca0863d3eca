"""What the bot says unasked: it watches the Hub, decides who hears what and when, and
hands every message to the durable outbox.

`watcher` notices facts, `alerts` and `news` turn them into pushes, `summary` builds
the evening summary, `scheduler` keeps those summaries as durable jobs, and
`outbox_worker` delivers whatever the outbox holds through a channel's sender,
within the channel's limits. `runtime.start_push(deps)` runs them together.
"""
