"""Incident reports and a public status page, built from a git repository.

The package has three layers:

- ``core``: loading, validating and modelling reports; knows nothing of MkDocs.
- ``views``: pure functions turning the validated archive into output files.
- ``mkdocs_plugin`` and ``cli``: thin adapters to MkDocs and to the terminal.
"""

__version__ = "0.1.0"
