"""Manager metrics: the live panel, history over a range, exports, the API and the settings."""
