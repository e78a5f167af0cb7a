/*
 * fatal.h - what to undo when a signal ends the program.
 *
 * A signal that kills attntui must not leave a half-written temporary
 * file beside an export, nor a terminal in the alternate screen with no
 * cursor and no echo; and a mapped file cut short while in use (SIGBUS)
 * must be named, not die with status 135.  Modules register what they
 * hold here; fatal_init() installs handlers for TERM, INT, HUP, QUIT,
 * USR1, USR2, PIPE, BUS, SEGV and ABRT that undo it with async-signal-
 * safe calls only, then die of the same signal (or, for SIGBUS in a
 * registered mapping, print "attntui: FILE changed while in use" and
 * exit 1).
 *
 * Registration is done by the main thread; the handlers only read.
 */
#ifndef ATTNTUI_FATAL_H
#define ATTNTUI_FATAL_H

#include <stddef.h>

/* Install the handlers (main.c, once); library users need not. */
void	fatal_init(void);

/* A temporary file to remove; fatal_forget() when it is renamed. */
int	fatal_add_file(const char *path);
void	fatal_forget_file(int id);

/* A mapped file: SIGBUS inside [addr, addr + len) names path. */
int	fatal_add_mapping(const void *addr, size_t len, const char *path);
void	fatal_forget_mapping(int id);

/*
 * The terminal to put back: write reset (the sequences that leave the
 * alternate screen, show the cursor, stop mouse reports) to out_fd and
 * restore on tty_fd the modes saved before curses changed them.  NULL
 * reset forgets it.
 */
struct termios;
void	fatal_set_terminal(int out_fd, int tty_fd,
	    const struct termios *saved, const char *reset);

/*
 * Undo everything registered now, as a handler would: for the tui's own
 * handlers of INT, TERM and HUP, which end the loop first.
 */
void	fatal_cleanup(void);

#endif
