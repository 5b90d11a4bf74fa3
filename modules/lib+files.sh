# lib.sh, files: temporaries, stat, modes, owners and groups, atomic renames.

pb_tmpdir() {
    if [ -z "$PB_TMP" ]; then
        PB_TMP=$(umask 077 && mktemp -d "${TMPDIR:-/tmp}/pb.XXXXXXXXXX") ||
            pb_fail "cannot create a temporary directory"
        # Open for as long as this program runs: what marks the directory as in use.
        exec 7> "$PB_TMP/.alive"
    fi
}

# Leftovers of runs cut short (a killed connection or program): uploads (.pb-upload-*, their
# in-flight ..pb-upload-*.tmp, the private directories pb-upload-*/ and pb-deb-*/), new files
# never renamed (.pb-tmp.*), work directories (pb.*/). A program keeps its own temporaries open
# while it runs (fd 7, fd 9) and sftp-server keeps an upload open while writing it, so one that
# no process has open can never be finished: the next program looking at that directory
# removes it. An upload also waits between two steps of the controller without being open: its
# name carries the process id of its connection's login shell, which lives as long as the
# connection, and it is kept while that process runs. Names without that owner, and every
# upload where other users' processes are hidden from us (/proc mounted with hidepid), must
# instead be untouched for a moment.
PB_STALE_SECONDS=2

# Every program looks at its temp folder, most at a destination's folder too: two patterns,
# each one read of the folder (the names' patterns one by one took one read each), and the
# names sorted out after.
pb_clean_stale() {
    case $- in *f*) pb__noglob=1 && set +f ;; *) pb__noglob=0 ;; esac
    for pb__f in "$1"/.[.p]* "$1"/pb[.-]*; do
        pb__n=${pb__f##*/}
        case $pb__n in
        .pb-tmp.* | pb.?????????? | .pb-upload-* | ..pb-upload-*.tmp) ;;
        pb-upload.?????????? | pb-upload-*.?????????? | pb-deb.?????????? | pb-deb-*.??????????) ;;
        *) continue ;;
        esac
        [ -e "$pb__f" ] || continue
        case $pb__n in
        .pb-tmp.*) ;;
        pb.*) [ -e "$pb__f/.alive" ] || continue ;;
        *)
            pb__owner=${pb__n#*pb-upload-}
            case $pb__n in pb-deb-*) pb__owner=${pb__n#pb-deb-} ;; esac
            pb__owner=${pb__owner%%[.-]*}
            case $pb__n in
            .pb-upload-[0-9]*-* | ..pb-upload-[0-9]*-* | pb-upload-[0-9]*.* | pb-deb-[0-9]*.*) ;;
            *) pb__owner= ;;
            esac
            case $pb__owner in *[!0-9]*) pb__owner= ;; esac
            if [ -n "$pb__owner" ] && [ -d /proc/1 ]; then
                [ -d "/proc/$pb__owner" ] && continue
            else
                [ -z "$(find "$pb__f" -newermt "@$(($(date +%s) - PB_STALE_SECONDS))" -print -quit 2>/dev/null)" ] || continue
            fi
            ;;
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
# A task looks at its path when it probes and again for its result; when pb_act has not run in
# between, nothing changed it, so the second look reuses the first: one process less per file
# for a task that changes nothing. While and after acting, every look is fresh.
pb_stat() {
    if [ "$PB__ACTED" = 1 ] || [ "${pb__stat_key-}" != "${2-}/$1" ]; then
        if [ "${2-}" = follow ]; then
            pb__out=$(stat -L -c '%f %u %g %s %i %Y %U %G' -- "$1" 2>/dev/null) || pb__out=
        else
            pb__out=$(stat -c '%f %u %g %s %i %Y %U %G' -- "$1" 2>/dev/null) || pb__out=
        fi
        pb__stat_key="${2-}/$1" pb__stat_out=$pb__out
    fi
    if [ -z "$pb__stat_out" ]; then
        pb_st_exists=0 pb_st_type='' pb_st_mode='' pb_st_uid='' pb_st_gid='' pb_st_size=''
        pb_st_inode='' pb_st_owner='' pb_st_group='' pb_st_mtime=
        return 1
    fi
    # shellcheck disable=SC2086
    set -- $pb__stat_out
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

# pb_add_path_state PATH STATE: a result that names a path gets the path's attributes and, as
# `state`, its kind when it exists (Ansible's add_path_info), else STATE.
pb_add_path_state() {
    pb__state=$2
    if [ -n "$1" ] && pb_add_path_info "$1"; then
        if [ -L "$1" ]; then
            pb__state='link'
        elif [ -d "$1" ]; then
            pb__state='directory'
        elif [ "$(stat -L -c %h -- "$1")" -gt 1 ]; then
            pb__state='hard'
        else
            pb__state='file'
        fi
    fi
    pb_add_str state "$pb__state"
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

# pb_stat_sha1 PATH: pb_stat PATH, and PB_SHA1 of it unless it is a link or a directory (empty
# when it cannot be read), from one subshell: stat, then sha1sum as the subshell's last command,
# a fork less than pb_stat and pb_sha1 one after the other.
pb_stat_sha1() {
    PB_SHA1=
    pb__out=$(stat -c '%f %u %g %s %i %Y %U %G' -- "$1" 2>/dev/null &&
        { [ -L "$1" ] || [ -d "$1" ] || sha1sum < "$1"; }) || :
    pb__stat_key="/$1" pb__stat_out=${pb__out%%
*}
    # A second line is sha1sum's.
    case $pb__out in
    *"
"*)
        PB_SHA1=${pb__out#*
}
        PB_SHA1=${PB_SHA1%% *}
        ;;
    esac
    pb_stat "$1"
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
    # The first source of the passwd and the group line, as ` passwd:files group:files `: read
    # once per program for both, where a task checking an owner and a group read the file (a
    # byte at a time, through its comments) twice.
    if [ -z "${PB__NSS-}" ]; then
        PB__NSS=' '
        { while read -r pb__key pb__first pb__rest || [ -n "$pb__key" ]; do
            case $pb__key in passwd: | group:) ;; *) continue ;; esac
            case $PB__NSS in *" $pb__key"*) ;; *) PB__NSS="$PB__NSS$pb__key$pb__first " ;; esac
            case $PB__NSS in *passwd:*group:* | *group:*passwd:*) break ;; esac
        done < /etc/nsswitch.conf; } 2>/dev/null
    fi
    case $PB__NSS in *" $1:files "*) ;; *) return 1 ;; esac
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
    PB_ATOMIC_MAKING=$PB_DIR
    PB_ATOMIC_TMP=$(umask 077 && mktemp "$PB_DIR/.pb-tmp.$PB_PID.XXXXXXXXXX") ||
        pb_fail "cannot create a temporary file in $PB_DIR"
    PB_ATOMIC_MAKING=
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

# pb_replace_with SOURCE DEST [MESSAGE]: DEST replaced atomically by SOURCE's bytes, keeping
# DEST's mode and owner, or giving a new file the mode the umask allows; MESSAGE (default: the
# temp file's name) says what failed to be written.
pb_replace_with() {
    pb_atomic_begin "$2"
    cat -- "$1" > "$PB_ATOMIC_TMP" || pb_fail "${3:-Failed to write to file $PB_ATOMIC_TMP}"
    if pb_stat "$2" follow; then
        pb_atomic_commit "$2" "$pb_st_mode" "$pb_st_uid" "$pb_st_gid"
    else
        pb_default_mode "$2" 0666
        pb_atomic_commit "$2" "$PB_MODE"
    fi
}
