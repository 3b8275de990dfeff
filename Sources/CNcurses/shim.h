#ifndef WARROOM_CNCURSES_SHIM_H
#define WARROOM_CNCURSES_SHIM_H

/* The wide-character API is only declared with these, before any include. */
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1

#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <fcntl.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* Attribute macros are expressions Swift cannot import. */
static const attr_t warroom_A_NORMAL = A_NORMAL;
static const attr_t warroom_A_BOLD = A_BOLD;
static const attr_t warroom_A_DIM = A_DIM;
static const attr_t warroom_A_ITALIC = A_ITALIC;
static const attr_t warroom_A_UNDERLINE = A_UNDERLINE;
static const attr_t warroom_A_REVERSE = A_REVERSE;
static const attr_t warroom_A_BLINK = A_BLINK;

/* Globals that Swift 6 refuses as shared mutable state. */
static inline WINDOW *warroom_stdscr(void) { return stdscr; }
static inline int warroom_lines(void) { return LINES; }
static inline int warroom_cols(void) { return COLS; }
static inline int warroom_colors(void) { return COLORS; }
static inline int warroom_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *warroom_stdin(void) { return stdin; }
static inline FILE *warroom_stdout(void) { return stdout; }

/* True when the terminal description can address the cursor (TERM=dumb cannot). */
static inline int warroom_can_address_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

/* Checks TERM without touching the screen: 1 usable, 0 unknown or unusable. */
static inline int warroom_term_is_usable(const char *term) {
    int err = 0;
    if (setupterm(term, 1, &err) != OK) return 0;
    int usable = warroom_can_address_cursor();
    del_curterm(cur_term);
    return usable;
}

static inline int warroom_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* The bytes of a capability of the loaded terminal description, or NULL: for the crash
   path, which restores the terminal without curses (CSignals). */
static inline const char *warroom_capability(const char *name) {
    char *s = tigetstr((char *)name);
    return (s == NULL || s == (char *)-1) ? NULL : s;
}

/* Sets one cell: a wide string (one grapheme), attributes and a colour pair. */
static inline int warroom_put_cell(WINDOW *win, int y, int x, const wchar_t *wch, attr_t attrs, int pair) {
    cchar_t cc;
    if (setcchar(&cc, wch, attrs, 0, &pair) != OK) return ERR;
    return mvwadd_wch(win, y, x, &cc);
}

static inline int warroom_init_pair(int pair, int fg, int bg) { return init_extended_pair(pair, fg, bg); }

/* Pseudo-terminals, for driving the backend headless in tests and benchmarks. */
static inline int warroom_openpty(int *master, int *slave, int rows, int cols) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = (unsigned short)rows;
    ws.ws_col = (unsigned short)cols;
    return openpty(master, slave, NULL, NULL, &ws);
}

static inline int warroom_set_winsize(int fd, int rows, int cols) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = (unsigned short)rows;
    ws.ws_col = (unsigned short)cols;
    return ioctl(fd, TIOCSWINSZ, &ws);
}

static inline int warroom_set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

static inline const char *warroom_key_sequence(const char *capability) {
    char *s = tigetstr(capability);
    return (s == NULL || s == (char *)-1) ? NULL : s;
}

#endif
