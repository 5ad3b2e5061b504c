"""Every model module, imported so the metadata (and Alembic) sees every table."""

from admissions.audit.models import AuditEvent  # noqa: F401
from admissions.auth.models import ApiToken, StaffSession, User  # noqa: F401
from admissions.directory.models import Facility, FacilityCode, ListingReport  # noqa: F401
from admissions.core.settings import AppSetting  # noqa: F401
from admissions.intake.models import (  # noqa: F401
    Callback, Claim, InquiryEvent, Inquiry, InsuranceCardImage, InsurancePolicy,
)
from admissions.meetings.models import Meeting, MeetingReport  # noqa: F401
from admissions.navigator.models import Assessment, BenefitsVerification, Consent, Disclosure  # noqa: F401
from admissions.metrics.models import ix_callbacks_open_due  # noqa: F401
