# setup, the rest of what Ansible's default gathering reports and playbooks read: the
# environment, the user's account and ids, the resolver's settings, the kernel's version, memory
# and swap in detail, CPU cores, security modules, the machine id and the Linux Standard Base
# release — from files the system keeps, read with shell builtins.

more_facts() {
    env_facts
    account_facts
    memory_facts
    core_facts
    resolver_facts
    case $version in *.*) minor=${version#*.} && fact_str distribution_minor_version "${minor%%.*}" ;; esac
    one_line kernel_version /proc/sys/kernel/version
    one_line machine_id /etc/machine-id || one_line machine_id /var/lib/dbus/machine-id
    loadavg=
    { read -r one five fifteen rest < /proc/loadavg && loadavg=1; } 2>/dev/null
    [ -z "$loadavg" ] || fact_raw loadavg "{\"1m\":$one,\"5m\":$five,\"15m\":$fifteen}"
    if [ -e /sys/fs/selinux/enforce ]; then
        mode=
        { read -r mode < /sys/fs/selinux/enforce; } 2>/dev/null || :
        case $mode in 1) mode=enforcing ;; *) mode=permissive ;; esac
        fact_raw selinux "{\"status\":\"enabled\",\"mode\":\"$mode\"}"
    else
        fact_raw selinux '{"status":"disabled"}'
    fi
    if [ -d /sys/kernel/security/apparmor ]; then fact_raw apparmor '{"status":"enabled"}'; else fact_raw apparmor '{"status":"disabled"}'; fi
    fips=
    { read -r fips < /proc/sys/crypto/fips_enabled; } 2>/dev/null || :
    if [ "$fips" = 1 ]; then fact_raw fips true; else fact_raw fips false; fi
    # A root other than init's is a chroot (Debian's debian_chroot says so first); where init's
    # root cannot be looked at, none is assumed. dash, bash, busybox and ksh all have -ef.
    # shellcheck disable=SC3013
    if [ -n "${debian_chroot-}" ] || { [ -e /proc/1/root/. ] && ! [ / -ef /proc/1/root/. ]; }; then
        fact_raw is_chroot true
    else
        fact_raw is_chroot false
    fi
    lsb_facts
    dmi_facts
    case $k_machine in x86_64 | aarch64 | ppc64le | s390x | riscv64) fact_str userspace_architecture "$k_machine" && fact_str userspace_bits 64 ;; esac
}

# A fact holding the first line of a file; fails when the file cannot be read.
one_line() {
    line=
    { read -r line < "$2" || [ -n "$line" ]; } 2>/dev/null || return 1
    fact_str "$1" "$line"
}

# env: the variables this program was given (those of the login or become shell), as Ansible's
# module process sees its own, from the `export -p` run_tools ran. It names them; each value is
# read from the variable itself, so no shell's quoting in `export -p` needs undoing.
env_facts() {
    o=''
    set -f
    IFS=$PB_NEWLINE
    # shellcheck disable=SC2086
    set -- $env_out
    unset IFS
    set +f
    for line in "$@"; do
        # shellcheck disable=SC2086
        set -f && set -- $line && set +f
        case ${1-} in export) entry=${2-} ;; declare) entry=${3-} ;; *) continue ;; esac
        case $entry in *=*) name=${entry%%=*} ;; *) continue ;; esac
        case $name in '' | [0-9]* | *[!A-Za-z0-9_]*) continue ;; esac
        # A value spanning lines could hold a line that looks like an entry: an unset name is one.
        eval "[ \"\${$name+set}\" = set ]" || continue
        eval "value=\${$name}"
        pb_json_str "$value"
        o="$o,\"$name\":$PB_J"
    done
    fact_raw env "{${o#,}}"
}

# user_dir, user_uid, user_gid, user_gecos, user_shell from the effective user's /etc/passwd
# entry, and the real and effective ids, as read_proc found them.
account_facts() {
    if [ -n "$user" ]; then
        fact_str user_dir "$user_dir"
        fact_raw user_uid "$euid"
        fact_raw user_gid "$user_gid"
        fact_str user_gecos "$user_gecos"
        fact_str user_shell "$user_shell"
    fi
    [ -z "$ruid" ] || fact_raw real_user_id "$ruid"
    [ -z "$euid" ] || fact_raw effective_user_id "$euid"
    [ -z "$rgid" ] || fact_raw real_group_id "$rgid"
    [ -z "$egid" ] || fact_raw effective_group_id "$egid"
}

# memory_mb and the swap sizes, from the figures read_proc read.
memory_facts() {
    [ "$memtotal" -gt 0 ] || return 0
    nocache=$((memfree + buffers + cached))
    fact_raw swaptotal_mb "$swaptotal"
    fact_raw swapfree_mb "$swapfree"
    real="\"total\":$memtotal,\"used\":$((memtotal - memfree)),\"free\":$memfree"
    swap="\"total\":$swaptotal,\"free\":$swapfree,\"used\":$((swaptotal - swapfree)),\"cached\":$swapcached"
    fact_raw memory_mb "{\"real\":{$real},\"nocache\":{\"free\":$nocache,\"used\":$((memtotal - nocache))},\"swap\":{$swap}}"
}

# processor_cores (per socket) and processor_threads_per_core, from the core and package
# numbers read_cpus read for each online CPU.
core_facts() {
    [ "$core_pairs_known" = 1 ] || return 0
    # shellcheck disable=SC2086
    set -- $core_pairs
    distinct=$#
    # shellcheck disable=SC2086
    set -- $core_packages
    [ "$distinct" -gt 0 ] && [ $# -gt 0 ] || return 0
    fact_raw processor_cores "$((distinct / $#))"
    fact_raw processor_threads_per_core "$((vcpus / distinct))"
}

# dns from /etc/resolv.conf, read as Ansible reads it: `search` and `options` lines replace
# what an earlier one of theirs said, `nameserver` lines add up, `options` take `name:value`.
resolver_facts() {
    order=' ' nameservers='' domain='' search='' sortlist='' options=''
    if [ -r /etc/resolv.conf ]; then
        set -f
        while read -r key values; do
            case $key in nameserver | domain | search | sortlist | options) ;; *) continue ;; esac
            case $order in *" $key "*) ;; *) order="$order$key " ;; esac
            list=''
            for value in $values; do
                case $key in
                options)
                    pb_json_str "${value%%:*}"
                    name=$PB_J
                    case $value in *:*) pb_json_str "${value#*:}" && list="$list,$name:$PB_J" ;; *) list="$list,$name:true" ;; esac
                    ;;
                *) pb_json_str "$value" && list="$list,$PB_J" ;;
                esac
            done
            case $key in
            nameserver) nameservers="$nameservers$list" ;;
            domain)
                # shellcheck disable=SC2086
                set -- $values
                if [ $# -gt 0 ]; then pb_json_str "$1" && domain=$PB_J; fi
                ;;
            search) search=$list ;;
            sortlist) sortlist=$list ;;
            options) options=$list ;;
            esac
        done < /etc/resolv.conf
        set +f
    fi
    o=''
    for key in $order; do
        case $key in
        nameserver) o="$o,\"nameservers\":[${nameservers#,}]" ;;
        domain) [ -z "$domain" ] || o="$o,\"domain\":$domain" ;;
        search) o="$o,\"search\":[${search#,}]" ;;
        sortlist) o="$o,\"sortlist\":[${sortlist#,}]" ;;
        options) o="$o,\"options\":{${options#,}}" ;;
        esac
    done
    fact_raw dns "{${o#,}}"
}

# lsb: the Linux Standard Base release. Ansible asks `lsb_release -a` where it is installed,
# else reads /etc/lsb-release. Where both exist (Ubuntu) the file says the same as the tool (a
# Python program, tens of milliseconds), quotes aside: it is read, its quotes dropped. {} where
# neither exists.
lsb_facts() {
    o='' release=''
    if [ -r /etc/lsb-release ]; then
        while IFS= read -r line || [ -n "$line" ]; do lsb_line "$line" =; done < /etc/lsb-release
    elif command -v lsb_release >/dev/null 2>&1; then
        text=$(lsb_release -a 2>/dev/null) || text=
        while IFS= read -r line; do lsb_line "$line" :; done <<END
$text
END
    fi
    if [ -n "$release" ]; then pb_json_str "${release%%.*}" && o="$o,\"major_release\":$PB_J"; fi
    fact_raw lsb "{${o#,}}"
}

# One line of either source: `Name: value` or `DISTRIB_NAME=value` ($2 is the separator).
lsb_line() {
    case $1 in *"$2"*) ;; *) return 0 ;; esac
    value=${1#*"$2"}
    value=${value#"${value%%[![:space:]]*}"}
    value=${value%"${value##*[![:space:]]}"}
    case $2$value in =\"*\") value=${value#\"} && value=${value%\"} ;; esac
    case $1 in
    'Distributor ID:'* | DISTRIB_ID=*) key=id ;;
    'Description:'* | DISTRIB_DESCRIPTION=*) key=description ;;
    'Release:'* | DISTRIB_RELEASE=*) key=release && release=$value ;;
    'Codename:'* | DISTRIB_CODENAME=*) key=codename ;;
    *) return 0 ;;
    esac
    pb_json_str "$value"
    o="$o,\"$key\":$PB_J"
}

# The firmware's names of the machine (system_vendor, product_name, bios_*, board_*, chassis_*,
# form_factor) from /sys's DMI folder; NA where a value cannot be read (serials need root) or
# the machine has no DMI table (containers see the host's only where /sys shows it).
dmi_facts() {
    dmi=/sys/devices/virtual/dmi/id
    for name in bios_date bios_vendor bios_version board_asset_tag board_name board_serial board_vendor \
        board_version chassis_asset_tag chassis_serial chassis_vendor chassis_version product_name \
        product_serial product_uuid product_version sys_vendor chassis_type; do
        value=NA
        if [ -d "$dmi" ]; then { read -r value < "$dmi/$name" || [ -n "$value" ]; } 2>/dev/null || value=NA; fi
        case $name in
        sys_vendor) fact_str system_vendor "$value" ;;
        chassis_type) form_factor "$value" ;;
        *) fact_str "$name" "$value" ;;
        esac
    done
}

# form_factor: the SMBIOS name of a chassis type number.
form_factor() {
    case $1 in
    1) factor=Other ;; 2) factor=Unknown ;; 3) factor=Desktop ;; 4) factor='Low Profile Desktop' ;; 5) factor='Pizza Box' ;;
    6) factor='Mini Tower' ;; 7) factor=Tower ;; 8) factor=Portable ;; 9) factor=Laptop ;; 10) factor=Notebook ;; 11) factor='Hand Held' ;;
    12) factor='Docking Station' ;; 13) factor='All In One' ;; 14) factor='Sub Notebook' ;; 15) factor='Space-saving' ;;
    16) factor='Lunch Box' ;; 17) factor='Main Server Chassis' ;; 18) factor='Expansion Chassis' ;; 19) factor='Sub Chassis' ;;
    20) factor='Bus Expansion Chassis' ;; 21) factor='Peripheral Chassis' ;; 22) factor='RAID Chassis' ;;
    23) factor='Rack Mount Chassis' ;; 24) factor='Sealed-case PC' ;; 25) factor='Multi-system' ;; 26) factor=CompactPCI ;;
    27) factor=AdvancedTCA ;; 28) factor=Blade ;; 29) factor='Blade Enclosure' ;; 30) factor=Tablet ;; 31) factor=Convertible ;;
    32) factor=Detachable ;; 33) factor='IoT Gateway' ;; 34) factor='Embedded PC' ;; 35) factor='Mini PC' ;; 36) factor='Stick PC' ;;
    *) factor=NA ;;
    esac
    fact_str form_factor "$factor"
}
