"""The `dxoffice` console command: manage.py with the project's settings preset."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxoffice.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")  # `dxoffice import-plan` runs the import_plan command
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
