# setup: facts about the host as `ansible_facts`, gathered with POSIX sh and the base tools
# only (/etc/os-release, /proc, /sys, ip, date). Reads only; never changes anything.
#
# Every host of a run gathers facts at once, often on few cores: each process started here
# costs more than the reading it does, so files are read with shell builtins (/proc/sys/kernel
# instead of uname, /etc/hosts instead of hostname -f, /proc and /sys instead of awk, the
# container systemd recorded instead of systemd-detect-virt). A tool runs only where no file
# says the same thing (ip for addresses, date for the local time) or where the file does not
# give a certain answer; it then reports what it always did.

facts=

fact_str() {
    pb_json_str "$2"
    facts="$facts,\"ansible_$1\":$PB_J"
}
fact_raw() { facts="$facts,\"ansible_$1\":$2"; }

# The first value of ID, NAME, VERSION_ID and VERSION_CODENAME, without enclosing quotes.
read_os_release() {
    os_id='' os_name='' os_version='' os_codename=''
    [ -r /etc/os-release ] || return 0
    seen=' '
    while IFS='=' read -r key value || [ -n "$key" ]; do
        case $key in ID | NAME | VERSION_ID | VERSION_CODENAME) ;; *) continue ;; esac
        case $seen in *" $key "*) continue ;; esac
        seen="$seen$key "
        case $value in \"*\") value=${value#\"}; value=${value%\"} ;; esac
        case $key in
        ID) os_id=$value ;; NAME) os_name=$value ;;
        VERSION_ID) os_version=$value ;; VERSION_CODENAME) os_codename=$value ;;
        esac
    done < /etc/os-release
}

pb_report() {
    read_os_release
    id=$os_id
    case $id in
    debian) distribution=Debian ;; ubuntu) distribution=Ubuntu ;;
    *) distribution=${os_name%% *} ;;
    esac
    version=$os_version
    if [ "$id" = debian ] && [ -r /etc/debian_version ]; then
        debian_version=
        read -r debian_version < /etc/debian_version || :
        case $debian_version in [0-9]*) version=$debian_version ;; esac
    fi
    fact_str distribution "$distribution"
    fact_str distribution_version "$version"
    fact_str distribution_major_version "${version%%.*}"
    fact_str distribution_release "$os_codename"
    case $id in debian | ubuntu | linuxmint | raspbian) family=Debian ;; *) family=$distribution ;; esac
    fact_str os_family "$family"
    read_kernel
    fact_str system "$k_system"
    fact_str kernel "$k_release"
    fact_str architecture "$k_machine"
    fact_str machine "$k_machine"
    host=$k_node
    fact_str nodename "$host"
    fact_str hostname "${host%%.*}"
    read_fqdn "$host"
    fact_str fqdn "$fqdn"
    case $fqdn in *.*) fact_str domain "${fqdn#*.}" ;; *) fact_str domain "" ;; esac
    read_proc
    if [ -z "$user" ]; then user=$(id -un); fi
    fact_str user_id "$user"
    if [ -d /run/systemd/system ]; then
        fact_str service_mgr systemd
    else
        init=
        { read -r init < /proc/1/comm; } 2>/dev/null || :
        fact_str service_mgr "$init"
    fi
    if command -v apt-get >/dev/null 2>&1; then fact_str pkg_mgr apt; else fact_str pkg_mgr unknown; fi
    fact_raw memtotal_mb "$memtotal"
    fact_raw memfree_mb "$memfree"
    fact_raw processor_vcpus "$vcpus"
    fact_raw processor_count "$sockets"
    # nproc also obeys the OpenMP variables; only then is it worth its process.
    if [ -z "$nproc" ] || [ -n "${OMP_NUM_THREADS-}${OMP_THREAD_LIMIT-}" ]; then
        nproc=$(nproc 2>/dev/null || echo "$vcpus")
    fi
    fact_raw processor_nproc "$nproc"
    fact_raw uptime_seconds "$uptime"
    if command -v systemd-detect-virt >/dev/null 2>&1; then
        # A container is detected before a virtual machine, so inside one `-c` names the same
        # type as a plain call, and only outside one is the second call needed.
        if recorded_container || virt=$(systemd-detect-virt -c 2>/dev/null); then
            fact_str virtualization_type "$virt"
            fact_str virtualization_role guest
        else
            virt=$(systemd-detect-virt 2>/dev/null) || virt=none
            fact_str virtualization_type "$virt"
        fi
    fi
    network_facts
    date_time
    pb_add_raw ansible_facts "{${facts#,}}"
}

# k_system, k_node, k_release, k_machine: what `uname -snrm` prints, from the files the kernel
# keeps them in (per UTS namespace, like uname's). uname runs only when one is missing
# (/proc/sys/kernel/arch is new in Linux 6.1) or the process has a personality (linux32 makes
# uname report another machine than the kernel's).
read_kernel() {
    k_system='' k_node='' k_release='' k_machine='' personality=''
    { read -r personality < /proc/self/personality && [ "$personality" = 00000000 ] &&
        read -r k_system < /proc/sys/kernel/ostype && read -r k_node < /proc/sys/kernel/hostname &&
        read -r k_release < /proc/sys/kernel/osrelease && read -r k_machine < /proc/sys/kernel/arch; } 2>/dev/null
    if [ -z "$k_system" ] || [ -z "$k_node" ] || [ -z "$k_release" ] || [ -z "$k_machine" ]; then
        # shellcheck disable=SC2046
        set -- $(uname -snrm)
        k_system=$1 k_node=$2 k_release=$3 k_machine=$4
    fi
}

# fqdn: what `hostname -f` prints for host $1 (the canonical name the resolver gives). When
# name lookups try /etc/hosts first and it has the name, that is the line's first name, as the
# resolver takes it; anything else (DNS, other sources, no line) is left to hostname itself.
read_fqdn() {
    fqdn=
    hosts_first=0
    if [ -r /etc/nsswitch.conf ]; then
        while read -r key first rest || [ -n "$key" ]; do
            [ "$key" = hosts: ] || continue
            case $first in files | files\ *) hosts_first=1 ;; esac
            break
        done < /etc/nsswitch.conf
    fi
    if [ "$hosts_first" = 1 ] && [ -r /etc/hosts ]; then
        # The resolver compares names without regard to case.
        wanted=$1
        case $1 in *[A-Z]*) wanted=$(printf '%s' "$1" | LC_ALL=C tr '[:upper:]' '[:lower:]') ;; esac
        while read -r address canonical names || [ -n "$address" ]; do
            case $address in '' | \#*) continue ;; esac
            # shellcheck disable=SC2086
            for name in $canonical $names; do
                case $name in \#*) break ;; esac
                lower=$name
                case $name in *[A-Z]*) lower=$(printf '%s' "$name" | LC_ALL=C tr '[:upper:]' '[:lower:]') ;; esac
                if [ "$lower" = "$wanted" ]; then
                    fqdn=$canonical
                    return 0
                fi
            done
        done < /etc/hosts
    fi
    fqdn=$(hostname -f 2>/dev/null) || fqdn=$1
    [ -n "$fqdn" ] || fqdn=$1
}

# virt: the container type systemd-detect-virt -c would name, from the file the container
# manager (/run/host/container-manager) or systemd at boot (/run/systemd/container) left.
# Fails, so that the tool itself decides, wherever it would look elsewhere first (OpenVZ, WSL,
# proot) or the file names no type it knows.
recorded_container() {
    virt=
    [ ! -e /proc/vz ] || return 1
    case $k_release in *Microsoft* | *WSL*) return 1 ;; esac
    [ "${tracer:-0}" = 0 ] || return 1
    { read -r virt < /run/host/container-manager || [ -n "$virt" ]; } 2>/dev/null ||
        { read -r virt < /run/systemd/container || [ -n "$virt" ]; } 2>/dev/null || virt=
    case $virt in
    systemd-nspawn | docker | podman | lxc | lxc-libvirt | rkt | pouch) return 0 ;;
    *) virt= && return 1 ;;
    esac
}

# memtotal, memfree (MiB), vcpus, sockets, uptime, nproc (CPUs this process may run on; empty
# when unknown), tracer (TracerPid) and user (the effective user's name; empty when
# /etc/passwd does not know it), read with builtins from /proc, /sys and /etc/passwd.
read_proc() {
    memtotal=0 memfree=0 vcpus=0 sockets=0 uptime=0 nproc='' user='' euid='' tracer=0
    if [ -r /proc/meminfo ]; then
        while read -r key value rest; do
            case $key in
            MemTotal:) memtotal=$((value / 1024)) ;;
            MemFree:) memfree=$((value / 1024)); break ;;
            esac
        done < /proc/meminfo
    fi
    read_cpus
    { read -r uptime rest < /proc/uptime; } 2>/dev/null || uptime=0
    uptime=${uptime%%.*}
    case $uptime in '' | *[!0-9]*) uptime=0 ;; esac
    while read -r key value rest; do
        case $key in
        TracerPid:) tracer=$value ;;
        Uid:)
            # shellcheck disable=SC2086
            set -- $rest
            euid=$1
            ;;
        Cpus_allowed_list:) count_list "$value" && nproc=$counted ;;
        esac
    done < /proc/self/status
    if [ -n "$euid" ] && [ -r /etc/passwd ]; then
        while IFS=: read -r name _ uid rest; do
            if [ "$uid" = "$euid" ]; then user=$name; break; fi
        done < /etc/passwd
    fi
}
# counted: how many CPUs a list like `0-3,8,10-11` names; fails on anything else.
count_list() {
    counted=0
    rest=$1,
    while [ -n "$rest" ]; do
        range=${rest%%,*}
        rest=${rest#*,}
        case $range in
        '') ;;
        *[!0-9-]* | *-*-* | -* | *-) return 1 ;;
        *-*) counted=$((counted + ${range#*-} - ${range%-*} + 1)) ;;
        *) counted=$((counted + 1)) ;;
        esac
    done
}

# vcpus (online CPUs, the `processor` entries of /proc/cpuinfo) and sockets (their distinct
# physical packages, its `physical id`s), from /sys: one small file per CPU instead of the
# whole of /proc/cpuinfo, which the shell reads a byte at a time. /proc/cpuinfo only without /sys.
read_cpus() {
    online=
    { read -r online < /sys/devices/system/cpu/online; } 2>/dev/null || online=
    if [ -n "$online" ] && count_list "$online"; then
        vcpus=$counted
        packages=' '
        rest=$online,
        while [ -n "$rest" ]; do
            range=${rest%%,*}
            rest=${rest#*,}
            [ -n "$range" ] || continue
            cpu=${range%-*}
            while [ "$cpu" -le "${range#*-}" ]; do
                package=
                { read -r package < "/sys/devices/system/cpu/cpu$cpu/topology/physical_package_id"; } 2>/dev/null || :
                case $package in '' | -1) ;; *) case $packages in *" $package "*) ;; *) packages="$packages$package " ;; esac ;; esac
                cpu=$((cpu + 1))
            done
        done
        # shellcheck disable=SC2086
        set -- $packages
        sockets=$#
    elif [ -r /proc/cpuinfo ]; then
        packages=' '
        while IFS=: read -r key value; do
            case $key in
            processor*) vcpus=$((vcpus + 1)) ;;
            'physical id'*) case $packages in *" $value "*) ;; *) packages="$packages$value " ;; esac ;;
            esac
        done < /proc/cpuinfo
        # shellcheck disable=SC2086
        set -- $packages
        sockets=$#
    fi
    [ "$vcpus" -gt 0 ] || vcpus=1
    [ "$sockets" -gt 0 ] || sockets=1
}

# default_ipv4 and all_ipv4_addresses, from one `ip` for the default route and the addresses.
network_facts() {
    if ! command -v ip >/dev/null 2>&1; then
        fact_raw default_ipv4 '{}'
        fact_raw all_ipv4_addresses '[]'
        return
    fi
    routes=$(ip -4 -o -batch - 2>/dev/null <<'END'
route show default
addr show
END
    ) || routes="$(ip -4 route show default 2>/dev/null)
$(ip -4 -o addr show 2>/dev/null)"
    gateway='' interface='' route_seen=0 address='' list=''
    while read -r first second third fourth rest; do
        case $first in
        default)
            [ "$route_seen" = 0 ] || continue
            route_seen=1
            # shellcheck disable=SC2086
            set -- $first $second $third $fourth $rest
            while [ $# -gt 0 ]; do
                # With -o, the next hops of a multipath route follow a backslash: not the first line.
                case $1 in via) gateway=$2 ;; dev) interface=$2 ;; \\*) break ;; esac
                shift
            done
            ;;
        [0-9]*:)
            [ "$third" = inet ] || continue
            [ "$second" = lo ] || list="$list,\"${fourth%/*}\""
            ;;
        esac
    done <<END
$routes
END
    if [ -n "$interface" ]; then
        while read -r first second third fourth rest; do
            case $first in [0-9]*:) ;; *) continue ;; esac
            if [ "$second" = "$interface" ] && [ "$third" = inet ]; then address=$fourth; break; fi
        done <<END
$routes
END
        mac=
        { read -r mac < "/sys/class/net/$interface/address"; } 2>/dev/null || :
        pb_json_str "$interface"
        o="\"interface\":$PB_J,\"alias\":$PB_J,\"address\":\"${address%/*}\",\"gateway\":\"$gateway\",\"prefix\":\"${address#*/}\",\"macaddress\":\"$mac\""
        fact_raw default_ipv4 "{$o}"
    else
        fact_raw default_ipv4 '{}'
    fi
    fact_raw all_ipv4_addresses "[${list#,}]"
}

# date_time from one `date`: the UTC time of iso8601 is worked out from the epoch.
date_time() {
    # shellcheck disable=SC2046
    set -- $(date '+%s %Y-%m-%d %H:%M:%S %Z')
    epoch=$1 day=$2 clock=$3 zone=$4
    days=$((epoch / 86400)) seconds=$((epoch % 86400))
    # Civil date of a day count since 1970-01-01, in 400-year eras (proleptic Gregorian).
    z=$((days + 719468))
    era=$((z / 146097))
    doe=$((z - era * 146097))
    yoe=$(((doe - doe / 1460 + doe / 36524 - doe / 146096) / 365))
    doy=$((doe - (365 * yoe + yoe / 4 - yoe / 100)))
    mp=$(((5 * doy + 2) / 153))
    d=$((doy - (153 * mp + 2) / 5 + 1))
    if [ "$mp" -lt 10 ]; then m=$((mp + 3)); else m=$((mp - 9)); fi
    y=$((yoe + era * 400))
    if [ "$m" -le 2 ]; then y=$((y + 1)); fi
    H=$((seconds / 3600)) M=$((seconds % 3600 / 60)) S=$((seconds % 60))
    [ "$m" -ge 10 ] || m=0$m
    [ "$d" -ge 10 ] || d=0$d
    [ "$H" -ge 10 ] || H=0$H
    [ "$M" -ge 10 ] || M=0$M
    [ "$S" -ge 10 ] || S=0$S
    fact_raw date_time "{\"epoch\":\"$epoch\",\"date\":\"$day\",\"time\":\"$clock\",\"iso8601\":\"$y-$m-${d}T$H:$M:${S}Z\",\"tz\":\"$zone\"}"
}

pb_main
