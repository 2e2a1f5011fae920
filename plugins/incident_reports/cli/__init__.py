"""The ``incidents`` command line: validate, scaffold, edit and view reports without building."""
