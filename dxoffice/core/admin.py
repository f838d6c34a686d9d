"""Administration screens for reference data. Nothing is deleted here either: archive instead."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from dxoffice.core.models import OrgUnit, RoleGrant, User


class NoDeleteMixin:
    """Records are archived, never deleted (their history keeps who and why)."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.action(description=_("Archive the selected records"))
def archive_selected(modeladmin, request, queryset):
    from dxoffice.core.services import archive

    for obj in queryset:
        archive(obj, by=request.user)


class ArchivableAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    actions = [archive_selected]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    fields = ["unit", "role", "archived_at"]
    readonly_fields = ["archived_at"]
    autocomplete_fields = ["unit"]
    can_delete = False


@admin.register(OrgUnit)
class OrgUnitAdmin(ArchivableAdmin):
    list_display = ["code", "name", "kind", "parent", "archived_at"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "search_text"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "depth"]


@admin.register(User)
class DxUserAdmin(NoDeleteMixin, UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "email", "unit", "is_active"]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["unit"]
    inlines = [RoleGrantInline]
    fieldsets = [
        *(UserAdmin.fieldsets or ()),
        (_("dxoffice"), {"fields": ["full_name", "unit", "position", "phone", "language"]}),
    ]
