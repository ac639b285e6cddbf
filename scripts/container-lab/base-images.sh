#!/usr/bin/env bash
# Builds registry-free stand-ins for the two images the Dockerfile names, so it builds unchanged here:
#   local/debian:bookworm                 debootstrap minbase from the machine's own Debian mirror
#   mcr.microsoft.com/dotnet/aspnet:10.0  that + this machine's .NET runtime, user 'app' (UID 1654)
#   mcr.microsoft.com/dotnet/sdk:10.0     that + this machine's .NET SDK
# Images that exist already are kept. Needs the engine from engine-up.sh. Run as root.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$LAB"
has_image() { docker image inspect "$1" >/dev/null 2>&1; }
quiet_build() { docker build -q "$@" 2>&1 | grep -v -iE 'deprecat|buildx|legacy|^ *$' || true; }

if ! has_image local/debian:bookworm; then
  # the Debian mirror that this machine's apt already uses
  MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$MIRROR" ] || MIRROR=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
  rm -rf rootfs
  debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata \
      bookworm rootfs "$MIRROR" >debootstrap.log 2>&1 || { tail -20 debootstrap.log >&2; exit 1; }
  rm -rf rootfs/var/cache/apt/archives/*.deb rootfs/var/lib/apt/lists/* rootfs/usr/share/{doc,man,locale}/*
  tar -C rootfs -c . | docker import - local/debian:bookworm >/dev/null
  rm -rf rootfs
fi

DOTNET_ROOT_HOST=$(dirname "$(readlink -f "$(command -v dotnet)")")
if ! has_image mcr.microsoft.com/dotnet/aspnet:10.0; then
  RT=$(ls "$DOTNET_ROOT_HOST/shared/Microsoft.AspNetCore.App" | sort -V | tail -1)
  rm -rf img-aspnet && mkdir -p img-aspnet/dotnet
  cp -a "$DOTNET_ROOT_HOST"/{dotnet,host,shared,LICENSE.txt} img-aspnet/dotnet/
  # The same user, variables and port as Microsoft's image.
  cat > img-aspnet/Dockerfile <<DF
FROM local/debian:bookworm
ENV APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true DOTNET_VERSION=$RT ASPNET_VERSION=$RT
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \\
 && groupadd --gid=\$APP_UID app && useradd --no-log-init --uid=\$APP_UID --gid=\$APP_UID --create-home app
DF
  quiet_build -t mcr.microsoft.com/dotnet/aspnet:10.0 img-aspnet
  rm -rf img-aspnet
fi

if ! has_image mcr.microsoft.com/dotnet/sdk:10.0; then
  rm -rf img-sdk && mkdir -p img-sdk/dotnet
  cp -a "$DOTNET_ROOT_HOST"/{sdk,packs,sdk-manifests,templates} img-sdk/dotnet/
  # this machine reaches NuGet through a TLS-intercepting proxy: give the image the host's CA bundle
  cp /etc/ssl/certs/ca-certificates.crt img-sdk/host-ca-bundle.crt
  cat > img-sdk/Dockerfile <<'DF'
FROM mcr.microsoft.com/dotnet/aspnet:10.0
ENV DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_GENERATE_ASPNET_CERTIFICATE=false NUGET_XMLDOC_MODE=skip NUGET_CERT_REVOCATION_MODE=offline
COPY host-ca-bundle.crt /etc/ssl/certs/ca-certificates.crt
COPY dotnet/ /usr/share/dotnet/
DF
  quiet_build -t mcr.microsoft.com/dotnet/sdk:10.0 img-sdk
  rm -rf img-sdk
fi
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E '^(local/debian|mcr.microsoft.com/dotnet)'
