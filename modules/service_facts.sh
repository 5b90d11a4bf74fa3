# service_facts: the fact `services`. systemd units come from `systemctl list-units` (state
# running when the unit's SUB state is running, else stopped; status its ACTIVE state, or
# not-found/masked/failed) and `systemctl list-unit-files` (the unit file state becomes the
# status; units not loaded get their ActiveState from `systemctl show`). SysV scripts listed by
# `service --status-all` are added under their script names. Reads only.

facts=
found=0

svc_add() {
    pb_json_str "$1"
    pb__name=$PB_J
    pb_json_str "$2"
    # In Ansible's order (name, state, status, source), which a template printing an entry shows.
    pb__entry="\"name\":$pb__name,\"state\":$PB_J"
    if [ -n "${4+set}" ]; then
        pb_json_str "$4"
        pb__entry="$pb__entry,\"status\":$PB_J"
    fi
    facts="$facts,$pb__name:{$pb__entry,\"source\":\"$3\"}"
    found=1
}

pb_probe() {
    pb_tmpdir
    if command -v service > /dev/null 2>&1 && [ -d /etc/init.d ]; then
        service --status-all 2>/dev/null | while read -r open sign close rest; do
            [ -n "$rest" ] || continue
            if [ "$sign" = + ]; then echo "running $rest"; else echo "stopped $rest"; fi
        done > "$PB_TMP/sysv"
        while read -r state name; do svc_add "$name" "$state" sysv; done < "$PB_TMP/sysv"
    fi
    if command -v systemctl > /dev/null 2>&1 && [ -d /run/systemd/system ]; then
        systemctl list-units --no-pager --type service --all --plain --no-legend 2>/dev/null |
            awk 'index($0, ".service") {
                status = ""; n = split($0, f, " ")
                # A unit in a bad state may carry a marker before its name.
                if (index(f[1], ".service") == 0) { for (i = 1; i < n; i++) f[i] = f[i + 1]; n-- }
                for (i = 1; i <= n; i++) if (f[i] == "not-found" || f[i] == "masked" || f[i] == "failed") { status = f[i]; break }
                if (status == "") status = f[3]
                print f[1], (f[4] == "running" ? "running" : "stopped"), status
            }' > "$PB_TMP/units"
        systemctl list-unit-files --no-pager --type service --all --no-legend 2>/dev/null |
            awk 'index($0, ".service") && NF >= 2 { print $1, $2 }' > "$PB_TMP/files"
        # The unit file state wins, except over a bad state the unit itself is in.
        while read -r name state status; do
            case $status in
            not-found | masked | failed) ;;
            *) file_status=$(awk -v n="$name" '$1 == n { print $2; exit }' "$PB_TMP/files")
               [ -z "$file_status" ] || status=$file_status ;;
            esac
            echo "$name $state $status"
        done < "$PB_TMP/units" > "$PB_TMP/systemd"
        while read -r name status; do
            awk -v n="$name" '$1 == n { found = 1 } END { exit !found }' "$PB_TMP/units" && continue
            state=$(systemctl show "$name" --property=ActiveState 2>/dev/null) || state=
            state=${state#ActiveState=}
            echo "$name ${state:-unknown} $status"
        done < "$PB_TMP/files" >> "$PB_TMP/systemd"
        while read -r name state status; do svc_add "$name" "$state" systemd "$status"; done < "$PB_TMP/systemd"
    fi
    if [ "$found" = 0 ]; then
        pb_fail "Failed to find any services. This can be due to privileges or some other configuration issue."
    fi
    pb_add_raw ansible_facts "{\"services\":{${facts#,}}}"
}

pb_main
