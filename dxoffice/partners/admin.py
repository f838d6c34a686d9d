"""Administration of the partners module's reference lists: partner profiles, the agreements
themselves (with their amendments) and the solutions catalogue. Commitments, reviews, enterprises
and cases are worked on in the module's own screens, where the rules apply."""

from django.contrib import admin

from dxoffice.core.admin import ArchivableAdmin
from dxoffice.partners.models import Agreement, Amendment, PartnerProfile, Solution


@admin.register(PartnerProfile)
class PartnerProfileAdmin(ArchivableAdmin):
    list_display = ["unit", "contact_name", "contact_email", "school_level"]
    search_fields = ["unit__name", "unit__code", "contact_name"]
    autocomplete_fields = ["unit"]


class AmendmentInline(admin.TabularInline):
    model = Amendment
    extra = 0
    can_delete = False
    fields = ["number", "signed_on", "summary"]


@admin.register(Agreement)
class AgreementAdmin(ArchivableAdmin):
    list_display = ["number", "title", "owner_unit", "signed_on", "valid_until"]
    search_fields = ["number", "title"]
    autocomplete_fields = ["owner_unit"]
    filter_horizontal = ["parties"]
    inlines = [AmendmentInline]


@admin.register(Solution)
class SolutionAdmin(ArchivableAdmin):
    list_display = ["name", "provider", "sector", "need", "price_min", "price_max"]
    list_filter = ["sector", "need"]
    search_fields = ["name"]
    autocomplete_fields = ["provider"]
