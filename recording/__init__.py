"""同步录音录像: synchronized audio+video recording of every interview, sealed as evidence.

No Qt here. Devices are behind small protocols (``Camera``, ``Microphone``) with real and
synthetic implementations; one ``Clock`` is shared by the devices and the session.

What the rest of the application calls
--------------------------------------
Devices and specs (``recording.specs``, ``recording.devices``)::

    parse_camera_spec(spec: str) -> DeviceSpec        # "synthetic" | "0" | name | rtsp/http URL | "file:PATH"
    parse_microphone_spec(spec: str) -> DeviceSpec    # "synthetic" | "0" | name | "default" | "pulse:SOURCE"
                                                      # | "file:PATH.wav"; DeviceSpec.test_signal: synthetic/file
    open_camera(spec, *, size=(640, 360), fps=25.0, flashes=None) -> Camera      # not started
    open_microphone(spec, *, beeps=None) -> Microphone   # not started; a plain name may be a PulseAudio source
    list_devices(*, test_sources=False) -> list[DeviceInfo]   # DeviceInfo(kind, spec, name, detail)

Synthetic and file sources are a test signal (测试信号，非证据): their recordings say so in the manifest
(``test_signal``) and are never offered at a desk. Microphones reopen by themselves after a failure.

The session (``recording.session``)::

    cfg = SessionConfig(case_number=..., interviewers=(a, b), office="青山镇信访接待室",
                        width=1280, height=720, fps=25, layout=Layout.PICTURE_IN_PICTURE | STACKED | SIDE_BY_SIDE,
                        expected_seconds=..., min_free_bytes=..., warn_free_bytes=...,
                        time_zone="Asia/Shanghai", registry=Path | None)   # in-progress registry for recovery
    s = RecordingSession(out_mp4, [camera, (camera2)], microphone, cfg, signing_key: Ed25519PrivateKey,
                         clock=MonotonicClock(), disk_free=None, on_event=None)
    s.prepare()                  # open devices early (a sound card's first stream starts late)
    s.start()                    # raises InsufficientDisk (code "insufficient_disk") or IllegalTransition
    s.pause(reason); s.resume(); s.marker(label) -> dict
    manifest: dict = s.stop()    # sealed; s.manifest_path is the JSON beside the file
    s.state (SessionState), s.elapsed(), s.latest_preview() -> BGR ndarray | None,
    s.audio_level_db(), s.free_disk(), s.events, s.stats, s.stop_reason ("requested" | "disk_full")
    on_event(dict) is called from the encoder thread: {"type": "gap" | "gap_end" | "disk_warning" |
    "disk_stop" (``sudden``: ENOSPC) | "stopped", ...}.
    Each fragment (a keyframe every second of media) is fsynced with the journal; an encoder that falls
    behind skips ticks (``frames.encoder_dropped``), a camera gap is logged only when a camera stopped.

Integrity (``recording.manifest``)::

    verify_recording(mp4_path, public_key: Ed25519PublicKey) -> VerificationResult
        .ok, .problems: list[Problem] (missing, manifest_missing, manifest_unreadable, unsigned,
        bad_signature, altered, wrong_file, empty), .details (e.g. the altered byte range), .manifest,
        .test_signal
    manifest_path_for(mp4) -> Path   # "<name>.mp4.manifest.json"; the file and it are read-only
    signature_path_for(mp4) -> Path  # "<name>.mp4.manifest.sig": Ed25519 over the manifest file's bytes
    fingerprint(public_key) -> str, load_public_key(pem_path), public_key_pem(public_key)
    The caller enters ``manifest["file"]["sha256"]`` into the audit chain and checks against it later.

Recovery (``recording.recovery``), at start-up::

    find_unfinished(directory, registry_dir=None) -> list[Path]
    recover(mp4_path, signing_key) -> RecoveryReport   # .ok, .empty, .torn, .frames, .manifest_path, .original
    recover_all(directory, signing_key, registry_dir=None) -> list[RecoveryReport]

Export (``recording.export``)::

    export_recording(mp4, manifest_path | None, out_dir, public_key, signing_key=None)
        -> ExportResult(files, manifest, fingerprint)   # NAME.mp4, manifest.json, manifest.sig, office.pem, note

Self-test and device list, for ``reception record`` / ``reception devices`` (``recording.selftest``)::

    run_self_test(camera_specs: list[str], microphone_spec: str, seconds: float, out: Path,
                  signing_key) -> SelfTestReport
        .frames_written, .frames_repeated, .frames_dropped, .audio_samples, .av_offsets_ms,
        .av_offset_max_ms (None unless all sources are synthetic), .seal_seconds, .verified, .ok,
        .as_dict()
    describe_devices() -> list[DeviceInfo]

Analysis (``recording.analysis``): ``decode(path)``, ``av_offsets(path)`` measure a finished file.
"""
