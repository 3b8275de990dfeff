#ifndef CSPAWN_H
#define CSPAWN_H

#include <spawn.h>

/// posix_spawn_file_actions_addchdir_np: the child changes to `path` before it runs the program.
int cspawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path);

#if defined(__linux__)
/// posix_spawn_file_actions_addclosefrom_np: the child closes every descriptor from `from` up.
int cspawn_add_close_from(posix_spawn_file_actions_t *actions, int from);
#endif

/// A pipe whose two ends close on exec; 0, or -1 with errno set.
int cspawn_pipe(int fds[2]);

/// malloc_trim(0) where the C library has it: gives the heap's free pages back to the system.
void cspawn_release_free_memory(void);

#endif
