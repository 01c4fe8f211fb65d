"""The operator's admin for rollout data. Changes to plans go through the portal's pages,
which write history; the admin is for looking and for repairs."""

from django.contrib import admin

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


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organisation"]


class SteeringGroupMemberInline(admin.TabularInline):
    model = SteeringGroupMember
    extra = 0


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["name", "solution", "methodology", "is_demo"]
    search_fields = ["name"]
    inlines = [ParticipationInline, SteeringGroupMemberInline]


@admin.register(BlackoutPeriod)
class BlackoutPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "collaboration"]


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = ["name", "collaboration", "go_live", "status"]
    list_filter = ["collaboration", "status"]
    readonly_fields = ["version"]


@admin.register(Rollout)
class RolloutAdmin(admin.ModelAdmin):
    list_display = ["organisation", "collaboration", "wave", "baseline_go_live", "status"]
    list_filter = ["collaboration", "status"]
    readonly_fields = ["baseline_go_live", "version"]


class CriterionTemplateInline(admin.TabularInline):
    model = CriterionTemplate
    extra = 0


@admin.register(MilestoneTemplate)
class MilestoneTemplateAdmin(admin.ModelAdmin):
    list_display = ["order", "title_nb", "phase", "offset_days", "is_gate", "methodology"]
    list_filter = ["methodology", "phase"]
    inlines = [CriterionTemplateInline]


@admin.register(Methodology)
class MethodologyAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_published", "created_at"]
