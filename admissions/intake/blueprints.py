"""The intake area's blueprints, registered together by the app factory."""

from admissions.audit.routes import api_bp as audit_api_bp
from admissions.audit.routes import bp as audit_bp
from admissions.intake.api import bp as intake_api_bp
from admissions.intake.routes import bp as intake_bp

BLUEPRINTS = (intake_bp, intake_api_bp, audit_bp, audit_api_bp)
