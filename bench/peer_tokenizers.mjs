// peer_tokenizers.mjs - the peer of bench/tokenize.sh: Hugging Face's
// JavaScript tokenizers (@huggingface/tokenizers) on the same files.
//
//   node peer_tokenizers.mjs one DIR TEXT     load DIR/tokenizer.json,
//                                             encode TEXT, print the ids
//   node peer_tokenizers.mjs rate DIR FILE    load once, then time the
//                                             encoding of FILE: MB/s
import fs from 'fs';
import path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = process.env.ATTNTUI_HF_DIR ||
    path.join(here, '..', 'tests', 'tokenizer', 'hf', 'node_modules');
const { Tokenizer } = await import(pathToFileURL(path.join(modules,
    '@huggingface', 'tokenizers', 'dist', 'tokenizers.mjs')).href);
const [mode, dir, arg] = process.argv.slice(2);
const read = (f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
const tok = new Tokenizer(read('tokenizer.json'), read('tokenizer_config.json'));
if (mode === 'one') {
	console.log(tok.encode(arg).ids.join(' '));
} else {
	const text = fs.readFileSync(arg, 'utf8');
	const t = performance.now();
	const n = tok.encode(text).ids.length;
	const s = (performance.now() - t) / 1e3;
	console.log(`${n} tokens ${(Buffer.byteLength(text) / 1e6 / s).toFixed(2)} MB/s`);
}
