/*
 * bpe.h - the byte-pair encoding model of Hugging Face's tokenizers, the
 * one BPE of attntui: GPT-2's encoder.json + vocab.bpe (gpt2.h) and the
 * BPE models of tokenizer.json (tokenizer.h) both run it.
 *
 * A word is cut into characters (the continuing_subword_prefix before
 * each but the first, the end_of_word_suffix after the last); a
 * character missing from the vocabulary becomes its bytes' <0xNN>
 * tokens (byte_fallback), else the unknown token (fused with unknown
 * neighbours when fuse_unk), else nothing.  Then the adjacent pair of
 * lowest merge rank is merged, the leftmost first, until no pair has a
 * rank (Word::merge_all of tokenizers).
 */
#ifndef ATTNTUI_BPE_H
#define ATTNTUI_BPE_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/model/tok.h"
#include "attntui/model/tok_vocab.h"

struct bpe_options {
	int64_t		 unk_id;	/* -1: no unknown token */
	int		 fuse_unk;
	int		 byte_fallback;
	int		 ignore_merges;	/* a word in the vocabulary is
					   one token, unmerged */
	const char	*prefix;	/* continuing_subword_prefix, or
					   NULL; not owned */
	const char	*suffix;	/* end_of_word_suffix, or NULL */
};

struct bpe;

/*
 * A model over vocab (not owned, kept) for about merges merges.  The
 * strings of o are copied.  NULL when out of memory.
 */
struct bpe *bpe_new(const struct tok_vocab *vocab, const struct bpe_options *o,
	    size_t merges);
void	 bpe_free(struct bpe *b);

/*
 * Add the merge of tokens a and b, of the next rank (a pair given twice
 * keeps its later rank).  The merged token is a then b less the prefix.
 * Returns 0, -1 when out of memory, or 1 + which token is missing from
 * the vocabulary (0: a, 1: b, 2: the merged one).
 */
int	 bpe_add_merge(struct bpe *b, const char *a, size_t alen,
	    const char *bb, size_t blen);

/* Append the ids of word w[0..len) (valid UTF-8) to out. */
int	 bpe_encode_word(const struct bpe *b, const char *w, size_t len,
	    struct tok_ids *out);

#endif
