#!/usr/bin/env node
// `npx verbatim …`: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../functions/cli.ts');
