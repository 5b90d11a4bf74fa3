# user: a local account present (created with useradd, brought in line with usermod: only the
# attributes that differ) or absent (userdel), as Ansible's user module does on Linux.
#
# The password hash never appears in a command line: it reaches chpasswd -e on its standard
# input from printf, a shell builtin, so no process list or audit log can show it.

exists=0
cur_uid='' cur_gid='' cur_comment='' cur_home='' cur_shell='' cur_hash='' cur_expire=-1 cur_groups=
new_home_missing=0
# What usermod must change (decided in pb_decide, carried out in pb_act).
set_uid=0 set_gid='' set_groups=0 groups_append=0 set_comment=0 set_home=0 set_shell=0 set_expires=0
lock_flag='' set_password=0 expires_date='' wanted_groups=
D_BEFORE=
D_AFTER=
WARNINGS=

note() {
    pb_json_str "$2"
    D_BEFORE="$D_BEFORE,\"$1\":$PB_J"
    pb_json_str "$3"
    D_AFTER="$D_AFTER,\"$1\":$PB_J"
}

warn() {
    WARNINGS="$WARNINGS${WARNINGS:+
}$1"
}

# Reads the account: sets exists and the cur_* fields. getent looks a numeric name up as a uid,
# so the name it returns must be the one asked for.
read_account() {
    exists=0
    entry=$(getent passwd -- "$pb_name" 2>/dev/null) || return 0
    IFS=: read -r name _ cur_uid cur_gid cur_comment cur_home cur_shell <<EOF
$entry
EOF
    [ "$name" = "$pb_name" ] || return 0
    exists=1
    shadow=$(getent shadow -- "$pb_name" 2>/dev/null) || shadow=
    IFS=: read -r _ cur_hash _ _ _ _ _ cur_expire _ <<EOF
$shadow
EOF
    # An empty expiry field means "never", which Ansible reads as -1.
    [ -n "$cur_expire" ] || cur_expire=-1
    cur_groups=$(getent group | PB_USER=$pb_name awk -F: '{
        n = split($4, members, ",")
        for (i = 1; i <= n; i++) if (members[i] == ENVIRON["PB_USER"]) { print $1; break }
    }' | sort)
}

# The name and gid of group $1 (a name or a gid); fails the module when there is none.
resolve_group() {
    line=$(getent group -- "$1" 2>/dev/null) || pb_fail "Group $1 does not exist"
    group_name=${line%%:*}
    rest=${line#*:*:}
    group_gid=${rest%%:*}
}

# `groups` as Ansible reads it: the items joined with commas, split on commas, trimmed.
requested_groups() {
    printf '%s\n' "$pb_groups" | tr ',' '\n' | sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | awk 'NF' | sort -u
}

# Days since 1970 as a date, the way usermod -e takes it.
day_of() {
    date -u -d "@$(($1 * 86400))" +%Y-%m-%d
}

check_password_hash() {
    case $pb_password in
    '*' | '!' | '*************') return ;;
    esac
    suspicious=0
    case $pb_password in
    *[:*!]*) suspicious=1 ;;
    *\$*\$*)
        hash_part=${pb_password##*$}
        case $pb_password in
        \$1\$*) [ ${#hash_part} = 22 ] || suspicious=1 ;;
        \$5\$* | \$y\$*) [ ${#hash_part} = 43 ] || suspicious=1 ;;
        \$6\$*) [ ${#hash_part} = 86 ] || suspicious=1 ;;
        esac
        case $hash_part in *[!./0-9A-Za-z]*) suspicious=1 ;; esac
        ;;
    *) suspicious=1 ;;
    esac
    if [ "$suspicious" = 1 ]; then
        warn "The input password appears not to have been hashed. The 'password' argument must be encrypted for this module to work properly."
    fi
}

pb_probe() {
    if [ -n "${pb_password+set}" ]; then check_password_hash; fi
    if [ -z "${pb_groups+set}" ] && [ "$pb_append" = 1 ]; then
        warn "'append' is set, but no 'groups' are specified. Use 'groups' for appending new groups."
    fi
    read_account
}

decide_expires() {
    [ -n "${pb_expires-}" ] || return 0
    seconds=${pb_expires%%.*}
    case $seconds in
    -*)
        if [ "$exists" = 0 ] || [ "$cur_expire" -ge 0 ]; then set_expires=1 expires_date=''; fi
        ;;
    *)
        expires_date=$(date -u -d "@${seconds:-0}" +%Y-%m-%d) || pb_fail "Invalid value for 'expires' $pb_expires"
        if [ "$exists" = 0 ] || [ "$cur_expire" -lt 0 ] || [ "$(day_of "$cur_expire")" != "$expires_date" ]; then
            set_expires=1
        fi
        ;;
    esac
    if [ "$exists" = 1 ] && [ "$set_expires" = 1 ]; then
        before=never
        [ "$cur_expire" -lt 0 ] || before=$(day_of "$cur_expire")
        note expires "$before" "${expires_date:-never}"
    fi
}

decide_groups() {
    [ -n "${pb_groups+set}" ] || return 0
    wanted_groups=
    set -f
    for group in $(requested_groups); do
        resolve_group "$group"
        wanted_groups="$wanted_groups${wanted_groups:+
}$group_name"
    done
    set +f
    wanted_groups=$(printf '%s\n' "$wanted_groups" | awk 'NF' | sort -u)
    [ "$exists" = 1 ] || return 0
    if [ -z "$wanted_groups" ]; then
        if [ -n "$cur_groups" ] && [ "$pb_append" != 1 ]; then set_groups=1; fi
    elif [ "$pb_append" = 1 ]; then
        missing=$(printf '%s\n' "$wanted_groups" | grep -vxF -e "$cur_groups" || true)
        if [ -n "$missing" ]; then set_groups=1 groups_append=1; fi
    elif [ "$wanted_groups" != "$cur_groups" ]; then
        set_groups=1
    fi
    if [ "$set_groups" = 1 ]; then
        after=$wanted_groups
        if [ "$groups_append" = 1 ]; then after=$(printf '%s\n%s\n' "$cur_groups" "$wanted_groups" | awk 'NF' | sort -u); fi
        note groups "$(printf '%s' "$cur_groups" | tr '\n' ',')" "$(printf '%s' "$after" | tr '\n' ',')"
    fi
}

decide_modify() {
    if [ -n "${pb_uid-}" ] && [ "$pb_uid" != "$cur_uid" ]; then set_uid=1; note uid "$cur_uid" "$pb_uid"; fi
    if [ -n "${pb_group-}" ]; then
        resolve_group "$pb_group"
        if [ "$group_gid" != "$cur_gid" ]; then set_gid=$group_gid; note group "$cur_gid" "$group_gid"; fi
    fi
    decide_groups
    if [ -n "${pb_comment+set}" ] && [ "$pb_comment" != "$cur_comment" ]; then set_comment=1; note comment "$cur_comment" "$pb_comment"; fi
    if [ -n "${pb_home-}" ] && [ "$pb_home" != "$cur_home" ]; then set_home=1; note home "$cur_home" "$pb_home"; fi
    if [ -n "${pb_shell-}" ] && [ "$pb_shell" != "$cur_shell" ]; then set_shell=1; note shell "$cur_shell" "$pb_shell"; fi
    decide_expires
    case ${pb_password_lock-}:$cur_hash in
    1:'!'*) ;;
    1:*) lock_flag=-L; note password_lock false true ;;
    0:'!'*) lock_flag=-U; note password_lock true false ;;
    esac
    if [ "$pb_update_password" = always ] && [ -n "${pb_password+set}" ] && [ "${cur_hash#!}" != "${pb_password#!}" ]; then
        set_password=1 lock_flag=
        note password "********" "********"
    fi
    if [ "$set_uid$set_groups$set_comment$set_home$set_shell$set_expires$set_password" != 0000000 ] ||
        [ -n "$set_gid$lock_flag" ]; then
        pb_changed
    fi
}

pb_decide() {
    if [ "$pb_state" = absent ]; then
        if [ "$exists" = 1 ]; then pb_changed; note state present absent; fi
        return
    fi
    if [ "$exists" = 0 ]; then
        note state absent present
        # As in Ansible, check mode reports a new account without looking at its groups, which
        # an earlier task may only be about to create.
        if [ "$PB_CHECK_MODE" != 1 ]; then
            if [ -n "${pb_group-}" ]; then resolve_group "$pb_group"; fi
            decide_groups
            decide_expires
        fi
        if [ -n "${pb_password+set}" ]; then set_password=1; fi
        key_gen=$pb_generate_ssh_key
        pb_changed
        return
    fi
    decide_modify
    if [ "$pb_generate_ssh_key" = 1 ]; then decide_key; [ "$key_gen" = 0 ] || pb_changed; fi
    home=${pb_home:-$cur_home}
    moved=0
    if [ "$set_home" = 1 ] && [ "$pb_move_home" = 1 ] && [ -e "$cur_home" ]; then moved=1; fi
    if [ "$pb_create_home" = 1 ] && [ ! -e "$home" ] && [ "$moved" = 0 ]; then
        new_home_missing=1
        pb_changed
        note home_exists false true
    fi
}

#include user+act.sh

pb_report() {
    # As Ansible's, check mode says no more than 'changed' about an account it would add or delete.
    if [ "$PB_CHECK_MODE" = 1 ] && [ "$PB_CHANGED" = 1 ] && { [ "$pb_state" = absent ] || [ "$exists" = 0 ]; }; then
        user_diff
        return
    fi
    pb_add_str name "$pb_name"
    pb_add_str state "$pb_state"
    if [ "$pb_state" = absent ]; then
        if [ "$PB_CHANGED" = 1 ]; then pb_add_bool force "$pb_force"; pb_add_bool remove "$pb_remove"; fi
    elif [ "$exists" = 1 ] || [ "$PB_CHECK_MODE" != 1 ]; then
        if [ "$exists" = 1 ]; then
            pb_add_bool append "$pb_append"
            pb_add_bool move_home "$pb_move_home"
        else
            pb_add_bool system "$pb_system"
            pb_add_bool create_home "$pb_create_home"
        fi
        if [ "$PB_CHECK_MODE" != 1 ]; then read_account; fi
        pb_add_int uid "$cur_uid"
        pb_add_int group "$cur_gid"
        pb_add_str comment "$cur_comment"
        pb_add_str home "$cur_home"
        pb_add_str shell "$cur_shell"
        if [ -n "${pb_groups+set}" ]; then pb_add_str groups "$(requested_groups | tr '\n' ',' | sed 's/,$//')"; fi
        if [ -n "${pb_password+set}" ]; then pb_add_str password NOT_LOGGING_PASSWORD; fi
        if [ "$pb_generate_ssh_key" = 1 ]; then report_key; fi
    fi
    # The tools' output whole, its last newline included, as Ansible returns it.
    if [ -s "$PB_TMP/stdout" ]; then user_out=$(cat "$PB_TMP/stdout"; printf x); pb_add_str stdout "${user_out%x}"; fi
    if [ -s "$PB_TMP/stderr" ]; then user_out=$(cat "$PB_TMP/stderr"; printf x); pb_add_str stderr "${user_out%x}"; fi
    if [ -n "$WARNINGS" ]; then pb_add_list warnings "$WARNINGS"; fi
    user_diff
}

user_diff() {
    if [ "$PB_DIFF" = 1 ] && [ -n "$D_BEFORE" ]; then
        pb_add_raw diff "{\"before\":{${D_BEFORE#,}},\"after\":{${D_AFTER#,}}}"
    fi
}

pb_tmpdir
pb_main
