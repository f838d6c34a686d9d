"""Administration of the program's reference lists: directives, the program, its pillars and
sectors, objectives with targets, annual plans. Tasks, reports and budget lines are worked on in
the application's own screens, where the workflow rules apply."""

from django.contrib import admin

from dxoffice.core.admin import ArchivableAdmin
from dxoffice.planning.models import (
    AnnualPlan,
    Directive,
    Objective,
    ObjectiveTarget,
    Pillar,
    Program,
    Sector,
)
from dxoffice.planning.selectors import administers_province


@admin.register(Directive)
class DirectiveAdmin(ArchivableAdmin):
    """Directives are the province administrators' (services.directive_save holds the same rule):
    staff without that role may read the list, not add, change or archive."""

    list_display = ["number", "title", "kind", "level", "issued_on"]
    list_filter = ["kind", "level"]
    search_fields = ["number", "title"]

    def has_add_permission(self, request):
        return administers_province(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return administers_province(request.user) and super().has_change_permission(request, obj)


class PillarInline(admin.TabularInline):
    model = Pillar
    extra = 0
    can_delete = False
    fields = ["code", "name", "name_en", "kind", "order"]


class SectorInline(admin.TabularInline):
    model = Sector
    extra = 0
    can_delete = False
    fields = ["code", "name", "name_en", "is_priority", "order"]


@admin.register(Program)
class ProgramAdmin(ArchivableAdmin):
    list_display = ["code", "name", "start_year", "end_year"]
    filter_horizontal = ["directives"]
    inlines = [PillarInline, SectorInline]


@admin.register(Pillar)
class PillarAdmin(ArchivableAdmin):
    list_display = ["code", "name", "name_en", "kind", "order", "program"]
    list_editable = ["order"]


@admin.register(Sector)
class SectorAdmin(ArchivableAdmin):
    list_display = ["code", "name", "name_en", "is_priority", "order", "program"]
    list_editable = ["order", "is_priority"]


class TargetInline(admin.TabularInline):
    model = ObjectiveTarget
    extra = 0
    can_delete = False


@admin.register(Objective)
class ObjectiveAdmin(ArchivableAdmin):
    list_display = ["code", "title", "kind", "pillar", "unit_of_measure", "direction"]
    list_filter = ["kind", "pillar"]
    search_fields = ["code", "title"]
    filter_horizontal = ["directives"]
    inlines = [TargetInline]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ArchivableAdmin):
    list_display = ["code", "title", "year", "status"]
