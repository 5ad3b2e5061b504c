"""The patient guide: plain-language pages and the "What kind of care fits me?" questions."""
