"""Date and number formats per language (settings.FORMAT_MODULE_PATH), where Django's own do not fit
an administrative readership: English dates written unambiguously ("1 Dec 2026", never 12/01/2026),
Vietnamese dates day first with a slash ("01/12/2026")."""
