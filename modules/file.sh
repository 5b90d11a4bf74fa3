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

#include file+inspect.sh

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
