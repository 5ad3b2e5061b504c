"""``flask directory ...``: imports."""

from flask.cli import AppGroup

directory_cli = AppGroup("directory", help="Treatment directory.")
