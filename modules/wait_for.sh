# wait_for: waits on the target for a port to open or close, a file to appear (holding a regexp)
# or disappear, or a port's connections to drain; never changes anything.
#
# Probes, cheapest first: a port on a loopback or wildcard host is read from /proc/net/tcp and
# tcp6 (a LISTEN socket that accepts the address), which costs no connection; other hosts and
# search_regex on a port are tried with a real TCP connection made by perl (perl-base is
# Essential on Debian and Ubuntu), or `nc -z` where there is no perl. search_regex is a
# Perl-compatible regexp searched in multi-line mode, as Ansible's is.

# Milliseconds, so that elapsed is the time really spent, truncated to seconds as Ansible's is.
now_ms() {
    date +%s%3N
}
start=$(now_ms)
match_dir=

elapsed() {
    echo $((($(now_ms) - start) / 1000))
}

finish_failed() {
    pb_add_int elapsed "$(elapsed)"
    pb_fail "${pb_msg:-$1}"
}

# The /proc/net/tcp spelling of an IPv4 address (little-endian hex), or nothing.
proc_hex() {
    case $1 in
    *[!0-9.]* | '') return ;;
    esac
    old_ifs=$IFS
    IFS=.
    # shellcheck disable=SC2086
    set -- $1
    IFS=$old_ifs
    [ $# = 4 ] || return
    printf '%02X%02X%02X%02X' "$4" "$3" "$2" "$1"
}

# Local addresses a socket must be bound to for a connection to $pb_host to reach it, in the
# spelling of /proc/net/tcp{,6}; empty when the host is not this machine's loopback or wildcard.
local_addresses() {
    any4=00000000 any6=00000000000000000000000000000000 mapped=0000000000000000FFFF0000
    case $pb_host in
    127.* | 0.0.0.0)
        hex=$(proc_hex "$pb_host")
        echo "$any4 $hex $any6 $mapped$hex"
        ;;
    ::1) echo "$any6 00000000000000000000000001000000" ;;
    ::) echo "$any6" ;;
    localhost) echo "$any4 0100007F $any6 ${mapped}0100007F 00000000000000000000000001000000" ;;
    esac
}

# How many sockets on $pb_port in states $1 (hex codes) with a local address in $2 (or any when
# $2 is empty), leaving out remote addresses in $3.
count_sockets() {
    port=$(printf '%04X' "$pb_port")
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v port="$port" -v states="$1" -v addrs="$2" -v excluded="$3" '
        BEGIN {
            n = split(states, s, " "); for (i = 1; i <= n; i++) state[s[i]] = 1
            n = split(addrs, a, " "); for (i = 1; i <= n; i++) addr[a[i]] = 1
            any = n > 0 ? 0 : 1
            n = split(excluded, e, " "); for (i = 1; i <= n; i++) skip[e[i]] = 1
        }
        $1 == "sl" { next }
        {
            split($2, here, ":"); split($3, there, ":")
            if (here[2] != port || !($4 in state)) next
            if (there[1] in skip) next
            if (any || (here[1] in addr)) count++
        }
        END { print count + 0 }'
}

# Whether a connection to host:port succeeds now (with search_regex: and sends matching text
# before the deadline $1, in milliseconds).
port_open() {
    addrs=$(local_addresses)
    if [ -n "$addrs" ] && [ -z "${pb_search_regex+set}" ]; then
        [ "$(count_sockets 0A "$addrs" '')" -gt 0 ]
        return
    fi
    wait=$pb_connect_timeout
    left=$((($1 - $(now_ms)) / 1000))
    if [ "$left" -lt "$wait" ]; then wait=$left; fi
    [ "$wait" -ge 1 ] || wait=1
    if command -v perl >/dev/null 2>&1; then
        export pb_host pb_port pb_search_regex
        PB_WAIT=$wait PB_DEADLINE=$(($1 / 1000)) PB_GROUPS=$match_dir perl -e "$CONNECT_PL" 2>/dev/null
    elif command -v nc >/dev/null 2>&1 && [ -z "${pb_search_regex+set}" ]; then
        nc -z -w "$wait" -- "$pb_host" "$pb_port" >/dev/null 2>&1
    else
        pb_fail "wait_for needs perl (or nc, without search_regex) on the target to connect to $pb_host:$pb_port"
    fi
}

# shellcheck disable=SC2016
GROUPS_PL='
sub save_groups {
    my ($text) = @_;
    my $dir = $ENV{PB_GROUPS};
    for my $i (1 .. $#+) {
        next unless defined $-[$i];
        open(my $f, ">:raw", "$dir/$i") or die; print $f substr($text, $-[$i], $+[$i] - $-[$i]); close $f;
    }
    open(my $c, ">", "$dir/count") or die; print $c $#+ + 0; close $c;
    for my $name (keys %+) {
        open(my $f, ">:raw", "$dir/n.$name") or die; print $f $+{$name}; close $f;
    }
}
'

# shellcheck disable=SC2016
CONNECT_PL=$GROUPS_PL'
use IO::Socket::IP;
my $socket = IO::Socket::IP->new(PeerHost => $ENV{pb_host}, PeerPort => $ENV{pb_port}, Proto => "tcp",
    Timeout => $ENV{PB_WAIT}) or exit 1;
exit 0 unless defined $ENV{pb_search_regex};
my $re = qr/$ENV{pb_search_regex}/m;
my $data = "";
while (time() < $ENV{PB_DEADLINE}) {
    my $bits = "";
    vec($bits, fileno($socket), 1) = 1;
    my $ready = select($bits, undef, undef, $ENV{PB_DEADLINE} - time());
    next unless $ready > 0;
    my $got = sysread($socket, my $chunk, 1024);
    last unless $got;
    $data .= $chunk;
    if ($data =~ $re) { save_groups($data); exit 0 }
}
exit 1;
'

# shellcheck disable=SC2016
FILE_PL=$GROUPS_PL'
open(my $f, "<:raw", $ENV{pb_path}) or exit 1;
local $/;
my $text = <$f>;
$text = "" unless defined $text;
my $re = eval { qr/$ENV{pb_search_regex}/m };
if (!defined $re) { print STDERR "Invalid regular expression: $@"; exit 2 }
if ($text =~ $re) { save_groups($text); exit 0 }
exit 1;
'

file_ready() {
    [ -e "$pb_path" ] || return 1
    [ -n "${pb_search_regex+set}" ] || return 0
    export pb_path pb_search_regex
    rc=0
    PB_GROUPS=$match_dir perl -e "$FILE_PL" 2>"$PB_TMP/err" || rc=$?
    if [ "$rc" = 2 ]; then pb_fail "$(cat "$PB_TMP/err")"; fi
    return "$rc"
}

wait_started() {
    end=$((start + pb_timeout * 1000))
    while [ "$(now_ms)" -lt "$end" ]; do
        if [ -n "${pb_path-}" ]; then
            file_ready && return
        elif port_open "$end"; then
            return
        fi
        sleep "$pb_sleep"
    done
    if [ -n "${pb_port-}" ]; then
        if [ -n "${pb_search_regex+set}" ]; then
            finish_failed "Timeout when waiting for search string $pb_search_regex in $pb_host:$pb_port"
        fi
        finish_failed "Timeout when waiting for $pb_host:$pb_port"
    fi
    if [ -n "${pb_search_regex+set}" ]; then finish_failed "Timeout when waiting for search string $pb_search_regex in $pb_path"; fi
    finish_failed "Timeout when waiting for file $pb_path"
}

wait_stopped() {
    end=$((start + pb_timeout * 1000))
    while [ "$(now_ms)" -lt "$end" ]; do
        if [ -n "${pb_path-}" ]; then
            [ -e "$pb_path" ] || return
        else
            port_open "$end" || return
        fi
        sleep "$pb_sleep"
    done
    if [ -n "${pb_port-}" ]; then finish_failed "Timeout when waiting for $pb_host:$pb_port to stop."; fi
    finish_failed "Timeout when waiting for $pb_path to be absent."
}

wait_drained() {
    states=
    for name in $pb_active_connection_states; do
        case $name in
        ESTABLISHED) code=01 ;; SYN_SENT) code=02 ;; SYN_RECV) code=03 ;; FIN_WAIT1) code=04 ;;
        FIN_WAIT2) code=05 ;; TIME_WAIT) code=06 ;; CLOSE) code=07 ;; CLOSE_WAIT) code=08 ;;
        LAST_ACK) code=09 ;; LISTEN) code=0A ;; CLOSING) code=0B ;;
        *) pb_fail "unknown active_connection_state ($name) defined" ;;
        esac
        states="$states $code"
    done
    addrs=$(local_addresses)
    if [ -z "$addrs" ]; then
        hex=$(proc_hex "$pb_host")
        [ -n "$hex" ] || pb_fail "state=drained needs an IPv4 address, a loopback address or localhost as host, not $pb_host"
        addrs="$hex 0000000000000000FFFF0000$hex"
    fi
    excluded=
    for other in ${pb_exclude_hosts-}; do
        hex=$(proc_hex "$other")
        [ -n "$hex" ] || pb_fail "exclude_hosts takes IPv4 addresses, not $other"
        excluded="$excluded $hex"
    done
    end=$((start + pb_timeout * 1000))
    while [ "$(now_ms)" -lt "$end" ]; do
        [ "$(count_sockets "$states" "$addrs" "$excluded")" = 0 ] && return
        sleep "$pb_sleep"
    done
    finish_failed "Timeout when waiting for $pb_host:$pb_port to drain"
}

pb_decide() {
    if [ -n "${pb_port-}" ] && [ -n "${pb_path-}" ]; then
        pb_add_int elapsed 0
        pb_fail "port and path parameter can not both be passed to wait_for"
    fi
    if [ -n "${pb_path-}" ] && [ "$pb_state" = stopped ]; then
        pb_add_int elapsed 0
        pb_fail "state=stopped should only be used for checking a port in the wait_for module"
    fi
    if [ -n "${pb_path-}" ] && [ "$pb_state" = drained ]; then
        pb_add_int elapsed 0
        pb_fail "state=drained should only be used for checking a port in the wait_for module"
    fi
    if [ -n "${pb_exclude_hosts+set}" ] && [ "$pb_state" != drained ]; then
        pb_add_int elapsed 0
        pb_fail "exclude_hosts should only be with state=drained"
    fi
    if [ "$pb_state" = drained ] && [ -z "${pb_port-}" ]; then
        pb_add_int elapsed 0
        pb_fail "state=drained needs a port"
    fi
    pb_tmpdir
    match_dir="$PB_TMP/groups"
    mkdir "$match_dir"
    if [ "$pb_delay" -gt 0 ]; then sleep "$pb_delay"; fi
    if [ -z "${pb_port-}" ] && [ -z "${pb_path-}" ] && [ "$pb_state" != drained ]; then
        sleep "$pb_timeout"
        return
    fi
    case $pb_state in
    started | present) wait_started ;;
    stopped | absent) wait_stopped ;;
    drained) wait_drained ;;
    esac
}

# match_groups and match_groupdict as Ansible returns them (a group that took no part is null).
report_groups() {
    groups=
    if [ -f "$match_dir/count" ]; then
        i=1
        count=$(cat "$match_dir/count")
        while [ "$i" -le "$count" ]; do
            if [ -f "$match_dir/$i" ]; then
                value=$(cat "$match_dir/$i"; printf x)
                pb_json_str "${value%x}"
                groups="$groups,$PB_J"
            else
                groups="$groups,null"
            fi
            i=$((i + 1))
        done
    fi
    pb_add_raw match_groups "[${groups#,}]"
    named=
    for file in "$match_dir"/n.*; do
        [ -f "$file" ] || continue
        value=$(cat "$file"; printf x)
        pb_json_str "${value%x}"
        named="$named,\"${file##*/n.}\":$PB_J"
    done
    pb_add_raw match_groupdict "{${named#,}}"
}

pb_report() {
    # An existing path adds its attributes, its type replacing the state (add_path_info).
    wf_state=$pb_state
    if [ -n "${pb_path-}" ] && [ -e "$pb_path" ] && pb_add_path_info "$pb_path"; then
        case $pb_st_type in other) wf_state='file' ;; *) wf_state=$pb_st_type ;; esac
    fi
    pb_add_str state "$wf_state"
    if [ -n "${pb_port-}" ]; then pb_add_int port "$pb_port"; else pb_add_raw port null; fi
    if [ -n "${pb_path-}" ]; then pb_add_str path "$pb_path"; else pb_add_raw path null; fi
    if [ -n "${pb_search_regex+set}" ]; then pb_add_str search_regex "$pb_search_regex"; else pb_add_raw search_regex null; fi
    report_groups
    pb_add_int elapsed "$(elapsed)"
}

pb_main
