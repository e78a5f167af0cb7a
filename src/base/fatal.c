/*
 * fatal.c - what to undo when a signal ends the program; see fatal.h.
 */
#include "build-config.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "attntui/base/error.h"
#include "attntui/base/fatal.h"
#include "attntui/base/text.h"

#define FATAL_FILES	8	/* exports write one temporary at a time */
#define FATAL_MAPPINGS	4096	/* a sharded checkpoint maps each shard */
#define FATAL_RESET	256	/* bytes of terminal reset sequences */

struct fatal_mapping {
	const char	*start;
	size_t		 len;
	char		*path;		/* owned */
};

static char			*fatal_files[FATAL_FILES];	/* owned */
static struct fatal_mapping	 fatal_maps[FATAL_MAPPINGS];
static int			 fatal_term_out = -1;
static int			 fatal_term_tty = -1;
static struct termios		 fatal_term_modes;
static char			 fatal_term_reset[FATAL_RESET];
static volatile sig_atomic_t	 fatal_busy;

static const int fatal_signals[] = {
	SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGBUS,
	SIGSEGV, SIGABRT
};

int
fatal_add_file(const char *path)
{
	char	*copy;
	int	 i;

	for (i = 0; i < FATAL_FILES; i++) {
		if (fatal_files[i] != NULL)
			continue;
		if ((copy = strdup(path)) == NULL)
			return -1;
		fatal_files[i] = copy;
		return i;
	}
	return -1;
}

void
fatal_forget_file(int id)
{
	char	*path;

	if (id < 0 || id >= FATAL_FILES)
		return;
	path = fatal_files[id];
	fatal_files[id] = NULL;
	free(path);
}

int
fatal_add_mapping(const void *addr, size_t len, const char *path)
{
	char	*copy;
	int	 i;

	for (i = 0; i < FATAL_MAPPINGS; i++) {
		if (fatal_maps[i].start != NULL)
			continue;
		/* Escaped now: the handler can only write bytes. */
		if ((copy = text_escape(path, strlen(path), 0)) == NULL)
			return -1;
		fatal_maps[i].path = copy;
		fatal_maps[i].len = len;
		fatal_maps[i].start = addr;
		return i;
	}
	return -1;
}

void
fatal_forget_mapping(int id)
{
	char	*path;

	if (id < 0 || id >= FATAL_MAPPINGS)
		return;
	path = fatal_maps[id].path;
	fatal_maps[id].start = NULL;
	fatal_maps[id].path = NULL;
	free(path);
}

void
fatal_set_terminal(int out_fd, int tty_fd, const struct termios *saved,
    const char *reset)
{
	fatal_term_out = -1;
	if (reset == NULL || strlen(reset) >= sizeof fatal_term_reset)
		return;
	memcpy(fatal_term_reset, reset, strlen(reset) + 1);
	fatal_term_modes = *saved;
	fatal_term_tty = tty_fd;
	fatal_term_out = out_fd;
}

/* write(2) all of s, as far as it goes: nothing else is safe here. */
static void
fatal_write(int fd, const char *s)
{
	text_write_all(fd, s, strlen(s));
}

void
fatal_cleanup(void)
{
	int	i, saved = errno;

	for (i = 0; i < FATAL_FILES; i++)
		if (fatal_files[i] != NULL)
			unlink(fatal_files[i]);
	if (fatal_term_out != -1) {
		fatal_write(fatal_term_out, fatal_term_reset);
		tcsetattr(fatal_term_tty, TCSAFLUSH, &fatal_term_modes);
		fatal_term_out = -1;
	}
	errno = saved;
}

/* The registered mapping holding addr, or NULL. */
static const struct fatal_mapping *
fatal_mapping_of(const void *addr)
{
	const char	*p = addr;
	int		 i;

	for (i = 0; i < FATAL_MAPPINGS; i++) {
		if (fatal_maps[i].start != NULL && p >= fatal_maps[i].start &&
		    (size_t)(p - fatal_maps[i].start) < fatal_maps[i].len)
			return &fatal_maps[i];
	}
	return NULL;
}

static void
fatal_handler(int sig, siginfo_t *si, void *uctx)
{
	const struct fatal_mapping	*m;

	(void)uctx;
	if (fatal_busy++ == 0) {
		fatal_cleanup();
		if (sig == SIGBUS && si != NULL &&
		    (m = fatal_mapping_of(si->si_addr)) != NULL) {
			fatal_write(STDERR_FILENO, "attntui: ");
			fatal_write(STDERR_FILENO, m->path);
			fatal_write(STDERR_FILENO,
			    ": changed while in use (cut short)\n");
			_exit(EXIT_RUNTIME);
		}
	}
	/* Die of it, as the shell expects; it is delivered on return. */
	signal(sig, SIG_DFL);
	raise(sig);
}

void
fatal_init(void)
{
	struct sigaction	sa;
	size_t			i;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fatal_handler;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
		sigaction(fatal_signals[i], &sa, NULL);
}
