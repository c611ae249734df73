from django.core.management.base import BaseCommand

from newsroom.roles import roles_sync


class Command(BaseCommand):
    help = "Create or update the Reporter, Editor and Translator groups and their permissions."

    def handle(self, *args, **options):
        roles_sync()
        self.stdout.write("Roles are up to date.")
