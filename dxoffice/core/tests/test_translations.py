"""Vietnamese comes first: every string in every catalogue (the project's and each module's own,
`dxoffice/<module>/locale/vi`) has a Vietnamese translation."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR).glob("**/locale/vi/LC_MESSAGES/django.po"))


def entries(text: str):
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            yield block, fields


def test_the_project_catalogue_is_found():
    assert Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.parent.parent.parent.parent.name))
def test_every_message_has_a_vietnamese_translation(catalogue: Path):
    text = catalogue.read_text(encoding="utf-8")
    untranslated = [f["msgid"] for _b, f in entries(text) if not (f.get("msgstr") or f.get("msgstr[0]"))]
    fuzzy = [f["msgid"] for block, f in entries(text) if "#, fuzzy" in block]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.parent.parent.parent.parent.name))
def test_placeholders_survive_translation(catalogue: Path):
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for _block, fields in entries(catalogue.read_text(encoding="utf-8")):
        translated = fields.get("msgstr") or fields.get("msgstr[0]") or ""
        assert sorted(placeholder.findall(fields["msgid"])) == sorted(placeholder.findall(translated)), fields
