# unarchive: its handlers. Which tool reads the archive (unzip, or tar with each compression
# flag in Ansible's order), the member names it lists, and tar's command line.

# Builds the tar command for $1 (--list, --diff or --extract) in "$@" form and runs it with
# its output in $PB_TMP/out and $PB_TMP/err; sets UA_RC and UA_CMD (the words as JSON).
ua_tar() {
    ua_action=$1
    # By the path found, as Ansible names the tool in extract_results and tar in its messages.
    set -- "${ua_tar_path:-tar}" "$ua_action" -C "$pb_dest"
    if [ -n "$UA_FLAG" ]; then set -- "$@" "$UA_FLAG"; fi
    if [ "$ua_action" = --list ]; then set -- "$@" --quoting-style=literal; fi
    ua_ifs=$IFS
    IFS='
'
    set -f
    if [ -n "${pb_extra_opts-}" ]; then
        set -- "$@" --show-transformed-names
        for ua_word in $pb_extra_opts; do set -- "$@" "$ua_word"; done
    fi
    if [ "$ua_action" != --list ]; then
        if [ -n "${pb_owner-}" ]; then set -- "$@" "--owner=$pb_owner"; fi
        if [ -n "${pb_group-}" ]; then set -- "$@" "--group=$pb_group"; fi
        if [ "${pb_keep_newer-0}" = 1 ]; then set -- "$@" --keep-newer-files; fi
    fi
    for ua_word in ${pb_exclude-}; do set -- "$@" "--exclude=${ua_word%/}"; done
    set -- "$@" -f "$pb_src"
    for ua_word in ${pb_include-}; do set -- "$@" "$ua_word"; done
    set +f
    IFS=$ua_ifs
    ua_cmd_json "$@"
    UA_RC=0
    (cd -- "$pb_dest" && LC_ALL=C LANG=C "$@") > "$PB_TMP/out" 2> "$PB_TMP/err" || UA_RC=$?
}

ua_cmd_json() {
    UA_CMD=
    for ua_word in "$@"; do
        pb_json_str "$ua_word"
        UA_CMD="$UA_CMD,$PB_J"
    done
    UA_CMD="[${UA_CMD#,}]"
}

# Whether a member name matches one of the exclude patterns (fnmatch: `*` crosses `/`).
ua_excluded() {
    ua_ifs=$IFS
    IFS='
'
    set -f
    for ua_pattern in ${pb_exclude-}; do
        ua_pattern=${ua_pattern%/}
        # shellcheck disable=SC2254
        case $1 in $ua_pattern) set +f; IFS=$ua_ifs; return 0 ;; esac
    done
    set +f
    IFS=$ua_ifs
    return 1
}

ua_add_reason() {
    case "
$UA_REASONS
" in *"
$1
"*) return ;; esac
    UA_REASONS="${UA_REASONS:+$UA_REASONS
}$1"
}

# The member names, leading / removed and excludes dropped, one per line, into UA_FILES.
ua_filter_names() {
    UA_FILES=
    while IFS= read -r ua_name; do
        ua_name=${ua_name#/}
        if ua_excluded "$ua_name"; then continue; fi
        UA_FILES="${UA_FILES:+$UA_FILES
}$ua_name"
    done < "$1"
}

ua_pick_zip() {
    if ! command -v unzip >/dev/null 2>&1 || ! command -v zipinfo >/dev/null 2>&1; then
        ua_missing=
        command -v unzip >/dev/null 2>&1 || ua_missing="'unzip'"
        command -v zipinfo >/dev/null 2>&1 || ua_missing="${ua_missing:+$ua_missing or }'zipinfo'"
        ua_add_reason "Unable to find required $ua_missing binary in the path."
        return 1
    fi
    if ! unzip -Z1 -- "$pb_src" > "$PB_TMP/names" 2> "$PB_TMP/err"; then
        ua_add_reason "Command \"$(command -v unzip)\" could not handle archive: $(cat "$PB_TMP/err")"
        return 1
    fi
    UA_HANDLER=ZipArchive
    ua_filter_names "$PB_TMP/names"
}

ua_pick_tar() {
    UA_FLAG=$1
    ua_tar_path=$(command -v tar) || {
        ua_add_reason "Unable to find required 'gtar' or 'tar' binary in the path"
        return 1
    }
    case $(tar --version 2>/dev/null) in
    *GNU*) ;;
    *)
        ua_add_reason "Command \"$ua_tar_path\" detected as tar type None. GNU tar required."
        return 1
        ;;
    esac
    ua_tar --list
    if [ "$UA_RC" != 0 ]; then
        ua_add_reason "Command \"$ua_tar_path\" could not handle archive: Unable to list files in the archive: $(cat "$PB_TMP/err")"
        return 1
    fi
    if [ ! -s "$PB_TMP/out" ]; then
        ua_add_reason "Command \"$ua_tar_path\" found no files in archive. Empty archive files are not supported."
        return 1
    fi
    UA_HANDLER=$2
    ua_filter_names "$PB_TMP/out"
}
