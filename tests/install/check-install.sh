#!/usr/bin/env bash
# CTest "install_layout": installs the build into a temporary DESTDIR with prefix /usr, as a
# package build does, and checks that every file lands where the documentation says, that the
# installed unit starts the installed binary, and that the installed rules pass config-check.
# Usage: check-install.sh BUILD_DIR
set -euo pipefail
build=$1
dest=$(mktemp -d /tmp/pm-install.XXXXXX)
trap 'rm -rf "$dest"' EXIT
fail() { echo "install_layout: $*" >&2; exit 1; }

DESTDIR=$dest cmake --install "$build" --prefix /usr >"$dest.log" 2>&1 || { cat "$dest.log" >&2; rm -f "$dest.log"; fail "cmake --install failed"; }
rm -f "$dest.log"

unitdir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null || true)
unitdir=${unitdir:-/lib/systemd/system}
tmpfilesdir=$(pkg-config --variable=tmpfilesdir systemd 2>/dev/null || true)
tmpfilesdir=${tmpfilesdir:-/usr/lib/tmpfiles.d}
sysusersdir=$(pkg-config --variable=sysusersdir systemd 2>/dev/null || true)
sysusersdir=${sysusersdir:-/usr/lib/sysusers.d}

expect_file() { [ -f "$dest$1" ] || fail "missing $1 (installed: $(cd "$dest" && find . -type f | sort | tr '\n' ' '))"; }
expect_file /usr/sbin/protocol-milter
[ -x "$dest/usr/sbin/protocol-milter" ] || fail "/usr/sbin/protocol-milter is not executable"
expect_file /etc/protocol-milter/gateway.toml
expect_file /etc/protocol-milter/README.md
expect_file /etc/protocol-milter/protocols/opgroeien-tessenderlo-ham.toml
expect_file /etc/protocol-milter/lexicons/health.toml
expect_file /usr/share/protocol-milter/rules/gateway.toml
expect_file "$unitdir/protocol-milter.service"
expect_file "$tmpfilesdir/protocol-milter.conf"
expect_file "$sysusersdir/protocol-milter.conf"
expect_file /usr/share/doc/protocol-milter/postfix/main.cf.snippet

# Every shipped rule file, and nothing else, is in /etc/protocol-milter.
src=$(cd "$(dirname "$0")/../../rules" && find . -type f | sort)
got=$(cd "$dest/etc/protocol-milter" && find . -type f | sort)
[ "$src" = "$got" ] || fail "/etc/protocol-milter differs from rules/: $(diff <(echo "$src") <(echo "$got") | tr '\n' ' ')"
perm=$(stat -c %a "$dest/etc/protocol-milter/gateway.toml")
[ "$perm" = 644 ] || fail "gateway.toml has mode $perm, want 644 (the daemon's user reads it)"

# The unit runs the installed binary on the installed rules.
unit=$dest$unitdir/protocol-milter.service
grep -qx 'ExecStart=/usr/sbin/protocol-milter serve --config /etc/protocol-milter/gateway.toml --foreground' "$unit" \
  || fail "unexpected ExecStart in the installed unit: $(grep ExecStart= "$unit")"
grep -qx 'User=protocol-milter' "$unit" || fail "the unit does not run as protocol-milter"
grep -q '^u protocol-milter ' "$dest$sysusersdir/protocol-milter.conf" || fail "sysusers does not create protocol-milter"

# The installed rules are valid as installed (relative paths resolve inside /etc/protocol-milter).
"$dest/usr/sbin/protocol-milter" config-check --config "$dest/etc/protocol-milter/gateway.toml" >/dev/null \
  || fail "config-check of the installed rules failed"

# A second install keeps a locally changed rule file.
echo '# local change' >>"$dest/etc/protocol-milter/gateway.toml"
DESTDIR=$dest cmake --install "$build" --prefix /usr >/dev/null 2>&1 || fail "second cmake --install failed"
tail -1 "$dest/etc/protocol-milter/gateway.toml" | grep -qx '# local change' \
  || fail "a reinstall overwrote the administrator's gateway.toml"
echo "install_layout: ok ($(cd "$dest" && find . -type f | wc -l) files)"
