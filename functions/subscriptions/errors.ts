import { SluiceError } from '../errors.js'

export const subscriptionNotFound = (name: string) =>
  new SluiceError('SUBSCRIPTION_NOT_FOUND', `subscription '${name}' does not exist`, { subscription: name })

export const subscriptionExists = (name: string) =>
  new SluiceError('SUBSCRIPTION_EXISTS', `subscription '${name}' already exists`, { subscription: name })
