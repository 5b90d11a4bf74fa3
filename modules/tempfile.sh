# tempfile: a new temporary file (0600) or directory (0700) with a unique name, as Python's
# mkstemp/mkdtemp make them: prefix, eight random characters, suffix, in `path` or the
# temporary directory. Always changed, as in Ansible; never run in check mode.

pb_decide() {
    pb_changed
}

pb_act() {
    tmp_dir=${pb_path-}
    if [ -z "$tmp_dir" ]; then tmp_dir=${TMPDIR:-/tmp}; fi
    if [ ! -d "$tmp_dir" ]; then
        pb_fail "[Errno 2] No such file or directory: '$tmp_dir/${pb_prefix}XXXXXXXX${pb_suffix}'"
    fi
    case $pb_prefix$pb_suffix in
    */*) pb_fail "[Errno 2] No such file or directory: '$tmp_dir/${pb_prefix}XXXXXXXX${pb_suffix}'" ;;
    esac
    if [ "$pb_state" = directory ]; then
        tmp_path=$(mktemp -d --suffix="$pb_suffix" -- "$tmp_dir/${pb_prefix}XXXXXXXX" 2>&1) || pb_fail "$tmp_path"
    else
        tmp_path=$(mktemp --suffix="$pb_suffix" -- "$tmp_dir/${pb_prefix}XXXXXXXX" 2>&1) || pb_fail "$tmp_path"
    fi
}

pb_report() {
    pb_add_str path "$tmp_path"
}

pb_main
