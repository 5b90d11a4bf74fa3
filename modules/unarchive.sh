# unarchive: an archive unpacked into an existing directory, as Ansible's unarchive does it:
# GNU tar for tar, tar.gz, tar.bz2, tar.xz and tar.zst (each flag tried in Ansible's order, the
# first that lists the archive wins), unzip for zip files when the target has it. The archive is
# unpacked only when `tar --diff` finds a member missing or different (Ansible's idempotence
# check); owner, group and mode then go onto every member and every top folder.
#
# pb_src is the archive on this host (the controller's upload, or the remote_src path);
# pb_uploaded says it is an upload, removed when the program ends; pb_phase=probe stops after
# the checks that come before the upload (creates, dest).

UA_HANDLER=
UA_FLAG=
UA_FILES=
UA_UNARCHIVED=1
UA_CMD=
UA_REASONS=

ua_cleanup_upload() {
    if [ "${pb_uploaded-0}" = 1 ]; then rm -f -- "$pb_src"; fi
}

#include unarchive+handlers.sh

pb_probe() {
    if [ -n "${pb_creates-}" ] && [ -e "$pb_creates" ]; then
        ua_cleanup_upload
        PB_SKIPPED=1
        pb_msg "skipped, since $pb_creates exists"
        pb_exit
    fi
    if [ ! -d "$pb_dest" ]; then
        ua_cleanup_upload
        pb_fail "dest '$pb_dest' must be an existing dir"
    fi
    if [ "${pb_phase-}" = probe ]; then pb_exit; fi
    pb_tmpdir
    if [ "${pb_uploaded-0}" = 1 ]; then
        # The upload moves into this program's own directory, which goes when the program ends.
        mv -f -- "$pb_src" "$PB_TMP/source" || pb_fail "Source '$pb_src' failed to transfer"
        pb_src=$PB_TMP/source
    fi
    if [ ! -e "$pb_src" ]; then pb_fail "Source '$pb_src' does not exist"; fi
    if [ ! -r "$pb_src" ]; then pb_fail "Source '$pb_src' not readable"; fi
    if [ ! -s "$pb_src" ]; then pb_fail "Invalid archive '$pb_src', the file is 0 bytes"; fi
    if ! ua_pick_zip && [ "$PB_CHECK_MODE" = 1 ]; then
        # Ansible's tar handlers refuse check mode as soon as they are tried (only zip predicts).
        PB_SKIPPED=1
        pb_msg "remote module (ansible.legacy.unarchive) does not support check mode when using gtar"
        pb_exit
    fi
    [ -n "$UA_HANDLER" ] ||
        ua_pick_tar -z TgzArchive || ua_pick_tar '' TarArchive || ua_pick_tar -j TarBzipArchive ||
        ua_pick_tar -J TarXzArchive || ua_pick_tar --use-compress-program=zstd TarZstdArchive ||
        pb_fail "Failed to find handler for \"$pb_src\". Make sure the required command to extract the file is installed.
$UA_REASONS"
}

# A zip member is unpacked when it exists with the same bytes (directories: when they exist).
ua_zip_unarchived() {
    while IFS= read -r ua_name; do
        [ -n "$ua_name" ] || continue
        case $ua_name in
        */) [ -d "$pb_dest/$ua_name" ] || return 1 ;;
        *)
            [ -f "$pb_dest/$ua_name" ] || return 1
            unzip -p -- "$pb_src" "$ua_name" | cmp -s - "$pb_dest/$ua_name" || return 1
            ;;
        esac
    done <<EOF
$UA_FILES
EOF
}

pb_decide() {
    if [ "$UA_HANDLER" = ZipArchive ]; then
        ua_zip_unarchived || UA_UNARCHIVED=0
    else
        ua_tar --diff
        # The differences Ansible counts: owner and group only for a root run that does not
        # set them, mode only when it is not set (owner, group and mode are applied below).
        ua_uid=$(id -u)
        if cat "$PB_TMP/out" "$PB_TMP/err" | UA_ROOT=$ua_uid UA_OWNER=${pb_owner-} UA_GROUP=${pb_group-} \
            UA_MODE=${pb_mode-} awk '
            / : Warning: Cannot stat: No such file or directory$/ && /^[^:]*: : / { next }
            ENVIRON["UA_ROOT"] == 0 && ENVIRON["UA_OWNER"] == "" && /: Uid differs$/ { found = 1 }
            ENVIRON["UA_ROOT"] == 0 && ENVIRON["UA_GROUP"] == "" && /: Gid differs$/ { found = 1 }
            ENVIRON["UA_MODE"] == "" && /: Mode differs$/ { found = 1 }
            /: Mod time differs$|: Warning: Cannot stat: No such file or directory$|: Invalid owner|: Invalid group|: Symlink differs$|: Contents differ$|: Size differs$/ { found = 1 }
            END { exit !found }'; then
            UA_UNARCHIVED=0
        fi
    fi
    if [ "$UA_UNARCHIVED" = 0 ]; then
        pb_changed
    elif [ "$PB_CHECK_MODE" = 1 ]; then
        ua_attributes predict
    fi
}

# Owner, group and mode onto every member and every top folder, as Ansible's
# set_fs_attributes_if_different does after unpacking; `predict` only tells whether it would.
ua_attributes() {
    [ -n "${pb_owner-}${pb_group-}${pb_mode-}" ] || return 0
    ua_want_uid='' ua_want_gid=''
    if [ -n "${pb_owner-}" ]; then pb_uid "$pb_owner"; ua_want_uid=$PB_UID; fi
    if [ -n "${pb_group-}" ]; then pb_gid "$pb_group"; ua_want_gid=$PB_GID; fi
    ua_tops=
    while IFS= read -r ua_name; do
        [ -n "$ua_name" ] || continue
        ua_attributes_of "$1" "$pb_dest/$ua_name"
        case $ua_name in
        */*)
            ua_top=${ua_name%%/*}
            case "
$ua_tops
" in *"
$ua_top
"*) ;; *) ua_tops="$ua_tops
$ua_top" ;; esac
            ;;
        esac
    done <<EOF
$UA_FILES
EOF
    while IFS= read -r ua_top; do
        [ -n "$ua_top" ] || continue
        ua_attributes_of "$1" "$pb_dest/$ua_top"
    done <<EOF
$ua_tops
EOF
}

ua_attributes_of() {
    pb_stat "$2" || return 0
    if { [ -n "$ua_want_uid" ] && [ "$pb_st_uid" != "$ua_want_uid" ]; } ||
        { [ -n "$ua_want_gid" ] && [ "$pb_st_gid" != "$ua_want_gid" ]; }; then
        pb_changed
        if [ "$1" = apply ]; then
            chown -h -- "$ua_want_uid${ua_want_gid:+:$ua_want_gid}" "$2" 2> "$PB_TMP/err" ||
                pb_fail "chown failed: $(cat "$PB_TMP/err")"
        fi
    fi
    if [ -n "${pb_mode-}" ] && [ "$pb_st_type" != link ]; then
        ua_dir=0
        if [ "$pb_st_type" = directory ]; then ua_dir=1; fi
        pb_compute_mode pb_mode_mode "$pb_st_mode" "$ua_dir"
        if [ "$PB_MODE" != "$pb_st_mode" ]; then
            pb_changed
            if [ "$1" = apply ]; then chmod -- "$PB_MODE" "$2" || pb_fail "chmod failed on $2"; fi
        fi
    fi
}

pb_act() {
    if [ "$UA_UNARCHIVED" = 1 ]; then return; fi
    if [ "$UA_HANDLER" = ZipArchive ]; then
        set -- unzip -o "$pb_src"
        ua_ifs=$IFS
        IFS='
'
        set -f
        for ua_word in ${pb_include-}; do set -- "$@" "$ua_word"; done
        if [ -n "${pb_exclude-}" ]; then
            set -- "$@" -x
            for ua_word in $pb_exclude; do set -- "$@" "$ua_word"; done
        fi
        set +f
        IFS=$ua_ifs
        set -- "$@" -d "$pb_dest"
        ua_cmd_json "$@"
        UA_RC=0
        "$@" > "$PB_TMP/out" 2> "$PB_TMP/err" || UA_RC=$?
    else
        ua_tar --extract
    fi
    ua_extract_results
    if [ "$UA_RC" != 0 ]; then
        pb_add_str handler "$UA_HANDLER"
        pb_fail "failed to unpack $pb_src to $pb_dest"
    fi
}

ua_extract_results() {
    pb_json_str "$(cat "$PB_TMP/out")"
    ua_out=$PB_J
    pb_json_str "$(cat "$PB_TMP/err")"
    pb_add_raw extract_results "{\"cmd\":$UA_CMD,\"err\":$PB_J,\"out\":$ua_out,\"rc\":$UA_RC}"
}

pb_report() {
    if [ "$PB_CHECK_MODE" != 1 ]; then ua_attributes apply; fi
    pb_add_str handler "$UA_HANDLER"
    pb_add_str dest "$pb_dest"
    pb_add_str src "$pb_src"
    if [ "${pb_list_files-0}" = 1 ]; then pb_add_list files "$UA_FILES"; fi
    if pb_add_path_info "$pb_dest" follow; then pb_add_str state directory; fi
}

pb_main
