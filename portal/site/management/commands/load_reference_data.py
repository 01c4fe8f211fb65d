from typing import Any

from django.core.management.base import BaseCommand

from portal.history import SYSTEM
from portal.reference import load_reference_data
from rollout.models import Methodology
from rollout.services.methodology import DEFAULT_NAME, install_default_methodology


class Command(BaseCommand):
    help = (
        "Load counties, health authorities, hospital trusts and the 357 municipalities, and "
        "install the default methodology (34 milestones, 15 go/no-go criteria). Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_reference_data()
        self.stdout.write(
            f"{result.counties} counties, {result.authorities} regional health authorities, "
            f"{result.communities} helsefellesskap, {result.trusts} hospital trusts, "
            f"{result.municipalities} municipalities; {result.changed} rows written."
        )
        existed = Methodology.objects.filter(name=DEFAULT_NAME, version=1).exists()
        methodology = install_default_methodology(by=SYSTEM)
        self.stdout.write(
            f"Methodology {methodology}: {methodology.milestones.count()} milestones, "
            + ("already installed." if existed else "installed.")
        )
