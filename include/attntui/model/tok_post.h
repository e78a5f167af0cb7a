/*
 * tok_post.h - the post-processor of tokenizer.json, for one sequence:
 * the special tokens TemplateProcessing, BertProcessing or
 * RobertaProcessing put before and after it (ByteLevel adds none;
 * Sequence applies each in turn).
 */
#ifndef ATTNTUI_TOK_POST_H
#define ATTNTUI_TOK_POST_H

#include "attntui/model/tok.h"

struct tok_post {
	struct tok_ids	before, after;
};

/*
 * Read the post-processor object n (NULL or null: none) into p; a
 * special token the vocabulary lacks is found by the caller, who checks
 * each id.
 */
int	tok_post_read(const struct tok_read *r, const struct jsontree_node *n,
	    struct tok_post *p);
void	tok_post_free(struct tok_post *p);

#endif
