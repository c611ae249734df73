"""The task queue's wire jobs: the drop folder and the agencies' feeds, every minute."""

from django.db import migrations

SCHEDULES = {
    "wire: drop folder": "wire.tasks.drop_folder_job",
    "wire: poll agency feeds": "wire.tasks.poll_job",
}


def schedules_add(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func in SCHEDULES.items():
        Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": "I", "minutes": 1, "repeats": -1},
        )


def schedules_remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
        ("wire", "0001_wire_agencies_items_log"),
    ]

    operations = [migrations.RunPython(schedules_add, schedules_remove)]
