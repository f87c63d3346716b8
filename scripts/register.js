// Compiles TypeScript on require with swc, which emits the decorator metadata that type-graphql
// and MikroORM read (esbuild-based loaders do not). Used by the repository's scripts.
// Compiled files are kept in node_modules/.cache/swc-register, keyed by the source, the swc
// version and its settings, so a start after the first compiles only what changed.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { transformSync, version } = require('@swc/core');

const swcrcText = readFileSync(path.join(__dirname, '..', '.swcrc'), 'utf8');
const swcrc = JSON.parse(swcrcText);
delete swcrc.$schema;
const cacheDir = path.join(__dirname, '..', 'node_modules', '.cache', 'swc-register');

function compile(source, filename) {
  return transformSync(source, { ...swcrc, filename, swcrc: false, sourceMaps: 'inline' }).code;
}

function cached(source, filename) {
  const key = createHash('sha256')
    .update(version)
    .update(swcrcText)
    .update(filename)
    .update(source)
    .digest('hex');
  const file = path.join(cacheDir, `${key}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    const code = compile(source, filename);
    try {
      mkdirSync(cacheDir, { recursive: true });
      // Written aside and renamed: a concurrent start never reads half a file.
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, code);
      renameSync(partial, file);
    } catch {
      // A read-only tree still runs; it compiles every time.
    }
    return code;
  }
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  module._compile(cached(readFileSync(filename, 'utf8'), filename), filename);
};
require('reflect-metadata');
