/*
 * outfile.h - write a file so that it appears whole or not at all.
 *
 * outfile_open() creates ".attntui-XXXXXX" in the destination directory
 * (so the final rename stays on one file system and is atomic), and
 * registers it with fatal.h so that a signal removes it;
 * outfile_commit() flushes, syncs and renames it over PATH;
 * outfile_abort() removes it.  Every open is ended by exactly one commit
 * or abort; a failed commit has already aborted.
 *
 * What PATH may be (outfile_check): a new name, or a regular file the
 * user may write that is not an input of this run.  A symbolic link is
 * replaced by the new file, as rename does; its target is left alone.
 */
#ifndef ATTNTUI_OUTFILE_H
#define ATTNTUI_OUTFILE_H

#include <stdio.h>

#include "attntui/base/error.h"

struct outfile {
	char	*path;		/* final name, owned */
	char	*tmp;		/* temporary name, owned */
	FILE	*fp;		/* owned until commit or abort */
	int	 fatal_id;	/* the temporary's registration */
};

/*
 * Refuse (status 2) a path that is not a regular file, is the same file
 * as an input this run read (file.h), or is read-only.  outfile_open()
 * checks too; a caller may check before long work.
 */
int	 outfile_check(const char *path, struct error *err);

/* Return the stream to write to, or NULL with err set (status 1). */
FILE	*outfile_open(const char *path, struct outfile *of,
	    struct error *err);

/* Flush, fsync, close and rename into place; 0, or -1 (aborted). */
int	 outfile_commit(struct outfile *of, struct error *err);

/* Close and unlink the temporary; safe on a zeroed struct outfile. */
void	 outfile_abort(struct outfile *of);

#endif
