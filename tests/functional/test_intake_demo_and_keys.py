"""The demo staff logins (TOTP keys printed for managers and admins) and ``flask keys rotate``."""

import re

import pyotp
from cryptography.fernet import Fernet
from sqlalchemy import select

from admissions.auth import demo
from admissions.core.crypto import decrypt_text
from admissions.extensions import db
from admissions.intake.models import InsurancePolicy


def test_demo_logins_print_a_totp_key_that_signs_the_demo_manager_in(client):
    demo.create_demo_staff(print)
    db.session.commit()
    lines: list[str] = []
    demo.print_logins(lines.append)
    output = "\n".join(lines)
    assert demo.DEMO_PASSWORD in output and "navigator@example.org" in output
    manager_line = next(line for line in lines if "manager@example.org" in line)
    secret = re.search(r"TOTP key (\w+)", manager_line).group(1)
    assert "otpauth://totp/" in manager_line
    assert "TOTP key" not in next(line for line in lines if " navigator@example.org" in line)
    response = client.post("/staff/login", data={"email": "manager@example.org", "password": demo.DEMO_PASSWORD})
    assert response.headers["Location"].endswith("/staff/login/totp")
    assert client.post("/staff/login/totp", data={"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert client.get("/staff/account").status_code == 200


def test_keys_rotate_re_encrypts_under_the_newest_key(app, client, runner):
    client.post("/callback", data={"first_name": "Ana", "phone": "702-555-0123", "zip": "89108", "consent_to_contact": "y",
                                   "plan_type": "commercial", "member_id": "W123456789"})
    old = app.config["ENCRYPTION_KEYS"]
    new = Fernet.generate_key().decode()
    app.config["ENCRYPTION_KEYS"] = f"{new},{old}"
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code == 0 and "insurance_policies.member_id_encrypted: 1 re-encrypted" in result.output
    app.config["ENCRYPTION_KEYS"] = new
    db.session.expire_all()
    assert decrypt_text(db.session.scalar(select(InsurancePolicy)).member_id_encrypted) == "W123456789"
