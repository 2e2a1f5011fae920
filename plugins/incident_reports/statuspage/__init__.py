"""A Statuspage v2 export: reading it (``export``) and turning it into reports and services (``mapping``).

Pure functions from the export's files and what the site holds; ``incidents import statuspage``
(``cli/import_command.py``) writes what they plan.
"""
