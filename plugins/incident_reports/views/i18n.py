"""The reader's language: the plugin's words from gettext catalogues, dates and numbers through Babel.

Catalogues are the ``.po`` files in ``locales/<language>/LC_MESSAGES/messages.po``,
compiled in memory the first time a language is used (no compile step, nothing
to keep in step). A language without a catalogue shows the English words, with
dates and numbers still in its own locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

#: A calendar day (``Language.date`` is the name of a method).
Day = date
#: The package's catalogues, one folder per language.
LOCALES = Path(__file__).resolve().parent.parent / "locales"
#: The locale of dates and numbers when the ``locale`` option is empty. The patterns come from the
#: catalogue (English: day, month, year and the 24-hour clock, as in Britain); the locale gives the
#: month names and the number signs. English keeps the short month names ``Sep``, not CLDR's British ``Sept``.
DEFAULT_REGIONS = {"en": "en", "cy": "cy_GB"}


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined; it is translated where it is shown."""
    return message


def languages() -> tuple[str, ...]:
    """The languages the package has a catalogue for."""
    return tuple(sorted(path.parent.parent.name for path in LOCALES.glob("*/LC_MESSAGES/messages.po")))


@lru_cache(maxsize=8)
def translations(language: str) -> NullTranslations:
    """The language's catalogue, compiled in memory once per process; English words when it has none."""
    source = LOCALES / language / "LC_MESSAGES" / "messages.po"
    if not source.is_file():
        return NullTranslations()
    with source.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled)


def babel_locale(language: str, locale: str = "") -> Locale:
    """The locale of dates and numbers: the ``locale`` option, else the language with its usual region."""
    name = locale or DEFAULT_REGIONS.get(language, language)
    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@dataclass(frozen=True)
class Language:
    """The words and formats of one language, as every view uses them."""

    code: str = "en"
    locale: str = ""

    @property
    def catalogue(self) -> NullTranslations:
        return translations(self.code)

    @property
    def babel(self) -> Locale:
        return babel_locale(self.code, self.locale)

    def gettext(self, message: str) -> str:
        """``message`` in this language."""
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The form of a message for ``n`` (Welsh has six), with ``%(num)s`` replaced by ``n`` and the other values."""
        return self.catalogue.ngettext(singular, plural, n) % {"num": self.number(n), **values}

    def number(self, value: float) -> str:
        """A number with the locale's grouping and decimal signs: ``12,345``."""
        return format_decimal(value, locale=self.babel)

    def date(self, value: Day) -> str:
        """A date like ``26 Nov 2026`` (``26 Tachwedd 2026`` in Welsh)."""
        # Translators: a Unicode date pattern (d day, MMM short month, MMMM month name, y year).
        return format_date(value, self.gettext("d MMM y"), locale=self.babel)

    def time(self, local: datetime) -> str:
        """A date and time already in the site's timezone, with the zone named: ``26 Nov 2026 09:40 GMT``."""
        # Translators: a Unicode date and time pattern; the timezone's name is added after it.
        moment = format_datetime(local, self.gettext("d MMM y HH:mm"), tzinfo=local.tzinfo, locale=self.babel)
        return f"{moment} {local.tzname()}"

    def month(self, value: Day) -> str:
        """A month like ``Nov 2026`` (``Tach 2026``)."""
        # Translators: a Unicode month pattern (MMM short month, MMMM month name, y year).
        return format_date(value, self.gettext("MMM y"), locale=self.babel)
