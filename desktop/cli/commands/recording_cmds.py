"""``record`` (the daily device self-test), ``devices`` and ``recording export|recover``."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.runtime import Runtime
from desktop.domain.errors import NotFound, ValidationError


def register(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser("record", help="device self-test (设备自检): record, seal and measure")
    r.add_argument("--camera", action="append", required=True, metavar="SPEC",
                   help="index, name, rtsp/http URL, file:PATH or synthetic (give twice for two cameras)")
    r.add_argument("--microphone", required=True, metavar="SPEC")
    r.add_argument("--seconds", type=float, required=True)
    r.add_argument("--out", type=Path, required=True)
    r.set_defaults(handler=cmd_record)
    sub.add_parser("devices", help="list cameras and microphones").set_defaults(handler=cmd_devices)
    rec = sub.add_parser("recording", help="sealed interview recordings").add_subparsers(dest="rec_cmd",
                                                                                         required=True)
    e = rec.add_parser("export", help="the recording, its manifest and a how-to-verify note for a court")
    e.add_argument("case")
    e.add_argument("--out", type=Path, required=True)
    e.set_defaults(handler=cmd_export)
    rec.add_parser("recover", help="repair and seal recordings a crash left unfinished").set_defaults(
        handler=cmd_recover)


def cmd_record(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop.security.keyfile import KeyStore
    from recording.selftest import run_self_test

    if args.seconds <= 0 or len(args.camera) > 2:
        raise ValidationError("invalid_input", fields=["--seconds/--camera"])
    if args.out.exists():
        raise ValidationError("file_exists", field="out", path=str(args.out))
    report = run_self_test(args.camera, args.microphone, args.seconds, args.out, KeyStore().signing_key())
    offset = report.av_offset_max_ms
    rt.say(rt.zh_en("设备自检结果", "Device self-test"))
    rt.say(f"  {rt.zh_en('文件', 'file')}: {report.path}")
    rt.say(f"  {rt.zh_en('封存清单', 'manifest')}: {report.manifest_path}")
    rt.say(f"  {rt.zh_en('时长', 'duration')}: {report.seconds:.2f} s")
    rt.say(f"  {rt.zh_en('视频帧', 'frames')}: {report.frames_written} "
           f"({rt.zh_en('重复', 'repeated')} {report.frames_repeated}, {rt.zh_en('丢弃', 'dropped')} "
           f"{report.frames_dropped}, {rt.zh_en('无信号', 'no signal')} {report.frames_no_signal})")
    rt.say(f"  {rt.zh_en('音频采样', 'audio samples')}: {report.audio_samples} "
           f"({rt.zh_en('静音补齐', 'silence filled')} {report.audio_silence_samples})")
    rt.say(f"  {rt.zh_en('音画偏差', 'a/v offset')}: " + (f"{offset:.1f} ms" if offset is not None
                                                         else rt.zh_en("（真实设备无法自动测量）", "(not measurable)")))
    rt.say(f"  {rt.zh_en('封存用时', 'sealing took')}: {report.seal_seconds:.3f} s; "
           f"{rt.zh_en('校验', 'verified')}: {'✓' if report.verified else '✗'}")
    for gap in report.gaps:
        rt.warn(f"  {rt.zh_en('中断', 'gap')}: {gap}")
    return 0 if report.ok else 1


def cmd_devices(rt: Runtime, args: argparse.Namespace) -> int:
    from recording.selftest import describe_devices

    devices = describe_devices()
    for d in devices:
        kind = {"camera": rt.zh_en("摄像头", "camera"), "microphone": rt.zh_en("麦克风", "microphone")}.get(
            str(d.kind), str(d.kind))
        rt.say(f"{kind}\t{d.spec}\t{d.name}\t{d.detail}")
    if not devices:
        rt.say(rt.zh_en("未发现设备（可用 synthetic 或 file:路径 测试）。",
                        "No devices found (use synthetic or file:PATH to test)."))
    return 0


def cmd_export(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop.services import recordings
    from recording.export import export_recording

    actor = rt.actor()
    ctx = rt.ctx
    with ctx.db.session() as session:
        rows = recordings.list_for_matter(session, actor, args.case)
        if not rows:
            raise NotFound("not_found", what=args.case)
        for rec in rows:
            result = export_recording(rec.path, rec.manifest_path, args.out / Path(rec.path).stem,
                                      ctx.keys.verify_key())
            recordings.log_export(ctx, session, actor, rec.id, args.out)
            for f in result.files:
                rt.say(str(f))
    return 0


def cmd_recover(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop.cli.recording_support import recover_unfinished

    done = recover_unfinished(rt.ctx)
    for d in done:
        state = rt.zh_en("已修复并封存", "repaired and sealed") if d["ok"] else rt.zh_en("无法修复", "not repairable")
        rt.say(f"{d['path']}\t{d['case_number'] or '-'}\t{state}\t{d['seconds']} s")
    if not done:
        rt.say(rt.zh_en("没有未完成的录像。", "No unfinished recordings."))
    return 0 if all(d["ok"] for d in done) else 1
