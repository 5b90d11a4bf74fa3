# Builds /root/pb-slow.deb on the host: a package whose preinst and postinst take a while, so
# that dpkg can be killed in the middle of unpacking or configuring it.
set -e
root=/root/pb-slow-build
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/usr/share/pb-slow"
head -c 2000000 /dev/urandom > "$root/usr/share/pb-slow/payload"
cat > "$root/DEBIAN/control" <<CONTROL
Package: pb-slow
Version: 1.0
Architecture: all
Maintainer: playbook tests <tests@example.invalid>
Description: slow maintainer scripts for interruption tests
CONTROL
printf '#!/bin/sh\nsleep 1.5\n' > "$root/DEBIAN/preinst"
printf '#!/bin/sh\nsleep 1.5\n' > "$root/DEBIAN/postinst"
chmod 0755 "$root/DEBIAN/preinst" "$root/DEBIAN/postinst"
dpkg-deb --build "$root" /root/pb-slow.deb >/dev/null
rm -rf "$root"
