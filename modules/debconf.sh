# debconf: one answer in the debconf database. What `debconf-show NAME` reports is compared
# with the answer (a boolean in lower case, a multiselect list in any order); a different or
# missing answer is set with `debconf-set-selections` (`-u`: not marked as seen).

previous=
known=0

pb_probe() {
    command -v debconf-show > /dev/null 2>&1 ||
        pb_fail "Failed to find required executable \"debconf-show\" in paths: $PATH"
    pb_tmpdir
    debconf-show -- "$pb_name" > "$PB_TMP/shown" 2> "$PB_TMP/err" || pb_fail "$(cat "$PB_TMP/err")"
    if [ -n "${pb_question-}" ]; then
        if [ -z "${pb_vtype-}" ] || [ -z "${pb_value+set}" ]; then
            pb_fail "when supplying a question you must supply a valid vtype and value"
        fi
        line=$(awk -v q="$pb_question" '{
                key = $0; sub(/:.*/, "", key); sub(/^\*/, "", key); gsub(/^[ \t]+|[ \t]+$/, "", key)
                if (key == q) { value = $0; sub(/^[^:]*:/, "", value); gsub(/^[ \t]+|[ \t]+$/, "", value); print "=" value; exit }
            }' "$PB_TMP/shown")
        case $line in =*) known=1 && previous=${line#=} ;; esac
    fi
}

# A comma-separated list, its items trimmed and sorted, one per line.
sorted_items() {
    printf '%s\n' "$1" | tr ',' '\n' | sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | LC_ALL=C sort
}

pb_decide() {
    [ -n "${pb_question-}" ] || return 0
    if [ "$known" = 0 ]; then pb_changed && return 0; fi
    existing=$previous
    if [ "$pb_vtype" = boolean ]; then existing=$(printf '%s' "$existing" | tr '[:upper:]' '[:lower:]'); fi
    if [ "$pb_vtype" = multiselect ] && [ "${pb_value_is_list-0}" = 1 ]; then
        [ "$(sorted_items "$existing")" = "$(sorted_items "$pb_value")" ] || pb_changed
    elif [ "$pb_vtype" = password ]; then
        # debconf-show never prints passwords: one is always set again.
        pb_changed
    elif [ "$existing" != "$pb_value" ]; then
        pb_changed
    fi
}

pb_act() {
    set --
    if [ "$pb_unseen" = 1 ]; then set -- -u; fi
    pb__err=$(printf '%s %s %s %s\n' "$pb_name" "$pb_question" "$pb_vtype" "$pb_value" | debconf-set-selections "$@" 2>&1) ||
        pb_fail "$pb__err"
}

pb_report() {
    if [ "$PB_CHANGED" = 0 ]; then
        # Unchanged: every answer debconf-show reports, as `current`.
        pb_add_raw current "$(awk '
            function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
            index($0, ":") {
                key = $0; sub(/:.*/, "", key); sub(/^\*/, "", key); gsub(/^[ \t]+|[ \t]+$/, "", key)
                value = $0; sub(/^[^:]*:/, "", value); gsub(/^[ \t]+|[ \t]+$/, "", value)
                out = out (n++ ? ", " : "") esc(key) ": " esc(value)
            }
            END { printf "{%s}", out }' "$PB_TMP/shown")"
        return
    fi
    pb_json_str "$pb_question"
    q=$PB_J
    pb_json_str "$pb_value"
    pb_add_raw current "{$q: $PB_J}"
    after=$PB_J
    pb_json_str "$previous"
    pb_add_raw previous "{$q: $PB_J}"
    # Ansible returns an empty diff without --diff.
    if [ "$PB_DIFF" = 1 ]; then pb_add_raw diff "{\"before\": {$q: $PB_J}, \"after\": {$q: $after}}"; else pb_add_raw diff "{}"; fi
}

pb_main
