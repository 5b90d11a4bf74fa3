# sysctl: one key's value in a sysctl file (and, with sysctl_set, in the running kernel), with
# ansible.posix's rules: the file's value is the last `KEY = VALUE` line of the key; a change
# rewrites the file as ansible.posix does (every line trimmed, `KEY=VALUE` without spaces, a
# key's later lines dropped, the key's line replaced in place or appended); `reload` then runs
# `sysctl -p FILE`. The live value is what `sysctl -n` reads, compared word by word.

SC_NAME=
SC_VALUE=
SC_FILE=
SC_FILE_VALUE=
SC_HAS_FILE_VALUE=0
SC_PROC=
SC_HAS_PROC=0
SC_WRITE=0
SC_SET=0

# The value as ansible.posix reads it: a boolean word is 1 or 0, anything else trimmed.
sc_value() {
    sc_lower=$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')
    case $sc_lower in
    y | yes | on | 1 | true | t) SC_VALUE=1 ;;
    n | no | off | 0 | false | f) SC_VALUE=0 ;;
    *) SC_VALUE=$(printf '%s' "$1" | awk 'BEGIN { RS = "\001" } { gsub(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/, ""); printf "%s", $0 }') ;;
    esac
}

# Whether $1 and $2 have the same words in the same order (a live value may be tab-separated).
sc_same_words() {
    # shellcheck disable=SC2086
    [ "$(set -f && set -- $1 && printf '%s ' "$@")" = "$(set -f && set -- $2 && printf '%s ' "$@")" ]
}

pb_probe() {
    SC_NAME=$(printf '%s' "$pb_name" | awk 'BEGIN { RS = "\001" } { gsub(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/, ""); printf "%s", $0 }')
    [ -n "$SC_NAME" ] || pb_fail "name cannot be blank"
    if [ "$pb_state" = present ]; then
        [ -n "${pb_value+set}" ] || pb_fail "value cannot be None"
        [ -n "$pb_value" ] || pb_fail "value cannot be blank"
    fi
    sc_value "${pb_value-}"
    SC_FILE=$pb_sysctl_file
    # shellcheck disable=SC2088
    case $SC_FILE in '~' | '~/'*) SC_FILE=${HOME:-/root}${SC_FILE#\~} ;; esac
    command -v sysctl > /dev/null 2>&1 || pb_fail "Failed to find required executable \"sysctl\" in paths: $PATH"
    pb_tmpdir
    if SC_PROC=$(LC_ALL=C sysctl -e -n "$SC_NAME" 2>/dev/null); then SC_HAS_PROC=1; fi
    : > "$PB_TMP/lines"
    if [ -f "$SC_FILE" ]; then
        cat -- "$SC_FILE" > "$PB_TMP/lines" 2> "$PB_TMP/err" ||
            pb_fail "Failed to open $SC_FILE: $(cat "$PB_TMP/err")"
    fi
    # The file's value of the key (`=VALUE` on the first line of stdout when it has one), and
    # the file as it would be written, in $PB_TMP/fixed.
    SC_NAME=$SC_NAME SC_VALUE=$SC_VALUE SC_STATE=$pb_state SC_OUT=$PB_TMP/fixed LC_ALL=C awk '
        function trim(s) { gsub(/^[ \t\r\f\v]+|[ \t\r\f\v]+$/, "", s); return s }
        { line[++n] = trim($0) }
        END {
            out = ENVIRON["SC_OUT"]; name = ENVIRON["SC_NAME"]
            printf "" > out
            for (i = 1; i <= n; i++) {
                l = line[i]
                if (l == "" || l ~ /^[#;]/ || index(l, "=") == 0) { print l > out; continue }
                k = trim(substr(l, 1, index(l, "=") - 1)); v = trim(substr(l, index(l, "=") + 1))
                value[k] = v; has[k] = 1
                if (k in seen) continue
                seen[k] = 1
                if (k != name) print k "=" v > out
                else if (ENVIRON["SC_STATE"] == "present") print k "=" ENVIRON["SC_VALUE"] > out
            }
            if (!(name in seen) && ENVIRON["SC_STATE"] == "present") print name "=" ENVIRON["SC_VALUE"] > out
            close(out)
            if (name in has) printf "=%s", value[name]
        }' "$PB_TMP/lines" > "$PB_TMP/value" || pb_fail "cannot read $SC_FILE"
    SC_FILE_VALUE=$(cat "$PB_TMP/value")
    case $SC_FILE_VALUE in =*) SC_HAS_FILE_VALUE=1 SC_FILE_VALUE=${SC_FILE_VALUE#=} ;; esac
}

pb_decide() {
    if [ "$SC_HAS_FILE_VALUE" = 0 ]; then
        if [ "$pb_state" = present ]; then pb_changed && SC_WRITE=1; fi
    elif [ -n "$SC_FILE_VALUE" ] && [ "$pb_state" = absent ]; then
        pb_changed && SC_WRITE=1
    elif [ "$SC_FILE_VALUE" != "$SC_VALUE" ]; then
        pb_changed && SC_WRITE=1
    elif [ "$pb_reload" = 1 ]; then
        if [ "$SC_HAS_PROC" = 0 ] || ! sc_same_words "$SC_PROC" "$SC_VALUE"; then pb_changed; fi
    fi
    if [ "$pb_sysctl_set" = 1 ] && [ "$pb_state" = present ]; then
        if [ "$SC_HAS_PROC" = 0 ]; then
            pb_changed
        elif ! sc_same_words "$SC_PROC" "$SC_VALUE"; then
            pb_changed && SC_SET=1
        fi
    fi
}

# A sysctl run fails when it says so, and also when it only writes that a key could not be
# set (sysctl may exit 0 then).
sc_run() {
    sc_what=$1
    shift
    sc_rc=0
    LC_ALL=C "$@" > "$PB_TMP/out" 2> "$PB_TMP/err" || sc_rc=$?
    if [ "$sc_rc" != 0 ] || grep -Eq '^sysctl: setting key "[^"]+": (Invalid argument|Read-only file system)$' "$PB_TMP/err"; then
        sc_output=$(cat "$PB_TMP/out" "$PB_TMP/err"; printf x)
        pb_fail "$sc_what${sc_output%x}"
    fi
}

pb_act() {
    # A failure from here on reports no change, as Ansible's fail_json does.
    PB_CHANGED=0
    sc_e=
    if [ "$pb_ignoreerrors" = 1 ]; then sc_e=-e; fi
    if [ "$SC_SET" = 1 ]; then
        # shellcheck disable=SC2086
        sc_run "setting $SC_NAME failed: " sysctl $sc_e -w "$SC_NAME=$SC_VALUE"
    fi
    if [ "$SC_WRITE" = 1 ]; then
        sc_real=$(readlink -m -- "$SC_FILE") || sc_real=$SC_FILE
        pb_replace_with "$PB_TMP/fixed" "$sc_real"
    fi
    if [ "$pb_reload" = 1 ]; then
        # shellcheck disable=SC2086
        sc_run "Failed to reload sysctl: " sysctl $sc_e -p "$SC_FILE"
    fi
    PB_CHANGED=1
}

pb_main
