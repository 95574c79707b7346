import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { SluiceStack } from '../lib/stack.js'

const app = new App()
// Region and account come from the deploying credentials; synthesis needs neither.
new SluiceStack(app, app.node.tryGetContext('stackName') ?? 'Sluice', {
  description: 'Sluice: Kafka-style topics on Lambda, DynamoDB and S3',
})
Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
app.synth()
