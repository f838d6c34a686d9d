"""Background jobs with visible progress.

A module registers a kind of job (core.registry.JobKind) and starts one with
`services.job_start(by=..., kind=..., params=..., upload=...)`. The job runs on huey (in process
when embedded, a worker in production) as the person who started it, reports with
`progress.update(percent, message)` and `progress.error(...)`, and its page (/jobs/<id>/) and the API
(GET /api/v1/jobs/{id}) show its state, progress, result and errors.
"""
