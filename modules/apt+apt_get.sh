# apt, its apt side: the dpkg/apt locks, apt-get with the options the arguments ask for, the
# package lists, and apt's own simulation of an action (what it would install and remove).

# The process holding an fcntl lock on file $1, from /proc/locks (by inode); empty when free.
lock_holder() {
    [ -e "$1" ] || return 0
    inode=$(stat -c %i -- "$1") || return 0
    awk -v inode="$inode" '$2 != "->" {
        n = split($6, id, ":")
        if (n == 3 && id[3] == inode) { print $5; exit }
    }' /proc/locks
}

describe_process() {
    if [ -r "/proc/$1/cmdline" ]; then
        tr '\0' ' ' < "/proc/$1/cmdline" | cut -c1-120
    else
        printf 'another process'
    fi
}

# Waits until no lock is held, for at most lock_timeout seconds; sets lock_left to the seconds
# that remain (passed on to apt-get for the moment between our check and its own locking).
wait_for_locks() {
    waited=0
    while :; do
        held=
        for lock in $LOCKS; do
            pid=$(lock_holder "$lock")
            if [ -n "$pid" ]; then held=$lock; break; fi
        done
        if [ -z "$held" ]; then
            lock_left=$((pb_lock_timeout - waited))
            [ "$lock_left" -gt 0 ] || lock_left=1
            return 0
        fi
        if [ "$waited" -ge "$pb_lock_timeout" ]; then
            pb_fail "Could not get lock $held within $pb_lock_timeout s: it is held by process $pid ($(describe_process "$pid"))"
        fi
        sleep 1
        waited=$((waited + 1))
    done
}

# apt-get with the options the arguments ask for; $1 is `simulate` or `run`.
apt_get() {
    how=$1
    shift
    if [ "$how" = simulate ]; then set -- -s "$@"; else set -- -y "$@" -o "DPkg::Lock::Timeout=$lock_left"; fi
    old_ifs=$IFS
    IFS=,
    for option in $pb_dpkg_options; do
        IFS=$old_ifs
        if [ -n "$option" ]; then set -- "$@" -o "Dpkg::Options::=--$option"; fi
    done
    IFS=$old_ifs
    if [ -n "${pb_install_recommends-}" ]; then
        if [ "$pb_install_recommends" = 1 ]; then set -- "$@" -o APT::Install-Recommends=yes; else set -- "$@" -o APT::Install-Recommends=no; fi
    fi
    if [ -n "${pb_default_release-}" ]; then set -- "$@" -t "$pb_default_release"; fi
    if [ "$pb_force" = 1 ]; then
        set -- "$@" --allow-unauthenticated --allow-downgrades --allow-remove-essential --allow-change-held-packages
    else
        if [ "$pb_allow_unauthenticated" = 1 ]; then set -- "$@" --allow-unauthenticated; fi
        if [ "$pb_allow_downgrade" = 1 ]; then set -- "$@" --allow-downgrades; fi
        if [ "$pb_allow_change_held_packages" = 1 ]; then set -- "$@" --allow-change-held-packages; fi
    fi
    apt-get -q "$@"
}

update_cache() {
    pb_tmpdir
    tries=0
    delay=1
    while :; do
        wait_for_locks
        if apt-get -q update -o "DPkg::Lock::Timeout=$lock_left" > "$PB_TMP/update.out" 2>&1; then
            mkdir -p "${STAMP%/*}" && touch "$STAMP"
            return 0
        fi
        tries=$((tries + 1))
        if [ "$tries" -gt "$pb_update_cache_retries" ]; then
            pb_fail "Failed to update apt cache: $(tail -n 5 "$PB_TMP/update.out")"
        fi
        sleep "$delay"
        delay=$((delay * 2))
        if [ "$delay" -gt "$pb_update_cache_retry_max_delay" ]; then delay=$pb_update_cache_retry_max_delay; fi
    done
}

# find_cache_files: cache_files, the update stamp and the lists folder, those that exist, as words.
find_cache_files() {
    cache_files=
    for f in "$STAMP" /var/lib/apt/lists; do [ -e "$f" ] && cache_files="$cache_files $f"; done
}

# cache_time: the newest modification time of $cache_files (0 for none), from `stat` or from $1,
# what stat printed for them when read_dpkg_status asked it.
cache_age() {
    cache_time=0
    if [ $# -eq 0 ]; then
        find_cache_files
        [ -n "$cache_files" ] || return 0
        # shellcheck disable=SC2086 # fixed paths, and the program runs with set -f
        set -- "$(stat -c %Y -- $cache_files 2>/dev/null)"
    fi
    for t in $1; do
        if [ "$t" -gt "$cache_time" ]; then cache_time=$t; fi
    done
}

# `name=1.2*`: the newest available version matching the pattern.
resolve_pin() {
    apt-cache madison -- "$1" 2>/dev/null | while IFS='|' read -r _ version _; do
        version=$(printf '%s' "$version" | tr -d ' ')
        # shellcheck disable=SC2254 # the pin is a pattern on purpose
        case $version in $2) printf '%s' "$version"; break ;; esac
    done
}

# Runs the simulation of $action and collects what it installs and removes.
simulate() {
    pb_tmpdir
    # shellcheck disable=SC2086 # action_args holds validated package words
    if ! apt_get simulate $action $action_args > "$PB_TMP/sim.out" 2> "$PB_TMP/sim.err"; then
        missing=$(sed -n 's/^E: Unable to locate package //p' "$PB_TMP/sim.err" | head -n 1)
        if [ -n "$missing" ]; then pb_fail "No package matching '$missing' is available"; fi
        pb_fail "apt-get $action failed: $(grep '^E:' "$PB_TMP/sim.err" | head -n 3)"
    fi
    installs=$(awk '$1 == "Inst" { print $2 }' "$PB_TMP/sim.out")
    removals=$(awk '$1 == "Remv" || $1 == "Purg" { print $2 }' "$PB_TMP/sim.out")
}
