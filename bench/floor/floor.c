/*
 * floor -- the least any SSH tool can do for the benchmark's no-change run, on raw libssh2.
 *
 * Per host, on its own thread: TCP connect with TCP_NODELAY, key exchange, host key checked against a
 * known_hosts file, public-key login, ONE exec channel running `sudo -n -- /bin/sh -s`, then the
 * probes a no-change run of the workload needs (facts, the package, the directory, two files with
 * their checksums, the service) fed to that shell one step at a time, each step's output read up to
 * an end marker before the next is sent: one round trip per task, as any tool must pay that decides a
 * task's outcome before starting the next. With --batched every step goes in one write (one round trip
 * for all, which no tool with Ansible's semantics can do). No module logic, no JSON, no templating:
 * the time left is sshd's, PAM's, sudo's, the probes' and the wire's.
 *
 * It prints one `ok: [host]` line per step and a PLAY RECAP in Ansible's shape, so the benchmark reads
 * it like the other tools. Written in C, with nothing between libssh2 and the wire, to be a floor.
 *
 *   floor --user U --key FILE --known-hosts FILE --probes FILE [--timeout S] [--batched]
 *         NAME=ADDRESS:PORT...
 */
#include <libssh2.h>

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

struct target {
    char name[64];
    char address[128];
    int port;
    int steps_done;
    char error[256];
};

static const char *user, *key_path, *known_hosts_path;
static char *public_key_path;
static int timeout_seconds = 10, batched;
static char **steps;
static int step_count;

static int fail(struct target *t, const char *what, LIBSSH2_SESSION *session) {
    char *message = NULL;
    if (session) libssh2_session_last_error(session, &message, NULL, 0);
    snprintf(t->error, sizeof t->error, "%s%s%s", what, message ? ": " : "", message ? message : "");
    return -1;
}

static int connect_tcp(struct target *t) {
    char port[16];
    struct addrinfo hints = {0}, *found = NULL;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    snprintf(port, sizeof port, "%d", t->port);
    if (getaddrinfo(t->address, port, &hints, &found) != 0) return -1;
    int fd = socket(found->ai_family, SOCK_STREAM, 0);
    int one = 1;
    /* Without TCP_NODELAY, Nagle and delayed ACKs stall every small SSH packet by up to 40 ms. */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval limit = {timeout_seconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    if (connect(fd, found->ai_addr, found->ai_addrlen) != 0) {
        close(fd);
        fd = -1;
    }
    freeaddrinfo(found);
    return fd;
}

static int host_key_matches(LIBSSH2_SESSION *session, struct target *t) {
    size_t length;
    int type;
    const char *key = libssh2_session_hostkey(session, &length, &type);
    LIBSSH2_KNOWNHOSTS *known = libssh2_knownhost_init(session);
    if (!key || !known) return 0;
    int matches = libssh2_knownhost_readfile(known, known_hosts_path, LIBSSH2_KNOWNHOST_FILE_OPENSSH) >= 0 &&
        libssh2_knownhost_checkp(known, t->address, t->port, key, length,
                                 LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW,
                                 NULL) == LIBSSH2_KNOWNHOST_CHECK_MATCH;
    libssh2_knownhost_free(known);
    return matches;
}

static int write_all(LIBSSH2_CHANNEL *channel, const char *text, size_t length) {
    while (length > 0) {
        ssize_t written = libssh2_channel_write(channel, text, length);
        if (written < 0) return -1;
        text += written;
        length -= (size_t)written;
    }
    return 0;
}

/* Reads the shell's output until the end marker of step `index` has arrived. */
static int read_to_marker(LIBSSH2_CHANNEL *channel, int index, char *buffer, size_t capacity, size_t *used) {
    char marker[48];
    snprintf(marker, sizeof marker, "__floor_end_%d__", index);
    for (;;) {
        buffer[*used] = '\0';
        char *found = strstr(buffer, marker);
        if (found) {
            /* Keep what follows the marker's line: the next step's output may share a packet. */
            char *rest = strchr(found, '\n');
            rest = rest ? rest + 1 : buffer + *used;
            *used = (size_t)(buffer + *used - rest);
            memmove(buffer, rest, *used);
            return 0;
        }
        if (*used + 1 >= capacity) { /* a probe printed more than expected: keep the tail only */
            memmove(buffer, buffer + *used - 64, 64);
            *used = 64;
        }
        ssize_t got = libssh2_channel_read(channel, buffer + *used, capacity - 1 - *used);
        if (got <= 0) return -1;
        *used += (size_t)got;
    }
}

static char *step_text(int index) {
    size_t length = strlen(steps[index]) + 64;
    char *text = malloc(length);
    snprintf(text, length, "%s\necho __floor_end_%d__ $?\n", steps[index], index);
    return text;
}

static int run_steps(LIBSSH2_CHANNEL *channel, struct target *t) {
    char buffer[65536];
    size_t used = 0;
    for (int index = 0; index < step_count; index++) {
        if (!batched || index == 0) {
            for (int sent = index; sent < (batched ? step_count : index + 1); sent++) {
                char *text = step_text(sent);
                int written = write_all(channel, text, strlen(text));
                free(text);
                if (written != 0) return -1;
            }
        }
        if (read_to_marker(channel, index, buffer, sizeof buffer, &used) != 0) return -1;
        t->steps_done++;
    }
    return 0;
}

static void *run_host(void *argument) {
    struct target *t = argument;
    int fd = connect_tcp(t);
    if (fd < 0) {
        snprintf(t->error, sizeof t->error, "connect: %s", strerror(errno));
        return NULL;
    }
    LIBSSH2_SESSION *session = libssh2_session_init();
    LIBSSH2_CHANNEL *channel = NULL;
    libssh2_session_set_timeout(session, timeout_seconds * 1000L);
    if (libssh2_session_handshake(session, fd) != 0) fail(t, "handshake", session);
    else if (!host_key_matches(session, t)) fail(t, "host key does not match known_hosts", NULL);
    else if (libssh2_userauth_publickey_fromfile(session, user, public_key_path, key_path, NULL) != 0)
        fail(t, "authentication", session);
    else if (!(channel = libssh2_channel_open_session(session))) fail(t, "channel", session);
    else {
        /* The shell's stderr joins its stdout: nothing waits on a full stderr window. */
        libssh2_channel_handle_extended_data2(channel, LIBSSH2_CHANNEL_EXTENDED_DATA_MERGE);
        if (libssh2_channel_exec(channel, "sudo -n -- /bin/sh -s") != 0) fail(t, "exec", session);
        else if (run_steps(channel, t) != 0) fail(t, "probes", session);
    }
    if (channel) {
        libssh2_channel_send_eof(channel);
        libssh2_channel_close(channel);
        libssh2_channel_free(channel);
    }
    libssh2_session_disconnect(session, "done");
    libssh2_session_free(session);
    close(fd);
    return NULL;
}

/* Splits the probe file at its `#: step NAME` lines; text before the first is dropped (the header). */
static int load_steps(const char *path) {
    FILE *file = fopen(path, "r");
    if (!file) return -1;
    static char text[1 << 16];
    size_t length = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    text[length] = '\0';
    steps = calloc(64, sizeof *steps);
    for (char *line = text; line && *line && step_count < 64;) {
        char *next = strchr(line, '\n');
        if (strncmp(line, "#: step", 7) == 0) {
            if (step_count > 0) line[-1] = '\0'; /* ends the previous step */
            steps[step_count++] = next ? next + 1 : line + strlen(line);
        }
        line = next ? next + 1 : NULL;
    }
    return step_count > 0 ? 0 : -1;
}

static int usage(void) {
    fprintf(stderr, "usage: floor --user U --key FILE --known-hosts FILE --probes FILE [--timeout S] [--batched] "
                    "NAME=ADDRESS:PORT...\n");
    return 64;
}

int main(int argc, char **argv) {
    const char *probes = NULL;
    int first_target = argc;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--batched") == 0) batched = 1;
        else if (i + 1 < argc && strcmp(argv[i], "--user") == 0) user = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--key") == 0) key_path = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--known-hosts") == 0) known_hosts_path = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--probes") == 0) probes = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--timeout") == 0) timeout_seconds = atoi(argv[++i]);
        else if (argv[i][0] == '-') return usage();
        else {
            first_target = i;
            break;
        }
    }
    if (!user || !key_path || !known_hosts_path || !probes || first_target == argc) return usage();
    if (load_steps(probes) != 0) {
        fprintf(stderr, "floor: %s: no `#: step` sections\n", probes);
        return 65;
    }
    public_key_path = malloc(strlen(key_path) + 5);
    sprintf(public_key_path, "%s.pub", key_path);
    if (access(public_key_path, R_OK) != 0) public_key_path = NULL;

    int count = argc - first_target;
    struct target *targets = calloc((size_t)count, sizeof *targets);
    pthread_t *threads = calloc((size_t)count, sizeof *threads);
    for (int i = 0; i < count; i++) {
        struct target *t = &targets[i];
        if (sscanf(argv[first_target + i], "%63[^=]=%127[^:]:%d", t->name, t->address, &t->port) != 3) return usage();
    }
    if (libssh2_init(0) != 0) return 70;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, 256 * 1024);
    for (int i = 0; i < count; i++) pthread_create(&threads[i], &attributes, run_host, &targets[i]);
    int failures = 0;
    for (int i = 0; i < count; i++) {
        pthread_join(threads[i], NULL);
        for (int step = 0; step < targets[i].steps_done; step++) printf("ok: [%s]\n", targets[i].name);
        if (targets[i].error[0]) {
            printf("fatal: [%s]: UNREACHABLE! => %s\n", targets[i].name, targets[i].error);
            failures++;
        }
    }
    printf("\nPLAY RECAP\n");
    for (int i = 0; i < count; i++)
        printf("%s : ok=%d changed=0 unreachable=%d failed=0 skipped=0\n", targets[i].name, targets[i].steps_done,
               targets[i].error[0] ? 1 : 0);
    libssh2_exit();
    return failures ? 4 : 0;
}
