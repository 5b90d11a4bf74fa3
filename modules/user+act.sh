# user: the account changed as pb_decide found it must be: useradd, usermod or userdel, chpasswd
# for the password hash, and a home directory that went missing.

# A tool run through pb_run, what it printed kept for the result's stdout and stderr.
run() {
    pb_run "$@"
    cat "$PB_TMP/out" >> "$PB_TMP/stdout"
    cat "$PB_TMP/err" >> "$PB_TMP/stderr"
}

set_password_hash() {
    hash=$pb_password
    if [ "${pb_password_lock-}" = 1 ]; then hash="!$pb_password"; fi
    run chpasswd -e <<EOF
$pb_name:$hash
EOF
}

# A home directory that went missing: from /etc/skel, with the mode login.defs asks for.
create_home() {
    if [ -d /etc/skel ]; then
        run cp -a /etc/skel "$1"
    else
        run mkdir -p -- "$1"
    fi
    mode=$(awk '$1 == "HOME_MODE" { print $2; found = 1; exit }
        $1 == "UMASK" { umask = $2 } END { if (!found) print (umask == "" ? "0755" : sprintf("%o", 511 - (("0" umask) + 0))) }' \
        /etc/login.defs 2>/dev/null)
    chmod -- "${mode:-0755}" "$1" 2>/dev/null || :
    uid=$(id -u -- "$pb_name") && gid=$(id -g -- "$pb_name") && run chown -R -- "$uid:$gid" "$1"
}

act_create() {
    set -- useradd
    if [ -n "${pb_uid-}" ]; then set -- "$@" -u "$pb_uid"; [ "$pb_non_unique" = 1 ] && set -- "$@" -o; fi
    if [ -n "${pb_group-}" ]; then
        set -- "$@" -g "$pb_group"
    elif getent group -- "$pb_name" >/dev/null 2>&1; then
        # useradd would try to create the user's own group and fail on the existing one.
        set -- "$@" -N
    fi
    if [ -n "$wanted_groups" ]; then set -- "$@" -G "$(printf '%s' "$wanted_groups" | tr '\n' ',')"; fi
    if [ -n "${pb_comment+set}" ]; then set -- "$@" -c "$pb_comment"; fi
    if [ -n "${pb_home-}" ]; then
        set -- "$@" -d "$pb_home"
        if [ "$pb_create_home" = 1 ]; then
            pb_dirname "$pb_home"
            [ -d "$PB_DIR" ] || run mkdir -p -- "$PB_DIR"
        fi
    fi
    if [ -n "${pb_shell-}" ]; then set -- "$@" -s "$pb_shell"; fi
    if [ "$set_expires" = 1 ]; then set -- "$@" -e "$expires_date"; fi
    if [ "$pb_create_home" = 1 ]; then set -- "$@" -m; else set -- "$@" -M; fi
    if [ "$pb_system" = 1 ]; then set -- "$@" -r; fi
    run "$@" -- "$pb_name"
}

act_modify() {
    set -- usermod
    if [ "$set_uid" = 1 ]; then set -- "$@" -u "$pb_uid"; [ "$pb_non_unique" = 1 ] && set -- "$@" -o; fi
    if [ -n "$set_gid" ]; then set -- "$@" -g "$set_gid"; fi
    if [ "$set_groups" = 1 ]; then
        [ "$groups_append" = 1 ] && set -- "$@" -a
        set -- "$@" -G "$(printf '%s' "$wanted_groups" | tr '\n' ',')"
    fi
    if [ "$set_comment" = 1 ]; then set -- "$@" -c "$pb_comment"; fi
    if [ "$set_home" = 1 ]; then set -- "$@" -d "$pb_home"; [ "$pb_move_home" = 1 ] && set -- "$@" -m; fi
    if [ "$set_shell" = 1 ]; then set -- "$@" -s "$pb_shell"; fi
    if [ "$set_expires" = 1 ]; then set -- "$@" -e "$expires_date"; fi
    if [ -n "$lock_flag" ]; then set -- "$@" "$lock_flag"; fi
    if [ $# -gt 1 ]; then run "$@" -- "$pb_name"; fi
}

pb_act() {
    pb_tmpdir
    : > "$PB_TMP/stdout"
    : > "$PB_TMP/stderr"
    if [ "$pb_state" = absent ]; then
        set -- userdel
        [ "$pb_force" = 1 ] && set -- "$@" -f
        [ "$pb_remove" = 1 ] && set -- "$@" -r
        run "$@" -- "$pb_name"
        return
    fi
    if [ "$exists" = 0 ]; then act_create; else act_modify; fi
    if [ "$set_password" = 1 ]; then set_password_hash; fi
    if [ "$new_home_missing" = 1 ] && [ ! -e "${pb_home:-$cur_home}" ]; then create_home "${pb_home:-$cur_home}"; fi
}
