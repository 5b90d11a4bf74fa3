# authorized_key: public keys present in, or absent from, a user's authorized_keys file, with
# ansible.posix's rules: a key is known by its base64 blob; with `present` it must also have
# the same type, options (in any order) and comment, else its line is replaced by the new one
# (which goes after the file's other lines, as ansible.posix ranks it); `exclusive` removes
# every other line. When the file changes, it is written as ansible.posix writes it: key lines
# as `OPTIONS TYPE BLOB COMMENT`, a repeated line (the same key, the same comment or the same
# blank line) once where it last was, other lines as they were.

AK_PATH=
AK_KEYFILE=
AK_FILE=
AK_USER_FOUND=0
AK_UID=
AK_GID=
AK_HOME=
AK_WRITE=0

# `~`, `~/…` and `~user/…` as Python's expanduser reads them, on the target.
ak_expand() {
    # shellcheck disable=SC2088
    case $1 in
    '~' | '~/'*) PB_J=${HOME:-$(getent passwd "$(id -un)" | cut -d: -f6)}${1#\~} ;;
    '~'*)
        ak_name=${1%%/*}
        ak_name=${ak_name#\~}
        ak_home=$(getent passwd "$ak_name" | cut -d: -f6)
        PB_J=$1
        if [ -n "$ak_home" ]; then PB_J=$ak_home${1#\~"$ak_name"}; fi
        ;;
    *) PB_J=$1 ;;
    esac
}

ak_lookup_user() {
    ak_entry=$(getent passwd -- "$pb_user" 2>/dev/null) || ak_entry=
    [ -n "$ak_entry" ] || return 1
    AK_USER_FOUND=1
    AK_UID=$(printf '%s' "$ak_entry" | cut -d: -f3)
    AK_GID=$(printf '%s' "$ak_entry" | cut -d: -f4)
    AK_HOME=$(printf '%s' "$ak_entry" | cut -d: -f6)
}

pb_probe() {
    case $pb_key in
    http*)
        pb_fail "Error getting key from: $pb_key (a key from a URL would be fetched by the target, and this module does not fetch: get the keys' text on the controller, e.g. with lookup('file', …), and pass it as key)"
        ;;
    esac
    if [ -n "${pb_path+set}" ]; then
        ak_expand "$pb_path"
        AK_PATH=$PB_J
    fi
    if [ "$PB_CHECK_MODE" = 1 ] && [ -n "$AK_PATH" ]; then
        # As ansible.posix: check mode with a path looks no user up.
        ak_lookup_user || :
    elif ! ak_lookup_user; then
        if [ "$PB_CHECK_MODE" = 1 ]; then
            pb_fail "Either user must exist or you must provide full path to key file in check mode"
        fi
        pb_fail "Failed to lookup user $pb_user: \"getpwnam(): name not found: '$pb_user'\""
    fi
    if [ -n "$AK_PATH" ]; then AK_KEYFILE=$AK_PATH; else AK_KEYFILE=$AK_HOME/.ssh/authorized_keys; fi
    AK_FILE=$AK_KEYFILE
    if [ "$pb_follow" = 1 ]; then AK_FILE=$(readlink -m -- "$AK_KEYFILE") || AK_FILE=$AK_KEYFILE; fi
}

pb_decide() {
    pb_tmpdir
    : > "$PB_TMP/before"
    if [ -f "$AK_KEYFILE" ]; then
        cat -- "$AK_KEYFILE" > "$PB_TMP/before" 2> "$PB_TMP/err" || pb_fail "$(cat "$PB_TMP/err")"
    fi
    ak_last_newline=1
    if [ -s "$PB_TMP/before" ] && [ -n "$(tail -c 1 < "$PB_TMP/before")" ]; then ak_last_newline=0; fi
    AK_KEYS=$pb_key AK_STATE=$pb_state AK_EXCLUSIVE=$pb_exclusive AK_OUT=$PB_TMP/after AK_LAST_NEWLINE=$ak_last_newline \
        AK_HAS_OPTIONS=${pb_key_options+1} AK_OPTIONS=${pb_key_options-} \
        AK_HAS_COMMENT=${pb_comment+1} AK_COMMENT=${pb_comment-} \
        LC_ALL=C awk "$AK_AWK" "$PB_TMP/before" > "$PB_TMP/verdict" 2>&1 ||
        pb_fail "cannot read $AK_KEYFILE: $(cat "$PB_TMP/verdict")"
    IFS= read -r ak_verdict < "$PB_TMP/verdict" || ak_verdict=
    case $ak_verdict in
    invalid*) pb_fail "invalid key specified: ${ak_verdict#invalid }" ;;
    write) AK_WRITE=1 && pb_changed ;;
    esac
}

pb_act() {
    # A failure from here on reports no change, as Ansible's fail_json does.
    PB_CHANGED=0
    ak_lookup_user || pb_fail "Failed to lookup user $pb_user: \"getpwnam(): name not found: '$pb_user'\""
    if [ "$pb_manage_dir" = 1 ]; then
        if [ -n "$AK_PATH" ]; then pb_dirname "$AK_PATH" && ak_dir=$PB_DIR; else ak_dir=$AK_HOME/.ssh; fi
        if [ ! -e "$ak_dir" ]; then
            mkdir -m 0700 -- "$ak_dir" 2> "$PB_TMP/err" ||
                pb_fail "Failed to create directory $ak_dir : $(cat "$PB_TMP/err")"
        fi
        if ! { chown -- "$AK_UID:$AK_GID" "$ak_dir" && chmod 0700 -- "$ak_dir"; }; then
            pb_fail "cannot set the owner and mode of $ak_dir"
        fi
    fi
    if [ ! -e "$AK_FILE" ]; then
        pb_dirname "$AK_FILE"
        [ -d "$PB_DIR" ] || mkdir -p -- "$PB_DIR" || pb_fail "cannot create $PB_DIR"
    fi
    # The file comes as its user's, 0600, whatever it was; owner and mode go on the temp file
    # before the rename, so the keys are never readable by others.
    pb_atomic_begin "$AK_FILE"
    cat -- "$PB_TMP/after" > "$PB_ATOMIC_TMP" || pb_fail "Failed to write to file $PB_ATOMIC_TMP"
    pb_atomic_commit "$AK_FILE" 0600 "$AK_UID" "$AK_GID"
    PB_CHANGED=1
}

pb_report() {
    if [ "$PB_DIFF" = 1 ] && [ "$AK_WRITE" = 1 ]; then
        pb_json_str "$AK_KEYFILE"
        ak_bh=$PB_J
        pb_json_str "$AK_FILE"
        ak_ah=$PB_J
        pb_json_str "$(cat "$PB_TMP/before"; printf x)"
        ak_before=${PB_J%x\"}\"
        pb_json_str "$(cat "$PB_TMP/after"; printf x)"
        pb_add_raw diff "{\"before_header\":$ak_bh,\"after_header\":$ak_ah,\"before\":$ak_before,\"after\":${PB_J%x\"}\"}"
    fi
    pb_add_str user "$pb_user"
    pb_add_str key "$pb_key"
    if [ -n "$AK_PATH" ]; then pb_add_str path "$AK_PATH"; else pb_add_raw path null; fi
    pb_add_bool manage_dir "$pb_manage_dir"
    pb_add_path_state "$AK_PATH" "$pb_state"
    if [ -n "${pb_key_options+set}" ]; then pb_add_str key_options "$pb_key_options"; else pb_add_raw key_options null; fi
    pb_add_bool exclusive "$pb_exclusive"
    if [ -n "${pb_comment+set}" ]; then pb_add_str comment "$pb_comment"; else pb_add_raw comment null; fi
    pb_add_bool validate_certs "$pb_validate_certs"
    pb_add_bool follow "$pb_follow"
    pb_add_str keyfile "$AK_KEYFILE"
}

#include authorized_key+keys.sh

pb_main
