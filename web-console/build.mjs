// The console has no bundler (docs/adr/0021): its ES modules go to the browser as written. This
// script only lays the files out for the gateway, under one content-hashed folder so that every file
// can be cached as immutable, and copies pusher-js's browser build beside them:
//
//   target/classes/console/index.html                     (no-cache; names the folder)
//   target/classes/console/assets/<hash>/main.js, lib/, screens/, styles.css, vendor/pusher.min.js
//
// <hash> is the SHA-256 of every file's path and bytes, so any change gives a new folder.
// Node >= 20, no dependencies: `npm ci && npm run build` (Maven runs both).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');
const out = join(here, 'target', 'classes', 'console');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]);
}

const files = new Map(); // path inside the assets folder -> bytes
for (const file of walk(src)) files.set(relative(src, file).split('\\').join('/'), readFileSync(file));
const pusher = join(here, 'node_modules', 'pusher-js', 'dist', 'web');
files.set('vendor/pusher.min.js', readFileSync(join(pusher, 'pusher.min.js')));
files.set('vendor/pusher.min.js.LICENSE.txt', readFileSync(join(pusher, 'pusher.min.js.LICENSE.txt')));
const index = files.get('index.html');
files.delete('index.html');
if (!index) throw new Error('src/index.html is missing');

const hash = createHash('sha256');
for (const [path, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b))) hash.update(path).update('\0').update(bytes).update('\0');
hash.update(index);
const version = hash.digest('hex').slice(0, 12);

rmSync(out, { recursive: true, force: true });
for (const [path, bytes] of files) {
  const target = join(out, 'assets', version, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
}
writeFileSync(join(out, 'index.html'), index.toString('utf8').replaceAll('%ASSETS%', `/assets/${version}`));
console.log(`web console: ${files.size} files in target/classes/console/assets/${version}/`);
