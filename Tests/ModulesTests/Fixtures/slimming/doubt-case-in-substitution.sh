    kind=$(case $1 in
        *.gz) echo gzip ;;
        *) echo plain ;; esac)
    # kept: the pattern's `)` would have closed the substitution
