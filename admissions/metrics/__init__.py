"""Manager metrics: the live panel, history over a range, exports, the API and the settings."""


def register_blueprints(app) -> None:
    """The dashboard pages and the metrics API."""
    from admissions.metrics import api, routes

    app.register_blueprint(routes.bp)
    app.register_blueprint(api.bp)
