from django.urls import path

from dxoffice.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("units/", views.unit_list, name="unit_list"),
    path("files/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("history/<str:label>/<int:pk>/", views.history, name="history"),
    path("account/tokens/", views.token_list, name="token_list"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
]
