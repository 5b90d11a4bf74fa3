# setup, its system side: kernel names, the fully qualified name, the container type, memory,
# CPUs, uptime, and the running process's CPU set, tracer and user, from the files the kernel keeps.

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

# memtotal, memfree, buffers, cached and the swap figures (MiB), vcpus, sockets, uptime, nproc
# (CPUs this process may run on; empty when unknown), tracer (TracerPid), the real and
# effective user and group ids, and user with user_gid, user_gecos, user_dir and user_shell (the
# effective user's /etc/passwd entry; empty when it has none), read with builtins from /proc,
# /sys and /etc/passwd.
read_proc() {
    memtotal=0 memfree=0 buffers=0 cached=0 swapcached=0 swaptotal=0 swapfree=0
    vcpus=0 sockets=0 uptime=0 nproc='' user='' ruid='' euid='' rgid='' egid='' tracer=0
    user_gid='' user_gecos='' user_dir='' user_shell=''
    if [ -r /proc/meminfo ]; then
        # Each figure in MiB before any sum, as Ansible works them out; SwapFree is the last read.
        while read -r key value rest; do
            case $key in
            MemTotal:) memtotal=$((value / 1024)) ;;
            MemFree:) memfree=$((value / 1024)) ;;
            Buffers:) buffers=$((value / 1024)) ;;
            Cached:) cached=$((value / 1024)) ;;
            SwapCached:) swapcached=$((value / 1024)) ;;
            SwapTotal:) swaptotal=$((value / 1024)) ;;
            SwapFree:) swapfree=$((value / 1024)) && break ;;
            esac
        done < /proc/meminfo
    fi
    read_cpus
    { read -r uptime rest < /proc/uptime; } 2>/dev/null || uptime=0
    uptime=${uptime%%.*}
    case $uptime in '' | *[!0-9]*) uptime=0 ;; esac
    # Up to the last of the three lines only: what follows (Mems_allowed alone is ~300 bytes)
    # would be read a byte at a time for nothing.
    status_seen=0
    while read -r key value rest; do
        case $key in
        TracerPid:) tracer=$value ;;
        Uid: | Gid:)
            # shellcheck disable=SC2086
            set -- $rest
            case $key in Uid:) ruid=$value euid=$1 ;; *) rgid=$value egid=$1 ;; esac
            ;;
        Cpus_allowed_list:) count_list "$value" && nproc=$counted ;;
        *) continue ;;
        esac
        # Each line comes once in the file.
        status_seen=$((status_seen + 1))
        [ "$status_seen" -lt 4 ] || break
    done < /proc/self/status
    if [ -n "$euid" ] && [ -r /etc/passwd ]; then
        while IFS=: read -r name _ uid gid gecos dir shell; do
            if [ "$uid" = "$euid" ]; then
                user=$name user_gid=$gid user_gecos=$gecos user_dir=$dir user_shell=$shell
                break
            fi
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
    # core_pairs and core_packages: each CPU's distinct package:core numbers and packages (-1
    # included), known only when every online CPU's two numbers could be read.
    core_pairs=' ' core_packages=' ' core_pairs_known=0
    { read -r online < /sys/devices/system/cpu/online; } 2>/dev/null || online=
    if [ -n "$online" ] && count_list "$online"; then
        vcpus=$counted
        packages=' '
        core_pairs_known=1
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
                core=
                { read -r core < "/sys/devices/system/cpu/cpu$cpu/topology/core_id"; } 2>/dev/null || :
                if [ -z "$core" ] || [ -z "$package" ]; then
                    core_pairs_known=0
                else
                    case $core_pairs in *" $package:$core "*) ;; *) core_pairs="$core_pairs$package:$core " ;; esac
                    case $core_packages in *" $package "*) ;; *) core_packages="$core_packages$package " ;; esac
                fi
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
