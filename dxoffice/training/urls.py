from django.urls import path

from dxoffice.training.views import (
    catalogue,
    certificates,
    classes,
    coverage,
    files,
    imports,
    learning,
    staff,
)

app_name = "training"

urlpatterns = [
    path("", catalogue.course_list, name="course_list"),
    path("courses/<int:pk>/", catalogue.course_detail, name="course_detail"),
    path("courses/<int:pk>/package.json", catalogue.course_package, name="course_package"),
    path("courses/import/", catalogue.course_package_import, name="course_import"),
    path("lessons/<int:pk>/", learning.lesson_detail, name="lesson_detail"),
    path("lessons/<int:pk>/files/", files.lesson_file_upload, name="lesson_file_upload"),
    path("lessons/<int:pk>/files/<int:file_pk>/", files.lesson_file_download, name="lesson_file"),
    path("lessons/<int:pk>/files/<int:file_pk>/retire/", files.lesson_file_retire, name="lesson_file_retire"),
    path("quizzes/<int:pk>/", learning.quiz_take, name="quiz_take"),
    path("me/", learning.my_learning, name="my_learning"),
    path("classes/<int:pk>/", classes.class_detail, name="class_detail"),
    path("classes/<int:pk>/enrol/", classes.class_enrol, name="class_enrol"),
    path("enrolments/<int:pk>/cancel/", classes.enrolment_cancel, name="enrolment_cancel"),
    path("enrolments/<int:pk>/score/", classes.enrolment_score, name="enrolment_score"),
    path("sessions/<int:pk>/roll/", classes.session_roll, name="session_roll"),
    path("sessions/<int:pk>/check-in/", classes.check_in_poster, name="check_in_poster"),
    path("sessions/<int:pk>/check-in.svg", classes.check_in_qr, name="check_in_qr"),
    path("check-in/<str:code>/", classes.check_in, name="check_in"),
    path("coverage/", coverage.coverage, name="coverage"),
    path("coverage/still-must/", coverage.still_must, name="still_must"),
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/import/", staff.staff_import, name="staff_import"),
    path("classes/<int:pk>/participants/", imports.participants_import, name="participants_import"),
    path("completions/import/", imports.completions_import, name="completions_import"),
    path("templates/<str:kind>.xlsx", imports.template_download, name="import_template"),
    path("certificates/<str:code>/", certificates.certificate_detail, name="certificate_detail"),
    path("certificates/<str:code>/pdf/", certificates.certificate_download, name="certificate_pdf"),
    path("verify/", certificates.verify, name="verify"),
]
