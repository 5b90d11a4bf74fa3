f() {
    echo $'not posix, read as $ and a quoted word' "${x:-'}'}"

    # After a doubt every line stays as it is.
    echo done
}
