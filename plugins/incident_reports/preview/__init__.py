"""``incidents preview``: what merging a branch would change on the public site, read from git and compared."""
