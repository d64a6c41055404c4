#!/usr/bin/env bash
# Regenerates tests/PoseTools.Tests/Reference/official-cpu-c{0,1,2}.json: the official MediaPipe Pose JS solution
# (@mediapipe/pose@0.5.1675469404, run by ../shared/tools/mpref in headless Chromium) on ../shared/data, static-image
# mode, with the solution's own option `useCpuInference: true` — fp32 inference on the CPU (XNNPack), which is what
# PoseTools reproduces. The shared reference (../shared/reference/landmarks) used the default WebGL inference instead.
# Needs: node + npm, Debian's chromium. Usage: tools/official-reference/generate.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
shared=${POSETOOLS_SHARED:-$repo/../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$shared/tools/mpref/." "$work/"
(cd "$work" && npm install --no-audit --no-fund --silent)
sed -e 's/pose.setOptions({ modelComplexity: complexity,/pose.setOptions({ useCpuInference: true, modelComplexity: complexity,/' \
    -e "s/staticImage: 'reset() before every image' }/staticImage: 'reset() before every image', useCpuInference: true }/" \
    "$work/run.mjs" > "$work/run-cpu.mjs"
[ "$(grep -c useCpuInference "$work/run-cpu.mjs")" -eq 2 ] || { echo "could not set useCpuInference in run.mjs" >&2; exit 1; }
for c in 0 1 2; do
  node "$work/run-cpu.mjs" --images "$shared/data" --complexity "$c" --repeat 0 \
    --out "$repo/tests/PoseTools.Tests/Reference/official-cpu-c$c.json"
done

# Video mode (tracking + smoothing) on the shared clips, also with CPU inference: frames decoded by ffmpeg to PNG (as
# ../shared/reference/video was made), timestamps frame/fps. Kept compact: image landmarks rounded to 1e-6.
for clip in pushup_incorrect_001 squat_correct_010; do
  fps=$(node -e "console.log(require('$shared/data/videos.json')['$clip.mp4'].fps)")
  mkdir -p "$work/frames/$clip"
  ffmpeg -v error -i "$shared/data/$clip.mp4" "$work/frames/$clip/f%04d.png"
  node "$work/run-cpu.mjs" --images "$work/frames/$clip" --complexity 1 --video --fps "$fps" --out "$work/$clip.json"
  node -e "
    const fs = require('fs'); const r = JSON.parse(fs.readFileSync('$work/$clip.json'));
    const round = v => Math.round(v * 1e6) / 1e6;
    r.images = r.images.map(i => ({ file: i.file, frame: i.frame, timestamp_ms: i.timestamp_ms, width: i.width, height: i.height, found: i.found,
      landmarks: i.landmarks && i.landmarks.map(p => ({ x: round(p.x), y: round(p.y), z: round(p.z), visibility: round(p.visibility) })) }));
    fs.writeFileSync('$repo/tests/PoseTools.Tests/Reference/official-cpu-video-$clip.json', JSON.stringify(r));"
done
