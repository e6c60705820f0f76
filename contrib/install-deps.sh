#!/usr/bin/env bash
# Installs every Debian 12 package that protocol-milter's build, tests, fixtures and examples need.
# Idempotent and non-interactive; run as root (or through sudo).
set -euo pipefail

packages=(
  # toolchain
  build-essential g++ cmake pkg-config git
  # libraries (DESIGN.md: Debian packages only)
  libmilter-dev libgmime-3.0-dev libglib2.0-dev libssl-dev libre2-dev libspdlog-dev libfmt-dev
  catch2 liblzma-dev zlib1g-dev libtomlplusplus-dev nlohmann-json3-dev libcli11-dev
  libxml2-dev libpoppler-cpp-dev
  # fixtures: real archives and documents are made at test time by the real tools
  7zip zip unzip qpdf openssl
  # the DPO report is rendered in headless Chromium by a test (screenshot must not be blank)
  chromium
  # the milter protocol driven without an MTA (tests/miltertest/)
  miltertest
  # fuzzing: libFuzzer with ASan/UBSan; clang 16 is the first Debian clang that compiles
  # libstdc++ 12's <expected> (see CMakeLists.txt, PM_FUZZ)
  clang-16 libclang-rt-16-dev
  # end-to-end tests and benchmark: a private Postfix instance (smtp-source/smtp-sink ship with
  # it), swaks as the SMTP client, iproute2 for the loopback quick-ACK measurement
  postfix swaks iproute2
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -q
# Postfix: no system configuration and no system instance. The tests run their own private
# instance; a temporary policy-rc.d (exit 101 = "action forbidden") keeps the package's maintainer
# scripts from starting the system one, and it is removed again whatever happens.
if [[ " ${missing[*]} " == *" postfix "* ]]; then
  echo 'postfix postfix/main_mailer_type select No configuration' | as_root debconf-set-selections
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    as_root sh -c 'printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d'
    trap 'as_root rm -f /usr/sbin/policy-rc.d' EXIT
  fi
fi
as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
