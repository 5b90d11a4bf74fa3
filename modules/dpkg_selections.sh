# dpkg_selections: one package's selection state, as `dpkg --get-selections` shows it and
# `dpkg --set-selections` sets it. A package dpkg does not know fails, as in Ansible.

current=

pb_probe() {
    command -v dpkg > /dev/null 2>&1 || pb_fail "Failed to find required executable \"dpkg\" in paths: $PATH"
    current=$(dpkg --get-selections -- "$pb_name" 2>/dev/null | awk -v n="$pb_name" '{ split($1, p, ":") } $1 == n || p[1] == n { print $2; exit }')
    [ -n "$current" ] || pb_fail "Failed to find package '$pb_name' to perform selection '$pb_selection'."
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
}

pb_main
