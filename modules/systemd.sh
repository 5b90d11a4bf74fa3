# systemd / service: a unit's enablement, mask and run state through systemctl, in the order
# daemon-reload → unmask → enable/disable → mask → state (a masked unit must be unmasked before
# it can be enabled). `started` and `stopped` act only when needed; `restarted` and `reloaded`
# always act. In check mode a unit that does not exist yet but may come with a package an
# earlier task would install ($pb_predicted) is reported as "would ..." instead of failing.

PROPERTIES=Id,Names,Description,LoadState,ActiveState,SubState,UnitFileState,UnitFilePreset,ActiveEnterTimestamp,ActiveExitTimestamp,InactiveEnterTimestamp,MainPID,ExecMainStatus,FragmentPath,Result,NRestarts
plan=
found=1
is_enabled=0
is_masked=0
active=

# systemctl for the unit's scope, as words: `$ctl show` inside `$(...)` starts one process where
# a shell function would add a subshell.
case ${pb_scope:-system} in
user) ctl="systemctl --user" ;;
global) ctl="systemctl --global" ;;
*) ctl=systemctl ;;
esac

# Reads `systemctl show` into $status_json and the variables the decisions need. Its output
# is kept in a variable, not a temporary file: a task that changes nothing starts no mktemp
# and no rm (the error text is asked for again only when show fails).
load_status() {
    show=$($ctl show --no-pager --property="$PROPERTIES" -- "$pb_name" 2> /dev/null) ||
        pb_fail "systemctl show failed for $pb_name: $($ctl show --no-pager --property=Id -- "$pb_name" 2>&1 > /dev/null)"
    status_json=
    # Line by line in memory: `read` from a here-document reads a byte at a time.
    show_rest=$show
    while [ -n "$show_rest" ]; do
        line=${show_rest%%"$PB_NEWLINE"*}
        if [ "$line" = "$show_rest" ]; then show_rest=; else show_rest=${show_rest#*"$PB_NEWLINE"}; fi
        [ -n "$line" ] || continue
        key=${line%%=*}
        value=${line#*=}
        case $key in
        LoadState) load_state=$value ;;
        ActiveState) active=$value ;;
        esac
        pb_json_str "$value"
        status_json="$status_json,\"$key\":$PB_J"
    done
    status_json="{${status_json#,}}"
}

pb_probe() {
    command -v systemctl >/dev/null 2>&1 || pb_fail "systemctl was not found: this host does not run systemd"
    if [ "${pb_scope-}" = user ] && [ -z "${XDG_RUNTIME_DIR-}" ]; then
        XDG_RUNTIME_DIR=/run/user/$(id -u)
        export XDG_RUNTIME_DIR
    fi
    # Reloading the manager's configuration changes no unit, so it is not a change; like any
    # action it does not happen in check mode.
    if [ "$PB_CHECK_MODE" != 1 ] && [ "$pb_daemon_reexec$pb_daemon_reload" != 00 ]; then
        pb_tmpdir
        if [ "$pb_daemon_reexec" = 1 ]; then
            $ctl daemon-reexec 2> "$PB_TMP/err" || pb_fail "failure when executing daemon-reexec: $(cat "$PB_TMP/err")"
        fi
        if [ "$pb_daemon_reload" = 1 ]; then
            $ctl daemon-reload 2> "$PB_TMP/err" || pb_fail "failure when executing daemon-reload: $(cat "$PB_TMP/err")"
        fi
    fi
    [ -n "${pb_name-}" ] || return 0
    load_status
    if [ "$load_state" = not-found ]; then found=0; fi
    if [ "$load_state" = masked ]; then is_masked=1; fi
    if [ -n "${pb_enabled-}" ] && $ctl is-enabled -- "$pb_name" > /dev/null 2>&1; then is_enabled=1; fi
}

add_step() { plan="$plan $1"; }

# Check mode, for a unit that does not exist yet but may come with a package an earlier task
# would install. Debian's maintainer scripts enable and start the services a package ships
# unless policy-rc.d forbids starting, so `started` and `enabled: true` are predicted to be
# already true (ok, as the real run will find them); restarting, reloading, stopping, disabling
# and masking would change something.
predict_packaged_unit() {
    starts=1
    if [ -x /usr/sbin/policy-rc.d ]; then
        /usr/sbin/policy-rc.d "$pb_name" start > /dev/null 2>&1
        [ $? = 101 ] && starts=0
    fi
    verb=
    case ${pb_state-} in
    started) [ "$starts" = 1 ] || verb=start ;;
    stopped) [ "$starts" = 0 ] || verb=stop ;;
    restarted) verb=restart ;;
    reloaded) verb=reload ;;
    esac
    if [ "${pb_enabled-}" = 0 ]; then verb="${verb:+$verb and }disable"; fi
    if [ "${pb_masked-}" = 1 ]; then verb="${verb:+$verb and }mask"; fi
    if [ -n "$verb" ]; then
        pb_changed
        pb_msg "would $verb $pb_name (the unit comes with a package that would be installed)"
    else
        pb_msg "$pb_name comes with a package that would be installed, which enables and starts it"
    fi
}

pb_decide() {
    [ -n "${pb_name-}" ] || return 0
    if [ "$found" = 0 ] && [ "${pb_masked-}" != 1 ]; then
        if [ "$PB_CHECK_MODE" = 1 ] && [ -n "${pb_predicted-}" ]; then
            predict_packaged_unit
            return
        fi
        pb_fail "Could not find the requested service $pb_name: host"
    fi
    if [ "${pb_masked-}" = 0 ] && [ "$is_masked" = 1 ]; then add_step unmask; fi
    if [ "${pb_enabled-}" = 1 ] && [ "$is_enabled" = 0 ]; then add_step enable; fi
    if [ "${pb_enabled-}" = 0 ] && [ "$is_enabled" = 1 ]; then add_step disable; fi
    if [ "${pb_masked-}" = 1 ] && [ "$is_masked" = 0 ]; then add_step mask; fi
    running=0
    case $active in active | activating | reloading) running=1 ;; esac
    case ${pb_state-} in
    started) if [ "$running" = 0 ]; then add_step start; fi ;;
    stopped) if [ "$running" = 1 ] || [ "$active" = deactivating ]; then add_step stop; fi ;;
    restarted) if [ "$running" = 1 ]; then add_step restart; else add_step start; fi ;;
    reloaded) if [ "$running" = 1 ]; then add_step reload; else add_step start; fi ;;
    esac
    if [ -n "$plan" ]; then pb_changed; fi
}

pb_act() {
    pb_tmpdir
    for step in $plan; do
        set --
        if [ "${pb_force-}" = 1 ]; then
            case $step in enable | disable | mask) set -- --force ;; esac
        fi
        if [ "$pb_no_block" = 1 ]; then
            case $step in start | stop | restart | reload) set -- --no-block ;; esac
        fi
        $ctl "$step" "$@" -- "$pb_name" 2> "$PB_TMP/err" ||
            pb_fail "Unable to $step service $pb_name: $(cat "$PB_TMP/err")"
    done
}

pb_report() {
    [ -n "${pb_name-}" ] || return 0
    pb_add_str name "$pb_name"
    case ${pb_state-} in
    '') ;;
    restarted | reloaded) pb_add_str state started ;;
    *) pb_add_str state "$pb_state" ;;
    esac
    if [ -n "${pb_enabled-}" ]; then pb_add_bool enabled "$pb_enabled"; fi
    if [ "$found" = 1 ] || [ "$PB_CHECK_MODE" != 1 ]; then
        if [ "$PB_CHECK_MODE" != 1 ] && [ -n "$plan" ]; then load_status; fi
        pb_add_raw status "$status_json"
    fi
    # shellcheck disable=SC2086 # the plan holds only the step words above
    if [ -n "$plan" ]; then pb_add_list actions "$(printf '%s\n' $plan)"; fi
}

pb_main
