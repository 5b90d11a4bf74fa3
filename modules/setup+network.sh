# setup, its network side: default_ipv4 and default_ipv6 (the interface and source address of
# the route to a public address, as Ansible asks for them), all_ipv4_addresses,
# all_ipv6_addresses, interfaces and one fact per interface (its link and its addresses), from
# one `ip` run. The interfaces are those `ip` shows: in a container, those of its own network
# namespace. Each interface's values wait in variables named after its index (names may hold
# characters no variable can).

# The tools the facts need, in one subshell: `export -p` (a builtin, whose output is read only
# through a subshell), ip, and date as the subshell's last command, which it runs in its own
# process: a fork less than a subshell for each. Sets have_ip, env_out (export -p's lines),
# routes (ip's routes, links and addresses) and date_out (date's line), told apart by marker
# lines. Where ip cannot run a batch (an old or reduced ip prints nothing), it is asked once per
# part.
run_tools() {
    have_ip=1
    command -v ip >/dev/null 2>&1 || have_ip=0
    # -force: a family without a route fails its `route get` and the rest still runs.
    tools_out=$(
        export -p
        printf '\n%s\n' -ip-
        if [ "$have_ip" = 1 ]; then
            ip -o -force -batch - 2>/dev/null <<'END'
route get 8.8.8.8
route get 2404:6800:400a:800::1012
link show
addr show
END
        fi
        printf '\n%s\n' -date-
        date '+%s %Y-%m-%d %H:%M:%S %Z')
    # The substitution dropped the newline after date's line, or after the mark if date printed none.
    tools_out="$tools_out$PB_NEWLINE"
    # Each cut is searched from the end nearest to it (export -p's lines are the short part): a
    # pattern starting with `*` cut from the front tries every length of the text, each from its
    # start, quadratic in dash.
    date_out=${tools_out##*"$PB_NEWLINE"-date-"$PB_NEWLINE"}
    date_out=${date_out%"$PB_NEWLINE"}
    env_out=${tools_out%%"$PB_NEWLINE"-ip-"$PB_NEWLINE"*}
    routes=${tools_out%"$PB_NEWLINE"-date-"$PB_NEWLINE"*}
    routes=${routes#*"$PB_NEWLINE"-ip-"$PB_NEWLINE"}
    if [ "$have_ip" = 1 ]; then
        case $routes in
        *[0-9]:\ *) ;;
        *)
            routes="$(ip -o route get 8.8.8.8 2>/dev/null)
$(ip -o route get 2404:6800:400a:800::1012 2>/dev/null)
$(ip -o link show 2>/dev/null)
$(ip -o addr show 2>/dev/null)"
            ;;
        esac
    fi
}

network_facts() {
    if [ "$have_ip" = 0 ]; then
        for name in default_ipv4 default_ipv6; do fact_raw "$name" '{}'; done
        for name in all_ipv4_addresses all_ipv6_addresses interfaces; do fact_raw "$name" '[]'; done
        return
    fi
    v4='' v4_dev='' v4_src='' v6='' v6_dev='' v6_src='' indexes='' all4='' all6=''
    # The output split into lines in one pass (a `read` loop reads a byte at a time; cutting
    # one line at a time off a variable copies the rest each time, slow with hundreds of lines).
    set -f
    IFS=$PB_NEWLINE
    # shellcheck disable=SC2086
    set -- $routes
    unset IFS
    for line in "$@"; do
        # shellcheck disable=SC2086
        set -- $line
        case ${1-} in
        8.8.8.8 | 2404:6800:400a:800::1012) route_line "$@" ;;
        [0-9]*:)
            index=${1%:}
            case $index in *[!0-9]*) continue ;; esac
            case ${3-} in
            \<*) link_line "$@" ;;
            inet) address_line "$@" ;;
            inet6) address_line6 "$@" ;;
            esac
            ;;
        esac
    done
    set +f
    list=''
    for index in $indexes; do
        eval "name=\$if_${index}_name"
        pb_json_str "$name"
        list="$list,$PB_J"
        interface_fact "$index" "$name"
    done
    fact_raw interfaces "[${list#,}]"
    fact_raw default_ipv4 "{$v4}"
    fact_raw default_ipv6 "{$v6}"
    fact_raw all_ipv4_addresses "[${all4#,}]"
    fact_raw all_ipv6_addresses "[${all6#,}]"
}

# `8.8.8.8 via 198.18.0.1 dev eth0 src 198.18.1.24 uid 0`: the start of default_ipv4 (or, for
# the IPv6 address, of default_ipv6), its keys in the order Ansible's come.
route_line() {
    destination=$1 via='' dev='' src=''
    while [ $# -gt 1 ]; do
        case $1 in via) via=$2 ;; dev) dev=$2 ;; src) src=$2 ;; \\*) break ;; esac
        shift
    done
    o=''
    [ -z "$via" ] || { pb_json_str "$via" && o="$o,\"gateway\":$PB_J"; }
    [ -z "$dev" ] || { pb_json_str "$dev" && o="$o,\"interface\":$PB_J"; }
    [ -z "$src" ] || { pb_json_str "$src" && o="$o,\"address\":$PB_J"; }
    case $destination in
    8.8.8.8) v4=${o#,} v4_dev=$dev v4_src=$src ;;
    *) v6=${o#,} v6_dev=$dev v6_src=$src ;;
    esac
}

# `2: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 … state UP … link/ether MAC brd …`
link_line() {
    name=${2%:}
    name=${name%@*}
    flags=$3 mtu='' state='' type=unknown mac=''
    shift 3
    while [ $# -gt 1 ]; do
        case $1 in
        mtu) mtu=$2 ;;
        state) state=$2 ;;
        link/ether) type=ether mac=$2 ;;
        link/loopback) type=loopback ;;
        link/none) type=tunnel ;;
        link/ppp) type=ppp ;;
        link/infiniband) type=infiniband mac=$2 ;;
        \\*) ;;
        esac
        shift
    done
    case $mac in 00:00:00:00:00:00) mac= ;; esac
    case $flags in *[\<,]PROMISC[,\>]*) promisc=true ;; *) promisc=false ;; esac
    case $state in DOWN) active=false ;; *) active=true ;; esac
    indexes="$indexes $index"
    eval "if_${index}_name=\$name if_${index}_mtu=\$mtu if_${index}_type=\$type if_${index}_mac=\$mac"
    eval "if_${index}_active=\$active if_${index}_promisc=\$promisc if_${index}_v4='' if_${index}_v4more='' if_${index}_v6=''"
}

# `2: eth0    inet 192.0.2.7/24 brd 192.0.2.255 scope global secondary eth0\ …`: the
# interface's ipv4 (its first address) or one of its ipv4_secondaries.
address_line() {
    eval "[ -n \"\${if_${index}_name+set}\" ]" || return 0
    cidr=$4 broadcast='' label=''
    shift 4
    while [ $# -gt 0 ]; do
        # With -o, a backslash ends the address's part of the line (attached to the label).
        case $1 in brd) broadcast=${2-} ;; peer) cidr=${2-} ;; \\*) break ;; *\\) label=${1%\\} && break ;; *) label=$1 ;; esac
        shift
    done
    address=${cidr%/*}
    prefix=32
    case $cidr in */*) prefix=${cidr#*/} ;; esac
    case $prefix in '' | *[!0-9]*) return 0 ;; esac
    [ "$prefix" -le 32 ] || return 0
    mask=$(((0xffffffff << (32 - prefix)) & 0xffffffff))
    rest=$address.
    number=0
    for part in 1 2 3 4; do
        octet=${rest%%.*}
        rest=${rest#*.}
        case $octet in '' | *[!0-9]*) return 0 ;; esac
        number=$((number * 256 + octet))
    done
    network=$((number & mask))
    netmask=$((mask >> 24 & 255)).$((mask >> 16 & 255)).$((mask >> 8 & 255)).$((mask & 255))
    network=$((network >> 24 & 255)).$((network >> 16 & 255)).$((network >> 8 & 255)).$((network & 255))
    entry="\"address\":\"$address\",\"broadcast\":\"$broadcast\",\"netmask\":\"$netmask\",\"network\":\"$network\",\"prefix\":\"$prefix\""
    eval "first=\$if_${index}_v4"
    if [ -z "$first" ]; then
        eval "if_${index}_v4=\$entry"
    else
        eval "if_${index}_v4more=\"\$if_${index}_v4more,{\$entry}\""
    fi
    case $address in 127.*) ;; *) all4="$all4,\"$address\"" ;; esac
    if [ -n "$v4" ] && [ "$address" = "$v4_src" ]; then
        v4="$v4,\"broadcast\":\"$broadcast\",\"netmask\":\"$netmask\",\"network\":\"$network\",\"prefix\":\"$prefix\""
        link_summary v4
        pb_json_str "${label:-$2}"
        v4="$v4,\"alias\":$PB_J"
    fi
}

# `2: eth0    inet6 fe80::1/64 scope link \ …`: one of the interface's ipv6 addresses.
address_line6() {
    eval "[ -n \"\${if_${index}_name+set}\" ]" || return 0
    cidr=$4 scope=''
    shift 4
    while [ $# -gt 1 ]; do
        case $1 in scope) scope=$2 ;; \\*) break ;; esac
        shift
    done
    address=${cidr%/*}
    prefix=128
    case $cidr in */*) prefix=${cidr#*/} ;; esac
    eval "if_${index}_v6=\"\$if_${index}_v6,{\\\"address\\\":\\\"\$address\\\",\\\"prefix\\\":\\\"\$prefix\\\",\\\"scope\\\":\\\"\$scope\\\"}\""
    [ "$address" = ::1 ] || all6="$all6,\"$address\""
    if [ -n "$v6" ] && [ "$address" = "$v6_src" ]; then
        v6="$v6,\"prefix\":\"$prefix\",\"scope\":\"$scope\""
        link_summary v6
    fi
}

# macaddress, mtu and type of the current interface, appended to default_ipv4 ($1 = v4) or
# default_ipv6 ($1 = v6).
link_summary() {
    eval "mac=\$if_${index}_mac mtu=\$if_${index}_mtu type=\$if_${index}_type"
    eval "$1=\"\$$1,\\\"macaddress\\\":\\\"\${mac:-unknown}\\\",\\\"mtu\\\":\${mtu:-0},\\\"type\\\":\\\"\$type\\\"\""
}

# The fact of interface $1 (named $2): ansible_<name with - as _>.
interface_fact() {
    eval "mac=\$if_${1}_mac mtu=\$if_${1}_mtu type=\$if_${1}_type active=\$if_${1}_active promisc=\$if_${1}_promisc"
    eval "ipv4=\$if_${1}_v4 ipv4more=\$if_${1}_v4more ipv6=\$if_${1}_v6"
    pb_json_str "$2"
    o="\"device\":$PB_J"
    [ -z "$mac" ] || o="$o,\"macaddress\":\"$mac\""
    [ -z "$mtu" ] || o="$o,\"mtu\":$mtu"
    o="$o,\"active\":$active,\"type\":\"$type\""
    speed=
    { read -r speed < "/sys/class/net/$2/speed"; } 2>/dev/null || speed=
    case $speed in '' | *[!0-9-]* | ?*-*) ;; *) o="$o,\"speed\":$speed" ;; esac
    o="$o,\"promisc\":$promisc"
    [ -z "$ipv4" ] || o="$o,\"ipv4\":{$ipv4}"
    [ -z "$ipv4more" ] || o="$o,\"ipv4_secondaries\":[${ipv4more#,}]"
    [ -z "$ipv6" ] || o="$o,\"ipv6\":[${ipv6#,}]"
    key=$2 fixed=''
    while :; do
        case $key in *-*) fixed="$fixed${key%%-*}_" && key=${key#*-} ;; *) break ;; esac
    done
    fact_raw "$fixed$key" "{$o}"
}

