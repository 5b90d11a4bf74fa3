# file, its inspection side: what a path is now (state, owner, group, mode, times), what a
# directory being removed holds, and where a link points.

# Sets PB_PREV for $1: absent, file, hard (a file with several links), directory, link, other.
prev_state() {
    if [ -L "$1" ]; then PB_PREV='link'
    elif [ -d "$1" ]; then PB_PREV='directory'
    elif [ -f "$1" ]; then
        PB_PREV='file'
        if [ "$(stat -c %h -- "$1")" -gt 1 ]; then PB_PREV='hard'; fi
    elif [ -e "$1" ]; then PB_PREV='other'
    else PB_PREV='absent'
    fi
}

diff_note() {
    pb_json_str "$2"
    D_BEFORE="$D_BEFORE,\"$1\":$PB_J"
    pb_json_str "$3"
    D_AFTER="$D_AFTER,\"$1\":$PB_J"
}

# Would owner, group or mode of $1 change? Sets want_uid, want_gid, want_mode; with $2 = apply,
# changes them. Links get owner and group only (Linux has no link modes).
attrs_of() {
    pb_stat "$1" || return 1
    is_dir=0
    if [ "$pb_st_type" = directory ]; then is_dir=1; fi
    differs=0
    if [ -n "${pb_owner-}" ]; then
        pb_uid "$pb_owner"
        if [ "$PB_UID" != "$pb_st_uid" ]; then
            differs=1
            [ "$1" = "$PB_TARGET" ] && diff_note owner "$pb_st_owner" "$pb_owner"
            if [ "$2" = apply ]; then chown -h -- "$PB_UID" "$1" || pb_fail "chown failed on $1"; fi
        fi
    fi
    if [ -n "${pb_group-}" ]; then
        pb_gid "$pb_group"
        if [ "$PB_GID" != "$pb_st_gid" ]; then
            differs=1
            [ "$1" = "$PB_TARGET" ] && diff_note group "$pb_st_group" "$pb_group"
            if [ "$2" = apply ]; then chgrp -h -- "$PB_GID" "$1" || pb_fail "chgrp failed on $1"; fi
        fi
    fi
    if [ -n "${pb_mode-}" ] && [ "$pb_st_type" != link ]; then
        pb_compute_mode pb_mode_mode "$pb_st_mode" "$is_dir"
        if [ "$PB_MODE" != "$pb_st_mode" ]; then
            differs=1
            [ "$1" = "$PB_TARGET" ] && diff_note mode "$pb_st_mode" "$PB_MODE"
            if [ "$2" = apply ]; then chmod -- "$PB_MODE" "$1" || pb_fail "chmod failed on $1"; fi
        fi
    fi
    [ "$differs" = 1 ]
}

# Everything below directory $1, names with any bytes (globs, not line-based output). No
# subshells, so a failure ends the whole program with one result; dash keeps each call's $1 and
# $2 and each loop's list, so the recursion needs no local variables.
walk() {
    for entry in "$1"/* "$1"/.[!.]* "$1"/..?*; do
        if [ ! -e "$entry" ] && [ ! -L "$entry" ]; then continue; fi
        if attrs_of "$entry" "$2" && [ "$2" != apply ]; then
            : > "$PB_TMP/recursive-change"
            return
        fi
        if [ -d "$entry" ] && [ ! -L "$entry" ]; then walk "$entry" "$2"; fi
        if [ "$2" != apply ] && [ -e "$PB_TMP/recursive-change" ]; then return; fi
    done
}

# PB_TIMES: `,"atime":…,"mtime":…` of $1 (or of now without $1) as Python prints a float:
# seven decimals at most, no trailing zeros.
file_times() {
    if [ -n "${1-}" ]; then
        times=$(stat -c '%.7X %.7Y' -- "$1")
        set -- "${times% *}" "${times#* }"
    else
        set -- "$(date +%s.%N)"
        set -- "$1" "$1"
    fi
    PB_TIMES=",\"atime\":$(python_float "$1"),\"mtime\":$(python_float "$2")"
}

python_float() {
    whole=${1%%.*} fraction=${1#*.}
    [ "$fraction" = "$1" ] && fraction=0
    fraction=$(printf '%.7s' "$fraction")
    while [ "${#fraction}" -gt 1 ] && [ "${fraction%0}" != "$fraction" ]; do fraction=${fraction%0}; done
    printf '%s.%s' "$whole" "$fraction"
}

# PC_DIRS / PC_FILES: what a directory being removed holds, as Ansible's diff lists it (os.walk:
# a directory's entries in the order the file system gives them, then each subdirectory's;
# links to directories count as directories and are not entered). Names holding a newline are
# beyond this listing.
content_walk() {
    pc_list=$(find "$1" -mindepth 1 -maxdepth 1 2>/dev/null)
    pc_ifs=$IFS
    IFS='
'
    set -f
    # shellcheck disable=SC2086
    set -- $pc_list
    set +f
    IFS=$pc_ifs
    for entry in "$@"; do
        pb_json_str "$entry"
        if [ -d "$entry" ]; then PC_DIRS="$PC_DIRS${PC_DIRS:+,}$PB_J"; else PC_FILES="$PC_FILES${PC_FILES:+,}$PB_J"; fi
    done
    for entry in "$@"; do
        if [ -d "$entry" ] && [ ! -L "$entry" ]; then content_walk "$entry"; fi
    done
}

link_source() {
    case $pb_src in
    /*) abs_src=$pb_src ;;
    *) pb_dirname "$PB_TARGET"; abs_src="$PB_DIR/$pb_src" ;;
    esac
}
