"""The task queue's sweep for due deliveries, every minute (scheduled stories, retries)."""

from django.db import migrations

NAME = "syndication: deliveries due"


def schedule_add(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={
            "func": "syndication.tasks.deliveries_due",
            "schedule_type": "I",  # minutes
            "minutes": 1,
            "repeats": -1,
        },
    )


def schedule_remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
        ("syndication", "0001_partners_subscriptions_deliveries"),
    ]

    operations = [migrations.RunPython(schedule_add, schedule_remove)]
