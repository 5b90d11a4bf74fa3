f() {
    x=${1#*#} y=$# z=${#x} w=a#b   # only this is a comment, with a ' in it
    v=$(printf '%s' "$x")#'
    still in the quote opened after the substitution'
    case $x in
        a\)*) echo paren ;;
        *'#'*|\#*) echo hash ;;   # '
        (*\)) echo "close" ;;
    esac
    n=$(( (x << 2) | 1 ))
    # n=$(( stays a comment
    s=$(cd / && ( ls ) | wc -l)
    t=$(
        # a comment inside a multi-line substitution
        echo "#" )
}
