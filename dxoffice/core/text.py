"""Vietnamese-aware text helpers: NFC normalisation and accent folding for search."""

import unicodedata


def nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def fold(value: str | None) -> str:
    """Lower-case, accent-free form used for accent-insensitive search ("Cà Mau" -> "ca mau")."""
    decomposed = unicodedata.normalize("NFD", (value or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
