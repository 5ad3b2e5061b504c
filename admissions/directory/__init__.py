"""The public treatment directory: facilities, their services, import and search."""
