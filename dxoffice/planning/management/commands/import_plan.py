"""`dxoffice import-plan FILE --plan CODE --as USERNAME [--dry-run]`: import an annual plan from
the Excel template, with the same checks, permissions and audit as the upload page."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dxoffice.core.models import User
from dxoffice.planning.excel.importer import import_plan
from dxoffice.planning.models import AnnualPlan


class Command(BaseCommand):
    help = "Import an annual plan from an .xlsx file made from the plan template."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--plan", help="code of the annual plan, e.g. KH-2026")
        which.add_argument("--year", type=int, help="year of the annual plan, when only one plan has it")
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="username of the person importing (permissions and audit apply)",
        )
        parser.add_argument("--dry-run", action="store_true", help="check everything, save nothing")

    def handle(
        self, *args, file: str, plan: str | None, year: int | None, username: str, dry_run: bool, **options
    ):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user “%(username)s”.") % {"username": username})
        annual_plan = self._plan(plan, year)
        try:
            result = import_plan(str(path), by=user, plan=annual_plan, dry_run=dry_run)
        except PermissionDenied:
            raise CommandError(_("%(user)s may not plan tasks anywhere.") % {"user": username}) from None
        for problem in result.problems:
            where = ", ".join(
                part
                for part in (
                    problem.sheet,
                    _("row %(row)s") % {"row": problem.row} if problem.row else "",
                    f"{problem.column} ({problem.cell})" if problem.cell else problem.column,
                )
                if part
            )
            self.stderr.write(f"{where}: {problem.message}" if where else problem.message)
        if result.more_problems:
            self.stderr.write(_("… and %(count)s more.") % {"count": result.more_problems})
        if not result.ok:
            raise CommandError(
                _("%(count)s problem(s); nothing was saved.") % {"count": result.problem_count}
            )
        summary = _(
            "%(plan)s: %(rows)s rows; tasks created %(created)s, updated %(updated)s, unchanged "
            "%(unchanged)s; budget lines created %(b_created)s, updated %(b_updated)s, unchanged "
            "%(b_unchanged)s; %(seconds)s s."
        ) % {
            "plan": annual_plan.code,
            "rows": result.rows,
            "seconds": result.seconds,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "b_created": result.budget_created,
            "b_updated": result.budget_updated,
            "b_unchanged": result.budget_unchanged,
        }
        if dry_run:
            summary = _("Check only, nothing saved. ") + summary
        self.stdout.write(self.style.SUCCESS(summary))

    @staticmethod
    def _plan(code: str | None, year: int | None) -> AnnualPlan:
        if code:
            plan = AnnualPlan.objects.select_related("program").filter(code=code).first()
            if plan is None:
                raise CommandError(_("No annual plan with the code “%(code)s”.") % {"code": code})
            return plan
        plans = list(AnnualPlan.objects.select_related("program").filter(year=year)[:2])
        if not plans:
            raise CommandError(_("No annual plan for %(year)s.") % {"year": year})
        if len(plans) > 1:
            raise CommandError(_("Several plans are for %(year)s; name one with --plan.") % {"year": year})
        return plans[0]
