"""The reader's language: the plugin's words from gettext catalogues, dates and numbers through Babel.

Catalogues are the ``.po`` files in ``locales/<language>/LC_MESSAGES/messages.po``,
compiled in memory when a build loads its language (no compile step, nothing
to keep in step). A language without a catalogue shows the English words, with
dates and numbers still in its own locale.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, parse_pattern
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


def catalogue_languages() -> tuple[str, ...]:
    """The languages the package has a catalogue for."""
    return tuple(sorted(path.parent.parent.name for path in LOCALES.glob("*/LC_MESSAGES/messages.po")))


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined; it is translated where it is shown."""
    return message


def translations(language: str) -> NullTranslations:
    """The language's catalogue, compiled in memory (once a build, by ``Language.load``); English words when it has none."""
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
    """The words and formats of one language, as every view uses them: its catalogue compiled and its
    date patterns read once (``Language.load``), when the build starts."""

    code: str
    locale: str
    catalogue: NullTranslations = field(compare=False, repr=False)
    babel: Locale = field(compare=False, repr=False)
    #: How dates, and times already in the site's timezone, are written (see ``date`` and ``time``).
    _date: Callable[[Day], str] = field(compare=False, repr=False)
    _time: Callable[[datetime], str] = field(compare=False, repr=False)

    @classmethod
    def load(cls, code: str, locale: str = "") -> Language:
        """The language ``code`` (dates and numbers in ``locale``, else its usual region's)."""
        catalogue, babel = translations(code), babel_locale(code, locale)
        # Translators: a Unicode date pattern (d day, MMM short month, MMMM month name, y year).
        date_pattern = catalogue.gettext("d MMM y")
        # Translators: a Unicode date and time pattern; the timezone's name is added after it.
        time_pattern = catalogue.gettext("d MMM y HH:mm")
        quick_date, quick_time = quick_formatter(date_pattern, babel), quick_formatter(time_pattern, babel)

        def dated(value: Day) -> str:
            return format_date(value, date_pattern, locale=babel)

        def timed(local: datetime) -> str:
            return format_datetime(local, time_pattern, tzinfo=local.tzinfo, locale=babel)

        return cls(code, locale, catalogue, babel, quick_date or dated, quick_time or timed)

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
        return self._date(value)

    def time(self, local: datetime) -> str:
        """A date and time already in the site's timezone, with the zone named: ``26 Nov 2026 09:40 GMT``."""
        return f"{self._time(local)} {local.tzname()}"

    def month(self, value: Day) -> str:
        """A month like ``Nov 2026`` (``Tach 2026``)."""
        # Translators: a Unicode month pattern (MMM short month, MMMM month name, y year).
        return format_date(value, self.gettext("MMM y"), locale=self.babel)

    def plural_forms(self, message: Callable[[int], str]) -> dict[str, str]:
        """A message with plural forms (``message(n)``, its ``%(count)s`` kept as ``{n}``) by the language's
        plural categories (``one``, ``two``, ``few``, ``other``...), for a script that picks one with
        ``Intl.PluralRules``. Forms the same as ``other`` are left out."""
        forms: dict[str, str] = {}
        for n in range(200):
            forms.setdefault(self.babel.plural_form(n), message(n) % {"count": "{n}"})
        return {category: form for category, form in forms.items() if category == "other" or form != forms.get("other")}

    def month_names(self) -> list[str]:
        """The twelve months as this language's dates name them (``Jan``..., ``Ionawr``...)."""
        month = "MMMM" if "MMMM" in self.gettext("d MMM y") else "MMM"
        return [format_date(Day(2026, number, 1), month, locale=self.babel) for number in range(1, 13)]

    def date_shape(self) -> str:
        """The shape of a date in this language, for a script: ``{d} {M} {y}`` (``{d} de {M} de {y}``)."""
        shape = str(parse_pattern(self.gettext("d MMM y")).format).replace("%%", "%")
        return re.sub(r"%\((d+|M+|y+)\)s", lambda field: "{" + field.group(1)[0] + "}", shape)


#: The fields ``quick_formatter`` writes itself, as Babel writes them.
_QUICK_FIELDS: dict[str, Callable[[Day, Locale], str]] = {
    "d": lambda moment, locale: str(moment.day),
    "dd": lambda moment, locale: f"{moment.day:02d}",
    "MMM": lambda moment, locale: locale.months["format"]["abbreviated"][moment.month],
    "MMMM": lambda moment, locale: locale.months["format"]["wide"][moment.month],
    "y": lambda moment, locale: str(moment.year),
    "H": lambda moment, locale: str(moment.hour),  # type: ignore[attr-defined]  # hours are only in time patterns, given datetimes by Language.time
    "HH": lambda moment, locale: f"{moment.hour:02d}",  # type: ignore[attr-defined]  # hours are only in time patterns, given datetimes by Language.time
    "mm": lambda moment, locale: f"{moment.minute:02d}",  # type: ignore[attr-defined]  # minutes are only in time patterns, given datetimes by Language.time
}


def quick_formatter(pattern: str, locale: Locale) -> Callable[[Day], str] | None:
    """``pattern`` written without Babel's per-call pattern work, for the fields every page's dates use; None otherwise.

    Every report page shows several times: Babel's ``format_datetime`` parses and applies its pattern
    each call, a visible share of a build. The month names still come from Babel's locale data.
    """
    # Babel annotates ``format`` as a DateTimeFormat; it is the pattern as a %-format string.
    shape = str(parse_pattern(pattern).format)
    names = re.findall(r"%\(([a-zA-Z]+)\)s", shape)
    if any(name not in _QUICK_FIELDS for name in names):
        return None

    def written(moment: Day) -> str:
        return shape % {name: _QUICK_FIELDS[name](moment, locale) for name in names}

    return written
