import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The bundle puts every stylesheet in one global scope, so two features that both style
 * `.step-summary` restyle each other's elements (it happened: the run panel's rule made the
 * canvas cards' summaries large and black). A class may be styled on its own in one file
 * only; other files refine it with a compound selector (`.button.fl-delete`).
 */
// Reads the files from disk, so it is type-checked with the Node-side files (tsconfig.node.json).
const SRC = join(__dirname, '..');

function stylesheets(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const [file, css] of stylesheets(path)) found.set(file, css);
    else if (entry.name.endsWith('.css')) found.set(relative(SRC, path), readFileSync(path, 'utf8'));
  }
  return found;
}

/** Classes a stylesheet styles on their own: selectors that start with `.name` and no second class. */
function ownClasses(css: string): Set<string> {
  const classes = new Set<string>();
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [, selectors] of withoutComments.matchAll(/([^{}@;]+)\{/g)) {
    for (const selector of selectors!.split(',')) {
      const match = /^\s*\.([\w-]+)(?![\w-]*\.)/.exec(selector);
      if (match && !/^\s*\.[\w-]+\./.test(selector)) classes.add(match[1]!);
    }
  }
  return classes;
}

describe('stylesheets', () => {
  it('finds the classes a sheet styles on its own', () => {
    expect([...ownClasses('.a { x: 1 } .b:hover, .c .d { y: 2 } .e.f { z: 3 } /* .g { } */')]).toEqual(['a', 'b', 'c']);
  });

  it('reads every stylesheet of the app', () => {
    const sheets = stylesheets(SRC);
    expect([...sheets.keys()]).toContain(join('features', 'canvas', 'canvas.css'));
    expect([...sheets].filter(([, css]) => css.trim() === '').map(([file]) => file)).toEqual([]);
  });

  it('style each class on its own in one file only', () => {
    const owners = new Map<string, string[]>();
    for (const [file, css] of stylesheets(SRC)) {
      for (const name of ownClasses(css)) owners.set(name, [...(owners.get(name) ?? []), file]);
    }
    const shared = [...owners].filter(([, files]) => files.length > 1).map(([name, files]) => `.${name}: ${files.join(', ')}`);
    expect(shared).toEqual([]);
  });
});
