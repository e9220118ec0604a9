"""Keeping the catalogues in step with the code: extract every marked message and merge it into each
language's PO file (new messages arrive untranslated; the test suite then fails until they are
translated). Run ``make catalogues`` (``python -m geodata.i18n.catalogues``) after adding text.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from geodata.i18n import DOMAIN, LANGUAGES, SOURCE_LANGUAGE, catalogue_path

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("geodata", "dashboard", "callbacks")  # every package whose text users see
KEYWORDS = {"_": None, "N_": None}
HEADER_COMMENT = (
    "# The {language} translation of Corridor Atlas's interface, its Method page and its exports.\n"
    "# Kept in step with the code by `make catalogues`; translate every empty msgstr."
)
METHOD_MAP = [("**.py", "python")]


def extract_messages(root: Path = ROOT) -> Catalog:
    """Every message marked with ``_()`` or ``N_()`` in the source packages, with where it is used."""
    catalogue = Catalog(domain=DOMAIN, project="Corridor Atlas", charset="utf-8")
    for folder in SOURCE_DIRS:
        for filename, line, message, comments, context in extract_from_dir(
            root / folder, METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
        ):
            catalogue.add(
                message,
                locations=[(f"{folder}/{filename}", line)],
                auto_comments=comments,
                context=context,
                flags=("python-format",) if "{" in str(message) else (),
            )
    return catalogue


def _without_dates(po: bytes) -> bytes:
    return b"\n".join(line for line in po.splitlines() if b"-Date: " not in line)


def update_catalogue(language: str, template: Catalog) -> tuple[int, int]:
    """Merge ``template`` into a language's catalogue; (messages, untranslated) after the merge."""
    path = catalogue_path(language)
    if path.exists():
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        catalogue = Catalog(locale=language, domain=DOMAIN, project="Corridor Atlas", charset="utf-8")
    catalogue.update(template, no_fuzzy_matching=True)
    catalogue.obsolete.clear()  # text removed from the code leaves the catalogue
    catalogue.header_comment = HEADER_COMMENT.format(
        language=f"{LANGUAGES.get(language, language)} ({language})"
    )
    catalogue.project, catalogue.version = "Corridor Atlas", ""
    catalogue.last_translator = catalogue.language_team = "Corridor Atlas contributors"
    catalogue.msgid_bugs_address = ""
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, sort_output=False, omit_header=False)
    if not path.exists() or _without_dates(path.read_bytes()) != _without_dates(buffer.getvalue()):
        path.write_bytes(buffer.getvalue())  # only a change of content rewrites the file (and its dates)
    untranslated = sum(1 for m in catalogue if m.id and not m.string)
    return len([m for m in catalogue if m.id]), untranslated


def main() -> int:
    """Update every catalogue and print what is left to translate."""
    template = extract_messages()
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        total, missing = update_catalogue(language, template)
        print(f"{catalogue_path(language).relative_to(ROOT)}: {total} messages, {missing} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
