#ifndef CHIREDIS_SHIM_H
#define CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>

/* hiredis writes with write(2), which raises SIGPIPE when the server has gone away; the
 * default action kills the process. Blocking SIGPIPE on the one thread that talks to Redis
 * turns that into an EPIPE error (a dead connection) without changing the process-wide
 * disposition other code may rely on. Returns 0 on success, an errno value otherwise. */
static inline int chiredis_block_sigpipe_on_current_thread(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    return pthread_sigmask(SIG_BLOCK, &set, NULL);
}

#endif
