# group: a local group present (groupadd; groupmod when its gid differs) or absent (groupdel), as
# Ansible's group module does on Linux.

exists=0
cur_gid=
D_BEFORE=
D_AFTER=

pb_probe() {
    entry=$(getent group -- "$pb_name" 2>/dev/null) || return 0
    # getent looks a numeric name up as a gid: the entry must carry the name asked for.
    [ "${entry%%:*}" = "$pb_name" ] || return 0
    exists=1
    rest=${entry#*:*:}
    cur_gid=${rest%%:*}
}

pb_decide() {
    if [ "$pb_state" = absent ]; then
        if [ "$exists" = 1 ]; then
            pb_changed
            D_BEFORE="\"state\":\"present\"" D_AFTER="\"state\":\"absent\""
        fi
    elif [ "$exists" = 0 ]; then
        pb_changed
        D_BEFORE="\"state\":\"absent\"" D_AFTER="\"state\":\"present\""
    elif [ -n "${pb_gid-}" ] && [ "$pb_gid" != "$cur_gid" ]; then
        pb_changed
        D_BEFORE="\"gid\":$cur_gid" D_AFTER="\"gid\":$pb_gid"
    fi
}

pb_act() {
    if [ "$pb_state" = absent ]; then
        set -- groupdel
        [ "$pb_force" = 1 ] && set -- "$@" -f
    elif [ "$exists" = 0 ]; then
        set -- groupadd
        if [ -n "${pb_gid-}" ]; then set -- "$@" -g "$pb_gid"; [ "$pb_non_unique" = 1 ] && set -- "$@" -o; fi
        [ "$pb_system" = 1 ] && set -- "$@" -r
    else
        set -- groupmod -g "$pb_gid"
        [ "$pb_non_unique" = 1 ] && set -- "$@" -o
    fi
    pb_run "$@" -- "$pb_name"
}

pb_report() {
    # As Ansible's, check mode says no more than 'changed' about a group it would add or delete.
    if [ "$PB_CHECK_MODE" = 1 ] && [ "$PB_CHANGED" = 1 ] && { [ "$pb_state" = absent ] || [ "$exists" = 0 ]; }; then
        group_diff
        return
    fi
    pb_add_str name "$pb_name"
    pb_add_str state "$pb_state"
    if [ "$pb_state" = present ]; then
        pb_add_bool system "$pb_system"
        if [ "$PB_CHECK_MODE" != 1 ] || [ "$exists" = 1 ]; then
            pb_probe
            pb_add_int gid "$cur_gid"
        fi
    fi
    group_diff
}

group_diff() {
    if [ "$PB_DIFF" = 1 ] && [ -n "$D_BEFORE" ]; then pb_add_raw diff "{\"before\":{$D_BEFORE},\"after\":{$D_AFTER}}"; fi
}

pb_main
