# package_facts: the fact `packages` from the dpkg database: every package that is installed
# (also half-configured or awaiting triggers), name → list of its installed versions, each with
# name, version, arch, category (section), origin and source `apt`. Reads only.

pb_probe() {
    usable=0
    while IFS= read -r manager; do
        case $manager in auto | apt) usable=1 ;; esac
    done <<PB_EOF
$pb_manager
PB_EOF
    if [ "$usable" = 0 ] || ! command -v dpkg-query > /dev/null 2>&1; then
        list=$(printf '%s' "$pb_manager" | sed "s/.*/'&'/" | paste -sd, - | sed 's/,/, /g')
        pb_fail "Could not detect a supported package manager from the following list: [$list], or the required Python library is not installed. Check warnings for details."
    fi
    pb_tmpdir
    dpkg-query -W -f='${db:Status-Status}\t${Package}\t${Version}\t${Architecture}\t${Section}\t${Origin}\n' \
        > "$PB_TMP/packages" 2> "$PB_TMP/err" || pb_fail "Unable to list packages: $(cat "$PB_TMP/err")"
    facts=$(LC_ALL=C awk -F '\t' '
        function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
        $1 == "not-installed" || $1 == "config-files" || $2 == "" { next }
        {
            entry = "{\"name\": " esc($2) ", \"version\": " esc($3) ", \"arch\": " esc($4) ", \"category\": " esc($5) ", \"origin\": " esc($6) ", \"source\": \"apt\"}"
            if (!($2 in seen)) { order[++n] = $2; seen[$2] = entry } else seen[$2] = seen[$2] ", " entry
        }
        END { for (i = 1; i <= n; i++) printf "%s%s: [%s]", (i > 1 ? ", " : ""), esc(order[i]), seen[order[i]] }
    ' "$PB_TMP/packages")
    pb_add_raw ansible_facts "{\"packages\": {$facts}}"
}

pb_main
