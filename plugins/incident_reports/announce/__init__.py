"""Announcements: what changed between two deploys of the public site, told to subscribers."""
