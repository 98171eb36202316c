import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { loadSources } from './load-sources.js';
import { readSettings } from './settings.js';
import { VerbatimStack } from './verbatim-stack.js';

export interface VerbatimApp {
  app: App;
  stack: VerbatimStack;
}

/**
 * Builds the app the CLI synthesizes (`infra/app.ts`) and the tests inspect: stack
 * `Verbatim-<stage>` plus the cdk-nag AwsSolutions and Serverless packs as CDK validation plugins,
 * so an unacknowledged finding fails synthesis. The CLI refuses `aws:` context keys, so
 * `-c skipBundling=true` stands in for `aws:cdk:bundling-stacks=[]` when only the template matters.
 */
export function createVerbatimApp(props: AppProps = {}): VerbatimApp {
  const app = new App(props);
  const settings = readSettings(app.node);
  if (settings.skipBundling) app.node.setContext(BUNDLING_STACKS, []);
  const stack = new VerbatimStack(app, `Verbatim-${settings.stage}`, {
    description: `Verbatim web archive (${settings.stage})`,
    settings,
    sources: loadSources(settings.sourcesFile),
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Tags.of(stack).add('project', 'verbatim');
  Tags.of(stack).add('stage', settings.stage);
  const nag = { writeSuppressionsToCloudFormation: true };
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, nag), new ServerlessChecks(app, nag));
  return { app, stack };
}
