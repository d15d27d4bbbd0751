// The import page's static files as a BucketDeployment source, built by web/build.mjs whenever the stack is bundled.

import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { REPO_ROOT } from './function-entries.js';

export const WEB_ROOT = join(REPO_ROOT, 'web');
/** The page's build (esbuild, ~0.2 s): writes index.html, app.js, app.css into web/dist/. */
export const WEB_BUILD_SCRIPT = join(WEB_ROOT, 'build.mjs');
export const WEB_DIST = join(WEB_ROOT, 'dist');

/**
 * The page, built afresh at every synthesis that bundles this stack, as the Lambdas are: what is deployed is
 * what web/ says now, never a web/dist/ left over from another checkout or an older edit, and a clean clone
 * needs no build step first. CDK's asset bundling runs it, so `cdk ls`/`destroy` and tests that skip bundling
 * (`aws:cdk:bundling-stacks`) skip it too. The asset is hashed by its output, as NodejsFunction's are: a new
 * esbuild that changes the bytes changes the asset, and so the deployment.
 */
export const webPageSource = (): ISource =>
  Source.asset(WEB_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: the local build below either succeeds or throws, so Docker is never needed.
      image: DockerImage.fromRegistry('dummy'),
      local: {
        tryBundle(outputDir: string): boolean {
          // Synchronous, with the Node.js that runs the app; its warnings and errors go to the synth's stderr.
          execFileSync(process.execPath, [WEB_BUILD_SCRIPT], {
            cwd: REPO_ROOT,
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          cpSync(WEB_DIST, outputDir, { recursive: true });
          return true;
        },
      },
    },
  });
