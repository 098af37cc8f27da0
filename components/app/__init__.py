"""The serverless app tier: identity, functions, API, tables, queues, schedules, workflows, alarms."""
