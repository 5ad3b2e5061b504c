"""The guide's pages, in reading order, and the directory searches each one points to."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class SearchLink:
    label: str
    codes: tuple[str, ...] = ()
    path: str = "/treatment"

    @property
    def url(self) -> str:
        return self.path + ("?" + urlencode({"codes": ",".join(self.codes)}, safe=",") if self.codes else "")


@dataclass(frozen=True)
class GuidePage:
    slug: str
    title: str
    summary: str
    searches: tuple[SearchLink, ...]

    @property
    def template(self) -> str:
        return f"guide/{self.slug.replace('-', '_')}.html"


PAGES: tuple[GuidePage, ...] = (
    GuidePage("withdrawal", _l("What withdrawal feels like"),
              _l("The signs of withdrawal, when they start and how long they last."),
              (SearchLink(_l("Opioid detox near you"), ("ODTX",)),
               SearchLink(_l("Detox with medicine near you"), ("MDET",)))),
    GuidePage("detox-and-rehab", _l("Detox, inpatient or outpatient"),
              _l("The kinds of care, and how people choose between them."),
              (SearchLink(_l("Inpatient detox near you"), ("HID", "RD")),
               SearchLink(_l("Outpatient detox near you"), ("OD",)),
               SearchLink(_l("Residential rehab near you"), ("RES",)),
               SearchLink(_l("Intensive outpatient care near you"), ("OIT",)))),
    GuidePage("medications", _l("Medicines that help"),
              _l("Methadone, buprenorphine, naltrexone, clonidine and lofexidine."),
              (SearchLink(_l("Buprenorphine near you"), ("BU",)),
               SearchLink(_l("Methadone near you"), ("MU",)),
               SearchLink(_l("Naltrexone near you"), ("NU",)),
               SearchLink(_l("Clonidine or lofexidine detox near you"), ("DLC",)))),
    GuidePage("after-detox", _l("After detox: stay safe"),
              _l("Why overdose is more likely after detox, and how naloxone saves lives."),
              (SearchLink(_l("Naloxone and overdose education near you"), ("NOE",)),
               SearchLink(_l("Aftercare near you"), ("ACC",)))),
    GuidePage("counseling-and-support", _l("Counseling and support groups"),
              _l("Talk therapy, recovery coaches and meetings like Narcotics Anonymous."),
              (SearchLink(_l("Counseling near you"), ("SACA", "CBT")),
               SearchLink(_l("Peer support near you"), ("PEER", "RC")),
               SearchLink(_l("Recovery meetings near you"), (), "/meetings"))),
    GuidePage("paying-for-care", _l("Paying for care"),
              _l("Insurance, Medicaid, sliding-scale fees and free care."),
              (SearchLink(_l("Places that take Medicaid near you"), ("MD",)),
               SearchLink(_l("Places with a sliding fee scale near you"), ("SS",)),
               SearchLink(_l("Places with payment help near you"), ("PA",)),
               SearchLink(_l("Places that take private insurance near you"), ("PI",)))),
    GuidePage("navigator-call", _l("What a call with a navigator is like"),
              _l("Who calls you, what they ask, and what happens next."),
              (SearchLink(_l("Ask a navigator to call you"), (), "/callback"),)),
)

BY_SLUG = {page.slug: page for page in PAGES}
