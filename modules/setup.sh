# setup: facts about the host as `ansible_facts`, gathered with POSIX sh and the base tools
# only (/etc/os-release, uname, /proc, ip). Reads only; never changes anything.

facts=

fact_str() {
    pb_json_str "$2"
    facts="$facts,\"ansible_$1\":$PB_J"
}
fact_raw() { facts="$facts,\"ansible_$1\":$2"; }

os_release() {
    sed -n "s/^$1=//p" /etc/os-release 2>/dev/null | head -n 1 | sed 's/^"\(.*\)"$/\1/'
}

pb_report() {
    id=$(os_release ID)
    case $id in
    debian) distribution=Debian ;; ubuntu) distribution=Ubuntu ;;
    *) distribution=$(os_release NAME); distribution=${distribution%% *} ;;
    esac
    version=$(os_release VERSION_ID)
    if [ "$id" = debian ] && [ -r /etc/debian_version ]; then
        case $(cat /etc/debian_version) in [0-9]*) version=$(cat /etc/debian_version) ;; esac
    fi
    fact_str distribution "$distribution"
    fact_str distribution_version "$version"
    fact_str distribution_major_version "${version%%.*}"
    fact_str distribution_release "$(os_release VERSION_CODENAME)"
    case $id in debian | ubuntu | linuxmint | raspbian) family=Debian ;; *) family=$distribution ;; esac
    fact_str os_family "$family"
    fact_str system "$(uname -s)"
    fact_str kernel "$(uname -r)"
    fact_str architecture "$(uname -m)"
    fact_str machine "$(uname -m)"
    host=$(uname -n)
    fact_str nodename "$host"
    fact_str hostname "${host%%.*}"
    fqdn=$(hostname -f 2>/dev/null) || fqdn=$host
    [ -n "$fqdn" ] || fqdn=$host
    fact_str fqdn "$fqdn"
    case $fqdn in *.*) fact_str domain "${fqdn#*.}" ;; *) fact_str domain "" ;; esac
    fact_str user_id "$(id -un)"
    if [ -d /run/systemd/system ]; then fact_str service_mgr systemd; else fact_str service_mgr "$(cat /proc/1/comm 2>/dev/null)"; fi
    if command -v apt-get >/dev/null 2>&1; then fact_str pkg_mgr apt; else fact_str pkg_mgr unknown; fi
    total=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
    free=$(awk '/^MemFree:/ { print int($2 / 1024) }' /proc/meminfo)
    fact_raw memtotal_mb "${total:-0}"
    fact_raw memfree_mb "${free:-0}"
    vcpus=$(grep -c '^processor' /proc/cpuinfo 2>/dev/null) || vcpus=1
    sockets=$(awk -F': ' '/^physical id/ { seen[$2] = 1 } END { n = 0; for (k in seen) n++; print (n ? n : 1) }' /proc/cpuinfo)
    fact_raw processor_vcpus "$vcpus"
    fact_raw processor_count "$sockets"
    fact_raw processor_nproc "$(nproc 2>/dev/null || echo "$vcpus")"
    fact_raw uptime_seconds "$(awk '{ print int($1) }' /proc/uptime)"
    if command -v systemd-detect-virt >/dev/null 2>&1; then
        virt=$(systemd-detect-virt 2>/dev/null) || virt=none
        fact_str virtualization_type "$virt"
        if systemd-detect-virt -c >/dev/null 2>&1; then fact_str virtualization_role guest; fi
    fi
    default_ipv4
    all_ipv4
    fact_raw date_time "{\"epoch\":\"$(date +%s)\",\"date\":\"$(date +%Y-%m-%d)\",\"time\":\"$(date +%H:%M:%S)\",\"iso8601\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"tz\":\"$(date +%Z)\"}"
    pb_add_raw ansible_facts "{${facts#,}}"
}

default_ipv4() {
    command -v ip >/dev/null 2>&1 || { fact_raw default_ipv4 '{}'; return; }
    # shellcheck disable=SC2046
    set -- $(ip -4 route show default 2>/dev/null | head -n 1)
    gateway='' interface=''
    while [ $# -gt 0 ]; do
        case $1 in via) gateway=$2 ;; dev) interface=$2 ;; esac
        shift
    done
    if [ -z "$interface" ]; then fact_raw default_ipv4 '{}'; return; fi
    cidr=$(ip -4 -o addr show dev "$interface" 2>/dev/null | awk '{ print $4; exit }')
    mac=$(cat "/sys/class/net/$interface/address" 2>/dev/null)
    prefix=${cidr#*/}
    pb_json_str "$interface"
    o="\"interface\":$PB_J,\"alias\":$PB_J,\"address\":\"${cidr%/*}\",\"gateway\":\"$gateway\",\"prefix\":\"$prefix\",\"macaddress\":\"$mac\""
    fact_raw default_ipv4 "{$o}"
}

all_ipv4() {
    list=
    if command -v ip >/dev/null 2>&1; then
        for cidr in $(ip -4 -o addr show 2>/dev/null | awk '$2 != "lo" { print $4 }'); do
            list="$list,\"${cidr%/*}\""
        done
    fi
    fact_raw all_ipv4_addresses "[${list#,}]"
}

pb_main
