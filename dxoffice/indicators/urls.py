from django.urls import path

from dxoffice.indicators.views import (
    campaigns,
    editor,
    entry,
    entry_xlsx,
    frameworks,
    gaps,
    indicators,
    opendata,
    overview,
    quality,
    units,
)

app_name = "indicators"

urlpatterns = [
    path("", overview.overview, name="overview"),
    path("units/<str:code>/", units.unit_scorecard, name="unit"),
    path("indicator/<int:pk>/", indicators.indicator_detail, name="indicator"),
    path("indicator/<int:pk>/edit/", editor.indicator_edit, name="indicator_edit"),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("entry/<int:pk>/", entry.entry, name="entry"),
    path("entry/<int:pk>/review/", entry.review, name="review"),
    path("entry/<int:pk>/values.xlsx", entry_xlsx.entry_xlsx, name="entry_xlsx"),
    path("entry/<int:pk>/upload/", entry_xlsx.entry_upload, name="entry_upload"),
    path("quality/", quality.quality, name="quality"),
    path("quality/<int:pk>/", quality.flag_update, name="flag_update"),
    path("gaps/", gaps.gap_list, name="gap_list"),
    path("gaps/open/", gaps.gap_open, name="gap_open"),
    path("gaps/<int:pk>/", gaps.gap_detail, name="gap_detail"),
    path("frameworks/", frameworks.framework_list, name="framework_list"),
    path("versions/<int:pk>/", frameworks.version_detail, name="version_detail"),
    path("versions/<int:pk>/export.<str:fmt>", frameworks.version_export, name="version_export"),
    path("versions/<int:pk>/copy/", frameworks.version_copy, name="version_copy"),
    path("versions/<int:pk>/editor/", editor.editor, name="editor"),
    path("versions/<int:pk>/editor/<str:kind>/new/", editor.record_edit, name="record_new"),
    path("versions/<int:pk>/editor/<str:kind>/<str:code>/", editor.record_edit, name="record_edit"),
    path("versions/<int:pk>/editor/<str:kind>/<str:code>/retire/", editor.record_retire, name="record_retire"),
    path("versions/<int:pk>/recompute/", frameworks.version_recompute, name="version_recompute"),
    path("open/", opendata.open_data_index, name="open_data_index"),
    path("open/<str:code>/<str:period>.<str:fmt>", opendata.open_data, name="open_data"),
]
