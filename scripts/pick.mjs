#!/usr/bin/env node
// Prints one field of the JSON answer on stdin: `curl … | node scripts/pick.mjs data.signup.secret`.
// The README's quickstart uses it to put secrets and ids in shell variables. When the field is
// not there it says, on stderr, what came instead (an error from the server, or nothing at all)
// and exits 1, so `TOKEN=$(…)` never quietly holds "undefined".
const [fieldPath] = process.argv.slice(2);
if (!fieldPath) {
  console.error('usage: node scripts/pick.mjs FIELD.PATH < answer.json');
  process.exit(2);
}
let text = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (text += chunk));
process.stdin.on('end', () => {
  if (text.trim() === '') fail('no answer at all: is the server running? (npm run dev, and check AUTH and KEYHOLD_URL)');
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    fail(`the answer is not JSON: ${text.slice(0, 300)}`);
  }
  for (const key of fieldPath.split('.')) value = value?.[key];
  if (value === undefined || value === null) fail(`no ${fieldPath} in the answer: ${text.trim().slice(0, 500)}`);
  process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
});

function fail(message) {
  console.error(`pick: ${message}`);
  process.exit(1);
}
