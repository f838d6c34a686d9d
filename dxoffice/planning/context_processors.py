from dxoffice.planning.selectors import can_read_program


def program(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_reads_program": can_read_program(user)}
