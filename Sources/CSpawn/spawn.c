// What Swift's C library overlay does not show without _GNU_SOURCE.
#define _GNU_SOURCE
#include "CSpawn.h"
#include <fcntl.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void cspawn_release_free_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

int cspawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

#if defined(__linux__)
int cspawn_add_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

int cspawn_pipe(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}
#else
int cspawn_pipe(int fds[2]) {
    if (pipe(fds) != 0) return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
}
#endif
