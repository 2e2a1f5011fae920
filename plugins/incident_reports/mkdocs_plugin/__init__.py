"""The MkDocs plugin ``incidents``: a thin adapter from MkDocs events to the core and views."""
