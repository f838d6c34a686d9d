"""A poll's result from its counters: counts, turnout and whether it passed under its rules."""

from __future__ import annotations

from typing import Any

from dxoffice.meetings.models import Majority, MajorityBase, Poll, PollKind


def counts_of(poll: Poll) -> list[int]:
    counts = [0] * len(poll.option_labels())
    for option, count in poll.tallies.values_list("option", "count"):
        if 0 <= option < len(counts):
            counts[option] = count
    return counts


def meets_majority(votes: int, against: int, base: int, majority: str) -> bool:
    """`votes` in favour, `against` the strongest other count, `base` the members it is taken of."""
    if majority == Majority.ABSOLUTE:
        return votes * 2 > base
    if majority == Majority.TWO_THIRDS:
        return base > 0 and votes * 3 >= base * 2
    return votes > against


def poll_result(poll: Poll) -> dict[str, Any]:
    counts = counts_of(poll)
    votes_cast = poll.votes.count()
    present = poll.present_count or 0
    members = poll.members_count or 0
    base = present if poll.base == MajorityBase.PRESENT else members
    winner: int | None = None
    if poll.kind == PollKind.YES_NO:
        passed = meets_majority(counts[0], counts[1], base, poll.majority)
        winner = 0 if passed else None
    else:
        top = max(counts) if counts else 0
        leaders = [index for index, count in enumerate(counts) if count == top and top > 0]
        runner_up = max((c for i, c in enumerate(counts) if i not in leaders), default=0)
        passed = len(leaders) == 1 and meets_majority(top, runner_up, base, poll.majority)
        winner = leaders[0] if passed else None
    if poll.requires_quorum and not poll.quorum_reached:
        passed, winner = False, None
    return {
        "options": poll.option_labels(),
        "counts": counts,
        "votes_cast": votes_cast,
        "present_count": present,
        "members_count": members,
        "base": base,
        "turnout_percent": round(votes_cast * 100 / present, 1) if present else 0.0,
        "quorum_reached": bool(poll.quorum_reached),
        "passed": passed,
        "winner": winner,
    }
