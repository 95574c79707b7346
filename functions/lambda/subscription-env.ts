/**
 * The variables the stack gives the functions that create subscriptions or deliver them: the names the
 * functions read and infra/lib sets.
 */
export const SUBSCRIPTION_ENV = {
  /** The stack's account: Lambda targets must be in it. */
  accountId: 'SLUICE_ACCOUNT_ID',
  /** The Secrets Manager secret the webhook-secret key derives from. */
  keySecretArn: 'SLUICE_SUBSCRIPTION_KEY_SECRET_ARN',
  /** The push function, for the functions that wake it (the push function knows itself). */
  pushFunctionArn: 'SLUICE_PUSH_FUNCTION_ARN',
  scheduleGroup: 'SLUICE_WAKE_SCHEDULE_GROUP',
  schedulerRoleArn: 'SLUICE_WAKE_ROLE_ARN',
} as const
