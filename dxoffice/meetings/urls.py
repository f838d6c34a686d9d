from django.urls import path

from dxoffice.meetings.views import agenda, conclusions, live, meetings, output, participants, polls

app_name = "meetings"

urlpatterns = [
    path("", meetings.meeting_list, name="meeting_list"),
    path("new/", meetings.meeting_create_view, name="meeting_create"),
    path("calendar/<str:token>.ics", output.calendar_feed, name="calendar_feed"),
    path("calendar/renew/", output.calendar_feed_renew, name="calendar_feed_renew"),
    path("<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("<int:pk>/step/<str:step>/", meetings.meeting_step, name="meeting_step"),
    path("<int:pk>/participants/", participants.participant_add_view, name="participant_add"),
    path(
        "<int:pk>/participants/<int:participant_pk>/attendance/",
        participants.attendance_view,
        name="attendance",
    ),
    path(
        "<int:pk>/participants/<int:participant_pk>/remove/",
        participants.participant_remove_view,
        name="participant_remove",
    ),
    path("<int:pk>/rsvp/", participants.rsvp_view, name="rsvp"),
    path("<int:pk>/checkin/<str:token>/", participants.checkin_view, name="checkin"),
    path("<int:pk>/checkin-qr.svg", participants.checkin_qr, name="checkin_qr"),
    path("<int:pk>/items/", agenda.item_add_view, name="item_add"),
    path("<int:pk>/items/current/", agenda.item_current_view, name="item_current"),
    path("<int:pk>/items/<int:item_pk>/discussion/", agenda.item_discussion_view, name="item_discussion"),
    path("<int:pk>/speak/", agenda.speak_view, name="speak"),
    path("<int:pk>/speakers/next/", agenda.speaker_next_view, name="speaker_next"),
    path("<int:pk>/speakers/order/", agenda.speakers_reorder_view, name="speakers_reorder"),
    path("<int:pk>/documents/", agenda.document_upload_view, name="document_upload"),
    path("<int:pk>/documents/<int:document_pk>/", agenda.document_view, name="document"),
    path(
        "<int:pk>/documents/<int:document_pk>/files/<int:file_pk>/",
        agenda.document_file,
        name="document_file",
    ),
    path("<int:pk>/documents/<int:document_pk>/note/", agenda.note_save_view, name="note_save"),
    path("<int:pk>/documents/<int:document_pk>/comments/", agenda.comment_add_view, name="comment_add"),
    path("<int:pk>/documents.zip", output.documents_zip, name="documents_zip"),
    path("<int:pk>/polls/", polls.poll_create_view, name="poll_create"),
    path("<int:pk>/polls/<int:poll_pk>/vote/", polls.vote_view, name="vote"),
    path(
        "<int:pk>/polls/<int:poll_pk>/receipt/", polls.receipt_check_view, name="receipt_check"
    ),  # before the steps, whose <step> would take them
    path("<int:pk>/polls/<int:poll_pk>/<str:step>/", polls.poll_step_view, name="poll_step"),
    path("<int:pk>/polls.<str:fmt>", polls.polls_export, name="polls_export"),
    path("<int:pk>/conclusions/", conclusions.conclusion_add_view, name="conclusion_add"),
    path(
        "<int:pk>/conclusions/<int:conclusion_pk>/archive/",
        conclusions.conclusion_archive_view,
        name="conclusion_archive",
    ),
    path(
        "<int:pk>/conclusions/<int:conclusion_pk>/task/",
        conclusions.follow_up_create_view,
        name="follow_up_create",
    ),
    path("<int:pk>/minutes.<str:fmt>", output.minutes_view, name="minutes"),
    path("<int:pk>/conclusions.<str:fmt>", output.notice_view, name="notice"),
    path("<int:pk>/invite.ics", output.meeting_ics, name="meeting_ics"),
    path("<int:pk>/live/", live.live_view, name="live"),
    path("<int:pk>/projector/", live.projector_view, name="projector"),
]
