#define _GNU_SOURCE
#include "CSignals.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static unsigned pending_signals = 0;

unsigned warroom_signal_bit(int sig) { return (sig > 0 && sig < 32) ? 1u << sig : 0u; }

static int wake_fds[2] = { -1, -1 };

int warroom_wake_pipe(void) {
    if (wake_fds[0] >= 0) return wake_fds[0];
    if (pipe2(wake_fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        wake_fds[0] = wake_fds[1] = -1;
        return -1;
    }
    return wake_fds[0];
}

void warroom_wake(void) {
    if (wake_fds[1] < 0) return;
    int saved = errno;
    char byte = 1;
    ssize_t ignored = write(wake_fds[1], &byte, 1);  /* full pipe: a wake is pending anyway */
    (void)ignored;
    errno = saved;
}

void warroom_clear_wake(void) {
    if (wake_fds[0] < 0) return;
    char buffer[256];
    while (read(wake_fds[0], buffer, sizeof buffer) > 0) {}
}

int warroom_wait_for_input(int in, int milliseconds) {
    struct pollfd fds[2] = { { .fd = in, .events = POLLIN }, { .fd = wake_fds[0], .events = POLLIN } };
    int n = poll(fds, wake_fds[0] >= 0 ? 2 : 1, milliseconds);
    if (n <= 0) return 0;
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) return 1;
    if (wake_fds[0] >= 0 && (fds[1].revents & POLLIN)) return 2;
    return 0;
}

static void record_signal(int sig) {
    __atomic_fetch_or(&pending_signals, warroom_signal_bit(sig), __ATOMIC_SEQ_CST);
    warroom_wake();
}

/* Curses keeps its own SIGWINCH handler (it sets the flag behind KEY_RESIZE); this one runs it,
   then wakes the loop so the resize is taken in at once. */
static struct sigaction curses_winch;

static void winch_handler(int sig, siginfo_t *info, void *context) {
    if (curses_winch.sa_flags & SA_SIGINFO) {
        if (curses_winch.sa_sigaction) curses_winch.sa_sigaction(sig, info, context);
    } else if (curses_winch.sa_handler != SIG_DFL && curses_winch.sa_handler != SIG_IGN && curses_winch.sa_handler) {
        curses_winch.sa_handler(sig);
    }
    warroom_wake();
}

void warroom_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = record_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct sigaction winch;
    memset(&winch, 0, sizeof winch);
    winch.sa_sigaction = winch_handler;
    winch.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&winch.sa_mask);
    sigaction(SIGWINCH, &winch, &curses_winch);
}

unsigned warroom_take_signals(void) {
    return __atomic_exchange_n(&pending_signals, 0u, __ATOMIC_SEQ_CST);
}

static struct termios shell_termios;
static int shell_termios_saved = 0;
static int terminal_in = -1, terminal_out = -1;
static char restore_bytes[512];
static size_t restore_length = 0;

void warroom_save_shell_mode(int in) {
    terminal_in = in;
    shell_termios_saved = tcgetattr(in, &shell_termios) == 0;
}

void warroom_set_crash_restore(int out, const char *bytes, size_t length) {
    if (length > sizeof restore_bytes) length = sizeof restore_bytes;
    memcpy(restore_bytes, bytes, length);
    restore_length = length;
    terminal_out = out;
}

static void crash_handler(int sig) {
    signal(SIGTTOU, SIG_IGN);
    if (terminal_out >= 0 && restore_length > 0) {
        ssize_t ignored = write(terminal_out, restore_bytes, restore_length);
        (void)ignored;
    }
    if (shell_termios_saved) tcsetattr(terminal_in, TCSANOW, &shell_termios);
    signal(sig, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, sig);
    pthread_sigmask(SIG_UNBLOCK, &only, NULL);
    raise(sig);
}

static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGQUIT, SIGSYS, SIGXCPU, SIGXFSZ };

void warroom_install_crash_handlers(void) {
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = crash_handler;
        /* Nothing else may interrupt the restore. */
        sigfillset(&sa.sa_mask);
        sigaction(fatal[i], &sa, NULL);
    }
}

void warroom_unblock_handled_signals(void) {
    sigset_t handled;
    sigemptyset(&handled);
    int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGWINCH, SIGTSTP, SIGCONT };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaddset(&handled, sigs[i]);
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) sigaddset(&handled, fatal[i]);
    pthread_sigmask(SIG_UNBLOCK, &handled, NULL);
}

void warroom_reset_signal_handlers(void) {
    int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGUSR1 };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], SIG_DFL);
    sigaction(SIGWINCH, &curses_winch, NULL);
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) signal(fatal[i], SIG_DFL);
}
