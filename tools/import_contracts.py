"""A contract for import-linter that the stock ones cannot say: a module of dxoffice is reached from
another module only through its public surface (services, selectors, signals).

    [[tool.importlinter.contracts]]
    type = "surface"
    modules = ["dxoffice.planning", "dxoffice.indicators"]   # apps; missing ones are skipped
    surface = ["services", "selectors", "signals"]
    allowed_importers = ["dxoffice.api", "dxoffice.urls"]     # the project's shell
    readers = ["dxoffice.portal"]                              # may use selectors only

`make lint` runs it with the others (`lint-imports`, with tools/ on PYTHONPATH).
"""

from __future__ import annotations

import grimp
from importlinter import Contract, ContractCheck, fields, output


class SurfaceContract(Contract):
    type_name = "surface"

    modules = fields.ListField(subfield=fields.StringField())
    surface = fields.ListField(subfield=fields.StringField())
    allowed_importers = fields.ListField(subfield=fields.StringField(), required=False)
    readers = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        apps = [app for app in self.modules if app in graph.modules]  # type: ignore[attr-defined]
        allowed = list(self.allowed_importers or [])  # type: ignore[call-overload]
        readers = list(self.readers or [])  # type: ignore[call-overload]
        broken: list[tuple[str, str, list[int]]] = []
        for app in apps:
            public = [f"{app}.{name}" for name in self.surface]  # type: ignore[attr-defined]
            for imported in sorted(graph.find_descendants(app)):
                for importer in sorted(graph.find_modules_that_directly_import(imported)):
                    if _within(importer, [app, *allowed]) or ".tests" in importer:
                        continue  # tests may use any module's factories and fixtures
                    if _within(imported, [f"{app}.selectors"]):
                        continue
                    if _within(imported, public) and not _within(importer, readers):
                        continue
                    details = graph.get_import_details(importer=importer, imported=imported)
                    broken.append((importer, imported, [d["line_number"] for d in details]))
        return ContractCheck(kept=not broken, warnings=[], metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error(
            "Import another module only through its services, selectors or signals:", bold=False
        )
        output.new_line()
        for importer, imported, lines in check.metadata["broken"]:
            output.print_error(f"- {importer} -> {imported} (l.{', '.join(map(str, lines))})", bold=False)
        output.new_line()


def _within(module: str, packages: list[str]) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)
