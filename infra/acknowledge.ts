import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on the CloudFormation resource that raises it (the scope's
 * default child), so the acknowledgement cannot hide the same rule on a sibling resource.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length === 0) throw new Error(`acknowledging ${id} needs a reason`);
  Validations.of(scope.node.defaultChild ?? scope).acknowledge({ id, reason });
}
