# apt, its dpkg side: what dpkg's status file says is installed, and the refusal of a package
# database that an interrupted dpkg left inconsistent.

# One read of dpkg's status file gives what a task that changes nothing needs, where a dpkg
# --audit pipeline, a dpkg-query per package and a date cost ten processes: the time now (awk's
# srand() returns the time of day it seeded with), the packages dpkg --audit reports (left
# half-installed, half-configured, unpacked or awaiting triggers), and name, architecture,
# state and version of each package named in $1. dpkg's journal is not read: a non-empty one
# is refused before any version is looked at (refuse_interrupted_dpkg). The same subshell asks
# stat for the age of the package lists (cache_age) after a line of its own: stat is its last
# command, a fork less than a subshell of its own. Sets dpkg_table, now and dpkg_cache_times.
read_dpkg_status() {
    dpkg_names=" $1 "
    find_cache_files
    dpkg_table=$(awk -v names="$dpkg_names" '
        function flush() {
            if (pkg != "" && (flag == "reinstreq" || (st != "installed" && st != "config-files" && st != "not-installed")))
                print "audit", pkg
            if (pkg != "" && (index(names, " " pkg " ") || index(names, " " pkg ":" arch " ")))
                print "pkg", pkg, arch, st, ver
            pkg = ""; arch = ""; st = ""; ver = ""; flag = ""
        }
        BEGIN { srand(); print "now", srand() }
        /^Package:/ { pkg = $2 }
        /^Architecture:/ { arch = $2 }
        /^Version:/ { ver = $2 }
        /^Status:/ { flag = $3; st = $4 }
        /^$/ { flush() }
        END { flush() }' /var/lib/dpkg/status 2>/dev/null
        if [ -n "$cache_files" ]; then
            printf '\n%s\n' -stat-
            # shellcheck disable=SC2086 # fixed paths, and the program runs with set -f
            stat -c %Y -- $cache_files 2>/dev/null
        fi)
    dpkg_cache_times=
    case $dpkg_table in
    *"$DV_NEWLINE"-stat-*)
        # The substitution dropped the newline after stat's last line, or after the mark.
        dpkg_table="$dpkg_table$DV_NEWLINE"
        dpkg_cache_times=${dpkg_table##*"$DV_NEWLINE"-stat-"$DV_NEWLINE"}
        dpkg_table=${dpkg_table%"$DV_NEWLINE"-stat-"$DV_NEWLINE"*}
        dpkg_table=${dpkg_table%"$DV_NEWLINE"}
        ;;
    esac
    now=${dpkg_table#now }
    now=${now%%[!0-9]*}
    [ "${now:-0}" -gt 1000000000 ] || now=$(date +%s)
}

# Sets $version to the installed version of package $1 (`name` or `name:arch`) and succeeds, or
# fails when it is not installed; $2 is the dpkg state asked for (default installed).
installed_version() {
    version=
    case $dpkg_names in *" $1 "*) ;; *) dv_ask_dpkg=1 ;; esac
    case $1 in *[*?[]*) dv_ask_dpkg=1 ;; esac
    if [ "${dv_ask_dpkg-}" = 1 ]; then
        # A pattern, or a name not in the table (a .deb's package): dpkg-query answers.
        dv_ask_dpkg=0
        dv_status=$(dpkg-query -W -f='${db:Status-Abbrev}|${Version}' -- "$1" 2>/dev/null) || return 1
        case $dv_status in
        ?i*) [ "${2:-installed}" = installed ] ;;
        ?c*) [ "${2-}" = config-files ] ;;
        *) false ;;
        esac || return 1
        version=${dv_status#*|}
        return 0
    fi
    dv_package=$1 dv_wanted=${2:-installed}
    dv_rest=$dpkg_table
    while [ -n "$dv_rest" ]; do
        dpkg_table_line
        if [ "$dv_kind" != pkg ] || [ "$dv_name" != "${dv_package%%:*}" ] || [ "$dv_state" != "$dv_wanted" ]; then continue; fi
        case $dv_package in *:*) [ "$dv_arch" = "${dv_package#*:}" ] || continue ;; esac
        version=$dv_version
        return 0
    done
    return 1
}

# The next line of the table in $dv_rest, split into words as `read` would (the version takes
# what is left): in memory, where `read` from a here-document reads a byte at a time.
dpkg_table_line() {
    dv_line=${dv_rest%%"$DV_NEWLINE"*}
    if [ "$dv_line" = "$dv_rest" ]; then dv_rest=; else dv_rest=${dv_rest#*"$DV_NEWLINE"}; fi
    # shellcheck disable=SC2086 # words of the table, split on purpose (the program runs with set -f)
    set -- $dv_line
    dv_kind=${1-} dv_name=${2-} dv_arch=${3-} dv_state=${4-}
    shift $(($# < 4 ? $# : 4))
    dv_version="$*"
}
DV_NEWLINE='
'

# dpkg killed half-way (a killed apt-get, a lost connection, a power cut) leaves packages
# half-installed or half-configured, or its journal unapplied: apt would then act on a package
# database that does not say what is on disk, and this module would report packages present
# that are not. Refused with what to run instead.
refuse_interrupted_dpkg() {
    audit=
    dv_rest=$dpkg_table
    while [ -n "$dv_rest" ]; do
        dpkg_table_line
        if [ "$dv_kind" = audit ]; then audit="$audit$dv_name "; fi
    done
    # Journal entries are the all-digit names (as apt counts them); a stray tmp.i is not one.
    journal=
    set +f
    for entry in /var/lib/dpkg/updates/*; do
        case ${entry##*/} in *[!0-9]* | '') ;; *) journal=$entry && break ;; esac
    done
    set -f
    if [ -n "$audit$journal" ]; then
        pb_fail "dpkg was interrupted and left the package database inconsistent${audit:+ (${audit% })}; run 'dpkg --configure -a' on the host (reinstall a package it reports half-installed), then run this task again"
    fi
}
