# dpkg_selections: one package's selection state, as `dpkg --get-selections` shows it and
# `dpkg --set-selections` sets it. A package dpkg does not know is `not present`.

current=

pb_probe() {
    command -v dpkg > /dev/null 2>&1 || pb_fail "Failed to find required executable \"dpkg\" in paths: $PATH"
    current=$(dpkg --get-selections -- "$pb_name" 2>/dev/null | awk -v n="$pb_name" '{ split($1, p, ":") } $1 == n || p[1] == n { print $2; exit }')
    [ -n "$current" ] || current="not present"
}

pb_decide() {
    if [ "$current" != "$pb_selection" ]; then pb_changed; fi
}

pb_act() {
    pb__err=$(printf '%s %s\n' "$pb_name" "$pb_selection" | dpkg --set-selections 2>&1) ||
        pb_fail "dpkg --set-selections failed: $pb__err"
}

pb_report() {
    pb_add_str before "$current"
    pb_add_str after "$pb_selection"
    if [ "$PB_DIFF" = 1 ] && [ "$PB_CHANGED" = 1 ]; then
        pb_json_str "$current"
        pb__before=$PB_J
        pb_json_str "$pb_selection"
        pb_add_raw diff "{\"before\":$pb__before,\"after\":$PB_J}"
    fi
}

pb_main
