from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolloutConfig(AppConfig):
    name = "rollout"
    verbose_name = _("Rollout")

    def ready(self) -> None:
        from portal.history_display import describe
        from rollout.models import Decision

        # History keys recorded on a rollout or collaboration that are not their fields.
        describe("decision", label=_("decision"), choices=Decision.choices)
        describe("go_live", label=_("go-live date"))
        describe("participants", label=_("participants"))
        describe("steering_group", label=_("steering group"))
