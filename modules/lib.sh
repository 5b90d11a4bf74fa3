# Shared helpers of every module program. POSIX sh: runs under dash with coreutils, awk, sed.
#
# A module program is this file, then the settings the controller renders (PB_MODULE,
# PB_MARKER, PB_CHECK_MODE, PB_DIFF, one pb_<argument> variable per argument given, generated
# functions), then the module body. The body defines pb_probe, pb_decide, pb_act and
# optionally pb_report, and calls pb_main, which runs them in that fixed order and skips
# pb_act in check mode: check mode is a property of this shape, not of each module.
#
# The result is ONE line of JSON after a line holding PB_MARKER, printed by pb_exit; whatever
# else reaches stdout (a noisy login shell) is ignored by the controller.

PB_CHANGED=0
PB_FAILED=0
PB_SKIPPED=0
PB_MSG=
PB_FIELDS=
PB_BLOBS=
PB_TMP=
PB_ATOMIC_TMP=
# The umask from the second line of the shell's own status (Linux 4.7+): no subshell per run.
PB_UMASK=
{ while read -r pb__key pb__value; do
    case $pb__key in Umask:) PB_UMASK=$pb__value && break ;; Name:) ;; *) break ;; esac
done < /proc/self/status; } 2>/dev/null
case $PB_UMASK in 0[0-7][0-7][0-7]) ;; *) PB_UMASK=$(umask) ;; esac
# This program's own process id: it runs in a subshell of the connection's long-lived shell,
# where $$ names that shell (the same for every task); backup names use the program's own.
{ read -r PB_PID pb__rest < /proc/self/stat; } 2>/dev/null
case $PB_PID in '' | *[!0-9]*) PB_PID=$$ ;; esac

pb_cleanup() {
    if [ -n "$PB_ATOMIC_TMP" ]; then rm -f -- "$PB_ATOMIC_TMP"; fi
    if [ -n "$PB_TMP" ]; then rm -rf -- "$PB_TMP"; fi
}
trap 'pb_cleanup' EXIT
trap 'pb_cleanup; exit 129' HUP
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
    *[!A-Za-z0-9_./:@%+=,\ -]*)
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

# --- files ------------------------------------------------------------------------------

pb_tmpdir() {
    if [ -z "$PB_TMP" ]; then
        PB_TMP=$(umask 077 && mktemp -d "${TMPDIR:-/tmp}/pb.XXXXXXXXXX") ||
            pb_fail "cannot create a temporary directory"
        # Open for as long as this program runs: what marks the directory as in use.
        exec 7> "$PB_TMP/.alive"
    fi
}

# Leftovers of runs cut short (a killed connection or program): uploads (.pb-upload-*,
# ..pb-upload-*.tmp, pb-upload.*/), new files never renamed (.pb-tmp.*), work directories
# (pb.*/). A program keeps its own temporaries open while it runs (fd 7, fd 9) and sftp-server
# keeps an upload open while writing it, so one that no process has open can never be
# finished: the next program looking at that directory removes it. An upload waits between
# two steps of the controller without being open; it must also be untouched for a moment.
PB_STALE_SECONDS=2

pb_clean_stale() {
    case $- in *f*) pb__noglob=1 && set +f ;; *) pb__noglob=0 ;; esac
    for pb__f in "$1"/.pb-tmp.* "$1"/pb.?????????? "$1"/.pb-upload-* "$1"/..pb-upload-*.tmp "$1"/pb-upload.??????????; do
        [ -e "$pb__f" ] || continue
        case ${pb__f##*/} in
        .pb-tmp.*) ;;
        pb.*) [ -e "$pb__f/.alive" ] || continue ;;
        *) [ -z "$(find "$pb__f" -newermt "@$(($(date +%s) - PB_STALE_SECONDS))" -print -quit 2>/dev/null)" ] || continue ;;
        esac
        pb_in_use "$pb__f" || rm -rf -- "$pb__f" 2>/dev/null
    done
    if [ "$pb__noglob" = 1 ]; then set -f; fi
}

# Whether some process has the file $1, or a file under the directory $1, open.
pb_in_use() {
    find /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 -printf '%l\n' 2>/dev/null | PB__OPEN=$1 awk '
        $0 == ENVIRON["PB__OPEN"] || index($0, ENVIRON["PB__OPEN"] "/") == 1 { found = 1 }
        END { exit !found }'
}

# pb_stat PATH [follow]: sets pb_st_exists (0/1), pb_st_type (file, directory, link, other),
# pb_st_mode (four octal digits), pb_st_uid, pb_st_gid, pb_st_size, pb_st_inode, pb_st_owner,
# pb_st_group, pb_st_mtime.
pb_stat() {
    if [ "${2-}" = follow ]; then
        pb__out=$(stat -L -c '%f %u %g %s %i %Y %U %G' -- "$1" 2>/dev/null)
    else
        pb__out=$(stat -c '%f %u %g %s %i %Y %U %G' -- "$1" 2>/dev/null)
    fi || {
        pb_st_exists=0 pb_st_type='' pb_st_mode='' pb_st_uid='' pb_st_gid='' pb_st_size=''
        pb_st_inode='' pb_st_owner='' pb_st_group='' pb_st_mtime=
        return 1
    }
    # shellcheck disable=SC2086
    set -- $pb__out
    pb_st_exists=1
    pb__raw=$((0x$1))
    case $((pb__raw & 0170000)) in
    32768) pb_st_type='file' ;;
    16384) pb_st_type='directory' ;;
    40960) pb_st_type='link' ;;
    *) pb_st_type='other' ;;
    esac
    pb_octal4 $((pb__raw & 07777))
    pb_st_mode=$PB_OCTAL
    pb_st_uid=$2 pb_st_gid=$3 pb_st_size=$4 pb_st_inode=$5 pb_st_mtime=$6 pb_st_owner=$7 pb_st_group=$8
}

# pb_add_path_info PATH [follow]: the attribute fields Ansible's modules add to a result that
# names a path or dest (add_path_info): uid, gid, owner, group, mode and size, as pb_stat finds
# them; fails, adding nothing, when there is no such path. `state` is the caller's to add.
pb_add_path_info() {
    pb_stat "$@" || return 1
    pb_add_int uid "$pb_st_uid"
    pb_add_int gid "$pb_st_gid"
    pb_add_str owner "$pb_st_owner"
    pb_add_str group "$pb_st_group"
    pb_add_str mode "$pb_st_mode"
    pb_add_int size "$pb_st_size"
}

# PB_OCTAL: the number $1 (0-07777) as four octal digits, what printf '%04o' prints, in
# arithmetic: a command substitution would fork once per file a task looks at.
pb_octal4() {
    if [ "$1" -gt 4095 ] || [ "$1" -lt 0 ]; then PB_OCTAL=$(printf '%04o' "$1") && return 0; fi
    PB_OCTAL=$(($1 >> 9 & 7))$(($1 >> 6 & 7))$(($1 >> 3 & 7))$(($1 & 7))
}

pb_sha1() {
    PB_SHA1=$(sha1sum < "$1") || return 1
    PB_SHA1=${PB_SHA1%% *}
}

pb_dirname() {
    case $1 in
    */*) PB_DIR=${1%/*}; [ -n "$PB_DIR" ] || PB_DIR=/ ;;
    *) PB_DIR=. ;;
    esac
}

# The mode a file gets: $1 is a generated function (pb_mode_<argument>) that turns $m, the
# current mode, into the requested one ($d = 1 for a directory); sets PB_MODE.
pb_compute_mode() {
    m=$((0$2))
    d=$3
    "$1"
    pb_octal4 "$m"
    PB_MODE=$PB_OCTAL
}

# The numeric uid of a user name or number; fails the module when there is no such user.
pb_uid() {
    case $1 in
    '' | *[!0-9]*) if pb_files_lookup passwd "$1"; then PB_UID=$PB_FOUND && return 0; fi ;;
    esac
    PB_UID=$(id -u -- "$1" 2>/dev/null) || pb_fail "chown failed: failed to look up user $1"
}

pb_gid() {
    case $1 in
    *[!0-9]*)
        if pb_files_lookup group "$1"; then PB_GID=$PB_FOUND && return 0; fi
        PB_GID=$(getent group -- "$1" 2>/dev/null) || pb_fail "chgrp failed: failed to look up group $1"
        PB_GID=${PB_GID#*:*:}
        PB_GID=${PB_GID%%:*}
        ;;
    *) PB_GID=$1 ;;
    esac
}

# pb_files_lookup DATABASE NAME: sets PB_FOUND to the id of NAME in /etc/DATABASE (passwd or
# group) when the name service asks that file first, as id and getent then answer; fails
# otherwise, and the caller asks the tool. Saves a process per owner or group a task checks.
pb_files_lookup() {
    PB_FOUND=
    pb__first=
    { while read -r pb__key pb__first pb__rest || [ -n "$pb__key" ]; do
        [ "$pb__key" = "$1:" ] && break
        pb__first=
    done < /etc/nsswitch.conf; } 2>/dev/null
    case $pb__first in files) ;; *) return 1 ;; esac
    { while IFS=: read -r pb__name _ pb__id pb__rest || [ -n "$pb__name" ]; do
        case $pb__name in [+-]*) return 1 ;; esac
        if [ "$pb__name" = "$2" ]; then
            case $pb__id in '' | *[!0-9]*) return 1 ;; esac
            PB_FOUND=$pb__id
            return 0
        fi
    done < "/etc/$1"; } 2>/dev/null
    return 1
}

# Atomic replacement of a file: pb_atomic_begin DEST makes PB_ATOMIC_TMP, a 0600 temp file in
# DEST's directory (same filesystem, so the rename is atomic); the caller fills it;
# pb_atomic_commit DEST MODE [OWNER] [GROUP] sets owner, group and mode on the temp file
# BEFORE the rename (a new file never exists with wider permissions than asked), flushes it to
# disk, renames it over DEST and flushes the directory. An interrupted run leaves DEST as it
# was; the EXIT/INT/TERM/HUP traps remove the temp file.
pb_atomic_begin() {
    pb_dirname "$1"
    PB_ATOMIC_TMP=$(umask 077 && mktemp "$PB_DIR/.pb-tmp.XXXXXXXXXX") ||
        pb_fail "cannot create a temporary file in $PB_DIR"
    # Open until this program ends, so that no other run takes it for a leftover.
    exec 9< "$PB_ATOMIC_TMP"
}

pb_atomic_commit() {
    if [ -n "${3-}" ] || [ -n "${4-}" ]; then
        pb__err=$(chown -- "${3-}${4:+:$4}" "$PB_ATOMIC_TMP" 2>&1) || pb_fail "chown failed: $pb__err"
    fi
    chmod -- "$2" "$PB_ATOMIC_TMP" || pb_fail "chmod $2 failed on $PB_ATOMIC_TMP"
    sync -- "$PB_ATOMIC_TMP" || pb_fail "cannot flush $PB_ATOMIC_TMP to disk"
    mv -f -- "$PB_ATOMIC_TMP" "$1" || pb_fail "cannot rename the temporary file onto $1"
    PB_ATOMIC_TMP=
    pb_dirname "$1"
    sync -- "$PB_DIR" 2>/dev/null || :
}

# The mode a new file gets when no mode is asked for: what the user's umask allows.
pb_default_mode() {
    pb_octal4 $(( ${2:-0666} & ~0$PB_UMASK ))
    PB_MODE=$PB_OCTAL
}
