/*
 * main.c - options and mode dispatch.  The only place that prints an
 * error or chooses an exit status.
 */
#include "build-config.h"

#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "attntui/attn/analysis.h"
#include "attntui/attn/attnfile.h"
#include "attntui/attn/diff.h"
#include "attntui/attn/stats.h"
#include "attntui/attn/weighted.h"
#include "attntui/attn/export.h"
#include "attntui/base/error.h"
#include "attntui/base/fatal.h"
#include "attntui/base/file.h"
#include "attntui/base/pool.h"
#include "attntui/base/progress.h"
#include "attntui/base/text.h"
#include "attntui/compute/background.h"
#include "attntui/compute/forward.h"
#include "attntui/model/hf_config.h"
#include "attntui/compute/memcheck.h"
#include "attntui/io/outfile.h"
#include "attntui/model/config.h"
#include "attntui/model/probe.h"
#include "attntui/model/summary.h"
#include "attntui/model/tokens.h"
#include "attntui/model/weights.h"
#include "attntui/model/weights_load.h"
#include "attntui/tui/tui.h"
#include "attntui/view/canvas.h"
#include "attntui/view/colormap.h"
#include "attntui/view/draw.h"
#include "attntui/view/dump.h"
#include "attntui/view/image.h"
#include "attntui/view/layout.h"
#include "attntui/view/view.h"

#define DEFAULT_SAMPLE	PKGDATADIR "/samples/tiny-bytes.yaml"
#define SOURCE_SAMPLE	SRCDIR "/samples/tiny-bytes.yaml"

/* --dump's size when neither --width/--height nor a terminal says. */
#define DUMP_WIDTH	100
#define DUMP_HEIGHT	40

struct mode;

struct options {
	const struct mode *mode;
	const char	*mode_arg;	/* --export=OUT */
	const char	*file;
	const char	*text;
	const char	*tokens_path;	/* --tokens, for attention files */
	const char	*key_tokens_path; /* --key-tokens, likewise */
	int		 threads;	/* 0: online cores */
	int		 depth;		/* summary tree depth */
	int64_t		 probe;		/* --probe=repeat:N; 0: none */
	uint64_t	 seed;		/* --seed */
	const char	*against;	/* --against=FILE */
	const char	*against_text;	/* --against-text */
	int		 value_weighted;
	int		 export_norms;

	/* --stats. */
	enum stats_format format;
	enum stats_column sort;
	int		 sorted;	/* --sort given */

	/* The explorer and --dump. */
	int64_t		 layer, head, query;
	enum analysis_kind kind;	/* -H mean|max|rollout */
	enum colormap	 colormap;
	enum colors	 colors;	/* the most --color allows */
	int		 color_set;	/* --color given (not auto) */
	int		 ascii;
	int		 width, height;	/* 0: the terminal's */
};

/*
 * What a run builds, in this order, as far as its mode needs: the
 * config, the tokens, the weights (with the threads that load and use
 * them), the attention store.  An attention file gives tokens and store
 * at once.
 */
enum stage { STAGE_CONFIG, STAGE_TOKENS, STAGE_WEIGHTS, STAGE_STORE };

struct run {
	const struct options	*o;
	int			 attention;	/* FILE is an attention file */
	enum stage		 built;		/* valid when have_cfg */
	struct config		 cfg;
	int			 have_cfg, have_tok, have_weights;
	struct tokens		 tok;
	struct pool		*pool;
	struct weights		 w;
	struct forward_result	 fwd;		/* a computed store */
	struct background	*bg;		/* or one being computed */
	struct attnfile		 af;		/* an attention file */
	struct store		*weighted;	/* --value-weighted */
	struct run		*against;	/* --against, --against-text */
};

/*
 * The modes, one row each: the option that chooses it (none for the
 * explorer), the argument it takes, its --help text, the stage it needs,
 * whether it works on attention files, what it does, what it checks
 * once the inputs are open but before the long work (or NULL), and
 * whether it takes cross-attention (T_q x T_k maps; 0: square only).
 */
struct mode {
	const char	*option;
	const char	*arg;		/* NULL: no argument */
	const char	*help;
	enum stage	 needs;
	int		 on_attention;
	int		(*run)(struct run *, struct error *);
	int		(*prepare)(struct run *, struct error *);
	int		 any_shape;
};

static int	mode_explore(struct run *, struct error *);
static int	mode_summary(struct run *, struct error *);
static int	mode_check(struct run *, struct error *);
static int	mode_export(struct run *, struct error *);
static int	mode_tokenize(struct run *, struct error *);
static int	mode_dump(struct run *, struct error *);
static int	check_output(struct run *, struct error *);
static int	mode_stats(struct run *, struct error *);
static int	mode_image(struct run *, struct error *);

static const struct mode modes[] = {
	{ NULL, NULL, NULL, STAGE_STORE, 1, mode_explore, NULL, 1 },
	{ "summary", NULL,
	  "print the layer summary table and totals, exit;\n"
	  "needs the config alone, no weights",
	  STAGE_CONFIG, 1, mode_summary, NULL, 1 },
	{ "check", NULL,
	  "validate the config and the weights file, exit;\n"
	  "list what a YAML's keys beside model.from changed\n"
	  "and the config.json keys not read",
	  STAGE_CONFIG, 0, mode_check, NULL, 0 },
	{ "export", "OUT",
	  "compute and write every head's attention\n"
	  "probabilities to OUT.npy or OUT.safetensors",
	  STAGE_STORE, 0, mode_export, check_output, 0 },
	{ "tokenize", NULL,
	  "print the input's token ids and labels",
	  STAGE_TOKENS, 0, mode_tokenize, NULL, 0 },
	{ "dump", NULL,
	  "print the view of --layer/--head/--query as ANSI\n"
	  "text, exit",
	  STAGE_STORE, 1, mode_dump, NULL, 1 },
	{ "stats", NULL,
	  "print every head's scores (entropy, max, sink,\n"
	  "prev, self, distance, induction, duplicate)\n"
	  "as TSV, exit",
	  STAGE_STORE, 1, mode_stats, NULL, 0 },
	{ "image", "OUT",
	  "write the view of --layer/--head/--query as a\n"
	  "picture, OUT.png or OUT.svg, exit",
	  STAGE_STORE, 1, mode_image, check_output, 0 },
};
#define N_MODES		(sizeof modes / sizeof modes[0])
#define EXPLORER	(&modes[0])
#define SUMMARY		(&modes[1])

/* getopt_long values: a mode's is OPT_MODE plus its row. */
enum { OPT_TEXT = 256, OPT_THREADS, OPT_DEPTH, OPT_COLORMAP, OPT_COLOR,
       OPT_ASCII, OPT_WIDTH, OPT_HEIGHT, OPT_TOKENS, OPT_KEY_TOKENS,
       OPT_FORMAT, OPT_SORT, OPT_PROBE, OPT_SEED, OPT_AGAINST,
       OPT_AGAINST_TEXT, OPT_VALUE_WEIGHTED, OPT_EXPORT_NORMS, OPT_MODE };

static const struct option other_options[] = {
	{ "text",	required_argument,	NULL, OPT_TEXT },
	{ "tokens",	required_argument,	NULL, OPT_TOKENS },
	{ "key-tokens",	required_argument,	NULL, OPT_KEY_TOKENS },
	{ "threads",	required_argument,	NULL, OPT_THREADS },
	{ "depth",	required_argument,	NULL, OPT_DEPTH },
	{ "layer",	required_argument,	NULL, 'l' },
	{ "head",	required_argument,	NULL, 'H' },
	{ "query",	required_argument,	NULL, 'q' },
	{ "colormap",	required_argument,	NULL, OPT_COLORMAP },
	{ "color",	required_argument,	NULL, OPT_COLOR },
	{ "ascii",	no_argument,		NULL, OPT_ASCII },
	{ "width",	required_argument,	NULL, OPT_WIDTH },
	{ "height",	required_argument,	NULL, OPT_HEIGHT },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "sort",	required_argument,	NULL, OPT_SORT },
	{ "probe",	required_argument,	NULL, OPT_PROBE },
	{ "seed",	required_argument,	NULL, OPT_SEED },
	{ "against",	required_argument,	NULL, OPT_AGAINST },
	{ "against-text", required_argument,	NULL, OPT_AGAINST_TEXT },
	{ "value-weighted", no_argument,	NULL, OPT_VALUE_WEIGHTED },
	{ "export-norms", no_argument,		NULL, OPT_EXPORT_NORMS },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
};
#define N_OTHER		(sizeof other_options / sizeof other_options[0])

/* The long options: the modes' rows, then the others, then the end. */
static struct option long_options[N_MODES + N_OTHER + 1];

static void
build_long_options(void)
{
	size_t	i, n = 0;

	for (i = 0; i < N_MODES; i++) {
		if (modes[i].option == NULL)
			continue;
		long_options[n].name = modes[i].option;
		long_options[n].has_arg = modes[i].arg != NULL ?
		    required_argument : no_argument;
		long_options[n].flag = NULL;
		long_options[n++].val = OPT_MODE + (int)i;
	}
	for (i = 0; i < N_OTHER; i++)
		long_options[n++] = other_options[i];
	memset(&long_options[n], 0, sizeof long_options[n]);
}

/* The modes' lines of --help, from their rows. */
static void
usage_modes(FILE *fp)
{
	const char	*p, *nl;
	char		 opt[32];
	size_t		 i;

	for (i = 0; i < N_MODES; i++) {
		if (modes[i].option == NULL)
			continue;
		snprintf(opt, sizeof opt, "--%s%s%s", modes[i].option,
		    modes[i].arg != NULL ? "=" : "",
		    modes[i].arg != NULL ? modes[i].arg : "");
		fprintf(fp, "      %-17s", opt);
		for (p = modes[i].help; (nl = strchr(p, '\n')) != NULL;
		    p = nl + 1)
			fprintf(fp, "%.*s\n%23s", (int)(nl - p), p, "");
		fprintf(fp, "%s\n", p);
	}
}

static void
usage(FILE *fp)
{
	fputs(
"usage: attntui [OPTION]... [FILE]\n"
"Explore the attention of a transformer model described by FILE, a YAML\n"
"model config (see attntui(1), CONFIGURATION), a Hugging Face model\n"
"directory (config.json, model.safetensors, tokenizer.json) or its\n"
"config.json, or attention already computed elsewhere: a .safetensors\n"
"file as --export writes it, or a .npy of shape (layers, heads, T_q, T_k)\n"
"or (heads, T_q, T_k), float16, bfloat16, float32 or float64 (attntui(1),\n"
"FILES).  Without FILE, the bundled trained sample (tiny-bytes.yaml).\n"
"\n"
"Modes (the default is the interactive explorer on a terminal, the layer\n"
"summary when standard output is not one; press ? in the explorer):\n",
	    fp);
	usage_modes(fp);
	fputs(
"      --depth=N        fold the summary tree below depth N (default 3)\n"
"      --format=FMT     --stats as tsv (default) or json\n"
"      --sort=COLUMN    --stats rows by COLUMN, largest first\n"
"      --export-norms   --export also writes each layer's value norms\n"
"                       (.safetensors only)\n"
"\n"
"Selection and appearance (explorer, --dump and --image; keys: press ?\n"
"or see attntui(1), KEYS):\n"
"  -l, --layer=N        layer, from 0\n"
"  -H, --head=N         head, from 0; or mean, max (over heads), rollout\n"
"  -q, --query=N        selected query token, from 0\n"
"      --colormap=NAME  viridis (default), magma or gray\n"
"      --color=WHEN     auto (default: what the terminal shows; --dump\n"
"                       into a file or pipe, none), 256, 16, 8 or none\n"
"      --ascii          nothing outside ASCII on the screen\n"
"      --width=N        --dump's columns (default: the terminal's, or 100;\n"
"                       at least 24)\n"
"      --height=N       --dump's lines (default: the terminal's, or 40;\n"
"                       at least 8)\n"
"\n"
"Input and compute:\n"
"      --text=STRING    replace the config's input text (a model\n"
"                       directory's default: a built-in sentence)\n"
"      --probe=repeat:N replace the input with N random tokens repeated\n"
"                       once (after the BOS, if any): the induction probe\n"
"      --seed=N         the probe's random seed (default 0)\n"
"      --against=FILE   compare with FILE (a config or attention file of\n"
"                       as many tokens): the explorer, --dump and\n"
"                       --image show this input's attention minus\n"
"                       FILE's (blue: less, red: more); --stats adds\n"
"                       diff, the mean absolute difference of each head\n"
"      --against-text=STRING  compare with STRING through the same model\n"
"                       (or through --against's)\n"
"      --value-weighted attention weighted by the value norms\n"
"                       ||v_j W_O||, rows normalised (Kobayashi et al.)\n"
"      --tokens=IDS     replace a model's input with token ids, \"1,450,2\"\n"
"      --tokens=FILE    token labels for an attention file, one a line\n"
"      --key-tokens=FILE  its keys' labels, where they are other tokens\n"
"                       (cross-attention)\n"
"      --threads=N      compute threads (default: online cores)\n"
"\n"
"  -h, --help           show this help and exit\n"
"  -V, --version        show the version and exit\n"
"\n"
"The explorer shows each layer as soon as it is computed.  Long work\n"
"(loading weights, computing, --export) shows a progress bar on standard\n"
"error when it is a terminal.\n"
"\n"
"Exit status: 0 success, 1 runtime failure, 2 usage or config error.\n",
	    fp);
}

/* Parse a whole decimal number in [min, max]; -1 with err otherwise. */
static int
parse_count(const char *opt, const char *arg, long min, long max, int *out,
    struct error *err)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < min || v > max)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--%s: expected a whole number from %ld to %ld, found '%s'",
		    opt, min, max, arg);
	*out = (int)v;
	return 0;
}

/*
 * -l, -H and -q: any whole number, so that one out of range is refused
 * with the real range once the store is known (view_select).
 */
static int
parse_index(const char *opt, const char *arg, int64_t *out,
    struct error *err)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0')
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--%s: expected a %s number, found '%s'", opt, opt, arg);
	*out = v;
	return 0;
}

/* -H: a head number, or mean, max or rollout. */
static int
parse_head(const char *arg, struct options *o, struct error *err)
{
	/* The kinds by name, but "head" is what a number says. */
	if (analysis_kind_parse(arg, &o->kind) == 0 &&
	    o->kind != ANALYSIS_HEAD)
		return 0;
	o->kind = ANALYSIS_HEAD;
	if (parse_index("head", arg, &o->head, NULL) != 0)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--head: expected a head number, mean, max or rollout, "
		    "found '%s'", arg);
	return 0;
}

static int
parse_color(const char *arg, struct options *o, struct error *err)
{
	o->colors = COLORS_256;
	o->color_set = 0;
	if (strcmp(arg, "auto") == 0)
		return 0;
	if (colormap_colors_parse(arg, &o->colors) == 0) {
		o->color_set = 1;
		return 0;
	}
	return error_set(err, EXIT_USAGE, NULL, 0, 0,
	    "--color: expected auto, 256, 16, 8 or none, found '%s'", arg);
}

/* The explorer's and --dump's options; 1 when c was not one of them. */
static int
parse_view_option(int c, const char *arg, struct options *o,
    struct error *err)
{
	switch (c) {
	case 'l':
		return parse_index("layer", arg, &o->layer, err);
	case 'H':
		return parse_head(arg, o, err);
	case 'q':
		return parse_index("query", arg, &o->query, err);
	case OPT_COLORMAP:
		if (colormap_parse(arg, &o->colormap) != 0)
			return error_set(err, EXIT_USAGE, NULL, 0, 0,
			    "--colormap: expected viridis, magma or gray, "
			    "found '%s'", arg);
		return 0;
	case OPT_COLOR:
		return parse_color(arg, o, err);
	case OPT_ASCII:
		o->ascii = 1;
		return 0;
	case OPT_WIDTH:
		return parse_count("width", arg, 1, 4096, &o->width, err);
	case OPT_HEIGHT:
		return parse_count("height", arg, 1, 4096, &o->height, err);
	}
	return 1;
}

/* --stats, --probe, --against and value weighting; 1 when c is not one. */
static int
parse_analysis_option(int c, const char *arg, struct options *o,
    struct error *err)
{
	char	*end;

	switch (c) {
	case OPT_FORMAT:
		if (stats_format_parse(arg, &o->format) != 0)
			return error_set(err, EXIT_USAGE, NULL, 0, 0,
			    "--format: expected tsv or json, found '%s'", arg);
		return 0;
	case OPT_SORT:
		o->sorted = 1;
		if (stats_column_parse(arg, &o->sort) != 0)
			return error_set(err, EXIT_USAGE, NULL, 0, 0,
			    "--sort: expected %s, found '%s'",
			    stats_column_list(), arg);
		return 0;
	case OPT_PROBE:
		return probe_parse(arg, &o->probe, err);
	case OPT_SEED:
		errno = 0;
		o->seed = strtoull(arg, &end, 10);
		if (arg[0] < '0' || arg[0] > '9' || *end != '\0' ||
		    errno != 0)
			return error_set(err, EXIT_USAGE, NULL, 0, 0,
			    "--seed: expected a whole number from 0 to %llu, "
			    "found '%s'", (unsigned long long)UINT64_MAX, arg);
		return 0;
	case OPT_AGAINST:
		o->against = arg;
		return 0;
	case OPT_AGAINST_TEXT:
		o->against_text = arg;
		return 0;
	case OPT_VALUE_WEIGHTED:
		o->value_weighted = 1;
		return 0;
	case OPT_EXPORT_NORMS:
		o->export_norms = 1;
		return 0;
	}
	return 1;
}

/*
 * The trained sample opened when no FILE is given: the installed copy,
 * else the source tree's, so that a fresh build runs before installing.
 */
static const char *
default_sample(void)
{
	if (access(DEFAULT_SAMPLE, R_OK) == 0)
		return DEFAULT_SAMPLE;
	if (access(SOURCE_SAMPLE, R_OK) == 0)
		return SOURCE_SAMPLE;
	return NULL;
}

/* "unknown option", with the long option it may be a typo of. */
static int
unknown_option(const char *arg, struct error *err)
{
	struct text_suggest	 ts;
	const char		*best;
	size_t			 i, len;

	if (strncmp(arg, "--", 2) == 0) {
		len = strcspn(arg + 2, "=");
		text_suggest_init(&ts, arg + 2, len);
		for (i = 0; long_options[i].name != NULL; i++)
			text_suggest_offer(&ts, long_options[i].name);
		if ((best = text_suggest_best(&ts)) != NULL)
			return error_set(err, EXIT_USAGE, NULL, 0, 0,
			    "unknown option '%.*s'; did you mean '--%s'?",
			    (int)len + 2, arg, best);
	}
	return error_set(err, EXIT_USAGE, NULL, 0, 0,
	    "unknown option '%s'; see --help", arg);
}

/* A mode's option: one mode a run, so a second one is an error. */
static int
parse_mode(const struct mode *m, const char *arg, struct options *o,
    struct error *err)
{
	if (o->mode != EXPLORER && o->mode != m)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--%s and --%s are two modes; give one", o->mode->option,
		    m->option);
	o->mode = m;
	o->mode_arg = arg;
	return 0;
}

/* The modes that show or score a difference: views and --stats. */
static int
compares(const struct mode *m)
{
	return m->run == mode_explore || m->run == mode_dump ||
	    m->run == mode_image || m->run == mode_stats;
}

/* Options that only some modes take. */
static int
check_options(const struct options *o, struct error *err)
{
	if ((o->against != NULL || o->against_text != NULL) &&
	    !compares(o->mode))
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "--against and "
		    "--against-text compare views or scores: they go with the "
		    "explorer (on a terminal), --dump, --image or --stats");
	if (o->export_norms && o->mode->run != mode_export)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--export-norms goes with --export");
	return 0;
}

/*
 * Fill o from argv.  Returns 0 to run, 1 when --help or --version was
 * printed (nothing more to do), -1 with err.
 */
static int
parse_options(int argc, char **argv, struct options *o, struct error *err)
{
	int	c, rc;

	memset(o, 0, sizeof *o);
	o->mode = EXPLORER;
	o->depth = 3;
	o->colors = COLORS_256;
	build_long_options();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hVl:H:q:", long_options,
	    NULL)) != -1) {
		if ((rc = parse_view_option(c, optarg, o, err)) <= 0 ||
		    (rc = parse_analysis_option(c, optarg, o, err)) <= 0) {
			if (rc < 0)
				return -1;
			continue;
		}
		if (c >= OPT_MODE && c < OPT_MODE + (int)N_MODES) {
			if (parse_mode(&modes[c - OPT_MODE], optarg, o,
			    err) != 0)
				return -1;
			continue;
		}
		switch (c) {
		case OPT_TEXT:		o->text = optarg; break;
		case OPT_TOKENS:	o->tokens_path = optarg; break;
		case OPT_KEY_TOKENS:	o->key_tokens_path = optarg; break;
		case OPT_THREADS:
			if (parse_count("threads", optarg, 1, 256, &o->threads,
			    err) != 0)
				return -1;
			break;
		case OPT_DEPTH:
			if (parse_count("depth", optarg, 0, 16, &o->depth,
			    err) != 0)
				return -1;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'V':
			printf("attntui %s\n", PACKAGE_VERSION);
			return 1;
		case ':':
			return error_set(err, EXIT_USAGE, NULL, 0, 0,
			    "option '%s' needs an argument; see --help",
			    argv[optind - 1]);
		default:
			return unknown_option(argv[optind - 1], err);
		}
	}
	if (optind < argc - 1)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "expected one FILE, found more; see --help");
	o->file = optind == argc - 1 ? argv[optind] : default_sample();
	if (o->file == NULL)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "no FILE given, and the bundled sample is not installed "
		    "(%s); see --help", DEFAULT_SAMPLE);
	/* Not on a terminal, the summary is what the explorer can show. */
	if (o->mode == EXPLORER && !isatty(STDOUT_FILENO))
		o->mode = SUMMARY;
	return check_options(o, err);
}

/* Long work shows a bar on stderr, when it is a terminal (progress.h). */
static void
progress_to_stderr(void)
{
	struct winsize	ws;

	if (!isatty(STDERR_FILENO))
		return;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) != 0)
		ws.ws_col = 0;
	progress_output(STDERR_FILENO, ws.ws_col);
}

/* --dump's size: the options, else the terminal's, else 100 x 40. */
static void
dump_size(const struct options *o, int *w, int *h)
{
	struct winsize	ws;

	*w = DUMP_WIDTH;
	*h = DUMP_HEIGHT;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ,
	    &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
		*w = ws.ws_col;
		*h = ws.ws_row;
	}
	if (o->width > 0)
		*w = o->width;
	if (o->height > 0)
		*h = o->height;
}

static int
utf8_locale(void)
{
	const char	*cs = nl_langinfo(CODESET);

	return cs != NULL && strcmp(cs, "UTF-8") == 0;
}

/*
 * --color=auto: what standard output shows (none into a file or a
 * pipe), none under NO_COLOR; a --color given is obeyed.
 */
static enum colors
dump_colors(const struct options *o)
{
	const char	*nc = getenv("NO_COLOR");

	if (o->color_set)
		return o->colors;
	if (nc != NULL && *nc != '\0')
		return COLORS_NONE;
	return tui_output_colors(STDOUT_FILENO);
}

static int
run_dump(const struct options *o, struct view *v, struct error *err)
{
	struct canvas	c;
	struct frame	f;
	int		w, h, rc;

	v->colors = dump_colors(o);
	v->ascii = o->ascii || !utf8_locale();
	v->dump = 1;
	dump_size(o, &w, &h);
	if (w < LAYOUT_MIN_W || h < LAYOUT_MIN_H)
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "--dump: %dx%d "
		    "is too small for the frame, expected at least %dx%d "
		    "(--width, --height)", w, h, LAYOUT_MIN_W, LAYOUT_MIN_H);
	if (canvas_init(&c, w, h) != 0)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for a %dx%d dump", w, h);
	if ((rc = frame_init(&f, v->src.store, err)) == 0) {
		rc = draw_frame(v, &f, &c, err);
		frame_free(&f);
	}
	if (rc == 0 && (dump_canvas(&c, v->colors, stdout) != 0 ||
	    fflush(stdout) != 0))
		rc = error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "writing to standard output: %s", strerror(errno));
	canvas_free(&c);
	return rc;
}

/*
 * The explorer or --dump on a store, however it was made: tok labels its
 * queries and key_tok its keys (positions when NULL or of another
 * length; key_tok NULL or empty: tok), s is the layer pane (or NULL),
 * cfg the model's (NULL for an attention file); scores says what the
 * head scores read (its scored, against, tokens and pool).
 */
static int
explore(const struct options *o, struct store *store,
    const struct tokens *tok, const struct tokens *key_tok,
    const char *model, const struct summary *s, const struct config *cfg,
    const struct view_source *scores, struct background *bg,
    struct error *err)
{
	struct view		v;
	struct view_source	src;
	struct tui_options	to;
	int			rc;

	src = *scores;
	src.store = store;
	if (tok != NULL && (int64_t)tok->n == store_seq(store))
		src.labels = (const char *const *)tok->labels;
	if (key_tok != NULL && key_tok->n > 0 &&
	    (int64_t)key_tok->n == store_keys(store))
		src.key_labels = (const char *const *)key_tok->labels;
	src.summary = s;
	src.config = cfg;
	src.model = model;
	src.kv_heads = cfg != NULL ? cfg->model.n_kv_heads : 0;
	if ((rc = view_init(&v, &src, err)) == 0) {
		v.cmap = o->colormap;
		rc = view_select(&v, o->layer, o->kind, o->head, o->query, err);
	}
	if (rc == 0 && o->mode->run == mode_dump)
		rc = run_dump(o, &v, err);
	else if (rc == 0) {
		to.color_set = o->color_set;
		to.colors = o->colors;
		to.ascii = o->ascii;
		to.bg = bg;
		rc = tui_run(&v, &to, err);
	}
	view_free(&v);
	return rc;
}

/* ---- stages -------------------------------------------------------- */

/* "--check, --export, --tokenize and --text": what needs a config. */
static void
config_only_options(char *buf, size_t len)
{
	const char	*names[N_MODES + 1];
	size_t		 i, n = 0, o = 0;

	for (i = 0; i < N_MODES; i++)
		if (!modes[i].on_attention)
			names[n++] = modes[i].option;
	names[n++] = "text";
	names[n++] = "probe";
	names[n++] = "value-weighted";
	buf[0] = '\0';
	for (i = 0; i < n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s--%s",
		    i == 0 ? "" : i + 1 == n ? " and " : ", ", names[i]);
}

/* An attention file: store, tokens and model name at once. */
static int
build_from_attention_file(struct run *r, struct error *err)
{
	const struct options	*o = r->o;
	struct attnfile_labels	 labels = { o->tokens_path,
				    o->key_tokens_path };
	char			 list[256];

	if (!o->mode->on_attention || o->text != NULL || o->probe > 0 ||
	    o->value_weighted) {
		config_only_options(list, sizeof list);
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "%s: %s need a model config; this is an attention file",
		    o->file, list);
	}
	/* Threads for what reads every head: scores, the explorer's. */
	if (attnfile_open(o->file, &labels, &r->af, err) != 0 ||
	    pool_create(o->threads, &r->pool, err) != 0)
		return -1;
	if (r->af.warning != NULL)
		error_warn(r->af.warning, stderr);
	if (!o->mode->any_shape && store_seq(r->af.store) !=
	    store_keys(r->af.store))
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "%s: --%s needs "
		    "square maps; this is cross-attention (%lld queries, %lld "
		    "keys)", o->file, o->mode->option,
		    (long long)store_seq(r->af.store),
		    (long long)store_keys(r->af.store));
	return 0;
}

/*
 * The input's length without running the model: the tokens' count, or,
 * for the built-in sentence of a directory whose tokenizer cannot be
 * read, 1 (--summary and --check need the config alone).
 */
static int
input_length(const struct run *r, int64_t *n, struct error *err)
{
	struct tokens	t;

	if (r->o->probe > 0) {
		if (tokens_probe(&r->cfg, r->o->probe, r->o->seed, &t,
		    err) != 0)
			return -1;
		*n = (int64_t)t.n;
		tokens_free(&t);
		return 0;
	}
	if (r->cfg.input.builtin && r->o->text == NULL &&
	    !tokens_have_tokenizer(&r->cfg)) {
		*n = 1;
		return 0;
	}
	return tokens_count(&r->cfg, r->o->text, n, err);
}

/*
 * Modes that start on a store still being computed: the explorer shows
 * the first layer at once, --export writes each layer as it comes,
 * --dump stops the pass at the layer it shows.
 */
static int
streams(const struct options *o)
{
	const struct mode	*m = o->mode;

	/* A difference and the value norms need the whole pass first. */
	if (o->against != NULL || o->against_text != NULL ||
	    o->value_weighted || o->export_norms)
		return 0;
	return m == EXPLORER || m->run == mode_export || m->run == mode_dump;
}

/* Weights and the forward pass, on one pool: --threads governs both. */
static int
build_compute(struct run *r, enum stage needs, int64_t n, struct error *err)
{
	const struct options	*o = r->o;
	int			 flags = 0;

	if (memcheck(&r->cfg, n, err) != 0 ||
	    pool_create(o->threads, &r->pool, err) != 0 ||
	    weights_load_flags(&r->cfg, r->pool, WEIGHTS_BY_LAYER, &r->w,
	    err) != 0)
		return -1;
	r->have_weights = 1;
	if (r->o->mode->prepare != NULL && r->o->mode->prepare(r, err) != 0)
		return -1;
	if (needs < STAGE_STORE)
		return 0;
	forward_blas_single();
	if (streams(o)) {
		/* The terminal is the explorer's from now on. */
		if (o->mode == EXPLORER)
			progress_output(-1, 0);
		return background_start(&r->cfg, &r->w, &r->tok, r->pool,
		    &r->bg, err);
	}
	if (o->value_weighted || o->export_norms)
		flags |= FORWARD_VALUE_NORMS;
	if (forward_run_flags(&r->cfg, &r->w, &r->tok, r->pool, flags,
	    &r->fwd, err) != 0)
		return -1;
	if (o->value_weighted)
		return weighted_store(r->fwd.store, r->fwd.value_norms,
		    &r->weighted, err);
	return 0;
}

/* The input's tokens: the config's, --text's or the probe's. */
static int
build_tokens(struct run *r, struct error *err)
{
	const struct options	*o = r->o;

	if (o->probe > 0)
		return tokens_probe(&r->cfg, o->probe, o->seed, &r->tok, err);
	return tokens_from_config(&r->cfg, o->text, &r->tok, err);
}

/* Build what r's mode needs, stage by stage. */
static int
build(struct run *r, struct error *err)
{
	const struct options	*o = r->o;
	enum stage		 needs = o->mode->needs;

	if ((r->attention = attnfile_is_attention(o->file)))
		return build_from_attention_file(r, err);
	if (o->key_tokens_path != NULL)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--key-tokens labels an attention file (.safetensors or "
		    ".npy), not a model config");
	if (o->tokens_path != NULL && (o->text != NULL || o->probe > 0))
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--%s and --tokens are two inputs; give one",
		    o->text != NULL ? "text" : "probe");
	if (hf_config_open(o->file, &r->cfg, err) != 0)
		return -1;
	r->have_cfg = 1;
	if (o->tokens_path != NULL && tokens_override(&r->cfg,
	    o->tokens_path, err) != 0)
		return -1;
	if (needs == STAGE_CONFIG)
		return 0;
	if (build_tokens(r, err) != 0) {
		config_blame(&r->cfg, err);
		return -1;
	}
	r->have_tok = 1;
	if (needs == STAGE_TOKENS)
		return 0;
	if (build_compute(r, needs, (int64_t)r->tok.n, err) != 0) {
		config_blame(&r->cfg, err);
		return -1;
	}
	return 0;
}

static void
run_free(struct run *r)
{
	if (r->against != NULL) {
		run_free(r->against);
		free(r->against);
	}
	store_free(r->weighted);
	background_free(r->bg);
	forward_result_free(&r->fwd);
	attnfile_close(&r->af);
	if (r->have_weights)
		weights_free(&r->w);
	pool_free(r->pool);
	if (r->have_tok)
		tokens_free(&r->tok);
	if (r->have_cfg)
		config_free(&r->cfg);
}

/* The store the mode works on: computed, or the attention file's. */
static struct store *
run_store(const struct run *r)
{
	if (r->weighted != NULL)
		return r->weighted;
	if (r->attention)
		return r->af.store;
	return r->bg != NULL ? background_store(r->bg) : r->fwd.store;
}

/* The tokens that label the store: the config's, or the file's. */
static const struct tokens *
run_tokens(const struct run *r)
{
	return r->attention ? &r->af.tok : &r->tok;
}

/*
 * --against=FILE and --against-text: the other side, built as this one
 * with FILE and the text swapped in (a text of its own drops the probe),
 * and checked to be of the same shape.
 */
static int
build_against(struct run *r, struct options *other, struct error *err)
{
	const struct options	*o = r->o;
	const char		*what;

	*other = *o;
	other->file = o->against != NULL ? o->against : o->file;
	if (o->against_text != NULL) {
		other->text = o->against_text;
		other->probe = 0;
		other->tokens_path = NULL;	/* --tokens' ids: this side's */
	}
	if ((r->against = calloc(1, sizeof *r->against)) == NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	r->against->o = other;
	if (build(r->against, err) != 0)
		return -1;
	what = o->against != NULL ? o->against : "--against-text";
	return diff_check(run_store(r), run_store(r->against), what, err);
}

/* ---- modes --------------------------------------------------------- */

/*
 * The model's name for titles, saying when the view is value-weighted
 * and what a difference subtracts.
 */
static const char *
run_title(const struct run *r, char *buf, size_t len)
{
	const struct options	*o = r->o;
	const char		*name = r->attention ? r->af.model_name :
				    r->cfg.model.name;
	int			 builtin = !r->attention &&
				    r->cfg.input.builtin && o->text == NULL &&
				    o->probe == 0;

	if (!o->value_weighted && !builtin && r->against == NULL)
		return name;
	/* The title says when the input is none the user gave. */
	snprintf(buf, len, "%s%s%s%s%s", name, o->value_weighted ?
	    ", value-weighted" : "", builtin ?
	    " (built-in sentence; --text to change)" : "",
	    r->against == NULL ? "" : " minus ",
	    r->against == NULL ? "" : o->against != NULL ? o->against :
	    "the other text");
	return buf;
}

/*
 * The store a view shows: the run's, or with --against its difference
 * from the other side's (into *diff, the caller's); and what the head
 * scores read, into scores.
 */
static int
view_store(struct run *r, struct store **shown, struct store **diff,
    struct view_source *scores, struct error *err)
{
	memset(scores, 0, sizeof *scores);
	scores->tokens = run_tokens(r);
	scores->pool = r->pool;
	*shown = run_store(r);
	*diff = NULL;
	if (r->against == NULL)
		return 0;
	scores->scored = *shown;
	scores->against = run_store(r->against);
	if (diff_store(*shown, scores->against, diff, err) != 0)
		return -1;
	*shown = *diff;
	return 0;
}

/*
 * After a mode has read a store that a pass in the background was still
 * filling: if the pass failed, its error is the one to tell (a layer
 * that never came is only its consequence).
 */
static int
pass_outcome(struct run *r, int rc, struct error *err)
{
	struct error	pass = { 0 };

	if (r->bg == NULL || background_wait(r->bg, &pass) == 0 ||
	    pass.message == NULL)
		return rc;
	error_clear(err);
	*err = pass;
	return -1;
}

/* Wait for the pass to have layers 0 .. last ready, under a bar. */
static int
wait_layers(struct run *r, int64_t last, struct error *err)
{
	struct store	*s = run_store(r);
	int64_t		 l;
	int		 rc = 0;

	progress_begin("computing layers", last + 1);
	for (l = 0; l <= last && rc == 0; l++)
		if ((rc = store_wait_layer(s, l, err)) == 0)
			progress_add(1);
	progress_end();
	return rc != 0 ? pass_outcome(r, rc, err) : 0;
}

/*
 * --dump draws one layer (rollout the layers below it too): wait for
 * them, then stop the pass, whose other layers would be computed for
 * nothing.  A layer out of range is view_select's to refuse.
 */
static int
dump_wait(struct run *r, struct error *err)
{
	int64_t	layer = r->o->layer;

	if (r->bg == NULL || layer < 0 || layer >= store_layers(run_store(r)))
		return 0;
	if (wait_layers(r, layer, err) != 0)
		return -1;
	background_stop(r->bg);
	return 0;
}

/* The explorer or --dump, with the config's layer pane when there is one. */
static int
view_run(struct run *r, struct error *err)
{
	struct summary		 s;
	struct error		 ignored = { 0 };
	struct view_source	 scores;
	struct store		*shown, *diff;
	char			 title[256];
	int			 rc, have_summary = 0;

	if (view_store(r, &shown, &diff, &scores, err) != 0)
		return -1;
	if (r->attention) {
		rc = explore(r->o, shown, &r->af.tok, &r->af.key_tok,
		    run_title(r, title, sizeof title), NULL, NULL, &scores,
		    NULL, err);
		store_free(diff);
		return rc;
	}
	/* Without a summary the explorer still works: no layer pane. */
	have_summary = summary_build(&r->cfg, (int64_t)r->tok.n, &s,
	    &ignored) == 0;
	error_clear(&ignored);
	rc = explore(r->o, shown, &r->tok, NULL, run_title(r, title,
	    sizeof title), have_summary ? &s : NULL, &r->cfg, &scores, r->bg,
	    err);
	if (have_summary)
		summary_free(&s);
	store_free(diff);
	return rc;
}

static int
mode_explore(struct run *r, struct error *err)
{
	return view_run(r, err);
}

static int
mode_dump(struct run *r, struct error *err)
{
	if (dump_wait(r, err) != 0)
		return -1;
	return view_run(r, err);
}

/* From the config alone: no weights, and no vocabulary for token ids. */
static int
mode_summary(struct run *r, struct error *err)
{
	struct summary	s;
	int64_t		n;

	if (r->attention) {
		attnfile_summary(stdout, r->o->file, &r->af);
		return 0;
	}
	if (input_length(r, &n, err) != 0 ||
	    summary_build(&r->cfg, n, &s, err) != 0)
		return -1;
	summary_print(&s, r->o->depth, stdout);
	summary_free(&s);
	return 0;
}

/* What a YAML's keys beside model.from changed, and config.json's keys
   not read. */
static void
check_report(const struct config *cfg)
{
	size_t	i;

	for (i = 0; i < cfg->n_overrides; i++)
		printf("%s:%d:%d: %s: %s in config.json, %s here\n", cfg->path,
		    cfg->overrides[i].place.line,
		    cfg->overrides[i].place.column, cfg->overrides[i].key,
		    cfg->overrides[i].was, cfg->overrides[i].now);
	if (cfg->unread != NULL)
		printf("%s/config.json: keys not read: "
		    "%s\n", cfg->hf_dir, cfg->unread);
}

/*
 * The config, its input, its memory needs and, with weights.file, every
 * tensor; seeded weights need not be drawn to know they would be fine,
 * and a directory without weights is checked as far as its config.json.
 */
static int
mode_check(struct run *r, struct error *err)
{
	char	first[256], msg[1024];
	size_t	n;
	int64_t	len;

	if (input_length(r, &len, err) != 0) {
		config_blame(&r->cfg, err);
		return -1;
	}
	check_report(&r->cfg);
	if (r->cfg.weights.source != WEIGHTS_FILE)
		return memcheck(&r->cfg, len, err);
	/* A directory with config.json alone: as far as it goes. */
	if (r->cfg.hf_dir != NULL && r->cfg.weights.file == NULL &&
	    !hf_config_has_pickles(&r->cfg))
		return 0;
	if (build_compute(r, STAGE_WEIGHTS, len, err) != 0) {
		config_blame(&r->cfg, err);
		return -1;
	}
	if (weights_unused(&r->cfg, &r->w, &n, first, sizeof first, err) != 0)
		return -1;
	/* Valid, but perhaps not the checkpoint the config describes. */
	if (n > 0) {
		snprintf(msg, sizeof msg, "%s: %zu tensor%s of the checkpoint "
		    "%s not used by the config, the first '%s'",
		    r->cfg.weights.file, n, n == 1 ? "" : "s",
		    n == 1 ? "is" : "are", first);
		error_warn(msg, stderr);
	}
	return 0;
}

/* Every input is open: refuse an OUT that would overwrite one. */
static int
check_output(struct run *r, struct error *err)
{
	return outfile_check(r->o->mode_arg, err);
}

/*
 * Each layer is written as the pass finishes it; a store that recomputes
 * heads waits for the pass's end, which hands it the pass's threads.
 */
static int
mode_export(struct run *r, struct error *err)
{
	int	rc;

	if (r->bg != NULL && store_mode(run_store(r)) == STORE_RECOMPUTE &&
	    (wait_layers(r, store_layers(run_store(r)) - 1, err) != 0 ||
	    background_wait(r->bg, err) != 0))
		return -1;
	rc = export_write_norms(r->o->mode_arg, run_store(r),
	    r->o->export_norms ? r->fwd.value_norms : NULL, &r->tok,
	    r->cfg.model.name, err);
	return pass_outcome(r, rc, err);
}

static int
mode_stats(struct run *r, struct error *err)
{
	const struct options	*o = r->o;
	struct stats		 st;
	size_t			*order = NULL;
	int			 rc;

	if (o->sorted && o->sort == STATS_DIFF && r->against == NULL)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--sort=diff needs --against or --against-text");
	rc = stats_compute(run_store(r), run_tokens(r), r->against != NULL ?
	    run_store(r->against) : NULL, r->pool, &st, err);
	if (rc != 0)
		return -1;
	if (o->sorted && (order = calloc((size_t)(st.L * st.H),
	    sizeof *order)) == NULL)
		rc = error_set(err, EXIT_RUNTIME, NULL, 0, 0, "out of memory");
	else if (o->sorted)
		stats_rank(&st, o->sort, -1, order);
	if (rc == 0 && (stats_write(stdout, &st, order, o->format) != 0 ||
	    fflush(stdout) != 0))
		rc = error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "writing to standard output: %s", strerror(errno));
	free(order);
	stats_free(&st);
	return rc;
}

static int
mode_image(struct run *r, struct error *err)
{
	const struct options	*o = r->o;
	struct image_view	 v;
	struct view_source	 scores;
	struct store		*diff;
	char			 title[256];
	int			 rc;

	memset(&v, 0, sizeof v);
	if (view_store(r, &v.store, &diff, &scores, err) != 0)
		return -1;
	if ((int64_t)run_tokens(r)->n == store_seq(v.store))
		v.labels = (const char *const *)run_tokens(r)->labels;
	v.model = run_title(r, title, sizeof title);
	v.layer = o->layer;
	v.kind = o->kind;
	v.head = o->head;
	v.query = o->query;
	v.cmap = o->colormap;
	if (v.layer >= store_layers(v.store) || (v.kind == ANALYSIS_HEAD &&
	    v.head >= store_heads(v.store)))
		rc = error_set(err, EXIT_USAGE, NULL, 0, 0, "no head %lld of "
		    "layer %lld (%lld layers of %lld heads)", (long long)v.head,
		    (long long)v.layer, (long long)store_layers(v.store),
		    (long long)store_heads(v.store));
	else if (diff != NULL && v.kind == ANALYSIS_ROLLOUT)
		rc = error_set(err, EXIT_USAGE, NULL, 0, 0, "--head: no "
		    "rollout of a difference (--against); expected a head "
		    "number, mean or max");
	else
		rc = image_write(o->mode_arg, &v, err);
	store_free(diff);
	return rc;
}

static int
mode_tokenize(struct run *r, struct error *err)
{
	size_t	i;

	(void)err;
	for (i = 0; i < r->tok.n; i++)
		printf("%lld\t%s\n", (long long)r->tok.ids[i],
		    r->tok.labels[i]);
	return 0;
}

int
main(int argc, char **argv)
{
	struct options	o, other;
	struct run	r;
	struct error	err = { 0 };
	int		rc;

	/* Character classes only: numbers in configs keep the C locale. */
	setlocale(LC_CTYPE, "");
	fatal_init();
	progress_to_stderr();
	file_track_inputs(1);
	memset(&r, 0, sizeof r);
	r.o = &o;
	if ((rc = parse_options(argc, argv, &o, &err)) == 0 &&
	    (rc = build(&r, &err)) == 0 && (o.against != NULL ||
	    o.against_text != NULL))
		rc = build_against(&r, &other, &err);
	if (rc == 0)
		rc = o.mode->run(&r, &err);
	run_free(&r);
	if (rc < 0) {
		error_print(&err, stderr);
		rc = err.status != 0 ? err.status : EXIT_RUNTIME;
		error_clear(&err);
		return rc;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "attntui: writing to standard output: %s\n",
		    strerror(errno));
		return EXIT_RUNTIME;
	}
	return 0;
}
