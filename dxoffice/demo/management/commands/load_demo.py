"""`dxoffice load_demo`: load the Cà Mau demo into an empty database."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dxoffice.demo import data
from dxoffice.demo.loader import is_empty, load_demo, taken_usernames


class Command(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = self.translated_help()  # translated when the parser is built, not at import time
        return super().create_parser(prog_name, subcommand, **kwargs)

    @staticmethod
    def translated_help() -> str:
        return _(
            "Load the Cà Mau demo (64 communes and wards, departments, partners, the 2026–2030 program, "
            "the 2026 and 2027 plans with about 150 tasks, reports and budget lines, and demo users whose "
            "password is “dxoffice-demo”). It loads only into a database without organisation units: "
            "with --if-empty it skips a database that has some, without it it refuses. There is no "
            "--force: to reload, start from an empty database (for example `dxoffice flush`, then "
            "`dxoffice load_demo`). "
            "Dates are computed from today, so the tracking mix looks the same whatever day it is loaded."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Skip (exit status 0) when the database already has organisation units."),
        )

    def handle(self, *args, **options):
        if not is_empty():
            if options["if_empty"]:
                self.stdout.write(_("The database already has organisation units; the demo was not loaded."))
                return
            raise CommandError(
                _(
                    "The database already has organisation units. The demo loads only into an empty database; "
                    "use --if-empty to skip in that case."
                )
            )
        taken = taken_usernames()
        if taken:
            raise CommandError(
                _(
                    "These user names already exist and the demo needs them: %(names)s. Load the demo into an "
                    "empty database."
                )
                % {"names": ", ".join(taken)}
            )
        try:
            result = load_demo()
        except ValidationError as error:  # e.g. a directive number already taken
            message = _("The demo could not be loaded: %(error)s") % {"error": "; ".join(error.messages)}
            raise CommandError(message) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Loaded the Cà Mau demo in %(seconds).1f s: %(units)d units, %(users)d users, %(tasks)d tasks, "
                    "%(reports)d progress reports, %(lines)d budget lines."
                )
                % {
                    "seconds": result.seconds,
                    "units": result.units,
                    "users": result.users,
                    "tasks": result.tasks,
                    "reports": result.reports,
                    "lines": result.budget_lines,
                }
            )
        )
        self.stdout.write(
            _("Demo logins (password: %(password)s): %(users)s")
            % {"password": data.DEMO_PASSWORD, "users": ", ".join(u[0] for u in data.USERS)}
        )
