// Lets one outside system drop files into one workspace only: an IAM managed policy per workspace, on drops/<ws>/.

import { createHash } from 'node:crypto';
import { CfnOutput } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PREFIX } from './imports-bucket.js';

export interface DropAccessProps {
  bucket: IBucket;
  /** The workspaces another system may drop files into, one policy each (context `dropWorkspaces`). */
  workspaceIds: readonly string[];
}

/** The objects of one workspace's drops: the object key's second part is what names the workspace (SPEC §1). */
export const dropObjects = (workspaceId: string): string => `${PREFIX.drops}${workspaceId}/*`;

/** A construct id that stays the same for a workspace whatever the others are, and never collides. */
const idFor = (workspaceId: string): string =>
  `Workspace${workspaceId.replace(/[^A-Za-z0-9]/g, '')}${createHash('sha256').update(workspaceId).digest('hex').slice(0, 8)}`;

/**
 * One managed policy per workspace, to attach to the role or user of the system that drops its files: it may
 * write (and abort its own multipart uploads) under `drops/<ws>/` and nothing else — not another workspace's
 * drops (`drops/<ws>-other/` is another prefix, the `/` ends the workspace), not uploads, not the reports.
 */
export class DropAccess extends Construct {
  readonly policies = new Map<string, ManagedPolicy>();

  constructor(scope: Construct, id: string, props: DropAccessProps) {
    super(scope, id);
    for (const workspaceId of props.workspaceIds) {
      const policy = new ManagedPolicy(this, idFor(workspaceId), {
        description: `Drop contact files into workspace ${workspaceId} only (${dropObjects(workspaceId)})`,
        statements: [
          new PolicyStatement({
            actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
            resources: [props.bucket.arnForObjects(dropObjects(workspaceId))],
          }),
        ],
      });
      this.policies.set(workspaceId, policy);
      new CfnOutput(this, `${idFor(workspaceId)}PolicyArn`, {
        value: policy.managedPolicyArn,
        description: `Attach to the system that drops files for workspace ${workspaceId}`,
      });
    }
  }
}
