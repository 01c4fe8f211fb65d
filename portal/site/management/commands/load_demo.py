from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.site.demo import load_demo


class Command(BaseCommand):
    help = "Load demo data with one account per role (only with DEBUG on, or with --force)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Load the demo even with DEBUG off."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("The demo is loaded only with DEBUG on, or with --force.")
        accounts = load_demo(settings.DEMO_PASSWORD)
        self.stdout.write("Demo loaded. Accounts (password from DEMO_PASSWORD):")
        for account in accounts:
            self.stdout.write(f"  {account.email:34} {account.description}")
