from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Procurement")

    def ready(self) -> None:
        from portal.history_display import describe

        # The capacity history, recorded on the supplier.
        describe("weeks", label=_("weeks"))
        describe("implementations", label=_("implementations"))
        describe("go_lives", label=_("go-lives"))
