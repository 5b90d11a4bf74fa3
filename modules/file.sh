# file: makes a path a file, directory, symbolic or hard link, touched or absent, with the
# requested owner, group and mode (recursively for directories when asked). Ansible's semantics:
# `state` defaults to what the path already is; `file` never creates; links need `force` to
# replace something else.

PB_TARGET=
PB_PREV=
PB_STATE=
PB_CREATE=0
PB_ATTRS=0
D_BEFORE=
D_AFTER=

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

pb_probe() {
    PB_TARGET=$pb_path
    prev_state "$PB_TARGET"
    PB_STATE=${pb_state-}
    if [ -z "$PB_STATE" ]; then
        case $PB_PREV in
        absent | other) PB_STATE='file' ;;
        *) PB_STATE=$PB_PREV ;;
        esac
    fi
    # follow: a link stands for its target when the state is about the target's content.
    if [ "$pb_follow" = 1 ] && [ "$PB_PREV" = link ]; then
        case $PB_STATE in
        file | directory | touch)
            if [ -e "$PB_TARGET" ]; then
                PB_TARGET=$(readlink -f -- "$PB_TARGET")
                prev_state "$PB_TARGET"
            fi
            ;;
        esac
    fi
}

pb_decide() {
    case $PB_STATE in
    absent)
        if [ "$PB_PREV" != absent ]; then
            pb_changed
            diff_note state "$PB_PREV" absent
            if [ "$PB_PREV" = directory ]; then
                PC_DIRS='' PC_FILES=''
                content_walk "$PB_TARGET"
                D_BEFORE="$D_BEFORE,\"path_content\":{\"directories\":[$PC_DIRS],\"files\":[$PC_FILES]}"
            fi
        fi
        return
        ;;
    file)
        case $PB_PREV in
        absent) pb_fail "file ($PB_TARGET) is absent, cannot continue" ;;
        directory | link | other) pb_fail "file ($PB_TARGET) is $PB_PREV, cannot continue" ;;
        esac
        ;;
    directory)
        case $PB_PREV in
        absent) PB_CREATE=1 ;;
        directory) ;;
        *) pb_fail "$PB_TARGET already exists as a $PB_PREV" ;;
        esac
        ;;
    touch)
        # Touching always changes the times, as in Ansible.
        PB_CREATE=1
        ;;
    link)
        link_source
        if [ "$PB_PREV" = link ] && [ "$(readlink -- "$PB_TARGET")" = "$pb_src" ]; then
            :
        else
            if [ "$pb_force" != 1 ] && [ ! -e "$abs_src" ] && [ ! -L "$abs_src" ]; then
                pb_fail "src file does not exist, use \"force=yes\" if you really want to create the link: $abs_src"
            fi
            case $PB_PREV in
            absent | link) ;;
            directory)
                if [ "$pb_force" != 1 ]; then pb_fail "refusing to convert from directory to symlink for $PB_TARGET"; fi
                if [ -n "$(ls -A -- "$PB_TARGET")" ]; then
                    pb_fail "the directory $PB_TARGET is not empty, refusing to convert it"
                fi
                ;;
            *)
                if [ "$pb_force" != 1 ]; then pb_fail "refusing to convert from $PB_PREV to symlink for $PB_TARGET"; fi
                ;;
            esac
            PB_CREATE=1
        fi
        ;;
    hard)
        link_source
        if [ ! -e "$abs_src" ]; then pb_fail "src does not exist: $abs_src"; fi
        if [ "$PB_PREV" != absent ] && [ "$(stat -c '%d:%i' -- "$PB_TARGET")" = "$(stat -c '%d:%i' -- "$abs_src")" ]; then
            :
        else
            case $PB_PREV in
            absent | hard | link) ;;
            *) if [ "$pb_force" != 1 ]; then pb_fail "Cannot link, $PB_PREV exists at destination: $PB_TARGET"; fi ;;
            esac
            PB_CREATE=1
        fi
        ;;
    esac
    if [ "$PB_CREATE" = 1 ]; then
        pb_changed
        if [ "$PB_STATE" = touch ]; then
            # Ansible's touch diff carries the times it changes, and none for a file check mode
            # would create (it has no times yet).
            if [ "$PB_PREV" != absent ]; then
                file_times "$PB_TARGET"
                D_BEFORE="$D_BEFORE$PB_TIMES"
                diff_note state "$PB_PREV" touch
            fi
        else
            diff_note state "$PB_PREV" "$PB_STATE"
        fi
    fi
    if [ "$PB_PREV" != absent ] && [ "$PB_CREATE" = 0 ] && attrs_of "$PB_TARGET" check; then pb_changed; fi
    if [ "$pb_recurse" = 1 ] && [ "$PB_STATE" = directory ] && [ "$PB_PREV" = directory ]; then
        pb_tmpdir
        walk "$PB_TARGET" check
        if [ -e "$PB_TMP/recursive-change" ]; then pb_changed; fi
    fi
}

# Creates each missing directory of $1 with the requested mode from the start (mkdir -m), so
# it is never more open than asked, then owner and group.
make_directories() {
    case $1 in /*) built= ;; *) built=. ;; esac
    rest=$1
    while [ -n "$rest" ]; do
        part=${rest%%/*}
        if [ "$part" = "$rest" ]; then rest=; else rest=${rest#*/}; fi
        [ -n "$part" ] || continue
        built="$built/$part"
        [ -d "$built" ] && continue
        pb_default_mode "$built" 0777
        if [ -n "${pb_mode-}" ]; then pb_compute_mode pb_mode_mode "$PB_MODE" 1; fi
        mkdir -m "$PB_MODE" -- "$built" 2>"$PB_TMP/err" || pb_fail "cannot create directory $built: $(cat "$PB_TMP/err")"
        attrs_of "$built" apply || :
    done
}

pb_act() {
    pb_tmpdir
    case $PB_STATE in
    absent)
        rm -rf -- "$PB_TARGET" 2>"$PB_TMP/err" || pb_fail "cannot remove $PB_TARGET: $(cat "$PB_TMP/err")"
        return
        ;;
    directory)
        if [ "$PB_CREATE" = 1 ]; then make_directories "$PB_TARGET"; fi
        ;;
    touch)
        if [ "$PB_PREV" = absent ]; then
            pb_default_mode "$PB_TARGET" 0666
            if [ -n "${pb_mode-}" ]; then pb_compute_mode pb_mode_mode "$PB_MODE" 0; fi
            (umask 077 && : >> "$PB_TARGET") 2>"$PB_TMP/err" || pb_fail "cannot create $PB_TARGET: $(cat "$PB_TMP/err")"
            chmod -- "$PB_MODE" "$PB_TARGET" || pb_fail "chmod failed on $PB_TARGET"
            # As Ansible's touch: the new file's times are the diff's before, then it is touched.
            file_times "$PB_TARGET"
            created_times=$PB_TIMES
            touch -c -- "$PB_TARGET" || pb_fail "cannot touch $PB_TARGET"
        else
            touch -c -- "$PB_TARGET" || pb_fail "cannot touch $PB_TARGET"
        fi
        ;;
    link | hard)
        if [ "$PB_CREATE" = 1 ]; then
            pb_dirname "$PB_TARGET"
            tmp_link="$PB_DIR/.pb-link.$PB_PID"
            if [ "$PB_PREV" = directory ]; then rmdir -- "$PB_TARGET" || pb_fail "cannot remove directory $PB_TARGET"; fi
            if [ "$PB_STATE" = link ]; then
                ln -s -- "$pb_src" "$tmp_link" 2>"$PB_TMP/err"
            else
                ln -- "$abs_src" "$tmp_link" 2>"$PB_TMP/err"
            fi || pb_fail "cannot create the link: $(cat "$PB_TMP/err")"
            mv -fT -- "$tmp_link" "$PB_TARGET" 2>"$PB_TMP/err" || {
                rm -f -- "$tmp_link"
                pb_fail "cannot replace $PB_TARGET: $(cat "$PB_TMP/err")"
            }
        fi
        ;;
    esac
    attrs_of "$PB_TARGET" apply || :
    if [ "$pb_recurse" = 1 ] && [ "$PB_STATE" = directory ]; then walk "$PB_TARGET" apply; fi
}

pb_report() {
    # Ansible's file names the path `dest` when it touched or linked it.
    name_key=path
    case $PB_STATE in touch | link | hard) name_key=dest ;; esac
    pb_add_str "$name_key" "$PB_TARGET"
    was=$PB_PREV
    if [ "$PB_CHECK_MODE" = 1 ] && [ "$was" = absent ]; then
        # Nothing exists to describe yet.
        if [ "$PB_STATE" = absent ]; then pb_add_str state absent; fi
    elif [ "$PB_STATE" = absent ] && [ "$PB_CHECK_MODE" != 1 ]; then
        pb_add_str state absent
    else
        # The state is what the path is now, as Ansible's add_path_info reports it.
        prev_state "$PB_TARGET"
        if pb_add_path_info "$PB_TARGET"; then
            case $PB_PREV in other) ;; *) pb_add_str state "$PB_PREV" ;; esac
        fi
    fi
    if [ "$PB_STATE" = link ] || [ "$PB_STATE" = hard ]; then pb_add_str src "$pb_src"; fi
    if [ "$PB_STATE" = touch ] && [ "$PB_CHANGED" = 1 ] && ! { [ "$PB_CHECK_MODE" = 1 ] && [ "$was" = absent ]; }; then
        if [ "$PB_CHECK_MODE" = 1 ]; then file_times; else file_times "$PB_TARGET"; fi
        D_AFTER="$D_AFTER$PB_TIMES"
        if [ -z "$D_BEFORE" ]; then
            # A file this run created: Ansible's before is the new empty file, absent.
            D_BEFORE=${created_times-$PB_TIMES}
            diff_note state absent touch
        fi
    fi
    # Ansible's file returns its diff whether or not --diff asked for it (none when check mode
    # would create the path from nothing but a touch).
    if [ "$PB_STATE" != absent ] || [ "$PB_CHANGED" = 1 ]; then
        if ! { [ "$PB_STATE" = touch ] && [ "$PB_CHECK_MODE" = 1 ] && [ "$was" = absent ]; }; then
            pb_json_str "$PB_TARGET"
            pb_add_raw diff "{\"before\":{\"path\":$PB_J$D_BEFORE},\"after\":{\"path\":$PB_J$D_AFTER}}"
        fi
    fi
}

pb_main
