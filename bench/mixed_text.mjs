// mixed_text.mjs - write 1 MB (or argv[2] bytes) of mixed text to stdout,
// the same every time: prose, contractions, numbers of every length,
// code, CJK, Cyrillic, Greek, Arabic, emoji with ZWJ and skin tones,
// tabs, CRLF, space runs and accents.
const parts = [
	'The quick brown fox jumps over the lazy dog. ',
	"It's 3.14159 and 1,234,567 items; DON'T SHOUT! ",
	'def f(x):\n    return x ** 2  # comment\n',
	'日本語のテキストです。中文分词测试。',
	'Привет, мир! Γειά σου. مرحبا بالعالم ',
	'emoji 😀👍🏽 👨‍👩‍👧 🇫🇷 ',
	'\tTabs\tand\r\nCRLF\r\n',
	'naïve café résumé Ångström ',
	'https://example.com/a?b=c&d=e ',
	'    indented    spaces   ',
];
const words = ['slow', 'quick', 'agile', 'Quick', 'QUICK'];
let seed = 1;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const want = Number(process.argv[2] || 1000000);
const out = [];
let n = 0;
while (n < want) {
	let w = parts[Math.floor(rand() * parts.length)];
	if (rand() < 0.5)
		w = w.replace('quick', words[Math.floor(rand() * words.length)])
		    .replace('3.14159', String(Math.floor(rand() * 10 ** Math.floor(1 + rand() * 12))));
	out.push(w);
	n += Buffer.byteLength(w);
}
process.stdout.write(out.join(''));
