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
#include "attntui/view/canvas.h"
#include "attntui/view/colormap.h"
#include "attntui/model/config.h"
#include "attntui/view/draw.h"
#include "attntui/view/dump.h"
#include "attntui/base/error.h"
#include "attntui/attn/export.h"
#include "attntui/compute/forward.h"
#include "attntui/model/memcheck.h"
#include "attntui/model/summary.h"
#include "attntui/model/tokens.h"
#include "attntui/tui/tui.h"
#include "attntui/view/view.h"
#include "attntui/model/weights.h"

enum mode { MODE_EXPLORE, MODE_SUMMARY, MODE_CHECK, MODE_EXPORT,
	    MODE_TOKENIZE, MODE_DUMP };

#define DEFAULT_SAMPLE	PKGDATADIR "/samples/tiny-bytes.yaml"
#define SOURCE_SAMPLE	SRCDIR "/samples/tiny-bytes.yaml"

/* --dump's size when neither --width/--height nor a terminal says. */
#define DUMP_WIDTH	100
#define DUMP_HEIGHT	40

struct options {
	enum mode	 mode;
	const char	*file;
	const char	*export_path;
	const char	*text;
	const char	*tokens_path;	/* --tokens, for attention files */
	int		 threads;	/* 0: online cores */
	int		 depth;		/* summary tree depth */

	/* The explorer and --dump. */
	int		 layer, head, query;
	enum analysis_kind kind;	/* -H mean|max|rollout */
	enum colormap	 colormap;
	enum colors	 colors;	/* the most --color allows */
	int		 color_set;	/* --color given (not auto) */
	int		 ascii;
	int		 width, height;	/* 0: the terminal's */
};

enum { OPT_SUMMARY = 256, OPT_CHECK, OPT_EXPORT, OPT_TOKENIZE, OPT_TEXT,
       OPT_THREADS, OPT_DEPTH, OPT_DUMP, OPT_COLORMAP, OPT_COLOR, OPT_ASCII,
       OPT_WIDTH, OPT_HEIGHT, OPT_TOKENS };

static const struct option long_options[] = {
	{ "summary",	no_argument,		NULL, OPT_SUMMARY },
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "export",	required_argument,	NULL, OPT_EXPORT },
	{ "tokenize",	no_argument,		NULL, OPT_TOKENIZE },
	{ "text",	required_argument,	NULL, OPT_TEXT },
	{ "tokens",	required_argument,	NULL, OPT_TOKENS },
	{ "threads",	required_argument,	NULL, OPT_THREADS },
	{ "depth",	required_argument,	NULL, OPT_DEPTH },
	{ "dump",	no_argument,		NULL, OPT_DUMP },
	{ "layer",	required_argument,	NULL, 'l' },
	{ "head",	required_argument,	NULL, 'H' },
	{ "query",	required_argument,	NULL, 'q' },
	{ "colormap",	required_argument,	NULL, OPT_COLORMAP },
	{ "color",	required_argument,	NULL, OPT_COLOR },
	{ "ascii",	no_argument,		NULL, OPT_ASCII },
	{ "width",	required_argument,	NULL, OPT_WIDTH },
	{ "height",	required_argument,	NULL, OPT_HEIGHT },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

static void
usage(FILE *fp)
{
	fputs(
"usage: attntui [OPTION]... [FILE]\n"
"Explore the attention of a transformer model described by FILE, a YAML\n"
"model config (see attntui(1), CONFIGURATION), or attention already\n"
"computed elsewhere: a .safetensors file as --export writes it, or a .npy\n"
"of shape (layers, heads, T, T) or (heads, T, T).  Without FILE, the\n"
"bundled trained sample (tiny-bytes.yaml).\n"
"\n"
"Modes (the default is the interactive explorer on a terminal, the layer\n"
"summary when standard output is not one; press ? in the explorer):\n"
"      --summary        print the layer summary table and totals, exit;\n"
"                       needs the config alone, no weights\n"
"      --depth=N        fold the summary tree below depth N (default 3)\n"
"      --check          validate the config and the weights file, exit\n"
"      --export=OUT     compute and write every head's attention\n"
"                       probabilities to OUT.npy or OUT.safetensors\n"
"      --tokenize       print the input's token ids and labels\n"
"      --dump           print the view of --layer/--head/--query as ANSI\n"
"                       text, exit\n"
"\n"
"Selection and appearance (explorer and --dump):\n"
"  -l, --layer=N        layer, from 0\n"
"  -H, --head=N         head, from 0; or mean, max (over heads), rollout\n"
"  -q, --query=N        selected query token, from 0\n"
"      --colormap=NAME  viridis (default), magma or gray\n"
"      --color=WHEN     auto (default), 256, 16, 8 or none\n"
"      --ascii          no Unicode block characters\n"
"      --width=N        --dump's columns (default: the terminal's, or 100)\n"
"      --height=N       --dump's lines (default: the terminal's, or 40)\n"
"\n"
"Input and compute:\n"
"      --text=STRING    replace the config's input text\n"
"      --tokens=FILE    token labels for an attention file, one a line\n"
"      --threads=N      compute threads (default: online cores)\n"
"\n"
"  -h, --help           show this help and exit\n"
"  -V, --version        show the version and exit\n"
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

/* -H: a head number, or mean, max or rollout. */
static int
parse_head(const char *arg, struct options *o, struct error *err)
{
	static const struct {
		const char		*name;
		enum analysis_kind	 kind;
	} names[] = {
		{ "mean", ANALYSIS_MEAN }, { "max", ANALYSIS_MAX },
		{ "rollout", ANALYSIS_ROLLOUT }
	};
	size_t	i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(arg, names[i].name) == 0) {
			o->kind = names[i].kind;
			return 0;
		}
	}
	o->kind = ANALYSIS_HEAD;
	if (arg[0] < '0' || arg[0] > '9')
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--head: expected a head number, mean, max or rollout, "
		    "found '%s'", arg);
	return parse_count("head", arg, 0, INT_MAX, &o->head, err);
}

static int
parse_color(const char *arg, struct options *o, struct error *err)
{
	static const struct {
		const char	*name;
		enum colors	 colors;
	} names[] = {
		{ "256", COLORS_256 }, { "16", COLORS_16 }, { "8", COLORS_8 },
		{ "none", COLORS_NONE }
	};
	size_t	i;

	o->colors = COLORS_256;
	o->color_set = 0;
	if (strcmp(arg, "auto") == 0)
		return 0;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(arg, names[i].name) == 0) {
			o->colors = names[i].colors;
			o->color_set = 1;
			return 0;
		}
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
	case OPT_DUMP:
		o->mode = MODE_DUMP;
		return 0;
	case 'l':
		return parse_count("layer", arg, 0, INT_MAX, &o->layer, err);
	case 'H':
		return parse_head(arg, o, err);
	case 'q':
		return parse_count("query", arg, 0, INT_MAX, &o->query, err);
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

static int
parse_options(int argc, char **argv, struct options *o, struct error *err)
{
	int	c, rc;

	memset(o, 0, sizeof *o);
	o->depth = 3;
	o->colors = COLORS_256;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hVl:H:q:", long_options,
	    NULL)) != -1) {
		if ((rc = parse_view_option(c, optarg, o, err)) <= 0) {
			if (rc < 0)
				return -1;
			continue;
		}
		switch (c) {
		case OPT_SUMMARY:	o->mode = MODE_SUMMARY; break;
		case OPT_CHECK:		o->mode = MODE_CHECK; break;
		case OPT_TOKENIZE:	o->mode = MODE_TOKENIZE; break;
		case OPT_EXPORT:
			o->mode = MODE_EXPORT;
			o->export_path = optarg;
			break;
		case OPT_TEXT:		o->text = optarg; break;
		case OPT_TOKENS:	o->tokens_path = optarg; break;
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
			exit(0);
		case 'V':
			printf("attntui %s\n", PACKAGE_VERSION);
			exit(0);
		case ':':
			return error_set(err, EXIT_USAGE, NULL, 0, 0,
			    "option '%s' needs an argument; see --help",
			    argv[optind - 1]);
		default:
			return error_set(err, EXIT_USAGE, NULL, 0, 0,
			    "unknown option '%s'; see --help", argv[optind - 1]);
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
	return 0;
}

/* From the config alone: no weights, and no vocabulary for token ids. */
static int
run_summary(const struct options *o, const struct config *cfg,
    struct error *err)
{
	struct summary	s;
	int64_t		n;

	if (tokens_count(cfg, o->text, &n, err) != 0 ||
	    summary_build(cfg, n, &s, err) != 0)
		return -1;
	summary_print(&s, o->depth, stdout);
	summary_free(&s);
	return 0;
}

static void
run_tokenize(const struct tokens *tok)
{
	size_t	i;

	for (i = 0; i < tok->n; i++)
		printf("%lld\t%s\n", (long long)tok->ids[i], tok->labels[i]);
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

static int
run_dump(const struct options *o, struct view *v, struct error *err)
{
	struct canvas	c;
	struct frame	f;
	const char	*nc = getenv("NO_COLOR");
	int		w, h, rc;

	v->colors = o->colors;
	if (!o->color_set && nc != NULL && *nc != '\0')
		v->colors = COLORS_NONE;
	v->ascii = o->ascii || !utf8_locale();
	v->dump = 1;
	dump_size(o, &w, &h);
	if (canvas_init(&c, w, h) != 0)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for a %dx%d dump", w, h);
	if ((rc = frame_init(&f, v->src.store, err)) == 0) {
		rc = draw_frame(v, &f, &c, err);
		frame_free(&f);
	}
	if (rc == 0 && dump_canvas(&c, v->colors, stdout) != 0)
		rc = error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "writing to standard output failed");
	canvas_free(&c);
	return rc;
}

/*
 * The explorer or --dump on a store, however it was made: tok labels it
 * (positions when NULL or of another length), s is the layer pane (or
 * NULL), kv_heads 0 when every head has its own.
 */
static int
explore(const struct options *o, struct store *store,
    const struct tokens *tok, const char *model, const struct summary *s,
    int64_t kv_heads, struct error *err)
{
	struct view		v;
	struct view_source	src;
	struct tui_options	to;
	int			rc;

	memset(&src, 0, sizeof src);
	src.store = store;
	if (tok != NULL && (int64_t)tok->n == store_seq(store))
		src.labels = (const char *const *)tok->labels;
	src.summary = s;
	src.model = model;
	src.kv_heads = kv_heads;
	if ((rc = view_init(&v, &src, err)) == 0) {
		v.cmap = o->colormap;
		rc = view_select(&v, o->layer, o->kind, o->head, o->query, err);
	}
	if (rc == 0 && o->mode == MODE_DUMP)
		rc = run_dump(o, &v, err);
	else if (rc == 0) {
		to.color_set = o->color_set;
		to.colors = o->colors;
		to.ascii = o->ascii;
		rc = tui_run(&v, &to, err);
	}
	view_free(&v);
	return rc;
}

/* The explorer on a computed store, with the config's layer summary. */
static int
run_view(const struct options *o, const struct config *cfg,
    const struct tokens *tok, struct store *store, struct error *err)
{
	struct summary	s;
	struct error	ignored = { 0 };
	int		rc, have_summary;

	/* Without a summary the explorer still works: no layer pane. */
	have_summary = summary_build(cfg, (int64_t)tok->n, &s, &ignored) == 0;
	error_clear(&ignored);
	rc = explore(o, store, tok, cfg->model.name, have_summary ? &s : NULL,
	    cfg->model.n_kv_heads, err);
	if (have_summary)
		summary_free(&s);
	return rc;
}

/* Load weights and run the forward pass; keep what export needs. */
static int
run_compute(const struct options *o, const struct config *cfg,
    const struct tokens *tok, struct error *err)
{
	struct weights		w;
	struct forward_result	r;
	int			rc;

	if (memcheck(cfg, (int64_t)tok->n, err) != 0)
		return -1;
	/* --check reads a weights file through, but need not draw random
	   weights to know they would be fine. */
	if (o->mode == MODE_CHECK && cfg->weights.source != WEIGHTS_FILE)
		return 0;
	if (weights_load(cfg, &w, err) != 0)
		return -1;
	if (o->mode == MODE_CHECK) {
		weights_free(&w);
		return 0;
	}
	rc = forward_run(cfg, &w, tok, o->threads, &r, err);
	weights_free(&w);
	if (rc != 0)
		return -1;
	if (o->mode == MODE_EXPORT)
		rc = export_write(o->export_path, r.store, tok,
		    cfg->model.name, err);
	else
		rc = run_view(o, cfg, tok, r.store, err);
	forward_result_free(&r);
	return rc;
}

/* Not on a terminal, the summary is what the explorer can show. */
static int
wants_summary(const struct options *o)
{
	return o->mode == MODE_SUMMARY ||
	    (o->mode == MODE_EXPLORE && !isatty(STDOUT_FILENO));
}

/* Attention computed elsewhere: shown as it is, nothing recomputed. */
static int
run_attention_file(const struct options *o, struct error *err)
{
	struct store	*store;
	struct tokens	 tok;
	char		*model, *warning;
	int		 rc = 0;

	if (o->mode == MODE_CHECK || o->mode == MODE_EXPORT ||
	    o->mode == MODE_TOKENIZE || o->text != NULL)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "%s: --check, --export, --tokenize and --text need a "
		    "model config; this is an attention file", o->file);
	if (attnfile_open(o->file, o->tokens_path, &store, &tok, &model,
	    &warning, err) != 0)
		return -1;
	if (warning != NULL)
		fprintf(stderr, "attntui: warning: %s\n", warning);
	if (wants_summary(o))
		attnfile_summary(stdout, o->file, store, &tok, model);
	else
		rc = explore(o, store, &tok, model, NULL, 0, err);
	store_free(store);
	tokens_free(&tok);
	free(model);
	free(warning);
	return rc;
}

static int
run(const struct options *o, struct error *err)
{
	struct config	cfg;
	struct tokens	tok;
	int		rc;

	if (attnfile_is_attention(o->file))
		return run_attention_file(o, err);
	if (o->tokens_path != NULL)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--tokens labels an attention file (.safetensors or "
		    ".npy), not a model config");
	if (config_load(o->file, &cfg, err) != 0)
		return -1;
	if (wants_summary(o)) {
		rc = run_summary(o, &cfg, err);
		config_free(&cfg);
		return rc;
	}
	if (tokens_from_config(&cfg, o->text, &tok, err) != 0) {
		config_free(&cfg);
		return -1;
	}
	if (o->mode == MODE_TOKENIZE) {
		run_tokenize(&tok);
		rc = 0;
	} else
		rc = run_compute(o, &cfg, &tok, err);
	tokens_free(&tok);
	config_free(&cfg);
	return rc;
}

int
main(int argc, char **argv)
{
	struct options	o;
	struct error	err = { 0 };
	int		status;

	/* Character classes only: numbers in configs keep the C locale. */
	setlocale(LC_CTYPE, "");
	if (parse_options(argc, argv, &o, &err) != 0 || run(&o, &err) != 0) {
		error_print(&err, stderr);
		status = err.status != 0 ? err.status : EXIT_RUNTIME;
		error_clear(&err);
		return status;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "attntui: writing to standard output: %s\n",
		    strerror(errno));
		return EXIT_RUNTIME;
	}
	return 0;
}
