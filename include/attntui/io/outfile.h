/*
 * outfile.h - write a file so that it appears whole or not at all.
 *
 * outfile_open() creates "PATH.tmp.XXXXXX" in the destination directory
 * (so the final rename stays on one file system and is atomic);
 * outfile_commit() flushes, syncs and renames it over PATH;
 * outfile_abort() removes it.  Every open is ended by exactly one commit
 * or abort; a failed commit has already aborted.
 */
#ifndef ATTNTUI_OUTFILE_H
#define ATTNTUI_OUTFILE_H

#include <stdio.h>

#include "attntui/base/error.h"

struct outfile {
	char	*path;		/* final name, owned */
	char	*tmp;		/* temporary name, owned */
	FILE	*fp;		/* owned until commit or abort */
};

/* Return the stream to write to, or NULL with err set (status 1). */
FILE	*outfile_open(const char *path, struct outfile *of,
	    struct error *err);

/* Flush, fsync, close and rename into place; 0, or -1 (aborted). */
int	 outfile_commit(struct outfile *of, struct error *err);

/* Close and unlink the temporary; safe on a zeroed struct outfile. */
void	 outfile_abort(struct outfile *of);

#endif
