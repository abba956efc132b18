import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root (where `pnpm-workspace.yaml` is), or the working directory outside a checkout. */
export function projectRoot(from = __dirname): string {
  let dir = resolve(from);
  while (dirname(dir) !== dir) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** `DATA_DIR`, else `<repository>/.data`; created when missing. */
export function dataDir(configured?: string): string {
  const dir = configured ? resolve(configured) : join(projectRoot(), '.data');
  mkdirSync(dir, { recursive: true });
  return dir;
}
