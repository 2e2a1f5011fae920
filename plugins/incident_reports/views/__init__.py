"""Views: pure functions from the (audience-projected) archive to output files (``site.render_site``)."""
