# user: the account changed as pb_decide found it must be: useradd, usermod or userdel, chpasswd
# for the password hash, a home directory that went missing, and the account's SSH key.

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
    if [ "$key_gen" = 1 ]; then act_key; fi
}

# The account's SSH key (generate_ssh_key), as Ansible's user makes it: ssh-keygen writes
# ssh_key_file (absolute, or under the home directory; .ssh/id_TYPE by default) unless a key
# is there already (force replaces it), and the files then belong to the account. The result
# names the file, its fingerprint and its public key. ssh-keygen's own output is not kept.

key_gen=0
key_file=

key_path() {
    key_file=${pb_ssh_key_file:-.ssh/id_$pb_ssh_key_type}
    case $key_file in
    /*) ;;
    *) key_file="${cur_home:-${pb_home-}}/$key_file" ;;
    esac
}

# Whether a key must be made; with an existing private or public key, a warning says which
# one was kept or replaced, in Ansible's words.
decide_key() {
    key_path
    key_gen=1
    for key_kind in private public; do
        key_found=$key_file
        if [ "$key_kind" = public ]; then key_found=$key_file.pub; fi
        [ -e "$key_found" ] || continue
        if [ "$pb_force" = 1 ]; then
            warn "Overwriting existing ssh key $key_kind file \"$key_found\""
        else
            warn "Found existing ssh key $key_kind file \"$key_found\", no force, so skipping ssh-keygen generation"
            key_gen=0
            return
        fi
    done
}

act_key() {
    # The account as it is now (a new one has its home); exists keeps telling the report
    # whether the account was there before.
    exists_before=$exists
    read_account
    exists=$exists_before
    key_path
    # A new account's key is decided only now that its home is known.
    if [ "$exists_before" = 0 ]; then
        decide_key
        [ "$key_gen" = 1 ] || return 0
    fi
    case ${pb_ssh_key_file:-rel} in
    /*) ;;
    *) [ -d "$cur_home" ] || pb_fail "User $pb_name home directory does not exist" ;;
    esac
    pb_dirname "$key_file"
    if [ ! -d "$PB_DIR" ]; then
        mkdir -m 0700 -- "$PB_DIR" 2>"$PB_TMP/err" || pb_fail "Failed to create $PB_DIR: $(cat "$PB_TMP/err")"
        chown -- "$cur_uid:$cur_gid" "$PB_DIR"
    fi
    rm -f -- "$key_file" "$key_file.pub"
    set -- ssh-keygen -t "$pb_ssh_key_type"
    if [ "$pb_ssh_key_bits" -gt 0 ]; then set -- "$@" -b "$pb_ssh_key_bits"; fi
    pb_run "$@" -C "${pb_ssh_key_comment-ansible-generated on $(uname -n)}" -f "$key_file" -N '' </dev/null
    chown -- "$cur_uid:$cur_gid" "$key_file" "$key_file.pub"
}

# ssh_fingerprint is ssh-keygen -l's answer (empty when there is no key), ssh_public_key the
# public key's text or null.
report_key() {
    key_path
    key_print=
    if [ -e "$key_file" ]; then key_print=$(ssh-keygen -l -f "$key_file" 2>&1); fi
    pb_add_str ssh_fingerprint "$key_print"
    pb_add_str ssh_key_file "$key_file"
    if [ -r "$key_file.pub" ]; then
        key_public=$(cat -- "$key_file.pub")
        pb_add_str ssh_public_key "$key_public"
    else
        pb_add_raw ssh_public_key null
    fi
}
