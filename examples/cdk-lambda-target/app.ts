/**
 * The CDK app: `npx cdk synth --app 'npx tsx examples/cdk-lambda-target/app.ts'` (offline), or
 * `deploy` with an account bootstrapped for CDK.
 */
import { App } from 'aws-cdk-lib'
import { EtaPipelineStack } from './stack.js'

const app = new App()
new EtaPipelineStack(app, app.node.tryGetContext('stackName') ?? 'SluiceEtaPipeline')
app.synth()
