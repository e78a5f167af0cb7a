/*
 * hflabel.h - the labels of token strings as Hugging Face tokenizers
 * spell them (convert_ids_to_tokens), shown the way attntui shows its
 * own tokens.
 *
 * Byte-level BPE (GPT-2, RoBERTa, Llama 3, Qwen) writes each byte as a
 * character of GPT-2's alphabet, a space as "Ġ" and '\n' as "Ċ";
 * SentencePiece (Llama 2, T5, Gemma) writes a space as "▁" and an
 * unknown byte as "<0x0A>".  Each is turned back into its bytes, then
 * escaped for a terminal (text_escape) with leading spaces as "␣".
 * WordPiece's "##" stays: it says that the piece continues a word.
 */
#ifndef ATTNTUI_HFLABEL_H
#define ATTNTUI_HFLABEL_H

#include <stddef.h>

/*
 * Are the n strings s[i] (len[i] bytes each) byte-level tokens: every
 * character of every one in GPT-2's alphabet, and at least one of them
 * using a character that stands for a space or a control byte?  Plain
 * text, even with "é" in it, is not.
 */
int	 hflabel_byte_level(const char *const *s, const size_t *len,
	    size_t n);

/*
 * The label of token s[0..len): its bytes decoded from GPT-2's alphabet
 * when byte_level, else with "▁" read as a space and "<0xNN>" as its
 * byte; escaped, leading spaces as "␣".  The caller frees it; NULL when
 * out of memory.
 */
char	*hflabel_label(const char *s, size_t len, int byte_level);

#endif
