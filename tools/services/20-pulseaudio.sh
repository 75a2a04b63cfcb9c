#!/usr/bin/env bash
# The virtual microphone of PLATFORM.md for the recording tests: a PulseAudio daemon with a null
# sink (vsink) and a mono source remapped from its monitor (vmic). Whatever `paplay` plays into
# vsink is heard by sounddevice (ALSA `pulse`/`default`) and by Qt. Idempotent; only `export`
# lines go to stdout, logs to stderr.
set -euo pipefail
runtime=${RECEPTION_PULSE_RUNTIME:-/tmp/reception-pulse}
mkdir -p "$runtime"
chmod 700 "$runtime"
export XDG_RUNTIME_DIR=$runtime
export PULSE_SERVER=unix:$runtime/pulse/native
export PULSE_RUNTIME_PATH=$runtime/pulse

if ! command -v pulseaudio >/dev/null 2>&1; then
  echo "pulseaudio: not installed (tools/apt-packages.txt lists it); recording tests will skip" >&2
  exit 0
fi

if ! pactl info >/dev/null 2>&1; then
  # Root on CI: --system would need a pulse user and dbus; a per-"user" daemon run as root works
  # when told not to refuse root explicitly through its runtime directory.
  pulseaudio -D -n --exit-idle-time=-1 --disallow-exit --disallow-module-loading=0 \
    --log-target=file:"$runtime/pulse.log" \
    -L "module-native-protocol-unix auth-anonymous=1 socket=$runtime/pulse/native" \
    -L "module-null-sink sink_name=vsink rate=48000 sink_properties=device.description=VirtualSink" \
    -L "module-remap-source master=vsink.monitor source_name=vmic channels=1 source_properties=device.description=VirtualMic" \
    -L "module-always-sink" >&2 || true
  for _ in $(seq 1 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
fi

if pactl info >/dev/null 2>&1; then
  pactl list short sinks | grep -q vsink || pactl load-module module-null-sink sink_name=vsink rate=48000 >&2
  pactl list short sources | grep -q vmic || \
    pactl load-module module-remap-source master=vsink.monitor source_name=vmic channels=1 >&2
  pactl set-default-sink vsink >&2
  pactl set-default-source vmic >&2
  echo "pulseaudio: virtual microphone vmic ready at $PULSE_SERVER" >&2
else
  echo "pulseaudio: daemon did not come up (see $runtime/pulse.log)" >&2
  exit 0
fi
echo "export XDG_RUNTIME_DIR=$runtime"
echo "export PULSE_SERVER=$PULSE_SERVER"
echo "export PULSE_RUNTIME_PATH=$PULSE_RUNTIME_PATH"
