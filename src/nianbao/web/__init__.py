"""The web app: ``nianbao serve``. Every HTML page has a JSON twin under ``/api/``.

>>> from nianbao.web import create_app
>>> app = create_app(db="nianbao.db")
"""

from nianbao.web.app import create_app

__all__ = ["create_app"]
