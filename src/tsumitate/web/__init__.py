"""``tsumitate serve``: the office's web page and JSON API, an adapter over the same pipeline as the CLI.

``app`` builds the application, ``api`` and ``pages`` are its routers, ``body`` turns a request
into a ``Source`` (so validation and messages are the file's), ``problems`` writes every error
as JSON, ``security`` adds the headers every response carries.
"""
