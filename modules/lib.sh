# Shared helpers of every module program. POSIX sh: runs under dash with coreutils, awk, sed.
#
# A module program is this file and lib+files.sh, then the settings the controller renders
# (PB_MODULE, PB_MARKER, PB_CHECK_MODE, PB_DIFF, one pb_<argument> variable per argument,
# generated functions), then the module body. The body defines pb_probe, pb_decide, pb_act and
# optionally pb_report, and calls pb_main, which runs them in that fixed order and skips
# pb_act in check mode: check mode is a property of this shape, not of each module.
#
# The result is ONE line of JSON after a line holding PB_MARKER, printed by pb_exit; whatever
# else reaches stdout (a noisy login shell) is ignored by the controller.

PB_CHANGED=0
# Set once pb_act runs: from then on pb_stat looks afresh at every path.
PB__ACTED=0
PB_FAILED=0
PB_SKIPPED=0
PB_MSG=
PB_FIELDS=
PB_BLOBS=
PB_TMP=
PB_ATOMIC_TMP=
# The folder pb_atomic_begin is making its temp file in, until mktemp has told its name.
PB_ATOMIC_MAKING=
# A newline, for cutting command output into lines in memory (a `read` loop reads a byte at a
# time).
PB_NEWLINE='
'
# The umask (Linux 4.7+) and this program's own process id from the first six lines of the
# shell's own status: no subshell per run, and a byte-at-a-time `read` (as dash's is) of ~70
# bytes rather than the whole of /proc/self/stat. The program runs in a subshell of the
# connection's long-lived shell, where $$ names that shell (the same for every task); backup
# and temp file names use the program's own.
PB_UMASK=
PB_PID=
{ while read -r pb__key pb__value pb__rest; do
    case $pb__key in Umask:) PB_UMASK=$pb__value ;; Pid:) PB_PID=$pb__value && break ;; esac
done < /proc/self/status; } 2>/dev/null
case $PB_UMASK in 0[0-7][0-7][0-7]) ;; *) PB_UMASK=$(umask) ;; esac
case $PB_PID in '' | *[!0-9]*) PB_PID=$$ ;; esac

# Removes the temp file of an atomic replacement that did not finish. A signal may come while
# mktemp runs, when the file exists but this shell has not learned its name: the name starts
# with this program's pid, which no other live process has.
pb_atomic_discard() {
    if [ -n "$PB_ATOMIC_TMP" ]; then rm -f -- "$PB_ATOMIC_TMP"; fi
    if [ -n "$PB_ATOMIC_MAKING" ]; then rm -f -- "$PB_ATOMIC_MAKING/.pb-tmp.$PB_PID".*; fi
}

pb_cleanup() {
    pb_atomic_discard
    if [ -n "$PB_TMP" ]; then rm -rf -- "$PB_TMP"; fi
}
# A program whose connection was cut runs on (no terminal sends it a hangup) until it writes
# its result into the closed channel: SIGPIPE, on which it cleans up too.
trap 'pb_cleanup' EXIT
trap 'pb_cleanup; exit 129' HUP
trap 'pb_cleanup; exit 141' PIPE
trap 'pb_cleanup; exit 130' INT
trap 'pb_cleanup; exit 143' TERM

pb_probe() { :; }
pb_decide() { :; }
pb_act() { :; }
pb_report() { :; }

pb_main() {
    if [ "$PB_CHECK_MODE" != 1 ]; then pb_clean_stale "${TMPDIR:-/tmp}"; fi
    pb_probe
    pb_decide
    if [ "$PB_CHANGED" = 1 ] && [ "$PB_CHECK_MODE" != 1 ]; then
        PB__ACTED=1
        pb_act
    fi
    pb_report
    pb_exit
}

# --- result -----------------------------------------------------------------------------

# Sets PB_J to $1 as a JSON string literal. Plain text takes no process; anything else goes
# through awk in byte mode, which escapes quotes, backslashes and control characters and
# replaces bytes that are not valid UTF-8 with U+FFFD, so the result always parses.
pb_json_str() {
    case $1 in
    *[!A-Za-z0-9_./:@%+=,#\ -]*)
        PB_J=$(printf '%sx' "$1" | LC_ALL=C awk '
            BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i; out = "\"" }
            NR > 1 { out = out "\\n" }
            { s = $0; n = length(s); i = 1
              while (i <= n) {
                c = substr(s, i, 1); b = ord[c]
                if (c == "\"") { out = out "\\\""; i++; continue }
                if (c == "\\") { out = out "\\\\"; i++; continue }
                if (b < 32) {
                    if (b == 9) out = out "\\t"; else if (b == 13) out = out "\\r"
                    else out = out sprintf("\\u%04x", b)
                    i++; continue
                }
                if (b < 128) { out = out c; i++; continue }
                need = 0; lo = 128; hi = 191
                if (b >= 194 && b <= 223) need = 1
                else if (b == 224) { need = 2; lo = 160 }
                else if (b >= 225 && b <= 236 || b == 238 || b == 239) need = 2
                else if (b == 237) { need = 2; hi = 159 }
                else if (b == 240) { need = 3; lo = 144 }
                else if (b >= 241 && b <= 243) need = 3
                else if (b == 244) { need = 3; hi = 143 }
                ok = need > 0 && i + need <= n
                for (k = 1; ok && k <= need; k++) {
                    v = ord[substr(s, i + k, 1)]
                    if (k == 1 && (v < lo || v > hi)) ok = 0
                    if (k > 1 && (v < 128 || v > 191)) ok = 0
                }
                if (ok) { out = out substr(s, i, need + 1); i += need + 1 }
                else { out = out "\\ufffd"; i++ }
              }
            }
            END { sub(/x$/, "", out); printf "%s\"", out }')
        ;;
    *) PB_J="\"$1\"" ;;
    esac
}

pb_add_raw() { PB_FIELDS="$PB_FIELDS,\"$1\":$2"; }
pb_add_str() {
    pb_json_str "$2"
    PB_FIELDS="$PB_FIELDS,\"$1\":$PB_J"
}
pb_add_bool() {
    if [ "$2" = 1 ]; then pb_add_raw "$1" true; else pb_add_raw "$1" false; fi
}
pb_add_int() { pb_add_raw "$1" "${2:-0}"; }

# A newline-separated list as a JSON array of strings.
pb_add_list() {
    pb__key=$1
    pb__json=
    pb__rest=$2
    while [ -n "$pb__rest" ]; do
        pb__line=${pb__rest%%
*}
        if [ "$pb__line" = "$pb__rest" ]; then pb__rest=; else pb__rest=${pb__rest#*
}; fi
        pb_json_str "$pb__line"
        pb__json="$pb__json,$PB_J"
    done
    pb_add_raw "$pb__key" "[${pb__json#,}]"
}

# The bytes of a file, base64-encoded; the controller decodes them into the field `$1`.
# Used for anything large or binary (command output, file contents for diffs).
pb_add_file() {
    PB_BLOBS="$PB_BLOBS,\"$1\":\"$(base64 -w0 < "$2")\""
}

pb_changed() { PB_CHANGED=1; }
pb_msg() { PB_MSG=$1; }

pb_exit() {
    pb_json_str "$PB_MSG"
    pb__blobs=
    if [ -n "$PB_BLOBS" ]; then pb__blobs=",\"__pb_b64\":{${PB_BLOBS#,}}"; fi
    pb__c=false; pb__f=false; pb__s=
    if [ "$PB_CHANGED" = 1 ]; then pb__c=true; fi
    if [ "$PB_FAILED" = 1 ]; then pb__f=true; fi
    if [ "$PB_SKIPPED" = 1 ]; then pb__s=',"skipped":true'; fi
    printf '\n%s\n{"changed":%s,"failed":%s%s,"msg":%s%s%s}\n' \
        "$PB_MARKER" "$pb__c" "$pb__f" "$pb__s" "$PB_J" "$PB_FIELDS" "$pb__blobs"
    exit 0
}

pb_fail() {
    PB_FAILED=1
    PB_MSG=$1
    pb_exit
}

# Runs "$@" with its output kept in $PB_TMP/out and $PB_TMP/err; when it fails, the module
# fails with the command's exit status as rc and its error output as the message.
pb_run() {
    pb_tmpdir
    "$@" > "$PB_TMP/out" 2> "$PB_TMP/err" || {
        pb__rc=$?
        pb_add_int rc "$pb__rc"
        pb_fail "$(cat "$PB_TMP/err")"
    }
}

#include lib+files.sh
