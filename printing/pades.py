"""PAdES digital signatures (pyHanko) and a self-signed office certificate (cryptography)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from desktop.domain.errors import ValidationError


def make_self_signed_pkcs12(office_name: str, passphrase: str, *, years: int = 10,
                            now: dt.datetime | None = None) -> bytes:
    """A PKCS#12 with an RSA-2048 key and a self-signed certificate naming the office.

    For offices without a certificate from a CA: the PDF signature then proves integrity, and the
    office's own certificate (exported once) is the trust root when verifying.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, office_name),
        x509.NameAttribute(NameOID.COMMON_NAME, office_name),
    ])
    start = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(start + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_cert_sign=True, crl_sign=False,
            key_encipherment=False, data_encipherment=False, key_agreement=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        office_name.encode("utf-8"), key, cert, None,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )


def certificate_of(pkcs12_bytes: bytes, passphrase: str) -> x509.Certificate:
    try:
        _, cert, _ = pkcs12.load_key_and_certificates(pkcs12_bytes, passphrase.encode("utf-8"))
    except ValueError as exc:
        raise ValidationError("bad_pkcs12", field="pkcs12") from exc
    if cert is None:
        raise ValidationError("bad_pkcs12", field="pkcs12")
    return cert


def sign_pdf(pdf_bytes: bytes, pkcs12_bytes: bytes, passphrase: str, *, reason: str = "信访处理意见书",
             field_name: str = "OfficeSignature") -> bytes:
    """Sign ``pdf_bytes`` (PAdES baseline B, invisible field) with the office's PKCS#12.

    The signature is an incremental update, so the document's claim in the metadata survives.
    Raises ValidationError ``bad_pkcs12`` for a wrong passphrase or an unreadable file.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(pkcs12_bytes, other_certs=[],
                                                       passphrase=passphrase.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        raise ValidationError("bad_pkcs12", field="pkcs12") from exc
    if signer is None:
        raise ValidationError("bad_pkcs12", field="pkcs12")
    writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes))
    meta = signers.PdfSignatureMetadata(field_name=field_name, reason=reason,
                                        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
    out = signers.PdfSigner(meta, signer=signer).sign_pdf(writer)
    return out.getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature verifies
    trusted: bool  # the chain ends at one of the given trust roots
    signer: str  # the signer certificate's subject, human readable
    coverage: str  # pyHanko's SignatureCoverageLevel name, e.g. "ENTIRE_FILE"


def validate_pdf_signatures(pdf_bytes: bytes, trust_roots: list[x509.Certificate]) -> list[SignatureCheck]:
    """Validate every signature of the PDF with pyHanko's validator against ``trust_roots``."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in trust_roots]
    ctx = ValidationContext(trust_roots=roots, allow_fetching=False)
    reader = PdfFileReader(BytesIO(pdf_bytes))
    checks = []
    for sig in reader.embedded_signatures:
        status = validate_pdf_signature(sig, ctx)
        checks.append(SignatureCheck(
            intact=bool(status.intact), valid=bool(status.valid), trusted=bool(status.trusted),
            signer=status.signing_cert.subject.human_friendly,
            coverage=status.coverage.name if status.coverage else "",
        ))
    return checks
