#define _GNU_SOURCE
#include "CSignals.h"
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static unsigned pending_signals = 0;

unsigned warroom_signal_bit(int sig) { return (sig > 0 && sig < 32) ? 1u << sig : 0u; }

static void record_signal(int sig) {
    __atomic_fetch_or(&pending_signals, warroom_signal_bit(sig), __ATOMIC_SEQ_CST);
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
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) signal(fatal[i], SIG_DFL);
}
