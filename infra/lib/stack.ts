import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
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
    new CfnOutput(this, 'TableName', { value: this.sluice.table.tableName })
    new CfnOutput(this, 'BucketName', { value: this.sluice.bucket.bucketName })
    if (this.sluice.monitoring.dashboard) {
      new CfnOutput(this, 'DashboardName', { value: this.sluice.monitoring.dashboard.dashboardName })
    }
  }
}
