from typing import Any

from django.core.management.base import BaseCommand

from portal.reference import load_reference_data


class Command(BaseCommand):
    help = "Load counties, health authorities, hospital trusts and the 357 municipalities."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_reference_data()
        self.stdout.write(
            f"{result.counties} counties, {result.authorities} regional health authorities, "
            f"{result.communities} helsefellesskap, {result.trusts} hospital trusts, "
            f"{result.municipalities} municipalities; {result.changed} rows written."
        )
