# hostname: the running name and the one kept across reboots. Strategy `systemd` (the default
# when systemd runs and hostnamectl exists) asks hostnamectl for both; `debian`/`generic`/
# `alpine` (the default otherwise) keep /etc/hostname and set the running name with
# `hostname`, or through /proc/sys/kernel/hostname when that program is missing.

strategy=
current=
permanent=
set_current=0
set_permanent=0

hn_current() {
    case $strategy in
    systemd) current=$(hostnamectl --transient status 2>/dev/null) || current=$(cat /proc/sys/kernel/hostname) ;;
    *) current=$(cat /proc/sys/kernel/hostname 2>/dev/null || hostname) ;;
    esac
}

hn_permanent() {
    case $strategy in
    systemd) permanent=$(hostnamectl --static status 2>/dev/null) || pb_fail "cannot read the static hostname: hostnamectl failed" ;;
    *) permanent=$(sed -n '/[^[:space:]]/{s/^[[:space:]]*//;s/[[:space:]]*$//;p;q;}' /etc/hostname 2>/dev/null) ;;
    esac
}

# The name a resolver gives the running host (Python's socket.getfqdn()): the first name
# holding a dot among its canonical name and aliases, else the host name itself.
hn_fqdn() {
    fqdn=$1
    for name in $(getent hosts -- "$1" 2>/dev/null | sed -n '1{s/^[^[:space:]]*[[:space:]]*//;p;}'); do
        case $name in *.*) fqdn=$name && return ;; esac
    done
}

pb_probe() {
    case ${pb_use-} in
    '')
        if [ -d /run/systemd/system ] && command -v hostnamectl > /dev/null 2>&1; then strategy="systemd"; else strategy="file"; fi
        ;;
    systemd)
        command -v hostnamectl > /dev/null 2>&1 ||
            pb_fail "Failed to find required executable \"hostnamectl\" in paths: $PATH"
        strategy=systemd
        ;;
    debian | generic | alpine) strategy="file" ;;
    *) pb_fail "hostname: the strategy '$pb_use' is not available on this Linux host" ;;
    esac
    if [ "$strategy" = systemd ] && [ ${#pb_name} -gt 64 ]; then
        pb_fail "name cannot be longer than 64 characters on systemd servers, try a shorter name"
    fi
    hn_current
    hn_permanent
}

pb_decide() {
    if [ "$current" != "$pb_name" ]; then set_current=1 && pb_changed; fi
    if [ "$permanent" != "$pb_name" ]; then set_permanent=1 && pb_changed; fi
}

pb_act() {
    if [ "$strategy" = systemd ]; then
        if [ "$set_current" = 1 ]; then
            pb__err=$(hostnamectl --transient set-hostname "$pb_name" 2>&1) ||
                pb_fail "Command failed rc=$?, out=, err=$pb__err"
        fi
        if [ "$set_permanent" = 1 ]; then
            pb__err=$(hostnamectl --pretty --static set-hostname "$pb_name" 2>&1) ||
                pb_fail "Command failed rc=$?, out=, err=$pb__err"
        fi
        return
    fi
    if [ "$set_permanent" = 1 ]; then
        pb_atomic_begin /etc/hostname
        printf '%s\n' "$pb_name" > "$PB_ATOMIC_TMP" || pb_fail "failed to write file: /etc/hostname"
        pb_atomic_commit /etc/hostname 0644
    fi
    if [ "$set_current" = 1 ]; then
        if command -v hostname > /dev/null 2>&1; then
            pb__err=$(hostname -- "$pb_name" 2>&1) || pb_fail "Command failed rc=$?, out=, err=$pb__err"
        else
            printf '%s' "$pb_name" > /proc/sys/kernel/hostname 2>/dev/null ||
                pb_fail "cannot set the running hostname through /proc/sys/kernel/hostname"
        fi
    fi
}

pb_report() {
    before=$permanent
    if [ "$current" != "$pb_name" ]; then before=$current; fi
    if [ "$PB_CHANGED" = 1 ]; then
        pb_json_str "hostname = $before
"
        pb__before=$PB_J
        pb_json_str "hostname = $pb_name
"
        pb_add_raw diff "{\"before\":$pb__before,\"after\":$PB_J}"
    fi
    pb_add_str name "$pb_name"
    if [ "$PB_CHECK_MODE" = 1 ]; then hn_fqdn "$current"; else hn_fqdn "$pb_name"; fi
    pb_json_str "${pb_name%%.*}"
    facts="\"ansible_hostname\":$PB_J"
    pb_json_str "$pb_name"
    facts="$facts,\"ansible_nodename\":$PB_J"
    pb_json_str "$fqdn"
    facts="$facts,\"ansible_fqdn\":$PB_J"
    domain=
    case $fqdn in *.*) domain=${fqdn#*.} ;; esac
    pb_json_str "$domain"
    pb_add_raw ansible_facts "{$facts,\"ansible_domain\":$PB_J}"
}

pb_main
