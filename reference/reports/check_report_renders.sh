#!/bin/sh
# Renders an HTML report in headless Chromium and checks that the screenshot is not blank.
#
#   reference/reports/check_report_renders.sh runs/translation-demo/model/report.html [out.png]
#
# Look at the PNG as well: this only proves the page loads and paints more than one colour.
set -eu
report=$1
png=${2:-/tmp/report-check.png}
[ -f "$report" ] || { echo "$report: no such report" >&2; exit 1; }
rm -f "$png"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$png" --window-size=1200,2400 \
    "file://$(realpath "$report")" >/dev/null 2>&1 || true
[ -s "$png" ] || { echo "$report: chromium wrote no screenshot" >&2; exit 1; }
python3 - "$png" <<'PY'
import sys, zlib, struct
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
chunks, offset = [], 8
while offset < len(data):
    length, kind = struct.unpack(">I4s", data[offset:offset + 8])
    chunks.append((kind, data[offset + 8:offset + 8 + length]))
    offset += 12 + length
raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
distinct = len(set(raw[i:i + 64] for i in range(0, min(len(raw), 4_000_000), 4096)))
print(f"{sys.argv[1]}: {len(data)} bytes, {distinct} distinct sampled rows")
sys.exit(0 if distinct > 5 else "screenshot looks blank")
PY
