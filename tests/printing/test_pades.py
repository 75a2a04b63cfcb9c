from __future__ import annotations

import pytest

from desktop.domain.errors import ValidationError
from printing.claim import read_document_claim
from printing.pades import certificate_of, make_self_signed_pkcs12, sign_pdf, validate_pdf_signatures


@pytest.fixture(scope="module")
def office_p12() -> bytes:
    return make_self_signed_pkcs12("青山镇人民政府", "s3cret")


def test_signed_letter_validates_with_the_office_certificate_as_root(rendered, office_p12):
    signed = sign_pdf(rendered("decision_letter"), office_p12, "s3cret")
    checks = validate_pdf_signatures(signed, [certificate_of(office_p12, "s3cret")])
    assert len(checks) == 1
    check = checks[0]
    assert check.intact and check.valid and check.trusted
    assert "青山镇人民政府" in check.signer
    assert check.coverage == "ENTIRE_FILE"
    assert read_document_claim(signed).content_sha256 == read_document_claim(rendered("decision_letter")).content_sha256


def test_untrusted_without_the_root_and_broken_when_tampered(rendered, office_p12):
    signed = sign_pdf(rendered("decision_letter"), office_p12, "s3cret")
    assert validate_pdf_signatures(signed, [])[0].trusted is False
    other = make_self_signed_pkcs12("别的单位", "x")
    assert validate_pdf_signatures(signed, [certificate_of(other, "x")])[0].trusted is False
    # flip one byte inside the signed range (the page content stream, far from the signature)
    pos = signed.index(b"stream", 2000) + 20
    tampered = signed[:pos] + bytes([signed[pos] ^ 0xFF]) + signed[pos + 1:]
    check = validate_pdf_signatures(tampered, [certificate_of(office_p12, "s3cret")])[0]
    assert not (check.intact and check.valid)


def test_wrong_passphrase_is_refused(rendered, office_p12):
    with pytest.raises(ValidationError):
        sign_pdf(rendered("decision_letter"), office_p12, "wrong")
