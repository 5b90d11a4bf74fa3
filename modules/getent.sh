# getent: one name service database (or one key of it) as the fact getent_<database>: each
# record's first field maps to the list of the others; a key found on several records maps to
# a list of such lists. Reads only.

# Records on stdin to the JSON object; $1 is the separator ('' = runs of blanks).
getent_json() {
    PB__SEP=$1 LC_ALL=C awk '
        function esc(s,   out, i, c, n) {
            out = ""; n = length(s)
            for (i = 1; i <= n; i++) {
                c = substr(s, i, 1)
                if (c == "\"" || c == "\\") out = out "\\" c
                else if (c == "\t") out = out "\\t"
                else if (c == "\r") out = out "\\r"
                else if (c < " ") out = out sprintf("\\u%04x", ord[c])
                else out = out c
            }
            return "\"" out "\""
        }
        BEGIN { for (i = 1; i < 32; i++) ord[sprintf("%c", i)] = i; sep = ENVIRON["PB__SEP"]; count = 0 }
        {
            n = 0
            if (sep == "") {
                n = split($0, f, /[ \t\f\v]+/)
                if (n > 0 && f[1] == "") { for (i = 1; i < n; i++) f[i] = f[i + 1]; n-- }
                if (n > 0 && f[n] == "") n--
            } else {
                rest = $0
                while ((p = index(rest, sep)) > 0) { f[++n] = substr(rest, 1, p - 1); rest = substr(rest, p + length(sep)) }
                f[++n] = rest
            }
            if (n == 0) next
            list = ""
            for (i = 2; i <= n; i++) list = list (i > 2 ? ", " : "") esc(f[i])
            list = "[" list "]"
            k = f[1]
            if (!(k in seen)) { order[++count] = k; seen[k] = 1; value[k] = list }
            else { if (seen[k] == 1) value[k] = "[" value[k]; value[k] = value[k] ", " list; seen[k]++ }
        }
        END {
            out = ""
            for (i = 1; i <= count; i++) {
                k = order[i]; v = value[k]
                if (seen[k] > 1) v = v "]"
                out = out (i > 1 ? ", " : "") esc(k) ": " v
            }
            printf "{%s}", out
        }'
}

pb_probe() {
    command -v getent > /dev/null 2>&1 || pb_fail "Failed to find required executable \"getent\" in paths: $PATH"
    pb_tmpdir
    set -- "$pb_database"
    if [ -n "${pb_service-}" ]; then set -- -s "$pb_service" "$@"; fi
    if [ -n "${pb_key+set}" ]; then set -- "$@" "$pb_key"; fi
    getent "$@" > "$PB_TMP/out" 2> "$PB_TMP/err"
    rc=$?
    separator=${pb_split-}
    if [ -z "${pb_split+set}" ]; then
        case $pb_database in passwd | shadow | group | gshadow) separator=: ;; esac
    fi
    fact=$(printf 'getent_%s' "$pb_database")
    pb_json_str "$fact"
    fact=$PB_J
    case $rc in
    0)
        pb_add_raw ansible_facts "{$fact: $(getent_json "$separator" < "$PB_TMP/out")}"
        ;;
    1) pb_fail "Missing arguments, or database unknown." ;;
    2)
        if [ "$pb_fail_key" = 1 ]; then pb_fail "One or more supplied key could not be found in the database."; fi
        pb_json_str "${pb_key-}"
        pb_add_raw ansible_facts "{$fact: {$PB_J: null}}"
        pb_msg "One or more supplied key could not be found in the database."
        ;;
    3) pb_fail "Enumeration not supported on this database." ;;
    *)
        pb_add_int rc "$rc"
        pb_fail "Unexpected failure! $(cat "$PB_TMP/err")"
        ;;
    esac
}

pb_main
