# fetch: the remote half of Ansible's fetch. Reports the file's SHA-1 and MD5 and, when the
# controller's copy (pb_local_checksum) differs, its bytes base64-encoded in the result; the
# controller writes them. The bytes travel in the program's output, so the file must fit in
# pb_limit bytes.

pb_probe() {
    if [ -d "$pb_src" ]; then
        pb_add_str reason directory
        pb_fail "remote file is a directory, fetch cannot work on directories"
    fi
    if [ ! -e "$pb_src" ]; then
        pb_add_str reason missing
        pb_fail "file not found: $pb_src"
    fi
    if [ ! -r "$pb_src" ]; then pb_fail "file is not readable: $pb_src"; fi
    pb_tmpdir
    # One copy read once, so the checksum and the bytes sent are of the same content.
    cat -- "$pb_src" > "$PB_TMP/data" 2> "$PB_TMP/err" || pb_fail "unable to read $pb_src: $(cat "$PB_TMP/err")"
    pb_sha1 "$PB_TMP/data"
    fetch_md5=$(md5sum < "$PB_TMP/data")
    fetch_md5=${fetch_md5%% *}
    fetch_size=$(wc -c < "$PB_TMP/data")
}

pb_report() {
    pb_add_str remote_checksum "$PB_SHA1"
    pb_add_str remote_md5 "$fetch_md5"
    pb_add_int size "$fetch_size"
    if [ "$PB_SHA1" != "${pb_local_checksum-}" ]; then
        if [ "$fetch_size" -gt "$pb_limit" ]; then
            pb_fail "$pb_src is $fetch_size bytes; fetch brings files of up to $pb_limit bytes"
        fi
        pb_add_file content "$PB_TMP/data"
    fi
}

pb_main
