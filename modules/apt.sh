# apt: Debian packages through dpkg-query (probe), `apt-get -s` (decide: apt's own simulation
# says exactly what would be installed or removed, so check mode predicts the real run) and
# apt-get (act). Waits up to lock_timeout seconds for the dpkg/apt locks another process holds,
# then fails naming that process.

DEBIAN_FRONTEND=noninteractive
export DEBIAN_FRONTEND
# Package words are split on whitespace below and must never be globbed against local files.
set -f
LOCKS="/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/cache/apt/archives/lock /var/lib/apt/lists/lock"
STAMP=/var/lib/apt/periodic/update-success-stamp
action=
action_args=
cache_updated=0
cache_time=0
deb_needed=0
installs=
removals=
policy_created=0

pb_cleanup() {
    if [ "$policy_created" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
    if [ -n "${pb_deb_upload_dir-}" ]; then rm -rf -- "$pb_deb_upload_dir"; fi
    if [ -n "$PB_TMP" ]; then rm -rf -- "$PB_TMP"; fi
}

# The process holding an fcntl lock on file $1, from /proc/locks (by inode); empty when free.
lock_holder() {
    [ -e "$1" ] || return 0
    inode=$(stat -c %i -- "$1") || return 0
    awk -v inode="$inode" '$2 != "->" {
        n = split($6, id, ":")
        if (n == 3 && id[3] == inode) { print $5; exit }
    }' /proc/locks
}

describe_process() {
    if [ -r "/proc/$1/cmdline" ]; then
        tr '\0' ' ' < "/proc/$1/cmdline" | cut -c1-120
    else
        printf 'another process'
    fi
}

# Waits until no lock is held, for at most lock_timeout seconds; sets lock_left to the seconds
# that remain (passed on to apt-get for the moment between our check and its own locking).
wait_for_locks() {
    waited=0
    while :; do
        held=
        for lock in $LOCKS; do
            pid=$(lock_holder "$lock")
            if [ -n "$pid" ]; then held=$lock; break; fi
        done
        if [ -z "$held" ]; then
            lock_left=$((pb_lock_timeout - waited))
            [ "$lock_left" -gt 0 ] || lock_left=1
            return 0
        fi
        if [ "$waited" -ge "$pb_lock_timeout" ]; then
            pb_fail "Could not get lock $held within $pb_lock_timeout s: it is held by process $pid ($(describe_process "$pid"))"
        fi
        sleep 1
        waited=$((waited + 1))
    done
}

# apt-get with the options the arguments ask for; $1 is `simulate` or `run`.
apt_get() {
    how=$1
    shift
    if [ "$how" = simulate ]; then set -- -s "$@"; else set -- -y "$@" -o "DPkg::Lock::Timeout=$lock_left"; fi
    old_ifs=$IFS
    IFS=,
    for option in $pb_dpkg_options; do
        IFS=$old_ifs
        if [ -n "$option" ]; then set -- "$@" -o "Dpkg::Options::=--$option"; fi
    done
    IFS=$old_ifs
    if [ -n "${pb_install_recommends-}" ]; then
        if [ "$pb_install_recommends" = 1 ]; then set -- "$@" -o APT::Install-Recommends=yes; else set -- "$@" -o APT::Install-Recommends=no; fi
    fi
    if [ -n "${pb_default_release-}" ]; then set -- "$@" -t "$pb_default_release"; fi
    if [ "$pb_force" = 1 ]; then
        set -- "$@" --allow-unauthenticated --allow-downgrades --allow-remove-essential --allow-change-held-packages
    else
        if [ "$pb_allow_unauthenticated" = 1 ]; then set -- "$@" --allow-unauthenticated; fi
        if [ "$pb_allow_downgrade" = 1 ]; then set -- "$@" --allow-downgrades; fi
        if [ "$pb_allow_change_held_packages" = 1 ]; then set -- "$@" --allow-change-held-packages; fi
    fi
    apt-get -q "$@"
}

update_cache() {
    pb_tmpdir
    tries=0
    delay=1
    while :; do
        wait_for_locks
        if apt-get -q update -o "DPkg::Lock::Timeout=$lock_left" > "$PB_TMP/update.out" 2>&1; then
            mkdir -p "${STAMP%/*}" && touch "$STAMP"
            return 0
        fi
        tries=$((tries + 1))
        if [ "$tries" -gt "$pb_update_cache_retries" ]; then
            pb_fail "Failed to update apt cache: $(tail -n 5 "$PB_TMP/update.out")"
        fi
        sleep "$delay"
        delay=$((delay * 2))
        if [ "$delay" -gt "$pb_update_cache_retry_max_delay" ]; then delay=$pb_update_cache_retry_max_delay; fi
    done
}

cache_age() {
    cache_time=0
    set --
    for f in "$STAMP" /var/lib/apt/lists; do [ -e "$f" ] && set -- "$@" "$f"; done
    [ $# -gt 0 ] || return 0
    for t in $(stat -c %Y -- "$@" 2>/dev/null); do
        if [ "$t" -gt "$cache_time" ]; then cache_time=$t; fi
    done
}

# One read of dpkg's status file gives what a task that changes nothing needs, where a dpkg
# --audit pipeline, a dpkg-query per package and a date cost ten processes: the time now (awk's
# srand() returns the time of day it seeded with), the packages dpkg --audit reports (left
# half-installed, half-configured, unpacked or awaiting triggers), and name, architecture,
# state and version of each package named in $1. dpkg's journal is not read: a non-empty one
# is refused before any version is looked at (refuse_interrupted_dpkg).
read_dpkg_status() {
    dpkg_names=" $1 "
    dpkg_table=$(awk -v names="$dpkg_names" '
        function flush() {
            if (pkg != "" && (flag == "reinstreq" || (st != "installed" && st != "config-files" && st != "not-installed")))
                print "audit", pkg
            if (pkg != "" && (index(names, " " pkg " ") || index(names, " " pkg ":" arch " ")))
                print "pkg", pkg, arch, st, ver
            pkg = ""; arch = ""; st = ""; ver = ""; flag = ""
        }
        BEGIN { srand(); print "now", srand() }
        /^Package:/ { pkg = $2 }
        /^Architecture:/ { arch = $2 }
        /^Version:/ { ver = $2 }
        /^Status:/ { flag = $3; st = $4 }
        /^$/ { flush() }
        END { flush() }' /var/lib/dpkg/status 2>/dev/null)
    now=${dpkg_table#now }
    now=${now%%[!0-9]*}
    [ "${now:-0}" -gt 1000000000 ] || now=$(date +%s)
}

# Sets $version to the installed version of package $1 (`name` or `name:arch`) and succeeds, or
# fails when it is not installed; $2 is the dpkg state asked for (default installed).
installed_version() {
    version=
    case $dpkg_names in *" $1 "*) ;; *) dv_ask_dpkg=1 ;; esac
    case $1 in *[*?[]*) dv_ask_dpkg=1 ;; esac
    if [ "${dv_ask_dpkg-}" = 1 ]; then
        # A pattern, or a name not in the table (a .deb's package): dpkg-query answers.
        dv_ask_dpkg=0
        dv_status=$(dpkg-query -W -f='${db:Status-Abbrev}|${Version}' -- "$1" 2>/dev/null) || return 1
        case $dv_status in
        ?i*) [ "${2:-installed}" = installed ] ;;
        ?c*) [ "${2-}" = config-files ] ;;
        *) false ;;
        esac || return 1
        version=${dv_status#*|}
        return 0
    fi
    while read -r dv_kind dv_name dv_arch dv_state dv_version; do
        if [ "$dv_kind" != pkg ] || [ "$dv_name" != "${1%%:*}" ] || [ "$dv_state" != "${2:-installed}" ]; then continue; fi
        case $1 in *:*) [ "$dv_arch" = "${1#*:}" ] || continue ;; esac
        version=$dv_version
        return 0
    done <<TABLE
$dpkg_table
TABLE
    return 1
}

# `name=1.2*`: the newest available version matching the pattern.
resolve_pin() {
    apt-cache madison -- "$1" 2>/dev/null | while IFS='|' read -r _ version _; do
        version=$(printf '%s' "$version" | tr -d ' ')
        # shellcheck disable=SC2254 # the pin is a pattern on purpose
        case $version in $2) printf '%s' "$version"; break ;; esac
    done
}

pb_probe() {
    command -v apt-get >/dev/null 2>&1 || pb_fail "apt-get was not found: this host does not use apt"
    for pkg in ${pb_name-}; do
        case $pkg in
        -* | *[!A-Za-z0-9+.:~=*_/-]*) pb_fail "invalid package name: $pkg" ;;
        esac
    done
    names=
    for pkg in ${pb_name-}; do names="$names ${pkg%%=*}"; done
    read_dpkg_status "$names"
    cache_age
    want_update=0
    if [ "${pb_update_cache-}" = 1 ] || { [ "${pb_update_cache-}" != 0 ] && [ "$pb_cache_valid_time" -gt 0 ]; }; then
        want_update=1
        if [ "$pb_cache_valid_time" -gt 0 ] && [ $((now - cache_time)) -lt "$pb_cache_valid_time" ]; then want_update=0; fi
    fi
    # The lists must be fresh before apt can be asked what it would do, so the update runs here.
    if [ "$want_update" = 1 ]; then
        cache_updated=1
        if [ "$PB_CHECK_MODE" != 1 ]; then update_cache; cache_age; fi
    fi
}

# Runs the simulation of $action and collects what it installs and removes.
simulate() {
    pb_tmpdir
    # shellcheck disable=SC2086 # action_args holds validated package words
    if ! apt_get simulate $action $action_args > "$PB_TMP/sim.out" 2> "$PB_TMP/sim.err"; then
        missing=$(sed -n 's/^E: Unable to locate package //p' "$PB_TMP/sim.err" | head -n 1)
        if [ -n "$missing" ]; then pb_fail "No package matching '$missing' is available"; fi
        pb_fail "apt-get $action failed: $(grep '^E:' "$PB_TMP/sim.err" | head -n 3)"
    fi
    installs=$(awk '$1 == "Inst" { print $2 }' "$PB_TMP/sim.out")
    removals=$(awk '$1 == "Remv" || $1 == "Purg" { print $2 }' "$PB_TMP/sim.out")
}

# dpkg killed half-way (a killed apt-get, a lost connection, a power cut) leaves packages
# half-installed or half-configured, or its journal unapplied: apt would then act on a package
# database that does not say what is on disk, and this module would report packages present
# that are not. Refused with what to run instead.
refuse_interrupted_dpkg() {
    audit=
    while read -r dv_kind dv_name _; do
        if [ "$dv_kind" = audit ]; then audit="$audit$dv_name "; fi
    done <<TABLE
$dpkg_table
TABLE
    # Journal entries are the all-digit names (as apt counts them); a stray tmp.i is not one.
    journal=
    set +f
    for entry in /var/lib/dpkg/updates/*; do
        case ${entry##*/} in *[!0-9]* | '') ;; *) journal=$entry && break ;; esac
    done
    set -f
    if [ -n "$audit$journal" ]; then
        pb_fail "dpkg was interrupted and left the package database inconsistent${audit:+ (${audit% })}; run 'dpkg --configure -a' on the host (reinstall a package it reports half-installed), then run this task again"
    fi
}

pb_decide() {
    if [ "$pb_state" != fixed ] && { [ -n "${pb_name-}${pb_deb-}" ] || [ "$pb_upgrade" != no ] || [ "$pb_autoremove" = 1 ]; }; then
        refuse_interrupted_dpkg
    fi
    if [ -n "${pb_deb-}" ]; then
        [ -f "$pb_deb" ] || pb_fail "deb file $pb_deb does not exist"
        deb_pkg=$(dpkg-deb -f "$pb_deb" Package) || pb_fail "$pb_deb is not a Debian package"
        deb_ver=$(dpkg-deb -f "$pb_deb" Version)
        installed_version "$deb_pkg" || version=
        if [ "$version" != "$deb_ver" ] || [ "$pb_force" = 1 ]; then
            case $pb_deb in /*) deb_path=$pb_deb ;; *) deb_path=$(pwd)/$pb_deb ;; esac
            action=install action_args=$deb_path
            deb_needed=1
        fi
    elif [ -n "${pb_name-}" ]; then
        wanted=
        for pkg in $pb_name; do
            name=${pkg%%=*}
            installed_version "$name" || version=
            current=$version
            case $pb_state in
            present | latest)
                if [ "$pkg" != "$name" ]; then
                    pin=${pkg#*=}
                    # shellcheck disable=SC2254
                    case $current in $pin) [ "$pb_state" = present ] && continue ;; esac
                    exact=$(resolve_pin "$name" "$pin")
                    [ -n "$exact" ] || pb_fail "No package matching '$pkg' is available"
                    pkg="$name=$exact"
                elif [ -n "$current" ] && [ "$pb_state" = present ]; then
                    continue
                fi
                wanted="$wanted $pkg"
                ;;
            absent)
                if [ -n "$current" ] || { [ "$pb_purge" = 1 ] && installed_version "$name" config-files; }; then
                    wanted="$wanted $name"
                fi
                ;;
            esac
        done
        if [ -n "$wanted" ]; then
            case $pb_state in
            absent) action=remove ;;
            *) action=install ;;
            esac
            action_args=$wanted
            if [ "$pb_state" = latest ] && [ "$pb_only_upgrade" = 1 ]; then action_args="--only-upgrade $wanted"; fi
            if [ "$pb_state" = absent ] && [ "$pb_purge" = 1 ]; then action_args="--purge $wanted"; fi
            if [ "$pb_autoremove" = 1 ]; then action_args="--auto-remove $action_args"; fi
        fi
    elif [ "$pb_state" = fixed ]; then
        action=install action_args=--fix-broken
    fi
    if [ -z "$action" ] && [ "$pb_upgrade" != no ]; then
        case $pb_upgrade in
        yes | safe) action=upgrade action_args=--with-new-pkgs ;;
        full | dist) action=dist-upgrade action_args= ;;
        esac
    fi
    if [ -z "$action" ] && [ "$pb_autoremove" = 1 ]; then
        action=autoremove
        if [ "$pb_purge" = 1 ]; then action_args=--purge; fi
    fi
    if [ -n "$action" ]; then
        simulate
        if [ -n "$installs$removals" ] || [ "$deb_needed" = 1 ]; then pb_changed; fi
        if [ "$pb_fail_on_autoremove" = 1 ] && [ "$action" = install ] && [ -n "$removals" ]; then
            pb_fail "'apt-get install' would remove packages: $(echo "$removals" | tr '\n' ' ')"
        fi
    fi
    # Only a refreshed cache: that is the change (Ansible reports it so).
    if [ -z "${pb_name-}${pb_deb-}" ] && [ "$pb_upgrade" = no ] && [ "$pb_autoremove" != 1 ] && [ "$cache_updated" = 1 ]; then
        pb_changed
    fi
    if [ "$pb_clean" = 1 ] || [ "$pb_autoclean" = 1 ]; then
        set +f
        for f in /var/cache/apt/archives/*.deb; do
            if [ -e "$f" ]; then pb_changed; break; fi
        done
        set -f
    fi
}

pb_act() {
    if [ -n "${pb_policy_rc_d-}" ] && [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit %d\n' "$pb_policy_rc_d" > /usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d
        policy_created=1
    fi
    if [ -n "$action" ] && { [ -n "$installs$removals" ] || [ "$deb_needed" = 1 ]; }; then
        pb_tmpdir
        wait_for_locks
        # shellcheck disable=SC2086
        if ! apt_get run $action $action_args > "$PB_TMP/run.out" 2> "$PB_TMP/run.err"; then
            pb_add_file stdout "$PB_TMP/run.out"
            pb_add_file stderr "$PB_TMP/run.err"
            pb_fail "'apt-get $action' failed: $(grep '^E:' "$PB_TMP/run.err" | head -n 3)"
        fi
    fi
    if [ "$pb_clean" = 1 ]; then apt-get clean; fi
    if [ "$pb_autoclean" = 1 ]; then apt-get -q autoclean > /dev/null; fi
}

pb_report() {
    pb_add_bool cache_updated "$cache_updated"
    pb_add_int cache_update_time "$cache_time"
    pb_add_list packages "$installs"
    pb_add_list removed "$removals"
    [ -n "$PB_TMP" ] || return 0
    if [ -f "$PB_TMP/run.out" ]; then
        pb_add_file stdout "$PB_TMP/run.out"
        pb_add_file stderr "$PB_TMP/run.err"
    elif [ -f "$PB_TMP/sim.out" ] && [ "$PB_CHANGED" = 1 ]; then
        pb_add_file stdout "$PB_TMP/sim.out"
    fi
    if [ "$PB_DIFF" = 1 ] && [ "$PB_CHANGED" = 1 ] && [ -f "$PB_TMP/sim.out" ]; then
        pb_add_file diff_prepared "$PB_TMP/sim.out"
    fi
}

pb_main
