"""``record`` (the daily device self-test), ``devices``, ``recording export|recover`` and ``office public-key``."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.runtime import Runtime
from desktop.domain.errors import NotFound, ValidationError

EARLY_STOP = 3  # exit code: the recorder stopped by itself before the requested length (disk full)


def register(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser("record", help="device self-test (设备自检): record, seal and measure")
    r.add_argument("--camera", action="append", required=True, metavar="SPEC",
                   help="index, name, rtsp/http URL, file:PATH or synthetic (give twice for two cameras)")
    r.add_argument("--microphone", required=True, metavar="SPEC",
                   help="index, name (e.g. a PulseAudio source such as vmic), pulse:NAME, file:PATH.wav or synthetic")
    r.add_argument("--seconds", type=float, required=True)
    r.add_argument("--out", type=Path, required=True)
    r.set_defaults(handler=cmd_record)
    sub.add_parser("devices", help="list cameras and microphones").set_defaults(handler=cmd_devices)
    rec = sub.add_parser("recording", help="sealed interview recordings").add_subparsers(dest="rec_cmd",
                                                                                         required=True)
    e = rec.add_parser("export", help="the recording, its manifest, its signature, the office's key and a "
                                      "how-to-verify note for a court")
    e.add_argument("case")
    e.add_argument("--out", type=Path, required=True)
    e.set_defaults(handler=cmd_export)
    rec.add_parser("recover", help="repair and seal recordings a crash left unfinished").set_defaults(
        handler=cmd_recover)


def register_office(office: argparse._SubParsersAction) -> None:
    """``office public-key``: added to the ``office`` group that ``print_cmd`` creates."""
    p = office.add_parser("public-key", help="the office's public key (PEM) and its fingerprint, to publish")
    p.add_argument("--out", type=Path, metavar="FILE", help="write the PEM to FILE (e.g. office.pem)")
    p.set_defaults(handler=cmd_public_key)


def cmd_record(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop.security.keyfile import KeyStore
    from desktop.services import recordings
    from recording.selftest import run_self_test

    if args.seconds <= 0 or len(args.camera) > 2:
        raise ValidationError("invalid_input", fields=["--seconds/--camera"])
    if args.out.exists():
        raise ValidationError("file_exists", field="out", path=str(args.out))
    key = recordings.office_signing_key(KeyStore())
    report = run_self_test(args.camera, args.microphone, args.seconds, args.out, key,
                           registry=recordings.in_progress_dir())
    offset = report.av_offset_max_ms
    rt.say(rt.zh_en("设备自检结果", "Device self-test"))
    if report.test_signal:
        rt.say(rt.zh_en("  测试信号，非证据", "  测试信号，非证据 (test signal, not evidence)"))
    rt.say(f"  {rt.zh_en('文件', 'file')}: {report.path}")
    rt.say(f"  {rt.zh_en('封存清单', 'manifest')}: {report.manifest_path}")
    rt.say(f"  {rt.zh_en('时长', 'duration')}: {report.seconds:.2f} s")
    rt.say(f"  {rt.zh_en('视频帧', 'frames')}: {report.frames_written} "
           f"({rt.zh_en('重复', 'repeated')} {report.frames_repeated}, {rt.zh_en('丢弃', 'dropped')} "
           f"{report.frames_dropped}, {rt.zh_en('无信号', 'no signal')} {report.frames_no_signal}, "
           f"{rt.zh_en('编码跟不上而跳过', 'skipped by a late encoder')} {report.frames_encoder_dropped})")
    rt.say(f"  {rt.zh_en('音频采样', 'audio samples')}: {report.audio_samples} "
           f"({rt.zh_en('静音补齐', 'silence filled')} {report.audio_silence_samples})")
    rt.say(f"  {rt.zh_en('音画偏差', 'a/v offset')}: " + (f"{offset:.1f} ms" if offset is not None
                                                         else rt.zh_en("（真实设备无法自动测量）", "(not measurable)")))
    rt.say(f"  {rt.zh_en('写盘同步', 'disk syncs')}: {report.syncs}")
    rt.say(f"  {rt.zh_en('封存用时', 'sealing took')}: {report.seal_seconds:.3f} s; "
           f"{rt.zh_en('校验', 'verified')}: {'✓' if report.verified else '✗'}")
    for gap in report.gaps:
        rt.warn(f"  {rt.zh_en('中断', 'gap')}: {gap}")
    if report.stopped_early:
        rt.warn(rt.t("recording_stopped_early", reason=report.stop_reason, seconds=f"{report.seconds:.1f}"))
        return EARLY_STOP
    return 0 if report.ok else 1


def cmd_devices(rt: Runtime, args: argparse.Namespace) -> int:
    from recording.selftest import describe_devices

    devices = describe_devices()
    for d in devices:
        kind = {"camera": rt.zh_en("摄像头", "camera"), "microphone": rt.zh_en("麦克风", "microphone")}.get(
            str(d.kind), str(d.kind))
        rt.say(f"{kind}\t{d.spec}\t{d.name}\t{d.detail}")
    if not any(d.spec and d.spec != "synthetic" for d in devices):
        rt.say(rt.zh_en("未发现真实设备（synthetic 或 file:路径 仅为测试信号，非证据）。",
                        "No real devices found (synthetic or file:PATH are test signals, not evidence)."))
    return 0


def cmd_export(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop.services import recordings
    from recording.export import export_recording

    actor = rt.actor()
    ctx = rt.ctx
    public = recordings.office_public_key(ctx.keys)
    with ctx.db.session() as session:
        rows = recordings.list_for_matter(session, actor, args.case)
        if not rows:
            raise NotFound("not_found", what=args.case)
        for rec in rows:
            result = export_recording(rec.path, rec.manifest_path, args.out / Path(rec.path).stem, public,
                                      recordings.office_signing_key(ctx.keys))
            recordings.log_export(ctx, session, actor, rec.id, args.out)
            for f in result.files:
                rt.say(str(f))
        rt.say(rt.zh_en(f"公钥指纹（请与接待室公布的比对）：{result.fingerprint}",
                        f"Key fingerprint (compare with the one the office publishes): {result.fingerprint}"))
    return 0


def cmd_recover(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop.cli.recording_support import recover_unfinished

    done = recover_unfinished(rt.ctx)
    for d in done:
        if d["empty"]:
            state = rt.zh_en("空录像（没有任何画面），已封存备查", "empty (no picture at all), sealed for the record")
        elif d["ok"]:
            state = rt.zh_en("已修复并封存", "repaired and sealed")
        else:
            state = rt.zh_en("无法修复", "not repairable")
        torn = rt.zh_en("；末尾残缺", "; torn end") if d["torn_end"] else ""
        rt.say(f"{d['path']}\t{d['case_number'] or '-'}\t{state}{torn}\t{d['seconds']} s")
    if not done:
        rt.say(rt.zh_en("没有未完成的录像。", "No unfinished recordings."))
    return 0 if all(d["ok"] for d in done) else 1


def cmd_public_key(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop.security.keyfile import KeyStore
    from desktop.services import recordings
    from recording.manifest import fingerprint, public_key_pem

    key = recordings.office_public_key(KeyStore())
    pem = public_key_pem(key)
    fp = fingerprint(key)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(pem)
        rt.say(rt.zh_en(f"公钥已写入 {args.out}", f"Public key written to {args.out}"))
    else:
        rt.say(pem.decode("ascii").rstrip())
    rt.say(rt.zh_en(f"公钥指纹（SHA-256）：{fp}", f"Key fingerprint (SHA-256): {fp}"))
    return 0
