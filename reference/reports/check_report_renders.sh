#!/bin/sh
# Renders run reports (report.html) in headless Chromium and checks that each produced a screenshot
# with more than one colour (a blank page fails). Usage:
#   reference/reports/check_report_renders.sh RUN/report.html [MORE.html...]
# Screenshots are left beside each report as report.png, to look at.
set -eu
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium is not installed (apt-get install chromium)" >&2; exit 2; }
[ $# -gt 0 ] || { echo "usage: $0 REPORT.html..." >&2; exit 2; }
status=0
for report in "$@"; do
    [ -f "$report" ] || { echo "$report: no such file" >&2; status=1; continue; }
    png="${report%.html}.png"
    rm -f "$png"
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,2400 \
        --screenshot="$png" "file://$(realpath "$report")" >/dev/null 2>&1 || true
    if [ ! -s "$png" ]; then echo "$report: chromium produced no screenshot" >&2; status=1; continue; fi
    colours=$(python3 -c "
import sys, zlib, struct
data = open(sys.argv[1], 'rb').read()
# count distinct bytes of the decompressed image data (a blank page has very few)
chunks, i = b'', 8
while i < len(data):
    n = struct.unpack('>I', data[i:i+4])[0]; kind = data[i+4:i+8]
    if kind == b'IDAT': chunks += data[i+8:i+8+n]
    i += 12 + n
print(len(set(zlib.decompress(chunks))))" "$png")
    if [ "$colours" -lt 20 ]; then echo "$report: the screenshot looks blank ($colours distinct values)" >&2; status=1
    else echo "$report: rendered ($png)"; fi
done
exit $status
