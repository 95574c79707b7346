import { Aws, CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { Sluice, type SluiceProps } from './sluice.js'

export interface SluiceStackProps extends StackProps {
  readonly sluice?: SluiceProps
}

/** A stack holding one Sluice, with the values a user needs as outputs. */
export class SluiceStack extends Stack {
  readonly sluice: Sluice

  constructor(scope: Construct, id: string, props: SluiceStackProps = {}) {
    super(scope, id, props)
    this.sluice = new Sluice(this, 'Sluice', props.sluice)
    new CfnOutput(this, 'Url', { value: this.sluice.url, description: 'Base URL for the SDK and CLI' })
    new CfnOutput(this, 'ConsoleUrl', {
      value: this.sluice.consoleUrl,
      description: 'The web console: sign in with an API key (RootKeyCommand prints the root key)',
    })
    new CfnOutput(this, 'TableName', { value: this.sluice.table.tableName })
    new CfnOutput(this, 'BucketName', { value: this.sluice.bucket.bucketName })
    const rootKey = this.sluice.rootKey
    new CfnOutput(this, 'RootKeySecretArn', {
      value: rootKey.secretArn,
      description: 'The Secrets Manager secret holding the root API key (every grant)',
    })
    new CfnOutput(this, 'RootKeySecretName', { value: rootKey.secretName })
    // The outputs name the secret, never its value: the command fetches it with the caller's credentials.
    new CfnOutput(this, 'RootKeyCommand', {
      value: Fn.join('', [
        'aws secretsmanager get-secret-value --region ',
        Aws.REGION,
        ' --secret-id ',
        rootKey.secretArn,
        ' --query SecretString --output text',
      ]),
      description: 'Prints the root API key',
    })
    if (this.sluice.monitoring.dashboard) {
      new CfnOutput(this, 'DashboardName', { value: this.sluice.monitoring.dashboard.dashboardName })
    }
  }
}
