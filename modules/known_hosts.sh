# known_hosts: one host's key present in, or absent from, a known_hosts file, with Ansible's
# rules: the key line must name the host (its host field matches `name` the way ssh-keygen -F
# matches it, wildcards, negation and hashed |1|salt|hash fields included; like ssh-keygen -F,
# the key text itself is not checked); a line of the same key type for the host is replaced;
# `absent` without a key removes every line naming the host, as ssh-keygen -R does (keeping a
# copy as PATH.old).
# The file is rewritten by temp file and rename, keeping its owner and mode.

KH_NAME=
KH_KEY=
KH_PATH=
KH_FOUND=0
KH_REPLACE=0
KH_LINE=
KH_BEFORE=
KH_AFTER=
KH_BEFORE_HEADER=
# Set once the module gets past "nothing to remove": Ansible's check mode then answers with
# `changed` and the diff alone.
KH_DECIDED=0

#include known_hosts+match.sh

# Looks for the host in the file as Ansible does: KH_FOUND (a line names it), KH_REPLACE (the
# key differs from the line of its type, or no line has its type) and KH_LINE (the line number
# of the same key, or of the key of the same type to replace).
kh_search() {
    [ -e "$KH_PATH" ] || return 0
    [ -r "$KH_PATH" ] || pb_fail "ssh-keygen failed (rc=255, stdout='',stderr='fopen $KH_PATH: Permission denied')"
    kh_new_mark='' kh_new_hosts='' kh_new_type='' kh_new_blob=''
    if kh_parse "$KH_KEY"; then
        kh_new_mark=$KH_MARK kh_new_hosts=$KH_HOSTS kh_new_type=$KH_TYPE kh_new_blob=$KH_BLOB
    fi
    kh_number=0
    while IFS= read -r kh_line || [ -n "$kh_line" ]; do
        kh_number=$((kh_number + 1))
        kh_line_names "$kh_line" "$KH_NAME" || continue
        KH_FOUND=1
        [ -n "$KH_KEY" ] || return 0
        kh_hosts=$kh_new_hosts
        case $KH_MARK in
        @cert-authority* | @revoked*) ;;
        *)
            case $kh_new_hosts$KH_HOSTS in '|1|'*'|1|'*) kh_hosts=$KH_HOSTS ;; esac
            ;;
        esac
        if [ "$kh_new_mark" = "$KH_MARK" ] && [ "$kh_hosts" = "$KH_HOSTS" ] &&
            [ "$kh_new_type" = "$KH_TYPE" ] && [ "$kh_new_blob" = "$KH_BLOB" ]; then
            KH_LINE=$kh_number
            return 0
        fi
        if [ -z "$KH_MARK" ] && [ "$kh_new_type" = "$KH_TYPE" ]; then
            KH_REPLACE=1 KH_LINE=$kh_number
            return 0
        fi
    done < "$KH_PATH"
    if [ "$KH_FOUND" = 1 ] && [ -n "$KH_KEY" ]; then KH_REPLACE=1; fi
}

# The file's lines but the one numbered $1 (0: none), with the key appended when $2 is 1,
# into the file $3. A last line without a newline gets one before the key.
kh_rewrite() {
    : > "$3"
    if [ -e "$KH_PATH" ]; then
        awk -v skip="$1" 'NR != skip { print }' < "$KH_PATH" > "$3" || pb_fail "Failed to read $KH_PATH"
        if [ "$1" = 0 ] && [ -s "$KH_PATH" ] && [ -n "$(tail -c 1 < "$KH_PATH")" ] && [ "$2" = 0 ]; then
            cat -- "$KH_PATH" > "$3"
        fi
    fi
    if [ "$2" = 1 ]; then printf '%s\n' "$KH_KEY" >> "$3"; fi
}

pb_probe() {
    KH_NAME=$(printf '%s' "$pb_name" | tr '[:upper:]' '[:lower:]')
    KH_PATH=$pb_path
    # shellcheck disable=SC2088
    case $KH_PATH in
    '~' | '~/'*) KH_PATH=${HOME:-$(getent passwd "$(id -un)" | cut -d: -f6)}${KH_PATH#\~} ;;
    '~'*)
        kh_user=${KH_PATH%%/*}
        kh_user=${kh_user#\~}
        kh_home=$(getent passwd "$kh_user" | cut -d: -f6)
        if [ -n "$kh_home" ]; then KH_PATH=$kh_home${KH_PATH#\~"$kh_user"}; fi
        ;;
    esac
    KH_KEY=${pb_key-}
    # Trailing newlines go: the key is written as one line ending in one newline.
    KH_KEY=$(printf '%s' "$KH_KEY")
    if [ -z "$KH_KEY" ] && [ "$pb_state" != absent ]; then pb_fail "No key specified when adding a host"; fi
    if [ -n "$KH_KEY" ] && [ "${pb_hash_host-0}" = 1 ]; then
        kh_parse "$KH_KEY" || pb_fail "Host parameter does not match hashed host field in supplied key"
        kh_hash_name "$KH_NAME"
        set -f
        # shellcheck disable=SC2086
        set -- $KH_KEY
        set +f
        kh_hashed_key=
        if [ -n "$KH_MARK" ]; then kh_hashed_key="$1 " && shift; fi
        shift
        kh_hashed_key="$kh_hashed_key$KH_HASHED $*"
        KH_KEY=$kh_hashed_key
    fi
    if [ -n "$KH_KEY" ]; then
        case $KH_NAME in
        *[![:space:]]*,*)
            pb_fail "Comma separated list of names is not supported. Please pass a single name to lookup in the known_hosts file."
            ;;
        esac
        kh_valid=0
        while IFS= read -r kh_line; do
            if kh_line_names "$kh_line" "$KH_NAME"; then kh_valid=1 && break; fi
        done <<EOF
$KH_KEY
EOF
        if [ "$kh_valid" = 0 ]; then pb_fail "Host parameter does not match hashed host field in supplied key"; fi
    fi
    kh_search
}

pb_decide() {
    pb_tmpdir
    KH_BEFORE_HEADER=$KH_PATH
    KH_BEFORE=
    if [ -e "$KH_PATH" ]; then
        cat -- "$KH_PATH" > "$PB_TMP/before" 2>/dev/null || :
        KH_BEFORE=$(cat "$PB_TMP/before"; printf x)
        KH_BEFORE=${KH_BEFORE%x}
    else
        KH_BEFORE_HEADER=/dev/null
    fi
    kh_drop=0
    kh_add=0
    if { [ "$KH_REPLACE" = 1 ] || [ "$pb_state" = absent ]; } && [ -n "$KH_LINE" ]; then kh_drop=$KH_LINE; fi
    if [ "$pb_state" = present ] && { [ "$KH_REPLACE" = 1 ] || [ -z "$KH_LINE" ]; }; then kh_add=1; fi
    if [ -e "$KH_PATH" ] || [ "$kh_add" = 1 ]; then
        kh_rewrite "$kh_drop" "$kh_add" "$PB_TMP/after"
        KH_AFTER=$(cat "$PB_TMP/after"; printf x)
        KH_AFTER=${KH_AFTER%x}
    fi
    # A key that is not there is not removed.
    if [ "$pb_state" = absent ] && [ -z "$KH_LINE" ] && [ -n "$KH_KEY" ]; then return; fi
    KH_DECIDED=1
    kh_present=0
    if [ "$pb_state" = present ]; then kh_present=1; fi
    if [ "$KH_REPLACE" = 1 ] || [ "$kh_present" != "$KH_FOUND" ]; then pb_changed; fi
}

pb_act() {
    if [ -z "$KH_KEY" ]; then
        # Every line naming the host goes, but @cert-authority and @revoked ones, as ssh-keygen
        # -R removes them; the old file stays as PATH.old.
        : > "$PB_TMP/after"
        kh_number=0
        while IFS= read -r kh_line || [ -n "$kh_line" ]; do
            kh_number=$((kh_number + 1))
            if kh_line_names "$kh_line" "$KH_NAME" && [ -z "$KH_MARK" ]; then continue; fi
            printf '%s\n' "$kh_line" >> "$PB_TMP/after"
        done < "$KH_PATH"
        cp -p -- "$KH_PATH" "$KH_PATH.old" 2> "$PB_TMP/err" || pb_fail "$(cat "$PB_TMP/err")"
    fi
    pb_dirname "$KH_PATH"
    [ -d "$PB_DIR" ] || pb_fail "Failed to write to file $KH_PATH: [Errno 2] No such file or directory: '$PB_DIR'"
    pb_replace_with "$PB_TMP/after" "$KH_PATH" "Failed to write to file $KH_PATH"
}

pb_report() {
    if [ "$PB_CHECK_MODE" != 1 ] || [ "$KH_DECIDED" = 0 ]; then kh_report_arguments; fi
    pb_json_str "$KH_BEFORE"
    kh_before=$PB_J
    pb_json_str "$KH_AFTER"
    kh_after=$PB_J
    pb_json_str "$KH_BEFORE_HEADER"
    kh_before_header=$PB_J
    pb_json_str "$KH_PATH"
    pb_add_raw diff "{\"before_header\":$kh_before_header,\"after_header\":$PB_J,\"before\":$kh_before,\"after\":$kh_after}"
}

# The arguments, as Ansible's result repeats them, and the file's attributes: the result names
# the file, so Ansible adds them and `state` becomes the file's kind (add_path_info).
kh_report_arguments() {
    pb_add_str name "$pb_name"
    if [ -n "${pb_key+set}" ]; then pb_add_str key "$pb_key"; else pb_add_raw key null; fi
    pb_add_str path "$KH_PATH"
    pb_add_bool hash_host "${pb_hash_host-0}"
    pb_add_path_state "$KH_PATH" "$pb_state"
}

pb_main
