"""Choice columns in both languages: what the template's drop-downs offer, what an import accepts.

A drop-down offers each choice's label in the language the template was downloaded in. An import
accepts, for every choice, its code (any case), its English label, its Vietnamese label and the
older bilingual label ("Cao / High"), compared without case, diacritics or extra spaces. Codes are
matched first, then labels as written (diacritics kept), then labels without diacritics. A text
that two choices' labels share at the level it matches ("Khác" for two "Khác", "thang" for "Tháng"
and "Thắng") names neither and is refused, so no text lands silently on the wrong choice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _

from dxoffice.core.excel import values as cells
from dxoffice.core.excel.columns import Choices, bilingual_label, choice_label
from dxoffice.core.text import fold

LANGUAGES = ("vi", "en")


def offered_labels(choices: Choices, language: str | None = None) -> dict[str, str]:
    """Value -> the text its drop-down offers in `language` (the active one by default): the label,
    or "label (code)" for a label that another choice of the list shares (ignoring case)."""
    language = language or translation.get_language() or "vi"
    labels = {value: choice_label(choices, value, language) for value in choices.values}
    counts = Counter(_exact(label) for label in labels.values())
    return {
        value: label if counts[_exact(label)] == 1 else f"{label} ({value})"
        for value, label in labels.items()
    }


def _exact(text: str) -> str:
    """Case and spaces ignored, diacritics kept ("Thắng" and "Tháng" stay apart)."""
    return " ".join(cells.clean_text(text).casefold().split())


def _unique(pairs: Iterable[tuple[str, str]]) -> dict[str, str | None]:
    """Text -> value; None for a text that two values share."""
    found: dict[str, str | None] = {}
    for text, value in pairs:
        found[text] = value if found.get(text, value) == value else None
    return found


class ChoiceReader:
    """Reads one choice column's cells: code, English or Vietnamese label -> stored value."""

    def __init__(self, choices: Choices):
        self.choices = choices
        texts = list(self._label_texts())
        self.codes = {fold(value): value for value in choices.values}
        self.exact = _unique((_exact(text), value) for text, value in texts)
        self.folded = _unique((fold(text), value) for text, value in texts)

    def _label_texts(self) -> Iterable[tuple[str, str]]:
        """(text, value): the offered and plain label in each language, and the bilingual label."""
        for language in LANGUAGES:
            yield from ((text, value) for value, text in offered_labels(self.choices, language).items())
            yield from ((choice_label(self.choices, value, language), value) for value in self.choices.values)
        yield from ((bilingual_label(self.choices, value), value) for value in self.choices.values)

    def find(self, text: str) -> str | None:
        """The value `text` names, or None when it names none (or more than one)."""
        code = self.codes.get(fold(text))
        if code is not None:
            return code
        exact = self.exact.get(_exact(text))
        if exact is not None:
            return exact
        return self.folded.get(fold(text))

    def read(self, raw: object, default: str) -> str:
        """The stored value of a cell (`default` when blank), or CellError listing what is accepted."""
        if cells.is_blank(raw):
            return default
        text = cells.clean_text(raw)
        value = self.find(text)
        if value is None:
            raise cells.CellError(
                _(
                    "“%(value)s” is not in the list. Accepted: %(options)s (the label in Vietnamese or "
                    "English, or the code)."
                )
                % {"value": text, "options": self.accepted()}
            )
        return value

    def accepted(self) -> str:
        """The choices as the active language names them, with their codes: "Cao (high); Thấp (low)"."""
        language = translation.get_language() or "vi"
        return "; ".join(
            f"{choice_label(self.choices, value, language)} ({value})" for value in self.choices.values
        )
