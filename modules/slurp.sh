# slurp: a file's bytes, base64-encoded, as Ansible's slurp returns them (`content`,
# `encoding: base64`, `source`). Reads only; the whole file travels in the result, so it is
# meant for files up to a few megabytes.

pb_probe() {
    if [ -d "$pb_src" ]; then pb_fail "source is a directory and must be a file: $pb_src"; fi
    if [ ! -e "$pb_src" ]; then pb_fail "file not found: $pb_src"; fi
    if [ ! -r "$pb_src" ]; then pb_fail "file is not readable: $pb_src"; fi
    pb_tmpdir
    base64 -w0 < "$pb_src" > "$PB_TMP/content" 2> "$PB_TMP/err" ||
        pb_fail "unable to slurp file: $(cat "$PB_TMP/err")"
}

pb_report() {
    pb_add_raw content "\"$(cat "$PB_TMP/content")\""
    pb_add_str source "$pb_src"
    pb_add_str encoding base64
}

pb_main
