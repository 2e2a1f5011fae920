"""The core: load, validate and model incident reports, without MkDocs."""

from .compiled import import_from_source_unless_compiled

# Before any of the hot modules is imported: their compiled builds run only if made from these sources.
import_from_source_unless_compiled()
