from django.urls import path

from dxoffice.partners.views import agreements, cases, enterprises, public, reviews, schools

app_name = "partners"

urlpatterns = [
    path("", agreements.agreement_list, name="agreement_list"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/scorecard.xlsx", agreements.scorecard_xlsx, name="scorecard_xlsx"),
    path("agreements/<int:pk>/scorecard.pdf", agreements.scorecard_pdf, name="scorecard_pdf"),
    path("agreements/<int:pk>/review/", reviews.review_record, name="review_record"),
    path("agreements/<int:pk>/commitments/new/", reviews.commitment_add, name="commitment_add"),
    path("commitments/<int:pk>/", agreements.commitment_detail, name="commitment_detail"),
    path("commitments/<int:pk>/status/", agreements.commitment_status, name="commitment_status"),
    path("commitments/<int:pk>/evidence/", agreements.commitment_evidence, name="commitment_evidence"),
    path("commitments/<int:pk>/tasks/new/", agreements.commitment_task_create, name="commitment_task_create"),
    path("enterprises/", enterprises.enterprise_list, name="enterprise_list"),
    path("enterprises/export.xlsx", enterprises.enterprise_xlsx, name="enterprise_xlsx"),
    path("enterprises/<int:pk>/", enterprises.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/decide/", enterprises.enterprise_decide, name="enterprise_decide"),
    path("enterprises/<int:pk>/assess/", enterprises.enterprise_assess, name="enterprise_assess"),
    path("enterprises/<int:pk>/request/", enterprises.enterprise_request, name="enterprise_request"),
    path("me/", enterprises.my_enterprise, name="my_enterprise"),
    path("solutions/", enterprises.solution_list, name="solution_list"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/export.xlsx", cases.case_xlsx, name="case_xlsx"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/act/", cases.case_act, name="case_act"),
    path("schools/", schools.school_list, name="school_list"),
    path("schools/<int:pk>/tasks/new/", schools.school_task_create, name="school_task_create"),
    path("register/", public.register, name="register"),
    path("register/thanks/", public.register_thanks, name="register_thanks"),
]
