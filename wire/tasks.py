"""The task queue's wire jobs (django-q2 schedules, ``wire/migrations/0002``): the drop
folder and the agencies' feeds, every minute. Each returns how many log lines it wrote,
so the queue's result screens say what a run did without storing model objects."""

from __future__ import annotations

from wire.channels import drop_folder_process, poll_all


def drop_folder_job() -> int:
    return len(drop_folder_process())


def poll_job() -> int:
    return len(poll_all())
