from django.conf import settings

from dxoffice.core.permissions import Action, can_anywhere


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"LANGUAGES": settings.LANGUAGES}
    return {
        "LANGUAGES": settings.LANGUAGES,
        "nav_can_plan": can_anywhere(user, Action.PLAN),
        "nav_can_review": can_anywhere(user, Action.REVIEW),
        "nav_can_report": can_anywhere(user, Action.REPORT),
    }
