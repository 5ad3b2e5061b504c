"""Public directory pages."""

from flask import Blueprint

bp = Blueprint("directory", __name__)
