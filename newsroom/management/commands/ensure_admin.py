import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a local superuser 'admin' with a generated password if no superuser exists, "
        "and print the password once. Does nothing when a superuser exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        user_model = get_user_model()
        if user_model.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser exists already; no account was created.")
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                "\nCreated the local admin account (shown only this once):\n"
                f"  user:     {username}\n  password: {password}\n"
                "Change it at /admin/password_change/ or run "
                "'.venv/bin/python manage.py changepassword admin'.\n"
            )
        )
