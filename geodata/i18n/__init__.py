"""The interface language: gettext catalogues (Babel's PO files in ``geodata/i18n/locale``) and the
language a request is answered in.

Text shown to users is written in English inside ``_()`` (translated where it is used) or ``N_()``
(only marked, for tables of titles built at import; translate them with ``_()`` where they are shown).
The language is set once per request (``use_language``) from the URL's ``lang`` parameter; the
functions below read it, so figure builders stay free of a language argument. English is the source
language and needs no catalogue; adding a language is one catalogue file and one line in
``LANGUAGES`` (see CONTRIBUTING.md, Languages).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LANGUAGES = {"en": "English", "ru": "Русский"}  # code → the language's name in itself
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
_ACTIVE: ContextVar[str] = ContextVar("interface_language", default=SOURCE_LANGUAGE)
_PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def N_(text: str) -> str:  # noqa: N802 — gettext's name for "mark only"
    """``text`` unchanged: marks it for the catalogue where it cannot be translated yet (module tables)."""
    return text


def checked_language(value: object) -> str:
    """``value`` when it is a known language code, else the source language."""
    return value if isinstance(value, str) and value in LANGUAGES else SOURCE_LANGUAGE


def catalogue_path(language: str) -> Path:
    """Where a language's catalogue lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> dict[str, str]:
    """Each message (msgid → msgstr) of a language's catalogue, without untranslated or fuzzy entries (read once)."""
    if language == SOURCE_LANGUAGE:
        return {}
    from babel.messages.pofile import read_po

    with catalogue_path(language).open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    return {
        str(message.id): str(message.string)
        for message in catalogue
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


def active_language() -> str:
    """The language of the request being answered."""
    return _ACTIVE.get()


@contextmanager
def use_language(language: object) -> Iterator[str]:
    """Answer in ``language`` (unknown codes: English) inside the block."""
    token = _ACTIVE.set(checked_language(language))
    try:
        yield _ACTIVE.get()
    finally:
        _ACTIVE.reset(token)


def set_language(language: object) -> object:
    """Set the language until ``reset_language(token)`` (a request's hooks; prefer ``use_language``)."""
    return _ACTIVE.set(checked_language(language))


def reset_language(token: object) -> None:
    """Undo a ``set_language``."""
    _ACTIVE.reset(token)  # type: ignore[arg-type]


def _(text: str) -> str:
    """``text`` in the active language (itself when the catalogue lacks it)."""
    language = _ACTIVE.get()
    if language == SOURCE_LANGUAGE:
        return text
    return translations(language).get(text, text)


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a message (a translation must keep the same set)."""
    return {match.group(1) for match in _PLACEHOLDER.finditer(text.replace("{{", "").replace("}}", ""))}


class Text(str):
    """A message made before its reader's language is known (a store's warning, built once): the
    English text as a plain ``str``, with `translated` giving it in the active language.
    """

    template: str
    fields: dict[str, object]

    def __new__(cls, template: str, **fields: object) -> Text:
        """``template`` marked with ``N_()``; field values may be `Text` themselves."""
        english = template.format(**{k: str(v) for k, v in fields.items()})
        text = super().__new__(cls, english)
        text.template, text.fields = template, fields
        return text

    def translated(self) -> str:
        """The message in the active language."""
        return _(self.template).format(
            **{k: v.translated() if isinstance(v, Text) else v for k, v in self.fields.items()}
        )


def translated(text: str) -> str:
    """``text`` in the active language when it is a `Text`; other text as it is."""
    return text.translated() if isinstance(text, Text) else text
