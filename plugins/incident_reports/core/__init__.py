"""The core: load, validate and model incident reports, without MkDocs."""
