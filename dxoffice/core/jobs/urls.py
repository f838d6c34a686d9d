from django.urls import path

from dxoffice.core.jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/errors.xlsx", views.job_errors, name="job_errors"),
    path("jobs/<int:pk>/cancel/", views.job_cancel_view, name="job_cancel"),
]
