# tempfile: a new temporary file (0600) or directory (0700) with a unique name, as Python's
# mkstemp/mkdtemp make them: prefix, eight random characters, suffix, in `path` or the
# temporary directory. Always changed, as in Ansible; never run in check mode.

pb_decide() {
    pb_changed
}

# Python's tempfile names: eight characters of a-z, 0-9 and _, created exclusively.
tmp_name() {
    tmp_random=$(LC_ALL=C tr -dc 'a-z0-9_' < /dev/urandom | head -c 8)
    tmp_path="$tmp_dir/$pb_prefix$tmp_random$pb_suffix"
}

tmp_fail() {
    PB_CHANGED=0
    pb_fail "$1"
}

pb_act() {
    tmp_dir=${pb_path-}
    if [ -z "$tmp_dir" ]; then tmp_dir=${TMPDIR:-/tmp}; fi
    tmp_name
    if [ ! -d "$tmp_dir" ]; then tmp_fail "[Errno 2] No such file or directory: '$tmp_path'"; fi
    case $pb_prefix$pb_suffix in */*) tmp_fail "[Errno 2] No such file or directory: '$tmp_path'" ;; esac
    tries=0
    while :; do
        if [ "$pb_state" = directory ]; then
            tmp_err=$(umask 077 && mkdir -- "$tmp_path" 2>&1) && break
        else
            tmp_err=$(umask 077 && set -C && : > "$tmp_path" 2>&1) && break
        fi
        tries=$((tries + 1))
        if [ ! -e "$tmp_path" ] || [ "$tries" -ge 100 ]; then tmp_fail "${tmp_err:-cannot create $tmp_path}"; fi
        tmp_name
    done
}

# The path's owner, group, mode and size, as Ansible adds them to a result naming a path.
pb_report() {
    pb_add_str path "$tmp_path"
    if [ "$PB_CHANGED" = 1 ] && pb_add_path_info "$tmp_path"; then
        pb_add_str state "$pb_state"
    fi
}

pb_main
