#ifndef WARROOM_CSIGNALS_H
#define WARROOM_CSIGNALS_H

#include <stddef.h>

/* Signals for the full-screen console. What a signal handler may do is little: these record
   which signals arrived, and on a fatal one put the terminal back with async-signal-safe calls
   only (tcsetattr, write), never calling into curses, whose state the drawing thread may be
   changing at that moment. */

/* The bit of `sig` in what `warroom_take_signals` returns. */
unsigned warroom_signal_bit(int sig);

/* SIGINT, SIGTERM, SIGHUP and SIGUSR1 are recorded, one bit each, so that two arriving
   together are both kept; SIGPIPE is ignored. */
void warroom_install_signal_handlers(void);

/* The signals recorded since the last call, as bits; clears them. */
unsigned warroom_take_signals(void);

/* Before the screen starts: keeps the terminal's own modes (termios of `in`). */
void warroom_save_shell_mode(int in);

/* Once the screen is up: the bytes that undo it on `out` (leave the alternate screen, show
   the cursor, reset attributes and keypad mode), written by the crash path. */
void warroom_set_crash_restore(int out, const char *bytes, size_t length);

/* Crashes (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGSYS, SIGXCPU, SIGXFSZ) and
   SIGQUIT: the terminal is put back, then the process dies of the same signal, so that its
   exit status and any core dump stay truthful. */
void warroom_install_crash_handlers(void);

/* Unblocks the signals the console handles, should the process have been started with them
   blocked (a parent that blocks them passes its mask on). */
void warroom_unblock_handled_signals(void);

/* Every handler back to the default. */
void warroom_reset_signal_handlers(void);

#endif
