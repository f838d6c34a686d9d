from django.urls import path

from dxoffice.core.public import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("language/<str:code>/", views.language, name="language"),
]
