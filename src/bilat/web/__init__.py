"""bilat's web UI and REST API: ``create_app(store)`` and ``serve(db)``."""

from bilat.web.app import create_app, serve

__all__ = ["create_app", "serve"]
