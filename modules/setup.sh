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
    seen=' ' found=0
    while IFS='=' read -r key value || [ -n "$key" ]; do
        case $key in ID | NAME | VERSION_ID | VERSION_CODENAME) ;; *) continue ;; esac
        case $seen in *" $key "*) continue ;; esac
        seen="$seen$key "
        case $value in \"*\") value=${value#\"}; value=${value%\"} ;; esac
        case $key in
        ID) os_id=$value ;; NAME) os_name=$value ;;
        VERSION_ID) os_version=$value ;; VERSION_CODENAME) os_codename=$value ;;
        esac
        # All four known: the lines left (URLs, mostly) are not read, a byte at a time.
        found=$((found + 1))
        [ "$found" -lt 4 ] || break
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
    run_tools
    network_facts
    date_time
    more_facts
    pb_add_raw ansible_facts "{${facts#,}}"
}

#include setup+system.sh
#include setup+network.sh
#include setup+more.sh

# date_time from one `date`: the UTC time of iso8601 is worked out from the epoch.
date_time() {
    # shellcheck disable=SC2086
    set -- $date_out
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
