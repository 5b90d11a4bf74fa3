# shellcheck shell=bash disable=SC2034 # the constants are used by scripts/lab
# The lab image recipe, sourced by scripts/lab.
#
# Everything that decides what ends up in the image or the local apt repository lives in this file, and
# its content (plus the lab client public key) is hashed into the image stamp: editing this file makes
# the next `scripts/lab image` / `scripts/lab up` rebuild, while editing scripts/lab itself does not.

# Addresses and the repository port are baked into the image (apt sources), so they belong to the recipe.
LAB_SUITE=bookworm
LAB_INCLUDE=systemd,systemd-sysv,dbus,openssh-server,sudo,iproute2,ca-certificates,python3,python3-apt
LAB_BRIDGE_IP=198.18.0.1
LAB_PREFIX_LEN=16
LAB_REPO_PORT=8642
# Extra packages (with all their dependencies) that hosts can install from the local repository:
# nginx for the seed playbook, and the everyday tools the example roles install.
LAB_REPO_DOWNLOADS=(nginx curl htop vim-tiny)
# deployp's sudo asks for this password; it is a lab fixture, not a secret.
LAB_DEPLOYP_PASSWORD=lab-deployp-sudo
# Units that fail or misbehave in a container, or that would run apt/dpkg on their own in the middle of
# a test (the apt timers grab the dpkg lock at random times).
LAB_MASKED_UNITS=(
  systemd-remount-fs.service
  console-getty.service
  apt-daily.timer
  apt-daily-upgrade.timer
  dpkg-db-backup.timer
  e2scrub_all.timer
  e2scrub_reap.service
  fstrim.timer
)

# image_build WORKDIR BASEDIR CLIENT_PUBKEY_FILE
# Produces WORKDIR/rootfs and WORKDIR/repo from the debootstrap result in BASEDIR.
image_build() {
  local work=$1 base=$2 pubkey_file=$3
  local rootfs=$work/rootfs repo=$work/repo

  log "copying the base system"
  cp -a "$base" "$rootfs"
  mkdir -p "$repo"

  image_download_repo_debs "$rootfs" "$repo"
  image_build_lab_debs "$repo"
  image_index_repo "$repo"
  image_configure "$rootfs" "$pubkey_file"
  image_apt_update "$rootfs" "$repo"
}

# Runs a command chrooted into ROOTFS inside a private mount namespace, so the /proc mount it needs
# disappears with it even if the build is interrupted.
image_chroot() {
  local rootfs=$1
  shift
  # shellcheck disable=SC2016 # expanded by the inner shell
  unshare --mount --fork -- /bin/sh -c 'mount -t proc proc "$1/proc" && root=$1 && shift && exec chroot "$root" "$@"' \
    _ "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}

# nginx and its dependencies come from Debian through the image's own apt, so exactly the packages a host
# is missing get downloaded; this must happen before the image's sources point at the local repository.
image_download_repo_debs() {
  local rootfs=$1 repo=$2
  log "downloading ${LAB_REPO_DOWNLOADS[*]} and dependencies"
  # debootstrap leaves the base system's debs in the archive cache; only the new downloads belong in
  # the repository.
  image_chroot "$rootfs" apt-get clean
  image_chroot "$rootfs" apt-get -q update >/dev/null
  image_chroot "$rootfs" apt-get -q -y --download-only install "${LAB_REPO_DOWNLOADS[@]}" >/dev/null
  cp "$rootfs"/var/cache/apt/archives/*.deb "$repo"/
  image_chroot "$rootfs" apt-get clean
}

# deb_build REPO DIR: DIR holds the package tree with DEBIAN/control already written.
deb_build() {
  local repo=$1 dir=$2
  dpkg-deb --root-owner-group -Zgzip --build "$dir" "$repo" >/dev/null
}

# deb_tree DIR NAME VERSION DESCRIPTION: starts a package tree with its control file.
deb_tree() {
  local dir=$1 name=$2 version=$3 description=$4
  mkdir -p "$dir/DEBIAN"
  cat >"$dir/DEBIAN/control" <<EOF
Package: $name
Version: $version
Architecture: all
Maintainer: playbook lab <lab@playbook.invalid>
Section: misc
Priority: optional
Description: $description
 Built by scripts/lab for playbook's integration tests.
EOF
}

# Tiny packages whose behaviour the tests know exactly: a service, a conffile, and two versions of one
# package so that `state: latest` has something to upgrade.
image_build_lab_debs() {
  local repo=$1 tmp d
  tmp=$(mktemp -d)
  log "building pb-hello, pb-conf, pb-versioned 1.0 and 2.0"

  d=$tmp/pb-hello
  deb_tree "$d" pb-hello 1.0 "playbook lab: a trivial long-running systemd service"
  mkdir -p "$d/usr/bin" "$d/lib/systemd/system"
  cat >"$d/usr/bin/pb-hello" <<'EOF'
#!/bin/sh
echo "pb-hello: started"
exec sleep infinity
EOF
  cat >"$d/lib/systemd/system/pb-hello.service" <<'EOF'
[Unit]
Description=playbook lab hello service

[Service]
ExecStart=/usr/bin/pb-hello

[Install]
WantedBy=multi-user.target
EOF
  # Like Debian's own service packages: enabled and started on install, stopped and disabled on removal.
  cat >"$d/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  systemctl enable pb-hello.service >/dev/null 2>&1
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    systemctl restart pb-hello.service
  fi
fi
EOF
  cat >"$d/DEBIAN/prerm" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = remove ]; then
  if [ -d /run/systemd/system ]; then
    systemctl stop pb-hello.service || true
  fi
  systemctl disable pb-hello.service >/dev/null 2>&1 || true
fi
EOF
  cat >"$d/DEBIAN/postrm" <<'EOF'
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
fi
EOF
  chmod 0755 "$d/usr/bin/pb-hello" "$d/DEBIAN/postinst" "$d/DEBIAN/prerm" "$d/DEBIAN/postrm"
  deb_build "$repo" "$d"

  d=$tmp/pb-conf
  deb_tree "$d" pb-conf 1.0 "playbook lab: a package with a conffile"
  mkdir -p "$d/etc/pb-conf"
  printf '# pb-conf default configuration\ngreeting = hello\n' >"$d/etc/pb-conf/pb-conf.conf"
  echo /etc/pb-conf/pb-conf.conf >"$d/DEBIAN/conffiles"
  deb_build "$repo" "$d"

  local v
  for v in 1.0 2.0; do
    d=$tmp/pb-versioned-$v
    deb_tree "$d" pb-versioned "$v" "playbook lab: a package present in two versions"
    mkdir -p "$d/usr/share/pb-versioned" "$d/usr/bin"
    echo "$v" >"$d/usr/share/pb-versioned/VERSION"
    printf '#!/bin/sh\necho %s\n' "$v" >"$d/usr/bin/pb-versioned"
    chmod 0755 "$d/usr/bin/pb-versioned"
    deb_build "$repo" "$d"
  done
  rm -rf "$tmp"
}

# A flat repository: `deb [trusted=yes] http://IP:PORT/ ./`. --multiversion keeps both pb-versioned.
image_index_repo() {
  local repo=$1
  log "indexing the repository"
  (cd "$repo" && dpkg-scanpackages --multiversion . /dev/null 2>/dev/null >Packages && gzip -9 -k -f Packages)
}

image_configure() {
  local rootfs=$1 pubkey_file=$2 unit
  log "configuring the image"

  for unit in "${LAB_MASKED_UNITS[@]}"; do
    ln -sfn /dev/null "$rootfs/etc/systemd/system/$unit"
  done

  # Each host is named by nspawn --hostname; a file would override it. An empty machine-id lets
  # systemd take the per-host id nspawn passes (--uuid) instead of every host sharing one.
  # systemd would first take the D-Bus machine id (the same in every host), so that becomes a link.
  rm -f "$rootfs/etc/hostname"
  : >"$rootfs/etc/machine-id"
  ln -sfn /etc/machine-id "$rootfs/var/lib/dbus/machine-id"
  printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$rootfs/etc/hosts"
  # Hosts have no DNS. An empty resolv.conf makes lookups fail at once (nothing listens on 127.0.0.1:53)
  # instead of timing out against the controller's resolver; the host's own name resolves through
  # /etc/hosts, written at boot, so sudo and `hostname -f` stay fast.
  : >"$rootfs/etc/resolv.conf"
  cat >"$rootfs/usr/local/sbin/lab-hostname-hosts" <<'EOF'
#!/bin/sh
printf '127.0.1.1\t%s\n' "$(cat /proc/sys/kernel/hostname)" >>/etc/hosts
EOF
  chmod 0755 "$rootfs/usr/local/sbin/lab-hostname-hosts"
  cat >"$rootfs/etc/systemd/system/lab-hostname-hosts.service" <<'EOF'
[Unit]
Description=Map this host's name to 127.0.1.1 in /etc/hosts
DefaultDependencies=no
After=local-fs.target
Before=sysinit.target

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/lab-hostname-hosts

[Install]
WantedBy=sysinit.target
EOF
  mkdir -p "$rootfs/etc/systemd/system/sysinit.target.wants"
  ln -sfn ../lab-hostname-hosts.service "$rootfs/etc/systemd/system/sysinit.target.wants/lab-hostname-hosts.service"

  # Host keys are per host: generated on the controller and bind-mounted read-only at /etc/ssh/lab, so the
  # controller knows them without a keyscan. The image keeps none of its own.
  rm -f "$rootfs"/etc/ssh/ssh_host_*
  mkdir -p "$rootfs/etc/ssh/lab"
  cat >"$rootfs/etc/ssh/sshd_config.d/lab.conf" <<'EOF'
HostKey /etc/ssh/lab/ssh_host_ed25519_key
HostKey /etc/ssh/lab/ssh_host_ecdsa_key
PermitRootLogin prohibit-password
EOF

  local pubkey
  pubkey=$(cat "$pubkey_file")
  install -d -m 0700 "$rootfs/root/.ssh"
  echo "$pubkey" >"$rootfs/root/.ssh/authorized_keys"
  chmod 0600 "$rootfs/root/.ssh/authorized_keys"

  # deploy: passwordless sudo. deployp: sudo asks for a password (via the standard sudo group).
  # '*' (not the locked '!') so that key login is allowed however sshd treats locked accounts.
  chroot "$rootfs" useradd --create-home --shell /bin/bash --password '*' deploy
  chroot "$rootfs" useradd --create-home --shell /bin/bash --groups sudo deployp
  echo "deployp:$LAB_DEPLOYP_PASSWORD" | chroot "$rootfs" chpasswd
  echo 'deploy ALL=(ALL:ALL) NOPASSWD: ALL' >"$rootfs/etc/sudoers.d/lab-deploy"
  chmod 0440 "$rootfs/etc/sudoers.d/lab-deploy"
  local user
  for user in deploy deployp; do
    install -d -m 0700 "$rootfs/home/$user/.ssh"
    echo "$pubkey" >"$rootfs/home/$user/.ssh/authorized_keys"
    chmod 0600 "$rootfs/home/$user/.ssh/authorized_keys"
    chroot "$rootfs" chown -R "$user:$user" "/home/$user/.ssh"
  done

  # apt sees only the local repository on the bridge.
  rm -f "$rootfs"/etc/apt/sources.list.d/*
  echo "deb [trusted=yes] http://$LAB_BRIDGE_IP:$LAB_REPO_PORT/ ./" >"$rootfs/etc/apt/sources.list"
  rm -rf "$rootfs"/var/lib/apt/lists/*
  mkdir -p "$rootfs/var/lib/apt/lists/partial"
}

# `apt-get update` has to fetch from the very URL hosts will use (apt names its list files after it).
# A private network namespace gets the bridge address on its loopback and a throwaway HTTP server, so
# this works whether or not a lab is running and touches no real interface.
image_apt_update() {
  local rootfs=$1 repo=$2
  log "running apt-get update in the image"
  # shellcheck disable=SC2016 # expanded by the inner shell
  unshare --net --mount --fork -- /bin/bash -euo pipefail -c '
    rootfs=$1 repo=$2 ip=$3 port=$4 py=$5
    ip link set lo up
    ip addr add "$ip/32" dev lo
    "$py" -m http.server --bind "$ip" --directory "$repo" "$port" >/dev/null 2>&1 &
    server=$!
    trap "kill $server 2>/dev/null || true" EXIT
    for _ in $(seq 100); do
      if (exec 3<>"/dev/tcp/$ip/$port") 2>/dev/null; then break; fi
      sleep 0.1
    done
    mount -t proc proc "$rootfs/proc"
    chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin apt-get -q update >/dev/null
    umount "$rootfs/proc"
  ' _ "$rootfs" "$repo" "$LAB_BRIDGE_IP" "$LAB_REPO_PORT" "$LAB_PYTHON"
}
