"""``print``, ``verify-document``, ``office``: the office's documents from the command line.

The CLI composes the core with ``printing`` (the core's services never import it)."""

from __future__ import annotations

import argparse
import secrets
from pathlib import Path

from desktop.cli.runtime import Runtime
from desktop.domain.errors import ValidationError
from desktop.services import office_assets
from desktop.services.documents_log import DocumentKind

DOCUMENTS = {kind.value.replace("_", "-"): kind for kind in DocumentKind}

REASONS = {
    "match": ("与档案记录一致", "matches the record"),
    "no_claim": ("不是本系统出具的文书（无核验信息）", "not a document of this office (no claim)"),
    "unreadable": ("无法读取该 PDF 文件", "the PDF cannot be read"),
    "malformed": ("核验信息已损坏", "the document's claim is malformed"),
    "unknown_kind": ("未知的文书种类", "unknown kind of document"),
    "unknown_case": ("档案中没有该编号的信访事项", "no matter with this case number on record"),
    "unknown_document": ("档案中没有该文号的处理意见书", "no decision letter with this number on record"),
    "case_mismatch": ("文号与信访事项编号不符", "document number and case number do not belong together"),
    "not_final": ("该处理意见书尚未定稿", "the letter on record is not final"),
    "hash_mismatch": ("内容与档案记录不一致", "content differs from the record"),
    "superseded": ("该文书已被新的版本取代", "superseded by a later version"),
    "never_issued": ("档案中没有该文书的出具记录", "the office never issued this document"),
    "signature_broken": ("电子签章无效", "the digital signature is invalid"),
    "modified_after_signing": ("电子签章后文件被修改", "the file was modified after it was signed"),
    "text_mismatch": ("正文与档案记录不一致", "the text differs from the record"),
    "image_missing": ("缺少签名、印章或照片图像", "a signature, seal or photo image is missing"),
    "image_mismatch": ("签名、印章或照片图像与档案记录不一致", "a signature, seal or photo image differs from the record"),
    "not_renderable": ("档案记录无法生成该文书", "the record cannot render this document"),
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("print", help="print or save one document of a case")
    p.add_argument("case", help="case number, e.g. XF2026-00042")
    p.add_argument("document", choices=sorted(DOCUMENTS))
    where = p.add_mutually_exclusive_group()
    where.add_argument("--printer", metavar="NAME", help="CUPS queue (default: the system's default printer)")
    where.add_argument("--out", metavar="FILE.pdf", type=Path, help="save as PDF instead of printing")
    p.add_argument("--copies", type=int, default=1)
    p.set_defaults(handler=cmd_print)

    v = sub.add_parser("verify-document", help="does a printed/PDF document match the record? (exit 0/1)")
    v.add_argument("file", type=Path)
    v.set_defaults(handler=cmd_verify)

    office = sub.add_parser("office", help="the office's seal image and certificate").add_subparsers(
        dest="office_cmd", required=True)
    seal = office.add_parser("seal-image", help="upload the seal image (PNG, transparent background)")
    seal.add_argument("png", type=Path)
    seal.set_defaults(handler=cmd_seal)
    cert = office.add_parser("certificate", help="the certificate that signs final letters (PAdES)")
    src = cert.add_mutually_exclusive_group(required=True)
    src.add_argument("--p12", type=Path, metavar="FILE", help="PKCS#12 file (passphrase on stdin or "
                     "RECEPTION_P12_PASSPHRASE)")
    src.add_argument("--self-signed", action="store_true", help="create a self-signed certificate for the office")
    cert.set_defaults(handler=cmd_certificate)
    from desktop.cli.commands.recording_cmds import register_office

    register_office(office)


def cmd_print(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop import documents as records
    from printing.dispatch import print_pdf

    if args.copies < 1:
        raise ValidationError("copies_invalid", field="copies")
    actor = rt.actor()
    ctx = rt.ctx
    kind = DOCUMENTS[args.document]
    with ctx.db.session() as session:
        rendered = records.prepare(ctx, session, actor, args.case, kind)
        doc = rendered.document
        if args.out is not None:
            out: Path = args.out
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(rendered.pdf)
            records.record_save(ctx, session, actor, rendered, path=str(out.resolve()))
            where = str(out)
        else:
            # ASCII job title: some CUPS back ends mangle Chinese in job titles and file names.
            job = print_pdf(rendered.pdf, args.printer, args.copies, title=f"{doc.case_number} {doc.kind.value}")
            records.record_print(ctx, session, actor, rendered, copies=args.copies, printer=args.printer or "",
                                 job=job)
            where = rt.zh_en(f"打印任务 {job}，{args.copies} 份", f"print job {job}, {args.copies} copies")
    copy = rt.zh_en("（副本）", " (copy)") if doc.is_copy else ""
    signed = rt.zh_en("，已加电子签章", ", digitally signed") if rendered.pades_signed else ""
    number = f" {doc.doc_number}" if doc.doc_number else ""
    rt.say(f"{doc.title}{number}{copy}{signed}: {where}")
    return 0


def cmd_verify(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop import documents as records

    path: Path = args.file
    try:
        pdf = path.read_bytes()
    except OSError as exc:
        raise ValidationError("file_unreadable", field="file", path=str(path)) from exc
    ctx = rt.ctx
    with ctx.db.read() as session:
        check = records.check_pdf(ctx, session, pdf)
    zh, en = REASONS.get(check.reason, (check.reason, check.reason))
    c = check.claim
    what = f"{c.case_no} {c.doc_number}".strip() + (rt.zh_en("（副本）", " (copy)") if c.copy else "") + ": " \
        if c else ""
    mark = rt.zh_en("核验通过", "VALID") if check.ok else rt.zh_en("核验不通过", "NOT VALID")
    first = f"（{check.difference}）" if check.difference else ""
    rt.say(f"{mark} — {what}{rt.zh_en(zh, en)}{first}")
    return 0 if check.ok else 1


def cmd_seal(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor()
    png = Path(args.png).read_bytes()
    with rt.ctx.db.session() as session:
        digest = office_assets.set_seal_image(rt.ctx, session, actor, png)
    rt.say(rt.zh_en(f"已保存印章图片（SHA-256 {digest[:16]}…）", f"Seal image saved (SHA-256 {digest[:16]}…)"))
    return 0


def cmd_certificate(rt: Runtime, args: argparse.Namespace) -> int:
    import os
    import sys

    from desktop.services.office import load_profile
    from printing.pades import certificate_of, make_self_signed_pkcs12

    actor = rt.actor()
    ctx = rt.ctx
    if args.self_signed:
        with ctx.db.read() as session:
            profile = load_profile(session)
        office = (profile.township + "人民政府") if profile.township else profile.display_name
        passphrase = secrets.token_urlsafe(24)  # nobody types it: stored encrypted with the field key
        p12 = make_self_signed_pkcs12(office, passphrase)
    else:
        p12 = Path(args.p12).read_bytes()
        passphrase = os.environ.get("RECEPTION_P12_PASSPHRASE") or sys.stdin.readline().rstrip("\n")
    cert = certificate_of(p12, passphrase)  # refuses a wrong passphrase before anything is stored
    with ctx.db.session() as session:
        office_assets.set_certificate(ctx, session, actor, p12, passphrase, self_signed=args.self_signed)
    subject = cert.subject.rfc4514_string()
    rt.say(rt.zh_en(f"已保存单位证书：{subject}，有效期至 {cert.not_valid_after_utc:%Y-%m-%d}",
                    f"Office certificate saved: {subject}, valid until {cert.not_valid_after_utc:%Y-%m-%d}"))
    return 0
