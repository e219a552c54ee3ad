"""``casus serve``: a JSON API and server-rendered pages over a casus store."""

from casus.web.app import create_app

__all__ = ["create_app"]
