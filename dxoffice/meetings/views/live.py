"""The live pages: the participant's view (phone, tablet, laptop) and the projector view for the
room's screen. Both take their state from the meeting's WebSocket and work on the local network
alone (no outside asset)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from dxoffice.meetings import access, live
from dxoffice.meetings.views.common import visible_meeting


def live_texts() -> dict[str, object]:
    """The words the live page's script shows, in the person's language."""
    return {
        "connected": _("Live"),
        "reconnecting": _("Reconnecting…"),
        "noItem": _("The meeting has not reached an agenda item."),
        "item": _("Item"),
        "present": _("%(present)s of %(members)s members present"),
        "quorum": _("quorum reached"),
        "noQuorum": _("no quorum"),
        "noSpeakers": _("Nobody has asked to speak."),
        "speaking": _("speaking"),
        "waiting": _("waiting"),
        "noPoll": _("No vote at the moment."),
        "secret": _("Secret ballot"),
        "named": _("Named vote"),
        "states": {"open": _("Open"), "closed": _("Closed"), "published": _("Result published"), "draft": ""},
        "voted": _("Your vote is counted."),
        "vote": _("Vote"),
        "votesCast": _("Votes cast: %(n)s"),
        "turnout": _("%(cast)s votes of %(present)s members present"),
        "passed": _("Passed"),
        "notPassed": _("Not passed"),
        "receipt": _("Your vote is counted. Your receipt code: %(code)s"),
        "already": _("Your vote had already been counted."),
        "asked": _("You are on the speakers' list."),
        "ballotOf": _("Ballot of"),
        "withdraw": _("Withdraw"),
        "withdrawLabel": _("Withdraw your request to speak"),
        "withdrawn": _("Your request to speak is withdrawn."),
        "moveUp": _("Move %(name)s up"),
        "moveDown": _("Move %(name)s down"),
        "reordered": _("The speakers' list is reordered."),
        "reorderFailed": _("The speakers' list could not be reordered; reload the page."),
        "refused": _("Not connected"),
        "refusedLong": _(
            "You cannot follow this meeting live: you no longer take part in it, or it no longer exists."
            " Reload the page or ask the meeting's secretary."
        ),
    }


def _context(request: HttpRequest, pk: int) -> dict[str, object]:
    meeting = visible_meeting(request, pk)
    runs = access.can_run(request.user, meeting)
    return {
        "meeting": meeting,
        "runs": runs,
        "ws_path": f"/ws/meetings/{meeting.pk}/",
        "initial": live.public_state(meeting.pk),
        "texts": live_texts(),
        "checkin_qr": reverse("meetings:checkin_qr", args=[meeting.pk]) if runs else "",
    }


@login_required
def live_view(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "meetings/live.html", _context(request, pk))


@login_required
def projector_view(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "meetings/projector.html", _context(request, pk))
