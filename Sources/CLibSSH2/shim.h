#ifndef PLAYBOOK_CLIBSSH2_SHIM_H
#define PLAYBOOK_CLIBSSH2_SHIM_H
#include <libssh2.h>
#include <libssh2_sftp.h>
#include <libssh2_publickey.h>
/* mallopt: the transport caps malloc arenas, one thread per session would otherwise multiply them. */
#include <malloc.h>
#endif
