"""Directory JSON API under /api/v1."""

from flask import Blueprint

bp = Blueprint("directory_api", __name__, url_prefix="/api/v1")
