# apt_repository: one `deb`/`deb-src` line present in, or absent from, APT's one-line sources
# (/etc/apt/sources.list and /etc/apt/sources.list.d/*.list), with ansible-core's rules: a line
# is compared by its words, options included, in every file; `present` enables a commented-out
# copy wherever one is, else appends the line to its own file (named after the repository, or
# `filename`); `absent` removes every enabled copy and deletes a file left without lines. A
# file that changes is written back the way ansible-core writes it: words single-spaced,
# a disabled line as `# LINE`, a trailing comment as ` # COMMENT`. After a change, the cache is
# updated with apt-get; when that keeps failing, the files are put back as they were.

AR_LIST=/etc/apt/sources.list
AR_PARTS=/etc/apt/sources.list.d
AR_SOURCE=
AR_TARGET=
AR_ADDED=
AR_REMOVED=
AR_CHANGED_FILES=
AR_DIFF=
AR_WARNINGS=

# The line as a source (AR_SOURCE: its words single-spaced), or failure with ansible-core's
# message when it is no enabled deb/deb-src line.
ar_parse_repo() {
    ar_line=$(printf '%s' "$1" | awk '{ sub(/^[ \t\r\f\v]+/, ""); print; exit }')
    ar_disabled=0
    case $ar_line in '#'*) ar_disabled=1 && ar_line=${ar_line#\#} ;; esac
    case $ar_line in ?*'#'*) ar_line=${ar_line%%\#*} ;; esac
    # shellcheck disable=SC2086
    set -f && set -- $ar_line && set +f
    case ${1-} in
    deb | deb-src) [ "$ar_disabled" = 0 ] && AR_SOURCE=$* && return 0 ;;
    esac
    pb_fail "Invalid repository string: $ar_line"
}

# The file a new source goes to: `filename` + .list, else the repository's host and path
# with every run of other characters than letters and digits made one `_`; a name without
# a slash is taken in sources.list.d.
ar_target_file() {
    if [ -n "${pb_filename-}" ]; then
        ar_name=$pb_filename
    else
        ar_name=$(printf '%s\n' "$1" | sed -e 's/\[[^]][^]]*\]//g' -e 's/[A-Za-z0-9_][A-Za-z0-9_]*:\/\///g' |
            awk '{ for (i = 1; i <= NF; i++) if ($i != "deb" && $i != "deb-src") { print $i; exit } }')
        ar_name=${ar_name#*@}
        ar_name=$(printf '%s\n' "$ar_name" | awk '{ gsub(/[^a-zA-Z0-9]+/, " "); $1 = $1; gsub(/ /, "_"); print }')
        [ -n "$ar_name" ] || pb_fail "Invalid repository string: $1"
    fi
    case $ar_name in
    */*) AR_TARGET=$ar_name.list ;;
    *) AR_TARGET=$AR_PARTS/$ar_name.list ;;
    esac
}

# ppa:OWNER[/NAME] as the line Launchpad's archive would have; adding one needs Launchpad's API
# (the signing key), which a target without Python and network cannot ask.
ar_expand_ppa() {
    ar_ppa=${1#ppa:}
    ar_owner=${ar_ppa%%/*}
    ar_ppa_name=ppa
    case $ar_ppa in */*) ar_ppa_name=${ar_ppa#*/} && ar_ppa_name=${ar_ppa_name%%/*} ;; esac
    ar_codename=${pb_codename-}
    ar_distro=
    if [ -r /etc/os-release ]; then
        # shellcheck disable=SC1091
        ar_distro=$(. /etc/os-release && printf '%s' "${ID-}")
        # shellcheck disable=SC1091
        [ -n "$ar_codename" ] || ar_codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME-}")
    fi
    AR_SOURCE="deb https://ppa.launchpadcontent.net/$ar_owner/$ar_ppa_name/ubuntu $ar_codename main"
}

pb_probe() {
    [ -n "$pb_repo" ] || pb_fail "Please set argument 'repo' to a non-empty value"
    command -v apt-get > /dev/null 2>&1 || pb_fail "Module apt_repository is not supported on target."
    case $pb_repo in
    ppa:*) ar_expand_ppa "$pb_repo" ;;
    *) ar_parse_repo "$pb_repo" && ar_target_file "$AR_SOURCE" ;;
    esac
    pb_tmpdir
    set --
    if [ -f "$AR_LIST" ]; then set -- "$AR_LIST"; fi
    for ar_file in "$AR_PARTS"/*.list; do
        [ -e "$ar_file" ] && set -- "$@" "$ar_file"
    done
    # Each file's lines as ansible-core reads and writes them, before (b.N) and after (a.N)
    # the change; one line per file on stdout: N, 1 when a line was appended to it, its path.
    AR_SOURCE=$AR_SOURCE AR_STATE=$pb_state AR_TARGET=$AR_TARGET AR_DIR=$PB_TMP LC_ALL=C awk '
        FNR == 1 { f = ++files; path[f] = FILENAME }
        {
            line = $0; en = 1; cm = ""
            gsub(/^[ \t\r\f\v]+|[ \t\r\f\v]+$/, "", line)
            if (substr(line, 1, 1) == "#") { en = 0; line = substr(line, 2) }
            i = index(line, "#")
            if (i > 1) { cm = substr(line, i + 1); gsub(/^[ \t\r\f\v]+|[ \t\r\f\v]+$/, "", cm); line = substr(line, 1, i - 1) }
            gsub(/^[ \t\r\f\v]+|[ \t\r\f\v]+$/, "", line)
            ok = 0
            if (split(line, w) > 0 && (w[1] == "deb" || w[1] == "deb-src")) { ok = 1; $0 = line; $1 = $1; line = $0 }
            n = ++count[f]; valid[f, n] = ok; enabled[f, n] = en; src[f, n] = line; comment[f, n] = cm; keep[f, n] = 1
        }
        function dump(f, name,   n) {
            printf "" > name
            for (n = 1; n <= count[f]; n++) if (keep[f, n]) {
                printf "%s%s%s\n", enabled[f, n] ? "" : "# ", src[f, n], comment[f, n] == "" ? "" : " # " comment[f, n] > name
            }
            close(name)
        }
        END {
            for (f = 1; f <= files; f++) dump(f, ENVIRON["AR_DIR"] "/b." f)
            found = 0
            for (f = 1; f <= files; f++) for (n = 1; n <= count[f]; n++) {
                if (!valid[f, n] || src[f, n] != ENVIRON["AR_SOURCE"]) continue
                if (ENVIRON["AR_STATE"] == "present") { enabled[f, n] = 1; found = 1 }
                else if (enabled[f, n]) keep[f, n] = 0
            }
            appended = 0
            if (ENVIRON["AR_STATE"] == "present" && !found) {
                for (t = 1; t <= files && path[t] != ENVIRON["AR_TARGET"]; t++) ;
                if (t > files) { files = t; path[t] = ENVIRON["AR_TARGET"]; printf "" > (ENVIRON["AR_DIR"] "/b." t) }
                n = ++count[t]; valid[t, n] = 1; enabled[t, n] = 1; src[t, n] = ENVIRON["AR_SOURCE"]; comment[t, n] = ""; keep[t, n] = 1
                appended = t
            }
            for (f = 1; f <= files; f++) {
                dump(f, ENVIRON["AR_DIR"] "/a." f)
                print f, (f == appended ? 1 : 0), path[f]
            }
        }' "$@" > "$PB_TMP/files" || pb_fail "cannot read the APT sources"
}

pb_decide() {
    while read -r ar_n ar_appended ar_path; do
        cmp -s "$PB_TMP/b.$ar_n" "$PB_TMP/a.$ar_n" && continue
        pb_changed
        AR_CHANGED_FILES="$AR_CHANGED_FILES$ar_n $ar_appended $ar_path
"
        if [ ! -s "$PB_TMP/b.$ar_n" ]; then
            AR_ADDED="$AR_ADDED$ar_path
"
            ar_diff_entry "$ar_n" "$ar_path" /dev/null "$ar_path"
        elif [ ! -s "$PB_TMP/a.$ar_n" ]; then
            AR_REMOVED="$AR_REMOVED$ar_path
"
            ar_diff_entry "$ar_n" "$ar_path" "$ar_path" /dev/null
        fi
    done < "$PB_TMP/files"
    if [ "$PB_CHANGED" = 1 ]; then
        case $pb_repo in
        ppa:*)
            if [ "$pb_state" = present ]; then
                PB_CHANGED=0
                pb_fail "failed to fetch PPA information: adding $pb_repo needs Launchpad's API (its signing key), which this module does not reach from the target${ar_distro:+ ($ar_distro $ar_codename)}; PPAs are built for Ubuntu: give the repository's deb line and install its key instead"
            fi
            ;;
        esac
    fi
}

# Ansible's diff names only the files added or removed: one entry each.
ar_diff_entry() {
    pb_json_str "$(cat "$PB_TMP/b.$1"; printf x)"
    ar_before=${PB_J%x\"}\"
    pb_json_str "$(cat "$PB_TMP/a.$1"; printf x)"
    ar_after=${PB_J%x\"}\"
    pb_json_str "$3"
    ar_bh=$PB_J
    pb_json_str "$4"
    AR_DIFF="$AR_DIFF,{\"before\":$ar_before,\"after\":$ar_after,\"before_header\":$ar_bh,\"after_header\":$PB_J}"
}

pb_act() {
    # A failure from here on reports no change, as Ansible's fail_json does.
    PB_CHANGED=0
    while read -r ar_n ar_appended ar_path; do
        [ -n "$ar_n" ] || continue
        ar_real=$ar_path
        if [ -L "$ar_path" ]; then ar_real=$(readlink -f -- "$ar_path") || ar_real=$ar_path; fi
        if [ -e "$ar_real" ]; then cp -p -- "$ar_real" "$PB_TMP/orig.$ar_n" || pb_fail "cannot keep a copy of $ar_real"; fi
        if [ ! -s "$PB_TMP/a.$ar_n" ]; then
            rm -f -- "$ar_real" || pb_fail "cannot remove $ar_real"
            continue
        fi
        ar_write "$ar_n" "$ar_real" "$ar_appended"
    done <<EOF
$AR_CHANGED_FILES
EOF
    if [ "$pb_update_cache" = 1 ]; then ar_update_cache; fi
    PB_CHANGED=1
}

# Writes a.N over the file $2 by temp file and rename: an existing file keeps its owner and
# mode; a new one gets `mode` or 0644 (0666 less the umask); `mode` also applies to a file a
# line was appended to, as ansible-core sets it there.
ar_write() {
    pb_dirname "$2"
    [ -d "$PB_DIR" ] || mkdir -p -- "$PB_DIR" || pb_fail "Failed to create directory $PB_DIR"
    pb_atomic_begin "$2"
    cat -- "$PB_TMP/a.$1" > "$PB_ATOMIC_TMP" || pb_fail "Failed to write to file $PB_ATOMIC_TMP"
    if pb_stat "$2" follow; then
        ar_mode=$pb_st_mode ar_owner=$pb_st_uid ar_group=$pb_st_gid
    else
        pb_default_mode "$2" 0666
        ar_mode=$PB_MODE ar_owner='' ar_group=''
    fi
    if [ "$3" = 1 ] && [ -n "${pb_mode-}" ]; then
        pb_compute_mode pb_mode_mode "$ar_mode" 0
        ar_mode=$PB_MODE
    fi
    pb_atomic_commit "$2" "$ar_mode" "$ar_owner" "$ar_group"
}

# apt-get update, retried with ansible-core's backoff (2^try seconds, at most the max delay);
# when every try failed, the sources are put back and the task fails.
ar_update_cache() {
    ar_try=0
    ar_error=
    while [ "$ar_try" -lt "$pb_update_cache_retries" ]; do
        # A source that could not be fetched fails the update, as it fails python-apt's,
        # though apt-get calls it a warning and exits 0.
        if LC_ALL=C apt-get -q update > "$PB_TMP/update.out" 2>&1 &&
            ! grep -q '^\(E: \|W: Failed to fetch \)' "$PB_TMP/update.out"; then
            return 0
        fi
        # Its errors and warnings as python-apt words them: `W:TEXT, E:TEXT`.
        ar_error=$(awk '/^[WE]: / && !seen[$0]++ { out = out (out == "" ? "" : ", ") substr($0, 1, 2) substr($0, 4) } END { print out }' "$PB_TMP/update.out")
        ar_try=$((ar_try + 1))
        AR_WARNINGS="${AR_WARNINGS}Failed to update cache after $ar_try due to $ar_error retry, retrying
"
        ar_delay=$((1 << (ar_try - 1)))
        if [ "$ar_delay" -gt "$pb_update_cache_retry_max_delay" ]; then ar_delay=$pb_update_cache_retry_max_delay; fi
        sleep "$ar_delay"
        AR_WARNINGS="${AR_WARNINGS}Sleeping for $ar_delay seconds, before attempting to update the cache again
"
    done
    ar_revert
    pb_add_list warnings "$AR_WARNINGS"
    pb_fail "Failed to update apt cache after $pb_update_cache_retries retries: ${ar_error:-unknown reason}"
}

ar_revert() {
    while read -r ar_n ar_appended ar_path; do
        [ -n "$ar_n" ] || continue
        ar_real=$ar_path
        if [ -L "$ar_path" ]; then ar_real=$(readlink -f -- "$ar_path") || ar_real=$ar_path; fi
        if [ -e "$PB_TMP/orig.$ar_n" ]; then
            mv -f -- "$PB_TMP/orig.$ar_n" "$ar_real"
        else
            rm -f -- "$ar_real"
        fi
    done <<EOF
$AR_CHANGED_FILES
EOF
}

pb_report() {
    pb_add_str repo "$pb_repo"
    pb_add_list sources_added "$AR_ADDED"
    pb_add_list sources_removed "$AR_REMOVED"
    pb_add_str state "$pb_state"
    if [ -n "$AR_WARNINGS" ]; then pb_add_list warnings "$AR_WARNINGS"; fi
    # ansible-core returns `diff` always, its entries only in diff mode.
    if [ "$PB_DIFF" = 1 ]; then pb_add_raw diff "[${AR_DIFF#,}]"; else pb_add_raw diff "[]"; fi
}

pb_main
