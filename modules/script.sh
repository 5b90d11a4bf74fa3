# script: runs a controller file on the target. The file arrives base64-encoded in
# $pb_content (or was uploaded to $pb_upload), is written into this run's temporary directory
# under its own name, made executable and run through /bin/sh with the argument text as
# written ($pb_args), as `cd CHDIR; [EXECUTABLE] SCRIPT ARGS`. `creates` / `removes` are
# checked first; in check mode the script never runs.

skip_reason=
rc=0

pb_probe() {
    if [ -n "${pb_creates-}" ] && { [ -e "$pb_creates" ] || [ -L "$pb_creates" ]; }; then
        skip_reason="$pb_creates exists, matching creates option"
    elif [ -n "${pb_removes-}" ] && ! { [ -e "$pb_removes" ] || [ -L "$pb_removes" ]; }; then
        skip_reason="$pb_removes does not exist, matching removes option"
    fi
    if [ -n "$skip_reason" ] && [ -n "${pb_upload-}" ]; then rm -f -- "$pb_upload"; fi
}

pb_decide() {
    if [ -z "$skip_reason" ]; then pb_changed; fi
}

pb_act() {
    pb_tmpdir
    script="$PB_TMP/$pb_name"
    if [ -n "${pb_upload-}" ]; then
        cp -- "$pb_upload" "$script" || pb_fail "cannot read the uploaded script $pb_upload"
        rm -f -- "$pb_upload"
    else
        printf '%s' "$pb_content" | base64 -d > "$script" || pb_fail "cannot write the script to $script"
    fi
    chmod 0700 "$script" || pb_fail "cannot make $script executable"
    # The script's path travels as "$1" of the shell that runs the line, so it is never re-parsed.
    # shellcheck disable=SC2016
    line='"$1"'
    if [ -n "${pb_executable-}" ]; then line="$pb_executable $line"; fi
    if [ -n "${pb_args-}" ]; then line="$line $pb_args"; fi
    if [ -n "${pb_chdir-}" ]; then line="cd \"\$2\"; $line"; fi
    /bin/sh -c "$line" /bin/sh "$script" "${pb_chdir-}" > "$PB_TMP/stdout" 2> "$PB_TMP/stderr"
    rc=$?
}

pb_report() {
    if [ -n "$skip_reason" ]; then
        PB_SKIPPED=1
        pb_msg "$skip_reason"
        return
    fi
    if [ "$PB_CHECK_MODE" = 1 ]; then
        PB_CHANGED=0
        PB_SKIPPED=1
        pb_msg "Check mode is not supported for this task."
        return
    fi
    pb_add_int rc "$rc"
    pb_add_file stdout "$PB_TMP/stdout"
    pb_add_file stderr "$PB_TMP/stderr"
    if [ "$rc" -ne 0 ]; then
        PB_FAILED=1
        pb_msg "non-zero return code"
    fi
}

pb_main
