from django.urls import include, path

from dxoffice.planning.views import (
    budget,
    dashboard,
    directives,
    objectives,
    periodic_report,
    reports,
    tasks,
    units,
)

app_name = "planning"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/report/", periodic_report.periodic_report_view, name="periodic_report"),
    path("tasks/", tasks.task_list, name="task_list"),
    path("tasks/new/", tasks.task_create_view, name="task_create"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/status/", tasks.task_status, name="task_status"),
    path("tasks/<int:pk>/archive/", tasks.task_archive_view, name="task_archive"),
    path("tasks/<int:pk>/files/", tasks.task_file_upload, name="task_file_upload"),
    path("tasks/<int:pk>/milestones/", tasks.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/toggle/", tasks.milestone_toggle, name="milestone_toggle"),
    path("tasks/<int:pk>/reports/new/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/edit/", reports.report_edit, name="report_edit"),
    path("reports/<int:pk>/submit/", reports.report_submit_view, name="report_submit"),
    path("reports/<int:pk>/review/", reports.report_review, name="report_review"),
    path("reviews/", reports.review_queue, name="review_queue"),
    path("tasks/<int:pk>/budget/", budget.budget_line_edit, name="budget_line_create"),
    path("budget/<int:line_pk>/", budget.budget_line_edit, name="budget_line_edit"),
    path("budget/", budget.budget_summary, name="budget_summary"),
    path("objectives/", objectives.objective_list, name="objective_list"),
    path("objectives/<int:pk>/", objectives.objective_detail, name="objective_detail"),
    path("directives/", directives.directive_list, name="directive_list"),
    path("units/<str:code>/", units.unit_detail, name="unit_detail"),
    path("", include("dxoffice.planning.urls_excel")),
]
