/*
 * tok_post.c - the post-processor's special tokens; see tok_post.h.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include "attntui/model/tok_post.h"

/* Prepend ids[0..n) to before (a later processor wraps an earlier one). */
static int
post_wrap(struct tok_post *p, const int64_t *pre, size_t npre,
    const int64_t *post, size_t npost)
{
	struct tok_ids	b = { 0 };
	size_t		i;

	for (i = 0; i < npre; i++)
		if (tok_ids_add(&b, pre[i]) != 0)
			goto fail;
	for (i = 0; i < p->before.n; i++)
		if (tok_ids_add(&b, p->before.v[i]) != 0)
			goto fail;
	for (i = 0; i < npost; i++)
		if (tok_ids_add(&p->after, post[i]) != 0)
			goto fail;
	free(p->before.v);
	p->before = b;
	return 0;
fail:
	free(b.v);
	return -1;
}

/* One of TemplateProcessing's "special_tokens": its ids. */
static int
post_special(const struct tok_read *r, const struct jsontree_node *specials,
    const struct jsontree_node *name, struct tok_ids *out)
{
	const struct jsontree_node	*tok, *ids;
	uint32_t			 i;

	tok = NULL;
	if (specials != NULL &&
	    jsontree_get(r->jt, specials, name->u.s, &tok, r->err) != 0)
		return -1;
	if (tok == NULL)
		return tok_read_error(r, name, "special token \"%.64s\" is not "
		    "in \"special_tokens\"; expected it there", name->u.s);
	if (tok->type != JSONTREE_OBJECT)
		return tok_read_error(r, tok, "special token \"%.64s\" is %s; "
		    "expected an object with \"ids\"", name->u.s,
		    jsontree_type_name(tok));
	if (tok_read_member(r, tok, "ids", JSONTREE_ARRAY, 0, &ids) != 0)
		return -1;
	for (i = 0; i < ids->n; i++) {
		if (ids->u.kids[i].type != JSONTREE_INTEGER ||
		    ids->u.kids[i].u.i < 0 || ids->u.kids[i].u.i > INT32_MAX)
			return tok_read_error(r, &ids->u.kids[i], "a special "
			    "token's id is %s; expected an id from 0",
			    jsontree_type_name(&ids->u.kids[i]));
		if (tok_ids_add(out, ids->u.kids[i].u.i) != 0)
			return tok_read_oom(r);
	}
	return 0;
}

static int
post_template(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_post *p)
{
	const struct jsontree_node	*single, *specials, *item, *v, *id;
	struct tok_ids			 pre = { 0 }, post = { 0 };
	uint32_t			 i;
	int				 seen = 0, rc = -1;

	if (tok_read_member(r, n, "single", JSONTREE_ARRAY, 0, &single) != 0 ||
	    tok_read_member(r, n, "special_tokens", JSONTREE_OBJECT, 1,
	    &specials) != 0)
		return -1;
	for (i = 0; i < single->n; i++) {
		item = &single->u.kids[i];
		if (item->type != JSONTREE_OBJECT || item->n != 1) {
			tok_read_error(r, item, "a template item is %s; "
			    "expected {\"SpecialToken\": ...} or "
			    "{\"Sequence\": ...}", jsontree_type_name(item));
			goto out;
		}
		v = &item->u.kids[1];
		if (tok_read_member(r, item, item->u.kids[0].u.s,
		    JSONTREE_OBJECT, 0, &v) != 0 ||
		    tok_read_member(r, v, "id", JSONTREE_STRING, 0, &id) != 0)
			goto out;
		if (strcmp(item->u.kids[0].u.s, "Sequence") == 0) {
			if (strcmp(id->u.s, "A") != 0 || seen++) {
				tok_read_error(r, id, "the single template has "
				    "sequence \"%.8s\"; expected \"A\" once",
				    id->u.s);
				goto out;
			}
		} else if (strcmp(item->u.kids[0].u.s, "SpecialToken") == 0) {
			if (post_special(r, specials, id, seen ? &post :
			    &pre) != 0)
				goto out;
		} else {
			tok_read_error(r, item, "template item \"%.32s\"; "
			    "expected SpecialToken or Sequence",
			    item->u.kids[0].u.s);
			goto out;
		}
	}
	if (post_wrap(p, pre.v, pre.n, post.v, post.n) != 0)
		tok_read_oom(r);
	else
		rc = 0;
out:
	free(pre.v);
	free(post.v);
	return rc;
}

/* BertProcessing and RobertaProcessing: "cls" before, "sep" after. */
static int
post_bert(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_post *p)
{
	const struct jsontree_node	*pair[2];
	static const char *const	 keys[2] = { "cls", "sep" };
	int64_t				 ids[2];
	int				 k;

	for (k = 0; k < 2; k++) {
		if (tok_read_member(r, n, keys[k], JSONTREE_ARRAY, 0,
		    &pair[k]) != 0)
			return -1;
		if (pair[k]->n != 2 || pair[k]->u.kids[1].type !=
		    JSONTREE_INTEGER || pair[k]->u.kids[1].u.i < 0 ||
		    pair[k]->u.kids[1].u.i > INT32_MAX)
			return tok_read_error(r, pair[k], "\"%s\" is not a "
			    "[token, id] pair; expected one", keys[k]);
		ids[k] = pair[k]->u.kids[1].u.i;
	}
	return post_wrap(p, &ids[0], 1, &ids[1], 1) != 0 ? tok_read_oom(r) : 0;
}

static int
post_read(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_post *p)
{
	static const char *const names[] = { "TemplateProcessing",
	    "BertProcessing", "RobertaProcessing", "ByteLevel", "Sequence",
	    NULL };
	const struct jsontree_node	*list;
	uint32_t			 i;
	int				 which;

	if (tok_read_type(r, n, "post-processor", names, &which) != 0)
		return -1;
	switch (which) {
	case 0:
		return post_template(r, n, p);
	case 1:
	case 2:
		return post_bert(r, n, p);
	case 3:
		return 0;
	}
	if (tok_read_member(r, n, "processors", JSONTREE_ARRAY, 0, &list) != 0)
		return -1;
	for (i = 0; i < list->n; i++)
		if (post_read(r, &list->u.kids[i], p) != 0)
			return -1;
	return 0;
}

int
tok_post_read(const struct tok_read *r, const struct jsontree_node *n,
    struct tok_post *p)
{
	memset(p, 0, sizeof *p);
	if (n == NULL || n->type == JSONTREE_NULL)
		return 0;
	return post_read(r, n, p);
}

void
tok_post_free(struct tok_post *p)
{
	free(p->before.v);
	free(p->after.v);
	memset(p, 0, sizeof *p);
}
