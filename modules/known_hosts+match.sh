# known_hosts: whether a line names the host, as ssh-keygen -F decides it, and new hashed names.
#
# Hashed names are HMAC-SHA1 (RFC 2104) built from sha1sum, od and base64 of coreutils: no
# openssl or ssh-keygen is needed on the target.

# Sets KH_OCTAL to the printf escapes of the decimal byte values in "$@".
kh_escapes() {
    KH_OCTAL=
    for kh__b in "$@"; do
        KH_OCTAL="$KH_OCTAL\\$((kh__b >> 6 & 7))$((kh__b >> 3 & 7))$((kh__b & 7))"
    done
}

# kh_hmac SALT_BASE64 TEXT: KH_HMAC is the base64 of HMAC-SHA1(salt, text), the hash an
# `|1|salt|hash` host field holds. Fails when the salt is not base64.
kh_hmac() {
    pb_tmpdir
    printf '%s' "$1" | base64 -d > "$PB_TMP/salt" 2>/dev/null || return 1
    # shellcheck disable=SC2046
    set -- "$2" $(od -An -v -tu1 < "$PB_TMP/salt")
    kh__text=$1
    shift
    if [ $# -gt 64 ]; then return 1; fi
    kh__inner=''
    kh__outer=''
    kh__i=0
    while [ $kh__i -lt 64 ]; do
        kh__k=0
        if [ $# -gt 0 ]; then kh__k=$1 && shift; fi
        kh_escapes $((kh__k ^ 54))
        kh__inner=$kh__inner$KH_OCTAL
        kh_escapes $((kh__k ^ 92))
        kh__outer=$kh__outer$KH_OCTAL
        kh__i=$((kh__i + 1))
    done
    # shellcheck disable=SC2059
    kh__digest=$({ printf "$kh__inner" && printf '%s' "$kh__text"; } | sha1sum)
    kh_hex_escapes "${kh__digest%% *}"
    # shellcheck disable=SC2059
    kh__digest=$({ printf "$kh__outer" && printf "$KH_OCTAL"; } | sha1sum)
    kh_hex_escapes "${kh__digest%% *}"
    # shellcheck disable=SC2059
    KH_HMAC=$(printf "$KH_OCTAL" | base64 -w0)
}

# KH_OCTAL: the printf escapes of the bytes a hex string spells.
kh_hex_escapes() {
    kh__hex=$1
    KH_OCTAL=
    while [ -n "$kh__hex" ]; do
        kh__rest=${kh__hex#??}
        kh__pair=${kh__hex%"$kh__rest"}
        kh__hex=$kh__rest
        kh__b=$((0x$kh__pair))
        KH_OCTAL="$KH_OCTAL\\$((kh__b >> 6 & 7))$((kh__b >> 3 & 7))$((kh__b & 7))"
    done
}

# KH_HASHED: the host field `|1|salt|hash` for $1 with a fresh 20-byte salt, as ssh-keygen -H
# writes it.
kh_hash_name() {
    pb_tmpdir
    head -c 20 /dev/urandom > "$PB_TMP/newsalt" || pb_fail "cannot read /dev/urandom"
    kh__salt=$(base64 -w0 < "$PB_TMP/newsalt")
    kh_hmac "$kh__salt" "$1" || pb_fail "cannot hash the host name"
    KH_HASHED="|1|$kh__salt|$KH_HMAC"
}

# kh_names_match FIELD NAME: whether a host field names NAME: a hashed field by its HMAC; a
# pattern list when one pattern (`*`, `?` wildcards, case ignored) matches and no negated one
# (`!pattern`) does.
kh_names_match() {
    case $1 in
    '|1|'*)
        kh__rest=${1#|1|}
        kh__salt=${kh__rest%%|*}
        kh__hash=${kh__rest#*|}
        [ "$kh__salt" != "$kh__rest" ] || return 1
        kh_hmac "$kh__salt" "$2" || return 1
        [ "$KH_HMAC" = "$kh__hash" ]
        return
        ;;
    esac
    kh__list=$1
    case $kh__list in *[A-Z]*) kh__list=$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]') ;; esac
    kh__matched=1
    kh__ifs=$IFS
    IFS=,
    set -f
    for kh__pattern in $kh__list; do
        kh__negated=0
        case $kh__pattern in '!'*) kh__negated=1 && kh__pattern=${kh__pattern#!} ;; esac
        kh_glob_match "$kh__pattern" "$2" || continue
        if [ "$kh__negated" = 1 ]; then kh__matched=1 && break; fi
        kh__matched=0
    done
    set +f
    IFS=$kh__ifs
    return $kh__matched
}

# kh_glob_match PATTERN TEXT: ssh's match_pattern: `*` and `?` are wildcards, every other
# character (brackets of `[host]:port` too) stands for itself.
kh_glob_match() {
    kh__glob=
    kh__p=$1
    while [ -n "$kh__p" ]; do
        kh__rest=${kh__p#?}
        kh__c=${kh__p%"$kh__rest"}
        kh__p=$kh__rest
        case $kh__c in
        '*' | '?') kh__glob=$kh__glob$kh__c ;;
        *) kh__glob=$kh__glob\\$kh__c ;;
        esac
    done
    # shellcheck disable=SC2254
    case $2 in $kh__glob) return 0 ;; esac
    return 1
}

# kh_parse LINE: splits a known_hosts line into KH_MARK (@cert-authority, @revoked or
# empty), KH_HOSTS, KH_TYPE and KH_BLOB; fails for a blank or comment line or a short one.
kh_parse() {
    set -f
    # shellcheck disable=SC2086
    set -- $1
    set +f
    KH_MARK=
    case ${1-#} in '#'*) return 1 ;; esac
    case $1 in '@'*) KH_MARK=$1 && shift ;; esac
    [ $# -ge 3 ] || return 1
    KH_HOSTS=$1 KH_TYPE=$2 KH_BLOB=$3
}

# kh_line_names LINE NAME: whether ssh-keygen -F NAME would print this line: its host field
# names the host. As there, the key itself is not read, so Ansible takes any text for it.
kh_line_names() {
    kh_parse "$1" || return 1
    case $KH_MARK in '' | @cert-authority | @revoked) ;; *) return 1 ;; esac
    kh_names_match "$KH_HOSTS" "$2"
}
