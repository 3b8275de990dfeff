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
   together are both kept, and wake the loop; SIGPIPE is ignored. Call after curses has set
   up its own SIGWINCH handler (after newterm). */
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

/* A pipe that wakes the loop waiting for input: `warroom_wake` (from any thread, or a signal
   handler) makes its read end readable; `warroom_clear_wake` empties it. Returns the read end,
   or -1. The signals above, and SIGWINCH (after curses' own handler, which it keeps), wake it. */
int warroom_wake_pipe(void);
void warroom_wake(void);
void warroom_clear_wake(void);

/* Waits until `in` or the wake pipe is readable, or `milliseconds` pass (-1: forever).
   Returns 1 when `in` is readable, 2 when woken, 0 on the timeout (or an interruption). */
int warroom_wait_for_input(int in, int milliseconds);

/* Every handler back to the default. */
void warroom_reset_signal_handlers(void);

#endif
