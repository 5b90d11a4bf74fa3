# copy: one file to its destination. The bytes come inline ($pb_content_b64), from a file the
# controller uploaded next to the destination ($pb_upload), or from a path on the target
# ($pb_remote_src); $pb_checksum is their SHA-1, compared with the destination BEFORE any
# bytes travel: when the bytes are needed but not here, the program answers needs_upload and
# the controller sends them and runs it again.
#
# Writing is atomic (lib.sh): a 0600 temp file in the destination directory gets owner, group
# and mode first, is validated, flushed, and renamed over the destination. An interrupted or
# failed run leaves the destination byte- and inode-identical.

DIFF_LIMIT=104448
dest=
dest_existed=0
content_differs=0
attrs_differ=0
have_bytes=0
backup_file=
new_mode=
new_owner=
new_group=
D_BEFORE=
D_AFTER=

pb_cleanup() {
    pb_atomic_discard
    if [ -n "$PB_TMP" ]; then rm -rf -- "$PB_TMP"; fi
    if [ -n "${pb_upload-}" ]; then rm -f -- "$pb_upload"; fi
    if [ -n "${pb_upload_dir-}" ]; then rm -rf -- "$pb_upload_dir"; fi
}

# Check mode: whether a missing directory would exist by the time this task runs for real --
# an earlier task would create it (or a parent of it), or would install packages, which bring
# their directories (/etc/nginx/sites-enabled comes with nginx).
predicted_directory() {
    [ "$PB_CHECK_MODE" = 1 ] || return 1
    if [ -n "${pb_predicted_dirs-}" ]; then
        saved_ifs=$IFS
        IFS='
'
        set -f
        for created in $pb_predicted_dirs; do
            case $1 in "$created" | "${created%/}"/*)
                IFS=$saved_ifs
                set +f
                predicted_reason="an earlier task would create $created"
                return 0 ;;
            esac
        done
        IFS=$saved_ifs
        set +f
    fi
    if [ -n "${pb_predicted-}" ]; then
        predicted_reason="it may come with a package an earlier task would install ($(printf '%s' "$pb_predicted" | tr '\n' ' '))"
        return 0
    fi
    return 1
}

# Check mode: an owner or group that does not exist yet may be made by an earlier task that
# check mode only predicted (useradd, user:). As Ansible's copy, which does not look owners up
# in check mode, report the change rather than fail; a real run still fails on a missing one.
predicted_account() {
    [ "$PB_CHECK_MODE" = 1 ] || return 1
    case $1 in
    user) ! id -u -- "$2" >/dev/null 2>&1 ;;
    *) case $2 in *[!0-9]*) ! getent group -- "$2" >/dev/null 2>&1 ;; *) return 1 ;; esac ;;
    esac
}

attr_note() {
    pb_json_str "$2"
    D_BEFORE="$D_BEFORE,\"$1\":$PB_J"
    pb_json_str "$3"
    D_AFTER="$D_AFTER,\"$1\":$PB_J"
}

pb_probe() {
    dest=$pb_dest
    case $dest in
    */)
        if [ -n "${pb_basename-}" ]; then dest="$dest$pb_basename"; else pb_fail "can not use content with a dir as dest"; fi
        ;;
    *)
        if [ -d "$dest" ] && { [ ! -L "$dest" ] || [ "$pb_follow" = 1 ]; }; then
            if [ -z "${pb_basename-}" ]; then pb_fail "can not use content with a dir as dest"; fi
            dest="$dest/$pb_basename"
        fi
        ;;
    esac
    if [ "$pb_follow" = 1 ] && [ -L "$dest" ]; then dest=$(readlink -f -- "$dest"); fi
    pb_dirname "$dest"
    if [ -d "$PB_DIR" ] && [ "$PB_CHECK_MODE" != 1 ]; then pb_clean_stale "$PB_DIR"; fi
    if [ ! -d "$PB_DIR" ]; then
        case $pb_dest in
        */) parents_missing=1 ;;
        *)
            if [ "${pb_make_parents-0}" = 1 ]; then
                parents_missing=1
            elif predicted_directory "$PB_DIR"; then
                parents_missing=1
                predicted_note="the directory $PB_DIR does not exist yet: $predicted_reason"
            else
                pb_fail "Destination directory $PB_DIR does not exist"
            fi
            ;;
        esac
    fi
    if [ -n "${pb_remote_src-}" ]; then
        [ -f "$pb_remote_src" ] || pb_fail "Source $pb_remote_src not found"
        pb_sha1 "$pb_remote_src" || pb_fail "Source $pb_remote_src not readable"
        pb_checksum=$PB_SHA1
        pb_size=$(stat -L -c %s -- "$pb_remote_src")
        src_md5=$(md5sum < "$pb_remote_src") || pb_fail "Source $pb_remote_src not readable"
        if [ "${pb_mode-}" = preserve ]; then pb_mode=$(stat -L -c %a -- "$pb_remote_src"); fi
        have_bytes=1
    fi
    if [ -n "${pb_content_b64+set}" ] || [ -n "${pb_upload-}" ]; then have_bytes=1; fi
    if pb_stat_sha1 "$dest"; then
        [ "$pb_st_type" = directory ] && pb_fail "dest $dest is a directory"
        dest_existed=1
        cur_mode=$pb_st_mode cur_uid=$pb_st_uid cur_gid=$pb_st_gid cur_owner=$pb_st_owner cur_group=$pb_st_group
        if [ "$pb_st_type" = link ]; then
            content_differs=1
        else
            [ -n "$PB_SHA1" ] || pb_fail "dest $dest is not readable"
            if [ "$PB_SHA1" != "$pb_checksum" ]; then
                content_differs=1
                # The old content for the diff, read before anything replaces it.
                if [ "$PB_DIFF" = 1 ] && [ "$pb_st_size" -le $DIFF_LIMIT ]; then
                    pb_tmpdir
                    cat -- "$dest" > "$PB_TMP/before"
                fi
            fi
        fi
    else
        content_differs=1
    fi
}

pb_decide() {
    if [ "$content_differs" = 1 ] && [ "$dest_existed" = 1 ] && [ "$pb_force" != 1 ]; then
        content_differs=0
        write_skipped=1
    fi
    if [ "$dest_existed" = 1 ]; then
        new_mode=$cur_mode new_owner=$cur_uid new_group=$cur_gid
    else
        pb_default_mode "$dest" 0666
        new_mode=$PB_MODE
    fi
    if [ -n "${pb_mode-}" ] && [ -z "${write_skipped-}" ]; then
        case $pb_mode in
        *[!0-7]*) pb_compute_mode pb_mode_mode "$new_mode" 0 ;;
        *) pb_octal4 $((0$pb_mode)) && PB_MODE=$PB_OCTAL ;;
        esac
        if [ "$dest_existed" = 1 ] && [ "$PB_MODE" != "$cur_mode" ]; then attrs_differ=1; attr_note mode "$cur_mode" "$PB_MODE"; fi
        new_mode=$PB_MODE
    fi
    if [ -n "${pb_owner-}" ] && [ -z "${write_skipped-}" ]; then
        if predicted_account user "$pb_owner"; then
            if [ "$dest_existed" = 1 ]; then attrs_differ=1; attr_note owner "$cur_owner" "$pb_owner"; fi
        else
            pb_uid "$pb_owner"
            if [ "$dest_existed" = 1 ] && [ "$PB_UID" != "$cur_uid" ]; then attrs_differ=1; attr_note owner "$cur_owner" "$pb_owner"; fi
            new_owner=$PB_UID
        fi
    fi
    if [ -n "${pb_group-}" ] && [ -z "${write_skipped-}" ]; then
        if predicted_account group "$pb_group"; then
            if [ "$dest_existed" = 1 ]; then attrs_differ=1; attr_note group "$cur_group" "$pb_group"; fi
        else
            pb_gid "$pb_group"
            if [ "$dest_existed" = 1 ] && [ "$PB_GID" != "$cur_gid" ]; then attrs_differ=1; attr_note group "$cur_group" "$pb_group"; fi
            new_group=$PB_GID
        fi
    fi
    if [ "$content_differs" = 1 ] || [ "$attrs_differ" = 1 ]; then pb_changed; fi
    # The bytes are needed and not here: ask for them instead of acting.
    if [ "$content_differs" = 1 ] && [ "$have_bytes" = 0 ] && [ "$PB_CHECK_MODE" != 1 ]; then
        PB_CHANGED=0
        pb_add_bool needs_upload 1
        pb_add_str upload_dir "$PB_DIR"
        pb_exit
    fi
}

make_parents() {
    case $PB_DIR in /*) built= ;; *) built=. ;; esac
    rest=$PB_DIR
    while [ -n "$rest" ]; do
        part=${rest%%/*}
        if [ "$part" = "$rest" ]; then rest=; else rest=${rest#*/}; fi
        [ -n "$part" ] || continue
        built="$built/$part"
        [ -d "$built" ] && continue
        pb_default_mode "$built" 0777
        if [ -n "${pb_directory_mode-}" ]; then pb_compute_mode pb_mode_directory_mode "$PB_MODE" 1; fi
        mkdir -m "$PB_MODE" -- "$built" 2>"$PB_TMP/err" || pb_fail "cannot create directory $built: $(cat "$PB_TMP/err")"
        if [ -n "${pb_owner-}${pb_group-}" ]; then chown -- "${new_owner}${new_group:+:$new_group}" "$built"; fi
    done
}

pb_act() {
    pb_tmpdir
    if [ "${parents_missing-0}" = 1 ]; then make_parents; fi
    if [ "$content_differs" = 0 ]; then
        if [ -n "${pb_owner-}${pb_group-}" ]; then
            chown -- "${new_owner}${new_group:+:$new_group}" "$dest" || pb_fail "chown failed on $dest"
        fi
        chmod -- "$new_mode" "$dest" || pb_fail "chmod failed on $dest"
        return
    fi
    pb_atomic_begin "$dest"
    if [ -n "${pb_content_b64+set}" ]; then
        printf '%s' "$pb_content_b64" | base64 -d > "$PB_ATOMIC_TMP" || pb_fail "cannot write $PB_ATOMIC_TMP"
    elif [ -n "${pb_upload-}" ]; then
        cat -- "$pb_upload" > "$PB_ATOMIC_TMP" || pb_fail "cannot write $PB_ATOMIC_TMP"
    else
        cat -- "$pb_remote_src" > "$PB_ATOMIC_TMP" || pb_fail "cannot write $PB_ATOMIC_TMP"
    fi
    pb_sha1 "$PB_ATOMIC_TMP"
    src_md5=$(md5sum < "$PB_ATOMIC_TMP")
    # Ansible's result names the target's temporary copy of the source as `src`.
    if [ -n "${pb_upload-}" ]; then src_copy=$pb_upload; else src_copy=$PB_ATOMIC_TMP; fi
    if [ "$PB_SHA1" != "$pb_checksum" ]; then
        pb_fail "the copied bytes do not match the source checksum ($PB_SHA1 instead of $pb_checksum)"
    fi
    if command -v pb_validate >/dev/null 2>&1; then
        if ! pb_validate "$PB_ATOMIC_TMP" > "$PB_TMP/validate.out" 2>&1; then
            pb_add_file validate_output "$PB_TMP/validate.out"
            pb_fail "failed to validate"
        fi
    fi
    if [ "$pb_backup" = 1 ] && [ "$dest_existed" = 1 ]; then
        backup_file="$dest.$PB_PID.$(date '+%Y-%m-%d@%H:%M:%S')~"
        n=1
        while [ -e "$backup_file" ]; do backup_file="$dest.$PB_PID.$(date '+%Y-%m-%d@%H:%M:%S').$n~"; n=$((n + 1)); done
        cp -p -- "$dest" "$backup_file" 2>"$PB_TMP/err" || pb_fail "cannot back up $dest: $(cat "$PB_TMP/err")"
    fi
    pb_atomic_commit "$dest" "$new_mode" "$new_owner" "$new_group"
}

pb_report() {
    pb_add_str dest "$dest"
    pb_add_str checksum "$pb_checksum"
    if [ -n "${src_md5-}" ]; then pb_add_str md5sum "${src_md5%% *}"; fi
    if [ -n "${src_copy-}" ]; then pb_add_str src_copy "$src_copy"; fi
    if [ -n "$backup_file" ]; then pb_add_str backup_file "$backup_file"; fi
    # As Ansible's add_path_info: what the destination is when the task ends, if it exists.
    if pb_add_path_info "$dest"; then pb_add_str state file; fi
    # Same bytes: Ansible's copy hands the attributes to the file module, whose result adds `path`.
    if [ "$content_differs" = 0 ] && [ -z "${write_skipped-}" ]; then pb_add_str path "$dest"; fi
    pb_add_bool content_changed "$content_differs"
    pb_add_bool dest_existed "$dest_existed"
    if [ -n "${write_skipped-}" ]; then pb_msg "file already exists"; fi
    if [ -n "${predicted_note-}" ]; then pb_msg "$predicted_note"; fi
    if [ "$PB_DIFF" = 1 ]; then
        if [ "$content_differs" = 1 ] && [ "$dest_existed" = 1 ]; then
            if [ -f "$PB_TMP/before" ]; then
                pb_add_file before_content "$PB_TMP/before"
            else
                pb_add_bool before_too_large 1
            fi
        fi
    fi
    # The file module's diff, which Ansible's copy returns for a file whose bytes are the same,
    # --diff or not.
    if [ "$content_differs" = 0 ] && [ -z "${write_skipped-}" ]; then
        pb_json_str "$dest"
        pb_add_raw attributes_diff "{\"before\":{\"path\":$PB_J$D_BEFORE},\"after\":{\"path\":$PB_J$D_AFTER}}"
    fi
}

pb_main
