/*
 * keys_list.c - the keys of the help overlay, one help line a line, as
 * the explorer's "?" shows them; tests/keys-man.sh checks that the man
 * page's KEYS section names each of them.
 */
#include "build-config.h"

#include <stdio.h>

#include "attntui/view/keys.h"

int
main(void)
{
	const char	*help;
	char		 keys[256];
	int		 line;

	for (line = 0; keys_help_line(line, 0, keys, sizeof keys, &help) == 0;
	    line++)
		printf("%s\n", keys);
	return ferror(stdout) ? 1 : 0;
}
