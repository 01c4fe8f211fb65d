"""The operator's admin for rollout data. Changes to plans go through the portal's pages,
which write history; the admin is for looking and for repairs.

Every model here is written only through the services (which check the rules, re-plan and
write history), so the admin is read-only: collaborations (with their participants and
steering group) and blackout periods are kept by KS staff on the portal's own pages, waves,
rollouts and the methodology on theirs."""

from django.contrib import admin

from portal.admin import ReadOnlyAdminMixin
from rollout.models import (
    BlackoutPeriod,
    Collaboration,
    CriterionTemplate,
    Methodology,
    MilestoneTemplate,
    Participation,
    Rollout,
    SteeringGroupMember,
    Wave,
)


class ParticipationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organisation"]


class SteeringGroupMemberInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SteeringGroupMember
    extra = 0


@admin.register(Collaboration)
class CollaborationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "solution", "methodology", "is_demo"]
    search_fields = ["name"]
    inlines = [ParticipationInline, SteeringGroupMemberInline]


@admin.register(BlackoutPeriod)
class BlackoutPeriodAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "collaboration"]


@admin.register(Wave)
class WaveAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "collaboration", "go_live", "status"]
    list_filter = ["collaboration", "status"]
    readonly_fields = ["version"]


@admin.register(Rollout)
class RolloutAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "collaboration", "wave", "baseline_go_live", "status"]
    list_filter = ["collaboration", "status"]
    readonly_fields = ["baseline_go_live", "version"]


class CriterionTemplateInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CriterionTemplate
    extra = 0


@admin.register(MilestoneTemplate)
class MilestoneTemplateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["order", "title_nb", "phase", "offset_days", "is_gate", "methodology"]
    list_filter = ["methodology", "phase"]
    inlines = [CriterionTemplateInline]


@admin.register(Methodology)
class MethodologyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "version", "is_published", "created_at"]
