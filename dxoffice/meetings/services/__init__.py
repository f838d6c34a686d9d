"""Writes of the meetings module. Each service checks permission through the module's rules over the
one gate, validates, writes inside a transaction with its audit record and, where the room sees the
change, broadcasts the new live state after commit. Views, the API and the live channel call these."""

from dxoffice.meetings.services.agenda import (
    comment_add,
    document_add,
    document_archive,
    item_discussion_save,
    item_save,
    note_save,
    versions_of,
)
from dxoffice.meetings.services.conclusions import (
    ORIGIN,
    conclusion_archive,
    conclusion_save,
    conclusion_task_create,
)
from dxoffice.meetings.services.feeds import calendar_feed_of, calendar_feed_renew
from dxoffice.meetings.services.meetings import (
    current_item_set,
    invitees,
    meeting_close,
    meeting_create,
    meeting_send_invitations,
    meeting_start,
    meeting_update,
    minutes_approve,
)
from dxoffice.meetings.services.participants import (
    attendance_record,
    checkin_by_token,
    checkin_token_matches,
    participant_add,
    participant_remove,
    rsvp_answer,
)
from dxoffice.meetings.services.polls import (
    VoteOutcome,
    poll_close,
    poll_create,
    poll_open,
    poll_publish,
    polls_close_due,
    receipt_is_counted,
    vote_cast,
    voter_rows,
)
from dxoffice.meetings.services.speakers import speak_request, speak_withdraw, speaker_next, speakers_reorder

__all__ = [
    "ORIGIN",
    "VoteOutcome",
    "attendance_record",
    "calendar_feed_of",
    "calendar_feed_renew",
    "checkin_by_token",
    "checkin_token_matches",
    "comment_add",
    "conclusion_archive",
    "conclusion_save",
    "conclusion_task_create",
    "current_item_set",
    "document_add",
    "document_archive",
    "invitees",
    "item_discussion_save",
    "item_save",
    "meeting_close",
    "meeting_create",
    "meeting_send_invitations",
    "meeting_start",
    "meeting_update",
    "minutes_approve",
    "note_save",
    "participant_add",
    "participant_remove",
    "poll_close",
    "poll_create",
    "poll_open",
    "poll_publish",
    "polls_close_due",
    "receipt_is_counted",
    "rsvp_answer",
    "speak_request",
    "speak_withdraw",
    "speaker_next",
    "speakers_reorder",
    "versions_of",
    "vote_cast",
    "voter_rows",
]
