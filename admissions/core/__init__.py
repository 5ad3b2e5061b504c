"""Pieces every product area uses: time, geography, errors, security headers, text."""
