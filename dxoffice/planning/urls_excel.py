from django.urls import path

from dxoffice.planning.views import excel

# Excel: plan template download, plan import, register export. Included by planning/urls.py.
urlpatterns = [
    path("plans/template.xlsx", excel.plan_template, name="plan_template"),
    path("plans/import/", excel.plan_import, name="plan_import"),
    path("tasks/export.xlsx", excel.task_export, name="task_export"),
]
