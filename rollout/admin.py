from django.contrib import admin

from rollout.models import Collaboration, Participation, SteeringGroupMember


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organisation"]


class SteeringGroupMemberInline(admin.TabularInline):
    model = SteeringGroupMember
    extra = 0


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["name", "is_demo"]
    search_fields = ["name"]
    inlines = [ParticipationInline, SteeringGroupMemberInline]
