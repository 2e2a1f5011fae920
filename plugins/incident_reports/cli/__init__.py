"""The ``incidents`` command line: validate, scaffold and (later) edit reports without building."""
