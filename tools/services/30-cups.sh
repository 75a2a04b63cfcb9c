#!/usr/bin/env bash
# A real print queue without a printer, for the printing tests: cupsd plus a cups-pdf queue
# whose jobs land as PDF files in one known directory. Idempotent; run as root on a fresh machine.
# Prints only `export` lines on stdout; logs go to stderr.
set -euo pipefail
queue=${RECEPTION_TEST_PRINTER:-ReceptionPDF}
outdir=${RECEPTION_TEST_PRINT_OUT:-/tmp/reception-cups-pdf}
ppd=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd

command -v cupsd >/dev/null || { echo "cups: cupsd not installed (apt: cups)" >&2; exit 1; }
[ -x /usr/lib/cups/backend/cups-pdf ] || { echo "cups: cups-pdf backend missing (apt: printer-driver-cups-pdf)" >&2; exit 1; }

mkdir -p "$outdir"
chmod 1777 "$outdir"
# cups-pdf reads /etc/cups/cups-pdf-<name>.conf for the URI cups-pdf:/<name>: a config of our own,
# so the system's default queue settings stay untouched. No per-user subfolder: one known place.
conf=/etc/cups/cups-pdf-reception.conf
want="Out $outdir
AnonDirName $outdir
UserUMask 0000
Grp lp
LogLevel 2"
if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$want" ]; then
  printf '%s\n' "$want" > "$conf"
fi

if ! lpstat -r 2>/dev/null | grep -q "is running"; then
  mkdir -p /run/cups
  cupsd >&2
  for _ in $(seq 1 50); do
    lpstat -r 2>/dev/null | grep -q "is running" && break
    sleep 0.1
  done
  lpstat -r 2>/dev/null | grep -q "is running" || { echo "cups: scheduler did not start" >&2; exit 1; }
fi

if ! lpstat -v "$queue" >/dev/null 2>&1; then
  lpadmin -p "$queue" -E -v cups-pdf:/reception -P "$ppd" -D "Reception Room PDF queue" >&2
fi
# cups-pdf distils PostScript; with poppler's cairo renderer the PostScript keeps the fonts'
# ToUnicode maps, so the PDF that comes out of the queue still yields its Chinese text
# (the default renderers lose it: only ASCII survives).
lpadmin -p "$queue" -o pdftops-renderer-default=pdftocairo >&2
cupsenable "$queue" >&2
cupsaccept "$queue" >&2

echo "export RECEPTION_TEST_PRINTER=$queue"
echo "export RECEPTION_TEST_PRINT_OUT=$outdir"
