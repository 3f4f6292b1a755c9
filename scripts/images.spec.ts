// Issue 14: the images the chart names are built and published (.github/workflows/images.yml) from
// the Dockerfile's targets, one per app of the launcher, on the Node version the tests run on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { APPS } from './start/services.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

describe('the app images', () => {
  const dockerfile = read('Dockerfile');

  it('have one Dockerfile target per app, each running that app', () => {
    const targets = [...dockerfile.matchAll(/^FROM runtime AS (\S+)$/gm)].map((match) => match[1]);
    expect([...targets].sort()).toEqual([...APPS].sort());
    for (const app of APPS) {
      const stage = dockerfile.slice(dockerfile.indexOf(`FROM runtime AS ${app}\n`)).split(/^FROM /m)[1];
      expect(stage).toContain(`CMD ["node", "dist/apps/${app}/src/main.js"]`);
    }
  });

  it('start from the Node version the tests run on', () => {
    const { devDependencies } = JSON.parse(read('package.json')) as { devDependencies: { node: string } };
    expect(dockerfile).toMatch(
      new RegExp(`^ARG NODE_IMAGE=node:${devDependencies.node.replace(/\./g, '\\.')}-`, 'm'),
    );
  });

  it('are all built and published by the images workflow', () => {
    const workflow = load(read('.github/workflows/images.yml')) as {
      jobs: { images: { env: { APPS: string; IMAGE_REGISTRY: string } } };
    };
    const { env } = workflow.jobs.images;
    expect(env.APPS.split(/\s+/).sort()).toEqual([...APPS].sort());
    expect(env.IMAGE_REGISTRY).toContain('vars.IMAGE_REGISTRY');
  });
});
