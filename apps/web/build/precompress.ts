import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text files worth compressing; images and fonts are compressed already. */
const TEXT = /\.(js|mjs|css|html|svg|json|txt)$/;
/** Below this a compressed copy saves less than a packet. */
const MIN_BYTES = 1024;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else if (TEXT.test(entry.name)) out.push(p);
  }
  return out;
}

/**
 * Writes `<file>.br` (quality 11) and `<file>.gz` (level 9) beside every text file of `dir` of at least 1 KB, where
 * they are smaller; returns how many files got copies. The server sends them to browsers that accept them, so the
 * apps' first load costs about a third of the bytes without compressing on each request.
 */
export async function precompressDir(dir: string): Promise<number> {
  let done = 0;
  await Promise.all(
    (await filesUnder(dir)).map(async (file) => {
      if ((await stat(file)).size < MIN_BYTES) return;
      const raw = await readFile(file);
      const [b, g] = await Promise.all([
        brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
        gz(raw, { level: 9 }),
      ]);
      if (b.length < raw.length) await writeFile(`${file}.br`, b);
      if (g.length < raw.length) await writeFile(`${file}.gz`, g);
      done++;
    }),
  );
  return done;
}

/** Vite plugin: precompresses the build's output once it is written (see precompressDir). */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'tongxin-precompress',
    apply: 'build',
    configResolved(config) {
      // resolve, not join: an absolute --outDir (a build beside a running server's) stays absolute
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const n = await precompressDir(outDir);
      this.info?.(`precompressed ${n} files (.br, .gz)`);
    },
  };
}
