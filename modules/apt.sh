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

#include apt+apt_get.sh

#include apt+dpkg.sh

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
    cache_age "$dpkg_cache_times"
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
