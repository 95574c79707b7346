// PLACEHOLDER written by the infra work so that `cdk synth` and `bench/deploy.ts` run before the real
// entry point lands: replace this file freely. The real one wraps the shared Hono app with hono/aws-lambda.
import { Hono } from 'hono'
import { handle } from 'hono/aws-lambda'

export const handler = handle(new Hono().get('/health', (c) => c.json({ status: 'ok' })))
